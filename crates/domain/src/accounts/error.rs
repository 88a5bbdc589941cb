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
    #[error(
        "a sign-up registers bidders, tenderers (purchasers), agencies and banks, each reviewed by center staff; a {kind} is registered by center staff"
    )]
    NotSelfService { kind: &'static str },
    #[error(
        "an organisation with the unified social credit code {code} is already registered: one registration serves the whole platform (一次登记、全平台通用); ask its people to invite you"
    )]
    OrgExists { code: String },
    #[error(
        "the file of organisation {org} waits for review: it cannot change until center staff approve or return it"
    )]
    UnderReview { org: String },
    #[error("organisation {org} has no change waiting: change its file first")]
    NothingPending { org: String },
    #[error("organisation {org} has not submitted its file for review")]
    NotSubmitted { org: String },
    #[error("the file is incomplete: give the {missing} before submitting it")]
    FileIncomplete { missing: &'static str },
    #[error(
        "qualification {number} ({kind}) expired on {valid_until}: a file carries only valid qualifications (a bid needs them valid at its deadline); renew it or remove it"
    )]
    QualificationExpired {
        number: String,
        kind: String,
        valid_until: legal_time::Date,
    },
    #[error("qualification {number}: it cannot end before it starts")]
    QualificationDates { number: String },
    #[error("qualification {number}: attach 1 to {max} files (the scanned certificate)")]
    QualificationFiles { number: String, max: usize },
    #[error("qualification {number} is already in the file")]
    QualificationExists { number: String },
    #[error("no qualification {number} in the file")]
    QualificationUnknown { number: String },
    #[error("a return gives its reasons, so the organisation knows what to correct")]
    ReasonsRequired,
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
    #[error("{person} already signs in (a password or a key): only they may bind further keys")]
    AccountInUse { person: String },
    #[error("the certificate is valid from {} to {}, not now", show_time(.not_before), show_time(.not_after))]
    CertificateNotValid {
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    },
    #[error("this sign-in link is not valid: used, replaced by a newer one, or never issued")]
    LinkUnknown,
    #[error("this sign-in link expired at {}: ask for a new one", show_time(.expired_at))]
    LinkExpired { expired_at: OffsetDateTime },
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
    OrgExists { .. } => "account.org_exists", Rule;
    UnderReview { .. } => "account.under_review", Rule;
    NothingPending { .. } => "account.nothing_pending", Rule;
    NotSubmitted { .. } => "account.not_submitted", Rule;
    FileIncomplete { .. } => "account.file_incomplete", Rule;
    QualificationExpired { .. } => "account.qualification_expired", Rule;
    QualificationDates { .. } => "account.qualification_dates", Rule;
    QualificationFiles { .. } => "account.qualification_files", Rule;
    QualificationExists { .. } => "account.qualification_exists", Rule;
    QualificationUnknown { .. } => "account.qualification_unknown", Rule;
    ReasonsRequired => "account.reasons_required", Rule;
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
    AccountInUse { .. } => "account.in_use", Rule;
    CertificateNotValid { .. } => "account.certificate_not_valid", Rule;
    LinkUnknown => "account.link_unknown", Rule;
    LinkExpired { .. } => "account.link_expired", Rule;
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
