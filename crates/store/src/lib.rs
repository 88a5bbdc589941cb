//! The storage port. A backend stores the event log (the truth), the Merkle tree head kept
//! with it, signed checkpoints and the projections that pages read. It computes nothing
//! of the domain: the app hands it encoded events and projection documents, and the
//! backend's one duty is that an append is atomic, ordered and checked for concurrency.
#![forbid(unsafe_code)]

use async_trait::async_trait;
use ledger::{EventRecord, Hash};
use serde_json::Value;

mod error;
mod session;
#[cfg(feature = "sql")]
pub mod sql;
pub use error::StoreError;
pub use session::Session;

/// Events for one stream, appended only if the stream is still at `expected_version`
/// (0 = the stream does not exist yet). Event `i` gets stream version `expected_version + 1 + i`;
/// the records must already carry those versions.
#[derive(Debug, Clone)]
pub struct StreamAppend {
    pub stream: String,
    pub expected_version: u64,
    pub events: Vec<EventRecord>,
}

/// A projection row to write in the same transaction. `doc: None` deletes the row.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionWrite {
    pub kind: String,
    pub key: String,
    pub doc: Option<Value>,
}

/// One atomic append: several streams (e.g. a trade and a room), and the projections they change.
#[derive(Debug, Clone, Default)]
pub struct AppendBatch {
    pub streams: Vec<StreamAppend>,
    pub projections: Vec<ProjectionWrite>,
}

/// An event as stored: its global position (= Merkle leaf index) and leaf hash.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub seq: u64,
    pub record: EventRecord,
    pub leaf_hash: Hash,
}

/// The tree head after an append: `size` leaves, root hash over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeHead {
    pub size: u64,
    pub root: Hash,
}

/// What an append returns: the positions it took and the new head.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended {
    pub first_seq: u64,
    pub count: u64,
    pub head: TreeHead,
}

/// A signed checkpoint as stored: the note text is what was signed and published.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCheckpoint {
    pub size: u64,
    pub root: Hash,
    pub note: String,
}

impl StoredCheckpoint {
    /// The number its note states (the `sunbid-chain` line), unverified: backends store it in
    /// a unique column so that one number is never stored twice.
    pub fn number(&self) -> Option<i64> {
        ledger::parse_note_unverified(&self.note)
            .ok()?
            .chain
            .and_then(|c| i64::try_from(c.number).ok())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionRow {
    pub kind: String,
    pub key: String,
    pub doc: Value,
}

/// The names of the tables a backend keeps, for `verify` reports and tamper tests.
pub const TABLES: &[&str] = &["events", "tree_head", "checkpoints", "projections"];

#[async_trait]
pub trait Store: Send + Sync {
    /// Append atomically. Leaf hashes are computed here from each record's canonical bytes,
    /// the events get the next global seqs (gapless), the tree head is advanced, projections
    /// are written. Any failure (including a version conflict) leaves nothing behind.
    async fn append(&self, batch: AppendBatch) -> Result<Appended, StoreError>;

    /// The current version of a stream (0 if it has no events).
    async fn stream_version(&self, stream: &str) -> Result<u64, StoreError>;

    /// All events of one stream, in version order.
    async fn load_stream(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError>;

    /// All events of every stream whose name starts with `prefix`, in seq (log) order. For
    /// aggregates spread over many small streams (a trade's sealed bids, one stream each, so
    /// that no stream version counts them).
    async fn load_prefix(&self, prefix: &str) -> Result<Vec<StoredEvent>, StoreError>;

    /// Events with `seq >= from`, at most `limit`, in seq order (for verify and replay).
    async fn events(&self, from: u64, limit: u32) -> Result<Vec<StoredEvent>, StoreError>;

    /// Leaf hashes `[0, size)` in order (for proofs). Error if fewer are stored.
    async fn leaf_hashes(&self, size: u64) -> Result<Vec<Hash>, StoreError>;

    /// The stored tree head (size 0 and the empty root when nothing is stored).
    async fn tree_head(&self) -> Result<TreeHead, StoreError>;

    /// The stored frontier bytes of the tree head row (`ledger::Frontier::to_bytes`), so
    /// `verify` can check that column too.
    async fn tree_frontier(&self) -> Result<Vec<u8>, StoreError>;

    /// Store a signed checkpoint; storing the same size twice is a no-op if identical. Another
    /// checkpoint of a stored size, or with the number (`StoredCheckpoint::number`) of a
    /// stored one, is `CheckpointMismatch`.
    async fn save_checkpoint(&self, checkpoint: &StoredCheckpoint) -> Result<(), StoreError>;

    /// All checkpoints in size order.
    async fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>, StoreError>;

    /// The largest checkpoint, if any.
    async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StoreError>;

    /// The checkpoint of exactly `size`, if stored.
    async fn checkpoint_at(&self, size: u64) -> Result<Option<StoredCheckpoint>, StoreError>;

    async fn projection(&self, kind: &str, key: &str) -> Result<Option<Value>, StoreError>;

    /// Rows of one kind in key order.
    async fn projections(&self, kind: &str) -> Result<Vec<ProjectionRow>, StoreError>;

    /// Every projection row, ordered by (kind, key), for verify.
    async fn all_projections(&self) -> Result<Vec<ProjectionRow>, StoreError>;

    // --- sessions: not part of the record (no events, not verified); see [`Session`] ---

    /// Store a new session. A second session with the same token hash is an error.
    async fn create_session(&self, session: &Session) -> Result<(), StoreError>;

    /// The session of `token_hash`, unless it has expired at `now_us` (then `None`, as if
    /// it did not exist).
    async fn session(
        &self,
        token_hash: &[u8; 32],
        now_us: i64,
    ) -> Result<Option<Session>, StoreError>;

    /// Record activity: set `last_seen_us` and the new `expires_us` (sliding expiry).
    /// Returns whether the session still existed.
    async fn touch_session(
        &self,
        token_hash: &[u8; 32],
        last_seen_us: i64,
        expires_us: i64,
    ) -> Result<bool, StoreError>;

    /// Delete one session (sign out); deleting a missing one is fine.
    async fn delete_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError>;

    /// Delete every session of a person (disabled, password changed); returns how many.
    async fn delete_person_sessions(&self, person: &str) -> Result<u64, StoreError>;

    /// Delete sessions that expired before `now_us` (housekeeping); returns how many.
    async fn purge_expired_sessions(&self, now_us: i64) -> Result<u64, StoreError>;
}

/// The exclusive upper bound of the names starting with `prefix`, in byte (code point) order:
/// `prefix` followed by the largest character. Stream names are ASCII in practice.
pub fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}
