//! `verify --against`: checkpoints someone kept from earlier (published, or inside a bid
//! receipt) against the log as it is now. The log must still extend each one: an RFC 6962
//! consistency proof from its size to the current tree, over the stored leaves, checked
//! against the root it signed. A log cut short (even with its tree head and checkpoints set
//! to match) is shorter than the checkpoint held; a middle rewritten and re-signed with the
//! same key no longer leads to the root held. Only a checkpoint kept outside the database
//! can show either: see docs/OPERATIONS.md.
use ledger::{Checkpoint, NoteVerifier, consistency_proof, root, verify_consistency};

use crate::platform::Platform;
use crate::verify::{VerifyError, mismatch};

/// The signed notes in a file someone kept: a note itself, or the JSON of a bid receipt, an
/// inclusion proof or a consistency proof (both of its checkpoints).
pub fn held_checkpoints(text: &str) -> Result<Vec<String>, String> {
    if !text.trim_start().starts_with('{') {
        return Ok(vec![text.to_owned()]);
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let note = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    let notes: Vec<String> = [
        &value["inclusion"]["checkpoint"],
        &value["checkpoint"],
        &value["old_checkpoint"],
        &value["new_checkpoint"],
    ]
    .into_iter()
    .filter_map(note)
    .collect();
    if notes.is_empty() {
        return Err("no checkpoint in it (a receipt, a proof, or a signed note)".into());
    }
    Ok(notes)
}

impl Platform {
    /// Checks each held note against the current log; run after [`Platform::verify`] passed,
    /// so the stored leaves are the events'. Returns one line per checkpoint.
    pub async fn verify_against(
        &self,
        held: &[String],
        verifier: Option<&NoteVerifier>,
    ) -> Result<Vec<String>, VerifyError> {
        let own = self.signer.verifier();
        let verifier = verifier.unwrap_or(&own);
        let size = self
            .store
            .tree_head()
            .await
            .map_err(crate::error::AppError::from)?
            .size;
        let leaves = self
            .store
            .leaf_hashes(size)
            .await
            .map_err(crate::error::AppError::from)?;
        let current = root(&leaves);
        let mut lines = Vec::new();
        for (i, note) in held.iter().enumerate() {
            let held = verifier.verify(note).map_err(|e| {
                mismatch(
                    "against",
                    format!("#{}", i + 1),
                    format!("the checkpoint held is not signed by the log's key: {e}"),
                )
            })?;
            let key = format!("size={}", held.size);
            if held.origin != self.origin {
                return Err(mismatch(
                    "against",
                    key,
                    format!("origin {} is not {}", held.origin, self.origin),
                ));
            }
            if held.size > size {
                return Err(mismatch(
                    "against",
                    key,
                    format!(
                        "the log has {size} entries, fewer than the {} of the checkpoint held: it was rolled back (cut short) since that checkpoint was signed",
                        held.size
                    ),
                ));
            }
            let proof = consistency_proof(&leaves, held.size)
                .map_err(|e| mismatch("against", &key, e.to_string()))?;
            verify_consistency(held.size, size, &held.root, &current, &proof).map_err(|e| {
                mismatch(
                    "against",
                    &key,
                    format!(
                        "the log's first {} entries no longer lead to the root of the checkpoint held: entries were changed since it was signed ({e})",
                        held.size
                    ),
                )
            })?;
            self.check_same_chain(&held, note, &key).await?;
            lines.push(format!(
                "ok: the log of {size} entries extends the checkpoint held ({}size {}, root {})",
                held.chain
                    .map(|c| format!("number {}, ", c.number))
                    .unwrap_or_default(),
                held.size,
                held.root
            ));
        }
        Ok(lines)
    }

    /// A numbered checkpoint held must be the one stored: the same tree signed again under
    /// another number means the chain of checkpoints was re-signed after one was removed.
    async fn check_same_chain(
        &self,
        held: &Checkpoint,
        note: &str,
        key: &str,
    ) -> Result<(), VerifyError> {
        let Some(chain) = held.chain else {
            return Ok(());
        };
        let stored = self
            .store
            .checkpoint_at(held.size)
            .await
            .map_err(crate::error::AppError::from)?;
        match stored {
            Some(s) if s.note == note => Ok(()),
            Some(_) => Err(mismatch(
                "against",
                key,
                format!(
                    "the log stores another checkpoint for this size than number {} held: its checkpoints were signed again",
                    chain.number
                ),
            )),
            None => Err(mismatch(
                "against",
                key,
                format!(
                    "checkpoint number {} held is no longer stored: it was deleted",
                    chain.number
                ),
            )),
        }
    }
}
