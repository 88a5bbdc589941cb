//! Signing checkpoints as a chain (numbered, each naming the one before) and holding the log
//! to the signer's record: the platform never signs a log that lost or rewrote what the key
//! signed last. `verify` walks the same chain (see [`ChainWalk`]).
use ledger::{Chain, Checkpoint, Frontier, NoteVerifier, check_chain, empty_root};
use store::{StoreError, StoredCheckpoint};

use crate::error::AppError;
use crate::key_record::LastSigned;
use crate::platform::Platform;
use crate::verify::{VerifyError, mismatch};

/// How many leaves to read at a time when bringing the record's tree up to the head.
const PAGE: u32 = 2_000;

impl Platform {
    /// The latest signed checkpoint covering the whole log; signs the next one of the chain
    /// if the log has grown since the last (publishing is a stage of its own, as in tessera).
    pub async fn checkpoint(&self) -> Result<StoredCheckpoint, AppError> {
        self.checkpoint_covering(None).await
    }

    /// A signed checkpoint of at least `size` leaves (default: the whole log): the latest if
    /// it is large enough, else the next one of the chain. Receipts ask for their own leaf
    /// only, so during a deadline surge the bids that waited for the signer while it signed
    /// find themselves covered, and one signature serves them all.
    pub(crate) async fn checkpoint_covering(
        &self,
        size: Option<u64>,
    ) -> Result<StoredCheckpoint, AppError> {
        // One signer at a time in this process: two would give two checkpoints one number.
        let _signing = self.signing.lock().await;
        // Another server on the same database may take the number first: then sign the next.
        for _ in 0..4 {
            let head = self.head_frontier().await?;
            // Also before handing out the latest one: an older checkpoint served as the
            // latest would hide that the log lost what the key signed after it.
            self.check_signer_record(&head).await?;
            let latest = self.store.latest_checkpoint().await?;
            match &latest {
                Some(l) if l.size == head.size() => {
                    self.start_record(l, &head)?;
                    return Ok(l.clone());
                }
                Some(l) if l.size > head.size() => {
                    return Err(AppError::Corrupt(format!(
                        "the log has {} entries, fewer than its latest checkpoint ({}): it was rolled back; refusing to sign",
                        head.size(),
                        l.size
                    )));
                }
                Some(l) if size.is_some_and(|s| l.size >= s) => return Ok(l.clone()),
                _ => {}
            }
            let checkpoint = Checkpoint {
                origin: self.origin.clone(),
                size: head.size(),
                root: head.root(),
                chain: Some(self.next_link(latest.as_ref()).await?),
            };
            let note = self
                .signer
                .sign(&checkpoint)
                .map_err(|e| AppError::Invalid(e.to_string()))?;
            let stored = StoredCheckpoint {
                size: head.size(),
                root: head.root(),
                note,
            };
            match self.store.save_checkpoint(&stored).await {
                Ok(()) => {}
                Err(StoreError::CheckpointMismatch { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
            if let Some(record) = &self.key_record {
                record.save(&LastSigned {
                    note: stored.note.clone(),
                    frontier: head,
                })?;
            }
            tracing::info!(log.size = stored.size, "signed checkpoint");
            return Ok(stored);
        }
        Err(AppError::Invalid(
            "checkpoint: other servers kept signing first; try again".into(),
        ))
    }

    /// Without a record (a key that never signed here, or a record moved aside after a
    /// restore), the latest stored checkpoint starts one: trust on first use, logged.
    fn start_record(&self, latest: &StoredCheckpoint, head: &Frontier) -> Result<(), AppError> {
        let Some(record) = &self.key_record else {
            return Ok(());
        };
        if latest.root != head.root() || record.load()?.is_some() {
            return Ok(());
        }
        tracing::warn!(record = %record.path().display(), log.size = latest.size, "no signer's record: starting one from the latest stored checkpoint");
        record.save(&LastSigned {
            note: latest.note.clone(),
            frontier: head.clone(),
        })
    }

    /// The stored tree head as a frontier: its size and root come from one row.
    async fn head_frontier(&self) -> Result<Frontier, AppError> {
        Frontier::from_bytes(&self.store.tree_frontier().await?)
            .map_err(|e| AppError::Corrupt(format!("tree head frontier: {e}")))
    }

    /// The chain line of the next checkpoint after `latest`.
    async fn next_link(&self, latest: Option<&StoredCheckpoint>) -> Result<Chain, AppError> {
        let Some(latest) = latest else {
            return Ok(Chain {
                number: 1,
                prev_size: 0,
                prev_root: empty_root(),
            });
        };
        let numbered = ledger::parse_note_unverified(&latest.note)
            .ok()
            .and_then(|c| c.chain);
        let number = match numbered {
            Some(c) => c.number + 1,
            // Checkpoints signed before numbering count by their place.
            None => self.store.checkpoints().await?.len() as u64 + 1,
        };
        Ok(Chain {
            number,
            prev_size: latest.size,
            prev_root: latest.root,
        })
    }

    /// Before signing: the database still holds the checkpoint the key signed last, and the
    /// log at `head` extends that tree (the record's frontier plus the leaves since).
    async fn check_signer_record(&self, head: &Frontier) -> Result<(), AppError> {
        let Some(record) = &self.key_record else {
            return Ok(());
        };
        let Some(last) = record.load()? else {
            return Ok(());
        };
        let refuse = |why: String| {
            tracing::error!(record = %record.path().display(), "{why}");
            AppError::Corrupt(format!(
                "{why}; refusing to sign (signer's record {}; docs/OPERATIONS.md, restoring from a backup)",
                record.path().display()
            ))
        };
        let signed_size = last.frontier.size();
        let mut tree = last.frontier;
        let held = self.store.checkpoint_at(tree.size()).await?;
        if held.as_ref().map(|c| &c.note) != Some(&last.note) {
            return Err(refuse(format!(
                "the database no longer holds the checkpoint of size {} this key signed last: the log was rolled back or its checkpoints deleted",
                tree.size()
            )));
        }
        while tree.size() < head.size() {
            let page = self.store.events(tree.size(), PAGE).await?;
            if page.is_empty() {
                break;
            }
            for e in page.iter().take((head.size() - tree.size()) as usize) {
                tree.push(e.leaf_hash);
            }
        }
        if tree.size() != head.size() || tree.root() != head.root() {
            return Err(refuse(format!(
                "the log of {} entries does not extend the tree of size {} this key signed last: entries before it were changed",
                head.size(),
                signed_size
            )));
        }
        Ok(())
    }
}

/// `verify`'s walk along the stored checkpoints in size order: each is numbered by its place
/// and names the one before ([`check_chain`]).
#[derive(Default)]
pub(crate) struct ChainWalk {
    prev: Option<Checkpoint>,
    position: u64,
}

impl ChainWalk {
    pub(crate) fn step(&mut self, key: &str, signed: Checkpoint) -> Result<(), VerifyError> {
        self.position += 1;
        check_chain(self.prev.as_ref(), &signed, self.position)
            .map_err(|e| mismatch("checkpoints", key, e.to_string()))?;
        self.prev = Some(signed);
        Ok(())
    }

    /// Whether any checkpoint walked so far is numbered.
    fn numbered(&self) -> bool {
        self.prev.as_ref().is_some_and(|c| c.chain.is_some())
    }
}

impl Platform {
    /// `verify`: the checkpoint the key signed last (its record, kept apart from the
    /// database) is among the stored ones; with the chain, no checkpoint up to it is missing.
    /// Returns what the report says about the record.
    pub(crate) async fn check_record_in_store(
        &self,
        stored: &[StoredCheckpoint],
        walk: &ChainWalk,
        verifier: &NoteVerifier,
    ) -> Result<Option<String>, VerifyError> {
        let Some(record) = &self.key_record else {
            return Ok(None);
        };
        let key = record.path().display().to_string();
        let last = record
            .load()
            .map_err(|e| mismatch("signer_record", &key, e.to_string()))?;
        let Some(last) = last else {
            if walk.numbered() {
                return Err(mismatch(
                    "signer_record",
                    key,
                    "missing, but the database holds numbered checkpoints: the record of the last checkpoint the key signed was deleted (or this key never signed them)",
                ));
            }
            return Ok(Some(format!("signer's record {key}: none yet")));
        };
        let signed = verifier
            .verify(&last.note)
            .map_err(|e| mismatch("signer_record", &key, format!("note: {e}")))?;
        let number = signed.chain.map_or(0, |c| c.number);
        // A checkpoint the server signed while verify ran is stored after the list was read.
        let signed_since = || async {
            let now = self.store.checkpoint_at(signed.size).await;
            matches!(now, Ok(Some(c)) if c.note == last.note)
        };
        if !stored.iter().any(|c| c.note == last.note) && !signed_since().await {
            return Err(mismatch(
                "checkpoints",
                format!("size={}", signed.size),
                format!(
                    "checkpoint {number} of size {}, the last the key signed (record {key}), is not stored: it was deleted, or the log rolled back",
                    signed.size
                ),
            ));
        }
        Ok(Some(format!(
            "signer's record {key}: the last checkpoint it signed ({number}, size {}) is stored",
            signed.size
        )))
    }
}
