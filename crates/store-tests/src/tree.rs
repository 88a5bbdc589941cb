//! The tree head kept with the log agrees with the ledger's own computation over the leaves.

use ledger::{Frontier, empty_root, leaf_hash, root};
use store::Store;

use crate::fixtures::single;

/// A new store: size 0, the empty root, the empty frontier, nothing anywhere.
pub async fn empty_store<S: Store + 'static>(store: S) {
    let head = store.tree_head().await.unwrap();
    assert_eq!((head.size, head.root), (0, empty_root()));
    assert_eq!(
        store.tree_frontier().await.unwrap(),
        Frontier::new().to_bytes()
    );
    assert!(store.leaf_hashes(0).await.unwrap().is_empty());
    assert!(
        store.leaf_hashes(1).await.is_err(),
        "asking past the end is an error"
    );
    assert!(store.events(0, 10).await.unwrap().is_empty());
    assert_eq!(store.stream_version("any").await.unwrap(), 0);
    assert!(store.load_stream("any").await.unwrap().is_empty());
    assert!(store.checkpoints().await.unwrap().is_empty());
    assert_eq!(store.latest_checkpoint().await.unwrap(), None);
    assert!(store.all_projections().await.unwrap().is_empty());
}

/// After every append: root = ledger::root(leaf hashes), each leaf hash =
/// leaf_hash(canonical bytes), the stored frontier = the ledger's frontier over the leaves,
/// and prefixes of `leaf_hashes` are the older trees.
pub async fn tree_head_matches_ledger<S: Store + 'static>(store: S) {
    // Sizes 1..=13 cross several powers of two, where the frontier merges subtrees.
    for (i, count) in [1, 1, 2, 3, 1, 5].into_iter().enumerate() {
        let stream = format!("s{}", i % 2);
        let expected = store.stream_version(&stream).await.unwrap();
        let appended = store
            .append(single(&stream, expected, count))
            .await
            .unwrap();
        let head = store.tree_head().await.unwrap();
        assert_eq!(appended.head, head);
        let leaves = store.leaf_hashes(head.size).await.unwrap();
        assert_eq!(leaves.len() as u64, head.size);
        assert_eq!(head.root, root(&leaves), "root at size {}", head.size);
        let frontier = store.tree_frontier().await.unwrap();
        assert_eq!(frontier, Frontier::from_leaves(&leaves).to_bytes());
    }
    let head = store.tree_head().await.unwrap();
    assert_eq!(head.size, 13);
    let events = store.events(0, 100).await.unwrap();
    let leaves = store.leaf_hashes(13).await.unwrap();
    for (event, leaf) in events.iter().zip(&leaves) {
        let bytes = event.record.canonical_bytes().unwrap();
        assert_eq!(event.leaf_hash, leaf_hash(&bytes), "seq {}", event.seq);
        assert_eq!(event.leaf_hash, *leaf);
    }
    for size in [0u64, 1, 4, 7, 12] {
        let prefix = store.leaf_hashes(size).await.unwrap();
        assert_eq!(prefix, leaves[..size as usize].to_vec());
    }
    assert!(store.leaf_hashes(14).await.is_err());
}
