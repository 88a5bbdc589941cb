//! The log's public face: checkpoints, the verifier key, proofs.
use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use domain::Class;
use serde::Deserialize;

use crate::{ApiError, Shared};

/// The latest signed checkpoint (C2SP tlog-checkpoint in a signed note).
#[utoipa::path(get, path = "/api/log/checkpoint", tag = "log",
    responses((status = 200, description = "signed note", body = String, content_type = "text/plain")))]
pub async fn checkpoint(State(p): State<Shared>) -> Result<impl IntoResponse, ApiError> {
    let cp = p.checkpoint().await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        cp.note,
    ))
}

/// The checkpoint verifier key (signed-note verifier key format).
#[utoipa::path(get, path = "/api/log/key", tag = "log",
    responses((status = 200, description = "verifier key", body = String, content_type = "text/plain")))]
pub async fn key(State(p): State<Shared>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{}\n", p.verifier_key()),
    )
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// Leaf index (the event's `seq`).
    index: u64,
    /// Tree size of a stored checkpoint; default: the latest.
    size: Option<u64>,
}

/// An inclusion proof of one leaf against a signed checkpoint.
#[utoipa::path(get, path = "/api/log/proof/inclusion", tag = "log", params(InclusionQuery),
    responses(
        (status = 200, description = "InclusionBundle", body = serde_json::Value),
        (status = 400, description = "bad parameters or index beyond the tree", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no checkpoint of that size", body = crate::openapi::ErrorEnvelope)))]
pub async fn inclusion(
    State(p): State<Shared>,
    q: Result<Query<InclusionQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    if let Some(size) = q.size {
        stored_size(size)?;
    }
    Ok(Json(p.inclusion(q.index, q.size).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// Size of the older checkpoint.
    from: u64,
    /// Size of the newer checkpoint; default: the latest.
    to: Option<u64>,
}

/// A consistency proof between two signed checkpoints.
#[utoipa::path(get, path = "/api/log/proof/consistency", tag = "log", params(ConsistencyQuery),
    responses(
        (status = 200, description = "ConsistencyBundle", body = serde_json::Value),
        (status = 400, description = "bad parameters", body = crate::openapi::ErrorEnvelope),
        (status = 404, description = "no checkpoint of that size", body = crate::openapi::ErrorEnvelope)))]
pub async fn consistency(
    State(p): State<Shared>,
    q: Result<Query<ConsistencyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    stored_size(q.from)?;
    if let Some(to) = q.to {
        stored_size(to)?;
    }
    Ok(Json(p.consistency(q.from, q.to).await?))
}

/// A tree size beyond what a store can hold (a signed 64-bit count) has no checkpoint: a
/// 404 here rather than an overflow in the store.
fn stored_size(size: u64) -> Result<(), ApiError> {
    if i64::try_from(size).is_ok() {
        Ok(())
    } else {
        Err(ApiError::new(
            Class::NotFound,
            "not_found",
            Some(format!("no checkpoint of size {size}")),
        ))
    }
}
