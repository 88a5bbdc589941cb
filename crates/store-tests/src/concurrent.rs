//! Many writers at once: the log stays gapless and ordered, every acknowledged append is
//! there at the position it was told, and the tree head is right.

use std::sync::Arc;

use ledger::{leaf_hash, root};
use serde_json::json;
use store::{Store, StoreError, StoredEvent};

use crate::fixtures::{single, upsert};

const TASKS: usize = 8;
const APPENDS: u64 = 50;
/// Tasks below this write to their own stream; the others race on one shared stream.
const OWN_STREAM_TASKS: usize = 4;

/// What one task was told: (seq, stream, version) of each acknowledged append.
type Acks = Vec<(u64, String, u64)>;

async fn writer<S: Store>(store: Arc<S>, task: usize) -> Acks {
    let shared = task >= OWN_STREAM_TASKS;
    let stream = if shared {
        "shared".to_owned()
    } else {
        format!("own-{task}")
    };
    let mut acks = Vec::new();
    let mut conflicts = 0u32;
    while (acks.len() as u64) < APPENDS {
        let expected = store.stream_version(&stream).await.expect("stream_version");
        let mut batch = single(&stream, expected, 1);
        let done = acks.len() as u64 + 1;
        batch
            .projections
            .push(upsert("progress", &format!("task-{task}"), json!(done)));
        match store.append(batch).await {
            Ok(a) => {
                assert_eq!(a.count, 1);
                acks.push((a.first_seq, stream.clone(), expected + 1));
            }
            // Only racers on the shared stream may lose; they read again and retry.
            Err(StoreError::Conflict { .. }) if shared => {
                conflicts += 1;
                assert!(conflicts < 10_000, "task {task} starves");
            }
            Err(e) => panic!("task {task}: {e}"),
        }
    }
    acks
}

pub async fn concurrent_appends_lose_nothing<S: Store + 'static>(store: S) {
    concurrent_appends_through(vec![Arc::new(store)]).await;
}

/// The same race, with the tasks spread over several stores on one database (several
/// servers, or several processes on one SQLite file). Checks are made through the first.
pub async fn concurrent_appends_through<S: Store + 'static>(stores: Vec<Arc<S>>) {
    let handles: Vec<_> = (0..TASKS)
        .map(|task| tokio::spawn(writer(stores[task % stores.len()].clone(), task)))
        .collect();
    let store = &stores[0];
    let mut acks = Vec::new();
    for handle in handles {
        acks.extend(handle.await.expect("writer task"));
    }

    let total = TASKS as u64 * APPENDS;
    let events: Vec<StoredEvent> = store.events(0, u32::MAX).await.unwrap();
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (0..total).collect::<Vec<_>>(), "gapless, ordered");

    // Every acknowledged append is at the seq it was acknowledged with.
    assert_eq!(acks.len() as u64, total);
    for (seq, stream, version) in &acks {
        let e = &events[*seq as usize].record;
        assert_eq!((&e.stream, e.version), (stream, *version), "seq {seq}");
    }

    // Each stream's versions are 1..=n, in seq order.
    for stream in (0..OWN_STREAM_TASKS)
        .map(|t| format!("own-{t}"))
        .chain(["shared".into()])
    {
        let n = if stream == "shared" {
            (TASKS - OWN_STREAM_TASKS) as u64 * APPENDS
        } else {
            APPENDS
        };
        let loaded = store.load_stream(&stream).await.unwrap();
        let versions: Vec<u64> = loaded.iter().map(|e| e.record.version).collect();
        assert_eq!(versions, (1..=n).collect::<Vec<_>>(), "{stream}");
        assert!(loaded.windows(2).all(|w| w[0].seq < w[1].seq), "{stream}");
    }

    let head = store.tree_head().await.unwrap();
    assert_eq!(head.size, total);
    let leaves = store.leaf_hashes(total).await.unwrap();
    for (e, leaf) in events.iter().zip(&leaves) {
        assert_eq!(*leaf, leaf_hash(&e.record.canonical_bytes().unwrap()));
    }
    assert_eq!(head.root, root(&leaves));
    for task in 0..TASKS {
        let progress = store
            .projection("progress", &format!("task-{task}"))
            .await
            .unwrap();
        assert_eq!(progress, Some(json!(APPENDS)), "task {task}");
    }
}
