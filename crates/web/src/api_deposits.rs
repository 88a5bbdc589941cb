//! Bid deposits over HTTP (issue #4): terms, sub-accounts, the bank's signed notices (a
//! webhook authenticated by its signature), guarantees, credit exemptions, the public table
//! after the opening, refund due dates and refunds, and the overdue list for staff.
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::Class;
use domain::deposit::{BankNotice, DepositTerms, GuaranteeLetter, RefundCase};
use serde::{Deserialize, Serialize};

use crate::api_session::Peer;
use crate::extract::{Done, JsonBody, SignedIn, TradePath, VisibleTrade, done};
use crate::{ApiError, Shared};

fn signature(hex_text: &str) -> Result<Vec<u8>, ApiError> {
    hex::decode(hex_text.trim())
        .map_err(|_| ApiError::new(Class::Rule, "deposit.bad_signature", None))
}

/// Set the trade's deposit terms (tenderer or agency), checked against the caps.
#[utoipa::path(put, path = "/api/trades/{id}/deposit/terms", tag = "deposits",
    request_body(content = domain::deposit::DepositTerms, description = "the deposit terms, checked against the caps"),
    params(crate::extract::TradePath),
    responses(
        (status = 204, description = "set"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "over the cap (`deposit.over_cap`), wrong role, terms locked", body = crate::openapi::ErrorEnvelope)))]
pub async fn terms(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(terms): JsonBody<DepositTerms>,
) -> Result<StatusCode, ApiError> {
    app::deposits::set_terms(&p, &trade, terms, &user.actor, &user.meta()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Open a deposit sub-account for the caller (a bidder); its owner is sealed until the opening.
#[utoipa::path(post, path = "/api/trades/{id}/deposit/account", tag = "deposits",
    params(crate::extract::TradePath),
    responses(
        (status = 201, description = "`{\"account\"}`", body = DepositAccount),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no terms, not bidding, wrong role", body = crate::openapi::ErrorEnvelope)))]
pub async fn account(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
) -> Result<(StatusCode, Json<DepositAccount>), ApiError> {
    let account = app::deposits::open_account(&p, &trade, &user.actor, &user.meta()).await?;
    Ok((StatusCode::CREATED, Json(DepositAccount { account })))
}

/// A new deposit sub-account.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DepositAccount {
    /// The sub-account number to pay the deposit into.
    pub account: String,
}

/// How many payments a bank notice recorded.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeRecorded {
    pub recorded: usize,
}

/// How many bidders' refunds fell due.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RefundsSet {
    pub set: usize,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignedNotice {
    pub notice: BankNotice,
    /// The bank's signature over the notice's canonical bytes, hex.
    #[schema(pattern = "^([0-9a-fA-F]{2})+$")]
    pub signature: String,
}

/// The bank's notice of a payment into a sub-account (webhook; the signature authenticates).
#[utoipa::path(post, path = "/api/deposit/bank-notices", tag = "deposits", request_body = SignedNotice,
    responses(
        (status = 200, description = "`{\"recorded\": n}` (0: the notice was already recorded)", body = NoticeRecorded),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "bad signature, unknown sub-account", body = crate::openapi::ErrorEnvelope)))]
