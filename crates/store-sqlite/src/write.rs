//! The write path: one `BEGIN IMMEDIATE` transaction per append on the single writer
//! connection. IMMEDIATE takes SQLite's write lock up front, so a transaction never reads the
//! head and then fails to upgrade its lock ("database is locked") because of another writer,
//! even another process on the same file.
//!
//! Why the statements are shaped as they are: each query is a round trip to sqlx's worker
//! thread, and the benchmark's raw insert makes three (BEGIN, INSERT, COMMIT). An append
//! makes four: BEGIN IMMEDIATE, one read, one write, COMMIT (it made seven).
//! - Both are `;`-separated statements in one query: sqlx-sqlite runs them in order and
//!   hands the `?` binds out across them in order. The text depends only on the batch's
//!   shape, so sqlx prepares each (command-sized) shape once and keeps it.
//! - The read returns the head row, then one row per stream with its version. Under the
//!   write lock nothing can move before the write, so the versions are checked here, before
//!   anything is written.
//! - The write is the batch's INSERTs, the head UPDATE, then its projection writes in order.
//!   One statement per row keeps every statement far below SQLite's limit on binds.
//! - Unlike on PostgreSQL, the read does not go with BEGIN nor the write with COMMIT: a
//!   round trip costs little next to COMMIT's fsync, and sqlx's transaction, which rolls
//!   back an append cancelled midway, issues those statements itself.

use sqlx::{AssertSqlSafe, Sqlite, SqliteConnection, SqlitePool};
use store::sql::codec::{self, Cells, Prepared};
use store::sql::{Args, Failure, cache, db};
use store::{Appended, event_columns};

/// The whole append in the one writer's `BEGIN IMMEDIATE` transaction. On `Err` it has been
/// rolled back: a failed rollback still leaves nothing, as nothing was committed and sqlx
/// rolls back a dropped transaction before its connection is used again.
pub(crate) async fn append(pool: &SqlitePool, prepared: &Prepared) -> Result<Appended, Failure> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
    match write_batch(&mut tx, prepared).await {
        Ok(appended) => {
            tx.commit().await.map_err(db)?;
            Ok(appended)
        }
        Err(failure) => {
            let _ = tx.rollback().await;
            Err(failure)
        }
    }
}

const READ_HEAD: &str = "SELECT size, root, frontier FROM tree_head WHERE id = 1;";
const READ_VERSION: &str = "SELECT coalesce(max(version), 0) FROM events WHERE stream = ?;";
const INSERT_EVENT: &str = concat!(
    "INSERT INTO events (",
    event_columns!(),
    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);"
);
const UPDATE_HEAD: &str = "UPDATE tree_head SET size = ?, root = ?, frontier = ? WHERE id = 1;";
const UPSERT: &str = "INSERT INTO projections (kind, key, doc) VALUES (?, ?, ?) \
                      ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc;";
const DELETE: &str = "DELETE FROM projections WHERE kind = ? AND key = ?;";

async fn write_batch(
    conn: &mut SqliteConnection,
    prepared: &Prepared,
) -> Result<Appended, Failure> {
    // The read: the head row, then one row per stream with its version.
    let mut sql = String::from(READ_HEAD);
    let mut args = Args::<Sqlite>::default();
    for s in &prepared.streams {
        sql.push_str(READ_VERSION);
        args = args.text(&s.stream)?;
    }
    let read = sqlx::query_with(AssertSqlSafe(sql), args);
    let rows = read
        .persistent(cache(prepared.streams.len()))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let (row, versions) = match rows.split_first() {
        Some((row, versions)) if versions.len() == prepared.streams.len() => (row, versions),
        _ => return Err(codec::missing_head().into()),
    };
    let mut head = codec::head(row)?;
    for (s, row) in prepared.streams.iter().zip(versions) {
        codec::check_version(s, row.int(0)?)?;
    }

    // The write: every statement of the batch, in order, in one query.
    let first_seq = head.size;
    let mut sql = INSERT_EVENT.repeat(prepared.event_count());
    sql.push_str(UPDATE_HEAD);
    let mut args = Args::<Sqlite>::default();
    for e in prepared.streams.iter().flat_map(|s| &s.events) {
        args = args.event(head.size, e)?;
        head.frontier.push(e.leaf);
        head.size += 1;
    }
    let root = head.frontier.root();
    args = args.head(&head, &root)?;
    for p in &prepared.projections {
        sql.push_str(if p.doc.is_some() { UPSERT } else { DELETE });
        args = args.text(&p.kind)?.text(&p.key)?;
        if let Some(doc) = &p.doc {
            args = args.text(doc)?;
        }
    }
    let statements = prepared.event_count() + prepared.projections.len();
    let write = sqlx::query_with(AssertSqlSafe(sql), args).persistent(cache(statements));
    write
        .execute(&mut *conn)
        .await
        .map_err(Failure::of_insert)?;
    Ok(head.appended(first_seq, root))
}
