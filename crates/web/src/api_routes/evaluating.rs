//! The routes of the evaluation and after: the room, scoring, publicity, challenges and
//! complaints, the award.
use axum::Router;
use axum::routing::{get, post};

use crate::{Shared, api_challenges, api_rooms, api_scoring};

/// Publicity, challenges and complaints, the award and its notice.
pub(super) fn challenges() -> Router<Shared> {
    Router::new()
        .route("/api/trades/{id}/publicity", get(api_challenges::view))
        .route("/api/trades/{id}/challenges", post(api_challenges::file))
        .route(
            "/api/trades/{id}/challenges/{n}/reply",
            post(api_challenges::reply),
        )
        .route(
            "/api/trades/{id}/challenges/{n}/complaint",
            post(api_challenges::complain),
        )
        .route(
            "/api/trades/{id}/challenges/{n}/handling",
            post(api_challenges::handle),
        )
        .route("/api/trades/{id}/award", post(api_challenges::award))
        .route(
            "/api/trades/{id}/award-notice",
            get(api_challenges::notice).post(api_challenges::issue_notice),
        )
}

/// Scoring: configuration, sheets, revisions, reasons, signatures, the record.
pub(super) fn scoring() -> Router<Shared> {
    Router::new()
        .route("/api/trades/{id}/scoring", get(api_scoring::view))
        .route(
            "/api/trades/{id}/scoring/challenge",
            get(api_scoring::challenge),
        )
        .route(
            "/api/trades/{id}/scoring/configure",
            post(api_scoring::configure),
        )
        .route("/api/trades/{id}/scoring/sheet", post(api_scoring::sheet))
        .route("/api/trades/{id}/scoring/revise", post(api_scoring::revise))
        .route(
            "/api/trades/{id}/scoring/reasons",
            post(api_scoring::reasons),
        )
        .route("/api/trades/{id}/scoring/sign", post(api_scoring::sign))
        .route("/api/trades/{id}/scoring/record", post(api_scoring::record))
}

/// The evaluation room: open, join, leave, close, posts and clarifications.
pub(super) fn rooms() -> Router<Shared> {
    Router::new()
        .route("/api/trades/{id}/room", get(api_rooms::view))
        .route("/api/trades/{id}/room/challenge", get(api_rooms::challenge))
        .route("/api/trades/{id}/room/live", get(api_rooms::live))
        .route("/api/trades/{id}/room/open", post(api_rooms::open))
        .route("/api/trades/{id}/room/join", post(api_rooms::join))
        .route("/api/trades/{id}/room/leave", post(api_rooms::leave))
        .route("/api/trades/{id}/room/close", post(api_rooms::close))
        .route("/api/trades/{id}/room/posts", post(api_rooms::post))
        .route(
            "/api/trades/{id}/room/clarifications",
            post(api_rooms::clarify),
        )
        .route(
            "/api/trades/{id}/room/clarifications/{n}/answer",
            post(api_rooms::answer),
        )
}
