//! Sessions: opened at sign-in, looked up on every request (re-deriving the actor), slid
//! forward while in use, ended by sign-out, by expiry, or when the person can no longer act.

use domain::accounts::act_for_post;
use domain::{Actor, PersonId, PostId};
use sha2::{Digest, Sha256};
use store::Session;
use time::{Duration, OffsetDateTime};

use crate::accounts::refused;
use crate::auth::{SESSION_ABSOLUTE_SECS, SESSION_IDLE_SECS, SessionGrant, SessionInfo};
use crate::error::AppError;
use crate::platform::Platform;

/// A session's last-seen time is written at most this often: a page view is a read, and
/// need not be a database write each time.
const TOUCH_EVERY_SECS: i64 = 60;

fn us(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000) as i64
}

fn from_us(us: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(legal_time::BEIJING)
}

fn random_hex() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

/// The stored form of a token: SHA-256 of its 32 bytes. `None` if it is not 64 hex digits.
pub(crate) fn token_hash(token: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(token.trim()).ok()?;
    let bytes = <[u8; 32]>::try_from(bytes.as_slice()).ok()?;
    Some(Sha256::digest(bytes).into())
}

impl Platform {
    /// The actor a person acts as now, from the current account state (the streams, not
    /// the projections): refused while the person or their organisation cannot act.
    pub async fn current_actor(&self, person: &PersonId) -> Result<Actor, AppError> {
        let loaded = self.load_person(person).await?;
        let org = match loaded.state.person.as_ref().and_then(|p| p.org.as_ref()) {
            Some(code) => Some(self.load_org(code.as_str()).await?.state),
            None => None,
        };
        loaded.state.actor(org.as_ref()).map_err(refused)
    }

    pub(crate) async fn open_session(
        &self,
        person: PersonId,
        actor: Actor,
    ) -> Result<SessionGrant, AppError> {
        let now = self.session_now();
        let token = random_hex()?;
        let hash = token_hash(&token).expect("a fresh token is 64 hex digits");
        let expires_at = now + Duration::seconds(SESSION_IDLE_SECS);
        let session = Session {
            token_hash: hash,
            person: person.to_string(),
            role: actor.role.as_str().to_owned(),
            org: actor.org.clone(),
            csrf: random_hex()?,
            created_us: us(now),
            expires_us: us(expires_at),
            last_seen_us: us(now),
        };
        // Housekeeping rides on sign-ins: they are rare next to requests.
        self.store.purge_expired_sessions(us(now)).await?;
        self.store.create_session(&session).await?;
        Ok(SessionGrant {
            token,
            info: SessionInfo {
                person,
                actor,
                csrf: session.csrf,
                expires_at,
            },
        })
    }

    /// The session of `token`, or `None` (unknown, expired, or its person can no longer
    /// act: then it is deleted). Slides the idle expiry, never past the absolute one.
    pub async fn session(&self, token: &str) -> Result<Option<SessionInfo>, AppError> {
        self.look_up_session(token, true).await
    }

    /// [`Platform::session`] without sliding the expiry: whether the session still holds
    /// (a live stream checking its session is no sign of the person being there).
    pub(crate) async fn session_holds(&self, token: &str) -> Result<bool, AppError> {
        Ok(self.look_up_session(token, false).await?.is_some())
    }

    async fn look_up_session(
        &self,
        token: &str,
        touch: bool,
    ) -> Result<Option<SessionInfo>, AppError> {
        let Some(hash) = token_hash(token) else {
            return Ok(None);
        };
        let now = self.session_now();
        let Some(s) = self.store.session(&hash, us(now)).await? else {
            return Ok(None);
        };
        let Ok(person) = PersonId::parse(&s.person) else {
            self.store.delete_session(&hash).await?;
            return Ok(None);
        };
        let actor = match self.current_actor(&person).await {
            Ok(actor) => actor,
            Err(e @ AppError::Refused { .. }) => {
                tracing::info!(person.id = %person, reason = e.code(), "session ended: the person cannot act");
                self.store.delete_session(&hash).await?;
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let absolute = s.created_us + SESSION_ABSOLUTE_SECS * 1_000_000;
        let mut expires_us = s.expires_us;
        if touch && us(now) - s.last_seen_us >= TOUCH_EVERY_SECS * 1_000_000 {
            expires_us = (us(now) + SESSION_IDLE_SECS * 1_000_000).min(absolute);
            self.store.touch_session(&hash, us(now), expires_us).await?;
        }
        Ok(Some(SessionInfo {
            person,
            actor,
            csrf: s.csrf,
            expires_at: from_us(expires_us),
        }))
    }

    /// End the session of `token` (unknown tokens are fine). Its live streams on this
    /// server end at once ([`Platform::session_ended`]).
    pub async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        if let Some(hash) = token_hash(token) {
            self.store.delete_session(&hash).await?;
            // Nobody watching is fine.
            let _ = self.auth.signed_out.send(hash);
        }
        Ok(())
    }

    /// The actor for staff work done through a post (岗位): the signed-in person as A
    /// while present, or as B on A's behalf while A is away (the log then records
    /// `on_behalf_of` = A). Refused (`account.primary_present`, `account.holder_away`,
    /// `account.not_post_holder`, `account.not_staff`...) otherwise.
    pub async fn acting_actor(&self, session: &SessionInfo, post: &str) -> Result<Actor, AppError> {
        let post = PostId::parse(post).map_err(|e| AppError::Invalid(e.to_string()))?;
        let post = self.load_post(&post).await?.state;
        let person = self.load_person(&session.person).await?.state;
        let org = match person.person.as_ref().and_then(|p| p.org.as_ref()) {
            Some(code) => Some(self.load_org(code.as_str()).await?.state),
            None => None,
        };
        act_for_post(&person, org.as_ref(), &post, self.session_now()).map_err(refused)
    }
}
