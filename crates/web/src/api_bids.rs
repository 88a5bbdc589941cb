//! Sealed bids and the remote opening over HTTP (issue #4). Bids arrive as the raw envelope
//! bytes (`application/octet-stream`), streamed against the platform's size limit; the bid
//! key (`Idempotency-Key`) makes a retry land on the same bid; the answer is the receipt.
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use domain::Class;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::extract::{Done, JsonBody, SignedIn, TradePath, VisibleTrade, done};
use crate::{ApiError, Shared};

/// The header naming the bid key (idempotency key and the bidder's secret).
pub const BID_KEY: &str = "idempotency-key";
/// The header naming the key of the bid this upload replaces (modification).
pub const REPLACES: &str = "x-replaces-bid-key";

fn bid_key(headers: &HeaderMap, name: &str) -> Result<Option<app::bidding::BidKey>, ApiError> {
    match headers.get(name) {
        None => Ok(None),
        Some(v) => {
            let s = v
                .to_str()
                .map_err(|_| ApiError::new(Class::Rule, "bid.bad_key", None))?;
            Ok(Some(app::bidding::BidKey::parse(s.trim())?))
        }
    }
}

fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        Class::TooLarge,
        "bid.too_large",
        Some(format!("sealed bids are limited to {limit} bytes")),
    )
}

/// Reads the body, refusing it as soon as it passes `limit` bytes (at once if its announced
/// length does). An upload cut off before its end is no bid at all (电子招标投标办法 第27条:
/// an unfinished transfer counts as withdrawn).
async fn read_limited(headers: &HeaderMap, body: Body, limit: u64) -> Result<Vec<u8>, ApiError> {
    let announced = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(Class::Invalid, "bid.upload_incomplete", Some(e.to_string()))
        })?;
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return Err(ApiError::new(Class::Rule, "seal.not_sealed", None));
    }
    Ok(bytes)
}

/// Submit (or modify) a sealed bid as the signed-in bidder. The body is the envelope made by
/// `sunbid bid seal` or the bid page; unsealed files are refused (电子招标投标办法 第26条).
#[utoipa::path(post, path = "/api/trades/{id}/bids", tag = "bids",
    params(crate::extract::TradePath,
        ("Idempotency-Key" = Option<String>, Header, description = "the bid key: 22-128 of A-Z a-z 0-9 - _; a retry with it returns the first receipt"),
        ("X-Replaces-Bid-Key" = Option<String>, Header, description = "modifying: the key of the bid this one replaces")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the sealed envelope"),
    responses(
        (status = 201, description = "accepted: the receipt's fields and, beside them, `round` and the bid key `key` (secret: it modifies or withdraws the bid); the receipt to keep or pass on is the rest", body = app::bidding::BidSubmission),
        (status = 400, description = "malformed trade id, or the upload broke off (`bid.upload_incomplete`)", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "refused by the access matrix or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 413, description = "over the size limit (`bid.too_large`)", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "unsealed or malformed (`seal.*`), late (`trade.late`), key reused (`bid.key_reused`), other trade rules", body = crate::openapi::ErrorEnvelope)))]
pub async fn submit(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<app::bidding::BidSubmission>), ApiError> {
    // Who may upload at all is decided before a byte of the body is read, so no other role
    // can make the server hold an upload in memory.
    app::bidding::may_upload(&user.actor)?;
    let key = bid_key(&headers, BID_KEY)?;
    let replaces = bid_key(&headers, REPLACES)?;
    let limit = app::queries::bid_limit(&p, &trade).await?;
    let envelope = read_limited(&headers, body, limit).await?;
    let upload = app::bidding::BidUpload {
        envelope,
        key,
        replaces,
    };
    let receipt = app::bidding::submit_bid(&p, &trade, upload, &user.actor, &user.meta()).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct WithdrawRequest {
    /// The bid key from the receipt.
    #[schema(pattern = "^[A-Za-z0-9_-]{22,128}$")]
    pub bid_key: String,
}

/// Withdraw a bid before the deadline, with the key from its receipt.
#[utoipa::path(post, path = "/api/trades/{id}/bids/withdraw", tag = "bids", request_body = WithdrawRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "withdrawn", body = app::Outcome),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "refused by the access matrix or CSRF, or the bid token does not match (`trade.bad_bid_token`)", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "unknown bid, late", body = crate::openapi::ErrorEnvelope)))]
pub async fn withdraw(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<WithdrawRequest>,
) -> Done {
    let key = app::bidding::BidKey::parse(body.bid_key.trim())?;
    done(app::bidding::withdraw_bid(&p, &trade, &key, &user.actor, &user.meta()).await)
}

/// The round's opening key (public half): what bids are sealed to. Public.
#[utoipa::path(get, path = "/api/trades/{id}/opening-key", tag = "bids",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "the public key", body = app::bidding::OpeningKeyView),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade, or no bid period yet", body = crate::openapi::ErrorEnvelope)))]
pub async fn opening_key(
    State(p): State<Shared>,
    trade: VisibleTrade,
) -> Done<app::bidding::OpeningKeyView> {
    done(app::queries::opening_key(&p, &trade.id).await)
}

/// The opening room: custodians, who handed in a share, the encrypted shares. Public: an
/// encrypted share opens only with its custodian's key, and the count of bids shows only
/// once the deadline has passed.
#[utoipa::path(get, path = "/api/trades/{id}/opening", tag = "bids",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "the opening room", body = app::bidding::OpeningView),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn opening(
    State(p): State<Shared>,
    trade: VisibleTrade,
) -> Done<app::bidding::OpeningView> {
    done(app::queries::opening_view(&p, &trade.id).await)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ShareRequest {
    /// The decrypted share, base64 (33 bytes: index and value).
    #[schema(pattern = "^[A-Za-z0-9+/]{44}$")]
    pub share: String,
}

/// A custodian hands in its share at the opening; with k shares the bids are unsealed.
#[utoipa::path(post, path = "/api/trades/{id}/opening/shares", tag = "bids", request_body = ShareRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "held / threshold / opened", body = app::bidding::ShareOutcome),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "refused by the access matrix or CSRF, or not a custodian of the round's key (`trade.not_custodian`)", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "wrong share, opening not started", body = crate::openapi::ErrorEnvelope)))]
pub async fn share(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<ShareRequest>,
) -> Done<app::bidding::ShareOutcome> {
    let bytes = app::bidding::decode_share(body.share.trim())
        .map_err(|_| ApiError::new(Class::Rule, "seal.bad_share", None))?;
    done(app::bidding::submit_share(&p, &trade, &bytes, &user.actor, &user.meta()).await)
}

/// The opening record with confirmations and objections: for staff, supervisors, the parties
/// and the bidders named in it, from the opening on (sealed before it for everyone).
#[utoipa::path(get, path = "/api/trades/{id}/opening/record", tag = "bids",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "the opening record", body = app::bidding::OpeningRecordView),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "sealed until the opening, or not a participant", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn record(
    State(p): State<Shared>,
    trade: VisibleTrade,
) -> Done<app::bidding::OpeningRecordView> {
    done(app::queries::opening_record(&p, &trade.id, &trade.actor).await)
}
