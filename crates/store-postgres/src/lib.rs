//! The PostgreSQL backend of the storage port: many stateless servers may share one
//! database; appends from all of them are serialised on the tree-head row, so the global
//! sequence stays gapless and ordered. Passes the same conformance suite as SQLite.
#![forbid(unsafe_code)]

pub use bench::{create_fresh_database, with_database};

mod bench;
mod write;

use async_trait::async_trait;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};
use store::sql::migrate::{self, Migrations};
use store::sql::{Backend, Failure, Prepared, db};
use store::{Appended, StoreError};

/// One entry per file in `migrations/`. Never edit a file there once it may have been
/// applied: the checksum of every applied migration is checked at each start.
const MIGRATIONS: &Migrations = &[
    (1, "init", include_str!("../migrations/0001_init.sql")),
    (
        2,
        "sessions",
        include_str!("../migrations/0002_sessions.sql"),
    ),
    (
        3,
        "checkpoint-numbers",
        include_str!("../migrations/0003_checkpoint-numbers.sql"),
    ),
];

/// Pool size of [`PgStore::connect`]. Appends hold one connection each while they wait for
/// the head lock, so more than a handful buys little; reads use the rest.
const DEFAULT_MAX_CONNECTIONS: u32 = 10;

/// A store in one PostgreSQL database, on one pool. The port itself is `store::sql`'s.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgresql://user@host:port/db?...`) and migrates the schema.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(DEFAULT_MAX_CONNECTIONS)
            .connect(url)
            .await
            .map_err(db)?;
        Self::from_pool(pool).await
    }

    /// Uses a pool configured by the caller, and migrates the schema. Migrations take an
    /// advisory lock, so servers starting together do not race on them.
    pub async fn from_pool(pool: PgPool) -> Result<Self, StoreError> {
        migrate::run(&pool, MIGRATIONS).await?;
        Ok(PgStore { pool })
    }

    /// Closes the pool, waiting for checked-out connections to come back.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait]
impl Backend for PgStore {
    type Db = Postgres;
    const NAME: &'static str = "postgres";
    // `events.stream` has the database's collation; "C" is byte order, as in SQLite.
    const BYTE_ORDER: &'static str = " COLLATE \"C\"";

    async fn write(&self, prepared: &Prepared) -> Result<Appended, Failure> {
        write::append(&self.pool, prepared).await
    }

    fn read_pool(&self) -> &PgPool {
        &self.pool
    }
}

#[test]
fn every_file_in_migrations_is_listed() {
    migrate::check_listed(env!("CARGO_MANIFEST_DIR"), MIGRATIONS).unwrap();
}
