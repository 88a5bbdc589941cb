//! Embedded migrations. Built with `Migrator::with_migrations` rather than `sqlx::migrate!`:
//! the macro needs sqlx's `macros` feature, which compiles a second, host-side copy of the
//! SQLite and PostgreSQL drivers (bundled C SQLite included) into a proc-macro. The
//! versions, descriptions and checksums are the ones `migrate!` and the sqlx CLI derive from
//! the file names, so either can take over a database later. Each backend lists its own
//! files (the SQL differs) and never edits one that may have been applied.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{Pool, SqlSafeStr};

use super::driver::Driver;
use crate::StoreError;

/// `(version, description, sql)`, one per file `{version:04}_{description}.sql`.
pub type Migrations = [(i64, &'static str, &'static str)];

/// Brings the schema up to date (applied migrations are checked, not re-run).
pub async fn run<D: Driver>(pool: &Pool<D>, migrations: &Migrations) -> Result<(), StoreError> {
    migrator(migrations)
        .run(pool)
        .await
        .map_err(|e| StoreError::Backend(format!("migrations: {e}")))
}

fn migrator(migrations: &Migrations) -> Migrator {
    let migrations = migrations
        .iter()
        .map(|&(version, description, sql)| {
            let description = Cow::Borrowed(description);
            Migration::new(
                version,
                description,
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

/// Checks that `migrations` lists exactly the files in the `migrations` folder of the crate
/// at `manifest_dir` (a file that is not listed would silently never run), naming the
/// difference otherwise. For each backend's test.
pub fn check_listed(manifest_dir: &str, migrations: &Migrations) -> Result<(), String> {
    let dir = format!("{manifest_dir}/migrations");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{dir}: {e}"))?;
    let mut files: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    files.sort();
    let mut listed: Vec<String> = migrations
        .iter()
        .map(|(v, d, _)| format!("{v:04}_{d}.sql"))
        .collect();
    listed.sort();
    if files == listed {
        return Ok(());
    }
    Err(format!("{dir} holds {files:?}, the list names {listed:?}"))
}
