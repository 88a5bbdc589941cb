//! The log's public face: checkpoints, the verifier key, proofs.
use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::{ApiError, Shared};

pub async fn checkpoint(State(p): State<Shared>) -> Result<impl IntoResponse, ApiError> {
    let cp = p.checkpoint().await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        cp.note,
    ))
}

pub async fn key(State(p): State<Shared>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{}\n", p.verifier_key()),
    )
}

#[derive(Deserialize)]
pub struct InclusionQuery {
    index: u64,
    size: Option<u64>,
}

pub async fn inclusion(
    State(p): State<Shared>,
    q: Result<Query<InclusionQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    Ok(Json(p.inclusion(q.index, q.size).await?))
}

#[derive(Deserialize)]
pub struct ConsistencyQuery {
    from: u64,
    to: Option<u64>,
}

pub async fn consistency(
    State(p): State<Shared>,
    q: Result<Query<ConsistencyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    Ok(Json(p.consistency(q.from, q.to).await?))
}
