//! `verify`: re-derive everything from the stored events and compare with what is stored:
//! each leaf hash, the tree head, every signed checkpoint, every projection row and every file
//! an event names. The first difference is reported with its table and row.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use ledger::{Frontier, Hash, NoteVerifier, leaf_hash};
use store::{ProjectionRow, StoredCheckpoint};

use crate::checkpoints::ChainWalk;
use crate::error::AppError;
use crate::platform::Platform;
use crate::projection::Replay;

/// Stored things `verify` does not check, because they are not part of the record.
pub const EXEMPT: &[&str] = &[
    // Signed-in sessions: no events behind them; deleting them all only signs people out.
    "sessions",
];

const PAGE: u32 = 5_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub table: &'static str,
    pub key: String,
    pub detail: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.table, self.key, self.detail)
    }
}

#[derive(Debug, Clone)]
pub struct VerifyReport {
    pub events: u64,
    pub streams: u64,
    pub checkpoints: u64,
    pub projections: u64,
    pub blobs: u64,
    pub root: Hash,
    /// Events appended after the latest checkpoint: covered by the tree head, not yet signed.
    pub unsigned_tail: u64,
    /// What the signer's record (kept beside the key) showed, if this platform keeps one.
    pub signer_record: Option<String>,
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ok: {} events in {} streams, root {}, {} checkpoints, {} projection rows, {} files; {} events after the latest checkpoint",
            self.events,
            self.streams,
            self.root,
            self.checkpoints,
            self.projections,
            self.blobs,
            self.unsigned_tail
        )?;
        if let Some(record) = &self.signer_record {
            write!(f, "; {record}")?;
        }
        if !EXEMPT.is_empty() {
            write!(
                f,
                "; not part of the record, not checked: {}",
                EXEMPT.join(", ")
            )?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("MISMATCH {0}")]
    Mismatch(Mismatch),
    #[error(transparent)]
    App(#[from] AppError),
}

/// A row the store cannot even read back is a mismatch of that row, not an internal error.
fn stored(e: store::StoreError) -> VerifyError {
    match e {
        store::StoreError::Corrupt { table, key, detail } => mismatch(table, key, detail),
        other => VerifyError::App(AppError::from(other)),
    }
}

pub(crate) fn mismatch(
    table: &'static str,
    key: impl Into<String>,
    detail: impl Into<String>,
) -> VerifyError {
    VerifyError::Mismatch(Mismatch {
        table,
        key: key.into(),
        detail: detail.into(),
    })
}

impl Platform {
    /// Verify the whole store; checkpoints are checked against `verifier` (default: this
    /// platform's own key).
    pub async fn verify(
        &self,
        verifier: Option<&NoteVerifier>,
    ) -> Result<VerifyReport, VerifyError> {
        let own = self.signer.verifier();
        let verifier = verifier.unwrap_or(&own);
        let checkpoints = self.store.checkpoints().await.map_err(stored)?;
        let mut pending: std::collections::VecDeque<StoredCheckpoint> =
            checkpoints.iter().cloned().collect();
        let mut frontier = Frontier::new();
        let mut versions: BTreeMap<String, u64> = BTreeMap::new();
        let mut blobs: BTreeSet<String> = BTreeSet::new();
        let mut replay = Replay::default();
        let mut walk = ChainWalk::default();
        check_checkpoints_at(&mut pending, &mut walk, &frontier, verifier, &self.origin)?;
        loop {
            let page = self
                .store
                .events(frontier.size(), PAGE)
                .await
                .map_err(stored)?;
            if page.is_empty() {
                break;
            }
            for stored in &page {
                let key = format!("seq={}", stored.seq);
                if stored.seq != frontier.size() {
                    return Err(mismatch(
                        "events",
                        key,
                        format!("expected seq {}", frontier.size()),
                    ));
                }
                let data = stored
                    .record
                    .canonical_bytes()
                    .map_err(|e| mismatch("events", &key, e.to_string()))?;
                let derived = leaf_hash(&data);
                if derived != stored.leaf_hash {
                    return Err(mismatch(
                        "events",
                        key,
                        format!(
                            "leaf_hash {} does not match its contents (derived {derived})",
                            stored.leaf_hash
                        ),
                    ));
                }
                let last = versions.entry(stored.record.stream.clone()).or_default();
                if stored.record.version != *last + 1 {
                    return Err(mismatch(
                        "events",
                        key,
                        format!(
                            "stream {} version {} follows {}",
                            stored.record.stream, stored.record.version, last
                        ),
                    ));
                }
                *last = stored.record.version;
                let named = replay
                    .apply(stored)
                    .map_err(|e| mismatch("events", &key, e.to_string()))?;
                blobs.extend(named);
                frontier.push(stored.leaf_hash);
                check_checkpoints_at(&mut pending, &mut walk, &frontier, verifier, &self.origin)?;
            }
        }
        if let Some(cp) = pending.front() {
            return Err(mismatch(
                "checkpoints",
                format!("size={}", cp.size),
                format!("the log has only {} entries", frontier.size()),
            ));
        }
        let signer_record = self
            .check_record_in_store(&checkpoints, &walk, verifier)
            .await?;
        self.check_head(&frontier).await?;
        let rows = replay.into_rows()?;
        let projections = rows.len() as u64;
        self.check_projections(rows).await?;
        for hash in &blobs {
            self.blobs
                .check(hash)
                .map_err(|e| mismatch("blobs", hash.clone(), e.to_string()))?;
        }
        let signed = checkpoints.last().map_or(0, |c| c.size);
        Ok(VerifyReport {
            events: frontier.size(),
            streams: versions.len() as u64,
            checkpoints: checkpoints.len() as u64,
            projections,
            blobs: blobs.len() as u64,
            root: frontier.root(),
            unsigned_tail: frontier.size() - signed,
            signer_record,
        })
    }

