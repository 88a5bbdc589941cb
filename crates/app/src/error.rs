use domain::{Class, Refusal, Refuse};
use store::StoreError;

use crate::blobs::BlobError;

/// The app's error taxonomy: a refused command (its class, stable code and article, as the
/// domain decided them), a concurrency conflict, something not found, too many attempts,
/// unreadable input, or a fault below. [`AppError::class`] keeps the class to the boundary,
/// where the HTTP and CLI layers map it once.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A rule, a permission or a check refused the command; `message` names the rule.
    #[error("{message}")]
    Refused { refusal: Refusal, message: String },
    /// The stream moved on since the caller read it (optimistic concurrency).
    #[error("{stream} is at version {actual}, the request expected {expected}")]
    Conflict {
        stream: String,
        expected: u64,
        actual: u64,
    },
    /// Too many attempts (sign-in lockout): try again after `retry_after` seconds. The web
    /// layer answers 429 with `Retry-After`.
    #[error("{message}")]
    Limited {
        code: &'static str,
        message: String,
        retry_after: u64,
    },
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error("stored event cannot be read: {0}")]
    Corrupt(String),
    /// Something below failed that is neither the store nor the blobs (no randomness, a
    /// worker that panicked).
    #[error("internal failure: {0}")]
    Internal(String),
}

impl AppError {
    /// A domain error as the app's refusal, keeping its class, code and article.
    pub fn refused(e: &impl Refuse) -> AppError {
        AppError::Refused {
            refusal: e.refusal(),
            message: e.to_string(),
        }
    }

    /// A refusal the app itself decides (a check outside any aggregate).
    pub fn refusal(refusal: Refusal, message: impl Into<String>) -> AppError {
        AppError::Refused {
            refusal,
            message: message.into(),
        }
    }

    /// A rule refusal decided in the app, with its stable code.
    pub fn rule(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::refusal(Refusal::rule(code), message)
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Refused { refusal, .. } => refusal.code,
            AppError::Conflict { .. } => "conflict.stale_version",
            AppError::Limited { code, .. } => code,
            AppError::NotFound { .. } => "not_found",
            AppError::Invalid(_) => "invalid_request",
            AppError::Store(_) => "internal.store",
            AppError::Blob(_) => "internal.blob",
            AppError::Corrupt(_) => "internal.corrupt",
            AppError::Internal(_) => "internal",
        }
    }

    /// What kind of "no" this is; [`Class::Fault`] for failures below, never a refusal.
    pub fn class(&self) -> Class {
        match self {
            AppError::Refused { refusal, .. } => refusal.class,
            AppError::Conflict { .. } => Class::Conflict,
            AppError::Limited { .. } => Class::Limited,
            AppError::NotFound { .. } => Class::NotFound,
            AppError::Invalid(_) => Class::Invalid,
            AppError::Store(_)
            | AppError::Blob(_)
            | AppError::Corrupt(_)
            | AppError::Internal(_) => Class::Fault,
        }
    }

    /// The article the refusal cites, if any.
    pub fn article(&self) -> Option<&'static str> {
        match self {
            AppError::Refused { refusal, .. } => refusal.article,
            _ => None,
        }
    }

    pub fn not_found(what: impl Into<String>) -> AppError {
        AppError::NotFound { what: what.into() }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::Conflict {
                stream,
                expected,
                actual,
            } => AppError::Conflict {
                stream,
                expected,
                actual,
            },
            other => AppError::Store(other),
        }
    }
}
