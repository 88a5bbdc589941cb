//! `GET /health`: liveness and the log's size.
use crate::{ApiError, Shared};

/// Liveness and the log's size.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: &'static str,
    /// How many events the log holds.
    pub log_size: u64,
}

/// Liveness and the log's size.
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, description = "the server is up", body = Health)))]
pub(crate) async fn health(
    axum::extract::State(platform): axum::extract::State<Shared>,
) -> Result<axum::Json<Health>, ApiError> {
    let log_size = app::queries::log_size(&platform).await?;
    Ok(axum::Json(Health {
        status: "ok",
        log_size,
    }))
}
