//! Reads. Each is one statement, so it sees one consistent snapshot (WAL readers do not block
//! the writer, nor it them).

use ledger::Hash;
use serde_json::Value;
use sqlx::SqlitePool;
use store::{ProjectionRow, StoreError, StoredCheckpoint, StoredEvent, TreeHead};

use crate::codec::{self, EventRow, to_i64};
use crate::db;

/// On the pool for readers, or on the writer's transaction connection.
pub(crate) async fn stream_version<'e, E>(executor: E, stream: &str) -> Result<u64, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
{
    let max: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM events WHERE stream = ?")
        .bind(stream)
        .fetch_one(executor)
        .await
        .map_err(db)?;
    let max = max.unwrap_or(0);
    u64::try_from(max)
        .map_err(|_| codec::corrupt("events", stream, format!("negative version {max}")))
}

pub(crate) async fn load_stream(
    pool: &SqlitePool,
    stream: &str,
) -> Result<Vec<StoredEvent>, StoreError> {
    let rows: Vec<EventRow> = sqlx::query_as(concat!(
        "SELECT ",
        codec::event_columns!(),
        " FROM events WHERE stream = ? ORDER BY version"
    ))
    .bind(stream)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.into_iter().map(codec::event).collect()
}

pub(crate) async fn load_prefix(
    pool: &SqlitePool,
    prefix: &str,
) -> Result<Vec<StoredEvent>, StoreError> {
    let rows: Vec<EventRow> = sqlx::query_as(concat!(
        "SELECT ",
        codec::event_columns!(),
        " FROM events WHERE stream >= ? AND stream < ? ORDER BY seq"
    ))
    .bind(prefix)
    .bind(store::prefix_end(prefix))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.into_iter().map(codec::event).collect()
}

pub(crate) async fn events(
    pool: &SqlitePool,
    from: u64,
    limit: u32,
) -> Result<Vec<StoredEvent>, StoreError> {
    let rows: Vec<EventRow> = sqlx::query_as(concat!(
        "SELECT ",
        codec::event_columns!(),
        " FROM events WHERE seq >= ? ORDER BY seq LIMIT ?"
    ))
    .bind(to_i64("from", from)?)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.into_iter().map(codec::event).collect()
}

/// Only the hash column, in seq order: the rows are the primary-key b-tree, read in order.
pub(crate) async fn leaf_hashes(pool: &SqlitePool, size: u64) -> Result<Vec<Hash>, StoreError> {
    let rows: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT seq, leaf_hash FROM events WHERE seq < ? ORDER BY seq")
            .bind(to_i64("size", size)?)
            .fetch_all(pool)
            .await
            .map_err(db)?;
    codec::leaf_hashes(size, rows)
}

pub(crate) async fn tree_head(pool: &SqlitePool) -> Result<TreeHead, StoreError> {
    let row = sqlx::query_as("SELECT size, root FROM tree_head WHERE id = 1")
        .fetch_optional(pool)
        .await
        .map_err(db)?
        .ok_or_else(|| codec::corrupt("tree_head", "1", "the head row is missing".into()))?;
    codec::tree_head(row)
}

/// The raw column: `verify` parses and checks it, so a bad value is returned, not refused.
pub(crate) async fn tree_frontier(pool: &SqlitePool) -> Result<Vec<u8>, StoreError> {
    sqlx::query_scalar("SELECT frontier FROM tree_head WHERE id = 1")
        .fetch_optional(pool)
        .await
        .map_err(db)?
        .ok_or_else(|| codec::corrupt("tree_head", "1", "the head row is missing".into()))
}

pub(crate) async fn checkpoints(pool: &SqlitePool) -> Result<Vec<StoredCheckpoint>, StoreError> {
    let rows: Vec<(i64, Vec<u8>, String)> =
        sqlx::query_as("SELECT size, root, note FROM checkpoints ORDER BY size")
            .fetch_all(pool)
            .await
            .map_err(db)?;
    rows.into_iter().map(codec::checkpoint).collect()
}

pub(crate) async fn latest_checkpoint(
    pool: &SqlitePool,
) -> Result<Option<StoredCheckpoint>, StoreError> {
    let row: Option<(i64, Vec<u8>, String)> =
        sqlx::query_as("SELECT size, root, note FROM checkpoints ORDER BY size DESC LIMIT 1")
            .fetch_optional(pool)
            .await
            .map_err(db)?;
    row.map(codec::checkpoint).transpose()
}

pub(crate) async fn checkpoint_at(
    pool: &SqlitePool,
    size: u64,
) -> Result<Option<StoredCheckpoint>, StoreError> {
    let row: Option<(i64, Vec<u8>, String)> =
        sqlx::query_as("SELECT size, root, note FROM checkpoints WHERE size = ?")
            .bind(to_i64("size", size)?)
            .fetch_optional(pool)
            .await
            .map_err(db)?;
    row.map(codec::checkpoint).transpose()
}

pub(crate) async fn projection(
    pool: &SqlitePool,
    kind: &str,
    key: &str,
) -> Result<Option<Value>, StoreError> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT kind, key, doc FROM projections WHERE kind = ? AND key = ?")
            .bind(kind)
            .bind(key)
            .fetch_optional(pool)
            .await
            .map_err(db)?;
    Ok(row.map(codec::projection).transpose()?.map(|r| r.doc))
}

/// Key order is byte order: SQLite's default BINARY collation (PostgreSQL uses "C" to match).
pub(crate) async fn projections(
    pool: &SqlitePool,
    kind: &str,
) -> Result<Vec<ProjectionRow>, StoreError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT kind, key, doc FROM projections WHERE kind = ? ORDER BY key")
            .bind(kind)
            .fetch_all(pool)
            .await
            .map_err(db)?;
    rows.into_iter().map(codec::projection).collect()
}

pub(crate) async fn all_projections(pool: &SqlitePool) -> Result<Vec<ProjectionRow>, StoreError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT kind, key, doc FROM projections ORDER BY kind, key")
            .fetch_all(pool)
            .await
            .map_err(db)?;
    rows.into_iter().map(codec::projection).collect()
}
