//! Trades as the public sees them: the list, one trade's summary, its public timeline.
use axum::Json;
use axum::extract::{Path, State};
use domain::TradeSummary;
use serde::Serialize;

use crate::auth::Caller;
use crate::extract::{Done, VisibleTrade};
use crate::{ApiError, Shared};

/// The trades the caller may see.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TradeList {
    pub trades: Vec<TradeSummary>,
}

/// A trade's public timeline.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Timeline {
    pub trade: String,
    pub events: Vec<app::TimelineEntry>,
}

/// The trades the caller may see: announced ones for everyone; before its announcement a
/// trade shows only to staff, supervisors, its tenderer and agency.
#[utoipa::path(get, path = "/api/trades", tag = "trades",
    responses((status = 200, description = "the trades the caller may see", body = TradeList)))]
pub async fn list(State(p): State<Shared>, caller: Caller) -> Done<TradeList> {
    let trades = app::queries::trades_for(&p, &caller.actor).await?;
    Ok(Json(TradeList { trades }))
}

/// One trade's summary. The id is the resource here: any id that names no trade the caller
/// may see, a malformed one included, is a 404.
#[utoipa::path(get, path = "/api/trades/{id}", tag = "trades",
    params(("id" = String, Path, description = "the trade's id (one naming no trade the caller may see, a malformed one included, is a 404)", example = "GC-2026-0905")),
    responses(
        (status = 200, description = "the trade summary", body = TradeSummary),
        (status = 404, description = "no such trade (or not announced yet and not the caller's)", body = crate::openapi::ErrorEnvelope)))]
pub async fn one(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Done<TradeSummary> {
    let trade =
        domain::TradeId::parse(&id).map_err(|_| app::AppError::not_found(format!("trade {id}")))?;
    let summary = app::queries::trade_for(&p, &trade, &caller.actor).await?;
    Ok(Json(summary))
}

/// The trade's public timeline: the events the public may see, with their log positions.
#[utoipa::path(get, path = "/api/trades/{id}/timeline", tag = "trades",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "the public events with their log positions", body = Timeline),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn timeline(
    State(p): State<Shared>,
    trade: VisibleTrade,
) -> Result<Json<Timeline>, ApiError> {
    let events = app::queries::public_timeline(&p, &trade.id).await?;
    Ok(Json(Timeline {
        trade: trade.id.to_string(),
        events,
    }))
}
