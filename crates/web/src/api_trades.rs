//! Trades as the public sees them: the list, one trade's summary, its public timeline.
use axum::Json;
use axum::extract::{Path, State};

use crate::{ApiError, Shared};

pub async fn list(State(p): State<Shared>) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(serde_json::json!({ "trades": p.trades().await? })))
}

pub async fn one(
    State(p): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(p.trade(&id).await?))
}

pub async fn timeline(
    State(p): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(
        serde_json::json!({ "trade": id, "events": p.public_timeline(&id).await? }),
    ))
}
