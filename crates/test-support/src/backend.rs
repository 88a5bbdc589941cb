//! The store under a test: SQLite in the test's folder, or a fresh database on the
//! PostgreSQL server of `DATABASE_URL` (`scripts/with-postgres.sh` sets it), so that tests
//! run in parallel without seeing each other.

use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::sync::Arc;

use sqlx::{AssertSqlSafe, Connection};
use store::Store;
use store_postgres::PgStore;
use store_sqlite::SqliteStore;

use crate::TestApp;

/// Which store a test runs on. `Postgres` holds the admin URL: each test gets a fresh
/// database there (left behind for a failed test to look at; the script's cluster is
/// thrown away afterwards).
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    /// SQLite, and PostgreSQL when `DATABASE_URL` is set.
    pub fn all() -> Vec<Backend> {
        let mut all = vec![Backend::Sqlite];
        all.extend(pg_admin_url().map(Backend::Postgres));
        all
    }
}

/// The PostgreSQL server tests may create databases on, if any.
pub fn pg_admin_url() -> Option<String> {
    std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty())
}

/// The opened store, kept to close it.
pub(crate) enum OpenStore {
    Sqlite(Arc<SqliteStore>),
    Postgres(Arc<PgStore>),
}

impl OpenStore {
    pub(crate) fn port(&self) -> Arc<dyn Store> {
        match self {
            OpenStore::Sqlite(s) => s.clone(),
            OpenStore::Postgres(s) => s.clone(),
        }
    }

    pub(crate) async fn close(&self) {
        match self {
            OpenStore::Sqlite(s) => s.close().await,
            OpenStore::Postgres(s) => s.close().await,
        }
    }
}

/// The store for `backend` with its URL: SQLite in `dir/sunbid.db`, PostgreSQL in a fresh
/// database.
pub(crate) async fn open_store(backend: &Backend, dir: &Path) -> (OpenStore, String) {
    match backend {
        Backend::Sqlite => {
            let path = dir.join("sunbid.db");
            let store = SqliteStore::open(&path).await.expect("open SQLite store");
            let url = format!("sqlite://{}", path.display());
            (OpenStore::Sqlite(Arc::new(store)), url)
        }
        Backend::Postgres(admin) => {
            let name = format!("test_{}", random_hex());
            let url = store_postgres::create_fresh_database(admin, &name)
                .await
                .expect("create test database");
            let store = PgStore::connect(&url)
                .await
                .expect("connect PostgreSQL store");
            (OpenStore::Postgres(Arc::new(store)), url)
        }
    }
}

fn random_hex() -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    format!("{:016x}", h.finish())
}

impl TestApp {
    /// Runs one SQL statement on the app's database behind the platform's back (tamper
    /// tests), and checks that it changed something.
    pub async fn raw_sql(&self, sql: &str) {
        let text = || AssertSqlSafe(sql.to_owned());
        let changed = match self.store {
            OpenStore::Sqlite(_) => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                sqlx::query(text())
                    .execute(&mut c)
                    .await
                    .unwrap()
                    .rows_affected()
            }
            OpenStore::Postgres(_) => {
                let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
                sqlx::query(text())
                    .execute(&mut c)
                    .await
                    .unwrap()
                    .rows_affected()
            }
        };
        assert!(changed > 0, "{sql} changed nothing");
    }
}

/// Each named `async fn(Backend)` as a test on SQLite (`mod sqlite`), and on PostgreSQL
/// (`mod postgres`) when `DATABASE_URL` is set; without it that test says it was skipped.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::Backend::Sqlite).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    match $crate::pg_admin_url() {
                        Some(url) => super::$name($crate::Backend::Postgres(url)).await,
                        None => eprintln!("postgres test skipped: set DATABASE_URL"),
                    }
                }
            )+
        }
    };
}
