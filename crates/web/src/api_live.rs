//! A trade's live timeline as server-sent events: what the caller may read of the trade's log,
//! first everything so far, then each new event as it is appended. Remote supervision watches
//! this; the access matrix filters it exactly like `GET /api/trades/{id}/log`.
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::StreamExt as _;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;

use crate::auth::Caller;
use crate::{ApiError, Shared};

struct Cursor {
    platform: Shared,
    actor: domain::Actor,
    trade: String,
    stream_name: String,
    next_seq: u64,
    pending: std::collections::VecDeque<app::LogEntry>,
    notices: tokio::sync::broadcast::Receiver<app::Notice>,
}

impl Cursor {
    /// Events the caller may read beyond what was already sent.
    async fn refill(&mut self) -> Result<(), ApiError> {
        let entries = self.platform.trade_log(&self.trade, &self.actor).await?;
        let from = self.next_seq;
        for e in entries.into_iter().filter(|e| e.seq >= from) {
            self.next_seq = e.seq + 1;
            self.pending.push_back(e);
        }
        Ok(())
    }
}

/// Live events of one trade (`text/event-stream`; each `data:` is a log entry as in `/log`).
#[utoipa::path(get, path = "/api/trades/{id}/live", tag = "trades",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "server-sent events, one `entry` event per log entry", content_type = "text/event-stream", body = String),
        (status = 400, description = "malformed id", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "the caller may not read this trade's log", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn live(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let notices = p.subscribe();
    let trade = domain::TradeId::parse(&id).map_err(|e| ApiError::bad_request(e.to_string()))?;
    crate::api_trades::ensure_visible(&p, &id, &caller).await?;
    let (watcher, session) = (p.clone(), caller.token_and_session());
    let mut cursor = Cursor {
        stream_name: app::projection::trade_stream(&trade),
        platform: p,
        actor: caller.actor,
        trade: id,
        next_seq: 0,
        pending: Default::default(),
        notices,
    };
    // The first read also authorises: a refused caller gets the error, not an empty stream.
    cursor.refill().await?;
    let events = stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(entry) = c.pending.pop_front() {
                let data = serde_json::to_string(&entry).unwrap_or_default();
                return Some((
                    Ok(Event::default()
                        .event("entry")
                        .id(entry.seq.to_string())
                        .data(data)),
                    c,
                ));
            }
            match c.notices.recv().await {
                Ok(n) if !n.streams.contains(&c.stream_name) => continue,
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    if c.refill().await.is_err() {
                        return None; // access lost (e.g. signed out): end the stream
                    }
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Ok(for_session(&watcher, &session, events))
}

/// Server-sent `events` for the caller, ending when the caller's session does (sign-out,
/// expiry, deactivation: [`app::Platform::session_ended`]), so nothing is sent on a session's
/// behalf after it. Streams of the public have no session to end.
pub(crate) fn for_session<S>(
    p: &Shared,
    session: &Option<(String, app::SessionInfo)>,
    events: S,
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<S>>
where
    S: Stream<Item = Result<Event, Infallible>> + Send + 'static,
{
    let watch = session.clone().map(|(token, info)| {
        let p = p.clone();
        async move { p.session_ended(&token, &info).await }
    });
    let ended = async move {
        match watch {
            Some(watch) => watch.await,
            None => std::future::pending().await,
        }
    };
    Sse::new(events.take_until(Box::pin(ended)))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
