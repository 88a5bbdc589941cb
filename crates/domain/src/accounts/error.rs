//! Why an account command was refused. One error type for the three account aggregates;
//! every variant names the rule and has a stable code ([`AccountError::code`]): `access.*`
//! when the permission matrix refused, `account.*` otherwise.

use legal_time::OffsetDateTime;

use crate::access::Denied;
use crate::accounts::organisation::OrgKind;
use crate::aggregate::Role;
use crate::trade::error::show_time;
use crate::values::ValueError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error("{0}: the platform hashes passwords with argon2id and sends only the PHC string")]
    BadPasswordHash(ValueError),
    #[error("{0}")]
    BadPublicKey(ValueError),
    #[error("{what} {id} is already registered")]
    AlreadyRegistered { what: &'static str, id: String },
    #[error("no such {what}: register it first")]
    NotRegistered { what: &'static str },
    #[error("this stream is {what} {stream}, not {target}")]
    WrongStream {
        what: &'static str,
        stream: String,
        target: String,
    },
    #[error("{what} is already {state}")]
    NoChange { what: String, state: &'static str },
    #[error("sign-up registers only bidders and agencies; a {kind} is registered by center staff")]
    NotSelfService { kind: &'static str },
    #[error("a {role} acts for an organisation: name one", role = .role.as_str())]
    OrgRequired { role: Role },
    #[error("a {role} acts in their own name, not for an organisation", role = .role.as_str())]
    OrgNotAllowed { role: Role },
    #[error("a {role} cannot belong to a {kind} organisation", role = .role.as_str(), kind = .kind.as_str())]
    OrgKindMismatch { role: Role, kind: OrgKind },
    #[error("organisation {org} is deactivated: its people cannot act")]
    OrgInactive { org: String },
    #[error("role {role} is not an account (public callers and the platform need none)", role = .role.as_str())]
    RoleNotRegistrable { role: Role },
    #[error("{person} is disabled and cannot act")]
    Disabled { person: String },
    #[error("{what}: {reason}")]
    Invalid { what: &'static str, reason: String },
    #[error("key {key} is already registered for this person")]
    KeyExists { key: String },
    #[error("key {key} was revoked and may never be added again")]
    KeyRevoked { key: String },
    #[error("key {key} is not an active key of this person")]
    KeyUnknown { key: String },
    #[error("post {post}: the primary (A) and the backup (B) must be two people")]
    SamePerson { post: String },
    #[error("post {post}: {person} holds neither its A nor its B")]
    NotPostHolder { post: String, person: String },
    #[error("the post has no holders yet: assign an A and a B first")]
    PostVacant,
    #[error("post {post}: {primary} (A) is present, so {backup} (B) may not act")]
    PrimaryPresent {
        post: String,
        primary: String,
        backup: String,
    },
    #[error("post {post}: {person} is marked away{}", until_text(.until))]
    HolderAway {
        post: String,
        person: String,
        until: Option<OffsetDateTime>,
    },
    #[error("post {post}: {person} is not marked away")]
    NotAway { post: String, person: String },
    #[error("{person} is a {role}: only center staff hold posts", role = .role.as_str())]
    NotStaff { person: String, role: Role },
}

// The matrix's denials keep their own class; who holds a post is who may act for it.
crate::refusals!(AccountError {
    Value(_) => "account.invalid_value", Rule;
    BadPasswordHash(_) => "account.bad_password_hash", Rule;
    BadPublicKey(_) => "account.bad_public_key", Rule;
    AlreadyRegistered { .. } => "account.already_registered", Rule;
    NotRegistered { .. } => "account.not_registered", Rule;
    WrongStream { .. } => "account.wrong_stream", Rule;
    NoChange { .. } => "account.no_change", Rule;
    NotSelfService { .. } => "account.not_self_service", Rule;
    OrgRequired { .. } => "account.org_required", Rule;
    OrgNotAllowed { .. } => "account.org_not_allowed", Rule;
    OrgKindMismatch { .. } => "account.org_kind_mismatch", Rule;
    OrgInactive { .. } => "account.org_inactive", Rule;
    RoleNotRegistrable { .. } => "account.role_not_registrable", Rule;
    Disabled { .. } => "account.disabled", Rule;
    Invalid { .. } => "account.invalid_input", Rule;
    KeyExists { .. } => "account.key_exists", Rule;
    KeyRevoked { .. } => "account.key_revoked", Rule;
    KeyUnknown { .. } => "account.key_unknown", Rule;
    SamePerson { .. } => "account.same_person", Rule;
    NotPostHolder { .. } => "account.not_post_holder", Forbidden;
    PostVacant => "account.post_vacant", Rule;
    PrimaryPresent { .. } => "account.primary_present", Rule;
    HolderAway { .. } => "account.holder_away", Rule;
    NotAway { .. } => "account.not_away", Rule;
    NotStaff { .. } => "account.not_staff", Rule;
} wraps {
    Denied(d) => d;
});

impl AccountError {
    pub(crate) fn invalid(what: &'static str, reason: impl Into<String>) -> AccountError {
        AccountError::Invalid {
            what,
            reason: reason.into(),
        }
    }
}

fn until_text(until: &Option<OffsetDateTime>) -> String {
    match until {
        Some(u) => format!(" until {}", show_time(u)),
        None => String::new(),
    }
}
