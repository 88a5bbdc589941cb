//! A `Store` that passes every call through and adds up how many calls of each kind were made
//! and how long they took, so the surge bench can say where a submission's time goes without
//! touching the app. Times are summed over concurrent calls, so under load they add up to
//! more than the wall time. The trait is an `async_trait`; its methods are written out here as
//! the macro expands them (this crate does not depend on `async-trait`).
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ledger::Hash;
use serde_json::Value;
use store::{
    AppendBatch, Appended, ProjectionRow, Session, Store, StoreError, StoredCheckpoint,
    StoredEvent, TreeHead,
};

type Fut<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Calls and summed time of one kind of call.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpStats {
    pub calls: u64,
    pub time: Duration,
}

pub struct TimedStore {
    inner: Arc<dyn Store>,
    stats: Mutex<BTreeMap<&'static str, OpStats>>,
}

impl TimedStore {
    pub fn new(inner: Arc<dyn Store>) -> TimedStore {
        TimedStore {
            inner,
            stats: Mutex::default(),
        }
    }

    /// The figures so far, and resets them.
    pub fn take(&self) -> BTreeMap<&'static str, OpStats> {
        std::mem::take(&mut *self.stats.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn record(&self, op: &'static str, time: Duration) {
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        let s = stats.entry(op).or_default();
        s.calls += 1;
        s.time += time;
    }

    async fn timed<T>(
        &self,
        op: &'static str,
        call: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        let start = Instant::now();
        let result = call.await;
        let name = match (&result, op) {
            (Err(StoreError::Conflict { .. }), "append") => "append (version conflict)",
            _ => op,
        };
        self.record(name, start.elapsed());
        result
    }
}

impl Store for TimedStore {
    fn append<'l0, 'at>(&'l0 self, batch: AppendBatch) -> Fut<'at, Appended>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("append", self.inner.append(batch)))
    }

    fn stream_version<'l0, 'l1, 'at>(&'l0 self, stream: &'l1 str) -> Fut<'at, u64>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("stream_version", self.inner.stream_version(stream)))
    }

    fn load_stream<'l0, 'l1, 'at>(&'l0 self, stream: &'l1 str) -> Fut<'at, Vec<StoredEvent>>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("load_stream", self.inner.load_stream(stream)))
    }

    fn load_prefix<'l0, 'l1, 'at>(&'l0 self, prefix: &'l1 str) -> Fut<'at, Vec<StoredEvent>>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("load_prefix", self.inner.load_prefix(prefix)))
    }

    fn events<'l0, 'at>(&'l0 self, from: u64, limit: u32) -> Fut<'at, Vec<StoredEvent>>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("events", self.inner.events(from, limit)))
    }

    fn leaf_hashes<'l0, 'at>(&'l0 self, size: u64) -> Fut<'at, Vec<Hash>>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("leaf_hashes", self.inner.leaf_hashes(size)))
    }

    fn tree_head<'l0, 'at>(&'l0 self) -> Fut<'at, TreeHead>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("tree_head", self.inner.tree_head()))
    }

    fn tree_frontier<'l0, 'at>(&'l0 self) -> Fut<'at, Vec<u8>>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("tree_frontier", self.inner.tree_frontier()))
    }

    fn save_checkpoint<'l0, 'l1, 'at>(&'l0 self, checkpoint: &'l1 StoredCheckpoint) -> Fut<'at, ()>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("save_checkpoint", self.inner.save_checkpoint(checkpoint)))
    }

    fn checkpoints<'l0, 'at>(&'l0 self) -> Fut<'at, Vec<StoredCheckpoint>>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("checkpoints", self.inner.checkpoints()))
    }

    fn latest_checkpoint<'l0, 'at>(&'l0 self) -> Fut<'at, Option<StoredCheckpoint>>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("latest_checkpoint", self.inner.latest_checkpoint()))
    }

    fn checkpoint_at<'l0, 'at>(&'l0 self, size: u64) -> Fut<'at, Option<StoredCheckpoint>>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("checkpoint_at", self.inner.checkpoint_at(size)))
    }

    fn projection<'l0, 'l1, 'l2, 'at>(
        &'l0 self,
        kind: &'l1 str,
        key: &'l2 str,
    ) -> Fut<'at, Option<Value>>
    where
        'l0: 'at,
        'l1: 'at,
        'l2: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("projection", self.inner.projection(kind, key)))
    }

    fn projections<'l0, 'l1, 'at>(&'l0 self, kind: &'l1 str) -> Fut<'at, Vec<ProjectionRow>>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("projections", self.inner.projections(kind)))
    }

    fn all_projections<'l0, 'at>(&'l0 self) -> Fut<'at, Vec<ProjectionRow>>
    where
        'l0: 'at,
        Self: 'at,
    {
        Box::pin(self.timed("all_projections", self.inner.all_projections()))
    }

    fn create_session<'l0, 'l1, 'at>(&'l0 self, session: &'l1 Session) -> Fut<'at, ()>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        self.inner.create_session(session)
    }

    fn session<'l0, 'l1, 'at>(
        &'l0 self,
        token_hash: &'l1 [u8; 32],
        now_us: i64,
    ) -> Fut<'at, Option<Session>>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        self.inner.session(token_hash, now_us)
    }

    fn touch_session<'l0, 'l1, 'at>(
        &'l0 self,
        token_hash: &'l1 [u8; 32],
        last_seen_us: i64,
        expires_us: i64,
    ) -> Fut<'at, bool>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        self.inner
            .touch_session(token_hash, last_seen_us, expires_us)
    }

    fn delete_session<'l0, 'l1, 'at>(&'l0 self, token_hash: &'l1 [u8; 32]) -> Fut<'at, ()>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        self.inner.delete_session(token_hash)
    }

    fn delete_person_sessions<'l0, 'l1, 'at>(&'l0 self, person: &'l1 str) -> Fut<'at, u64>
    where
        'l0: 'at,
        'l1: 'at,
        Self: 'at,
    {
        self.inner.delete_person_sessions(person)
    }

    fn purge_expired_sessions<'l0, 'at>(&'l0 self, now_us: i64) -> Fut<'at, u64>
    where
        'l0: 'at,
        Self: 'at,
    {
        self.inner.purge_expired_sessions(now_us)
    }
}
