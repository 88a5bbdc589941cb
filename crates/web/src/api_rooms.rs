//! The remote evaluation room over HTTP (issue #5). Reads are filtered by the app (a caller
//! without a right to the room gets the 404 of a trade that does not exist); writes need a
//! session (and the CSRF header with a cookie); entering also needs a signature by the
//! person's registered key over `GET …/room/challenge`. Refusals of who may act answer 403.
use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::response::sse::{Event, Sse};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use time::OffsetDateTime;
use tokio::sync::broadcast::error::RecvError;

use crate::api_session::Peer;
use crate::auth::Caller;
use crate::extract::{Done, JsonBody, SignedIn, TradePath, done};
use crate::{ApiError, Shared};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct JoinRequest {
    /// The nonce from `GET /api/trades/{id}/room/challenge`.
    pub nonce: String,
    /// `ed25519` (default) or `sm2`.
    #[schema(value_type = Option<crate::api_session::Algorithm>)]
    pub algorithm: Option<String>,
    /// Hex of the signature over the challenge's `message` (UTF-8 bytes, exactly).
    #[schema(pattern = "^([0-9a-fA-F]{2})+$")]
    pub signature: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TextRequest {
    pub text: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ClarificationRequest {
    /// The bidder's unified social credit code (a bidder whose bid was opened).
    #[schema(value_type = domain::UnifiedSocialCreditCode)]
    pub bidder: String,
    pub question: String,
    /// RFC 3339, e.g. `2026-06-15T11:00:00+08:00`.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub due: OffsetDateTime,
}

/// The number of a clarification request in the path (`{n}`).
#[derive(Deserialize)]
pub struct Numbered {
    pub n: u32,
}

/// The room as the caller may read it: everything for the committee, the witnesses and
/// supervisors; a bidder's own clarification requests for a bidder.
#[utoipa::path(get, path = "/api/trades/{id}/room", tag = "rooms", operation_id = "room_view",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "`{trade, version, scope, closed, scheduled, members, witnesses, attendance, present, clarifications, entries, you, you_present}`", body = app::eval_room::RoomView),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade, or no room the caller may see", body = crate::openapi::ErrorEnvelope)))]
pub async fn view(
    State(p): State<Shared>,
    caller: Caller,
    TradePath(trade): TradePath,
) -> Done<app::eval_room::RoomView> {
    done(app::queries::room_view(&p, &trade, &caller.actor).await)
}

/// A single-use challenge to sign for entering the room (`message` names the room).
#[utoipa::path(get, path = "/api/trades/{id}/room/challenge", tag = "rooms", operation_id = "room_challenge",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "`{nonce, message, expires_at}`", body = app::Challenge),
        (status = 429, description = "too many challenges from this address (`auth.challenges`, with retry_after)", body = crate::openapi::ErrorEnvelope),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope)))]
pub async fn challenge(
    State(p): State<Shared>,
    _: SignedIn,
    Peer(ip): Peer,
    TradePath(trade): TradePath,
) -> Done<app::Challenge> {
    done(app::eval_room::challenge(&p, &trade, ip).await)
}

/// Staff open the room for the trade's drawn committee.
#[utoipa::path(post, path = "/api/trades/{id}/room/open", tag = "rooms",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "opened: version and log positions", body = app::Outcome),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not center staff (`eval_room.wrong_role`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "already open, too early, no evaluation slot (`eval_room.*`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn open(State(p): State<Shared>, user: SignedIn, TradePath(trade): TradePath) -> Done {
    done(app::eval_room::open(&p, &trade, &user.actor, &user.meta()).await)
}

/// Enter the room: a member, a witness or a supervisor, with a signature over a challenge.
#[utoipa::path(post, path = "/api/trades/{id}/room/join", tag = "rooms", request_body = JoinRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "in the room", body = app::Outcome),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "no seat (`eval_room.not_entitled`), a signature that does not verify (`eval_room.bad_key_proof`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "spent challenge, not open, closed, already inside", body = crate::openapi::ErrorEnvelope)))]
pub async fn join(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<JoinRequest>,
) -> Done {
    let algorithm = body.algorithm.as_deref().unwrap_or("ed25519");
    let (nonce, signature) = (&body.nonce, &body.signature);
    done(
        app::eval_room::join(
            &p,
            &trade,
            nonce,
            algorithm,
            signature,
            &user.actor,
            &user.meta(),
        )
        .await,
    )
}

/// Leave the room.
#[utoipa::path(post, path = "/api/trades/{id}/room/leave", tag = "rooms",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "left", body = app::Outcome),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "no seat, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not inside, closed", body = crate::openapi::ErrorEnvelope)))]
pub async fn leave(State(p): State<Shared>, user: SignedIn, TradePath(trade): TradePath) -> Done {
    done(app::eval_room::leave(&p, &trade, &user.actor, &user.meta()).await)
}

