//! Passwords: the policy, argon2id hashing (argon2 0.6 defaults, the parameters RFC 9106
//! and OWASP recommend: m=19 MiB, t=2, p=1) and verification. Both run on the blocking pool:
//! a hash takes tens of milliseconds of CPU, which must not stall the async workers.

use std::sync::OnceLock;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use domain::Actor;
use domain::PersonId;
use domain::accounts::PersonCommand;

use crate::accounts::{AccountOutcome, parse_person};
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;

/// At least this many characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// At most this many bytes: enough for any passphrase, and it bounds the hashing work.
pub const MAX_PASSWORD_BYTES: usize = 256;

fn weak(message: &str) -> AppError {
    AppError::rule("auth.weak_password", message.to_owned())
}

/// The password policy: 8 characters or more, not only digits (a birthday or a phone
/// number), not the sign-in name itself.
pub(crate) fn check_policy(person: &PersonId, password: &str) -> Result<(), AppError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(weak("a password needs at least 8 characters"));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(weak("a password may have at most 256 bytes"));
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err(weak("a password must not be only digits"));
    }
    if password.eq_ignore_ascii_case(person.as_str()) {
        return Err(weak("a password must not be the sign-in name"));
    }
    Ok(())
}

fn hash_now(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let hash = Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))?;
    Ok(hash.to_string())
}

/// The argon2id PHC string of `password`, with a fresh random salt.
pub(crate) async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|e| AppError::Internal(format!("password hashing stopped: {e}")))?
}

/// A hash of nothing anybody knows, verified against when the person has no password (or
/// does not exist), so that a failure takes as long either way and timing does not tell
/// which people exist.
fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut secret = [0u8; 32];
        let _ = getrandom::fill(&mut secret);
        hash_now(&hex::encode(secret)).unwrap_or_default()
    })
}

/// Whether `password` matches `hash` (the decoy when `None`: then always false).
pub(crate) async fn verify_password(hash: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| decoy().to_owned());
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok();
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// Set a person's password: checked against the policy (`auth.weak_password`), hashed
/// with argon2id, recorded as `person.password_set` (the hash, never the password). The
/// actor is the person themselves or the platform (activation, reset). Every session
/// of the person ends.
pub async fn set_password(
    platform: &Platform,
    person: &str,
    password: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let id = parse_person(person)?;
    check_policy(&id, password)?;
    let hash = hash_password(password.to_owned()).await?;
    let command = PersonCommand::SetPassword { hash };
    crate::accounts::execute_person(platform, person, command, actor, meta).await
}
