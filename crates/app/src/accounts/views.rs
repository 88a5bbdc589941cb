//! The account projections: what pages and the API read (`org/<code>`, `person/<id>`,
//! `post/<id>`), and the credentials only sign-in reads (`credential/<id>`). Derived from
//! aggregate state only, so `verify`'s replay re-derives every row. The person row carries
//! no password hash and no keys: a page that lists people can never leak them.

use domain::accounts::{CustodyKey, OrgKind, OrgState, PersonState, PostState, PublicKey};
use domain::{PersonId, PostId, Role};
use serde::{Deserialize, Serialize};
use store::ProjectionWrite;
use time::OffsetDateTime;

pub const ORG_PREFIX: &str = "org:";
pub const PERSON_PREFIX: &str = "person:";
pub const POST_PREFIX: &str = "post:";

/// Projection kinds, also the first half of each row's key path (`org/<code>`...).
pub const ORG: &str = "org";
pub const PERSON: &str = "person";
pub const CREDENTIAL: &str = "credential";
pub const POST: &str = "post";

pub fn org_stream(code: &str) -> String {
    format!("{ORG_PREFIX}{code}")
}

pub fn person_stream(id: &PersonId) -> String {
    format!("{PERSON_PREFIX}{id}")
}

pub fn post_stream(id: &PostId) -> String {
    format!("{POST_PREFIX}{id}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgView {
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    pub region: String,
    pub active: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub registered_at: OffsetDateTime,
}

/// A person as listed: no credentials (see `credential/<id>`), only whether there are any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub org: Option<String>,
    /// The reason, while disabled.
    pub disabled: Option<String>,
    pub has_password: bool,
    pub active_keys: usize,
    /// The custody key (X25519 hex) opening-key shares are sealed to, if bound.
    #[serde(default)]
    pub custody_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwayMark {
    pub person: String,
    /// The end of the mark; `None`: until marked back.
    #[serde(with = "time::serde::rfc3339::option")]
    pub until: Option<OffsetDateTime>,
}

/// A post's holders and away marks. A mark whose `until` has passed is still listed: it
/// lapses by time, which the reader compares with the clock (as `PostState::is_away` does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub post: String,
    pub primary: Option<String>,
    pub backup: Option<String>,
    pub away: Vec<AwayMark>,
}

/// What sign-in checks against. Only `auth` reads this kind.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CredentialDoc {
    /// The argon2id PHC string, if a password was set.
    pub password: Option<String>,
    pub keys: Vec<PublicKey>,
    pub revoked: Vec<PublicKey>,
    /// Shares are sealed to it rather than to a sign-in key.
    #[serde(default)]
    pub custody_key: Option<CustodyKey>,
}

fn row<T: Serialize>(kind: &str, key: &str, doc: Option<&T>) -> ProjectionWrite {
    ProjectionWrite {
        kind: kind.to_owned(),
        key: key.to_owned(),
        doc: doc.map(|d| serde_json::to_value(d).expect("account views serialise")),
    }
}

pub fn org_rows(key: &str, state: &OrgState) -> Vec<ProjectionWrite> {
    let view = state.org.as_ref().map(|o| OrgView {
        code: o.code.to_string(),
        name: o.name().to_owned(),
        kind: o.kind,
        region: o.region.as_str().to_owned(),
        active: o.active,
        registered_at: o.registered_at,
    });
    vec![row(ORG, key, view.as_ref())]
}

/// Two rows per person: the listing and the credentials.
pub fn person_rows(key: &str, state: &PersonState) -> Vec<ProjectionWrite> {
    let p = state.person.as_ref();
    let view = p.map(|p| PersonView {
        id: p.id.to_string(),
        name: p.name.clone(),
        role: p.role,
        org: p.org.as_ref().map(|c| c.to_string()),
        disabled: p.disabled.clone(),
        has_password: p.password.is_some(),
        active_keys: p.keys.len(),
        custody_key: p.custody_key.as_ref().map(|k| k.hex().to_owned()),
    });
    let credential = p.map(|p| CredentialDoc {
        password: p.password.as_ref().map(|h| h.as_str().to_owned()),
        keys: p.keys.clone(),
        revoked: p.revoked.clone(),
        custody_key: p.custody_key.clone(),
    });
    vec![
        row(PERSON, key, view.as_ref()),
        row(CREDENTIAL, key, credential.as_ref()),
    ]
}

pub fn post_rows(key: &str, state: &PostState) -> Vec<ProjectionWrite> {
    let a = state.assignment.as_ref();
    let view = PostView {
        post: key.to_owned(),
        primary: a.map(|a| a.primary.to_string()),
        backup: a.map(|a| a.backup.to_string()),
        away: state
            .away
            .iter()
            .map(|(person, until)| AwayMark {
                person: person.to_string(),
                until: *until,
            })
            .collect(),
    };
    vec![row(POST, key, Some(&view))]
}
