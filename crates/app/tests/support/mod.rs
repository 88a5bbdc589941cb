//! A platform over a fresh store (SQLite in a temp folder, or a fresh PostgreSQL database when
//! `DATABASE_URL` is set), seeded with the demo trades on a settable clock.
#![allow(dead_code)]

use std::sync::Arc;

use app::demo::{demo_steps, run_steps};
use app::{BlobStore, Platform};
use ledger::NoteSigner;
use legal_time::{Calendar, SettableClock};
use store::Store;

pub const ORIGIN: &str = "test.sunbid/log";

pub struct World {
    pub platform: Platform,
    pub clock: SettableClock,
    pub dir: tempfile::TempDir,
    /// Where raw SQL can reach the same database (for tamper tests).
    pub url: String,
}

pub enum Backend {
    Sqlite,
    Postgres(String),
}

pub fn pg_admin_url() -> Option<String> {
    std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty())
}

pub async fn world(backend: &Backend) -> World {
    let dir = tempfile::tempdir().unwrap();
    let (store, url): (Arc<dyn Store>, String) = match backend {
        Backend::Sqlite => {
            let path = dir.path().join("sunbid.db");
            let store = store_sqlite::SqliteStore::open(&path).await.unwrap();
            (Arc::new(store), format!("sqlite://{}", path.display()))
        }
        Backend::Postgres(admin) => {
            let name = format!("app_{}", uuid_like());
            let url = store_postgres::create_fresh_database(admin, &name)
                .await
                .unwrap();
            (
                Arc::new(store_postgres::PgStore::connect(&url).await.unwrap()),
                url,
            )
        }
    };
    let clock = SettableClock::new(time::macros::datetime!(2026-03-01 09:00 +8));
    let platform = Platform::new(
        store,
        BlobStore::open(dir.path().join("blobs")).unwrap(),
        Arc::new(clock.clone()),
        Arc::new(Calendar::builtin()),
        Arc::new(NoteSigner::generate(ORIGIN).unwrap()),
        ORIGIN,
    );
    World {
        platform,
        clock,
        dir,
        url,
    }
}

fn uuid_like() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    format!("{:016x}", h.finish())
}

/// The demo trades, with a checkpoint in the middle and one at the end.
pub async fn seeded(backend: &Backend) -> World {
    let w = world(backend).await;
    app::demo::seed_accounts(&w.platform, &w.clock)
        .await
        .unwrap();
    let steps = demo_steps();
    let half = steps.len() / 2;
    let mut steps = steps.into_iter();
    let first: Vec<_> = steps.by_ref().take(half).collect();
    run_steps(&w.platform, &w.clock, first, |_, _| {})
        .await
        .unwrap();
    w.platform.checkpoint().await.unwrap();
    run_steps(&w.platform, &w.clock, steps.collect(), |_, _| {})
        .await
        .unwrap();
    w.platform.checkpoint().await.unwrap();
    w
}

/// Run one SQL statement against the world's database, outside the platform.
pub async fn raw_sql(url: &str, sql: &str) {
    use sqlx::{AssertSqlSafe, Connection};
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        let done = sqlx::query(AssertSqlSafe(sql.to_owned()))
            .execute(&mut c)
            .await
            .unwrap();
        assert!(done.rows_affected() > 0, "{sql} changed nothing");
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        let done = sqlx::query(AssertSqlSafe(sql.to_owned()))
            .execute(&mut c)
            .await
            .unwrap();
        assert!(done.rows_affected() > 0, "{sql} changed nothing");
    }
}

/// A fresh world with the demo accounts (organisations, people, posts), no trades.
pub async fn with_accounts(backend: &Backend) -> World {
    let w = world(backend).await;
    app::demo::seed_accounts(&w.platform, &w.clock)
        .await
        .unwrap();
    w
}

/// The center staff actor that manages accounts in tests (`staff-wang` as signed in).
pub fn center_staff() -> domain::Actor {
    domain::Actor::new("staff-wang", domain::Role::CenterStaff)
        .with_org(app::demo::DemoOrg::Center.code().as_str())
}

/// One test body on SQLite, and on PostgreSQL when `DATABASE_URL` is set.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::Backend::Sqlite).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    match super::pg_admin_url() {
                        Some(url) => super::$name(super::Backend::Postgres(url)).await,
                        None => eprintln!("postgres test skipped: set DATABASE_URL"),
                    }
                }
            )+
        }
    };
}
