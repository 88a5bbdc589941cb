//! Account use cases (issue #3): organisations, people and staff posts, each its own stream
//! (`org:<code>`, `person:<id>`, `post:<id>`), run like a trade command: load, decide,
//! append with projections, commit. Passwords are hashed here (argon2id) before the domain
//! sees them; sign-in is in `auth`.

mod password;
mod reads;
mod views;

pub use password::{MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS};
pub(crate) use password::{hash_password, verify_password};
pub use views::{
    AwayMark, ORG_PREFIX, OrgView, PERSON_PREFIX, POST_PREFIX, PersonView, PostView, org_rows,
    org_stream, person_rows, person_stream, post_rows, post_stream,
};

use domain::accounts::{
    AccountError, OrgCommand, OrgState, PersonCommand, PersonState, PostCommand, PostState,
    check_org,
};
use domain::{Actor, Aggregate, Context, DomainEvent, PersonId, PostId};
use serde::Serialize;
use store::{AppendBatch, ProjectionWrite, StreamAppend};

use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::{Loaded, Meta, fold, records};

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

pub(crate) fn refused(e: AccountError) -> AppError {
    AppError::refused(&e)
}

pub(crate) fn parse_person(id: &str) -> Result<PersonId, AppError> {
    PersonId::parse(id).map_err(|e| AppError::Invalid(e.to_string()))
}

fn parse_post(id: &str) -> Result<PostId, AppError> {
    PostId::parse(id).map_err(|e| AppError::Invalid(e.to_string()))
}

impl Platform {
    pub(crate) async fn load_org(&self, code: &str) -> Result<Loaded<OrgState>, AppError> {
        fold(&self.store.load_stream(&org_stream(code)).await?)
    }

    pub(crate) async fn load_person(&self, id: &PersonId) -> Result<Loaded<PersonState>, AppError> {
        fold(&self.store.load_stream(&person_stream(id)).await?)
    }

    pub(crate) async fn load_post(&self, id: &PostId) -> Result<Loaded<PostState>, AppError> {
        fold(&self.store.load_stream(&post_stream(id)).await?)
    }

    /// Register, rename, deactivate or reactivate the organisation `code` (its unified
    /// social credit code, checked when the command is parsed).
    pub async fn execute_org(
        &self,
        code: &str,
        command: OrgCommand,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<AccountOutcome, AppError> {
        let code = domain::UnifiedSocialCreditCode::parse(code)
            .map_err(|e| refused(AccountError::Value(e)))?;
        if let OrgCommand::Register { code: named, .. } = &command
            && named != &code
        {
            return Err(AppError::Invalid(format!(
                "the command registers {named}, not {code}"
            )));
        }
        let loaded = self.load_org(code.as_str()).await?;
        let key = code.to_string();
        self.run(&org_stream(&key), loaded, &command, actor, meta, |s| {
            org_rows(&key, s)
        })
        .await
    }

    /// Run a command on the person `id`. Registering checks the organisation first
    /// (registered, active, of the role's kind); disabling or a new password ends every
    /// session of the person.
    pub async fn execute_person(
        &self,
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
                let org = self.load_org(code.as_str()).await?;
                check_org(*role, &org.state).map_err(refused)?;
            }
        }
        let loaded = self.load_person(&id).await?;
        let key = id.to_string();
        let outcome = self
            .run(&person_stream(&id), loaded, &command, actor, meta, |s| {
                person_rows(&key, s)
            })
            .await?;
        if matches!(
            command,
            PersonCommand::Disable { .. } | PersonCommand::SetPassword { .. }
        ) {
            // `session()` re-derives the actor anyway; this frees the rows at once.
            self.store.delete_person_sessions(id.as_str()).await?;
        }
        Ok(outcome)
    }

    /// Assign a post's A and B, or mark a holder away or back.
    pub async fn execute_post(
        &self,
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
        let loaded = self.load_post(&id).await?;
        let key = id.to_string();
        self.run(&post_stream(&id), loaded, &command, actor, meta, |s| {
            post_rows(&key, s)
        })
        .await
    }

    /// Decide, evolve, append the events and the rows in one transaction.
    async fn run<A: Aggregate<Error = AccountError>>(
        &self,
        stream: &str,
        loaded: Loaded<A>,
        command: &A::Command,
        actor: &Actor,
        meta: &Meta,
        rows: impl Fn(&A) -> Vec<ProjectionWrite>,
    ) -> Result<AccountOutcome, AppError> {
        if let Some(expected) = meta.expected_version
            && expected != loaded.version
        {
            return Err(AppError::Conflict {
                stream: stream.to_owned(),
                expected,
                actual: loaded.version,
            });
        }
        let now = self.clock.now();
        let ctx = Context {
            now,
            actor,
            calendar: &self.calendar,
        };
        let events = loaded.state.decide(command, &ctx).map_err(refused)?;
        let mut state = loaded.state;
        for event in &events {
            state.evolve(event);
        }
        let at_us = (now.unix_timestamp_nanos() / 1_000) as i64;
        let batch = AppendBatch {
            streams: vec![StreamAppend {
                stream: stream.to_owned(),
                expected_version: loaded.version,
                events: records(stream, loaded.version, &events, actor, at_us, meta)?,
            }],
            projections: rows(&state),
        };
        let appended = self.commit(batch).await?;
        let kinds: Vec<String> = events.iter().map(|e| e.kind().to_owned()).collect();
        // The kinds only: a person event may carry a password hash.
        tracing::info!(account.stream = stream, events = ?kinds, actor = %actor.id, "account command accepted");
        Ok(AccountOutcome {
            stream: stream.to_owned(),
            version: loaded.version + events.len() as u64,
            first_seq: appended.first_seq,
            events: kinds,
            log_size: appended.head.size,
        })
    }
}
