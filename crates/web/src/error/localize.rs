//! Every error leaves in the caller's language and shape: the JSON error on the API, the
//! error page on pages, with the status of its class and the request's id.
use axum::extract::Request;
use axum::http::header::HeaderName;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::Class;

use super::{ApiError, ErrorBody};
use crate::i18n::Lang;
use crate::pages::{ErrorPage, Tr, redirect, render};

/// The request id header: set by the server (or a proxy in front), echoed on the response,
/// shown on the fault page and in JSON errors, and recorded in the request's log span.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Marks an error response that is already in the caller's language and shape.
#[derive(Clone, Copy)]
pub struct Localized;

/// Where a page error links back to (the page whose form failed); the portal otherwise.
#[derive(Clone)]
pub struct Back(pub String);

/// What the middleware knows of the request once the handler has answered.
struct Asked {
    lang: Lang,
    page: bool,
    get: bool,
    path: String,
    /// The path does not percent-decode to UTF-8.
    garbled: bool,
    request_id: Option<String>,
}

/// A client error raised below the handlers or by an extractor (an oversized body, a form
/// the extractor refused, a method the route lacks): its code and class. The status stays
/// the one the layer below chose. Pages say `bad_form` where the API names the content type.
fn bare(status: StatusCode, page: bool) -> ApiError {
    let (class, code) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (Class::TooLarge, "payload_too_large"),
        StatusCode::METHOD_NOT_ALLOWED => (Class::Invalid, "method_not_allowed"),
        StatusCode::NOT_FOUND => (Class::NotFound, "not_found"),
        _ if page => (Class::Invalid, "bad_form"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (Class::Unsupported, "invalid_request.content_type"),
        _ => (Class::Invalid, "invalid_request"),
    };
    ApiError::new(class, code, None)
}

/// Whether a percent-encoded path decodes to UTF-8.
fn decodes(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&out).is_ok()
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Render every error in the caller's language, and give errors raised below the handlers
/// the same shape: the JSON error on the API, a localized error page on pages.
pub async fn localize(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let asked = Asked {
        lang: Lang::negotiate(request.uri().query(), request.headers()),
        page: !path.starts_with("/api/") && path != "/health",
        garbled: !decodes(&path),
        get: matches!(*request.method(), Method::GET | Method::HEAD),
        path: request
            .uri()
            .path_and_query()
            .map_or(path, |p| p.as_str().to_owned()),
        request_id: request
            .headers()
            .get(&REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    };
    let response = next.run(request).await;
    if response.extensions().get::<Localized>().is_some() {
        return response;
    }
    let (status, error) = match response.extensions().get::<ApiError>() {
        Some(e) => (e.status(), e.clone()),
        // A page address whose parameters do not even decode names nothing.
        None if asked.page && asked.garbled && response.status() == StatusCode::BAD_REQUEST => {
            let e = ApiError::new(Class::NotFound, "not_found", None);
            (e.status(), e)
        }
        None if response.status().is_client_error() && !is_html(&response) => {
            (response.status(), bare(response.status(), asked.page))
        }
        None => return response,
    };
    let mut localized = if asked.page {
        let home = response.extensions().get::<Back>().map(|b| b.0.clone());
        page(&asked, status, &error, home)
    } else {
        let mut body = error.body(asked.lang);
        // A fault is the server's: the id to quote. (A refusal is the same for everyone.)
        body.request_id = asked
            .request_id
            .clone()
            .filter(|_| error.class == Class::Fault);
        (status, axum::Json(serde_json::json!({ "error": body }))).into_response()
    };
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        localized
            .headers_mut()
            .insert(header::RETRY_AFTER, retry.clone());
    }
    localized.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(asked.lang.tag()),
    );
    localized
}

/// The error page: the message in the reader's language; for a rule refusal its detail
/// (dates, the article) too; the request id on a fault, to quote; a way back.
fn page(asked: &Asked, status: StatusCode, error: &ApiError, home: Option<String>) -> Response {
    let ErrorBody {
        code,
        message,
        detail,
        article,
        ..
    } = error.body(asked.lang);
    let home = home.unwrap_or_else(|| "/".to_owned());
    // The language switch reloads a page it can GET, and a sign-in comes back to it: this
    // one, or the way back.
    let back = if asked.get {
        asked.path.clone()
    } else {
        home.clone()
    };
    let mut response = render(&ErrorPage {
        t: Tr { lang: asked.lang },
        sign_in: (error.class == Class::Unauthenticated).then(|| redirect::sign_in_link(&back)),
        back,
        code,
        message,
        detail: detail.filter(|_| error.class == Class::Rule),
        article,
        request_id: asked
            .request_id
            .clone()
            .filter(|_| error.class == Class::Fault),
        home,
    });
    *response.status_mut() = status;
    response
}
