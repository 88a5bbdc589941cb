//! Account use cases (issue #3): organisations, people and staff posts, each its own stream
//! (`org:<code>`, `person:<id>`, `post:<id>`), run through the pipeline with their rows. Passwords are hashed here (argon2id) before the domain
//! sees them; sign-in is in `auth`.

mod contact;
mod custody;
mod password;
mod reads;
mod views;

pub use contact::set_contact;
pub(crate) use custody::check_custody_key;
pub use custody::{BrowserKeys, bind_custody_key, may_hold_shares};
pub use password::{MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS, set_password};
pub(crate) use password::{check_policy, hash_password, verify_password};
pub(crate) use views::CredentialDoc;
pub use views::{
    AwayMark, ORG_PREFIX, OrgView, PERSON_PREFIX, POST_PREFIX, PersonView, PostView, org_rows,
    org_stream, person_rows, person_stream, post_rows, post_stream,
};

use domain::accounts::{
    AccountError, OrgCommand, OrgState, PersonCommand, PersonState, PostCommand, PostState,
    check_org,
};
use domain::{Actor, PersonId, PostId, UnifiedSocialCreditCode};
use serde::Serialize;
use store::ProjectionWrite;

use crate::error::AppError;
use crate::pipeline::{Done, Stored, just};
use crate::platform::Platform;
use crate::stream::{Loaded, Meta, fold};

/// What an accepted account command returns: the stream's new version and where its
/// events sit in the log.
#[derive(Debug, Clone, Serialize)]
pub struct AccountOutcome {
    pub stream: String,
    pub version: u64,
    pub first_seq: u64,
    pub events: Vec<String>,
    pub log_size: u64,
}

impl<A: Stored> From<Done<A>> for AccountOutcome {
    fn from(done: Done<A>) -> AccountOutcome {
        AccountOutcome {
            version: done.version,
            first_seq: done.first_seq,
            events: done.kinds(),
            log_size: done.head.size,
            stream: done.stream,
        }
    }
}

pub(crate) fn refused(e: AccountError) -> AppError {
    AppError::refused(&e)
}

pub(crate) fn parse_person(id: &str) -> Result<PersonId, AppError> {
    PersonId::parse(id).map_err(|e| AppError::Invalid(e.to_string()))
}

fn parse_post(id: &str) -> Result<PostId, AppError> {
    PostId::parse(id).map_err(|e| AppError::Invalid(e.to_string()))
}

impl Stored for OrgState {
    type Key = UnifiedSocialCreditCode;
    type Extra = ();
    const NAME: &'static str = "org";

    fn stream(code: &UnifiedSocialCreditCode) -> String {
        org_stream(code.as_str())
    }

    fn rows(code: &UnifiedSocialCreditCode, state: &OrgState) -> Vec<ProjectionWrite> {
        org_rows(code.as_str(), state)
    }
}

impl Stored for PersonState {
    type Key = PersonId;
    type Extra = ();
    const NAME: &'static str = "person";

    fn stream(id: &PersonId) -> String {
        person_stream(id)
    }

    fn rows(id: &PersonId, state: &PersonState) -> Vec<ProjectionWrite> {
        person_rows(id.as_str(), state)
    }
}

impl Stored for PostState {
    type Key = PostId;
    type Extra = ();
    const NAME: &'static str = "post";

    fn stream(id: &PostId) -> String {
        post_stream(id)
    }

    fn rows(id: &PostId, state: &PostState) -> Vec<ProjectionWrite> {
        post_rows(id.as_str(), state)
    }
}

impl Platform {
    pub(crate) async fn load_org(&self, code: &str) -> Result<Loaded<OrgState>, AppError> {
        fold(&self.store.load_stream(&org_stream(code)).await?)
    }

    pub(crate) async fn load_person(&self, id: &PersonId) -> Result<Loaded<PersonState>, AppError> {
        self.read::<PersonState>(id).await
    }

    pub(crate) async fn load_post(&self, id: &PostId) -> Result<Loaded<PostState>, AppError> {
        self.read::<PostState>(id).await
    }
}

/// Register, rename, deactivate or reactivate the organisation `code` (its unified
/// social credit code, checked when the command is parsed).
pub async fn execute_org(
    platform: &Platform,
    code: &str,
    command: OrgCommand,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let code = UnifiedSocialCreditCode::parse(code).map_err(|e| refused(AccountError::Value(e)))?;
    if let OrgCommand::Register { code: named, .. } = &command
        && named != &code
    {
        return Err(AppError::Invalid(format!(
            "the command registers {named}, not {code}"
        )));
    }
    let done = platform
        .run::<OrgState>(&code, actor, meta, just(command))
        .await?;
    Ok(done.into())
}

/// Run a command on the person `id`. Registering checks the organisation first
/// (registered, active, of the role's kind); disabling or a new password ends every
/// session of the person.
pub async fn execute_person(
    platform: &Platform,
    id: &str,
    command: PersonCommand,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let id = parse_person(id)?;
    if let PersonCommand::Register {
        id: named,
        role,
        org,
        ..
    } = &command
    {
        if named != &id {
            return Err(AppError::Invalid(format!(
                "the command registers {named}, not {id}"
            )));
        }
        if let Some(code) = org {
            let org = platform.load_org(code.as_str()).await?;
            check_org(*role, &org.state).map_err(refused)?;
        }
    }
    let ends_sessions = matches!(
        command,
        PersonCommand::Disable { .. }
            | PersonCommand::SetPassword { .. }
            | PersonCommand::RedeemLink { .. }
    );
    let done = platform
        .run::<PersonState>(&id, actor, meta, just(command))
        .await?;
    if ends_sessions {
        // `session()` re-derives the actor anyway; this frees the rows at once.
        platform.store.delete_person_sessions(id.as_str()).await?;
    }
    Ok(done.into())
}

/// Assign a post's A and B, or mark a holder away or back.
pub async fn execute_post(
    platform: &Platform,
    id: &str,
    command: PostCommand,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let id = parse_post(id)?;
    if let PostCommand::Assign { post, .. } = &command
        && post != &id
    {
        return Err(AppError::Invalid(format!(
            "the command assigns {post}, not {id}"
        )));
    }
    let done = platform
        .run::<PostState>(&id, actor, meta, just(command))
        .await?;
    Ok(done.into())
}
