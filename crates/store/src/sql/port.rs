//! The storage port on top of a [`Backend`]: each method is one shared statement (`read`,
//! `sessions`, `write`) on the backend's pool, except `append`, whose transaction is the
//! backend's.

use async_trait::async_trait;
use ledger::Hash;
use serde_json::Value;
use tracing::Instrument;

use super::{Backend, codec, read, sessions, write};
use crate::{
    AppendBatch, Appended, ProjectionRow, Session, Store, StoreError, StoredCheckpoint,
    StoredEvent, TreeHead,
};

#[async_trait]
impl<B: Backend> Store for B {
    async fn append(&self, batch: AppendBatch) -> Result<Appended, StoreError> {
        // Hashing and encoding happen here, before the backend takes its write lock.
        let prepared = codec::prepare(batch)?;
        let span = tracing::info_span!(
            "store.append",
            backend = B::NAME,
            stream = %prepared.stream_names(),
            events = prepared.event_count(),
            seq = tracing::field::Empty,
        );
        let appended = match self.write(&prepared).instrument(span.clone()).await {
            Ok(appended) => Ok(appended),
            Err(failure) => Err(write::resolve(self.write_pool(), failure, &prepared).await),
        };
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
        read::stream_version(self.read_pool(), stream).await
    }

    async fn load_stream(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        read::load_stream(self.read_pool(), stream).await
    }

    async fn load_prefix(&self, prefix: &str) -> Result<Vec<StoredEvent>, StoreError> {
        read::load_prefix(self.read_pool(), B::BYTE_ORDER, prefix).await
    }

    async fn events(&self, from: u64, limit: u32) -> Result<Vec<StoredEvent>, StoreError> {
        read::events(self.read_pool(), from, limit).await
    }

    async fn leaf_hashes(&self, size: u64) -> Result<Vec<Hash>, StoreError> {
        read::leaf_hashes(self.read_pool(), size).await
    }

    async fn tree_head(&self) -> Result<TreeHead, StoreError> {
        read::tree_head(self.read_pool()).await
    }

    async fn tree_frontier(&self) -> Result<Vec<u8>, StoreError> {
        read::tree_frontier(self.read_pool()).await
    }

    async fn save_checkpoint(&self, checkpoint: &StoredCheckpoint) -> Result<(), StoreError> {
        write::save_checkpoint(self.write_pool(), checkpoint).await
    }

    async fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>, StoreError> {
        read::checkpoints(self.read_pool()).await
    }

    async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StoreError> {
        read::latest_checkpoint(self.read_pool()).await
    }

    async fn checkpoint_at(&self, size: u64) -> Result<Option<StoredCheckpoint>, StoreError> {
        read::checkpoint_at(self.read_pool(), size).await
    }

    async fn projection(&self, kind: &str, key: &str) -> Result<Option<Value>, StoreError> {
        read::projection(self.read_pool(), kind, key).await
    }

    async fn projections(&self, kind: &str) -> Result<Vec<ProjectionRow>, StoreError> {
        read::projections(self.read_pool(), kind).await
    }

    async fn all_projections(&self) -> Result<Vec<ProjectionRow>, StoreError> {
        read::all_projections(self.read_pool()).await
    }

    async fn create_session(&self, session: &Session) -> Result<(), StoreError> {
        sessions::create(self.write_pool(), session).await
    }

    async fn session(
        &self,
        token_hash: &[u8; 32],
        now_us: i64,
    ) -> Result<Option<Session>, StoreError> {
        sessions::get(self.read_pool(), token_hash, now_us).await
    }

    async fn touch_session(
        &self,
        token_hash: &[u8; 32],
        last_seen_us: i64,
        expires_us: i64,
    ) -> Result<bool, StoreError> {
        sessions::touch(self.write_pool(), token_hash, last_seen_us, expires_us).await
    }

    async fn delete_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        sessions::delete(self.write_pool(), token_hash).await
    }

    async fn delete_person_sessions(&self, person: &str) -> Result<u64, StoreError> {
        sessions::delete_person(self.write_pool(), person).await
    }

    async fn purge_expired_sessions(&self, now_us: i64) -> Result<u64, StoreError> {
        sessions::purge_expired(self.write_pool(), now_us).await
    }
}
