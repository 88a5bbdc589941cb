//! The Organisation aggregate: one stream per unified social credit code, so a code is
//! registered once for the whole platform (一次登记、全平台通用). An organisation is what
//! tenderers, agencies, bidders and banks act for (`Actor::org`), and what the trade names.
//!
//! Two ways in:
//! * center staff `Register` any kind, in force at once (the center itself, supervision
//!   departments, a tenderer entered at the counter): staff vouch for what they enter;
//! * a bidder, tenderer (purchaser), agency or bank signs up (`Apply`, taken by the platform
//!   for the anonymous sign-up): a draft that its people complete ([`OrgDetails`],
//!   qualifications with their files) and `Submit`; a person of the `registration` post
//!   `Approve`s it or `Return`s it with reasons, and it is submitted again. Until the first
//!   approval its people may sign in and work on the file, but act on no trade
//!   ([`crate::access::authorize_trade_write`]).
//!
//! A change to an approved file is a new pending file beside it, reviewed the same way; the
//! approved file stays in force until the change is approved ([`OrgState::in_force`]).

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::accounts::error::AccountError;
use crate::accounts::org_file::{OrgDetails, OrgFile, Pending, Qualification, Review, Unapproved};
use crate::aggregate::{DomainEvent, Role};
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
    Bank,
}

