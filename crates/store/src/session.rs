//! A signed-in session as the store keeps it. Sessions are not part of the record: they are
//! not events, `verify` does not re-derive them (`app::verify::EXEMPT`), and deleting them
//! all only signs everybody out.

use std::fmt;

/// One session. Only the SHA-256 of the token is stored: the raw token lives in the
/// client's cookie, so a leaked database does not hand out sessions. Times are UTC
/// microseconds, like `EventRecord::at_us`.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: [u8; 32],
    pub person: String,
    /// The role and organisation at sign-in, for listings; every request re-derives the
    /// actor from the accounts, so these never grant anything.
    pub role: String,
    pub org: Option<String>,
    /// The anti-CSRF token the pages echo back in forms and `X-CSRF-Token` headers.
    pub csrf: String,
    pub created_us: i64,
    pub expires_us: i64,
    pub last_seen_us: i64,
}

/// Tokens and CSRF values stay out of logs.
impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("person", &self.person)
            .field("role", &self.role)
            .field("org", &self.org)
            .field("created_us", &self.created_us)
            .field("expires_us", &self.expires_us)
            .field("last_seen_us", &self.last_seen_us)
            .finish_non_exhaustive()
    }
}
