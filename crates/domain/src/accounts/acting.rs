//! Who acts as whom. Every request runs as the actor of a person ([`PersonState::actor`]):
//! a disabled person, or one whose organisation is deactivated, cannot act anywhere. Staff
//! work done for a post runs as [`act_for_post`]: the primary (A) while present, else the
//! backup (B) on A's behalf, which the log records as `Actor::on_behalf_of`.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::accounts::error::AccountError;
use crate::accounts::ids::PersonId;
use crate::accounts::membership::check_org;
use crate::accounts::organisation::OrgState;
use crate::accounts::person::PersonState;
use crate::accounts::post::PostState;
use crate::aggregate::{Actor, Role};

impl PersonState {
    /// The actor this person signs in as: refused while the person is disabled, or while its
    /// organisation (`org`, loaded by the app) is deactivated or of the wrong kind. Every
    /// request goes through here, so a disabled person cannot act anywhere. The people of an
    /// organisation not yet approved sign in with `unapproved` set: they complete its file,
    /// and [`crate::access::authorize_trade_write`] keeps them off every trade.
    pub fn actor(&self, org: Option<&OrgState>) -> Result<Actor, AccountError> {
        let p = self.registered()?;
        if p.disabled.is_some() {
            return Err(AccountError::Disabled {
                person: p.id.to_string(),
            });
        }
        let mut unapproved = None;
        if let Some(code) = &p.org {
            let org = org
                .filter(|o| o.org.as_ref().is_some_and(|o| &o.code == code))
                .ok_or(AccountError::NotRegistered {
                    what: "organisation",
                })?;
            check_org(p.role, org)?;
            unapproved = org.org.as_ref().and_then(|o| o.unapproved());
        }
        Ok(Actor {
            id: p.id.to_string(),
            role: p.role,
            org: p.org.as_ref().map(|c| c.to_string()),
            on_behalf_of: None,
            unapproved,
        })
    }
}

/// How a person may act for a post right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "as", rename_all = "snake_case")]
pub enum ActingAs {
    Primary,
    /// The backup, on behalf of the primary who is away.
    Backup {
        on_behalf_of: PersonId,
    },
}

impl ActingAs {
    /// The actor as recorded in the log: a backup's actor names the primary.
    pub fn apply(&self, mut actor: Actor) -> Actor {
        actor.on_behalf_of = match self {
            ActingAs::Primary => None,
            ActingAs::Backup { on_behalf_of } => Some(on_behalf_of.to_string()),
        };
        actor
    }
}

/// Whether `person` may act for the post at `now`, and as whom; the refusal says why.
pub fn may_act(
    post: &PostState,
    person: &PersonId,
    now: OffsetDateTime,
) -> Result<ActingAs, AccountError> {
    let a = post.holder(person)?;
    let away = |p: &PersonId| AccountError::HolderAway {
        post: a.post.to_string(),
        person: p.to_string(),
        until: post.away.get(p).copied().flatten(),
    };
    if &a.primary == person {
        if post.is_away(person, now) {
            return Err(away(person));
        }
        return Ok(ActingAs::Primary);
    }
    if !post.is_away(&a.primary, now) {
        return Err(AccountError::PrimaryPresent {
            post: a.post.to_string(),
            primary: a.primary.to_string(),
            backup: person.to_string(),
        });
    }
    if post.is_away(person, now) {
        return Err(away(person));
    }
    Ok(ActingAs::Backup {
        on_behalf_of: a.primary.clone(),
    })
}

/// [`may_act`] without the reason: `None` when the person may not act for the post now.
pub fn who_may_act(post: &PostState, person: &PersonId, now: OffsetDateTime) -> Option<ActingAs> {
    may_act(post, person, now).ok()
}

/// The actor of a staff member acting for a post: an enabled person of the center staff
/// (see [`PersonState::actor`]) who may act for the post now; as the backup, the actor
/// carries `on_behalf_of` = the primary.
pub fn act_for_post(
    person: &PersonState,
    org: Option<&OrgState>,
    post: &PostState,
    now: OffsetDateTime,
) -> Result<Actor, AccountError> {
    let actor = person.actor(org)?;
    if actor.role != Role::CenterStaff {
        return Err(AccountError::NotStaff {
            person: actor.id,
            role: actor.role,
        });
    }
    let id = PersonId::parse(&actor.id)?;
    Ok(may_act(post, &id, now)?.apply(actor))
}
