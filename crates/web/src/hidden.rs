//! A trade its caller may not see answers every write route exactly like a trade that does
//! not exist (issue #12): before any handler runs, a write to `/api/trades/{id}/…`,
//! `/trades/{id}/…` or `/work/trades/{id}/…` of a missing trade, or of one hidden from the
//! caller ([`app::Sight`]), is the same 404 (the API's JSON error, or the error page). Reads
//! already answer so (`ensure_visible`). The command route is left to the app, where a
//! command meets a hidden trade as the empty state of a missing one: registering a new
//! trade there must still work.
use app::{AppError, Sight};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::Caller;
use crate::pages::PageError;
use crate::{ApiError, Shared};

/// The trade id a write route names, and whether it is a page; `None` for other routes and
/// for the command route.
fn written_trade(method: &Method, path: &str) -> Option<(String, bool)> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let (rest, page) = if let Some(rest) = path.strip_prefix("/api/trades/") {
        (rest, false)
    } else if let Some(rest) = path
        .strip_prefix("/trades/")
        .or_else(|| path.strip_prefix("/work/trades/"))
    {
        (rest, true)
    } else {
        return None;
    };
    let (id, tail) = rest.split_once('/')?;
    if !page && tail == "commands" {
        return None;
    }
    Some((id.to_owned(), page))
}

pub async fn guard(State(p): State<Shared>, request: Request, next: Next) -> Response {
    let Some((id, page)) = written_trade(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    // A malformed id is the handler's 400, whatever exists.
    let Ok(trade) = domain::TradeId::parse(&id) else {
        return next.run(request).await;
    };
    let public = domain::Actor::new("public", domain::Role::Public);
    match p.sight(&trade, &public).await {
        Ok(Sight::Visible) => return next.run(request).await,
        Ok(_) => {}
        Err(e) => return ApiError::from(e).into_response(),
    }
    // Missing, or hidden from the public: the same steps either way, so neither the answer
    // nor its cost tells them apart.
    let (mut parts, body) = request.into_parts();
    // No session: the handler asks for one (a page sends to sign-in), the same answer for
    // a missing trade and a hidden one.
    let actor = match Caller::from_request_parts(&mut parts, &p).await {
        Ok(caller) if page && caller.session.is_none() => {
            return next.run(Request::from_parts(parts, body)).await;
        }
        Ok(caller) => caller.actor,
        Err(_) if page => return next.run(Request::from_parts(parts, body)).await,
        Err(e) => return e.into_response(),
    };
    match p.sight(&trade, &actor).await {
        Ok(Sight::Visible) => next.run(Request::from_parts(parts, body)).await,
        // The class decides the status (and `localize` renders the page), as for any 404.
        Ok(_) if page => PageError::not_found().into_response(),
        Ok(_) => ApiError::from(AppError::not_found(format!("trade {trade}"))).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_to_a_trade_are_guarded_and_the_command_route_is_left_to_the_app() {
        let post = Method::POST;
        assert_eq!(
            written_trade(&post, "/api/trades/GC-1/bids"),
            Some(("GC-1".into(), false))
        );
        assert_eq!(
            written_trade(&post, "/trades/GC-1/draw/answer"),
            Some(("GC-1".into(), true))
        );
        assert_eq!(
            written_trade(&post, "/work/trades/GC-1/documents"),
            Some(("GC-1".into(), true))
        );
        assert_eq!(written_trade(&post, "/api/trades/GC-1/commands"), None);
        assert_eq!(written_trade(&Method::GET, "/api/trades/GC-1/draw"), None);
        assert_eq!(written_trade(&post, "/api/session"), None);
        assert_eq!(written_trade(&post, "/api/trades/GC-1"), None);
    }
}
