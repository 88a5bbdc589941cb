//! Checkpoints: write-once per size, listed by size.

use ledger::{Hash, leaf_hash};
use store::{Store, StoreError, StoredCheckpoint};

fn checkpoint(size: u64, note: &str) -> StoredCheckpoint {
    StoredCheckpoint {
        size,
        root: leaf_hash(&size.to_be_bytes()),
        note: format!("sunbid.example/log\n{size}\n{note}\n"),
    }
}

pub async fn checkpoints_save_list_latest_at<S: Store + 'static>(store: S) {
    assert_eq!(store.latest_checkpoint().await.unwrap(), None);
    assert_eq!(store.checkpoint_at(0).await.unwrap(), None);
    // Saved out of order, listed by size.
    let (c5, c2, c9) = (
        checkpoint(5, "— 签名"),
        checkpoint(2, "b"),
        checkpoint(9, "c"),
    );
    for c in [&c5, &c2, &c9] {
        store.save_checkpoint(c).await.unwrap();
    }
    let sizes: Vec<u64> = store
        .checkpoints()
        .await
        .unwrap()
        .iter()
        .map(|c| c.size)
        .collect();
    assert_eq!(sizes, vec![2, 5, 9]);
    assert_eq!(
        store.checkpoints().await.unwrap(),
        vec![c2.clone(), c5.clone(), c9.clone()]
    );
    assert_eq!(store.latest_checkpoint().await.unwrap(), Some(c9.clone()));
    assert_eq!(store.checkpoint_at(5).await.unwrap(), Some(c5.clone()));
    assert_eq!(store.checkpoint_at(6).await.unwrap(), None);

    // The same checkpoint again is fine; a different one of that size is refused, both for
    // another note and for another root, and the stored one stays.
    store.save_checkpoint(&c5).await.unwrap();
    let other_note = checkpoint(5, "forged");
    let other_root = StoredCheckpoint {
        root: Hash([7; 32]),
        ..c5.clone()
    };
    for bad in [other_note, other_root] {
        match store.save_checkpoint(&bad).await {
            Err(StoreError::CheckpointMismatch { size: 5 }) => {}
            other => panic!("expected CheckpointMismatch for size 5, got {other:?}"),
        }
    }
    assert_eq!(store.checkpoint_at(5).await.unwrap(), Some(c5));
    assert_eq!(store.checkpoints().await.unwrap().len(), 3);
}
