//! The benchmark's ceiling (see `store::sql::bench`), through the one writer connection.

use std::time::Duration;

use store::StoreError;
use store::sql::bench;

use crate::SqliteStore;

impl SqliteStore {
    /// Insert each row in its own transaction into a scratch table (dropped afterwards) and
    /// return the time taken: the rate an append can at best approach on this machine.
    pub async fn raw_insert_ceiling(&self, rows: &[Vec<u8>]) -> Result<Duration, StoreError> {
        let table = "CREATE TABLE IF NOT EXISTS bench_raw \
                     (seq INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT";
        bench::raw_insert_ceiling(&self.writer, table, rows).await
    }
}
