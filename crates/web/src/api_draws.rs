//! The expert draw over HTTP (issue #5): staff draw, redraw, record the committee and reveal
//! it when the evaluation starts; experts see and answer their own invitations; anyone may
//! read a draw's public status and, after the reveal, the published draw to re-check it.
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::Class;
use serde::Deserialize;

use crate::extract::{Done, JsonBody, SignedIn, TradePath, VisibleTrade, done};
use crate::{ApiError, Shared};

/// A draw's status: phase, commitment, beacon, seats (names only after the reveal, and
/// only for staff, supervisors, the trade's parties and the committee).
#[utoipa::path(get, path = "/api/trades/{id}/draw", tag = "draws", operation_id = "draw_view",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "the draw", body = app::experts::DrawView),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn view(State(p): State<Shared>, trade: VisibleTrade) -> Done<app::experts::DrawView> {
    done(app::queries::draw_view(&p, &trade.id, &trade.actor).await)
}

/// Request and run the draw (center staff): committee, quotas, region rule, evaluation time
/// and place. Refused with nothing logged when too few experts are eligible.
#[utoipa::path(post, path = "/api/trades/{id}/draw", tag = "draws",
    request_body(content = app::experts::DrawInput, description = "the draw request: committee, quotas, region rule, evaluation time and place"),
    params(crate::extract::TradePath),
    responses(
        (status = 201, description = "drawn", body = app::experts::DrawView),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "a rule refused (`draw.too_few_eligible`, `draw.too_early`, ...)", body = crate::openapi::ErrorEnvelope)))]
pub async fn draw(
    State(p): State<Shared>,
    user: SignedIn,
    trade: VisibleTrade,
    JsonBody(input): JsonBody<app::experts::DrawInput>,
) -> Result<(StatusCode, Json<app::experts::DrawView>), ApiError> {
    let view = app::experts::draw(&p, &trade.id, &input, &user.actor, &user.meta()).await?;
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
    params(crate::extract::TradePath),
    responses(
        (status = 204, description = "recorded"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not an expert (`draw.wrong_role`)", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no invitation", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no reason for a decline, already answered", body = crate::openapi::ErrorEnvelope)))]
pub async fn answer(
    State(p): State<Shared>,
    user: SignedIn,
    TradePath(trade): TradePath,
    JsonBody(a): JsonBody<Answer>,
) -> Result<StatusCode, ApiError> {
    let (actor, meta) = (&user.actor, &user.meta());
    match (actor.role, a.seat) {
        (domain::Role::CenterStaff, Some(seat)) => {
            app::experts::answer_seat(&p, &trade, seat, a.accept, a.reason, actor, meta).await?;
        }
        _ => {
            app::experts::answer_invitation(&p, &trade, a.accept, a.reason, actor, meta).await?;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Staff steps after the draw: `redraw` (replace declines), `committee` (record node 4 once
/// every seat confirmed), `reveal` (once the evaluation has started; also opens the evaluation room).
#[utoipa::path(post, path = "/api/trades/{id}/draw/{step}", tag = "draws",
    params(crate::extract::TradePath, ("step" = String, Path, description = "redraw | committee | reveal")),
    responses(
        (status = 204, description = "done"),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade, draw or step", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "a rule refused (`draw.still_sealed`, `draw.not_confirmed`, ...)", body = crate::openapi::ErrorEnvelope)))]
pub async fn step(
    State(p): State<Shared>,
    user: SignedIn,
    trade: VisibleTrade,
    Path(Step { step }): Path<Step>,
) -> Result<StatusCode, ApiError> {
    staff_only(&user)?;
    let (trade, actor, meta) = (&trade.id, &user.actor, &user.meta());
    match step.as_str() {
        "redraw" => drop(app::experts::redraw(&p, trade, actor, meta).await?),
        "committee" => drop(app::experts::record_committee(&p, trade, actor, meta).await?),
        "reveal" => app::experts::start_evaluation(&p, trade, actor, meta).await?,
        _ => return Err(ApiError::new(Class::NotFound, "not_found", None)),
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The `{step}` of the path.
#[derive(Deserialize)]
pub struct Step {
    step: String,
}

fn staff_only(user: &SignedIn) -> Result<(), ApiError> {
    if user.actor.role != domain::Role::CenterStaff {
        return Err(ApiError::new(Class::Forbidden, "draw.wrong_role", None));
    }
    Ok(())
}

/// Everything a re-check needs (docs/DRAW.md §7), once the list is revealed; 404 before.
#[utoipa::path(get, path = "/api/trades/{id}/draw/published", tag = "draws",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "the published draw (`sunbid draw verify` reads it)", body = domain::experts::PublishedDraw),
        (status = 404, description = "no such trade, or not revealed yet", body = crate::openapi::ErrorEnvelope)))]
pub async fn published(
    State(p): State<Shared>,
    trade: VisibleTrade,
) -> Done<domain::experts::PseudonymousDraw> {
    match app::queries::published_draw(&p, &trade.id).await? {
        Some(v) => Ok(Json(v.published)),
        None => Err(ApiError::new(Class::NotFound, "draw.not_revealed", None)),
    }
}

/// The invitation messages of a draw and their delivery status (staff and supervisors).
#[utoipa::path(get, path = "/api/trades/{id}/draw/messages", tag = "draws",
    params(crate::extract::TradePath),
    responses(
        (status = 200, description = "messages (no recipient)", body = Vec<app::experts::MessageView>),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade", body = crate::openapi::ErrorEnvelope)))]
pub async fn messages(
    State(p): State<Shared>,
    trade: VisibleTrade,
) -> Done<Vec<app::experts::MessageView>> {
    done(app::queries::trade_messages(&p, &trade.id, &trade.actor).await)
}

/// The signed-in expert's invitations (its own seats only).
#[utoipa::path(get, path = "/api/invitations", tag = "draws",
    responses(
        (status = 200, description = "invitations", body = Vec<app::experts::Invitation>),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope)))]
pub async fn invitations(
    State(p): State<Shared>,
    user: SignedIn,
) -> Done<Vec<app::experts::Invitation>> {
    done(app::queries::invitations(&p, &user.actor).await)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RatingBody {
    pub seat: u32,
    /// 1 ..= 5.
    #[schema(minimum = 1, maximum = 5)]
    pub score: u8,
    #[serde(default)]
    pub note: String,
}

/// Mutual rating after the evaluation (the tenderer or agency, or a fellow member).
#[utoipa::path(post, path = "/api/trades/{id}/draw/ratings", tag = "draws", request_body = RatingBody,
    params(crate::extract::TradePath),
    responses(
        (status = 204, description = "recorded"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "not a rater (`expert.not_a_rater`)", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no such trade or seat", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "already rated, before the evaluation", body = crate::openapi::ErrorEnvelope)))]
pub async fn rate(
    State(p): State<Shared>,
    user: SignedIn,
    trade: VisibleTrade,
    JsonBody(r): JsonBody<RatingBody>,
) -> Result<StatusCode, ApiError> {
    let (seat, score) = (r.seat, r.score);
    app::experts::rate_member(
        &p,
        &trade.id,
        seat,
        score,
        r.note,
        &user.actor,
        &user.meta(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
