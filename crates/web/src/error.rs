//! The one error shape of the API:
//! `{"error": {"code", "message", "detail"?, "retry_after"?}}`. `code` is stable and
//! machine-readable; `message` is in the caller's language (from the catalogue, see
//! [`crate::i18n`]); `detail` names the rule in English when the code alone does not.
//! Status codes are decided here, once, from the app's taxonomy.
use app::AppError;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub detail: Option<String>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<Option<String>>) -> ApiError {
        ApiError {
            status,
            code: code.to_owned(),
            detail: detail.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            Some(detail.into()),
        )
    }

    /// The body in `lang`; a code without a catalogue entry falls back to its detail.
    pub fn body(&self, lang: Lang) -> ErrorBody {
        let message = lang
            .get(&format!("error.{}", self.code))
            .map(str::to_owned)
            .or_else(|| self.detail.clone())
            .unwrap_or_else(|| self.code.clone());
        ErrorBody {
            code: self.code.clone(),
            message,
            detail: self.detail.clone(),
            retry_after: self.retry_after,
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        let retry_after = match &e {
            AppError::Limited { retry_after, .. } => Some(*retry_after),
            _ => None,
        };
        let status = match &e {
            AppError::Refused { code, .. } if code.starts_with("auth.") => StatusCode::UNAUTHORIZED,
            // The access matrix refused: the caller may not do this at all.
            AppError::Refused { code, .. } if code.starts_with("access.") => StatusCode::FORBIDDEN,
            AppError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Limited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::BAD_REQUEST,
            AppError::Store(_) | AppError::Blob(_) | AppError::Corrupt(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let detail = if status == StatusCode::INTERNAL_SERVER_ERROR {
            // Internals stay in the server log, never in a response.
            tracing::error!(error = %e, "internal error");
            None
        } else {
            Some(e.to_string())
        };
        ApiError {
            retry_after,
            ..ApiError::new(status, e.code(), detail)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // Rendered in zh-CN here; the `localize` middleware re-renders it in the caller's language.
        let mut response = (
            self.status,
            axum::Json(serde_json::json!({ "error": self.body(Lang::ZhCn) })),
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(self);
        response
    }
}

/// Render every error in the caller's language, and give errors raised below the handlers
/// (an oversized body, say) the same shape.
pub async fn localize(request: Request, next: Next) -> Response {
    let lang = Lang::negotiate(request.uri().query(), request.headers());
    let response = next.run(request).await;
    let error = match response.extensions().get::<ApiError>() {
        Some(e) => e.clone(),
        None if response.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", None)
        }
        None => return response,
    };
    let mut localized = (
        error.status,
        axum::Json(serde_json::json!({ "error": error.body(lang) })),
    )
        .into_response();
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        localized
            .headers_mut()
            .insert(header::RETRY_AFTER, retry.clone());
    }
    localized.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    localized
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        Some("no such route".to_owned()),
    )
}
