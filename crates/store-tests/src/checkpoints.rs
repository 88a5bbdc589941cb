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

/// A checkpoint numbered in its signed note (`sunbid-chain`): one number is stored once, so
/// two servers signing at the same moment cannot both store "checkpoint 2".
fn numbered(size: u64, number: u64) -> StoredCheckpoint {
    let signer = ledger::NoteSigner::from_secret_bytes("sunbid.example/log", [3; 32]).unwrap();
    let root = leaf_hash(&size.to_be_bytes());
    let checkpoint = ledger::Checkpoint {
        origin: "sunbid.example/log".into(),
        size,
        root,
        chain: Some(ledger::Chain {
            number,
            prev_size: 0,
            prev_root: ledger::empty_root(),
        }),
    };
    StoredCheckpoint {
        size,
        root,
        note: signer.sign(&checkpoint).unwrap(),
    }
}

pub async fn checkpoint_numbers_are_stored_once<S: Store + 'static>(store: S) {
    let first = numbered(4, 1);
    store.save_checkpoint(&first).await.unwrap();
    store.save_checkpoint(&first).await.unwrap();
    match store.save_checkpoint(&numbered(6, 1)).await {
        Err(StoreError::CheckpointMismatch { size: 6 }) => {}
        other => panic!("a second checkpoint numbered 1 was not refused: {other:?}"),
    }
    store.save_checkpoint(&numbered(6, 2)).await.unwrap();
    let sizes: Vec<u64> = store
        .checkpoints()
        .await
        .unwrap()
        .iter()
        .map(|c| c.size)
        .collect();
    assert_eq!(sizes, vec![4, 6]);
}
