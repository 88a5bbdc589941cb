use store::StoreError;

use crate::blobs::BlobError;

/// The app's error taxonomy: a refused command (the rule it broke, by stable code), a
/// concurrency conflict, something not found, or an unexpected failure below. The HTTP and
/// CLI layers map these once.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A domain rule refused the command; `code` is stable (e.g. `trade.late`).
    #[error("{message}")]
    Refused { code: &'static str, message: String },
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
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Refused { code, .. } => code,
            AppError::Conflict { .. } => "conflict.stale_version",
            AppError::Limited { code, .. } => code,
            AppError::NotFound { .. } => "not_found",
            AppError::Invalid(_) => "invalid_request",
            AppError::Store(_) => "internal.store",
            AppError::Blob(_) => "internal.blob",
            AppError::Corrupt(_) => "internal.corrupt",
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
