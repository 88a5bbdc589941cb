//! What only the PostgreSQL backend has: several servers on one database, a writer that
//! does not take the head lock, and a side door for tamper tests.

mod support;

use std::sync::Arc;
use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};
use store::Store;
use store_postgres::PgStore;
use store_tests::fixtures::{assert_conflict, single};
use support::{TestDb, admin_url};

/// Two pools on one database stand for two servers: the head row lock serialises them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_database_stay_gapless() {
    let Some(admin) = admin_url() else { return };
    let db = TestDb::create(&admin).await;
    let a = PgStore::connect(&db.url).await.unwrap();
    let b = PgStore::connect(&db.url).await.unwrap(); // migrations already applied: no-op
    store_tests::concurrent_appends_through(vec![Arc::new(a), Arc::new(b)]).await;
    db.drop().await;
}

/// A writer that inserts without the head lock holds (stream, version) uncommitted; the
/// store's insert waits on it and, once it commits, gets a unique violation. That must come
/// back as a `Conflict` (retryable), not as a backend error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unique_violation_from_another_writer_is_a_conflict() {
    let Some(admin) = admin_url() else { return };
    let db = TestDb::create(&admin).await;
    let store = PgStore::connect(&db.url).await.unwrap();
    store.append(single("seed", 0, 1)).await.unwrap();

    let mut rogue = PgConnection::connect(&db.url).await.unwrap();
    let mut tx = rogue.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO events (seq, stream, version, kind, payload, actor, role, at_us, leaf_hash) \
         SELECT 1000, 's', 1, 'k', '{}', 'a', 'r', 0, leaf_hash FROM events WHERE seq = 0",
    )
    .execute(&mut *tx)
    .await
    .unwrap();

    let racing = {
        let store = store.clone();
        tokio::spawn(async move { store.append(single("s", 0, 1)).await })
    };
    // Commit only once the append is blocked on the rogue row, so that its version check
    // has passed and the collision happens on insert.
    let watcher = PgPool::connect(&db.url).await.unwrap();
    let mut blocked = false;
    for _ in 0..500 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&watcher)
        .await
        .unwrap();
        if waiting > 0 {
            blocked = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(blocked, "the append never waited on the rogue row");
    tx.commit().await.unwrap();
    assert_conflict(racing.await.unwrap(), "s", 0, 1);
    assert_eq!(
        store.tree_head().await.unwrap().size,
        1,
        "nothing of the append stays"
    );
    watcher.close().await;
    store.close().await;
    db.drop().await;
}

#[tokio::test]
async fn corrupt_rows_are_named() {
    let Some(admin) = admin_url() else { return };
    let db = TestDb::create(&admin).await;
    let store = PgStore::connect(&db.url).await.unwrap();
    let door = PgPool::connect(&db.url).await.unwrap();
    store_tests::corrupt_rows_are_named(store, |sql| {
        let door = door.clone();
        async move {
            sqlx::query(sql).execute(&door).await.expect(sql);
        }
    })
    .await;
    door.close().await;
    db.drop().await;
}
