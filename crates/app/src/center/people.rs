//! What the administrator's pages read and upload: the people who run or watch the center,
//! each with the one-time link last issued to them and how its message fared (never the
//! link itself), and the keys of trusted banks and guarantee issuers read from a file.

use domain::Actor;
use domain::access::{Action, Relation, authorize};
use domain::accounts::{LinkPurpose, PersonCommand, PersonState, runs_center};
use domain::center::{SignerKind, TrustedSigner};
use domain::outbox::{Message, Status};
use time::OffsetDateTime;

use super::staff::link_message_id;
use crate::accounts::{AccountOutcome, PersonView, parse_person};
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;

/// A link issued and not used yet, and its message's delivery (`None`: no message found,
/// e.g. the first administrator's link, printed by `sunbid init`).
#[derive(Debug, Clone)]
pub struct PendingLinkRow {
    pub purpose: LinkPurpose,
    pub expires_at: OffsetDateTime,
    pub message: Option<Status>,
}

/// A person of the center as the administrator lists them.
#[derive(Debug, Clone)]
pub struct StaffRow {
    pub person: PersonView,
    pub link: Option<PendingLinkRow>,
}

/// The center's own people (staff, supervisors, administrators), by id.
pub async fn staff(platform: &Platform, actor: &Actor) -> Result<Vec<StaffRow>, AppError> {
    authorize(actor.role, Action::ViewAccounts, None, Relation::None)
        .map_err(|d| AppError::refused(&d))?;
    let mut rows = Vec::new();
    for person in platform.people().await? {
        if !runs_center(person.role) {
            continue;
        }
        let id = parse_person(&person.id)?;
        let state = platform.read::<PersonState>(&id).await?.state;
        let link = match state.person.and_then(|p| p.link) {
            Some(l) => {
                let id = link_message_id(&l.token_sha256);
                let message = platform.read::<Message>(id.as_str()).await?.state.status;
                Some(PendingLinkRow {
                    purpose: l.purpose,
                    expires_at: l.expires_at,
                    message,
                })
            }
            None => None,
        };
        rows.push(StaffRow { person, link });
    }
    Ok(rows)
}

/// A trusted signer named `name` with the key of an uploaded file (a PEM public key or a
/// certificate): checked when the center decides.
pub fn signer_from_file(
    name: &str,
    kind: SignerKind,
    file: &[u8],
) -> Result<TrustedSigner, AppError> {
    Ok(TrustedSigner {
        name: name.trim().to_owned(),
        kind,
        key: crate::keys_x509::public_key_file(file)?,
    })
}

/// Binds a sign-in key from an uploaded file: a CA certificate (DER or PEM), or a bare PEM
/// public key (Ed25519 or SM2), so that nobody types a key's hex.
pub async fn bind_key_file(
    platform: &Platform,
    id: &str,
    file: &[u8],
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    if !crate::keys_x509::is_bare_key(file) {
        return bind_certificate(platform, id, file, actor, meta).await;
    }
    let key = crate::keys_x509::public_key_file(file)?;
    let command = PersonCommand::AddKey {
        algorithm: key.algorithm(),
        public_key_hex: key.hex().to_owned(),
    };
    crate::accounts::execute_person(platform, id, command, actor, meta).await
}

/// Binds the key a CA certificate (DER or PEM) carries to a person's account, with what the
/// certificate says; refused outside its validity.
pub async fn bind_certificate(
    platform: &Platform,
    id: &str,
    certificate: &[u8],
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let command = crate::keys_x509::add_certificate(certificate)?;
    crate::accounts::execute_person(platform, id, command, actor, meta).await
}
