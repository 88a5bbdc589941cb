//! The PostgreSQL backend of the storage port: many stateless servers may share one
//! database; appends from all of them are serialised on the tree-head row, so the global
//! sequence stays gapless and ordered. Passes the same conformance suite as SQLite.
#![forbid(unsafe_code)]

pub use bench::{create_fresh_database, with_database};

mod bench;
mod codec;
mod migrate;
mod read;
mod sessions;
mod write;

use async_trait::async_trait;
use ledger::Hash;
use serde_json::Value;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use store::{
    AppendBatch, Appended, ProjectionRow, Session, Store, StoreError, StoredCheckpoint,
    StoredEvent, TreeHead,
};
use tracing::Instrument;

/// Pool size of [`PgStore::connect`]. Appends hold one connection each while they wait for
/// the head lock, so more than a handful buys little; reads use the rest.
const DEFAULT_MAX_CONNECTIONS: u32 = 10;

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgresql://user@host:port/db?...`) and migrates the schema.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(DEFAULT_MAX_CONNECTIONS)
            .connect(url)
            .await
            .map_err(db)?;
        Self::from_pool(pool).await
    }

    /// Uses a pool configured by the caller, and migrates the schema. Migrations take an
    /// advisory lock, so servers starting together do not race on them.
    pub async fn from_pool(pool: PgPool) -> Result<Self, StoreError> {
        migrate::migrator()
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrations: {e}")))?;
        Ok(PgStore { pool })
    }

    /// Closes the pool, waiting for checked-out connections to come back.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Any driver error the port has no better name for.
pub(crate) fn db(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

#[async_trait]
impl Store for PgStore {
    async fn append(&self, batch: AppendBatch) -> Result<Appended, StoreError> {
        // Hashing and encoding happen here, before the transaction takes the head lock.
        let prepared = codec::prepare(batch)?;
        let span = tracing::info_span!(
            "store.append",
            backend = "postgres",
            stream = %prepared.stream_names(),
            events = prepared.event_count(),
            seq = tracing::field::Empty,
        );
        let appended = write::append(&self.pool, prepared)
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
        read::stream_version(&self.pool, stream).await
    }

    async fn load_stream(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        read::load_stream(&self.pool, stream).await
    }

    async fn load_prefix(&self, prefix: &str) -> Result<Vec<StoredEvent>, StoreError> {
        read::load_prefix(&self.pool, prefix).await
    }

    async fn events(&self, from: u64, limit: u32) -> Result<Vec<StoredEvent>, StoreError> {
        read::events(&self.pool, from, limit).await
    }

    async fn leaf_hashes(&self, size: u64) -> Result<Vec<Hash>, StoreError> {
        read::leaf_hashes(&self.pool, size).await
    }

    async fn tree_head(&self) -> Result<TreeHead, StoreError> {
        read::tree_head(&self.pool).await
    }

    async fn tree_frontier(&self) -> Result<Vec<u8>, StoreError> {
        read::tree_frontier(&self.pool).await
    }

    async fn save_checkpoint(&self, checkpoint: &StoredCheckpoint) -> Result<(), StoreError> {
        write::save_checkpoint(&self.pool, checkpoint).await
    }

    async fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>, StoreError> {
        read::checkpoints(&self.pool).await
    }

    async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StoreError> {
        read::latest_checkpoint(&self.pool).await
    }

    async fn checkpoint_at(&self, size: u64) -> Result<Option<StoredCheckpoint>, StoreError> {
        read::checkpoint_at(&self.pool, size).await
    }

    async fn projection(&self, kind: &str, key: &str) -> Result<Option<Value>, StoreError> {
        read::projection(&self.pool, kind, key).await
    }

    async fn projections(&self, kind: &str) -> Result<Vec<ProjectionRow>, StoreError> {
        read::projections(&self.pool, kind).await
    }

    async fn all_projections(&self) -> Result<Vec<ProjectionRow>, StoreError> {
        read::all_projections(&self.pool).await
    }

    async fn create_session(&self, session: &Session) -> Result<(), StoreError> {
        sessions::create(&self.pool, session).await
    }

    async fn session(
        &self,
        token_hash: &[u8; 32],
        now_us: i64,
    ) -> Result<Option<Session>, StoreError> {
        sessions::get(&self.pool, token_hash, now_us).await
    }

    async fn touch_session(
        &self,
        token_hash: &[u8; 32],
        last_seen_us: i64,
        expires_us: i64,
    ) -> Result<bool, StoreError> {
        sessions::touch(&self.pool, token_hash, last_seen_us, expires_us).await
    }

    async fn delete_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        sessions::delete(&self.pool, token_hash).await
    }

    async fn delete_person_sessions(&self, person: &str) -> Result<u64, StoreError> {
        sessions::delete_person(&self.pool, person).await
    }

    async fn purge_expired_sessions(&self, now_us: i64) -> Result<u64, StoreError> {
        sessions::purge_expired(&self.pool, now_us).await
    }
}
