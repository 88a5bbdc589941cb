//! What only the SQLite backend has: a file that outlives the process, other processes on
//! the same file, and a side door for tamper tests.

use std::path::Path;
use std::sync::Arc;

use sqlx::SqlitePool;
use sqlx::sqlite::SqliteConnectOptions;
use store::Store;
use store_sqlite::SqliteStore;
use store_tests::fixtures::single;

/// A plain connection to the file, as `sqlite3` or another process would have.
async fn side_door(path: &Path) -> SqlitePool {
    SqlitePool::connect_with(SqliteConnectOptions::new().filename(path))
        .await
        .expect("side door")
}

#[tokio::test]
async fn reopening_keeps_everything_and_appends_continue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sunbid.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store.append(single("t", 0, 3)).await.unwrap();
    let head = store.tree_head().await.unwrap();
    store.close().await;

    let store = SqliteStore::open(&path).await.unwrap(); // migrations are not re-run
    assert_eq!(store.tree_head().await.unwrap(), head);
    let appended = store.append(single("t", 3, 1)).await.unwrap();
    assert_eq!((appended.first_seq, appended.head.size), (3, 4));

    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&side_door(&path).await)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

/// Two stores on one file stand for two processes: SQLite's own lock (taken up front by
/// BEGIN IMMEDIATE, waited for by busy_timeout) serialises them; nobody sees "locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_on_one_file_stay_gapless() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sunbid.db");
    let a = SqliteStore::open(&path).await.unwrap();
    let b = SqliteStore::open(&path).await.unwrap();
    store_tests::concurrent_appends_through(vec![Arc::new(a), Arc::new(b)]).await;
}

#[tokio::test]
async fn corrupt_rows_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sunbid.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let door = side_door(&path).await;
    store_tests::corrupt_rows_are_named(store, |sql| {
        let door = door.clone();
        async move {
            sqlx::query(sql).execute(&door).await.expect(sql);
        }
    })
    .await;
}
