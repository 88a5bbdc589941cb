//! Builders and a before/after snapshot, shared by the suite (and usable by backend tests).

use ledger::EventRecord;
use serde_json::{Value, json};
use store::{
    AppendBatch, ProjectionRow, ProjectionWrite, Store, StoreError, StoredCheckpoint, StoredEvent,
    StreamAppend, TreeHead,
};

/// An event with every optional field set; `n` varies the payload and the time.
pub fn record(stream: &str, version: u64, n: u64) -> EventRecord {
    EventRecord {
        stream: stream.to_owned(),
        version,
        kind: "test.happened".to_owned(),
        payload: json!({"n": n, "note": "招标 \"quoted\"\n", "nested": {"b": [1, 2], "a": null}}),
        actor: "user-1".to_owned(),
        role: "tenderer".to_owned(),
        on_behalf_of: Some("user-0".to_owned()),
        at_us: 1_700_000_000_000_000 + n as i64,
        ip: Some("127.0.0.1".to_owned()),
    }
}

/// `count` events for `stream`, continuing from `expected`.
pub fn stream_append(stream: &str, expected: u64, count: u64) -> StreamAppend {
    StreamAppend {
        stream: stream.to_owned(),
        expected_version: expected,
        events: (0..count)
            .map(|i| record(stream, expected + 1 + i, expected + i))
            .collect(),
    }
}

/// A batch of one stream and no projections.
pub fn single(stream: &str, expected: u64, count: u64) -> AppendBatch {
    AppendBatch {
        streams: vec![stream_append(stream, expected, count)],
        projections: vec![],
    }
}

pub fn upsert(kind: &str, key: &str, doc: Value) -> ProjectionWrite {
    ProjectionWrite {
        kind: kind.to_owned(),
        key: key.to_owned(),
        doc: Some(doc),
    }
}

pub fn delete(kind: &str, key: &str) -> ProjectionWrite {
    ProjectionWrite {
        kind: kind.to_owned(),
        key: key.to_owned(),
        doc: None,
    }
}

pub fn row(kind: &str, key: &str, doc: Value) -> ProjectionRow {
    ProjectionRow {
        kind: kind.to_owned(),
        key: key.to_owned(),
        doc,
    }
}

/// Everything a store holds, to assert that a refused append changed nothing.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub head: TreeHead,
    pub frontier: Vec<u8>,
    pub events: Vec<StoredEvent>,
    pub projections: Vec<ProjectionRow>,
    pub checkpoints: Vec<StoredCheckpoint>,
}

pub async fn snapshot<S: Store + ?Sized>(store: &S) -> Snapshot {
    Snapshot {
        head: store.tree_head().await.expect("tree_head"),
        frontier: store.tree_frontier().await.expect("tree_frontier"),
        events: store.events(0, u32::MAX).await.expect("events"),
        projections: store.all_projections().await.expect("all_projections"),
        checkpoints: store.checkpoints().await.expect("checkpoints"),
    }
}

/// Asserts a `Conflict` naming this stream and versions.
pub fn assert_conflict<T: std::fmt::Debug>(
    result: Result<T, StoreError>,
    stream: &str,
    expected: u64,
    actual: u64,
) {
    match result {
        Err(StoreError::Conflict {
            stream: s,
            expected: e,
            actual: a,
        }) => assert_eq!(
            (s.as_str(), e, a),
            (stream, expected, actual),
            "conflict fields"
        ),
        other => panic!("expected Conflict on {stream} ({expected} vs {actual}), got {other:?}"),
    }
}
