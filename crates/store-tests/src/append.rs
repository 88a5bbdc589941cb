//! Appending: what goes in comes back, positions are gapless, conflicts leave nothing.

use serde_json::json;
use store::{AppendBatch, Store, StreamAppend};

use crate::fixtures::{assert_conflict, record, single, snapshot, stream_append, upsert};

/// Records come back field for field, by stream and by seq, with the positions `append` gave.
pub async fn append_and_read_back<S: Store + 'static>(store: S) {
    let mut first = record("tender-1", 1, 0);
    first.on_behalf_of = None;
    first.ip = None;
    first.at_us = -1; // before 1970: the column is signed
    // Values that a lossy JSON column would damage: big integers, escapes, non-ASCII keys.
    first.payload = json!({"max": u64::MAX, "min": i64::MIN, "键": "值\u{0}\t", "list": [[], {}]});
    let second = record("tender-1", 2, 1);
    let batch = AppendBatch {
        streams: vec![StreamAppend {
            stream: "tender-1".into(),
            expected_version: 0,
            events: vec![first.clone(), second.clone()],
        }],
        projections: vec![],
    };
    let appended = store.append(batch).await.expect("append");
    assert_eq!((appended.first_seq, appended.count), (0, 2));
    assert_eq!(appended.head, store.tree_head().await.unwrap());
    assert_eq!(appended.head.size, 2);

    let loaded = store.load_stream("tender-1").await.unwrap();
    let records: Vec<_> = loaded.iter().map(|e| e.record.clone()).collect();
    assert_eq!(records, vec![first, second]);
    assert_eq!(loaded.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(store.events(0, 10).await.unwrap(), loaded);
    assert_eq!(store.stream_version("tender-1").await.unwrap(), 2);
    assert_eq!(store.stream_version("other").await.unwrap(), 0);
    assert!(store.load_stream("other").await.unwrap().is_empty());
}

/// Versions count per stream, seqs count globally without gaps, reads page by seq.
async fn versions_and_global_seq_inner<S: Store + 'static>(store: &S) {
    let plan = [
        ("a", 0, 2),
        ("b", 0, 1),
        ("a", 2, 3),
        ("c", 0, 1),
        ("b", 1, 2),
    ];
    let mut next_seq = 0;
    for (stream, expected, count) in plan {
        let appended = store.append(single(stream, expected, count)).await.unwrap();
        assert_eq!((appended.first_seq, appended.count), (next_seq, count));
        next_seq += count;
        assert_eq!(appended.head.size, next_seq);
    }
    let all = store.events(0, 100).await.unwrap();
    assert_eq!(
        all.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (0..9).collect::<Vec<_>>()
    );
    for (stream, version) in [("a", 5), ("b", 3), ("c", 1)] {
        assert_eq!(store.stream_version(stream).await.unwrap(), version);
        let loaded = store.load_stream(stream).await.unwrap();
        let versions: Vec<u64> = loaded.iter().map(|e| e.record.version).collect();
        assert_eq!(
            versions,
            (1..=version).collect::<Vec<_>>(),
            "stream {stream}"
        );
        assert!(loaded.windows(2).all(|w| w[0].seq < w[1].seq));
    }
    // Paging: from and limit, and past the end.
    assert_eq!(store.events(3, 4).await.unwrap(), all[3..7].to_vec());
    assert_eq!(store.events(7, 100).await.unwrap(), all[7..].to_vec());
    assert!(store.events(9, 100).await.unwrap().is_empty());
    assert!(store.events(0, 0).await.unwrap().is_empty());
}

pub async fn versions_and_gapless_global_seq<S: Store + 'static>(store: S) {
    versions_and_global_seq_inner(&store).await;
}

/// A stale (or future) expected version is a `Conflict` and changes nothing at all,
/// projections of the same batch included.
pub async fn stale_version_conflicts_and_leaves_nothing<S: Store + 'static>(store: S) {
    store.append(single("t", 0, 2)).await.unwrap();
    let before = snapshot(&store).await;
    for expected in [0, 1, 3, 9] {
        let mut batch = single("t", expected, 1);
        batch
            .projections
            .push(upsert("tender", "t", json!({"v": expected})));
        assert_conflict(store.append(batch).await, "t", expected, 2);
        assert_eq!(snapshot(&store).await, before, "after expected {expected}");
    }
    // The right version still works afterwards.
    assert_eq!(store.append(single("t", 2, 1)).await.unwrap().first_seq, 2);
}

