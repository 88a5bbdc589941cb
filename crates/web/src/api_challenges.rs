//! Publicity, objections (异议) and challenges (质疑), complaints (投诉), the supervisor's
//! handling and the notice of award over HTTP (issue #6). Reads: the publicity of a trade is
//! public (who filed is shown to the filer, the parties, staff and supervisors only); the
//! notice of award to the winner, the parties, staff and supervisors. Writes need a session
//! (and the CSRF header with a cookie). A filing after its window is 422 `challenge.late`
//! whose detail names the rule and the deadline; refusals of who may act are 403.
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::api_session::Peer;
use crate::api_session::meta;
use crate::api_trades::trade_id;
use crate::auth::Caller;
use crate::{ApiError, Shared};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct FilingRequest {
    /// `result` (default: the candidates or the result), `documents` or `step`
    /// (procurement only).
    pub about: Option<String>,
    /// `YYYY-MM-DD`: the day the documents were obtained (`documents`) or the step ended
    /// (`step`).
    pub date: Option<String>,
    pub text: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChallengeText {
    pub text: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct HandlingRequest {
    /// `accept`, `dismiss` or `suspend` (suspends the trade too).
    pub decision: String,
    pub note: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AwardRequest {
    /// The winner's unified social credit code (a candidate of the report).
    pub winner: String,
    /// Required when the winner is not rank 1 (rank 1 declined or was disqualified).
    pub reason: Option<String>,
}

type Body<T> = Result<Json<T>, JsonRejection>;
type Done = Result<Json<app::Outcome>, ApiError>;

/// `about` + `date` → what the filing is about.
pub fn subject(
    about: Option<&str>,
    date: Option<&str>,
) -> Result<app::challenges::Subject, ApiError> {
    use app::challenges::Subject;
    let day = || {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        date.and_then(|d| time::Date::parse(d.trim(), &fmt).ok())
            .ok_or_else(|| ApiError::bad_request("date: YYYY-MM-DD"))
    };
    match about.unwrap_or("result") {
        "result" | "" => Ok(Subject::Result),
        "documents" => Ok(Subject::Documents { obtained: day()? }),
        "step" => Ok(Subject::Step { ended: day()? }),
        other => Err(ApiError::bad_request(format!(
            "about {other:?}: use result, documents or step"
        ))),
    }
}

pub fn handling(decision: &str) -> Result<app::challenges::Handling, ApiError> {
    use app::challenges::Handling;
    match decision.trim() {
        "accept" => Ok(Handling::Accept),
        "dismiss" => Ok(Handling::Dismiss),
        "suspend" => Ok(Handling::Suspend),
        other => Err(ApiError::bad_request(format!(
            "decision {other:?}: use accept, dismiss or suspend"
        ))),
    }
}

/// The trade's publicity: candidates or result, periods with their rules and deadlines,
/// filings with replies, complaints and handling, the notice of award, what the caller may do.
#[utoipa::path(get, path = "/api/trades/{id}/publicity", tag = "challenges", operation_id = "publicity_view",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "`{trade, regime, phase, version, published, candidates, winner, award_reason, award_rank, periods, filings, notice, paused_by, you}`", body = serde_json::Value),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn view(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<app::challenges::PublicityView>, ApiError> {
    let trade = trade_id(&id)?;
    Ok(Json(p.publicity(&trade, &caller.actor).await?))
}

/// A bidder files an objection (construction, during the candidates' publicity) or a
/// challenge (procurement, within 7 working days of its legal start).
#[utoipa::path(post, path = "/api/trades/{id}/challenges", tag = "challenges", request_body = FilingRequest,
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "filed: version and log positions", body = serde_json::Value),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a bidder, not a supplier who took part (`challenge.not_a_participant`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "late (`challenge.late`: the detail names the rule and the deadline), not open yet, not published", body = crate::openapi::ErrorEnvelope)))]
pub async fn file(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: Body<FilingRequest>,
) -> Done {
    caller.signed_in()?;
    let Json(body) = body?;
    let trade = trade_id(&id)?;
    let subject = subject(body.about.as_deref(), body.date.as_deref())?;
    let done =
        app::challenges::file(&p, &trade, subject, &body.text, &caller.actor, &meta(ip)).await;
    Ok(Json(done.map_err(ApiError::from)?))
}

