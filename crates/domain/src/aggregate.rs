use legal_time::Calendar;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use time::OffsetDateTime;

/// Who may act. `Platform` is the system itself (timers, automatic transitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CenterStaff,
    Tenderer,
    Agency,
    Bidder,
    Expert,
    Supervisor,
    /// A bank's people: they keep their bank's registration; banks act on deposits through
    /// signed notices, not through accounts.
    Bank,
    /// Runs the center's accounts and settings (系统管理员). Not a super-user: the matrix gives
    /// it administrative actions only, never a trade's sealed or party data.
    Administrator,
    Public,
    Platform,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::CenterStaff => "center_staff",
            Role::Tenderer => "tenderer",
            Role::Agency => "agency",
            Role::Bidder => "bidder",
            Role::Expert => "expert",
            Role::Supervisor => "supervisor",
            Role::Bank => "bank",
            Role::Administrator => "administrator",
            Role::Public => "public",
            Role::Platform => "platform",
        }
    }
}

/// The authenticated caller. `org` is the organisation acted for (a tenderer's, an agency's or
/// a bidder's unified social credit code); `on_behalf_of` names the primary (A) post holder when
/// a backup (B) acts; `unapproved` says why that organisation may not act on trades yet (its
/// registration is not approved: [`crate::access::authorize_trade_write`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    pub role: Role,
    pub org: Option<String>,
    pub on_behalf_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unapproved: Option<crate::accounts::Unapproved>,
}

impl Actor {
    pub fn new(id: impl Into<String>, role: Role) -> Actor {
        Actor {
            id: id.into(),
            role,
            org: None,
            on_behalf_of: None,
            unapproved: None,
        }
    }

    pub fn with_org(mut self, org: impl Into<String>) -> Actor {
        self.org = Some(org.into());
        self
    }

    pub fn platform() -> Actor {
        Actor::new("platform", Role::Platform)
    }
}

/// Everything a decision may depend on besides state and command.
pub struct Context<'a> {
    pub now: OffsetDateTime,
    pub actor: &'a Actor,
    pub calendar: &'a Calendar,
}

/// An event knows its stable kind name (e.g. `trade.registered`), used as the log's `kind`.
pub trait DomainEvent: Serialize + DeserializeOwned + Clone + std::fmt::Debug {
    fn kind(&self) -> &'static str;
    /// SHA-256 hex digests of stored files this event records (documents, reports...), so
    /// `verify` can check the blob folder against the log.
    fn blob_hashes(&self) -> Vec<String> {
        Vec::new()
    }
    /// The log must not name who did this (a sealed bid, a sealed obtaining): the record's
    /// actor is [`SEALED_ACTOR`], with no organisation hint and no network address.
    fn hides_actor(&self) -> bool {
        false
    }
}

/// A file a command names by its content: the app accepts the command only once the blob
/// folder holds bytes with this SHA-256 (and size, when the command states one), so no
/// caller can make the log name a file that was never stored (`verify` re-hashes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedFile<'a> {
    /// Lowercase hex SHA-256.
    pub sha256: &'a str,
    pub size: Option<u64>,
}

impl<'a> From<&'a crate::values::BlobRef> for NamedFile<'a> {
    fn from(b: &'a crate::values::BlobRef) -> NamedFile<'a> {
        NamedFile {
            sha256: b.sha256.as_str(),
            size: Some(b.size),
        }
    }
}

/// The files a command names. One method per command type, so the app checks them at one
/// spot of the command path for every route (the default names none).
pub trait NamesFiles {
    fn named_files(&self) -> Vec<NamedFile<'_>> {
        Vec::new()
    }
}

/// The actor recorded for events that hide who acted.
pub const SEALED_ACTOR: &str = "sealed";

/// One aggregate (one stream): a trade, a room.
pub trait Aggregate: Default + Clone {
    type Command;
    type Event: DomainEvent;
    /// Says its class, code and article ([`crate::refusal`]), so every layer above keeps them.
    type Error: crate::refusal::Refuse;

    fn decide(
        &self,
        command: &Self::Command,
        ctx: &Context<'_>,
    ) -> Result<Vec<Self::Event>, Self::Error>;
    fn evolve(&mut self, event: &Self::Event);
}
