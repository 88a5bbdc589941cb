//! Failed sign-ins, counted in memory, for each way in (password, key) apart. Limits:
//! * an address and account pair: [`PAIR_MAX_FAILURES`] failures within [`WINDOW_SECS`]
//!   lock that sign-in name from that address for [`LOCKOUT_SECS`] (slows guessing one
//!   password);
//! * an address: [`IP_MAX_FAILURES`] in the same window lock it for as long (slows trying
//!   one password on many names). Higher, because many bidders may sit behind one office NAT.
//!
//! Nothing is locked for everyone: a stranger's failures lock the stranger's address, never
//! the account (so nobody can lock the opening's custodians out by guessing at their
//! names), and password failures never lock key sign-in. Addresses are grouped as in
//! [`crate::address_group`].
//!
//! Names that do not exist are counted like names that do, so a lockout tells nothing about
//! who is registered. A success clears the pair's count, not the address's (else one valid
//! account could reset an attacker's count). While locked, even the right password is
//! refused, with `auth.locked` and the seconds to wait.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use time::{Duration, OffsetDateTime};

use crate::error::AppError;

pub const PAIR_MAX_FAILURES: usize = 5;
pub const IP_MAX_FAILURES: usize = 20;
/// 15 minutes.
pub const WINDOW_SECS: i64 = 15 * 60;
/// 15 minutes.
pub const LOCKOUT_SECS: i64 = 15 * 60;
/// Past this many tracked keys, entries with nothing to remember are dropped.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Default)]
struct Entry {
    failures: VecDeque<OffsetDateTime>,
    locked_until: Option<OffsetDateTime>,
}

impl Entry {
    fn forget_before(&mut self, now: OffsetDateTime) {
        let since = now - Duration::seconds(WINDOW_SECS);
        while self.failures.front().is_some_and(|t| *t <= since) {
            self.failures.pop_front();
        }
        if self.locked_until.is_some_and(|u| u <= now) {
            self.locked_until = None;
        }
    }
}

/// The way in a failure counts against.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Method {
    Password,
    Key,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Password => "password",
            Method::Key => "key",
        }
    }
}

/// What is counted: an address and account pair or an address, for one way in, and its limit.
pub(crate) struct Key {
    key: String,
    max: usize,
    what: &'static str,
}

fn address(ip: Option<&str>) -> String {
    ip.map_or_else(|| "unknown".to_owned(), crate::auth::address_group)
}

impl Key {
    pub(crate) fn pair(method: Method, ip: Option<&str>, person: &str) -> Key {
        Key {
            key: format!(
                "{}:pair:{}:{}",
                method.as_str(),
                address(ip),
                person.trim().to_ascii_lowercase()
            ),
            max: PAIR_MAX_FAILURES,
            what: "this sign-in name from this network address",
        }
    }

    pub(crate) fn ip(method: Method, ip: &str) -> Key {
        Key {
            key: format!("{}:ip:{}", method.as_str(), address(Some(ip))),
            max: IP_MAX_FAILURES,
            what: "this network address",
        }
    }
}

#[derive(Default)]
pub(crate) struct Limiter {
    entries: Mutex<HashMap<String, Entry>>,
}

fn locked(what: &str, until: OffsetDateTime, now: OffsetDateTime) -> AppError {
    let wait = until - now;
    let secs = (wait.whole_seconds() + i64::from(wait.subsec_nanoseconds() > 0)).max(1);
    let at = until.to_offset(legal_time::BEIJING);
    AppError::Limited {
        code: "auth.locked",
        message: format!(
            "too many failed sign-ins for {what}: locked until {:02}:{:02} Beijing time, try again in {} minutes",
            at.hour(),
            at.minute(),
            (secs + 59) / 60
        ),
        retry_after: secs as u64,
    }
}

impl Limiter {
    /// Refuses while any of `keys` is locked (naming the one locked longest).
    pub(crate) fn check(&self, keys: &[Key], now: OffsetDateTime) -> Result<(), AppError> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let mut worst: Option<(&Key, OffsetDateTime)> = None;
        for k in keys {
            if let Some(e) = entries.get_mut(&k.key) {
                e.forget_before(now);
                if let Some(until) = e.locked_until
                    && worst.is_none_or(|(_, w)| until > w)
                {
                    worst = Some((k, until));
                }
            }
        }
        match worst {
            Some((k, until)) => Err(locked(k.what, until, now)),
            None => Ok(()),
        }
    }

    /// Counts a failure against every key; if that locks one, the lockout error.
    pub(crate) fn fail(&self, keys: &[Key], now: OffsetDateTime) -> Option<AppError> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() > PRUNE_ABOVE {
            entries.retain(|_, e| {
                e.forget_before(now);
                !e.failures.is_empty() || e.locked_until.is_some()
            });
        }
        let mut lock = None;
        for k in keys {
            let e = entries.entry(k.key.clone()).or_default();
            e.forget_before(now);
            e.failures.push_back(now);
            if e.failures.len() >= k.max {
                let until = now + Duration::seconds(LOCKOUT_SECS);
                e.failures.clear();
                e.locked_until = Some(until);
                lock = Some(locked(k.what, until, now));
            }
        }
        lock
    }

    /// A success: forget the failures of this key.
    pub(crate) fn succeed(&self, key: &Key) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.remove(&key.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn locks_at_the_limit_and_unlocks_after_the_lockout() {
        let l = Limiter::default();
        let t = datetime!(2026-03-01 09:00 +8);
        let keys = [Key::pair(Method::Password, Some("192.0.2.1"), "bidder-1")];
        for i in 0..PAIR_MAX_FAILURES - 1 {
            assert!(l.fail(&keys, t + Duration::seconds(i as i64)).is_none());
        }
        let Some(AppError::Limited { retry_after, .. }) = l.fail(&keys, t + Duration::seconds(10))
        else {
            panic!("the fifth failure locks")
        };
        assert_eq!(retry_after, LOCKOUT_SECS as u64);
        let later = t + Duration::seconds(10 + LOCKOUT_SECS - 30);
        match l.check(&keys, later) {
            Err(AppError::Limited { retry_after, .. }) => assert_eq!(retry_after, 30),
            other => panic!("{other:?}"),
        }
        assert!(l.check(&keys, later + Duration::seconds(30)).is_ok());
    }

    #[test]
    fn failures_outside_the_window_do_not_count() {
        let l = Limiter::default();
        let t = datetime!(2026-03-01 09:00 +8);
        let keys = [Key::pair(Method::Password, None, "x")];
        for i in 0..20 {
            // one failure every 4 minutes: never 5 within 15 minutes
            assert!(l.fail(&keys, t + Duration::minutes(4 * i)).is_none());
        }
    }
}
