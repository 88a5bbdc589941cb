//! The command pipeline, written once for every aggregate: load the aggregate (once), check
//! the version the caller expected, authorise, prepare, decide, store the files, append the
//! events of every stream touched with their projections in one transaction, notify live
//! views, and return what happened ([`Done`]).
//!
//! What differs between aggregates is a [`Stored`] implementation next to the area's use
//! cases: its stream, how its refusals read, its projection rows, and the hooks it fills in
//! (a trade loads its sealed streams too, asks the permission matrix, completes what only
//! the platform may fill in, routes sealed events to streams of their own and books rooms).
//! Use cases build the commands from the loaded state ([`Plan`]), so nothing is read twice.

use std::collections::BTreeMap;
use std::future::Future;

use domain::{Actor, Aggregate, Context, DomainEvent, NamesFiles};
use store::{AppendBatch, ProjectionWrite, StreamAppend, TreeHead};

use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::{Loaded, Meta, fold, records};

/// How the pipeline runs one kind of aggregate. Only `stream` is required; every hook has a
/// default that does nothing. Refusals need no mapping: the domain's errors say their own
/// class, code and article (`domain::Refuse`), and the pipeline keeps them.
pub(crate) trait Stored:
    Aggregate<Command: Clone + Send + Sync + NamesFiles, Event: Send + Sync> + Send + Sync
{
    /// What names one aggregate of the kind (a trade id, a person id, a message id...).
    type Key: ?Sized + Sync;
    /// What else the commands are built from, loaded with the aggregate (the trade a room
    /// belongs to, the room a scoring is done in).
    type Extra: Default + Send + Sync;
    /// One word for logs.
    const NAME: &'static str;

    /// The aggregate's own stream: the one whose version callers see and may expect.
    fn stream(key: &Self::Key) -> String;

    /// Loads the aggregate (default: its own stream folded, no extra).
    fn load(
        p: &Platform,
        key: &Self::Key,
        actor: &Actor,
    ) -> impl Future<Output = Result<Current<Self>, AppError>> + Send {
        let _ = actor;
        async move { Ok(Current::from(p.read::<Self>(key).await?)) }
    }

    /// Who may run `command` on the loaded aggregate, beyond the aggregate's own rules.
    fn authorise(
        p: &Platform,
        key: &Self::Key,
        current: &Current<Self>,
        command: &Self::Command,
        actor: &Actor,
    ) -> impl Future<Output = Result<(), AppError>> + Send {
        let _ = (p, key, current, command, actor);
        async { Ok(()) }
    }

    /// Completes the command with what only the platform may make, and names the files it
    /// made (stored with the caller's just before the append).
    fn prepare(
        p: &Platform,
        key: &Self::Key,
        current: &Current<Self>,
        command: Self::Command,
        call: Call<'_>,
    ) -> impl Future<Output = Result<(Self::Command, Vec<Vec<u8>>), AppError>> + Send {
        let _ = (p, key, current, call);
        async move { Ok((command, Vec::new())) }
    }

    /// The stream an event goes to (default: the aggregate's own).
    fn route(key: &Self::Key, event: &Self::Event) -> String {
        let _ = event;
        Self::stream(key)
    }

    /// The projection rows of the new state, written in the same transaction.
    fn rows(key: &Self::Key, state: &Self) -> Vec<ProjectionWrite> {
        let _ = (key, state);
        Vec::new()
    }

    /// Appends that follow from the decided events, in the same transaction (a trade's
    /// room bookings).
    fn follow(
        p: &Platform,
        key: &Self::Key,
        decided: &Decided<Self>,
        ctx: &Context<'_>,
        meta: &Meta,
    ) -> impl Future<Output = Result<AppendBatch, AppError>> + Send {
        let _ = (p, key, decided, ctx, meta);
        async { Ok(AppendBatch::default()) }
    }
}

