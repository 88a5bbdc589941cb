//! The two ways in. Both: refuse while locked, check the secret, count a failure, and on
//! success open a session for the person's current actor. A failure never says whether the
//! person exists: one code, `auth.bad_credentials`, and (for passwords) the same argon2
//! work either way.

use crate::accounts::verify_password;
use crate::auth::challenge::message;
use crate::auth::limiter::{Key, Method};
use crate::auth::signature::verifies;
use crate::auth::{Challenge, SessionGrant};
use crate::error::AppError;
use crate::platform::Platform;

pub(crate) fn bad_credentials() -> AppError {
    AppError::refusal(
        domain::Refusal::new(domain::Class::Unauthenticated, "auth.bad_credentials"),
        "wrong sign-in name, password or signature",
    )
}

/// What a failure counts against: the address and account pair first (a success clears
/// it), then the address; for this way in only.
fn keys(method: Method, person: &str, ip: Option<&str>) -> Vec<Key> {
    let mut keys = vec![Key::pair(method, ip, person)];
    keys.extend(ip.map(|ip| Key::ip(method, ip)));
    keys
}

impl Platform {
    /// Sign in with a password. Errors: `auth.bad_credentials`, `auth.locked` (with
    /// `retry_after`), or the account's own refusal when the password was right but the
    /// person cannot act (`account.disabled`, `account.org_inactive`).
    pub async fn sign_in_password(
        &self,
        person: &str,
        password: &str,
        ip: Option<String>,
    ) -> Result<SessionGrant, AppError> {
        let keys = keys(Method::Password, person, ip.as_deref());
        self.auth.limiter.check(&keys, self.session_now())?;
        let hash = self.credential(person).await?.and_then(|c| c.password);
        if !verify_password(hash, password.to_owned()).await {
            return Err(self.failed(&keys, person, "password"));
        }
        self.signed_in(&keys[0], person, "password").await
    }

    /// A fresh single-use challenge for [`Platform::sign_in_key`]. Limited per address
    /// (`auth.challenges`, with `retry_after`), never for everyone.
    pub async fn challenge(&self, ip: Option<String>) -> Result<Challenge, AppError> {
        let now = self.session_now();
        let (nonce_hex, expires_at) = self.auth.challenges.issue(ip.as_deref(), now)?;
        Ok(Challenge {
            message: message(&self.origin, &nonce_hex),
            nonce_hex,
            expires_at,
        })
    }

    /// Sign in with a signature (hex) over a challenge's message, by one of the person's
    /// active keys of `algorithm` (`ed25519` or `sm2`). The nonce is spent whatever the
    /// outcome. Errors: `auth.bad_challenge` (unknown, spent or expired nonce: ask for a new
    /// one), `auth.bad_credentials`, `auth.locked`, or the account's own refusal.
    pub async fn sign_in_key(
        &self,
        person: &str,
        nonce_hex: &str,
        algorithm: &str,
        signature_hex: &str,
        ip: Option<String>,
    ) -> Result<SessionGrant, AppError> {
        let now = self.session_now();
        let keys = keys(Method::Key, person, ip.as_deref());
        self.auth.limiter.check(&keys, now)?;
        if !self.auth.challenges.take(nonce_hex, now) {
            return Err(AppError::refusal(
                domain::Refusal::new(domain::Class::Unauthenticated, "auth.bad_challenge"),
                "the challenge is unknown, used or expired: ask for a new one",
            ));
        }
        let algorithm = crate::key_proof::key_algorithm(algorithm)?;
        let credential = self.credential(person).await?;
        let message = message(&self.origin, &nonce_hex.trim().to_ascii_lowercase());
        let signature = hex::decode(signature_hex.trim()).unwrap_or_default();
        let ok = credential.is_some_and(|c| {
            c.keys
                .iter()
                .filter(|k| k.algorithm() == algorithm)
                .any(|k| verifies(k, message.as_bytes(), &signature))
        });
        if !ok {
            return Err(self.failed(&keys, person, algorithm.as_str()));
        }
        self.signed_in(&keys[0], person, algorithm.as_str()).await
    }

    fn failed(&self, keys: &[Key], person: &str, method: &str) -> AppError {
        let lock = self.auth.limiter.fail(keys, self.session_now());
        tracing::info!(
            person.id = person,
            auth.method = method,
            locked = lock.is_some(),
            "sign-in failed"
        );
        lock.unwrap_or_else(bad_credentials)
    }

    async fn signed_in(
        &self,
        key: &Key,
        person: &str,
        method: &str,
    ) -> Result<SessionGrant, AppError> {
        let id = crate::accounts::parse_person(person)?;
        let actor = self.current_actor(&id).await?;
        self.auth.limiter.succeed(key);
        let grant = self.open_session(id, actor).await?;
        tracing::info!(person.id = person, auth.method = method, "signed in");
        Ok(grant)
    }
}
