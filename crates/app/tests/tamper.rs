//! For each stored table (and the blob folder), changing one stored value makes `verify`
//! fail with a message naming the table and the row. Runs on SQLite, and on PostgreSQL when
//! `DATABASE_URL` is set (scripts/with-postgres.sh sets it).

use app::VerifyError;
use test_support::*;

/// (what is changed, SQL that works on both backends, table named, row named)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "event payload",
        "UPDATE events SET payload = replace(payload, '交易中心', '交易所') WHERE seq = 0",
        "events",
        "seq=0",
    ),
    (
        "event actor",
        "UPDATE events SET actor = 'mallory' WHERE seq = 3",
        "events",
        "seq=3",
    ),
    (
        "event time",
        "UPDATE events SET at_us = at_us + 1 WHERE seq = 4",
        "events",
        "seq=4",
    ),
    (
        "event address",
        "UPDATE events SET ip = '198.51.100.1' WHERE seq = 5",
        "events",
        "seq=5",
    ),
    (
        "event role",
        "UPDATE events SET role = 'supervisor' WHERE seq = 6",
        "events",
        "seq=6",
    ),
    (
        "event on-behalf-of",
        "UPDATE events SET on_behalf_of = 'staff-a' WHERE seq = 7",
        "events",
        "seq=7",
    ),
    (
        "event kind",
        "UPDATE events SET kind = 'trade.accepted' WHERE seq = 0",
        "events",
        "seq=0",
    ),
    (
        "event stream",
        "UPDATE events SET stream = 'trade:GC-2026-0399' WHERE seq = 8",
        "events",
        "seq=8",
    ),
    (
        "event version",
        "UPDATE events SET version = version + 100 WHERE seq = 9",
        "events",
        "seq=9",
    ),
    (
        "event leaf hash",
        "UPDATE events SET leaf_hash = (SELECT leaf_hash FROM events WHERE seq = 11) WHERE seq = 10",
        "events",
        "seq=10",
    ),
    (
        "tree size",
        "UPDATE tree_head SET size = size - 1",
        "tree_head",
        "id=1",
    ),
    (
        "tree root",
        "UPDATE tree_head SET root = (SELECT leaf_hash FROM events WHERE seq = 0)",
        "tree_head",
        "id=1",
    ),
    (
        "tree frontier",
        "UPDATE tree_head SET frontier = (SELECT leaf_hash FROM events WHERE seq = 1)",
        "tree_head",
        "id=1",
    ),
    (
        "checkpoint note",
        "UPDATE checkpoints SET note = replace(note, 'test.sunbid/log', 'test.sunbid/lag') WHERE size = (SELECT min(size) FROM checkpoints)",
        "checkpoints",
        "size=",
    ),
    (
        "checkpoint root",
        "UPDATE checkpoints SET root = (SELECT leaf_hash FROM events WHERE seq = 0) WHERE size = (SELECT max(size) FROM checkpoints)",
        "checkpoints",
        "size=",
    ),
    (
        "projection field",
        "UPDATE projections SET doc = replace(doc, '\"confirmed\"', '\"awarded\"') WHERE kind = 'trade' AND key = 'GC-2026-0301'",
        "projections",
        "trade/GC-2026-0301",
    ),
    (
        "projection deleted",
        "DELETE FROM projections WHERE kind = 'room' AND key = 'opening-1'",
        "projections",
        "room/opening-1",
    ),
    (
        "projection added",
        "INSERT INTO projections (kind, key, doc) VALUES ('trade', 'ZZ-FAKE', '{}')",
        "projections",
        "trade/ZZ-FAKE",
    ),
];

async fn each_case_is_caught(backend: Backend) {
    for (what, sql, table, key) in CASES {
        let w = TestApp::demo(&backend).await;
        let report = w
            .platform
            .verify(None)
            .await
            .unwrap_or_else(|e| panic!("clean store fails verify: {e}"));
        assert!(report.checkpoints >= 2 && report.events > 50, "{report}");
        w.raw_sql(sql).await;
        match w.platform.verify(None).await {
            Err(VerifyError::Mismatch(m)) => {
                assert_eq!(m.table, *table, "{what}: {m}");
                assert!(
                    m.to_string().contains(key),
                    "{what}: message {m} does not name {key}"
                );
            }
            other => panic!("{what}: verify did not catch it: {other:?}"),
        }
    }
}

async fn changed_file_is_caught(backend: Backend) {
    let w = TestApp::demo(&backend).await;
    let blobs = w.platform.blobs().root().to_path_buf();
    let file = walk(&blobs)
        .into_iter()
        .next()
        .expect("the demo stores files");
    std::fs::write(&file, b"changed").unwrap();
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    match w.platform.verify(None).await {
        Err(VerifyError::Mismatch(m)) => {
            assert_eq!(m.table, "blobs");
            assert!(m.to_string().contains(&name), "{m}");
        }
        other => panic!("a changed file was not caught: {other:?}"),
    }
    std::fs::remove_file(&file).unwrap();
    assert!(
        matches!(w.platform.verify(None).await, Err(VerifyError::Mismatch(m)) if m.table == "blobs")
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out.sort();
    out
}

on_both_backends!(each_case_is_caught, changed_file_is_caught);
