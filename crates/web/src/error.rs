//! The one error shape of the API:
//! `{"error": {"code", "message", "detail"?, "retry_after"?}}`. `code` is stable and
//! machine-readable; `message` is in the caller's language (from the catalogue, see
//! [`crate::i18n`]); `detail` names the rule in English when the code alone does not.
//! Status codes are decided here, once, from the app's taxonomy.
use app::AppError;
use axum::extract::Request;
use axum::extract::rejection::JsonRejection;
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

/// A JSON body the extractor refused, with a code naming what was wrong: a missing field, a
/// value of the wrong type, an unknown value (a command `type` that does not exist), a value
/// out of range, text that is not JSON, the wrong content type, or a body over the limit.
impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> ApiError {
        let detail = e.body_text();
        let (status, code) = match &e {
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
                (StatusCode::BAD_REQUEST, code)
            }
            JsonRejection::JsonSyntaxError(_) => {
                (StatusCode::BAD_REQUEST, "invalid_request.not_json")
            }
            JsonRejection::MissingJsonContentType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_request.content_type",
            ),
            _ if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            }
            _ => (StatusCode::BAD_REQUEST, "invalid_request"),
        };
        ApiError::new(status, code, Some(detail))
    }
}

/// Refusals about who may act, as opposed to what the rules allow: 403.
fn forbidding(code: &str) -> bool {
    code.ends_with(".wrong_role")
        || domain::eval_room::FORBIDDING_CODES.contains(&code)
        || domain::scoring::FORBIDDING_CODES.contains(&code)
        || evaluation::challenge::FORBIDDING_CODES.contains(&code)
}

/// The status an application error answers with (API and pages alike).
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Refused { code, .. } if code.starts_with("auth.") => StatusCode::UNAUTHORIZED,
        // The access matrix refused: the caller may not do this at all.
        AppError::Refused { code, .. } if code.starts_with("access.") => StatusCode::FORBIDDEN,
        // Every aggregate's own check of who may act (`draw.wrong_role`, a room's
        // members-only rule, a key proof that fails...).
        AppError::Refused { code, .. } if forbidding(code) => StatusCode::FORBIDDEN,
        AppError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Limited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::NotFound { .. } => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        AppError::Store(_) | AppError::Blob(_) | AppError::Corrupt(_) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        let retry_after = match &e {
            AppError::Limited { retry_after, .. } => Some(*retry_after),
            _ => None,
        };
        let status = status_of(&e);
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

/// A client error raised below the handlers or by an extractor (an oversized body, a form
/// the extractor refused, a method the route lacks): its code. Pages say `bad_form` where
/// the API names the content type.
fn bare_code(status: StatusCode, page: bool) -> &'static str {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::NOT_FOUND => "not_found",
        _ if page => "bad_form",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "invalid_request.content_type",
        _ => "invalid_request",
    }
}

/// Render every error in the caller's language, and give errors raised below the handlers
/// (an oversized body, an extractor's plain-text rejection) the same shape: the JSON error
/// on the API, a localized error page on pages.
pub async fn localize(request: Request, next: Next) -> Response {
    let lang = Lang::negotiate(request.uri().query(), request.headers());
    let path = request.uri().path().to_owned();
    let page = !path.starts_with("/api/") && path != "/health";
    let response = next.run(request).await;
    if response.extensions().get::<Localized>().is_some() {
        return response;
    }
    let error = match response.extensions().get::<ApiError>() {
        Some(e) => e.clone(),
        None if response.status().is_client_error()
            && !response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html")) =>
        {
            let status = response.status();
            let code = bare_code(status, page);
            if page {
                let ctx = crate::pages::PageContext {
                    t: crate::pages::Tr { lang },
                    back: "/".to_owned(),
                };
                let mut page = crate::pages::error_page(ctx, status, code);
                page.headers_mut().insert(
                    header::CONTENT_LANGUAGE,
                    HeaderValue::from_static(lang.tag()),
                );
                return page;
            }
            ApiError::new(status, code, None)
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

/// One bad row's message in `lang`: the catalogue's `import.<code>` with its `{params}`
/// filled in, or the importer's English.
pub fn import_message(e: &expert_import::RowError, lang: Lang) -> String {
    lang.get(&format!("error.{}", e.code))
        .map(|template| {
            e.params.iter().fold(template.to_owned(), |s, (k, v)| {
                s.replace(&format!("{{{k}}}"), v)
            })
        })
        .unwrap_or_else(|| e.message.clone())
}

/// Marks an error response that is already in the caller's language and shape.
#[derive(Clone, Copy)]
pub struct Localized;

/// A refused pool import: 422 `import.invalid` with every bad row by line and column, each
/// message in `lang` (the catalogue's `import.<code>` with its `{params}` filled in; the
/// importer's English when the catalogue has none).
pub fn import_errors(errors: &expert_import::ImportErrors, lang: Lang) -> Response {
    let rows: Vec<serde_json::Value> = errors
        .errors
        .iter()
        .map(|e| {
            let message = import_message(e, lang);
            serde_json::json!({
                "line": e.line,
                "column": e.column,
                "column_ref": e.column_ref,
                "code": e.code,
                "message": message,
            })
        })
        .collect();
    let summary = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "import.invalid",
        Some(errors.to_string()),
    )
    .body(lang);
    let mut response = (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(serde_json::json!({
            "error": summary,
            "rows": rows,
            "truncated": errors.truncated,
        })),
    )
        .into_response();
    response.extensions_mut().insert(Localized);
    response.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    response
}
