//! Reads. Each is one statement, so it sees one consistent snapshot, and none takes a lock
//! that an appender waits for (SQLite's WAL readers do not block the writer, nor it them).

use ledger::Hash;
use serde_json::Value;
use sqlx::{AssertSqlSafe, Pool};

use super::codec::{self, Cells, to_i64};
use super::driver::{Args, Driver, fetch_all, fetch_optional};
use crate::{ProjectionRow, StoreError, StoredCheckpoint, StoredEvent, TreeHead, event_columns};

pub async fn stream_version<D: Driver>(pool: &Pool<D>, stream: &str) -> Result<u64, StoreError> {
    let sql = "SELECT coalesce(MAX(version), 0) FROM events WHERE stream = $1";
    let row = fetch_optional(pool, sql, Args::default().text(stream)?).await?;
    let max = row.map(|r| r.int(0)).transpose()?.unwrap_or(0);
    codec::version(stream, max)
}

pub async fn load_stream<D: Driver>(
    pool: &Pool<D>,
    stream: &str,
) -> Result<Vec<StoredEvent>, StoreError> {
    let sql = concat!(
        "SELECT ",
        event_columns!(),
        " FROM events WHERE stream = $1 ORDER BY version"
    );
    let rows = fetch_all(pool, sql, Args::default().text(stream)?).await?;
    rows.iter().map(codec::event).collect()
}

/// Stream names compare in byte order whatever the database's collation (`byte_order`, see
/// `Backend::BYTE_ORDER`), so the range holds exactly the names that start with `prefix`.
pub async fn load_prefix<D: Driver>(
    pool: &Pool<D>,
    byte_order: &str,
    prefix: &str,
) -> Result<Vec<StoredEvent>, StoreError> {
    let sql = format!(
        "SELECT {} FROM events WHERE stream{byte_order} >= $1 AND stream{byte_order} < $2 \
         ORDER BY seq",
        event_columns!()
    );
    let args = Args::default()
        .text(prefix)?
        .text(&crate::prefix_end(prefix))?;
    let rows = fetch_all(pool, AssertSqlSafe(sql), args).await?;
    rows.iter().map(codec::event).collect()
}

pub async fn events<D: Driver>(
    pool: &Pool<D>,
    from: u64,
    limit: u32,
) -> Result<Vec<StoredEvent>, StoreError> {
    let sql = concat!(
        "SELECT ",
        event_columns!(),
        " FROM events WHERE seq >= $1 ORDER BY seq LIMIT $2"
    );
    let args = Args::default()
        .int(to_i64("from", from)?)?
        .int(i64::from(limit))?;
    let rows = fetch_all(pool, sql, args).await?;
    rows.iter().map(codec::event).collect()
}

/// Only the hash column, in seq order: an ordered scan of the primary key.
pub async fn leaf_hashes<D: Driver>(pool: &Pool<D>, size: u64) -> Result<Vec<Hash>, StoreError> {
    let sql = "SELECT seq, leaf_hash FROM events WHERE seq < $1 ORDER BY seq";
    let rows = fetch_all(pool, sql, Args::default().int(to_i64("size", size)?)?).await?;
    codec::leaf_hashes(size, &rows)
}

pub async fn tree_head<D: Driver>(pool: &Pool<D>) -> Result<TreeHead, StoreError> {
    let sql = "SELECT size, root FROM tree_head WHERE id = 1";
    let row = fetch_optional(pool, sql, Args::default()).await?;
    codec::tree_head(&row.ok_or_else(codec::missing_head)?)
}

/// The raw column: `verify` parses and checks it, so a bad value is returned, not refused.
pub async fn tree_frontier<D: Driver>(pool: &Pool<D>) -> Result<Vec<u8>, StoreError> {
    let sql = "SELECT frontier FROM tree_head WHERE id = 1";
    let row = fetch_optional(pool, sql, Args::default()).await?;
    row.ok_or_else(codec::missing_head)?.bytes(0)
}

pub async fn checkpoints<D: Driver>(pool: &Pool<D>) -> Result<Vec<StoredCheckpoint>, StoreError> {
    let sql = "SELECT size, root, note FROM checkpoints ORDER BY size";
    let rows = fetch_all(pool, sql, Args::default()).await?;
    rows.iter().map(codec::checkpoint).collect()
}

pub async fn latest_checkpoint<D: Driver>(
    pool: &Pool<D>,
) -> Result<Option<StoredCheckpoint>, StoreError> {
    let sql = "SELECT size, root, note FROM checkpoints ORDER BY size DESC LIMIT 1";
    let row = fetch_optional(pool, sql, Args::default()).await?;
    row.as_ref().map(codec::checkpoint).transpose()
}

pub async fn checkpoint_at<D: Driver>(
    pool: &Pool<D>,
    size: u64,
) -> Result<Option<StoredCheckpoint>, StoreError> {
    let sql = "SELECT size, root, note FROM checkpoints WHERE size = $1";
    let row = fetch_optional(pool, sql, Args::default().int(to_i64("size", size)?)?).await?;
    row.as_ref().map(codec::checkpoint).transpose()
}

pub async fn projection<D: Driver>(
    pool: &Pool<D>,
    kind: &str,
    key: &str,
) -> Result<Option<Value>, StoreError> {
    let sql = "SELECT kind, key, doc FROM projections WHERE kind = $1 AND key = $2";
    let row = fetch_optional(pool, sql, Args::default().text(kind)?.text(key)?).await?;
    Ok(row
        .as_ref()
        .map(codec::projection)
        .transpose()?
        .map(|r| r.doc))
}

/// Key order is byte order: SQLite's default BINARY collation, the "C" collation of the
/// PostgreSQL columns.
pub async fn projections<D: Driver>(
    pool: &Pool<D>,
    kind: &str,
) -> Result<Vec<ProjectionRow>, StoreError> {
    let sql = "SELECT kind, key, doc FROM projections WHERE kind = $1 ORDER BY key";
    let rows = fetch_all(pool, sql, Args::default().text(kind)?).await?;
    rows.iter().map(codec::projection).collect()
}

pub async fn all_projections<D: Driver>(pool: &Pool<D>) -> Result<Vec<ProjectionRow>, StoreError> {
    let sql = "SELECT kind, key, doc FROM projections ORDER BY kind, key";
    let rows = fetch_all(pool, sql, Args::default()).await?;
    rows.iter().map(codec::projection).collect()
}
