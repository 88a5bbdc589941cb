//! The SQLite backend of the storage port: one file, WAL, `synchronous=FULL`, one writer.
//! Runs a whole center on a laptop; passes the same conformance suite as PostgreSQL.
#![forbid(unsafe_code)]

mod bench;
mod codec;
mod migrate;
mod read;
mod sessions;
mod write;

use std::path::Path;
use std::time::Duration;

use async_trait::async_trait;
use ledger::Hash;
use serde_json::Value;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use store::{
    AppendBatch, Appended, ProjectionRow, Session, Store, StoreError, StoredCheckpoint,
    StoredEvent, TreeHead,
};
use tracing::Instrument;

/// How long a statement waits for a lock held by another connection or process before
/// failing. Appends in this process never wait on it (they queue on the writer pool).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
const READERS: u32 = 4;

/// A store in one SQLite file. Writes go through a pool of exactly one connection, so
/// appends queue in-process instead of contending for SQLite's lock; reads use their own
/// connections and see the last committed state.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk before `append` returns, even across power loss;
            // WAL's usual NORMAL could lose the last acknowledged appends.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(db)?;
        migrate::migrator()
            .run(&writer)
            .await
            .map_err(|e| StoreError::Backend(format!("migrations: {e}")))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(options)
            .await
            .map_err(db)?;
        Ok(SqliteStore { writer, reader })
    }

    /// A private in-memory database (for tests): one connection, kept open for the life of
    /// the store, because an in-memory database dies with its last connection.
    pub async fn in_memory() -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .in_memory(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(db)?;
        migrate::migrator()
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrations: {e}")))?;
        Ok(SqliteStore {
            writer: pool.clone(),
            reader: pool,
        })
    }

    /// Closes both pools, waiting for connections to finish (checkpoints the WAL).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// Any driver error the port has no better name for.
pub(crate) fn db(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

#[async_trait]
impl Store for SqliteStore {
    async fn append(&self, batch: AppendBatch) -> Result<Appended, StoreError> {
        let prepared = codec::prepare(batch)?;
        let span = tracing::info_span!(
            "store.append",
            backend = "sqlite",
            stream = %prepared.stream_names(),
            events = prepared.event_count(),
            seq = tracing::field::Empty,
        );
        let appended = write::append(&self.writer, prepared)
            .instrument(span.clone())
            .await;
        match &appended {
            Ok(a) => {
                span.record("seq", a.first_seq);
                tracing::debug!(parent: &span, size = a.head.size, "appended");
            }
            Err(e) => tracing::debug!(parent: &span, error = %e, "append refused"),
        }
        appended
    }

    async fn stream_version(&self, stream: &str) -> Result<u64, StoreError> {
        read::stream_version(&self.reader, stream).await
    }

    async fn load_stream(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        read::load_stream(&self.reader, stream).await
    }

    async fn load_prefix(&self, prefix: &str) -> Result<Vec<StoredEvent>, StoreError> {
        read::load_prefix(&self.reader, prefix).await
    }

    async fn events(&self, from: u64, limit: u32) -> Result<Vec<StoredEvent>, StoreError> {
        read::events(&self.reader, from, limit).await
    }

    async fn leaf_hashes(&self, size: u64) -> Result<Vec<Hash>, StoreError> {
        read::leaf_hashes(&self.reader, size).await
    }

    async fn tree_head(&self) -> Result<TreeHead, StoreError> {
        read::tree_head(&self.reader).await
    }

    async fn tree_frontier(&self) -> Result<Vec<u8>, StoreError> {
        read::tree_frontier(&self.reader).await
    }

    async fn save_checkpoint(&self, checkpoint: &StoredCheckpoint) -> Result<(), StoreError> {
        write::save_checkpoint(&self.writer, checkpoint).await
    }

    async fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>, StoreError> {
        read::checkpoints(&self.reader).await
    }

    async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StoreError> {
        read::latest_checkpoint(&self.reader).await
    }

    async fn checkpoint_at(&self, size: u64) -> Result<Option<StoredCheckpoint>, StoreError> {
        read::checkpoint_at(&self.reader, size).await
    }

    async fn projection(&self, kind: &str, key: &str) -> Result<Option<Value>, StoreError> {
        read::projection(&self.reader, kind, key).await
    }

    async fn projections(&self, kind: &str) -> Result<Vec<ProjectionRow>, StoreError> {
        read::projections(&self.reader, kind).await
    }

    async fn all_projections(&self) -> Result<Vec<ProjectionRow>, StoreError> {
        read::all_projections(&self.reader).await
    }

    async fn create_session(&self, session: &Session) -> Result<(), StoreError> {
        sessions::create(&self.writer, session).await
    }

    async fn session(
        &self,
        token_hash: &[u8; 32],
        now_us: i64,
    ) -> Result<Option<Session>, StoreError> {
        sessions::get(&self.reader, token_hash, now_us).await
    }

    async fn touch_session(
        &self,
        token_hash: &[u8; 32],
        last_seen_us: i64,
        expires_us: i64,
    ) -> Result<bool, StoreError> {
        sessions::touch(&self.writer, token_hash, last_seen_us, expires_us).await
    }

    async fn delete_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        sessions::delete(&self.writer, token_hash).await
    }

    async fn delete_person_sessions(&self, person: &str) -> Result<u64, StoreError> {
        sessions::delete_person(&self.writer, person).await
    }

    async fn purge_expired_sessions(&self, now_us: i64) -> Result<u64, StoreError> {
        sessions::purge_expired(&self.writer, now_us).await
    }
}