impl OrgKind {
    pub const ALL: [OrgKind; 6] = [
        OrgKind::Center,
        OrgKind::Tenderer,
        OrgKind::Agency,
        OrgKind::Bidder,
        OrgKind::Supervisor,
        OrgKind::Bank,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Center => "center",
            OrgKind::Tenderer => "tenderer",
            OrgKind::Agency => "agency",
            OrgKind::Bidder => "bidder",
            OrgKind::Supervisor => "supervisor",
            OrgKind::Bank => "bank",
        }
    }

    pub fn from_name(name: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The role of the people who act for an organisation of this kind.
    pub fn role(self) -> Role {
        match self {
            OrgKind::Center => Role::CenterStaff,
            OrgKind::Tenderer => Role::Tenderer,
            OrgKind::Agency => Role::Agency,
            OrgKind::Bidder => Role::Bidder,
            OrgKind::Supervisor => Role::Supervisor,
            OrgKind::Bank => Role::Bank,
        }
    }

    /// Whether people of `role` may belong to an organisation of this kind: its own role,
    /// and the center's administrators to the center.
    pub fn admits(self, role: Role) -> bool {
        self.role() == role || (self == OrgKind::Center && role == Role::Administrator)
    }

    /// May it register itself (reviewed by staff)? The center and supervision departments
    /// get powers over trades and are registered by staff only.
    pub fn self_service(self) -> bool {
        matches!(
            self,
            OrgKind::Bidder | OrgKind::Agency | OrgKind::Tenderer | OrgKind::Bank
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OrgCommand {
    /// Center staff: in force at once.
    Register {
        code: UnifiedSocialCreditCode,
        name: String,
        kind: OrgKind,
        region: RegionCode,
    },
    /// The platform, for a sign-up: a draft to complete and submit.
    Apply {
        code: UnifiedSocialCreditCode,
        name: String,
        kind: OrgKind,
        region: RegionCode,
    },
    /// Its people: the name, legal representative, contact, address.
    UpdateDetails {
        name: String,
        details: OrgDetails,
    },
    AddQualification {
        qualification: Qualification,
    },
    RemoveQualification {
        number: String,
    },
    /// Its people: ask for review.
    Submit,
    /// Its people: drop a change not yet approved (the file in force stays).
    DiscardChanges,
    /// The `registration` post.
    Approve,
    Return {
        reasons: Vec<String>,
    },
    /// Center staff, after a change in the business register (工商变更).
    Rename {
        name: String,
    },
    /// Its people can no longer act; the log keeps why.
    Deactivate {
        reason: String,
    },
    Reactivate,
}

impl crate::NamesFiles for OrgCommand {
    fn named_files(&self) -> Vec<crate::NamedFile<'_>> {
        match self {
            OrgCommand::AddQualification { qualification } => {
                qualification.files.iter().map(Into::into).collect()
            }
            _ => Vec::new(),
        }
    }
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
    Applied {
        code: UnifiedSocialCreditCode,
        name: String,
        kind: OrgKind,
        region: RegionCode,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    DetailsUpdated {
        name: String,
        details: OrgDetails,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    QualificationAdded {
        qualification: Qualification,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    QualificationRemoved {
        number: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Submitted {
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ChangesDiscarded {
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// `by`: the reviewer; `on_behalf_of`: the post's A when its B decided.
    Approved {
        by: String,
        #[serde(default)]
        on_behalf_of: Option<String>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Returned {
        reasons: Vec<String>,
        by: String,
        #[serde(default)]
        on_behalf_of: Option<String>,
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
            OrgEvent::Applied { .. } => "org.applied",
            OrgEvent::DetailsUpdated { .. } => "org.details_updated",
            OrgEvent::QualificationAdded { .. } => "org.qualification_added",
            OrgEvent::QualificationRemoved { .. } => "org.qualification_removed",
            OrgEvent::Submitted { .. } => "org.submitted",
            OrgEvent::ChangesDiscarded { .. } => "org.changes_discarded",
            OrgEvent::Approved { .. } => "org.approved",
            OrgEvent::Returned { .. } => "org.returned",
            OrgEvent::Renamed { .. } => "org.renamed",
            OrgEvent::Deactivated { .. } => "org.deactivated",
            OrgEvent::Reactivated { .. } => "org.reactivated",
        }
    }

    fn blob_hashes(&self) -> Vec<String> {
        match self {
            OrgEvent::QualificationAdded { qualification, .. } => qualification
                .files
                .iter()
                .map(|f| f.sha256.to_string())
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub code: UnifiedSocialCreditCode,
    pub kind: OrgKind,
    pub region: RegionCode,
    pub active: bool,
    pub registered_at: OffsetDateTime,
    /// The file in force: approved (or registered by staff). `None` until the first approval.
    pub approved: Option<OrgFile>,
    /// The last approval (`None` for an organisation registered by staff).
    pub approval: Option<Review>,
    /// The file being completed or reviewed: the registration itself, or a change.
    pub pending: Option<Pending>,
}

impl Organisation {
    /// The name people read: the file in force's, else the one being registered.
    pub fn name(&self) -> &str {
        self.in_force()
            .or(self.pending.as_ref().map(|p| &p.file))
            .map_or("", |f| f.name.as_str())
    }

    /// The file in force, if the organisation was ever approved.
    pub fn in_force(&self) -> Option<&OrgFile> {
        self.approved.as_ref()
    }

    /// The file the organisation's people see and edit: the pending one, else the one in
    /// force (every organisation has one or the other).
    pub fn working(&self) -> Option<&OrgFile> {
        self.pending
            .as_ref()
            .map(|p| &p.file)
            .or(self.approved.as_ref())
    }

    /// Why its people may not act on trades yet (`None`: approved, they may).
    pub fn unapproved(&self) -> Option<Unapproved> {
        match (&self.approved, &self.pending) {
            (Some(_), _) => None,
            (None, Some(p)) => Some(p.status),
            (None, None) => Some(Unapproved::Draft),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgState {
    pub org: Option<Organisation>,
}

impl OrgState {
    pub(crate) fn registered(&self) -> Result<&Organisation, AccountError> {
        self.org.as_ref().ok_or(AccountError::NotRegistered {
            what: "organisation",
        })
    }
}

pub(crate) fn no_change(org: &Organisation, state: &'static str) -> AccountError {
    AccountError::NoChange {
        what: format!("organisation {}", org.code),
        state,
    }
}
