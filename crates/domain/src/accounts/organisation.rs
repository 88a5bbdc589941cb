//! The Organisation aggregate: one stream per unified social credit code. An organisation is
//! what tenderers, agencies and bidders act for (`Actor::org`), and what the trade names.
//!
//! Who registers: center staff, any kind. The platform, during a sign-up, only bidders and
//! agencies: market entities that come to the center on their own, and whose code is checked
//! by its check character here and against the business register by the sign-up flow. The
//! center itself, tenderers (public bodies that own projects) and supervision departments are
//! registered by staff, because each gets powers over trades that a self-declared account
//! must not have.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::access::{Action, Relation, authorize};
use crate::accounts::error::AccountError;
use crate::accounts::ids::display_name;
use crate::aggregate::{Aggregate, Context, DomainEvent, Role};
use crate::serde_time;
use crate::values::{RegionCode, UnifiedSocialCreditCode};

/// What an organisation is to the center. Experts belong to none (they are drawn and act in
/// their own name); the public needs no organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Center,
    Tenderer,
    Agency,
    Bidder,
    Supervisor,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Center => "center",
            OrgKind::Tenderer => "tenderer",
            OrgKind::Agency => "agency",
            OrgKind::Bidder => "bidder",
            OrgKind::Supervisor => "supervisor",
        }
    }

    /// The role of the people who act for an organisation of this kind.
    pub fn role(self) -> Role {
        match self {
            OrgKind::Center => Role::CenterStaff,
            OrgKind::Tenderer => Role::Tenderer,
            OrgKind::Agency => Role::Agency,
            OrgKind::Bidder => Role::Bidder,
            OrgKind::Supervisor => Role::Supervisor,
        }
    }

    /// Whether people of `role` may belong to an organisation of this kind: its own role,
    /// and the center's administrators to the center.
    pub fn admits(self, role: Role) -> bool {
        self.role() == role || (self == OrgKind::Center && role == Role::Administrator)
    }

    /// May the platform register it during a sign-up (see the module docs)?
    pub fn self_service(self) -> bool {
        matches!(self, OrgKind::Bidder | OrgKind::Agency)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OrgCommand {
    /// Center staff; the platform for a bidder's or agency's sign-up.
    Register {
        code: UnifiedSocialCreditCode,
        name: String,
        kind: OrgKind,
        region: RegionCode,
    },
    /// After a change in the business register (工商变更).
    Rename {
        name: String,
    },
    /// Its people can no longer act; the log keeps why.
    Deactivate {
        reason: String,
    },
    Reactivate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OrgEvent {
    Registered {
        code: UnifiedSocialCreditCode,
        name: String,
        kind: OrgKind,
        region: RegionCode,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Renamed {
        name: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Deactivated {
        reason: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Reactivated {
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for OrgEvent {
    fn kind(&self) -> &'static str {
        match self {
            OrgEvent::Registered { .. } => "org.registered",
            OrgEvent::Renamed { .. } => "org.renamed",
            OrgEvent::Deactivated { .. } => "org.deactivated",
            OrgEvent::Reactivated { .. } => "org.reactivated",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub code: UnifiedSocialCreditCode,
    pub name: String,
    pub kind: OrgKind,
    pub region: RegionCode,
    pub active: bool,
    pub registered_at: OffsetDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgState {
    pub org: Option<Organisation>,
}

impl OrgState {
    fn registered(&self) -> Result<&Organisation, AccountError> {
        self.org.as_ref().ok_or(AccountError::NotRegistered {
            what: "organisation",
        })
    }
}

/// No `OrgCommand` names a file.
impl crate::NamesFiles for OrgCommand {}

impl Aggregate for OrgState {
    type Command = OrgCommand;
    type Event = OrgEvent;
    type Error = AccountError;

    fn decide(
        &self,
        command: &OrgCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<OrgEvent>, AccountError> {
        let role = ctx.actor.role;
        authorize(role, Action::ManageAccounts, None, Relation::None)?;
        let at = ctx.now;
        let event = match command {
            OrgCommand::Register {
                code,
                name,
                kind,
                region,
            } => {
                if role == Role::Platform && !kind.self_service() {
                    return Err(AccountError::NotSelfService {
                        kind: kind.as_str(),
                    });
                }
                if let Some(org) = &self.org {
                    return Err(AccountError::AlreadyRegistered {
                        what: "organisation",
                        id: org.code.to_string(),
                    });
                }
                OrgEvent::Registered {
                    code: code.clone(),
                    name: display_name("organisation name", name, 200)?,
                    kind: *kind,
                    region: region.clone(),
                    at,
                }
            }
            OrgCommand::Rename { name } => {
                let org = self.registered()?;
                let name = display_name("organisation name", name, 200)?;
                if name == org.name {
                    return Err(no_change(org, "named so"));
                }
                OrgEvent::Renamed { name, at }
            }
            OrgCommand::Deactivate { reason } => {
                let org = self.registered()?;
                if !org.active {
                    return Err(no_change(org, "deactivated"));
                }
                let reason = display_name("reason", reason, 500)?;
                OrgEvent::Deactivated { reason, at }
            }
            OrgCommand::Reactivate => {
                let org = self.registered()?;
                if org.active {
                    return Err(no_change(org, "active"));
                }
                OrgEvent::Reactivated { at }
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &OrgEvent) {
        match event {
            OrgEvent::Registered {
                code,
                name,
                kind,
                region,
                at,
            } => {
                self.org = Some(Organisation {
                    code: code.clone(),
                    name: name.clone(),
                    kind: *kind,
                    region: region.clone(),
                    active: true,
                    registered_at: *at,
                });
            }
            OrgEvent::Renamed { name, .. } => {
                if let Some(org) = &mut self.org {
                    org.name = name.clone();
                }
            }
            OrgEvent::Deactivated { .. } | OrgEvent::Reactivated { .. } => {
                if let Some(org) = &mut self.org {
                    org.active = matches!(event, OrgEvent::Reactivated { .. });
                }
            }
        }
    }
}

fn no_change(org: &Organisation, state: &'static str) -> AccountError {
    AccountError::NoChange {
        what: format!("organisation {}", org.code),
        state,
    }
}
