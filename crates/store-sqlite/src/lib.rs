//! The SQLite backend of the storage port: one file, WAL, `synchronous=FULL`, one writer.
//! Runs a whole center on a laptop; passes the same conformance suite as PostgreSQL.
#![forbid(unsafe_code)]

mod bench;
mod write;

use std::path::Path;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};
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

/// How long a statement waits for a lock held by another connection or process before
/// failing. Appends in this process never wait on it (they queue on the writer pool).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
const READERS: u32 = 4;

/// A store in one SQLite file. Writes go through a pool of exactly one connection, so
/// appends queue in-process instead of contending for SQLite's lock; reads use their own
/// connections and see the last committed state. The port itself is `store::sql`'s.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk before `append` returns, even across power loss;
            // WAL's usual NORMAL could lose the last acknowledged appends.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(db)?;
        migrate::run(&writer, MIGRATIONS).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(options)
            .await
            .map_err(db)?;
        Ok(SqliteStore { writer, reader })
    }

    /// Closes both pools, waiting for connections to finish (checkpoints the WAL).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    /// A private in-memory database (for tests): one connection, kept open for the life of
    /// the store, because an in-memory database dies with its last connection.
    pub async fn in_memory() -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .in_memory(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(db)?;
        migrate::run(&pool, MIGRATIONS).await?;
        Ok(SqliteStore {
            writer: pool.clone(),
            reader: pool,
        })
    }
}

#[async_trait]
impl Backend for SqliteStore {
    type Db = Sqlite;
    const NAME: &'static str = "sqlite";
    // The default BINARY collation is byte order already.
    const BYTE_ORDER: &'static str = "";

    fn read_pool(&self) -> &SqlitePool {
        &self.reader
    }

    fn write_pool(&self) -> &SqlitePool {
        &self.writer
    }

    async fn write(&self, prepared: &Prepared) -> Result<Appended, Failure> {
        write::append(&self.writer, prepared).await
    }
}

#[test]
fn every_file_in_migrations_is_listed() {
    migrate::check_listed(env!("CARGO_MANIFEST_DIR"), MIGRATIONS).unwrap();
}
