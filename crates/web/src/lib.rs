//! HTTP: the JSON API (pages come with issue 3). One router, one error shape.
#![forbid(unsafe_code)]

mod api_bids;
mod api_challenges;
mod api_commands;
mod api_deposits;
mod api_draws;
mod api_evaluate;
mod api_experts;
mod api_live;
mod api_log;
mod api_rooms;
mod api_scoring;
mod api_session;
mod api_trades;
pub mod auth;
mod error;
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
use axum::routing::get;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use api_evaluate::AT_ONCE as EVALUATIONS_AT_ONCE;
pub use api_experts::MAX_IMPORT_BYTES;
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
    let limited = Router::new()
        .route("/health", get(health))
        .route("/api/openapi.json", get(openapi::serve))
        .route("/api/trades", get(api_trades::list))
        .route("/api/trades/{id}", get(api_trades::one))
        .route("/api/trades/{id}/timeline", get(api_trades::timeline))
        .route(
            "/api/trades/{id}/commands",
            axum::routing::post(api_commands::run),
        )
        .route("/api/trades/{id}/log", get(api_commands::log))
        .route("/api/trades/{id}/live", get(api_live::live))
        .route("/api/trades/{id}/publicity", get(api_challenges::view))
        .route(
            "/api/trades/{id}/challenges",
            axum::routing::post(api_challenges::file),
        )
        .route(
            "/api/trades/{id}/challenges/{n}/reply",
            axum::routing::post(api_challenges::reply),
        )
        .route(
            "/api/trades/{id}/challenges/{n}/complaint",
            axum::routing::post(api_challenges::complain),
        )
        .route(
            "/api/trades/{id}/challenges/{n}/handling",
            axum::routing::post(api_challenges::handle),
        )
        .route(
            "/api/trades/{id}/award",
            axum::routing::post(api_challenges::award),
        )
        .route(
            "/api/trades/{id}/award-notice",
            get(api_challenges::notice).post(api_challenges::issue_notice),
        )
        .route("/api/trades/{id}/scoring", get(api_scoring::view))
        .route(
            "/api/trades/{id}/scoring/challenge",
            get(api_scoring::challenge),
        )
        .route(
            "/api/trades/{id}/scoring/configure",
            axum::routing::post(api_scoring::configure),
        )
        .route(
            "/api/trades/{id}/scoring/sheet",
            axum::routing::post(api_scoring::sheet),
        )
        .route(
            "/api/trades/{id}/scoring/revise",
            axum::routing::post(api_scoring::revise),
        )
        .route(
            "/api/trades/{id}/scoring/reasons",
            axum::routing::post(api_scoring::reasons),
        )
        .route(
            "/api/trades/{id}/scoring/sign",
            axum::routing::post(api_scoring::sign),
        )
        .route(
            "/api/trades/{id}/scoring/record",
            axum::routing::post(api_scoring::record),
        )
        .route("/api/trades/{id}/room", get(api_rooms::view))
        .route("/api/trades/{id}/room/challenge", get(api_rooms::challenge))
        .route("/api/trades/{id}/room/live", get(api_rooms::live))
        .route(
            "/api/trades/{id}/room/open",
            axum::routing::post(api_rooms::open),
        )
        .route(
            "/api/trades/{id}/room/join",
            axum::routing::post(api_rooms::join),
        )
        .route(
            "/api/trades/{id}/room/leave",
            axum::routing::post(api_rooms::leave),
        )
        .route(
            "/api/trades/{id}/room/close",
            axum::routing::post(api_rooms::close),
        )
        .route(
            "/api/trades/{id}/room/posts",
            axum::routing::post(api_rooms::post),
        )
        .route(
            "/api/trades/{id}/room/clarifications",
            axum::routing::post(api_rooms::clarify),
        )
        .route(
            "/api/trades/{id}/room/clarifications/{n}/answer",
            axum::routing::post(api_rooms::answer),
        )
        .route(
            "/api/session",
            get(api_session::current)
                .post(api_session::sign_in)
                .delete(api_session::sign_out),
        )
        .route("/api/session/challenge", get(api_session::challenge))
        .route(
            "/api/session/key",
            axum::routing::post(api_session::sign_in_key),
        )
        .route("/api/log/checkpoint", get(api_log::checkpoint))
        .route("/api/log/key", get(api_log::key))
        .route("/api/log/proof/inclusion", get(api_log::inclusion))
        .route("/api/log/proof/consistency", get(api_log::consistency))
        .route(
            "/api/trades/{id}/bids/withdraw",
            axum::routing::post(api_bids::withdraw),
        )
        .route("/api/trades/{id}/opening-key", get(api_bids::opening_key))
        .route("/api/trades/{id}/opening", get(api_bids::opening))
        .route(
            "/api/trades/{id}/opening/shares",
            axum::routing::post(api_bids::share),
        )
        .route("/api/trades/{id}/opening/record", get(api_bids::record))
        .route(
            "/api/trades/{id}/deposit/terms",
            axum::routing::put(api_deposits::terms),
        )
        .route(
            "/api/trades/{id}/deposit/account",
            axum::routing::post(api_deposits::account),
        )
        .route(
            "/api/trades/{id}/deposit/guarantee",
            axum::routing::post(api_deposits::guarantee),
        )
        .route(
            "/api/trades/{id}/deposit/exemption",
            axum::routing::post(api_deposits::exemption),
        )
        .route("/api/trades/{id}/deposits", get(api_deposits::table))
        .route(
            "/api/trades/{id}/deposit/refunds/due",
            axum::routing::post(api_deposits::refunds_due),
        )
        .route(
            "/api/trades/{id}/deposit/refunds",
            axum::routing::post(api_deposits::refund),
        )
        .route(
            "/api/deposit/bank-notices",
            axum::routing::post(api_deposits::bank_notice),
        )
        .route("/api/deposit/overdue", get(api_deposits::overdue))
        .route(
            "/api/trades/{id}/draw",
            get(api_draws::view).post(api_draws::draw),
        )
        .route(
            "/api/trades/{id}/draw/answer",
            axum::routing::post(api_draws::answer),
        )
        .route("/api/trades/{id}/draw/published", get(api_draws::published))
        .route("/api/trades/{id}/draw/messages", get(api_draws::messages))
        .route(
            "/api/trades/{id}/draw/ratings",
            axum::routing::post(api_draws::rate),
        )
        .route(
            "/api/trades/{id}/draw/{step}",
            axum::routing::post(api_draws::step),
        )
        .route("/api/invitations", get(api_draws::invitations))
        .route("/api/experts", get(api_experts::list))
        .route("/api/experts/template.xlsx", get(api_experts::template))
        .route(
            "/api/experts/me",
            get(api_experts::me).put(api_experts::declare),
        )
        .route(
            "/api/experts/{id}/conduct",
            axum::routing::post(api_experts::conduct),
        )
        .merge(pages::routes(false))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_BODY_BYTES,
        ));
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

/// Liveness and the log's size.
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, description = "`{\"status\": \"ok\", \"log_size\"}`", body = serde_json::Value)))]
async fn health(
    axum::extract::State(platform): axum::extract::State<Shared>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let head = platform
        .store()
        .tree_head()
        .await
        .map_err(app::AppError::from)?;
    Ok(axum::Json(
        serde_json::json!({ "status": "ok", "log_size": head.size }),
    ))
}
