//! One-time links (一次性链接): an invitation to a person of an organisation to set a password
//! or bind a key, a password reset, an expert's activation of an account linked to the pool.
//! The app draws a random token, sends the link through the outbox and keeps only the
//! token's SHA-256, as the stream id (`link:<sha256>`): the log and a copy of the database
//! hold nothing a visitor could use. A link works once, and not after it expires.
//!
//! Issuing is account management (center staff, the platform acting on a person's request);
//! redeeming is the platform's, for whoever holds the token. What the link then does (set the
//! password, register the expert's person) is a command on that account, appended in the same
//! batch as the redemption so that neither happens alone.

use legal_time::{Duration, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::access::{Action, Denied, Relation, authorize};
use crate::accounts::error::AccountError;
use crate::accounts::ids::PersonId;
use crate::accounts::person::PersonState;
use crate::aggregate::{Aggregate, Context, DomainEvent, Role};
use crate::experts::ExpertId;
use crate::serde_time;

/// What a link is for, and whose account it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "purpose", rename_all = "snake_case")]
pub enum LinkFor {
    /// A person added to an organisation (or to the staff) sets a password or binds a key.
    Invitation {
        person: PersonId,
    },
    PasswordReset {
        person: PersonId,
    },
    /// An expert of the pool opens an account linked to its pool entry.
    ExpertActivation {
        expert: ExpertId,
    },
}

impl LinkFor {
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkFor::Invitation { .. } => "invitation",
            LinkFor::PasswordReset { .. } => "password_reset",
            LinkFor::ExpertActivation { .. } => "expert_activation",
        }
    }

    /// How long a link stays usable: long enough for a text message read late, short for
    /// a reset (whoever asked for it is waiting).
    pub fn lifetime(&self) -> Duration {
        match self {
            LinkFor::Invitation { .. } => Duration::days(7),
            LinkFor::PasswordReset { .. } => Duration::hours(1),
            LinkFor::ExpertActivation { .. } => Duration::days(14),
        }
    }

    /// The person the link opens, if it names one.
    pub fn person(&self) -> Option<&PersonId> {
        match self {
            LinkFor::Invitation { person } | LinkFor::PasswordReset { person } => Some(person),
            LinkFor::ExpertActivation { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LinkCommand {
    Issue { link: LinkFor },
    Redeem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LinkEvent {
    Issued {
        link: LinkFor,
        #[serde(with = "serde_time::instant")]
        expires_at: OffsetDateTime,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Redeemed {
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for LinkEvent {
    fn kind(&self) -> &'static str {
        match self {
            LinkEvent::Issued { .. } => "link.issued",
            LinkEvent::Redeemed { .. } => "link.redeemed",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkState {
    pub link: Option<LinkFor>,
    pub expires_at: Option<OffsetDateTime>,
    pub redeemed_at: Option<OffsetDateTime>,
}

impl LinkState {
    /// What the link opens, if it may be used at `now`: issued, unused, unexpired.
    pub fn usable(&self, now: OffsetDateTime) -> Result<&LinkFor, AccountError> {
        let (Some(link), Some(expires_at)) = (&self.link, self.expires_at) else {
            return Err(AccountError::LinkUnknown);
        };
        if let Some(at) = self.redeemed_at {
            return Err(AccountError::LinkUsed { at });
        }
        if now >= expires_at {
            return Err(AccountError::LinkExpired { at: expires_at });
        }
        Ok(link)
    }
}

impl Aggregate for LinkState {
    type Command = LinkCommand;
    type Event = LinkEvent;
    type Error = AccountError;

    fn decide(
        &self,
        command: &LinkCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<LinkEvent>, AccountError> {
        authorize(ctx.actor.role, Action::ManageAccounts, None, Relation::None)?;
        let at = ctx.now;
        let event = match command {
            LinkCommand::Issue { link } => {
                if self.link.is_some() {
                    // a token is drawn at random: the same one twice is a bug upstream
                    return Err(AccountError::AlreadyRegistered {
                        what: "link",
                        id: link.as_str().to_owned(),
                    });
                }
                LinkEvent::Issued {
                    link: link.clone(),
                    expires_at: at + link.lifetime(),
                    at,
                }
            }
            LinkCommand::Redeem => {
                if ctx.actor.role != Role::Platform {
                    return Err(Denied::WrongRole {
                        role: ctx.actor.role,
                        action: Action::ManageAccounts,
                    }
                    .into());
                }
                self.usable(at)?;
                LinkEvent::Redeemed { at }
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &LinkEvent) {
        match event {
            LinkEvent::Issued {
                link, expires_at, ..
            } => {
                self.link = Some(link.clone());
                self.expires_at = Some(*expires_at);
            }
            LinkEvent::Redeemed { at } => self.redeemed_at = Some(*at),
        }
    }
}

/// An invitation opens an account that has no credential yet: once the person has a
/// password or a key, an older invitation is spent (a reset is the way to change them).
pub fn check_invitation(person: &PersonState) -> Result<(), AccountError> {
    let p = person.registered()?;
    if p.password.is_some() || !p.keys.is_empty() {
        return Err(AccountError::AlreadyActivated {
            person: p.id.to_string(),
        });
    }
    if p.disabled.is_some() {
        return Err(AccountError::Disabled {
            person: p.id.to_string(),
        });
    }
    Ok(())
}
