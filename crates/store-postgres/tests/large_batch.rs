//! A batch too big for one statement's parameters (PostgreSQL allows 65,535): the write goes
//! on in more statements of the same transaction and is still one atomic, checked append.

mod support;

use ledger::{leaf_hash, root};
use serde_json::json;
use store::{AppendBatch, ProjectionWrite, Store, StoreError};
use store_tests::fixtures::{delete, snapshot, stream_append, upsert};

fn big_batch(small_expected: u64) -> AppendBatch {
    let mut projections: Vec<ProjectionWrite> = (0..30_000)
        .map(|i| upsert("p", &format!("{i:05}"), json!(i)))
        .collect();
    projections.extend([
        delete("p", "00005"),
        upsert("p", "00005", json!("again")),
        upsert("p", "00007", json!("gone")),
        delete("p", "00007"),
    ]);
    AppendBatch {
        // 7,002 events of 11 parameters each, 30,000 upserts of 3.
        streams: vec![
            stream_append("big", 0, 7_000),
            stream_append("small", small_expected, 2),
        ],
        projections,
    }
}

#[tokio::test]
async fn a_batch_beyond_one_statement_is_one_append() {
    support::with_store(|store| async move {
        store
            .append(AppendBatch {
                streams: vec![stream_append("small", 0, 1)],
                projections: vec![upsert("p", "00007", json!("old"))],
            })
            .await
            .unwrap();

        // A stale version in the batch: nothing of it is written.
        let before = snapshot(&store).await;
        match store.append(big_batch(0)).await {
            Err(StoreError::Conflict { stream, .. }) => assert_eq!(stream, "small"),
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(snapshot(&store).await, before);

        let appended = store.append(big_batch(1)).await.unwrap();
        assert_eq!((appended.first_seq, appended.count), (1, 7_002));
        let events = store.events(0, u32::MAX).await.unwrap();
        assert_eq!(events.len(), 7_003);
        let leaves: Vec<_> = events
            .iter()
            .map(|e| leaf_hash(&e.record.canonical_bytes().unwrap()))
            .collect();
        assert_eq!(appended.head, store.tree_head().await.unwrap());
        assert_eq!(appended.head.root, root(&leaves));
        assert_eq!(store.stream_version("big").await.unwrap(), 7_000);
        assert_eq!(store.stream_version("small").await.unwrap(), 3);

        // Projections as if written one after another: the last write to a key wins.
        let rows = store.projections("p").await.unwrap();
        assert_eq!(rows.len(), 29_999);
        let doc = |key: &str| rows.iter().find(|r| r.key == key).map(|r| r.doc.clone());
        assert_eq!(doc("00005"), Some(json!("again")));
        assert_eq!(doc("00007"), None);
        assert_eq!(doc("29999"), Some(json!(29_999)));
    })
    .await;
}
