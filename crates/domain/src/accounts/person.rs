//! The Person aggregate: one stream per person id (the sign-in name). Personal data is kept
//! to what the platform needs to say who acted: a name, a role, an organisation, and for the
//! people of an organisation what they are to it (职务, e.g. 投标经办人). No ID card numbers,
//! no phone numbers.
//!
//! Who may do what (the coarse part is the matrix, [`crate::access`]):
//! * register: center staff (`manage_accounts`); the people of an organisation add their
//!   colleagues (`manage_own_org`, same organisation and role); the platform registers the
//!   first person of a sign-up and an expert activating its account;
//! * disable, enable: center staff;
//! * set the password, add a key: the person themselves or the platform (activation and reset
//!   flows), never another person: center staff who chose a password would know it;
//! * revoke a key: also center staff, since taking power away is always safe.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::access::{Action, Relation, authorize};
use crate::accounts::credentials::{KeyAlgorithm, PasswordHash, PublicKey};
use crate::accounts::error::AccountError;
use crate::accounts::ids::{PersonId, display_name};
use crate::accounts::membership::check_org_shape;
use crate::aggregate::{Aggregate, Context, DomainEvent, Role};
use crate::serde_time;
use crate::values::UnifiedSocialCreditCode;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PersonCommand {
    Register {
        id: PersonId,
        name: String,
        role: Role,
        org: Option<UnifiedSocialCreditCode>,
        /// What the person is to its organisation (职务), if it has one.
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
    RevokeKey {
        algorithm: KeyAlgorithm,
        public_key_hex: String,
    },
    Disable {
        reason: String,
    },
    Enable,
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
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    KeyRevoked {
        key: PublicKey,
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
}

impl DomainEvent for PersonEvent {
    fn kind(&self) -> &'static str {
        match self {
            PersonEvent::Registered { .. } => "person.registered",
            PersonEvent::PasswordSet { .. } => "person.password_set",
            PersonEvent::KeyAdded { .. } => "person.key_added",
            PersonEvent::KeyRevoked { .. } => "person.key_revoked",
            PersonEvent::Disabled { .. } => "person.disabled",
            PersonEvent::Enabled { .. } => "person.enabled",
        }
    }
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
    /// Revoked keys never come back (a revoked key may be compromised).
    pub revoked: Vec<PublicKey>,
    /// The reason, while disabled.
    pub disabled: Option<String>,
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

    /// Whether `key` is an active key of this person (for sign-in by signed challenge).
    pub fn has_key(&self, key: &PublicKey) -> bool {
        self.person.as_ref().is_some_and(|p| p.keys.contains(key))
    }

    /// The person acting on their own account, or the platform (see the module docs).
    fn own_account(&self, p: &Person, ctx: &Context<'_>) -> Result<(), AccountError> {
        let relation = if ctx.actor.id == p.id.as_str() {
            Relation::Oneself
        } else {
            Relation::None
        };
        Ok(authorize(
            ctx.actor.role,
            Action::ManageOwnAccount,
            None,
            relation,
        )?)
    }

    fn enabled(p: &Person) -> Result<(), AccountError> {
        match p.disabled {
            Some(_) => Err(AccountError::Disabled {
                person: p.id.to_string(),
            }),
            None => Ok(()),
        }
    }
}

impl Aggregate for PersonState {
    type Command = PersonCommand;
    type Event = PersonEvent;
    type Error = AccountError;

    fn decide(
        &self,
        command: &PersonCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<PersonEvent>, AccountError> {
        let at = ctx.now;
        let manage = || authorize(ctx.actor.role, Action::ManageAccounts, None, Relation::None);
        let event = match command {
            PersonCommand::Register {
                id,
                name,
                role,
                org,
                title,
            } => {
                may_register(ctx, *role, org.as_ref())?;
                check_org_shape(*role, org.as_ref())?;
                if let Some(p) = &self.person {
                    return Err(AccountError::AlreadyRegistered {
                        what: "person",
                        id: p.id.to_string(),
                    });
                }
                PersonEvent::Registered {
                    id: id.clone(),
                    name: display_name("person name", name, 100)?,
                    role: *role,
                    org: org.clone(),
                    title: optional_name("title", title.as_deref(), 50)?,
                    at,
                }
            }
            PersonCommand::SetPassword { hash } => {
                let p = self.registered()?;
                self.own_account(p, ctx)?;
                Self::enabled(p)?;
                let hash = PasswordHash::parse(hash).map_err(AccountError::BadPasswordHash)?;
                PersonEvent::PasswordSet { hash, at }
            }
            PersonCommand::AddKey {
                algorithm,
                public_key_hex,
            } => {
                let p = self.registered()?;
                self.own_account(p, ctx)?;
                Self::enabled(p)?;
                let key = parse_key(*algorithm, public_key_hex)?;
                if p.keys.contains(&key) {
                    return Err(AccountError::KeyExists {
                        key: key.to_string(),
                    });
                }
                if p.revoked.contains(&key) {
                    return Err(AccountError::KeyRevoked {
                        key: key.to_string(),
                    });
                }
                PersonEvent::KeyAdded { key, at }
            }
            PersonCommand::RevokeKey {
                algorithm,
                public_key_hex,
            } => {
                let p = self.registered()?;
                self.own_account(p, ctx)
                    .or_else(|own| manage().map_err(|_| own))?;
                let key = parse_key(*algorithm, public_key_hex)?;
                if !p.keys.contains(&key) {
                    return Err(AccountError::KeyUnknown {
                        key: key.to_string(),
                    });
                }
                PersonEvent::KeyRevoked { key, at }
            }
            PersonCommand::Disable { reason } => {
                manage()?;
                let p = self.registered()?;
                if p.disabled.is_some() {
                    return Err(no_change(p, "disabled"));
                }
                let reason = display_name("reason", reason, 500)?;
                PersonEvent::Disabled { reason, at }
            }
            PersonCommand::Enable => {
                manage()?;
                let p = self.registered()?;
                if p.disabled.is_none() {
                    return Err(no_change(p, "enabled"));
                }
                PersonEvent::Enabled { at }
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &PersonEvent) {
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
                revoked: vec![],
                disabled: None,
            });
            return;
        }
        let Some(p) = &mut self.person else {
            return;
        };
        match event {
            PersonEvent::Registered { .. } => {}
            PersonEvent::PasswordSet { hash, .. } => p.password = Some(hash.clone()),
            PersonEvent::KeyAdded { key, .. } => p.keys.push(key.clone()),
            PersonEvent::KeyRevoked { key, .. } => {
                p.keys.retain(|k| k != key);
                p.revoked.push(key.clone());
            }
            PersonEvent::Disabled { reason, .. } => p.disabled = Some(reason.clone()),
            PersonEvent::Enabled { .. } => p.disabled = None,
        }
    }
}

/// Who may register a person of `role` for `org`: center staff; the
/// platform for a sign-up's first person and an expert's activation; the organisation's
/// own people for a colleague (same organisation, same role).
fn may_register(
    ctx: &Context<'_>,
    role: Role,
    org: Option<&UnifiedSocialCreditCode>,
) -> Result<(), AccountError> {
    let a = ctx.actor;
    if authorize(a.role, Action::ManageAccounts, None, Relation::None).is_ok() {
        let platform_may = matches!(
            role,
            Role::Bidder | Role::Agency | Role::Tenderer | Role::Bank | Role::Expert
        );
        if a.role == Role::Platform && !platform_may {
            return Err(AccountError::NotSelfService {
                kind: role.as_str(),
            });
        }
        return Ok(());
    }
    let colleague = a.role == role
        && org.is_some_and(|o| {
            a.org
                .as_deref()
                .is_some_and(|mine| mine.eq_ignore_ascii_case(o.as_str()))
        });
    let relation = if colleague {
        Relation::Oneself
    } else {
        Relation::None
    };
    Ok(authorize(a.role, Action::ManageOwnOrg, None, relation)?)
}

/// An optional name: empty is none.
fn optional_name(
    field: &'static str,
    s: Option<&str>,
    max: usize,
) -> Result<Option<String>, AccountError> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => Ok(Some(display_name(field, t, max)?)),
    }
}

fn parse_key(algorithm: KeyAlgorithm, hex: &str) -> Result<PublicKey, AccountError> {
    PublicKey::parse(algorithm, hex).map_err(AccountError::BadPublicKey)
}

fn no_change(p: &Person, state: &'static str) -> AccountError {
    AccountError::NoChange {
        what: format!("person {}", p.id),
        state,
    }
}
