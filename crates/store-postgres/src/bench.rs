//! The benchmark's ceiling, and a fresh database for benchmarks and tests.
use std::time::Duration;

use sqlx::{AssertSqlSafe, Connection, PgConnection};
use store::StoreError;
use store::sql::{bench, db};

use crate::PgStore;

impl PgStore {
    /// Insert each row in its own transaction into a scratch table (dropped afterwards) and
    /// return the time taken: the rate an append can at best approach on this server.
    pub async fn raw_insert_ceiling(&self, rows: &[Vec<u8>]) -> Result<Duration, StoreError> {
        let table =
            "CREATE TABLE IF NOT EXISTS bench_raw (seq BIGINT PRIMARY KEY, data BYTEA NOT NULL)";
        bench::raw_insert_ceiling(&self.pool, table, rows).await
    }
}

/// `url` with its database name replaced (keeps user, host, port and `?options`).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    format!("{}/{name}{query}", &base[..path_start])
}

/// Create database `name` (letters, digits, `_` only) on the server of `admin_url` and return
/// its URL.
pub async fn create_fresh_database(admin_url: &str, name: &str) -> Result<String, StoreError> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(StoreError::Backend(format!(
            "not a plain database name: {name}"
        )));
    }
    let mut conn = PgConnection::connect(admin_url).await.map_err(db)?;
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .map_err(db)?;
    let _ = conn.close().await;
    Ok(with_database(admin_url, name))
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_is_replaced() {
        let cases = [
            (
                "postgresql://postgres@127.0.0.1:5432/postgres",
                "postgresql://postgres@127.0.0.1:5432/t",
            ),
            (
                "postgres://u:p@h/db?sslmode=disable",
                "postgres://u:p@h/t?sslmode=disable",
            ),
            ("postgres://h:1", "postgres://h:1/t"),
            ("postgres://h:1?x=y", "postgres://h:1/t?x=y"),
        ];
        for (url, want) in cases {
            assert_eq!(with_database(url, "t"), want);
        }
    }
}
