//! Trades as the public sees them: the list, one trade's summary, its public timeline.
use axum::Json;
use axum::extract::{Path, State};

use crate::auth::Caller;
use crate::{ApiError, Shared};

/// The trades the caller may see: announced ones for everyone; before its announcement a
/// trade shows only to staff, supervisors, its tenderer and agency.
#[utoipa::path(get, path = "/api/trades", tag = "trades",
    responses((status = 200, description = "`{\"trades\": [TradeSummary]}`", body = serde_json::Value)))]
pub async fn list(
    State(p): State<Shared>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(
        serde_json::json!({ "trades": p.trades_for(&caller.actor).await? }),
    ))
}

/// One trade's summary.
#[utoipa::path(get, path = "/api/trades/{id}", tag = "trades",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "the trade summary", body = serde_json::Value),
        (status = 404, description = "no such trade (or not announced yet and not the caller's)", body = crate::openapi::ErrorEnvelope)))]
pub async fn one(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(p.trade_for(&id, &caller.actor).await?))
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
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    ensure_visible(&p, &id, &caller).await?;
    Ok(Json(
        serde_json::json!({ "trade": id, "events": p.public_timeline(&id).await? }),
    ))
}

/// Before its announcement a trade does not exist for those who may not see it: every route
/// about one trade answers them 404, like for a trade that does not exist.
pub async fn ensure_visible(p: &Shared, id: &str, caller: &Caller) -> Result<(), ApiError> {
    if domain::TradeId::parse(id).is_ok() {
        p.trade_for(id, &caller.actor).await?;
    }
    Ok(())
}

/// A trade id from the path; a malformed one is a 400.
pub fn trade_id(id: &str) -> Result<domain::TradeId, ApiError> {
    domain::TradeId::parse(id).map_err(|e| ApiError::bad_request(e.to_string()))
}
