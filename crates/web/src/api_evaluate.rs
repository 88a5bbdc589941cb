//! `POST /api/evaluate`: the review tool of issue #6 over HTTP, the same computation as
//! `sunbid evaluate` (docs/EVALUATE.md): anyone may recompute an evaluation from its inputs
//! and get every derived number with the rule that produced it. Nothing is stored.
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;

use crate::{ApiError, Shared};

/// Largest input accepted (a 1,000-bid, 9-member input is a few MiB).
pub const MAX_EVALUATE_BYTES: usize = 32 * 1024 * 1024;
/// Evaluations read and computed at once; more wait their turn with their input unread.
pub const AT_ONCE: usize = 2;

/// Recompute an evaluation from its inputs (method, configuration, bids, scores, dates).
#[utoipa::path(post, path = "/api/evaluate", tag = "evaluation",
    request_body(content = evaluation::EvaluationInput, description = "an evaluation input (docs/EVALUATE.md §1)"),
    responses(
        (status = 200, description = "the report: status, rules in force, every derivation, ranking, issues, periods", body = evaluation::Report),
        (status = 400, description = "not JSON, or not an evaluation input (`evaluation.invalid_json`)", body = crate::openapi::ErrorEnvelope),
        (status = 413, description = "input too large", body = crate::openapi::ErrorEnvelope),
        (status = 422, description = "invalid input (`evaluation.*`, naming the rule)", body = crate::openapi::ErrorEnvelope)))]
pub async fn evaluate(
    State(p): State<Shared>,
    body: Bytes,
) -> Result<Json<evaluation::Report>, ApiError> {
    let calendar = p.calendar().clone();
    let result = tokio::task::spawn_blocking(move || {
        // As every JSON body of the API: a whole number written as a float is that integer.
        let json = |e: serde_json::Error| evaluation::EvalError::Json(e.to_string());
        let value: serde_json::Value = serde_json::from_slice(&body).map_err(json)?;
        let input: evaluation::EvaluationInput =
            serde_json::from_value(crate::extract::whole_numbers(value)).map_err(json)?;
        evaluation::evaluate(&input, &calendar)
    })
    .await
    .map_err(|e| ApiError::from(app::AppError::Internal(format!("evaluation worker: {e}"))))?;
    result.map(Json).map_err(|e| ApiError::refused(&e))
}
