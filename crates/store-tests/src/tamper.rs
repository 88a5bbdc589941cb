//! Rows changed behind the store's back are reported as `Corrupt`, naming table and key, and
//! an append never extends a tree whose stored head is inconsistent. Not in
//! `conformance_tests!`: it needs a side door to the database, which each backend provides
//! as a function running one SQL statement. The statements are written to mean the same on
//! SQLite and PostgreSQL (`substr` cuts a BLOB and a BYTEA alike).

use std::future::Future;

use serde_json::json;
use store::{Store, StoreError, StoredCheckpoint};

use crate::fixtures::{single, upsert};

fn assert_corrupt<T: std::fmt::Debug>(result: Result<T, StoreError>, table: &str, key: &str) {
    match result {
        Err(StoreError::Corrupt {
            table: t, key: k, ..
        }) if t == table && k == key => {}
        other => panic!("expected Corrupt in {table} at {key}, got {other:?}"),
    }
}

pub async fn corrupt_rows_are_named<S, X, XF>(store: S, sql: X)
where
    S: Store,
    X: Fn(&'static str) -> XF,
    XF: Future<Output = ()>,
{
    let mut batch = single("s", 0, 3);
    batch
        .projections
        .push(upsert("tender", "t-1", json!({"ok": true})));
    let head = store.append(batch).await.unwrap().head;
    let checkpoint = StoredCheckpoint {
        size: 3,
        root: head.root,
        note: "note".into(),
    };
    store.save_checkpoint(&checkpoint).await.unwrap();

    sql("UPDATE events SET payload = 'not json' WHERE seq = 1").await;
    assert_corrupt(store.load_stream("s").await, "events", "1");
    assert_corrupt(store.events(0, 10).await, "events", "1");
    assert_eq!(
        store.events(2, 10).await.unwrap().len(),
        1,
        "other rows still read"
    );

    sql("UPDATE events SET leaf_hash = substr(leaf_hash, 1, 5) WHERE seq = 2").await;
    assert_corrupt(store.leaf_hashes(3).await, "events", "2");
    assert_eq!(store.leaf_hashes(2).await.unwrap().len(), 2);

    sql("UPDATE projections SET doc = '{' WHERE kind = 'tender'").await;
    assert_corrupt(
        store.projection("tender", "t-1").await,
        "projections",
        "tender/t-1",
    );
    assert_corrupt(store.all_projections().await, "projections", "tender/t-1");

    sql("UPDATE checkpoints SET root = substr(root, 1, 31)").await;
    assert_corrupt(store.checkpoints().await, "checkpoints", "3");
    assert_corrupt(store.checkpoint_at(3).await, "checkpoints", "3");
    assert_corrupt(store.latest_checkpoint().await, "checkpoints", "3");

    // An event slipped in at the next seq: the append collides on it. The stream it appends
    // to did not move, so this is not a conflict but a head that is behind the log.
    sql(
        "INSERT INTO events (seq, stream, version, kind, payload, actor, role, at_us, leaf_hash) \
         SELECT 3, 'ghost', 1, 'k', '{}', 'a', 'r', 0, leaf_hash FROM events WHERE seq = 0",
    )
    .await;
    assert_corrupt(store.append(single("other", 0, 1)).await, "tree_head", "1");
    assert_eq!(store.stream_version("other").await.unwrap(), 0);
    sql("DELETE FROM events WHERE seq = 3").await;

    // A head whose root disagrees with its frontier is not extended.
    sql("UPDATE tree_head SET root = (SELECT leaf_hash FROM events WHERE seq = 0)").await;
    assert_corrupt(store.append(single("other", 0, 1)).await, "tree_head", "1");
    // A frontier that does not parse: append refuses, tree_frontier hands the bytes over.
    sql("UPDATE tree_head SET frontier = substr(frontier, 1, 5)").await;
    assert_corrupt(store.append(single("other", 0, 1)).await, "tree_head", "1");
    assert_eq!(store.tree_frontier().await.unwrap().len(), 5);
    assert_eq!(store.stream_version("other").await.unwrap(), 0);
    assert_eq!(store.tree_head().await.unwrap().size, 3);
}
