//! Publishing the log: inclusion and consistency proofs (signing checkpoints is in
//! `checkpoints.rs`).
use ledger::{ConsistencyBundle, InclusionBundle, merkle};
use store::StoredCheckpoint;

use crate::error::AppError;
use crate::platform::Platform;

impl Platform {
    /// Proof that leaf `index` is in the tree of `size` (default: the latest checkpoint if it
    /// holds the leaf, else a fresh one).
    pub async fn inclusion(
        &self,
        index: u64,
        size: Option<u64>,
    ) -> Result<InclusionBundle, AppError> {
        let checkpoint = match size {
            Some(_) => self.checkpoint_for(size).await?,
            None => {
                self.checkpoint_covering(Some(index.saturating_add(1)))
                    .await?
            }
        };
        if index >= checkpoint.size {
            return Err(AppError::Invalid(format!(
                "leaf {index} is not in a tree of size {}",
                checkpoint.size
            )));
        }
        let leaves = self.store.leaf_hashes(checkpoint.size).await?;
        let proof = merkle::inclusion_proof(&leaves, index)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(InclusionBundle {
            leaf_index: index,
            tree_size: checkpoint.size,
            leaf_hash: leaves[index as usize],
            proof,
            checkpoint: checkpoint.note,
        })
    }

    /// Proof that the tree of size `from` is a prefix of the tree of size `to` (default latest).
    pub async fn consistency(
        &self,
        from: u64,
        to: Option<u64>,
    ) -> Result<ConsistencyBundle, AppError> {
        let new = self.checkpoint_for(to).await?;
        let old = self.checkpoint_for(Some(from)).await?;
        if old.size > new.size {
            return Err(AppError::Invalid(format!(
                "size {from} is larger than {}",
                new.size
            )));
        }
        let leaves = self.store.leaf_hashes(new.size).await?;
        let proof = merkle::consistency_proof(&leaves, old.size)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(ConsistencyBundle {
            old_checkpoint: old.note,
            new_checkpoint: new.note,
            proof,
        })
    }

    async fn checkpoint_for(&self, size: Option<u64>) -> Result<StoredCheckpoint, AppError> {
        match size {
            None => self.checkpoint().await,
            Some(size) => self
                .store
                .checkpoint_at(size)
                .await?
                .ok_or_else(|| AppError::not_found(format!("checkpoint of size {size}"))),
        }
    }
}