/// The commands to decide, built from the aggregate as loaded (so a use case reads it once).
/// Called again on the fresh state when a [`Call::retry`] run meets a conflict.
pub(crate) trait Plan<A: Stored>:
    Fn(&Current<A>) -> Result<Vec<A::Command>, AppError> + Sync
{
}

impl<A: Stored, F> Plan<A> for F where F: Fn(&Current<A>) -> Result<Vec<A::Command>, AppError> + Sync
{}

/// A plan of one command that does not depend on the state.
pub(crate) fn just<A: Stored>(command: A::Command) -> impl Plan<A> {
    move |_: &Current<A>| Ok(vec![command.clone()])
}

/// Who runs a command and how.
#[derive(Clone, Copy)]
pub(crate) struct Call<'a> {
    pub actor: &'a Actor,
    pub meta: &'a Meta,
    /// Files the command names, stored only once it is decided: a refused upload leaves no
    /// file behind.
    pub files: &'a [&'a [u8]],
    /// How many times to decide again on the fresh streams when another caller appended
    /// first (0: none), unless the caller named the version it expects: for commands that
    /// do not depend on what others did meanwhile (a scoring sheet, a signature, a deposit).
    pub retries: u8,
}

impl<'a> Call<'a> {
    pub(crate) fn new(actor: &'a Actor, meta: &'a Meta) -> Call<'a> {
        Call {
            actor,
            meta,
            files: &[],
            retries: 0,
        }
    }
}

/// An aggregate as loaded.
pub(crate) struct Current<A: Stored> {
    pub state: A,
    /// The version of the aggregate's own stream.
    pub version: u64,
    /// The versions of the other streams its events go to (a trade's sealed streams).
    pub others: BTreeMap<String, u64>,
    pub extra: A::Extra,
}

impl<A: Stored> From<Loaded<A>> for Current<A> {
    /// The aggregate as read from its own stream, nothing else.
    fn from(loaded: Loaded<A>) -> Current<A> {
        Current {
            state: loaded.state,
            version: loaded.version,
            others: BTreeMap::new(),
            extra: A::Extra::default(),
        }
    }
}

/// An aggregate decided on, not appended yet.
pub(crate) struct Decided<A: Stored> {
    /// As loaded.
    pub current: Current<A>,
    /// After the events.
    pub state: A,
    pub events: Vec<A::Event>,
    /// The commands as decided (prepared): what names the files.
    pub commands: Vec<A::Command>,
    /// Files the hooks made.
    pub files: Vec<Vec<u8>>,
}

impl<A: Stored> Decided<A> {
    /// Adds the events, grouped by stream in their order, and the rows to `batch`; returns
    /// the own stream's new version. `actor` is who the records name.
    pub(crate) fn append_to(
        &self,
        key: &A::Key,
        batch: &mut AppendBatch,
        actor: &Actor,
        at_us: i64,
        meta: &Meta,
    ) -> Result<u64, AppError> {
        if self.events.is_empty() {
            return Ok(self.current.version);
        }
        let own = A::stream(key);
        let mut groups: Vec<(String, Vec<A::Event>)> = Vec::new();
        for event in &self.events {
            let name = A::route(key, event);
            match groups.iter_mut().find(|(n, _)| n == &name) {
                Some((_, list)) => list.push(event.clone()),
                None => groups.push((name, vec![event.clone()])),
            }
        }
        let mut version = self.current.version;
        for (name, list) in groups {
            let expected = if name == own {
                version += list.len() as u64;
                self.current.version
            } else {
                self.current.others.get(&name).copied().unwrap_or(0)
            };
            batch.streams.push(StreamAppend {
                events: records(&name, expected, &list, actor, at_us, meta)?,
                stream: name,
                expected_version: expected,
            });
        }
        batch.projections.extend(A::rows(key, &self.state));
        Ok(version)
    }
}

