//! Why a page could not be answered. A handler returns [`PageError`] (with `?` on any app or
//! API error); [`crate::error::localize`] turns it into the error page in the reader's
//! language with the status of its class, so no page picks a status by hand.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Class;

use crate::ApiError;
use crate::error::Back;

pub struct PageError {
    error: ApiError,
    back: Option<String>,
}

/// What a page handler returns.
pub type PageResult = Result<Response, PageError>;

impl PageError {
    pub fn new(class: Class, code: &str) -> PageError {
        PageError {
            error: ApiError::new(class, code, None),
            back: None,
        }
    }

    /// The error page links back to `page` (the page whose form failed).
    pub fn back(mut self, page: impl Into<String>) -> PageError {
        self.back = Some(page.into());
        self
    }

    /// No such trade, page or action.
    pub fn not_found() -> PageError {
        PageError::new(Class::NotFound, "not_found")
    }

    /// A form the page does not send (fields missing, not a number, not a form).
    pub fn bad_form() -> PageError {
        PageError::new(Class::Invalid, "bad_form")
    }

    /// A form without the session's CSRF token: a stale page or a forged request.
    pub fn csrf() -> PageError {
        PageError::new(Class::Forbidden, "auth.csrf")
    }

    /// Nobody is signed in.
    pub fn sign_in() -> PageError {
        PageError::new(Class::Unauthenticated, "auth.required")
    }

    /// A body the extractor refused, by the status it chose: too large, or not the form
    /// (`otherwise`, e.g. `bad_upload`).
    pub fn refused_body(status: StatusCode, otherwise: &str) -> PageError {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            PageError::new(Class::TooLarge, "payload_too_large")
        } else {
            PageError::new(Class::Invalid, otherwise)
        }
    }
}

impl<E: Into<ApiError>> From<E> for PageError {
    fn from(e: E) -> PageError {
        PageError {
            error: e.into(),
            back: None,
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = self.error.into_response();
        if let Some(back) = self.back {
            response.extensions_mut().insert(Back(back));
        }
        response
    }
}
