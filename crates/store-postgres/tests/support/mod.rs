//! A fresh database per test on the server named by `DATABASE_URL` (or `SUNBID_TEST_PG`),
//! so tests run in parallel without seeing each other. Without either variable the tests
//! pass after saying, once, that they were skipped: `scripts/with-postgres.sh` always sets
//! `DATABASE_URL`, so CI runs them for real.
#![allow(dead_code)] // each test binary uses its own part of this module

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::sync::Once;

use sqlx::{AssertSqlSafe, Connection, PgConnection};
use store_postgres::PgStore;

/// The admin URL, or `None` after printing the skip line (once per test binary). Written to
/// stderr directly, not with `eprintln!`, so that libtest's capture does not swallow it.
pub fn admin_url() -> Option<String> {
    let url = std::env::var("DATABASE_URL")
        .or_else(|_| std::env::var("SUNBID_TEST_PG"))
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() {
        static SAY: Once = Once::new();
        SAY.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "store-postgres: skipped: set DATABASE_URL (or SUNBID_TEST_PG), \
                 or run under scripts/with-postgres.sh"
            );
        });
    }
    url
}

pub struct TestDb {
    admin: String,
    pub name: String,
    pub url: String,
}

impl TestDb {
    pub async fn create(admin: &str) -> TestDb {
        let mut h = RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        let name = format!("test_{:016x}", h.finish());
        let url = store_postgres::create_fresh_database(admin, &name)
            .await
            .expect("create test database");
        TestDb {
            url,
            admin: admin.to_owned(),
            name,
        }
    }

    /// Drops the database, disconnecting anyone still on it. A failed test leaves its
    /// database behind on purpose, to look at.
    pub async fn drop(self) {
        let mut conn = PgConnection::connect(&self.admin).await.expect("connect");
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        sqlx::query(AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .expect("drop test database");
        let _ = conn.close().await;
    }
}

/// Runs `test` on a migrated store in a fresh database; skips without a server.
pub async fn with_store<F, Fut>(test: F)
where
    F: FnOnce(PgStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(admin) = admin_url() else { return };
    let db = TestDb::create(&admin).await;
    let store = PgStore::connect(&db.url).await.expect("connect store");
    test(store).await;
    db.drop().await;
}