/// What an accepted command did. With no events (an accepted no-op) nothing was appended:
/// the version is unchanged and `first_seq` is the log size.
pub(crate) struct Done<A: Stored> {
    pub stream: String,
    pub state: A,
    /// The own stream's new version.
    pub version: u64,
    pub events: Vec<A::Event>,
    pub first_seq: u64,
    pub head: TreeHead,
}

impl<A: Stored> Done<A> {
    pub(crate) fn kinds(&self) -> Vec<String> {
        self.events.iter().map(|e| e.kind().to_owned()).collect()
    }
}

/// Microseconds since the epoch, as records keep time.
pub(crate) fn at_us(now: time::OffsetDateTime) -> i64 {
    (now.unix_timestamp_nanos() / 1_000) as i64
}

impl Platform {
    /// The aggregate `key` folded from its own stream: what a read needs (no hooks).
    pub(crate) async fn read<A: Stored>(&self, key: &A::Key) -> Result<Loaded<A>, AppError> {
        fold(&self.store.load_stream(&A::stream(key)).await?)
    }

    /// Runs the commands `plan` builds on the aggregate `key`, as `actor`.
    pub(crate) async fn run<A: Stored>(
        &self,
        key: &A::Key,
        actor: &Actor,
        meta: &Meta,
        plan: impl Plan<A>,
    ) -> Result<Done<A>, AppError> {
        self.run_call(key, Call::new(actor, meta), plan).await
    }

    /// [`Platform::run`] with files or retries.
    pub(crate) async fn run_call<A: Stored>(
        &self,
        key: &A::Key,
        call: Call<'_>,
        plan: impl Plan<A>,
    ) -> Result<Done<A>, AppError> {
        let retries = match call.meta.expected_version {
            Some(_) => 0,
            None => call.retries,
        };
        let mut result = self.run_once(key, call, &plan).await;
        for attempt in 1..=retries {
            if !matches!(result, Err(AppError::Conflict { .. })) {
                break;
            }
            tracing::debug!(
                aggregate = A::NAME,
                attempt,
                "command raced; deciding again"
            );
            result = self.run_once(key, call, &plan).await;
        }
        result
    }

