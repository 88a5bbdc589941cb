//! Bid deposits over HTTP (issue #4): terms, sub-accounts, the bank's signed notices (a
//! webhook authenticated by its signature), guarantees, credit exemptions, the public table
//! after the opening, refund due dates and refunds, and the overdue list for staff.
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::Class;
use domain::deposit::{BankNotice, DepositTerms, GuaranteeLetter, RefundCase};
use serde::Deserialize;

use crate::api_session::Peer;
use crate::api_session::meta;
use crate::api_trades::trade_id;
use crate::auth::Caller;
use crate::{ApiError, Shared};

type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

fn signature(hex_text: &str) -> Result<Vec<u8>, ApiError> {
    hex::decode(hex_text.trim())
        .map_err(|_| ApiError::new(Class::Rule, "deposit.bad_signature", None))
}

/// Set the trade's deposit terms (tenderer or agency), checked against the caps.
#[utoipa::path(put, path = "/api/trades/{id}/deposit/terms", tag = "deposits",
    request_body(content = Object, description = "`{amount (fen), subject: works|goods|services|survey_design, exemption_by_credit, accepts_guarantee}`"),
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 204, description = "set"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "over the cap (`deposit.over_cap`), wrong role, terms locked", body = crate::openapi::ErrorEnvelope)))]
pub async fn terms(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: JsonBody<DepositTerms>,
) -> Result<StatusCode, ApiError> {
    let Json(terms) = body.map_err(ApiError::from)?;
    caller.signed_in()?;
    app::deposits::set_terms(&p, &trade_id(&id)?, terms, &caller.actor, &meta(ip)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Open a deposit sub-account for the caller (a bidder); its owner is sealed until the opening.
#[utoipa::path(post, path = "/api/trades/{id}/deposit/account", tag = "deposits",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 201, description = "`{\"account\"}`", body = serde_json::Value),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no terms, not bidding, wrong role", body = crate::openapi::ErrorEnvelope)))]
pub async fn account(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    caller.signed_in()?;
    let account =
        app::deposits::open_account(&p, &trade_id(&id)?, &caller.actor, &meta(ip)).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "account": account })),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignedNotice {
    #[schema(value_type = Object)]
    pub notice: BankNotice,
    /// The bank's signature over the notice's canonical bytes, hex.
    pub signature: String,
}

/// The bank's notice of a payment into a sub-account (webhook; the signature authenticates).
#[utoipa::path(post, path = "/api/deposit/bank-notices", tag = "deposits", request_body = SignedNotice,
    responses(
        (status = 200, description = "`{\"recorded\": n}` (0: the notice was already recorded)", body = serde_json::Value),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "bad signature, unknown sub-account", body = crate::openapi::ErrorEnvelope)))]
