//! Embedded migrations. Built with `Migrator::with_migrations` rather than `sqlx::migrate!`:
//! the macro needs sqlx's `macros` feature, which compiles a second, host-side copy of the
//! PostgreSQL and SQLite drivers (bundled C SQLite included) into a proc-macro. The
//! versions, descriptions and checksums are the ones `migrate!` and the sqlx CLI derive from
//! the file names, so either can take over a database later.

use std::borrow::Cow;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// `(version, description, sql)`, one per file in `migrations/` (a test keeps them in step).
pub(crate) const MIGRATIONS: &[(i64, &str, &str)] = &[
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

pub(crate) fn migrator() -> Migrator {
    let migrations = MIGRATIONS
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

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    /// A migration file that is not listed would silently never run.
    #[test]
    fn every_file_in_migrations_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|(v, d, _)| format!("{v:04}_{d}.sql"))
            .collect();
        assert_eq!(files, listed);
    }
}
