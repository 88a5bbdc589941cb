//! The one error shape of the API:
//! `{"error": {"code", "message", "detail"?, "article"?, "retry_after"?, "request_id"?}}`.
//! `code` is stable and machine-readable; `message` is in the caller's language (from the
//! catalogue, see [`crate::i18n`]); `detail` names the rule in English when the code alone
//! does not; `article` is the law the refusal applies; on a fault, `request_id` is the
//! `x-request-id` a user can quote. Pages show the same error as a page ([`localize`]).
//!
//! Every error carries its [`Class`], decided where the knowledge is (the domain's tables, the
//! app, an extractor); [`status`] is the one place a class becomes an HTTP status.
mod import;
mod localize;

use app::AppError;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Class;
use serde::Serialize;

use crate::i18n::Lang;

pub use import::{import_errors, import_message};
pub use localize::{Back, Localized, REQUEST_ID, localize};

/// The HTTP status of each class: the only place the API and the pages get one from.
pub fn status(class: Class) -> StatusCode {
    match class {
        Class::Unauthenticated => StatusCode::UNAUTHORIZED,
        Class::Forbidden => StatusCode::FORBIDDEN,
        Class::NotFound => StatusCode::NOT_FOUND,
        Class::Conflict => StatusCode::CONFLICT,
        Class::Rule => StatusCode::UNPROCESSABLE_ENTITY,
        Class::Invalid => StatusCode::BAD_REQUEST,
        Class::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Class::Unsupported => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Class::Limited => StatusCode::TOO_MANY_REQUESTS,
        Class::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Class::Fault => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The article (or rule) a refusal applies, e.g. `招标投标法 第37条`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// On a fault (500): the request's `x-request-id`, to quote when reporting it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub class: Class,
    pub code: String,
    pub detail: Option<String>,
    pub article: Option<&'static str>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(class: Class, code: &str, detail: impl Into<Option<String>>) -> ApiError {
        ApiError {
            class,
            code: code.to_owned(),
            detail: detail.into(),
            article: None,
            retry_after: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(Class::Invalid, "invalid_request", Some(detail.into()))
    }

    /// A refusal of the domain or the evaluation engine met directly in a handler.
    pub fn refused(e: &impl domain::Refuse) -> ApiError {
        ApiError::from(AppError::refused(e))
    }

    pub fn status(&self) -> StatusCode {
        status(self.class)
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
            article: self.article.map(str::to_owned),
            retry_after: self.retry_after,
            request_id: None,
        }
    }
}

/// A JSON body the extractor refused, with a code naming what was wrong: a missing field, a
/// value of the wrong type, an unknown value (a command `type` that does not exist), a value
/// out of range, text that is not JSON, the wrong content type, or a body over the limit.
impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> ApiError {
        let detail = e.body_text();
        let (class, code) = match &e {
            JsonRejection::JsonDataError(_) => {
                let code = if detail.contains("missing field") {
                    "invalid_request.missing_field"
                } else if detail.contains("unknown variant") {
                    "invalid_request.unknown_value"
                } else if detail.contains("invalid type") {
                    "invalid_request.wrong_type"
                } else {
                    "invalid_request.bad_value"
                };
                (Class::Invalid, code)
            }
            JsonRejection::JsonSyntaxError(_) => (Class::Invalid, "invalid_request.not_json"),
            JsonRejection::MissingJsonContentType(_) => {
                (Class::Unsupported, "invalid_request.content_type")
            }
            _ if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                (Class::TooLarge, "payload_too_large")
            }
            _ => (Class::Invalid, "invalid_request"),
        };
        ApiError::new(class, code, Some(detail))
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        let retry_after = match &e {
            AppError::Limited { retry_after, .. } => Some(*retry_after),
            _ => None,
        };
        let class = e.class();
        let detail = if class == Class::Fault {
            // Internals stay in the server log (with the request's id), never in a response.
            tracing::error!(error = %e, code = e.code(), "internal error");
            None
        } else {
            Some(e.to_string())
        };
        ApiError {
            article: e.article(),
            retry_after,
            ..ApiError::new(class, e.code(), detail)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // Rendered in zh-CN here; the `localize` middleware re-renders it in the caller's
        // language (as a page on page routes) and adds the request id.
        let mut response = (
            self.status(),
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

pub async fn not_found() -> ApiError {
    ApiError::new(
        Class::NotFound,
        "not_found",
        Some("no such route".to_owned()),
    )
}