    /// Runs one command on each of several aggregates of a kind in one transaction: all
    /// or nothing.
    pub(crate) async fn run_all<A: Stored>(
        &self,
        commands: Vec<(&A::Key, A::Command)>,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<(), AppError> {
        let ctx = self.context(actor);
        let mut batch = AppendBatch::default();
        for (key, command) in commands {
            let call = Call::new(actor, meta);
            self.stage(key, &ctx, call, &just::<A>(command), &mut batch)
                .await?;
        }
        self.commit(batch).await?;
        Ok(())
    }

    /// One reading of the clock decides and timestamps a command.
    pub(crate) fn context<'a>(&'a self, actor: &'a Actor) -> Context<'a> {
        Context {
            now: self.clock.now(),
            actor,
            calendar: &self.calendar,
        }
    }

    async fn run_once<A: Stored>(
        &self,
        key: &A::Key,
        call: Call<'_>,
        plan: &impl Plan<A>,
    ) -> Result<Done<A>, AppError> {
        let ctx = self.context(call.actor);
        let mut batch = AppendBatch::default();
        let (decided, version) = self.stage(key, &ctx, call, plan, &mut batch).await?;
        let stream = A::stream(key);
        if decided.events.is_empty() {
            let head = self.store.tree_head().await?;
            tracing::info!(
                aggregate = A::NAME,
                stream,
                version = decided.current.version,
                "command accepted, nothing to append"
            );
            return Ok(Done {
                stream,
                state: decided.state,
                version: decided.current.version,
                events: Vec::new(),
                first_seq: head.size,
                head,
            });
        }
        let follow = A::follow(self, key, &decided, &ctx, call.meta).await?;
        batch.streams.extend(follow.streams);
        batch.projections.extend(follow.projections);
        let appended = self.commit(batch).await?;
        let done = Done {
            stream,
            state: decided.state,
            version,
            events: decided.events,
            first_seq: appended.first_seq,
            head: appended.head,
        };
        tracing::info!(aggregate = A::NAME, stream = done.stream, version, events = ?done.kinds(), "command accepted");
        Ok(done)
    }

    /// Loads the aggregate once, checks the expected version, and decides every command of
    /// `plan` (each authorised and prepared first) on the state the previous one left.
    /// Appends nothing: a use case may decide to check before a side effect.
    pub(crate) async fn decide<A: Stored>(
        &self,
        key: &A::Key,
        ctx: &Context<'_>,
        meta: &Meta,
        plan: &impl Plan<A>,
    ) -> Result<Decided<A>, AppError> {
        let current = A::load(self, key, ctx.actor).await?;
        if let Some(expected) = meta.expected_version
            && expected != current.version
        {
            return Err(AppError::Conflict {
                stream: A::stream(key),
                expected,
                actual: current.version,
            });
        }
        let call = Call::new(ctx.actor, meta);
        let mut state = current.state.clone();
        let mut events = Vec::new();
        let mut commands = Vec::new();
        let mut files = Vec::new();
        for command in plan(&current)? {
            A::authorise(self, key, &current, &command, ctx.actor).await?;
            let (command, made) = A::prepare(self, key, &current, command, call).await?;
            files.extend(made);
            let decided = state.decide(&command, ctx).map_err(|e| {
                // The domain's refusal keeps its class, code and article to the boundary.
                let e = AppError::refused(&e);
                tracing::info!(
                    aggregate = A::NAME,
                    stream = A::stream(key),
                    error.code = e.code(),
                    "command refused"
                );
                e
            })?;
            for event in decided {
                state.evolve(&event);
                events.push(event);
            }
            commands.push(command);
        }
        Ok(Decided {
            current,
            state,
            events,
            commands,
            files,
        })
    }

    /// Decides `plan` on `key` (as `ctx` says), passes what it decided through
    /// [`Platform::before_append`] and adds its events and rows to `batch`; returns it with
    /// the own stream's new version. Records name `call.actor`. An accepted no-op adds
    /// nothing and stores nothing.
    pub(crate) async fn stage<A: Stored>(
        &self,
        key: &A::Key,
        ctx: &Context<'_>,
        call: Call<'_>,
        plan: &impl Plan<A>,
        batch: &mut AppendBatch,
    ) -> Result<(Decided<A>, u64), AppError> {
        let decided = self.decide(key, ctx, call.meta, plan).await?;
        if decided.events.is_empty() {
            let version = decided.current.version;
            return Ok((decided, version));
        }
        self.before_append(call.files, &decided).await?;
        let version = decided.append_to(key, batch, call.actor, at_us(ctx.now), call.meta)?;
        Ok((decided, version))
    }

    /// The last step before the append, for every command: each file a decided command
    /// names (`domain::NamesFiles`) must be one it brings (`given`, or made by the hooks)
    /// or already be in the blob folder with exactly those bytes (`file.not_stored`,
    /// `file.mismatch`), so the log never names a file `verify` would not find; then the
    /// files it brings are stored (and fsynced, off the async workers). Checks that must
    /// pass before a command is accepted go here.
    async fn before_append<A: Stored>(
        &self,
        given: &[&[u8]],
        decided: &Decided<A>,
    ) -> Result<(), AppError> {
        let brought = || {
            let made = decided.files.iter().map(Vec::as_slice);
            given.iter().copied().chain(made)
        };
        for command in &decided.commands {
            crate::blobs::ensure_named_files(&self.blobs, command, brought()).await?;
        }
        for file in brought() {
            let (blobs, bytes) = (self.blobs.clone(), file.to_vec());
            tokio::task::spawn_blocking(move || blobs.put(&bytes))
                .await
                .map_err(|e| AppError::Internal(format!("blob writer: {e}")))??;
        }
        Ok(())
    }
}