pub async fn bank_notice(
    State(p): State<Shared>,
    Peer(ip): Peer,
    JsonBody(body): JsonBody<SignedNotice>,
) -> Done<NoticeRecorded> {
    let meta = crate::api_session::meta(ip);
    let recorded =
        app::deposits::bank_notice(&p, &body.notice, &signature(&body.signature)?, &meta).await?;
    Ok(Json(NoticeRecorded { recorded }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignedGuarantee {
    pub letter: GuaranteeLetter,
    /// The issuer's signature over the letter's canonical bytes, hex.
    #[schema(pattern = "^([0-9a-fA-F]{2})+$")]
    pub signature: String,
}

/// Lodge an electronic guarantee (电子保函) for the caller's deposit.
#[utoipa::path(post, path = "/api/trades/{id}/deposit/guarantee", tag = "deposits", request_body = SignedGuarantee,
    params(crate::extract::TradePath),
    responses(
        (status = 204, description = "lodged"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "bad signature, wrong trade or applicant, too small, expired", body = crate::openapi::ErrorEnvelope)))]
pub async fn guarantee(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<SignedGuarantee>,
) -> Result<StatusCode, ApiError> {
    let signature = signature(&body.signature)?;
    app::deposits::lodge_guarantee(
        &p,
        &trade,
        &body.letter,
        &signature,
        &user.actor,
        &user.meta(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Claim exemption from the deposit by credit (procurement, where the documents allow it).
#[utoipa::path(post, path = "/api/trades/{id}/deposit/exemption", tag = "deposits",
    params(crate::extract::TradePath),
    responses(
        (status = 204, description = "claimed"),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not allowed for this trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn exemption(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
) -> Result<StatusCode, ApiError> {
    app::deposits::claim_exemption(&p, &trade, &user.actor, &user.meta()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The deposit table: collection and refund status per bidder, public after the opening.
#[utoipa::path(get, path = "/api/trades/{id}/deposits", tag = "deposits",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "one row per bidder", body = Vec<app::queries::DepositRow>),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "sealed until the opening", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn table(
    State(p): State<Shared>,
    trade: VisibleTrade,
) -> Done<Vec<app::queries::DepositRow>> {
    done(app::queries::deposit_table(&p, &trade.id).await)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RefundsDue {
    /// withdrawn | unsuccessful | winner | terminated
    pub case: RefundCase,
    /// The day the case happened (award notice, contract, withdrawal notice), YYYY-MM-DD.
    #[schema(format = Date)]
    pub event_date: String,
    /// Only these bidders (default: every bidder of the opening record).
    pub bidders: Option<Vec<domain::UnifiedSocialCreditCode>>,
}

/// Center staff: refunds fall due (the legal period from the rule table).
#[utoipa::path(post, path = "/api/trades/{id}/deposit/refunds/due", tag = "deposits", request_body = RefundsDue,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "`{\"set\": n}`", body = RefundsSet),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "wrong role, not revealed", body = crate::openapi::ErrorEnvelope)))]
pub async fn refunds_due(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<RefundsDue>,
) -> Done<RefundsSet> {
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
    let (case, bidders) = (body.case, body.bidders);
    let set = app::deposits::set_refunds_due(
        &p,
        &trade,
        case,
        event_date,
        bidders,
        &user.actor,
        &user.meta(),
    )
    .await?;
    Ok(Json(RefundsSet { set }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Refund {
    pub bidder: domain::UnifiedSocialCreditCode,
    /// Fen.
    pub amount: domain::Money,
}

/// Center staff: a refund was made.
#[utoipa::path(post, path = "/api/trades/{id}/deposit/refunds", tag = "deposits", request_body = Refund,
    params(crate::extract::TradePath),
    responses(
        (status = 204, description = "recorded"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "wrong role, unknown bidder", body = crate::openapi::ErrorEnvelope)))]
pub async fn refund(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<Refund>,
) -> Result<StatusCode, ApiError> {
    let (bidder, amount) = (body.bidder, body.amount);
    app::deposits::record_refund(&p, &trade, bidder, amount, &user.actor, &user.meta()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Center staff and supervisors: refunds past their legal due date, across trades.
#[utoipa::path(get, path = "/api/deposit/overdue", tag = "deposits",
    responses(
        (status = 200, description = "`[{trade, bidder, due, days_late}]`", body = Vec<app::queries::OverdueRow>),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not staff or a supervisor", body = crate::openapi::ErrorEnvelope)))]
pub async fn overdue(
    State(p): State<Shared>,
    user: SignedIn,
) -> Done<Vec<app::queries::OverdueRow>> {
    done(app::queries::overdue_refunds(&p, &user.actor).await)
}
