//! Publicity, objections (异议) and challenges (质疑), complaints (投诉), the supervisor's
//! handling and the notice of award over HTTP (issue #6). Reads: the publicity of a trade is
//! public (who filed is shown to the filer, the parties, staff and supervisors only); the
//! notice of award to the winner, the parties, staff and supervisors. Writes need a session
//! (and the CSRF header with a cookie). A filing after its window is 422 `challenge.late`
//! whose detail names the rule and the deadline; refusals of who may act are 403.
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::api_rooms::Numbered;
use crate::auth::Caller;
use crate::extract::{Done, JsonBody, SignedIn, TradePath, done};
use crate::{ApiError, Shared};

#[derive(Deserialize)]
pub struct FilingRequest {
    /// `result` (default: the candidates or the result), `documents` or `step`
    /// (procurement only).
    pub about: Option<String>,
    /// `YYYY-MM-DD`: the day the documents were obtained (`documents`) or the step ended
    /// (`step`).
    pub date: Option<String>,
    pub text: String,
}

/// In the API document a filing is one of two shapes: about the result (`about` absent or
/// `result`), or about the documents or a step, which names its day.
impl utoipa::PartialSchema for FilingRequest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type,
        };
        let string = || ObjectBuilder::new().schema_type(Type::String);
        let about = |values: &[&str]| string().enum_values(Some(values.to_vec()));
        let day = string()
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .description(Some(
                "the day the documents were obtained, or the step ended",
            ));
        let result = ObjectBuilder::new()
            .description(Some("about the candidates or the result"))
            .property("about", about(&["result", ""]))
            .property("text", string())
            .required("text");
        let dated = ObjectBuilder::new()
            .description(Some("about the documents, or a step (procurement only)"))
            .property("about", about(&["documents", "step"]))
            .property("date", day)
            .property("text", string())
            .required("about")
            .required("date")
            .required("text");
        OneOfBuilder::new().item(result).item(dated).into()
    }
}

impl utoipa::ToSchema for FilingRequest {}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChallengeText {
    pub text: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct HandlingRequest {
    /// `accept`, `dismiss` or `suspend` (suspends the trade too).
    #[schema(value_type = evaluation::challenge::Handling)]
    pub decision: String,
    pub note: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AwardRequest {
    /// The winner's unified social credit code (a candidate of the report).
    #[schema(value_type = domain::UnifiedSocialCreditCode)]
    pub winner: String,
    /// Required when the winner is not rank 1 (rank 1 declined or was disqualified).
    pub reason: Option<String>,
}

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
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "`{trade, regime, phase, version, published, candidates, winner, award_reason, award_rank, periods, filings, notice, paused_by, you}`", body = app::challenges::PublicityView),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn view(
    State(p): State<Shared>,
    caller: Caller,
    TradePath(trade): TradePath,
) -> Done<app::challenges::PublicityView> {
    done(app::queries::publicity(&p, &trade, &caller.actor).await)
}

/// A bidder files an objection (construction, during the candidates' publicity) or a
/// challenge (procurement, within 7 working days of its legal start).
#[utoipa::path(post, path = "/api/trades/{id}/challenges", tag = "challenges", request_body = FilingRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "filed: version and log positions", body = app::Outcome),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a bidder, not a supplier who took part (`challenge.not_a_participant`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "late (`challenge.late`: the detail names the rule and the deadline), not open yet, not published", body = crate::openapi::ErrorEnvelope)))]
pub async fn file(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<FilingRequest>,
) -> Done {
    let subject = subject(body.about.as_deref(), body.date.as_deref())?;
    let text = &body.text;
    done(app::challenges::file(&p, &trade, subject, text, &user.actor, &user.meta()).await)
}

/// The tenderer or its agency replies to filing `n`.
#[utoipa::path(post, path = "/api/trades/{id}/challenges/{n}/reply", tag = "challenges", request_body = ChallengeText,
    params(crate::extract::TradePath, ("n" = u32, Path, description = "filing number")),
    responses(
        (status = 200, description = "replied (a reply after its due time is recorded as late)", body = app::Outcome),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not the trade's tenderer or agency, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "unknown filing, already answered", body = crate::openapi::ErrorEnvelope)))]
pub async fn reply(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    Path(Numbered { n }): Path<Numbered>,
    JsonBody(body): JsonBody<ChallengeText>,
) -> Done {
    done(app::challenges::reply(&p, &trade, n, &body.text, &user.actor, &user.meta()).await)
}

/// The filer complains (投诉) to the supervisor about filing `n`.
#[utoipa::path(post, path = "/api/trades/{id}/challenges/{n}/complaint", tag = "challenges", request_body = ChallengeText,
    params(crate::extract::TradePath, ("n" = u32, Path, description = "filing number")),
    responses(
        (status = 200, description = "complained", body = app::Outcome),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not the filer, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "late (`challenge.late`), before the reply or its period's end, already complained", body = crate::openapi::ErrorEnvelope)))]
