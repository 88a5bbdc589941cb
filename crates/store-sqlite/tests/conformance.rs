//! The whole conformance suite on a real file (WAL, synchronous=FULL) in a fresh tempdir.

use std::future::Future;

use store_sqlite::SqliteStore;

async fn with_store<F, Fut>(test: F)
where
    F: FnOnce(SqliteStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("sunbid.db"))
        .await
        .expect("open");
    test(store).await;
    // `dir` is removed here, after the test (and its store) are done.
}

store_tests::conformance_tests!(with_store);

/// The in-memory store is the same code on one connection: run the suite there too.
mod in_memory {
    use super::*;

    async fn with_store<F, Fut>(test: F)
    where
        F: FnOnce(SqliteStore) -> Fut,
        Fut: Future<Output = ()>,
    {
        test(SqliteStore::in_memory().await.expect("in_memory")).await;
    }

    store_tests::conformance_tests!(with_store);
}
