//! The expert pool over HTTP (issue #5): staff list and import it, the expert keeps its own
//! declarations, staff and supervisors record conduct.
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Class;
use domain::Role;
use domain::experts::{ConductRecord, DateRange, Employment, ExpertId, Relation};
use serde::Deserialize;

use crate::extract::{Done, JsonBody, SignedIn, done};
use crate::{ApiError, Shared};

/// Largest pool file accepted (a 10,000-expert XLSX is about 1 MiB).
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;

fn staff_or_supervisor(user: &SignedIn) -> Result<(), ApiError> {
    if !matches!(user.actor.role, Role::CenterStaff | Role::Supervisor) {
        return Err(ApiError::new(Class::Forbidden, "expert.wrong_role", None));
    }
    Ok(())
}

/// The pool (center staff and supervisors).
#[utoipa::path(get, path = "/api/experts", tag = "experts", operation_id = "list_experts",
    responses(
        (status = 200, description = "every expert, with credit standing and counts", body = Vec<app::experts::ExpertSummary>),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope)))]
pub async fn list(
    State(p): State<Shared>,
    user: SignedIn,
) -> Done<Vec<app::experts::ExpertSummary>> {
    done(app::queries::expert_summaries(&p, &user.actor).await)
}

/// Import a pool file (CSV or XLSX, docs/EXPERT-IMPORT.md; center staff). All or nothing:
/// a bad row is reported by line and column and nothing changes.
#[utoipa::path(post, path = "/api/experts/import", tag = "experts",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the CSV or XLSX file"),
    responses(
        (status = 200, description = "`{created, updated, unchanged}`", body = app::experts::ImportReport),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope),
        (status = 413, description = "file too large", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "bad rows (`import.*`, with `rows`: line, column, code, message)", body = crate::error::ImportRefusal)))]
pub async fn import(
    State(p): State<Shared>,
    user: SignedIn,
    headers: axum::http::HeaderMap,
    uri: axum::http::Uri,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = crate::i18n::Lang::negotiate(uri.query(), &headers);
    if user.actor.role != Role::CenterStaff {
        return Err(ApiError::new(Class::Forbidden, "expert.wrong_role", None));
    }
    // Read only now that the role is known to be allowed, against the limit as it streams.
    let body = axum::body::to_bytes(body, MAX_IMPORT_BYTES)
        .await
        .map_err(|_| ApiError::new(Class::TooLarge, "payload_too_large", None))?;
    let source = domain::Sha256Hex::parse(&app::sha256_hex(&body)).ok();
    let rows = match parse_pool(body).await? {
        Ok(rows) => rows,
        Err(errors) => return Ok(crate::error::import_errors(&errors, lang)),
    };
    let report = app::experts::import(&p, rows, source, &user.actor, &user.meta()).await?;
    Ok(Json(report).into_response())
}

/// A pool file parsed off the async workers: the rows to import, or every bad row.
pub(crate) async fn parse_pool(
    body: Bytes,
) -> Result<Result<Vec<app::experts::PoolRow>, expert_import::ImportErrors>, ApiError> {
    let limits = expert_import::Limits {
        max_bytes: MAX_IMPORT_BYTES,
        ..expert_import::Limits::default()
    };
    let parsed = tokio::task::spawn_blocking(move || expert_import::parse(&body, &limits))
        .await
        .map_err(|e| ApiError::from(app::AppError::Internal(format!("pool file parser: {e}"))))?;
    Ok(parsed.map(|rows| {
        rows.into_iter()
            .map(|r| app::experts::PoolRow {
                expert: r.expert,
                phone: r.phone,
                person: r.person,
            })
            .collect()
    }))
}

/// A template to fill in (XLSX: the header and one example row).
#[utoipa::path(get, path = "/api/experts/template.xlsx", tag = "experts",
    responses((status = 200, description = "the XLSX template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
pub async fn template() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"expert-pool-template.xlsx\"",
            ),
        ],
        expert_import::template_xlsx(),
    )
        .into_response()
}

/// The signed-in expert's own file.
#[utoipa::path(get, path = "/api/experts/me", tag = "experts",
    responses(
        (status = 200, description = "the expert's file", body = app::experts::OwnFile),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "not an expert of the pool", body = crate::openapi::ErrorEnvelope)))]
pub async fn me(State(p): State<Shared>, user: SignedIn) -> Done<app::experts::OwnFile> {
    let file = app::queries::my_expert_file(&p, &user.actor).await;
    done(file.map(app::experts::OwnFile::from))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Declaration {
    #[serde(default)]
    pub employers: Vec<Employment>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub leave: Vec<DateRange>,
}

/// The expert declares its employment history, relations and leave (replacing the last).
#[utoipa::path(put, path = "/api/experts/me", tag = "experts", request_body = Declaration,
    responses(
        (status = 204, description = "recorded"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "not an expert of the pool", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "invalid (`expert.invalid`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn declare(
    State(p): State<Shared>,
    user: SignedIn,
    JsonBody(d): JsonBody<Declaration>,
) -> Result<StatusCode, ApiError> {
    app::experts::declare(
        &p,
        d.employers,
        d.relations,
        d.leave,
        &user.actor,
        &user.meta(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ConductBody {
    pub record: ConductRecord,
    /// The trade the conduct was in, if any.
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z0-9._-]{1,64}$")]
    pub trade: Option<String>,
}

/// A reminder, warning, bad record, penalty or ban (center staff, supervisors).
#[utoipa::path(post, path = "/api/experts/{id}/conduct", tag = "experts", request_body = ConductBody,
    params(("id" = String, Path, description = "expert id: 1-64 of A-Z a-z 0-9 - _ .", pattern = "^[A-Za-z0-9._-]{1,64}$")),
    responses(
        (status = 204, description = "recorded"),
        (status = 400, description = "malformed request", body = crate::openapi::ErrorEnvelope),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "wrong role", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "no such expert (`expert.unknown`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn conduct(
    State(p): State<Shared>,
    user: SignedIn,
    Path(id): Path<String>,
    JsonBody(c): JsonBody<ConductBody>,
) -> Result<StatusCode, ApiError> {
    staff_or_supervisor(&user)?;
    let expert = ExpertId::parse(&id).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let trade = c
        .trade
        .as_deref()
        .map(|t| domain::TradeId::parse(t).map_err(|e| ApiError::bad_request(e.to_string())))
        .transpose()?;
    app::experts::record_conduct(&p, &expert, c.record, trade, &user.actor, &user.meta()).await?;
    Ok(StatusCode::NO_CONTENT)
}
