//! The platform: the ports wired together. Use cases live in their own modules as
//! `impl Platform` blocks (trades, log, verify).
use std::sync::Arc;

use ledger::NoteSigner;
use legal_time::{Calendar, Clock};
use store::{AppendBatch, Appended, Store};

use crate::blobs::BlobStore;
use crate::error::AppError;

pub struct Platform {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) blobs: BlobStore,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) calendar: Arc<Calendar>,
    pub(crate) signer: Arc<NoteSigner>,
    pub(crate) origin: String,
    /// Sign-in state kept in memory: open challenges and failure counters (see `auth`).
    pub(crate) auth: crate::auth::AuthState,
}

impl Platform {
    pub fn new(
        store: Arc<dyn Store>,
        blobs: BlobStore,
        clock: Arc<dyn Clock>,
        calendar: Arc<Calendar>,
        signer: Arc<NoteSigner>,
        origin: impl Into<String>,
    ) -> Platform {
        Platform {
            store,
            blobs,
            clock,
            calendar,
            signer,
            origin: origin.into(),
            auth: crate::auth::AuthState::default(),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The public half of the checkpoint key, in the signed-note verifier-key format.
    pub fn verifier_key(&self) -> String {
        self.signer.verifier_key()
    }

    pub(crate) async fn commit(&self, batch: AppendBatch) -> Result<Appended, AppError> {
        let appended = self.store.append(batch).await?;
        tracing::debug!(
            log.first_seq = appended.first_seq,
            log.count = appended.count,
            log.size = appended.head.size,
            "appended"
        );
        Ok(appended)
    }
}
