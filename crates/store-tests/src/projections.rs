//! Projections: written with the events, upserted, deleted, listed in byte order of key.

use serde_json::json;
use store::{AppendBatch, Store};

use crate::fixtures::{delete, row, single, snapshot, upsert};

fn writes(projections: Vec<store::ProjectionWrite>) -> AppendBatch {
    AppendBatch {
        streams: vec![],
        projections,
    }
}

pub async fn projections_upsert_delete_list<S: Store + 'static>(store: S) {
    // Written in the same batch as events.
    let mut batch = single("tender-1", 0, 1);
    batch
        .projections
        .push(upsert("tender", "tender-1", json!({"phase": "draft"})));
    store.append(batch).await.unwrap();
    assert_eq!(
        store.projection("tender", "tender-1").await.unwrap(),
        Some(json!({"phase": "draft"}))
    );

    // Upsert replaces the whole document; later writes in a batch win.
    store
        .append(writes(vec![
            upsert("tender", "tender-1", json!({"phase": "open", "x": 1})),
            upsert(
                "tender",
                "tender-1",
                json!({"phase": "published", "bids": [1, 2]}),
            ),
        ]))
        .await
        .unwrap();
    let doc = json!({"phase": "published", "bids": [1, 2]});
    assert_eq!(
        store.projection("tender", "tender-1").await.unwrap(),
        Some(doc.clone())
    );

    // Key order is byte order (not a locale's): "B" < "a" < "b" < "ä" < "中".
    let keys = ["中", "b", "ä", "B", "a"];
    store
        .append(writes(
            keys.iter().map(|k| upsert("room", k, json!(k))).collect(),
        ))
        .await
        .unwrap();
    let listed: Vec<String> = store
        .projections("room")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(listed, vec!["B", "a", "b", "ä", "中"]);

    // Delete, and deleting what is not there is fine.
    store
        .append(writes(vec![
            delete("room", "b"),
            delete("room", "nope"),
            delete("none", "x"),
        ]))
        .await
        .unwrap();
    assert_eq!(store.projection("room", "b").await.unwrap(), None);
    assert_eq!(store.projection("room", "nope").await.unwrap(), None);
    assert!(store.projections("none").await.unwrap().is_empty());

    let all = store.all_projections().await.unwrap();
    let expected = vec![
        row("room", "B", json!("B")),
        row("room", "a", json!("a")),
        row("room", "ä", json!("ä")),
        row("room", "中", json!("中")),
        row("tender", "tender-1", doc),
    ];
    assert_eq!(all, expected);
    // Same key in another kind is another row.
    store
        .append(writes(vec![upsert("tender", "a", json!(null))]))
        .await
        .unwrap();
    assert_eq!(
        store.projection("tender", "a").await.unwrap(),
        Some(json!(null))
    );
    assert_eq!(
        store.projection("room", "a").await.unwrap(),
        Some(json!("a"))
    );
}

/// Deletes and upserts in a refused batch are not applied.
pub async fn projections_in_failed_batch_are_not_written<S: Store + 'static>(store: S) {
    let mut batch = single("t", 0, 1);
    batch.projections.push(upsert("tender", "keep", json!(1)));
    store.append(batch).await.unwrap();
    let before = snapshot(&store).await;
    let mut stale = single("t", 0, 1);
    stale.projections = vec![delete("tender", "keep"), upsert("tender", "new", json!(2))];
    assert!(store.append(stale).await.is_err());
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(
        store.projection("tender", "keep").await.unwrap(),
        Some(json!(1))
    );
}