    async fn check_head(&self, frontier: &Frontier) -> Result<(), VerifyError> {
        let head = self.store.tree_head().await.map_err(stored)?;
        if head.size != frontier.size() {
            return Err(mismatch(
                "tree_head",
                "id=1",
                format!(
                    "size {} but the log has {} events",
                    head.size,
                    frontier.size()
                ),
            ));
        }
        if head.root != frontier.root() {
            return Err(mismatch(
                "tree_head",
                "id=1",
                format!("root {} but the events give {}", head.root, frontier.root()),
            ));
        }
        let stored = self.store.tree_frontier().await.map_err(stored)?;
        if stored != frontier.to_bytes() {
            return Err(mismatch(
                "tree_head",
                "id=1",
                "frontier does not match the events",
            ));
        }
        Ok(())
    }

    async fn check_projections(&self, derived: Vec<ProjectionRow>) -> Result<(), VerifyError> {
        let stored = self.store.all_projections().await.map_err(stored)?;
        let mut stored = stored.into_iter().peekable();
        let mut derived = derived.into_iter().peekable();
        loop {
            match (stored.peek(), derived.peek()) {
                (None, None) => return Ok(()),
                (Some(s), None) => {
                    return Err(mismatch(
                        "projections",
                        row_key(s),
                        "row has no event behind it",
                    ));
                }
                (None, Some(d)) => {
                    return Err(mismatch("projections", row_key(d), "row is missing"));
                }
                (Some(s), Some(d)) => {
                    let (sk, dk) = ((&s.kind, &s.key), (&d.kind, &d.key));
                    if sk < dk {
                        return Err(mismatch(
                            "projections",
                            row_key(s),
                            "row has no event behind it",
                        ));
                    }
                    if dk < sk {
                        return Err(mismatch("projections", row_key(d), "row is missing"));
                    }
                    if s.doc != d.doc {
                        return Err(mismatch(
                            "projections",
                            row_key(s),
                            first_difference(&s.doc, &d.doc),
                        ));
                    }
                    stored.next();
                    derived.next();
                }
            }
        }
    }
}

fn row_key(row: &ProjectionRow) -> String {
    format!("{}/{}", row.kind, row.key)
}

/// Name the first field that differs, so a report says "phase: stored X, derived Y".
fn first_difference(stored: &serde_json::Value, derived: &serde_json::Value) -> String {
    use serde_json::Value;
    if let (Value::Object(s), Value::Object(d)) = (stored, derived) {
        let keys: BTreeSet<&String> = s.keys().chain(d.keys()).collect();
        for k in keys {
            if s.get(k) != d.get(k) {
                return format!(
                    "field {k}: stored {}, derived {}",
                    show(s.get(k)),
                    show(d.get(k))
                );
            }
        }
    }
    format!("stored {stored}, derived {derived}")
}

fn show(v: Option<&serde_json::Value>) -> String {
    v.map_or_else(|| "(absent)".to_owned(), |v| v.to_string())
}

fn check_checkpoints_at(
    pending: &mut std::collections::VecDeque<StoredCheckpoint>,
    walk: &mut ChainWalk,
    frontier: &Frontier,
    verifier: &NoteVerifier,
    origin: &str,
) -> Result<(), VerifyError> {
    while let Some(cp) = pending.front().filter(|c| c.size == frontier.size()) {
        let key = format!("size={}", cp.size);
        let signed = verifier
            .verify(&cp.note)
            .map_err(|e| mismatch("checkpoints", &key, format!("note: {e}")))?;
        if signed.size != cp.size || signed.root != cp.root {
            return Err(mismatch(
                "checkpoints",
                key,
                "size or root column differs from the signed note",
            ));
        }
        if signed.origin != origin {
            return Err(mismatch(
                "checkpoints",
                key,
                format!("origin {} is not {origin}", signed.origin),
            ));
        }
        if cp.root != frontier.root() {
            return Err(mismatch(
                "checkpoints",
                key,
                format!(
                    "signed root {} but the events give {}",
                    cp.root,
                    frontier.root()
                ),
            ));
        }
        walk.step(&key, signed)?;
        pending.pop_front();
    }
    Ok(())
}
