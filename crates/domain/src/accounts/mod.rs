//! Accounts (issue #3): organisations, people and staff posts, each an aggregate with its own
//! stream, decided and evolved like a trade. Sign-in itself (argon2 verification, signature
//! checks, sessions, rate limits) happens in the web layer; the domain holds what it is
//! checked against and decides who may act as whom.
//!
//! | aggregate | stream | commands | event kinds |
//! |---|---|---|---|
//! | [`OrgState`] | unified social credit code | `Register`, `Apply`, `UpdateDetails`, `AddQualification`, `RemoveQualification`, `Submit`, `DiscardChanges`, `Approve`, `Return`, `Rename`, `Deactivate`, `Reactivate` | `org.*` |
//! | [`PersonState`] | person id | `Register`, `SetPassword`, `AddKey`, `AddCertificate`, `RevokeKey`, `Disable`, `Enable`, `SetContact`, `IssueLink`, `RedeemLink` | `person.*` |
//! | [`PostState`] | post id | `Assign`, `MarkAway`, `MarkBack` | `post.*` |
//!
//! An organisation's file (企业信息登记) and its review are in [`OrgFile`] and
//! `organisation.rs`.
//!
//! Who may issue each command is asked of the permission matrix ([`crate::access`]); the
//! aggregates add what only they can see (self-service limits, the person's own account).
//! A request then acts as [`PersonState::actor`], or for a staff post as [`act_for_post`].

mod acting;
mod contact;
mod credentials;
mod error;
mod ids;
mod membership;
mod org_file;
mod org_rules;
mod organisation;
mod person;
mod person_rules;
mod post;

pub use acting::{ActingAs, act_for_post, may_act, who_may_act};
pub use contact::{Contact, Email, Phone};
pub use credentials::{
    CertificateInfo, CustodyKey, KeyAlgorithm, LinkPurpose, MAX_LINK_DAYS, PasswordHash,
    PendingLink, PublicKey,
};
pub use error::AccountError;
pub(crate) use ids::display_name;
pub use ids::{PersonId, PostId};
pub use membership::{check_org, check_org_shape};
pub use org_file::{
    MAX_FILES, MAX_QUALIFICATIONS, OrgDetails, OrgFile, Pending, Qualification, Review, Unapproved,
};
pub use organisation::{OrgCommand, OrgEvent, OrgKind, OrgState, Organisation};
pub use person::{Person, PersonCommand, PersonEvent, PersonState, runs_center};
pub use post::{Assignment, PostCommand, PostEvent, PostState, STANDARD_POSTS, post_for};
