//! Writing to a trade: one route takes any trade command; the access matrix (in the app) and
//! the domain's rules decide. A backup (B) acts for an away primary (A) by naming the post.
use axum::Json;
use axum::extract::State;
use domain::{Class, TradeCommand};
use serde::{Deserialize, Serialize};

use crate::extract::{Done, JsonBody, SignedIn, TradePath, VisibleTrade, done};
use crate::{ApiError, Shared};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CommandRequest {
    /// A trade command, tagged by `type` (e.g. `{"type": "accept", "deferred": [], "pledge": null}`).
    pub command: TradeCommand,
    /// The trade version the caller last saw; a newer trade is a 409 conflict.
    pub expected_version: Option<u64>,
    /// Staff: the post acted for (e.g. `acceptance`); a backup may act while the primary is away.
    #[schema(pattern = "^[a-z0-9._-]{1,64}$")]
    pub post: Option<String>,
}

/// Run a command on a trade as the signed-in caller.
#[utoipa::path(post, path = "/api/trades/{id}/commands", tag = "trades", request_body = CommandRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "accepted: the new version and log positions", body = app::Outcome),
        (status = 400, description = "malformed request: `invalid_request.missing_field`, `.wrong_type`, `.unknown_value` (e.g. an unknown command `type`), `.bad_value`, `.not_json`", body = crate::openapi::ErrorEnvelope),
        (status = 415, description = "not `application/json` (`invalid_request.content_type`)", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "missing or wrong CSRF token, refused by the access matrix (`access.*`), or not a party the trade's rules let act (`trade.not_party`, `trade.wrong_role`, ...)", body = crate::openapi::ErrorEnvelope),
        (status = 409, description = "stale expected_version", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 413, description = "body too large", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "refused by a trade rule", body = crate::openapi::ErrorEnvelope)))]
pub async fn run(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<CommandRequest>,
) -> Done {
    // Sealed bids and key shares carry secrets the platform must handle itself: they have
    // their own routes (the sealed label, the bid key, the share kept in memory).
    let dedicated = match &body.command {
        TradeCommand::SubmitBid { .. } => Some("POST /api/trades/{id}/bids"),
        TradeCommand::WithdrawBid { .. } => Some("POST /api/trades/{id}/bids/withdraw"),
        TradeCommand::SubmitShare { .. } => Some("POST /api/trades/{id}/opening/shares"),
        _ => None,
    };
    if let Some(route) = dedicated {
        return Err(ApiError::new(
            Class::Rule,
            "invalid_request.dedicated_route",
            Some(format!("use {route}")),
        ));
    }
    let actor = match &body.post {
        Some(post) => p.acting_actor(&user.session, post).await?,
        None => user.actor.clone(),
    };
    let meta = app::Meta {
        expected_version: body.expected_version,
        ..user.meta()
    };
    done(app::trades::execute(&p, &trade, body.command, &actor, &meta).await)
}

/// A trade's log as the caller may read it (the access matrix filters it event by event).
#[utoipa::path(get, path = "/api/trades/{id}/log", tag = "trades",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "`{\"trade\", \"events\": [LogEntry]}`", body = TradeLog),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "the caller may not read this trade's log", body = crate::openapi::ErrorEnvelope)))]
pub async fn log(State(p): State<Shared>, trade: VisibleTrade) -> Done<TradeLog> {
    let events = app::queries::trade_log(&p, &trade.id, &trade.actor).await?;
    Ok(Json(TradeLog {
        trade: trade.id.to_string(),
        events,
    }))
}

/// A trade's log as the caller may read it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TradeLog {
    pub trade: String,
    pub events: Vec<app::LogEntry>,
}
