//! Self-contained proof bundles (JSON) that anyone holding the log's verifier key can check
//! offline: a receipt that an event is in the log, and a proof that a later tree head extends
//! an earlier one. The checkpoints travel as the signed notes themselves, so the signature is
//! checked over the exact bytes the log signed.
#![forbid(unsafe_code)]

use serde::{Deserialize, Serialize};

use crate::checkpoint::Checkpoint;
use crate::hash::Hash;
use crate::merkle::{
    ProofError, consistency_proof, inclusion_proof, leaf_hash, verify_consistency, verify_inclusion,
};
use crate::note::NoteError;
use crate::signer::NoteVerifier;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("checkpoint: {0}")]
    Checkpoint(#[source] NoteError),
    #[error("old checkpoint: {0}")]
    OldCheckpoint(#[source] NoteError),
    #[error("new checkpoint: {0}")]
    NewCheckpoint(#[source] NoteError),
    #[error("bundle is for tree size {bundle}, its checkpoint is for tree size {checkpoint}")]
    SizeMismatch { bundle: u64, checkpoint: u64 },
    #[error("checkpoints are from different logs: {old:?} and {new:?}")]
    OriginMismatch { old: String, new: String },
    #[error("leaf data hashes to {computed}, the bundle proves {expected}")]
    LeafDataMismatch { expected: Hash, computed: Hash },
    #[error("proof: {0}")]
    Proof(#[from] ProofError),
}

/// Receipt: leaf `leaf_index` (hash `leaf_hash`) is in the tree of `tree_size` leaves whose
/// root the signed `checkpoint` states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InclusionBundle {
    pub leaf_index: u64,
    pub tree_size: u64,
    pub leaf_hash: Hash,
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, verbatim.
    pub checkpoint: String,
}

impl InclusionBundle {
    /// Builds the receipt for leaf `leaf_index` of the tree over all of `leaves`;
    /// `checkpoint` must be the signed note for that tree (`check` will find out if not).
    pub fn build(leaves: &[Hash], leaf_index: u64, checkpoint: String) -> Result<Self, ProofError> {
        let proof = inclusion_proof(leaves, leaf_index)?;
        Ok(InclusionBundle {
            leaf_index,
            tree_size: leaves.len() as u64,
            leaf_hash: leaves[leaf_index as usize],
            proof,
            checkpoint,
        })
    }

    /// Checks the checkpoint signature, that it is for this tree size, and the inclusion
    /// proof against its root. Returns the verified checkpoint.
    pub fn check(&self, verifier: &NoteVerifier) -> Result<Checkpoint, BundleError> {
        let checkpoint = verifier
            .verify(&self.checkpoint)
            .map_err(BundleError::Checkpoint)?;
        if checkpoint.size != self.tree_size {
            return Err(BundleError::SizeMismatch {
                bundle: self.tree_size,
                checkpoint: checkpoint.size,
            });
        }
        verify_inclusion(
            &self.leaf_hash,
            self.leaf_index,
            self.tree_size,
            &self.proof,
            &checkpoint.root,
        )?;
        Ok(checkpoint)
    }

    /// As [`InclusionBundle::check`], and also that `data` (e.g. the event's canonical JSON)
    /// is the leaf the bundle proves.
    pub fn check_leaf_data(
        &self,
        data: &[u8],
        verifier: &NoteVerifier,
    ) -> Result<Checkpoint, BundleError> {
        let computed = leaf_hash(data);
        if computed != self.leaf_hash {
            return Err(BundleError::LeafDataMismatch {
                expected: self.leaf_hash,
                computed,
            });
        }
        self.check(verifier)
    }
}

/// Proof that the tree of the signed `new_checkpoint` extends that of `old_checkpoint`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ConsistencyBundle {
    pub old_checkpoint: String,
    pub new_checkpoint: String,
    pub proof: Vec<Hash>,
}

impl ConsistencyBundle {
    /// Builds the proof from the first `old_size` leaves to all of `leaves`; the notes must
    /// be the signed checkpoints for those two trees.
    pub fn build(
        leaves: &[Hash],
        old_size: u64,
        old_checkpoint: String,
        new_checkpoint: String,
    ) -> Result<Self, ProofError> {
        let proof = consistency_proof(leaves, old_size)?;
        Ok(ConsistencyBundle {
            old_checkpoint,
            new_checkpoint,
            proof,
        })
    }

    /// Checks both signatures, that both are from the same log (origin), and the consistency
    /// proof between their roots. Returns the (old, new) checkpoints.
    pub fn check(&self, verifier: &NoteVerifier) -> Result<(Checkpoint, Checkpoint), BundleError> {
        let old = verifier
            .verify(&self.old_checkpoint)
            .map_err(BundleError::OldCheckpoint)?;
        let new = verifier
            .verify(&self.new_checkpoint)
            .map_err(BundleError::NewCheckpoint)?;
        if old.origin != new.origin {
            return Err(BundleError::OriginMismatch {
                old: old.origin,
                new: new.origin,
            });
        }
        verify_consistency(old.size, new.size, &old.root, &new.root, &self.proof)?;
        Ok((old, new))
    }
}
