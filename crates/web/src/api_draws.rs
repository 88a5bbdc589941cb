//! The expert draw over HTTP (issue #5): staff draw, redraw, record the committee and reveal
//! it when the evaluation starts; experts see and answer their own invitations; anyone may
//! read a draw's public status and, after the reveal, the published draw to re-check it.
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::Class;
use serde::Deserialize;

use crate::api_session::Peer;
use crate::api_session::meta;
use crate::api_trades::{ensure_visible, trade_id};
use crate::auth::Caller;
use crate::{ApiError, Shared};

type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

/// A draw's status: phase, commitment, beacon, seats (names only after the reveal, and
/// only for staff, supervisors, the trade's parties and the committee).
#[utoipa::path(get, path = "/api/trades/{id}/draw", tag = "draws", operation_id = "draw_view",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "the draw", body = serde_json::Value),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn view(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<app::experts::DrawView>, ApiError> {
    ensure_visible(&p, &id, &caller).await?;
    Ok(Json(p.draw_view(&trade_id(&id)?, &caller.actor).await?))
}

/// Request and run the draw (center staff): committee, quotas, region rule, evaluation time
/// and place. Refused with nothing logged when too few experts are eligible.
#[utoipa::path(post, path = "/api/trades/{id}/draw", tag = "draws",
    request_body(content = Object, description = "`{committee_size, tenderer_representatives, quotas: [{specialty, count}], region_rule: {kind: any|inside_trade_region|outside_trade_region|from_regions, regions?}, evaluation: {from, to}, place, complex}`"),
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 201, description = "drawn", body = serde_json::Value),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "a rule refused (`draw.too_few_eligible`, `draw.too_early`, ...)", body = crate::openapi::ErrorEnvelope)))]
pub async fn draw(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: JsonBody<app::experts::DrawInput>,
) -> Result<(StatusCode, Json<app::experts::DrawView>), ApiError> {
    let Json(input) = body.map_err(ApiError::from)?;
    caller.signed_in()?;
    ensure_visible(&p, &id, &caller).await?;
    let view = app::experts::draw(&p, &trade_id(&id)?, &input, &caller.actor, &meta(ip)).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Answer {
    pub accept: bool,
    /// Required to decline.
    #[serde(default)]
    pub reason: Option<String>,
    /// Staff answering on an expert's word: the seat.
    #[serde(default)]
    pub seat: Option<u32>,
}

/// An expert confirms or declines its seat (staff may answer for a seat on the expert's word).
#[utoipa::path(post, path = "/api/trades/{id}/draw/answer", tag = "draws", operation_id = "answer_invitation", request_body = Answer,
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 204, description = "recorded"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not an expert (`draw.wrong_role`)", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no invitation", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no reason for a decline, already answered", body = crate::openapi::ErrorEnvelope)))]
pub async fn answer(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: JsonBody<Answer>,
) -> Result<StatusCode, ApiError> {
    let Json(a) = body.map_err(ApiError::from)?;
    caller.signed_in()?;
    let trade = trade_id(&id)?;
    match (caller.actor.role, a.seat) {
        (domain::Role::CenterStaff, Some(seat)) => {
            app::experts::answer_seat(
                &p,
                &trade,
                seat,
                a.accept,
                a.reason,
                &caller.actor,
                &meta(ip),
            )
            .await?;
        }
        _ => {
            app::experts::answer_invitation(
                &p,
                &trade,
                a.accept,
                a.reason,
                &caller.actor,
                &meta(ip),
            )
            .await?;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Staff steps after the draw: `redraw` (replace declines), `committee` (record node 4 once
/// every seat confirmed), `reveal` (once the evaluation has started; also opens the evaluation room).
#[utoipa::path(post, path = "/api/trades/{id}/draw/{step}", tag = "draws",
    params(("id" = String, Path, description = "trade id"), ("step" = String, Path, description = "redraw | committee | reveal")),
    responses(
        (status = 204, description = "done"),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade, draw or step", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "a rule refused (`draw.still_sealed`, `draw.not_confirmed`, ...)", body = crate::openapi::ErrorEnvelope)))]
pub async fn step(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path((id, step)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    caller.signed_in()?;
    ensure_visible(&p, &id, &caller).await?;
    let trade = trade_id(&id)?;
    // The app refuses anyone but staff (`draw.wrong_role`).
    match step.as_str() {
        "redraw" => drop(app::experts::redraw(&p, &trade, &caller.actor, &meta(ip)).await?),
        "committee" => {
            drop(app::experts::record_committee(&p, &trade, &caller.actor, &meta(ip)).await?)
        }
        "reveal" => app::experts::start_evaluation(&p, &trade, &caller.actor, &meta(ip)).await?,
        _ => return Err(ApiError::new(Class::NotFound, "not_found", None)),
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Everything a re-check needs (docs/DRAW.md §7), once the list is revealed; 404 before.
#[utoipa::path(get, path = "/api/trades/{id}/draw/published", tag = "draws",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "the published draw (`sunbid draw verify` reads it)", body = serde_json::Value),
        (status = 404, description = "no such trade, or not revealed yet", body = crate::openapi::ErrorEnvelope)))]
pub async fn published(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<domain::experts::PseudonymousDraw>, ApiError> {
    ensure_visible(&p, &id, &caller).await?;
    match p.published_draw(&trade_id(&id)?).await? {
        Some(v) => Ok(Json(v.published)),
        None => Err(ApiError::new(Class::NotFound, "draw.not_revealed", None)),
    }
}

/// The invitation messages of a draw and their delivery status (staff and supervisors).
#[utoipa::path(get, path = "/api/trades/{id}/draw/messages", tag = "draws",
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 200, description = "messages (no recipient)", body = serde_json::Value),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn messages(
    State(p): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<app::experts::MessageView>>, ApiError> {
    ensure_visible(&p, &id, &caller).await?;
    if !matches!(
        caller.actor.role,
        domain::Role::CenterStaff | domain::Role::Supervisor
    ) {
        return Err(ApiError::new(Class::Forbidden, "draw.wrong_role", None));
    }
    Ok(Json(p.trade_messages(&trade_id(&id)?).await?))
}

/// The signed-in expert's invitations (its own seats only).
#[utoipa::path(get, path = "/api/invitations", tag = "draws",
    responses(
        (status = 200, description = "invitations", body = serde_json::Value),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope)))]
pub async fn invitations(
    State(p): State<Shared>,
    caller: Caller,
) -> Result<Json<Vec<app::experts::Invitation>>, ApiError> {
    caller.signed_in()?;
    Ok(Json(p.invitations(&caller.actor).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RatingBody {
    pub seat: u32,
    /// 1 ..= 5.
    pub score: u8,
    #[serde(default)]
    pub note: String,
}

/// Mutual rating after the evaluation (the tenderer or agency, or a fellow member).
#[utoipa::path(post, path = "/api/trades/{id}/draw/ratings", tag = "draws", request_body = RatingBody,
    params(("id" = String, Path, description = "trade id")),
    responses(
        (status = 204, description = "recorded"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a rater (`expert.not_a_rater`)", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade or seat", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "already rated, before the evaluation", body = crate::openapi::ErrorEnvelope)))]
pub async fn rate(
    State(p): State<Shared>,
    caller: Caller,
    Peer(ip): Peer,
    Path(id): Path<String>,
    body: JsonBody<RatingBody>,
) -> Result<StatusCode, ApiError> {
    let Json(r) = body.map_err(ApiError::from)?;
    caller.signed_in()?;
    ensure_visible(&p, &id, &caller).await?;
    app::experts::rate_member(
        &p,
        &trade_id(&id)?,
        r.seat,
        r.score,
        r.note,
        &caller.actor,
        &meta(ip),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
