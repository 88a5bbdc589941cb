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
    /// What sessions expire by; `None`: the platform's clock. A demo on an accelerated clock
    /// times sessions by the wall clock, so they do not expire mid-walk.
    pub(crate) session_clock: Option<Arc<dyn Clock>>,
    pub(crate) calendar: Arc<Calendar>,
    pub(crate) signer: Arc<NoteSigner>,
    pub(crate) origin: String,
    /// Sign-in state kept in memory: open challenges and failure counters (see `auth`).
    pub(crate) auth: crate::auth::AuthState,
    /// Tells live views (server-sent events) which streams just grew. Only this process's
    /// appends are announced; other servers' appear on the next notice or reconnect.
    pub(crate) appended: tokio::sync::broadcast::Sender<Notice>,
    /// How rounds' opening keys are made (custodians, k, suite, window).
    pub(crate) opening_policy: crate::bidding::OpeningPolicy,
    /// Set by [`Platform::with_opening_policy`]: the operator's policy wins over the center's.
    pub(crate) opening_policy_pinned: bool,
    /// Key shares handed in for openings under way (memory only).
    pub(crate) pending_shares: crate::bidding::PendingShares,
    /// Bid submissions under way per trade: the opening waits for them (a bid decided within
    /// the deadline second must not land after the opening counted the bids).
    pub(crate) inflight_bids: std::sync::Mutex<std::collections::HashMap<String, usize>>,
    /// Banks and guarantee issuers whose signed notices and guarantees count.
    pub(crate) deposit_signers: Vec<domain::accounts::PublicKey>,
    /// Where messages to experts go (SMS/voice); `None`: they wait in the outbox.
    pub(crate) gateway: Option<Arc<dyn crate::experts::MessageGateway>>,
    /// How one-time link messages read and where their links point.
    pub(crate) link_texts: crate::center::LinkTexts,
    /// The signer's record of the last checkpoint it signed, kept apart from the database.
    pub(crate) key_record: Option<crate::key_record::KeyRecord>,
    /// Held while a checkpoint is signed: one number, one checkpoint.
    pub(crate) signing: tokio::sync::Mutex<()>,
}

/// What a live view hears after an append: the streams that grew and the new log size.
#[derive(Debug, Clone)]
pub struct Notice {
    pub streams: Vec<String>,
    pub log_size: u64,
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
            session_clock: None,
            calendar,
            signer,
            origin: origin.into(),
            auth: crate::auth::AuthState::default(),
            appended: tokio::sync::broadcast::channel(256).0,
            opening_policy: crate::bidding::OpeningPolicy::default(),
            opening_policy_pinned: false,
            pending_shares: crate::bidding::PendingShares::default(),
            deposit_signers: Vec::new(),
            inflight_bids: Default::default(),
            gateway: None,
            link_texts: crate::center::LinkTexts::default(),
            key_record: None,
            signing: tokio::sync::Mutex::new(()),
        }
    }

    /// Keeps the signer's record (the last checkpoint signed) in `record`, and holds the log
    /// to it: see [`crate::KeyRecord`].
    pub fn with_key_record(mut self, record: crate::key_record::KeyRecord) -> Platform {
        self.key_record = Some(record);
        self
    }

    /// Pins the opening-key policy (threshold, suite, decryption window, size): it then wins
    /// over the center's (for tests and benchmarks that need a small limit).
    pub fn with_opening_policy(mut self, policy: crate::bidding::OpeningPolicy) -> Platform {
        self.opening_policy = policy;
        self.opening_policy_pinned = true;
        self
    }

    /// Sends messages to experts through `gateway`.
    /// Sessions expire by `clock` rather than the platform's (see `session_clock`).
    pub fn with_session_clock(mut self, clock: Arc<dyn Clock>) -> Platform {
        self.session_clock = Some(clock);
        self
    }

    /// Now, for sign-in and sessions (challenges, lockouts, expiry).
    pub(crate) fn session_now(&self) -> legal_time::OffsetDateTime {
        self.session_clock.as_ref().unwrap_or(&self.clock).now()
    }

    pub fn with_gateway(mut self, gateway: Arc<dyn crate::experts::MessageGateway>) -> Platform {
        self.gateway = Some(gateway);
        self
    }

    /// Words and base URL of one-time link messages (the web's catalogue, the public URL).
    pub fn with_link_texts(mut self, texts: crate::center::LinkTexts) -> Platform {
        self.link_texts = texts;
        self
    }

    pub fn opening_policy(&self) -> &crate::bidding::OpeningPolicy {
        &self.opening_policy
    }

    /// Hear about every append from now on (for live views).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Notice> {
        self.appended.subscribe()
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
        let streams: Vec<String> = batch.streams.iter().map(|s| s.stream.clone()).collect();
        let appended = self.store.append(batch).await?;
        // Nobody listening is fine: the send result only says whether anyone was.
        let _ = self.appended.send(Notice {
            streams,
            log_size: appended.head.size,
        });
        tracing::debug!(
            log.first_seq = appended.first_seq,
            log.count = appended.count,
            log.size = appended.head.size,
            "appended"
        );
        Ok(appended)
    }
}
