//! A custodian's custody key: the X25519 key their browser made (WebCrypto, not extractable)
//! that a round's opening-key shares are sealed to (`bidding::custodians`). Bound by the
//! person, from their workbench, or on their one-time link's page with the password.
use domain::accounts::PersonCommand;
use domain::{Actor, Role};

use crate::accounts::{AccountOutcome, execute_person};
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;

/// The roles a round's custodians are drawn from (three sides: the center's witness post, a
/// supervisor, the tenderer or its agency): whose pages offer to make a custody key.
pub fn may_hold_shares(role: Role) -> bool {
    matches!(
        role,
        Role::CenterStaff | Role::Supervisor | Role::Tenderer | Role::Agency
    )
}

/// The keys a one-time link's page made in the browser (hex), bound with the password.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserKeys<'a> {
    /// Ed25519: signs the person in and signs in rooms.
    pub sign_in: Option<&'a str>,
    /// X25519: receives opening-key shares.
    pub custody: Option<&'a str>,
}

/// Checks a custody key as the sealing crate will use it: 32 bytes, not of small order.
pub(crate) fn check_custody_key(hex: &str) -> Result<(), AppError> {
    let bad = || {
        AppError::rule(
            "account.bad_public_key",
            "an X25519 public key: 64 hex characters",
        )
    };
    let bytes: [u8; 32] = hex::decode(hex.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad)?;
    seal::CustodianKey::X25519(bytes)
        .check()
        .map_err(|e| AppError::rule("account.bad_public_key", e.to_string()))
}

/// Binds the custody key `public_key_hex` to the caller's own account.
pub async fn bind_custody_key(
    platform: &Platform,
    public_key_hex: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    check_custody_key(public_key_hex)?;
    let command = PersonCommand::BindCustodyKey {
        public_key_hex: public_key_hex.trim().to_owned(),
    };
    let done = execute_person(platform, &actor.id, command, actor, meta).await?;
    tracing::info!(person = %actor.id, "custody key bound");
    Ok(done)
}
