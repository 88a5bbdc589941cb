//! Trades as the public sees them: the list, one trade's summary, its public timeline.
use axum::Json;
use axum::extract::{Path, State};

use crate::{ApiError, Shared};

/// All trades (the `trade` projection; public fields).
#[utoipa::path(get, path = "/api/trades", tag = "trades",
    responses((status = 200, description = "`{\"trades\": [TradeSummary]}`", body = serde_json::Value)))]
pub async fn list(State(p): State<Shared>) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(serde_json::json!({ "trades": p.trades().await? })))
}

/// One trade's summary.
#[utoipa::path(get, path = "/api/trades/{id}", tag = "trades",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "the trade summary", body = serde_json::Value),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn one(
    State(p): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(p.trade(&id).await?))
}

/// The trade's public timeline: the events the public may see, with their log positions.
#[utoipa::path(get, path = "/api/trades/{id}/timeline", tag = "trades",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "`{\"trade\", \"events\": [TimelineEntry]}`", body = serde_json::Value),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn timeline(
    State(p): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(
        serde_json::json!({ "trade": id, "events": p.public_timeline(&id).await? }),
    ))
}