pub async fn complain(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    Path(Numbered { n }): Path<Numbered>,
    JsonBody(body): JsonBody<ChallengeText>,
) -> Done {
    done(app::challenges::complain(&p, &trade, n, &body.text, &user.actor, &user.meta()).await)
}

/// The supervisor accepts, dismisses or accepts and suspends the trade on the complaint of
/// filing `n`.
#[utoipa::path(post, path = "/api/trades/{id}/challenges/{n}/handling", tag = "challenges", request_body = HandlingRequest,
    params(crate::extract::TradePath, ("n" = u32, Path, description = "filing number")),
    responses(
        (status = 200, description = "handled", body = app::Outcome),
        (status = 400, description = "malformed request, unknown decision", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a supervisor, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no complaint, already handled, the trade cannot be suspended", body = crate::openapi::ErrorEnvelope)))]
pub async fn handle(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    Path(Numbered { n }): Path<Numbered>,
    JsonBody(body): JsonBody<HandlingRequest>,
) -> Done {
    let decision = handling(&body.decision)?;
    let note = &body.note;
    done(
        app::challenges::handle_complaint(&p, &trade, n, decision, note, &user.actor, &user.meta())
            .await,
    )
}

/// The tenderer decides the award: rank 1, or the next candidate with a reason when rank 1
/// fell away; refused while construction objections wait for their reply.
#[utoipa::path(post, path = "/api/trades/{id}/award", tag = "challenges", request_body = AwardRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "decided", body = app::Outcome),
        (status = 400, description = "malformed request or code", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not the trade's tenderer (`access.*`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "publicity not ended, not a candidate, no reason for a winner below rank 1, the decision period over (`trade.*`), objections pending (`challenge.objection_pending`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn award(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<AwardRequest>,
) -> Done {
    let winner = domain::UnifiedSocialCreditCode::parse(body.winner.trim())
        .map_err(|e| ApiError::bad_request(format!("winner: {e}")))?;
    let reason = body.reason;
    done(app::challenges::decide_award(&p, &trade, winner, reason, &user.actor, &user.meta()).await)
}

/// The tenderer or its agency issues the notice of award (generated, stored as a file,
/// its hash in the log); the other bidders are notified of the result.
#[utoipa::path(post, path = "/api/trades/{id}/award-notice", tag = "challenges",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "issued", body = app::Outcome),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not the trade's tenderer or agency, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not awarded yet, already issued", body = crate::openapi::ErrorEnvelope)))]
pub async fn issue_notice(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
) -> Done {
    done(app::challenges::issue_award_notice(&p, &trade, &user.actor, &user.meta()).await)
}

/// The notice of award (HTML), for the winner, the parties, staff and supervisors.
#[utoipa::path(get, path = "/api/trades/{id}/award-notice", tag = "challenges",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "the notice (text/html)", content_type = "text/html", body = String),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade or notice, or not for the caller", body = crate::openapi::ErrorEnvelope)))]
pub async fn notice(
    State(p): State<Shared>,
    caller: Caller,
    TradePath(trade): TradePath,
) -> Result<Response, ApiError> {
    let bytes = app::queries::award_notice(&p, &trade, &caller.actor).await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response())
}
