//! HTTP: the JSON API (pages come with issue 3). One router, one error shape.
#![forbid(unsafe_code)]

mod api_bids;
mod api_challenges;
mod api_commands;
mod api_deposits;
mod api_draws;
mod api_evaluate;
mod api_experts;
mod api_health;
mod api_live;
mod api_log;
mod api_rooms;
mod api_routes;
mod api_scoring;
mod api_session;
mod api_trades;
pub mod auth;
mod error;
pub mod extract;
mod hidden;
pub mod i18n;
pub mod openapi;
mod pages;
pub mod server;
pub mod settings;
pub mod site;

use std::sync::Arc;

use app::Platform;
use axum::Router;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use api_evaluate::AT_ONCE as EVALUATIONS_AT_ONCE;
pub use api_experts::MAX_IMPORT_BYTES;
pub use api_health::Health;
pub use error::ApiError;
pub use pages::{PageRoute, page_routes};
pub use server::{serve, serve_until};
pub use settings::{PublicUrl, Settings};

/// Request bodies above this are refused before any handler runs.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub type Shared = Arc<Platform>;

/// The application with [`Settings::default`] (tests; a server behind no proxy).
pub fn router(platform: Shared) -> Router {
    router_with(platform, &Settings::default())
}

/// The application: every route, and around them the layers every request passes (outermost
/// first): the request id and tracing, security headers, the client address and `Secure`
/// cookies ([`site`]), errors in the caller's language (error pages), cross-origin protection
/// for writes, hidden trades answered like missing ones ([`hidden`]).
pub fn router_with(platform: Shared, settings: &Settings) -> Router {
    let app = routes()
        .layer(axum::middleware::from_fn_with_state(
            platform.clone(),
            hidden::guard,
        ))
        .layer(site::cross_origin_layer(settings))
        .layer(axum::middleware::from_fn(error::localize))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(settings.clone()),
            site::guard,
        ));
    let app = site::header_layers(settings)
        .into_iter()
        .fold(app, |app, layer| app.layer(layer));
    // The last layer is the outermost: every request gets an id (or keeps a proxy's), its
    // log span names it, and the response echoes it.
    app.layer(PropagateRequestIdLayer::new(error::REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::new(error::REQUEST_ID, MakeRequestUuid))
        .with_state(platform)
}

/// Every route, each group under its body limit.
fn routes() -> Router<Shared> {
    // Sealed bids have their own, larger limit (per the platform's policy), enforced while
    // the body streams in; everything else keeps the 1 MiB limit.
    let uploads = Router::new()
        .route(
            "/api/trades/{id}/bids",
            axum::routing::post(api_bids::submit),
        )
        .layer(axum::extract::DefaultBodyLimit::disable());
    // Anyone may recompute an evaluation, so few at once: their inputs wait, unread, for a
    // turn, and memory holds at most that many.
    let evaluations = Router::new()
        .route("/api/evaluate", axum::routing::post(api_evaluate::evaluate))
        .layer(axum::extract::DefaultBodyLimit::max(
            api_evaluate::MAX_EVALUATE_BYTES,
        ))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            api_evaluate::AT_ONCE,
        ));
    let pool_files = Router::new()
        .route(
            "/api/experts/import",
            axum::routing::post(api_experts::import),
        )
        .layer(axum::extract::DefaultBodyLimit::max(
            api_experts::MAX_IMPORT_BYTES,
        ))
        .merge(pages::routes(true));
    let limited = api_routes::api().merge(pages::routes(false)).layer(
        tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES),
    );
    Router::new()
        .merge(limited)
        .merge(uploads)
        .merge(pool_files)
        .merge(evaluations)
        .fallback(error::not_found)
}

/// The log span of one request, with its id, so a fault logged inside can be found from
/// the id a user quotes.
fn request_span(request: &axum::extract::Request) -> tracing::Span {
    let id = request
        .headers()
        .get(&error::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %request.uri(),
        request_id = %id,
    )
}
