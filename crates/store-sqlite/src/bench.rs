//! The benchmark's ceiling: the same bytes inserted raw, one transaction each, through the
//! same writer connection and durability settings, into a scratch table.
use std::time::{Duration, Instant};

use store::StoreError;

use crate::{SqliteStore, db};

impl SqliteStore {
    /// Insert each row in its own transaction into a scratch table (dropped afterwards) and
    /// return the time taken: the rate an append can at best approach on this machine.
    pub async fn raw_insert_ceiling(&self, rows: &[Vec<u8>]) -> Result<Duration, StoreError> {
        sqlx::query("CREATE TABLE IF NOT EXISTS bench_raw (seq INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT")
            .execute(&self.writer)
            .await
            .map_err(db)?;
        let start = Instant::now();
        for (i, row) in rows.iter().enumerate() {
            let mut tx = self.writer.begin().await.map_err(db)?;
            sqlx::query("INSERT INTO bench_raw (seq, data) VALUES (?, ?)")
                .bind(i as i64)
                .bind(row.as_slice())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            tx.commit().await.map_err(db)?;
        }
        let elapsed = start.elapsed();
        sqlx::query("DROP TABLE bench_raw")
            .execute(&self.writer)
            .await
            .map_err(db)?;
        Ok(elapsed)
    }
}