/// Staff close the room; after it nothing but reads.
#[utoipa::path(post, path = "/api/trades/{id}/room/close", tag = "rooms",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "closed", body = app::Outcome),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not center staff, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not open, already closed", body = crate::openapi::ErrorEnvelope)))]
pub async fn close(State(p): State<Shared>, user: SignedIn, TradePath(trade): TradePath) -> Done {
    done(app::eval_room::close(&p, &trade, &user.actor, &user.meta()).await)
}

/// A post: members discuss; witnesses and supervisors leave notes, recorded as such.
#[utoipa::path(post, path = "/api/trades/{id}/room/posts", tag = "rooms", request_body = TextRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "posted", body = app::Outcome),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "no seat, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not inside, empty or too long, closed", body = crate::openapi::ErrorEnvelope)))]
pub async fn post(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<TextRequest>,
) -> Done {
    done(app::eval_room::post(&p, &trade, &body.text, &user.actor, &user.meta()).await)
}

/// A member asks a bidder to clarify its bid (澄清), to be answered by `due`.
#[utoipa::path(post, path = "/api/trades/{id}/room/clarifications", tag = "rooms", request_body = ClarificationRequest,
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "requested", body = app::Outcome),
        (status = 400, description = "malformed request or bidder code", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a member (`eval_room.members_only`), no seat, or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "not a bidder of the opening, due not ahead, not inside, closed", body = crate::openapi::ErrorEnvelope)))]
pub async fn clarify(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(body): JsonBody<ClarificationRequest>,
) -> Done {
    let bidder = domain::UnifiedSocialCreditCode::parse(body.bidder.trim())
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let (question, due) = (&body.question, body.due);
    done(
        app::eval_room::request_clarification(
            &p,
            &trade,
            bidder,
            question,
            due,
            &user.actor,
            &user.meta(),
        )
        .await,
    )
}

/// The bidder answers clarification request `n`, once, before it is due.
#[utoipa::path(post, path = "/api/trades/{id}/room/clarifications/{n}/answer", tag = "rooms", operation_id = "answer_clarification", request_body = TextRequest,
    params(crate::extract::TradePath, ("n" = u32, Path, description = "request number")),
    responses(
        (status = 200, description = "answered", body = app::Outcome),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a bidder (`eval_room.wrong_role`), or CSRF", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no such request for you, answered, past due, closed", body = crate::openapi::ErrorEnvelope)))]
pub async fn answer(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    Path(Numbered { n }): Path<Numbered>,
    JsonBody(body): JsonBody<TextRequest>,
) -> Done {
    let text = &body.text;
    done(app::eval_room::answer_clarification(&p, &trade, n, text, &user.actor, &user.meta()).await)
}

struct Cursor {
    platform: Shared,
    actor: domain::Actor,
    trade: domain::TradeId,
    stream_name: String,
    next_seq: u64,
    version: u64,
    pending: std::collections::VecDeque<Event>,
    notices: tokio::sync::broadcast::Receiver<app::Notice>,
}

impl Cursor {
    /// What the caller may read now beyond what was sent: an `entry` per new event, and a
    /// `version` whenever the room changed (a bidder sees no entries, only that).
    async fn refill(&mut self) -> Result<(), ApiError> {
        let view = app::queries::room_view(&self.platform, &self.trade, &self.actor).await;
        let view = view.map_err(ApiError::from)?;
        let from = self.next_seq;
        for e in view.entries.iter().filter(|e| e.seq >= from) {
            self.next_seq = e.seq + 1;
            let data = serde_json::to_string(e).unwrap_or_default();
            let event = Event::default().event("entry").id(e.seq.to_string());
            self.pending.push_back(event.data(data));
        }
        if view.version != self.version {
            self.version = view.version;
            let data = serde_json::json!({ "version": view.version }).to_string();
            self.pending
                .push_back(Event::default().event("version").data(data));
        }
        Ok(())
    }
}

/// The room live (`text/event-stream`): what the caller may read so far, then each change.
#[utoipa::path(get, path = "/api/trades/{id}/room/live", tag = "rooms", operation_id = "room_live",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "server-sent events: `entry` (a room entry as in `GET …/room`), `version`", content_type = "text/event-stream", body = crate::api_live::LiveEvent),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade, or no room the caller may see", body = crate::openapi::ErrorEnvelope)))]
pub async fn live(
    State(p): State<Shared>,
    caller: Caller,
    TradePath(trade): TradePath,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let notices = p.subscribe();
    let (watcher, session) = (p.clone(), caller.token_and_session());
    let mut cursor = Cursor {
        stream_name: app::eval_room::eval_room_stream(&trade),
        platform: p,
        actor: caller.actor,
        trade,
        next_seq: 0,
        version: 0,
        pending: Default::default(),
        notices,
    };
    // The first read also authorises: a refused caller gets the error, not an empty stream.
    cursor.refill().await?;
    let events = stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(event) = c.pending.pop_front() {
                return Some((Ok(event), c));
            }
            match c.notices.recv().await {
                Ok(n) if !n.streams.contains(&c.stream_name) => continue,
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    if c.refill().await.is_err() {
                        return None; // access lost: end the stream
                    }
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Ok(crate::api_live::for_session(&watcher, &session, events))
}