/// The second stream of a batch conflicts: the first stream's events are not written.
pub async fn multi_stream_batch_is_atomic<S: Store + 'static>(store: S) {
    store.append(single("room-1", 0, 1)).await.unwrap();
    let before = snapshot(&store).await;
    let batch = AppendBatch {
        streams: vec![
            stream_append("tender-1", 0, 2),
            stream_append("room-1", 0, 1),
        ],
        projections: vec![upsert("tender", "tender-1", json!({"ok": true}))],
    };
    assert_conflict(store.append(batch).await, "room-1", 0, 1);
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(store.stream_version("tender-1").await.unwrap(), 0);
}

/// A batch over several streams takes consecutive seqs in batch order.
pub async fn multi_stream_batch_takes_consecutive_seqs<S: Store + 'static>(store: S) {
    store.append(single("x", 0, 1)).await.unwrap();
    let batch = AppendBatch {
        streams: vec![
            stream_append("tender-1", 0, 2),
            stream_append("room-1", 0, 1),
        ],
        projections: vec![],
    };
    let appended = store.append(batch).await.unwrap();
    assert_eq!(
        (appended.first_seq, appended.count, appended.head.size),
        (1, 3, 4)
    );
    let events = store.events(1, 10).await.unwrap();
    let order: Vec<(&str, u64)> = events
        .iter()
        .map(|e| (e.record.stream.as_str(), e.record.version))
        .collect();
    assert_eq!(order, vec![("tender-1", 1), ("tender-1", 2), ("room-1", 1)]);
    // A batch with no streams only writes its projections and keeps the head.
    let only = AppendBatch {
        streams: vec![],
        projections: vec![upsert("k", "1", json!(1))],
    };
    let appended = store.append(only).await.unwrap();
    assert_eq!(
        (appended.first_seq, appended.count, appended.head.size),
        (4, 0, 4)
    );
    assert_eq!(store.projection("k", "1").await.unwrap(), Some(json!(1)));
}

/// Records that break the batch's promises (stream, version, floats) are refused whole,
/// and not as a `Conflict` (a retry would not help).
pub async fn invalid_records_leave_nothing<S: Store + 'static>(store: S) {
    store.append(single("t", 0, 1)).await.unwrap();
    let before = snapshot(&store).await;
    let mut wrong_version = single("t", 1, 2);
    wrong_version.streams[0].events[1].version = 4;
    let mut wrong_stream = single("t", 1, 1);
    wrong_stream.streams[0].events[0].stream = "u".into();
    let mut float = single("t", 1, 1);
    float.streams[0].events[0].payload = json!({"price": 1.5});
    for (what, mut batch) in [
        ("version", wrong_version),
        ("stream", wrong_stream),
        ("float", float),
    ] {
        batch.streams.insert(0, stream_append("fresh", 0, 1));
        batch.projections.push(upsert("p", "k", json!(what)));
        match store.append(batch).await {
            Err(store::StoreError::Conflict { .. }) | Ok(_) => panic!("{what}: must be refused"),
            Err(_) => {}
        }
        assert_eq!(snapshot(&store).await, before, "{what}");
    }
}

/// `load_prefix` returns the events of exactly the streams starting with the prefix, in seq
/// order across them.
pub async fn load_prefix_in_seq_order<S: Store + 'static>(store: S) {
    for (stream, n) in [
        ("sealed:T/b", 1),
        ("sealed:T", 1),
        ("sealed:T/a", 2),
        ("sealed:T2/c", 1),
        ("sealed:T/b", 0),
        ("sealed:S/z", 1),
    ] {
        if n > 0 {
            let expected = store.stream_version(stream).await.unwrap();
            store.append(single(stream, expected, n)).await.unwrap();
        }
    }
    store.append(single("sealed:T/b", 1, 1)).await.unwrap();
    let got: Vec<(String, u64)> = store
        .load_prefix("sealed:T/")
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.record.stream, e.seq))
        .collect();
    assert_eq!(
        got,
        [
            ("sealed:T/b".to_owned(), 0),
            ("sealed:T/a".to_owned(), 2),
            ("sealed:T/a".to_owned(), 3),
            ("sealed:T/b".to_owned(), 6),
        ]
    );
    assert!(store.load_prefix("nothing:").await.unwrap().is_empty());
}
