//! The JSON API's routes, one function per area (all under the 1 MiB body limit; the routes
//! with their own limits stay in [`crate::routes`]).
use axum::Router;
use axum::routing::{get, post, put};

use crate::{
    Shared, api_bids, api_commands, api_deposits, api_draws, api_experts, api_health, api_live,
    api_log, api_session, api_trades, openapi,
};

mod evaluating;

/// Every API route under the common body limit.
pub(crate) fn api() -> Router<Shared> {
    Router::new()
        .merge(service())
        .merge(trades())
        .merge(evaluating::challenges())
        .merge(evaluating::scoring())
        .merge(evaluating::rooms())
        .merge(session_and_log())
        .merge(bids())
        .merge(deposits())
        .merge(draws())
        .merge(experts())
}

/// Liveness and the API description.
fn service() -> Router<Shared> {
    Router::new()
        .route("/health", get(api_health::health))
        .route("/api/openapi.json", get(openapi::serve))
}

/// Trades: the list, one trade, its timeline, commands, log and live feed.
fn trades() -> Router<Shared> {
    Router::new()
        .route("/api/trades", get(api_trades::list))
        .route("/api/trades/{id}", get(api_trades::one))
        .route("/api/trades/{id}/timeline", get(api_trades::timeline))
        .route("/api/trades/{id}/commands", post(api_commands::run))
        .route("/api/trades/{id}/log", get(api_commands::log))
        .route("/api/trades/{id}/live", get(api_live::live))
}

/// Signing in and out; the log's checkpoint, key and proofs.
fn session_and_log() -> Router<Shared> {
    Router::new()
        .route(
            "/api/session",
            get(api_session::current)
                .post(api_session::sign_in)
                .delete(api_session::sign_out),
        )
        .route("/api/session/challenge", get(api_session::challenge))
        .route("/api/session/key", post(api_session::sign_in_key))
        .route("/api/log/checkpoint", get(api_log::checkpoint))
        .route("/api/log/key", get(api_log::key))
        .route("/api/log/proof/inclusion", get(api_log::inclusion))
        .route("/api/log/proof/consistency", get(api_log::consistency))
}

/// Withdrawing bids, the opening key, the opening and its shares and record.
fn bids() -> Router<Shared> {
    Router::new()
        .route("/api/trades/{id}/bids/withdraw", post(api_bids::withdraw))
        .route("/api/trades/{id}/opening-key", get(api_bids::opening_key))
        .route("/api/trades/{id}/opening", get(api_bids::opening))
        .route("/api/trades/{id}/opening/shares", post(api_bids::share))
        .route("/api/trades/{id}/opening/record", get(api_bids::record))
}

/// Deposits: terms, accounts, guarantees, exemptions, bank notices, refunds.
fn deposits() -> Router<Shared> {
    Router::new()
        .route("/api/trades/{id}/deposit/terms", put(api_deposits::terms))
        .route(
            "/api/trades/{id}/deposit/account",
            post(api_deposits::account),
        )
        .route(
            "/api/trades/{id}/deposit/guarantee",
            post(api_deposits::guarantee),
        )
        .route(
            "/api/trades/{id}/deposit/exemption",
            post(api_deposits::exemption),
        )
        .route("/api/trades/{id}/deposits", get(api_deposits::table))
        .route(
            "/api/trades/{id}/deposit/refunds/due",
            post(api_deposits::refunds_due),
        )
        .route(
            "/api/trades/{id}/deposit/refunds",
            post(api_deposits::refund),
        )
        .route("/api/deposit/bank-notices", post(api_deposits::bank_notice))
        .route("/api/deposit/overdue", get(api_deposits::overdue))
}

/// Expert draws: the draw, its steps, answers, messages, ratings; invitations.
fn draws() -> Router<Shared> {
    Router::new()
        .route(
            "/api/trades/{id}/draw",
            get(api_draws::view).post(api_draws::draw),
        )
        .route("/api/trades/{id}/draw/answer", post(api_draws::answer))
        .route("/api/trades/{id}/draw/published", get(api_draws::published))
        .route("/api/trades/{id}/draw/messages", get(api_draws::messages))
        .route("/api/trades/{id}/draw/ratings", post(api_draws::rate))
        .route("/api/trades/{id}/draw/{step}", post(api_draws::step))
        .route("/api/invitations", get(api_draws::invitations))
}

/// The expert pool: list, template, one's own declaration, conduct.
fn experts() -> Router<Shared> {
    Router::new()
        .route("/api/experts", get(api_experts::list))
        .route("/api/experts/template.xlsx", get(api_experts::template))
        .route(
            "/api/experts/me",
            get(api_experts::me).put(api_experts::declare),
        )
        .route("/api/experts/{id}/conduct", post(api_experts::conduct))
}
