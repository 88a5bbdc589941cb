//! The benchmark's ceiling: the same bytes inserted raw, one transaction each, through the
//! backend's writer and durability settings, into a scratch table.

use std::time::{Duration, Instant};

use sqlx::{AssertSqlSafe, Pool};

use super::driver::{Args, Driver, Exec, db, execute};
use crate::StoreError;

/// Inserts each row in its own transaction into `bench_raw`, created by `create_table` (the
/// column types are the backend's) and dropped afterwards, and returns the time taken: the
/// rate an append can at best approach.
pub async fn raw_insert_ceiling<D: Driver>(
    pool: &Pool<D>,
    create_table: &'static str,
    rows: &[Vec<u8>],
) -> Result<Duration, StoreError> {
    execute(pool, AssertSqlSafe(create_table), Args::default()).await?;
    let start = Instant::now();
    for (i, row) in rows.iter().enumerate() {
        let mut tx = pool.begin().await.map_err(db)?;
        let args = Args::<D>::default().int(i as i64)?.bytes(row)?;
        let insert = sqlx::query_with("INSERT INTO bench_raw (seq, data) VALUES ($1, $2)", args);
        insert.execute(tx.exec()).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
    }
    let elapsed = start.elapsed();
    execute(pool, "DROP TABLE bench_raw", Args::default()).await?;
    Ok(elapsed)
}
