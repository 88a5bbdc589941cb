//! Open sign-in challenges: random nonces, each valid once and for a short time.
//!
//! Asking for challenges is limited per network address ([`CHALLENGE_BURST`] at once, then
//! one every [`CHALLENGE_EVERY_SECS`]), never for everyone: a flood from one address is
//! refused there and nowhere else. Open challenges are bounded in memory by dropping the
//! oldest past [`MAX_OPEN`] (whoever held one asks again), never by refusing new ones.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use time::{Duration, OffsetDateTime};

use crate::auth::{CHALLENGE_TTL_SECS, address_group};
use crate::error::AppError;

/// Challenges one address may ask for at once (an evaluation venue's committee behind one
/// NAT signs in, enters the room and signs the report at about the same time)...
pub const CHALLENGE_BURST: u32 = 30;
/// ...and then one more every this many seconds.
pub const CHALLENGE_EVERY_SECS: i64 = 1;
/// Open challenges kept at most: past this, the oldest are dropped.
const MAX_OPEN: usize = 50_000;
/// Addresses tracked before those with a full allowance are first forgotten (then again
/// whenever the count doubles, so pruning stays cheap per request).
const PRUNE_ADDRESSES_ABOVE: usize = 10_000;

#[derive(Default)]
struct Open {
    expiry: HashMap<String, OffsetDateTime>,
    /// Nonces in the order issued (and so of expiry), to drop the oldest first.
    order: VecDeque<String>,
}

#[derive(Default)]
pub(crate) struct Challenges {
    open: Mutex<Open>,
    allowance: Mutex<Allowance>,
}

#[derive(Default)]
struct Allowance {
    /// Per address group: when its allowance is next full again (a GCRA "theoretical
    /// arrival time"); absent means full.
    full_at: HashMap<String, OffsetDateTime>,
    /// Forget full allowances when there are more than this many.
    prune_above: usize,
}

/// The bytes a client signs. The origin ties the signature to this platform.
pub(crate) fn message(origin: &str, nonce_hex: &str) -> String {
    format!("sunbid sign-in\n{origin}\n{nonce_hex}\n")
}

impl Challenges {
    /// A fresh 32-byte nonce (hex) and when it expires. Refused (`auth.challenges`, with the
    /// seconds to wait) when `ip` has used its allowance; callers without an address (in
    /// process, never over HTTP) are not limited.
    pub(crate) fn issue(
        &self,
        ip: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(String, OffsetDateTime), AppError> {
        if let Some(ip) = ip {
            self.spend_allowance(ip, now)?;
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let nonce = hex::encode(bytes);
        let expires = now + Duration::seconds(CHALLENGE_TTL_SECS);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        // Drop spent and expired nonces from the front, and the oldest open ones while full.
        while let Some(oldest) = open.order.front() {
            let gone = open.expiry.get(oldest).is_none_or(|until| *until <= now);
            if !gone && open.order.len() < MAX_OPEN {
                break;
            }
            if let Some(oldest) = open.order.pop_front() {
                open.expiry.remove(&oldest);
            }
        }
        open.expiry.insert(nonce.clone(), expires);
        open.order.push_back(nonce.clone());
        Ok((nonce, expires))
    }

    fn spend_allowance(&self, ip: &str, now: OffsetDateTime) -> Result<(), AppError> {
        let every = Duration::seconds(CHALLENGE_EVERY_SECS);
        let tolerance = every * (CHALLENGE_BURST as i32 - 1);
        let mut allowance = self
            .allowance
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if allowance.full_at.len() > allowance.prune_above.max(PRUNE_ADDRESSES_ABOVE) {
            allowance.full_at.retain(|_, full_at| *full_at > now);
            allowance.prune_above = 2 * allowance.full_at.len();
        }
        let full_at = allowance.full_at.entry(address_group(ip)).or_insert(now);
        let start = (*full_at).max(now);
        if start - now > tolerance {
            let wait = start - now - tolerance;
            return Err(AppError::Limited {
                code: "auth.challenges",
                message: "too many sign-in challenges from this network address: try again shortly"
                    .into(),
                retry_after: wait.whole_seconds().max(1) as u64,
            });
        }
        *full_at = start + every;
        Ok(())
    }

    /// Spend a nonce: true if it was open and unexpired. Spent either way, so a nonce
    /// cannot be retried with another signature.
    pub(crate) fn take(&self, nonce_hex: &str, now: OffsetDateTime) -> bool {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        // Its place in `order` goes when it reaches the front.
        open.expiry
            .remove(&nonce_hex.trim().to_ascii_lowercase())
            .is_some_and(|until| until > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn an_address_gets_its_burst_then_one_per_interval() {
        let c = Challenges::default();
        let t = datetime!(2026-03-01 09:00 +8);
        for _ in 0..CHALLENGE_BURST {
            c.issue(Some("192.0.2.1"), t).unwrap();
        }
        let Err(AppError::Limited { retry_after, .. }) = c.issue(Some("192.0.2.1"), t) else {
            panic!("over the burst");
        };
        assert_eq!(retry_after, CHALLENGE_EVERY_SECS as u64);
        c.issue(Some("192.0.2.2"), t).unwrap();
        let later = t + Duration::seconds(CHALLENGE_EVERY_SECS);
        c.issue(Some("192.0.2.1"), later).unwrap();
        assert!(c.issue(Some("192.0.2.1"), later).is_err());
    }

    #[test]
    fn the_oldest_open_challenge_makes_room() {
        let c = Challenges::default();
        let t = datetime!(2026-03-01 09:00 +8);
        let (first, _) = c.issue(None, t).unwrap();
        for _ in 0..MAX_OPEN {
            c.issue(None, t).unwrap();
        }
        let (last, _) = c.issue(None, t).unwrap();
        assert!(!c.take(&first, t), "dropped to make room");
        assert!(c.take(&last, t));
    }
}