/// The tenderer or its agency replies to filing `n`.
#[utoipa::path(post, path = "/api/trades/{id}/challenges/{n}/reply", tag = "challenges", request_body = ChallengeText,
    params(("id" = String, Path, description = "trade id"), ("n" = u32, Path, description = "filing number")),
    responses(
        (status = 200, description = "replied (a reply after its due time is recorded as late)", body = serde_json::Value),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not the trade's tenderer or agency, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "unknown filing, already answered", body = crate::openapi::ErrorEnvelope)))]
pub async fn reply(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path((id, n)): Path<(String, u32)>,
    body: Body<ChallengeText>,
) -> Done {
    caller.signed_in()?;
    let Json(body) = body?;
    let trade = trade_id(&id)?;
    let done = app::challenges::reply(&p, &trade, n, &body.text, &caller.actor, &meta(ip)).await;
    Ok(Json(done.map_err(ApiError::from)?))
}

/// The filer complains (投诉) to the supervisor about filing `n`.
#[utoipa::path(post, path = "/api/trades/{id}/challenges/{n}/complaint", tag = "challenges", request_body = ChallengeText,
    params(("id" = String, Path, description = "trade id"), ("n" = u32, Path, description = "filing number")),
    responses(
        (status = 200, description = "complained", body = serde_json::Value),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not the filer, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "late (`challenge.late`), before the reply or its period's end, already complained", body = crate::openapi::ErrorEnvelope)))]
pub async fn complain(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path((id, n)): Path<(String, u32)>,
    body: Body<ChallengeText>,
) -> Done {
    caller.signed_in()?;
    let Json(body) = body?;
    let trade = trade_id(&id)?;
    let done = app::challenges::complain(&p, &trade, n, &body.text, &caller.actor, &meta(ip)).await;
    Ok(Json(done.map_err(ApiError::from)?))
}

/// The supervisor accepts, dismisses or accepts and suspends the trade on the complaint of
/// filing `n`.
#[utoipa::path(post, path = "/api/trades/{id}/challenges/{n}/handling", tag = "challenges", request_body = HandlingRequest,
    params(("id" = String, Path, description = "trade id"), ("n" = u32, Path, description = "filing number")),
    responses(
        (status = 200, description = "handled", body = serde_json::Value),
        (status = 400, description = "malformed request, unknown decision", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a supervisor, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no complaint, already handled, the trade cannot be suspended", body = crate::openapi::ErrorEnvelope)))]
pub async fn handle(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path((id, n)): Path<(String, u32)>,
    body: Body<HandlingRequest>,
) -> Done {
    caller.signed_in()?;
    let Json(body) = body?;
    let trade = trade_id(&id)?;
    let decision = handling(&body.decision)?;
    let done = app::challenges::handle_complaint(
        &p,
        &trade,
        n,
        decision,
        &body.note,
        &caller.actor,
        &meta(ip),
    )
    .await;
    Ok(Json(done.map_err(ApiError::from)?))
}

/// The tenderer decides the award: rank 1, or the next candidate with a reason when rank 1
/// fell away; refused while construction objections wait for their reply.
#[utoipa::path(post, path = "/api/trades/{id}/award", tag = "challenges", request_body = AwardRequest,
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "decided", body = serde_json::Value),
        (status = 400, description = "malformed request or code", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not the trade's tenderer (`access.*`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "publicity not ended, not a candidate, no reason for a winner below rank 1, the decision period over (`trade.*`), objections pending (`challenge.objection_pending`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn award(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: Body<AwardRequest>,
) -> Done {
    caller.signed_in()?;
    let Json(body) = body?;
    let trade = trade_id(&id)?;
    let winner = domain::UnifiedSocialCreditCode::parse(body.winner.trim())
        .map_err(|e| ApiError::bad_request(format!("winner: {e}")))?;
    let done =
        app::challenges::decide_award(&p, &trade, winner, body.reason, &caller.actor, &meta(ip))
            .await;
    Ok(Json(done.map_err(ApiError::from)?))
}

/// The tenderer or its agency issues the notice of award (generated, stored as a file,
/// its hash in the log); the other bidders are notified of the result.
#[utoipa::path(post, path = "/api/trades/{id}/award-notice", tag = "challenges",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "issued", body = serde_json::Value),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not the trade's tenderer or agency, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not awarded yet, already issued", body = crate::openapi::ErrorEnvelope)))]
pub async fn issue_notice(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
) -> Done {
    caller.signed_in()?;
    let trade = trade_id(&id)?;
    let done = app::challenges::issue_award_notice(&p, &trade, &caller.actor, &meta(ip)).await;
    Ok(Json(done.map_err(ApiError::from)?))
}

/// The notice of award (HTML), for the winner, the parties, staff and supervisors.
#[utoipa::path(get, path = "/api/trades/{id}/award-notice", tag = "challenges",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "the notice (text/html)", content_type = "text/html", body = String),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade or notice, or not for the caller", body = crate::openapi::ErrorEnvelope)))]
pub async fn notice(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let trade = trade_id(&id)?;
    let bytes = p.award_notice(&trade, &caller.actor).await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response())
}
