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

use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, Row, Sqlite, SqliteConnection, SqlitePool};
use store::{Appended, StoreError, StoredCheckpoint, TreeHead};

use crate::codec::{self, Prepared, to_i64};
use crate::db;

/// Why a write transaction stopped. `Taken` is a unique violation on insert (an event beyond
/// the head), resolved only after the rollback.
enum Failure {
    Store(StoreError),
    Taken,
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

pub(crate) async fn append(pool: &SqlitePool, prepared: Prepared) -> Result<Appended, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
    let outcome = write_batch(&mut tx, &prepared).await;
    match outcome {
        Ok(appended) => {
            tx.commit().await.map_err(db)?;
            Ok(appended)
        }
        Err(failure) => {
            // A failed rollback still leaves nothing: nothing was committed, and sqlx rolls
            // back a dropped transaction before its connection is used again.
            let _ = tx.rollback().await;
            Err(resolve(pool, failure, &prepared).await)
        }
    }
}

/// A taken position is a `Conflict` if a stream of the batch moved meanwhile (another
/// process); if none did, events exist beyond the stored head.
async fn resolve(pool: &SqlitePool, failure: Failure, prepared: &Prepared) -> StoreError {
    if let Failure::Store(e) = failure {
        return e;
    }
    for s in &prepared.streams {
        match crate::read::stream_version(pool, &s.stream).await {
            Ok(actual) if actual != s.expected => return conflict(&s.stream, s.expected, actual),
            Ok(_) => {}
            Err(e) => return e,
        }
    }
    codec::corrupt(
        "tree_head",
        "1",
        "events exist beyond the stored tree size".into(),
    )
}

fn conflict(stream: &str, expected: u64, actual: u64) -> StoreError {
    StoreError::Conflict {
        stream: stream.to_owned(),
        expected,
        actual,
    }
}

const READ_HEAD: &str = "SELECT size, root, frontier FROM tree_head WHERE id = 1;";
const READ_VERSION: &str = "SELECT coalesce(max(version), 0) FROM events WHERE stream = ?;";
const INSERT_EVENT: &str = concat!(
    "INSERT INTO events (",
    codec::event_columns!(),
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
    for _ in &prepared.streams {
        sql.push_str(READ_VERSION);
    }
    let mut read = sqlx::query(AssertSqlSafe(sql)).persistent(cache(prepared.streams.len()));
    for s in &prepared.streams {
        read = read.bind(&s.stream);
    }
    let rows = read.fetch_all(&mut *conn).await.map_err(db)?;
    let (row, versions) = match rows.split_first() {
        Some((row, versions)) if versions.len() == prepared.streams.len() => (row, versions),
        _ => return Err(codec::corrupt("tree_head", "1", "the head row is missing".into()).into()),
    };
    let mut head = codec::head((get(row, 0)?, get(row, 1)?, get(row, 2)?))?;
    for (s, row) in prepared.streams.iter().zip(versions) {
        let actual: i64 = get(row, 0)?;
        let actual = u64::try_from(actual).map_err(|_| {
            codec::corrupt("events", &s.stream, format!("negative version {actual}"))
        })?;
        if actual != s.expected {
            return Err(Failure::Store(conflict(&s.stream, s.expected, actual)));
        }
    }

    // The write: every statement of the batch, in order, in one query.
    let first_seq = head.size;
    let mut sql = INSERT_EVENT.repeat(prepared.event_count());
    sql.push_str(UPDATE_HEAD);
    for p in &prepared.projections {
        sql.push_str(if p.doc.is_some() { UPSERT } else { DELETE });
    }
    let statements = prepared.event_count() + prepared.projections.len();
    let mut write = sqlx::query(AssertSqlSafe(sql)).persistent(cache(statements));
    for e in prepared.streams.iter().flat_map(|s| &s.events) {
        let r = &e.record;
        write = write
            .bind(to_i64("seq", head.size)?)
            .bind(&r.stream)
            .bind(e.version)
            .bind(&r.kind)
            .bind(&e.payload)
            .bind(&r.actor)
            .bind(&r.role)
            .bind(&r.on_behalf_of)
            .bind(r.at_us)
            .bind(&r.ip)
            .bind(e.leaf.0.as_slice());
        head.frontier.push(e.leaf);
        head.size += 1;
    }
    let root = head.frontier.root();
    write = write
        .bind(to_i64("size", head.size)?)
        .bind(root.0.as_slice())
        .bind(head.frontier.to_bytes());
    for p in &prepared.projections {
        write = write.bind(&p.kind).bind(&p.key);
        if let Some(doc) = &p.doc {
            write = write.bind(doc);
        }
    }
    write.execute(&mut *conn).await.map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Failure::Taken,
        other => Failure::Store(db(other)),
    })?;
    Ok(Appended {
        first_seq,
        count: head.size - first_seq,
        head: TreeHead {
            size: head.size,
            root,
        },
    })
}

/// Whether sqlx should keep a query of this many parts prepared: yes for the shapes that
/// commands make, not for the odd huge batch.
fn cache(parts: usize) -> bool {
    parts <= 16
}

fn get<'r, T>(row: &'r SqliteRow, i: usize) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>,
{
    row.try_get(i).map_err(db)
}

/// Stores a checkpoint once; a second save of the same size must be identical.
pub(crate) async fn save_checkpoint(
    pool: &SqlitePool,
    c: &StoredCheckpoint,
) -> Result<(), StoreError> {
    let size = to_i64("size", c.size)?;
    let inserted = sqlx::query(
        // Any conflict (the size, or the number another server took first) stores nothing:
        // then the stored row must be this very checkpoint, or the caller signs again.
        "INSERT INTO checkpoints (size, root, note, number) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(size)
    .bind(c.root.0.as_slice())
    .bind(&c.note)
    .bind(c.number())
    .execute(pool)
    .await
    .map_err(db)?
    .rows_affected();
    if inserted == 1 {
        return Ok(());
    }
    match crate::read::checkpoint_at(pool, c.size).await? {
        Some(stored) if stored == *c => Ok(()),
        _ => Err(StoreError::CheckpointMismatch { size: c.size }),
    }
}
