//! Sign-in and sessions (issue #3). Two ways in: a password (argon2id), or a signature over
//! a single-use server challenge with a registered key (Ed25519, or SM2 for the national
//! suite: the platform's stand-in for the CA certificate sign-in of Chinese platforms).
//! Either way the person must be enabled and able to act ([`domain::accounts::PersonState::actor`]),
//! failures are counted per address and account, and per address, for each way in apart
//! ([`limiter`]), and success
//! creates a session: a random token for the client, its SHA-256 in the store.
//!
//! Every request re-derives the actor from the accounts ([`Platform::session`]), so a
//! disabled person, or one whose organisation was deactivated, is signed out at once.
//!
//! The web layer: put [`SessionGrant::token`] in an `HttpOnly; SameSite=Strict; Secure`
//! cookie (or hand it to API clients as a Bearer token), and require
//! [`SessionInfo::csrf`] back on every cookie-authenticated write.
//!
//! [`Platform::session`]: crate::Platform::session

mod challenge;
mod limiter;
mod session;
mod sign_in;
pub(crate) mod signature;
mod watch;

use std::fmt;

use domain::{Actor, PersonId};
use serde::Serialize;
use time::OffsetDateTime;

pub use challenge::{CHALLENGE_BURST, CHALLENGE_EVERY_SECS};
pub use limiter::{IP_MAX_FAILURES, LOCKOUT_SECS, PAIR_MAX_FAILURES, WINDOW_SECS};
pub use signature::SM2_DISTID;
pub use watch::SESSION_RECHECK_SECS;

/// The unit per-address limits count: an IPv4 address, or the /64 of an IPv6 address (one
/// host usually holds a whole /64 and could pick a fresh address per request). Text that is
/// no address is its own unit.
pub fn address_group(ip: &str) -> String {
    use std::net::{IpAddr, Ipv6Addr};
    match ip.trim().parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.trim().to_owned(),
    }
}

/// A session ends after this long without a request (sliding expiry)...
pub const SESSION_IDLE_SECS: i64 = 8 * 3600;
/// ...and this long after sign-in, however active (a working day and a night).
pub const SESSION_ABSOLUTE_SECS: i64 = 24 * 3600;
/// A challenge must be signed and sent back within this time.
pub const CHALLENGE_TTL_SECS: i64 = 5 * 60;

/// In-memory sign-in state of one server: open challenges and failure counters. With
/// several servers behind a load balancer, each counts its own failures (the limits then
/// hold per server) and a challenge must come back to the server that issued it (sticky
/// sessions for `/api/session/*`, or move this state into the store).
pub(crate) struct AuthState {
    pub(crate) challenges: challenge::Challenges,
    pub(crate) limiter: limiter::Limiter,
    /// The token hashes of sessions signed out on this server, for their live streams.
    pub(crate) signed_out: tokio::sync::broadcast::Sender<[u8; 32]>,
}

impl Default for AuthState {
    fn default() -> AuthState {
        AuthState {
            challenges: Default::default(),
            limiter: Default::default(),
            signed_out: tokio::sync::broadcast::channel(64).0,
        }
    }
}

/// A challenge to sign for key sign-in: sign `message` (UTF-8 bytes, exactly) and send
/// the nonce back with the signature before `expires_at`. Single-use.
#[derive(Debug, Clone, Serialize)]
pub struct Challenge {
    #[serde(rename = "nonce")]
    pub nonce_hex: String,
    /// `"sunbid sign-in\n<origin>\n<nonce>\n"`: the origin names the platform, so a
    /// signature made for one platform is no use on another.
    pub message: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// Who a valid session belongs to, re-derived on every request.
#[derive(Clone)]
pub struct SessionInfo {
    pub person: PersonId,
    /// The actor from the current account state (never from the session row).
    pub actor: Actor,
    /// The anti-CSRF token of this session.
    pub csrf: String,
    pub expires_at: OffsetDateTime,
}

/// A new session: `token` goes to the client once and is stored nowhere in the clear.
#[derive(Clone)]
pub struct SessionGrant {
    pub token: String,
    pub info: SessionInfo,
}

// Tokens stay out of logs.
impl fmt::Debug for SessionInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionInfo")
            .field("person", &self.person)
            .field("actor", &self.actor)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for SessionGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionGrant")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}
