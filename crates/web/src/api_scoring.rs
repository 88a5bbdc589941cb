//! Distributed scoring over HTTP (issue #6). Reads are filtered by the app: the committee,
//! the witnesses, supervisors and center staff see who submitted; a member its own sheet;
//! nobody another member's scores before every sheet is in; anyone else the 404 of a trade
//! that does not exist. Writes need a session (and the CSRF header with a cookie); signing
//! the report needs a signature by the member's key over `GET …/scoring/challenge`.
//! Refusals of who may act answer 403.

use std::collections::BTreeMap;

use axum::extract::State;
use serde::Deserialize;

use crate::Shared;
use crate::api_session::Peer;
use crate::auth::Caller;
use crate::extract::{Done, JsonBody, SignedIn, TradePath, done};

/// A member's own sheet: bid id → criterion id → score (a decimal string, e.g. `"25.5"`).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct SheetRequest {
    pub scores: BTreeMap<String, BTreeMap<String, String>>,
}

/// One item of one bid and its new score (after the reveal, for an item an issue names).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReviseRequest {
    pub bid: String,
    pub criterion: String,
    /// Points, a decimal string (`"25.5"`).
    #[schema(pattern = "^[0-9]+(\\.[0-9]+)?$")]
    pub score: String,
}

/// The written reason for one's own outlier score.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReasonRequest {
    pub bid: String,
    pub criterion: String,
    pub reason: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignRequest {
    /// The nonce from `GET /api/trades/{id}/scoring/challenge`.
    pub nonce: String,
    /// `ed25519` (default) or `sm2`.
    #[schema(value_type = Option<crate::api_session::Algorithm>)]
    pub algorithm: Option<String>,
    /// Hex of the signature over the challenge's `message` (UTF-8 bytes, exactly).
    #[schema(pattern = "^([0-9a-fA-F]{2})+$")]
    pub signature: String,
    /// A dissent: the member signs and records why it disagrees (条例 第53条).
    pub dissent: Option<String>,
}

/// The scoring as the caller may read it.
#[utoipa::path(get, path = "/api/trades/{id}/scoring", tag = "scoring", operation_id = "scoring_view",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "`{trade, version, configured, bids, criteria, you, members, revealed, own_sheet, sheets, issues, flags, report}`; `sheets` and `issues` stay empty until every member submitted", body = app::scoring::ScoringView),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade, or nothing the caller may see", body = crate::openapi::ErrorEnvelope)))]
pub async fn view(
    State(p): State<Shared>,
    caller: Caller,
    TradePath(trade): TradePath,
) -> Done<app::scoring::ScoringView> {
    done(app::queries::scoring_view(&p, &trade, &caller.actor).await)
}

/// Center staff configure the evaluation: an evaluation input (docs/EVALUATE.md §1) without
/// sheets; each bid's `bidder` is the code of a bidder whose bid was opened.
#[utoipa::path(post, path = "/api/trades/{id}/scoring/configure", tag = "scoring",
    request_body(content = evaluation::EvaluationInput, description = "the evaluation input (no `sheets`)"),
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "configured", body = app::Outcome),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not center staff (`scoring.wrong_role`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "invalid input, a bid that was not opened, sheets already in (`scoring.*`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn configure(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Done {
    done(
        app::scoring::configure_json(&p, &trade, &body.to_string(), &user.actor, &user.meta())
            .await,
    )
}

/// A member present in the room submits its own sheet, once; it stays sealed until every
/// member has submitted.
#[utoipa::path(post, path = "/api/trades/{id}/scoring/sheet", tag = "scoring", request_body = SheetRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "submitted (sealed)", body = app::Outcome),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a member (`scoring.members_only`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not in the room, not configured, an invalid sheet, already submitted (`scoring.*`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn sheet(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<SheetRequest>,
) -> Done {
    done(app::scoring::submit_sheet(&p, &trade, body.scores, &user.actor, &user.meta()).await)
}

/// After the reveal: a member revises one of its own scores that a blocking issue names
/// (an objective item that differs, a score out of range).
#[utoipa::path(post, path = "/api/trades/{id}/scoring/revise", tag = "scoring", request_body = ReviseRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "revised; the recheck runs again", body = app::Outcome),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a member, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not revealed, no issue of yours on the item, report drafted (`scoring.*`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn revise(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(b): JsonBody<ReviseRequest>,
) -> Done {
    done(
        app::scoring::revise_score(
            &p,
            &trade,
            &b.bid,
            &b.criterion,
            &b.score,
            &user.actor,
            &user.meta(),
        )
        .await,
    )
}

/// The written reason for one's own outlier score (畸高畸低); the supervisor sees the flag.
#[utoipa::path(post, path = "/api/trades/{id}/scoring/reasons", tag = "scoring", request_body = ReasonRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "recorded and flagged", body = app::Outcome),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a member, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not revealed, not your outlier, empty or too long (`scoring.*`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn reasons(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(b): JsonBody<ReasonRequest>,
) -> Done {
    done(
        app::scoring::give_outlier_reason(
            &p,
            &trade,
            &b.bid,
            &b.criterion,
            &b.reason,
            &user.actor,
            &user.meta(),
        )
        .await,
    )
}

/// A single-use challenge to sign the drafted report (`message` names the report's digest).
#[utoipa::path(get, path = "/api/trades/{id}/scoring/challenge", tag = "scoring", operation_id = "scoring_challenge",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "`{nonce, message, expires_at}`", body = app::Challenge),
        (status = 429, description = "too many challenges from this address (`auth.challenges`, with retry_after)", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a member", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no report yet (`scoring.no_report`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn challenge(
    State(p): State<Shared>,
    user: SignedIn,
    Peer(ip): Peer,
    TradePath(trade): TradePath,
) -> Done<app::Challenge> {
    done(app::scoring::challenge(&p, &trade, &user.actor, ip).await)
}

/// A member signs the report (optionally with a dissent). The last signature records the
/// evaluation on the trade.
#[utoipa::path(post, path = "/api/trades/{id}/scoring/sign", tag = "scoring", request_body = SignRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "signed", body = app::Outcome),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a member, a signature that does not verify (`scoring.bad_key_proof`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "spent challenge, no report, already signed (`scoring.*`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn sign(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(b): JsonBody<SignRequest>,
) -> Done {
    let algorithm = b.algorithm.as_deref().unwrap_or("ed25519");
    done(
        app::scoring::sign_report(
            &p,
            &trade,
            &b.nonce,
            algorithm,
            &b.signature,
            b.dissent.as_deref(),
            &user.actor,
            &user.meta(),
        )
        .await,
    )
}

/// Center staff record the signed evaluation on the trade (done automatically when the last
/// signer is an expert).
#[utoipa::path(post, path = "/api/trades/{id}/scoring/record", tag = "scoring", operation_id = "record_scoring",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "recorded (`null` when the trade already has it)", body = Option<app::Outcome>),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not allowed, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no report, not every member signed (`scoring.unsigned`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn record(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
) -> Done<Option<app::Outcome>> {
    done(app::scoring::record(&p, &trade, &user.actor, &user.meta()).await)
}