pub async fn bank_notice(
    State(p): State<Shared>,
    Peer(ip): Peer,
    body: JsonBody<SignedNotice>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Json(body) = body.map_err(ApiError::from)?;
    let n = app::deposits::bank_notice(&p, &body.notice, &signature(&body.signature)?, &meta(ip))
        .await?;
    Ok(Json(serde_json::json!({ "recorded": n })))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignedGuarantee {
    #[schema(value_type = Object)]
    pub letter: GuaranteeLetter,
    /// The issuer's signature over the letter's canonical bytes, hex.
    pub signature: String,
}

/// Lodge an electronic guarantee (电子保函) for the caller's deposit.
#[utoipa::path(post, path = "/api/trades/{id}/deposit/guarantee", tag = "deposits", request_body = SignedGuarantee,
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 204, description = "lodged"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "bad signature, wrong trade or applicant, too small, expired", body = crate::openapi::ErrorEnvelope)))]
pub async fn guarantee(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: JsonBody<SignedGuarantee>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body.map_err(ApiError::from)?;
    caller.signed_in()?;
    app::deposits::lodge_guarantee(
        &p,
        &trade_id(&id)?,
        &body.letter,
        &signature(&body.signature)?,
        &caller.actor,
        &meta(ip),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Claim exemption from the deposit by credit (procurement, where the documents allow it).
#[utoipa::path(post, path = "/api/trades/{id}/deposit/exemption", tag = "deposits",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 204, description = "claimed"),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not allowed for this trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn exemption(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.signed_in()?;
    app::deposits::claim_exemption(&p, &trade_id(&id)?, &caller.actor, &meta(ip)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The deposit table: collection and refund status per bidder, public after the opening.
#[utoipa::path(get, path = "/api/trades/{id}/deposits", tag = "deposits",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "one row per bidder", body = serde_json::Value),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "sealed until the opening", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn table(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<app::deposits::DepositRow>>, ApiError> {
    crate::api_trades::ensure_visible(&p, &id, &caller).await?;
    Ok(Json(p.deposit_table(&trade_id(&id)?).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RefundsDue {
    /// withdrawn | unsuccessful | winner | terminated
    #[schema(value_type = String)]
    pub case: RefundCase,
    /// The day the case happened (award notice, contract, withdrawal notice), YYYY-MM-DD.
    pub event_date: String,
    /// Only these bidders (default: every bidder of the opening record).
    #[schema(value_type = Option<Vec<String>>)]
    pub bidders: Option<Vec<domain::UnifiedSocialCreditCode>>,
}

/// Center staff: refunds fall due (the legal period from the rule table).
#[utoipa::path(post, path = "/api/trades/{id}/deposit/refunds/due", tag = "deposits", request_body = RefundsDue,
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "`{\"set\": n}`", body = serde_json::Value),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "wrong role, not revealed", body = crate::openapi::ErrorEnvelope)))]
pub async fn refunds_due(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: JsonBody<RefundsDue>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Json(body) = body.map_err(ApiError::from)?;
    caller.signed_in()?;
    let event_date = time::Date::parse(
        body.event_date.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|e| {
        ApiError::new(
            Class::Invalid,
            "invalid_request.bad_value",
            Some(format!("event_date: {e}")),
        )
    })?;
    let n = app::deposits::set_refunds_due(
        &p,
        &trade_id(&id)?,
        body.case,
        event_date,
        body.bidders,
        &caller.actor,
        &meta(ip),
    )
    .await?;
    Ok(Json(serde_json::json!({ "set": n })))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Refund {
    #[schema(value_type = String)]
    pub bidder: domain::UnifiedSocialCreditCode,
    /// Fen.
    #[schema(value_type = i64)]
    pub amount: domain::Money,
}

/// Center staff: a refund was made.
#[utoipa::path(post, path = "/api/trades/{id}/deposit/refunds", tag = "deposits", request_body = Refund,
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 204, description = "recorded"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "wrong role, unknown bidder", body = crate::openapi::ErrorEnvelope)))]
pub async fn refund(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: JsonBody<Refund>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body.map_err(ApiError::from)?;
    caller.signed_in()?;
    app::deposits::record_refund(
        &p,
        &trade_id(&id)?,
        body.bidder,
        body.amount,
        &caller.actor,
        &meta(ip),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Center staff and supervisors: refunds past their legal due date, across trades.
#[utoipa::path(get, path = "/api/deposit/overdue", tag = "deposits",
    responses(
        (status = 200, description = "`[{trade, bidder, due, days_late}]`", body = serde_json::Value),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not staff or a supervisor", body = crate::openapi::ErrorEnvelope)))]
pub async fn overdue(
    State(p): State<Shared>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.signed_in()?;
    domain::access::authorize_on(
        caller.actor.role,
        domain::Action::ViewQueue,
        &domain::TradeState::default(),
        domain::Relation::None,
    )
    .map_err(|d| ApiError::refused(&d))?;
    let list = p.overdue_refunds().await?;
    Ok(Json(serde_json::json!(list
        .into_iter()
        .map(|(trade, o)| serde_json::json!({ "trade": trade, "bidder": o.who, "due": o.due.to_string(), "days_overdue": o.days_overdue }))
        .collect::<Vec<_>>())))
}
