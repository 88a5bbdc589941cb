//! The Person aggregate: one stream per person id (the sign-in name). Personal data is kept
//! to what the platform needs to say who acted: a name, a role, an organisation; the contact
//! that sign-in links go to is sealed by the platform. No ID card numbers.
//!
//! Who may do what (the coarse part is the matrix, [`crate::access`]; the rules are in
//! `person_rules.rs`):
//! * register, disable, enable, send a sign-in link, set the contact: `manage_staff` (the
//!   administrator) for the people who run or watch the center ([`runs_center`]),
//!   `manage_accounts` (center staff) for everyone else; the platform registers the first
//!   person of an organisation's sign-up (bidder, tenderer, agency, bank), an expert
//!   activating its account, and the first administrator at `sunbid init` (the center's
//!   roster refuses a second one, see [`crate::center`]);
//! * register a colleague, send them their invitation (a first sign-in link), set their
//!   contact: also the people of the same organisation and role (`manage_own_org`);
//! * bind a custody key (the X25519 key their browser made, that opening-key shares are
//!   sealed to): the person themselves or the platform (on the link's page), never another;
//! * set the password, add a key: the person themselves or the platform (activation, links),
//!   never another person: whoever chose a password would know it. The administrator may
//!   bind the first key of a staff, supervisor or administrator account nobody signs in to
//!   yet, e.g. from a CA certificate issued on a USB key;
//! * redeem a sign-in link: the platform, on the link's page, for whoever holds the token;
//! * revoke a key: also whoever manages the account, since taking power away is safe.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::accounts::credentials::{
    CertificateInfo, CustodyKey, KeyAlgorithm, LinkPurpose, PasswordHash, PendingLink, PublicKey,
};
use crate::accounts::error::AccountError;
use crate::accounts::ids::PersonId;
use crate::aggregate::{DomainEvent, Role};
use crate::serde_time;
use crate::trade::sealed::SealedLabel;
use crate::values::{Sha256Hex, UnifiedSocialCreditCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PersonCommand {
    Register {
        id: PersonId,
        name: String,
        role: Role,
        org: Option<UnifiedSocialCreditCode>,
        /// What the person is to its organisation (职务, e.g. 投标经办人), if it has one.
        #[serde(default)]
        title: Option<String>,
    },
    /// `hash`: the argon2id PHC string computed by the platform; never a password.
    SetPassword {
        hash: String,
    },
    AddKey {
        algorithm: KeyAlgorithm,
        public_key_hex: String,
    },
    /// A key taken from a CA certificate (parsed by the platform): kept with what the
    /// certificate says, and refused outside its validity.
    AddCertificate {
        algorithm: KeyAlgorithm,
        public_key_hex: String,
        certificate: CertificateInfo,
    },
    RevokeKey {
        algorithm: KeyAlgorithm,
        public_key_hex: String,
    },
    /// The custody key (X25519, hex) the person's browser made: shares of later rounds are
    /// sealed to it. A new one replaces the old (a new computer); shares already sealed stay
    /// with the old.
    BindCustodyKey {
        public_key_hex: String,
    },
    Disable {
        reason: String,
    },
    Enable,
    /// Where sign-in links go (an e-mail address or a mobile number), sealed by the platform.
    SetContact {
        sealed: SealedLabel,
    },
    /// A one-time sign-in link: the platform made the token and sends it; the command
    /// carries only its SHA-256. A new link replaces an unused one.
    IssueLink {
        purpose: LinkPurpose,
        token_sha256: Sha256Hex,
        #[serde(with = "serde_time::instant")]
        expires_at: OffsetDateTime,
    },
    /// The holder of a link's token sets a password (`hash`, as in `SetPassword`).
    RedeemLink {
        token_sha256: Sha256Hex,
        hash: String,
        /// An Ed25519 public key (hex) the person's browser made on the link's page, bound in
        /// the same step: the link, not the password, vouches for it (a password session
        /// alone may not add the key that key proofs ask for).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        browser_key: Option<String>,
        /// The custody key (X25519, hex) the browser made on the same page, if the person may
        /// be a custodian: bound in the same step, vouched for by the link likewise.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        custody_key: Option<String>,
    },
}

/// Person events. None is public. `PasswordSet` carries the hash so that sign-in reads the
/// state like everything else; its `Debug` is redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PersonEvent {
    Registered {
        id: PersonId,
        name: String,
        role: Role,
        org: Option<UnifiedSocialCreditCode>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    PasswordSet {
        hash: PasswordHash,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    KeyAdded {
        key: PublicKey,
        /// The certificate the key came from, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        certificate: Option<CertificateInfo>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    KeyRevoked {
        key: PublicKey,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    CustodyKeyBound {
        key: CustodyKey,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Disabled {
        reason: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Enabled {
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ContactSet {
        sealed: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    LinkIssued {
        purpose: LinkPurpose,
        token_sha256: Sha256Hex,
        #[serde(with = "serde_time::instant")]
        expires_at: OffsetDateTime,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// Followed by the `PasswordSet` it allowed.
    LinkRedeemed {
        purpose: LinkPurpose,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for PersonEvent {
    fn kind(&self) -> &'static str {
        match self {
            PersonEvent::Registered { .. } => "person.registered",
            PersonEvent::PasswordSet { .. } => "person.password_set",
            PersonEvent::KeyAdded { .. } => "person.key_added",
            PersonEvent::KeyRevoked { .. } => "person.key_revoked",
            PersonEvent::CustodyKeyBound { .. } => "person.custody_key_bound",
            PersonEvent::Disabled { .. } => "person.disabled",
            PersonEvent::Enabled { .. } => "person.enabled",
            PersonEvent::ContactSet { .. } => "person.contact_set",
            PersonEvent::LinkIssued { .. } => "person.link_issued",
            PersonEvent::LinkRedeemed { .. } => "person.link_redeemed",
        }
    }
}

/// The roles whose accounts the administrator keeps: the people who run the center (staff,
/// administrators) or watch it (supervisors).
pub fn runs_center(role: Role) -> bool {
    matches!(
        role,
        Role::CenterStaff | Role::Supervisor | Role::Administrator
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    pub org: Option<UnifiedSocialCreditCode>,
    pub title: Option<String>,
    pub password: Option<PasswordHash>,
    /// Active keys, in the order added.
    pub keys: Vec<PublicKey>,
    /// The certificates active keys came from.
    pub certificates: Vec<(PublicKey, CertificateInfo)>,
    /// Revoked keys never come back (a revoked key may be compromised).
    pub revoked: Vec<PublicKey>,
    /// The custody key shares are sealed to, if the person's browser made one.
    pub custody_key: Option<CustodyKey>,
    /// The reason, while disabled.
    pub disabled: Option<String>,
    pub contact: Option<SealedLabel>,
    /// The sign-in link issued and not used yet.
    pub link: Option<PendingLink>,
}

impl Person {
    /// Whether anyone signs in to this account yet (a password or a key).
    pub fn in_use(&self) -> bool {
        self.password.is_some() || !self.keys.is_empty()
    }

    /// The certificate `key` came from, if any.
    pub fn certificate(&self, key: &PublicKey) -> Option<&CertificateInfo> {
        self.certificates
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, c)| c)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonState {
    pub person: Option<Person>,
}

impl PersonState {
    pub(crate) fn registered(&self) -> Result<&Person, AccountError> {
        self.person
            .as_ref()
            .ok_or(AccountError::NotRegistered { what: "person" })
    }

    /// The password hash to verify a sign-in against (then `PersonState::actor`).
    pub fn password(&self) -> Option<&PasswordHash> {
        self.person.as_ref()?.password.as_ref()
    }

    /// Whether `key` is an active key of this person at `now`: not revoked, and within its
    /// certificate's validity if it came from one (for sign-in by signed challenge).
    pub fn has_key(&self, key: &PublicKey, now: OffsetDateTime) -> bool {
        self.person.as_ref().is_some_and(|p| {
            p.keys.contains(key) && p.certificate(key).is_none_or(|c| c.valid_at(now))
        })
    }

    pub(crate) fn evolve_person(&mut self, event: &PersonEvent) {
        if let PersonEvent::Registered {
            id,
            name,
            role,
            org,
            title,
            ..
        } = event
        {
            self.person = Some(Person {
                id: id.clone(),
                name: name.clone(),
                role: *role,
                org: org.clone(),
                title: title.clone(),
                password: None,
                keys: vec![],
                certificates: vec![],
                revoked: vec![],
                custody_key: None,
                disabled: None,
                contact: None,
                link: None,
            });
            return;
        }
        let Some(p) = &mut self.person else {
            return;
        };
        match event {
            PersonEvent::Registered { .. } => {}
            PersonEvent::PasswordSet { hash, .. } => {
                p.password = Some(hash.clone());
                // A link issued before the password changed is stale.
                p.link = None;
            }
            PersonEvent::KeyAdded {
                key, certificate, ..
            } => {
                p.keys.push(key.clone());
                if let Some(c) = certificate {
                    p.certificates.push((key.clone(), c.clone()));
                }
            }
            PersonEvent::KeyRevoked { key, .. } => {
                p.keys.retain(|k| k != key);
                p.certificates.retain(|(k, _)| k != key);
                p.revoked.push(key.clone());
            }
            PersonEvent::CustodyKeyBound { key, .. } => p.custody_key = Some(key.clone()),
            PersonEvent::Disabled { reason, .. } => {
                p.disabled = Some(reason.clone());
                p.link = None;
            }
            PersonEvent::Enabled { .. } => p.disabled = None,
            PersonEvent::ContactSet { sealed, .. } => p.contact = Some(sealed.clone()),
            PersonEvent::LinkIssued {
                purpose,
                token_sha256,
                expires_at,
                ..
            } => {
                p.link = Some(PendingLink {
                    purpose: *purpose,
                    token_sha256: token_sha256.clone(),
                    expires_at: *expires_at,
                });
            }
            PersonEvent::LinkRedeemed { .. } => p.link = None,
        }
    }
}

pub(crate) fn parse_key(algorithm: KeyAlgorithm, hex: &str) -> Result<PublicKey, AccountError> {
    PublicKey::parse(algorithm, hex).map_err(AccountError::BadPublicKey)
}
