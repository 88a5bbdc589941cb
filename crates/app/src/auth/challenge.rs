//! Open sign-in challenges: random nonces, each valid once and for a short time.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use time::{Duration, OffsetDateTime};

use crate::auth::CHALLENGE_TTL_SECS;
use crate::error::AppError;

/// Open challenges kept at most; more within the lifetime of one is a flood, not people.
const MAX_OPEN: usize = 10_000;

#[derive(Default)]
pub(crate) struct Challenges {
    open: Mutex<HashMap<String, OffsetDateTime>>,
}

/// The bytes a client signs. The origin ties the signature to this platform.
pub(crate) fn message(origin: &str, nonce_hex: &str) -> String {
    format!("sunbid sign-in\n{origin}\n{nonce_hex}\n")
}

impl Challenges {
    /// A fresh 32-byte nonce (hex) and when it expires.
    pub(crate) fn issue(&self, now: OffsetDateTime) -> Result<(String, OffsetDateTime), AppError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let nonce = hex::encode(bytes);
        let expires = now + Duration::seconds(CHALLENGE_TTL_SECS);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.retain(|_, until| *until > now);
        if open.len() >= MAX_OPEN {
            return Err(AppError::Limited {
                code: "auth.busy",
                message: "too many sign-in challenges are open: try again shortly".into(),
                retry_after: CHALLENGE_TTL_SECS as u64,
            });
        }
        open.insert(nonce.clone(), expires);
        Ok((nonce, expires))
    }

    /// Spend a nonce: true if it was open and unexpired. Spent either way, so a nonce
    /// cannot be retried with another signature.
    pub(crate) fn take(&self, nonce_hex: &str, now: OffsetDateTime) -> bool {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.remove(&nonce_hex.trim().to_ascii_lowercase())
            .is_some_and(|until| until > now)
    }
}
