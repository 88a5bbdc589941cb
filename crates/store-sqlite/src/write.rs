//! The write path: one `BEGIN IMMEDIATE` transaction per append on the single writer
//! connection. IMMEDIATE takes SQLite's write lock up front, so a transaction never reads the
//! head and then fails to upgrade its lock ("database is locked") because of another writer,
//! even another process on the same file.

use sqlx::{SqliteConnection, SqlitePool};
use store::{Appended, StoreError, StoredCheckpoint, TreeHead};

use crate::codec::{self, Head, NewEvent, NewProjection, NewStream, Prepared, to_i64};
use crate::db;

/// Why a write transaction stopped. `Taken` is a unique violation on insert, resolved into a
/// `Conflict` (or a corrupt head) only after the rollback.
enum Failure {
    Store(StoreError),
    Taken { stream: String, expected: u64 },
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
            Err(resolve(pool, failure).await)
        }
    }
}

async fn resolve(pool: &SqlitePool, failure: Failure) -> StoreError {
    match failure {
        Failure::Store(e) => e,
        Failure::Taken { stream, expected } => {
            match crate::read::stream_version(pool, &stream).await {
                Ok(actual) if actual != expected => StoreError::Conflict {
                    stream,
                    expected,
                    actual,
                },
                // The stream did not move, so the seq was taken: events exist beyond the head.
                Ok(_) => codec::corrupt(
                    "tree_head",
                    "1",
                    "events exist beyond the stored tree size".into(),
                ),
                Err(e) => e,
            }
        }
    }
}

async fn write_batch(
    conn: &mut SqliteConnection,
    prepared: &Prepared,
) -> Result<Appended, Failure> {
    let row = sqlx::query_as("SELECT size, root, frontier FROM tree_head WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or_else(|| codec::corrupt("tree_head", "1", "the head row is missing".into()))?;
    let mut head = codec::head(row)?;
    let first_seq = head.size;
    for stream in &prepared.streams {
        append_stream(conn, &mut head, stream).await?;
    }
    let root = head.frontier.root();
    sqlx::query("UPDATE tree_head SET size = ?, root = ?, frontier = ? WHERE id = 1")
        .bind(to_i64("size", head.size)?)
        .bind(root.0.as_slice())
        .bind(head.frontier.to_bytes())
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    for projection in &prepared.projections {
        write_projection(conn, projection).await?;
    }
    Ok(Appended {
        first_seq,
        count: head.size - first_seq,
        head: TreeHead {
            size: head.size,
            root,
        },
    })
}

/// Checks the stream's version, then gives its events the next seqs and pushes their leaves.
async fn append_stream(
    conn: &mut SqliteConnection,
    head: &mut Head,
    s: &NewStream,
) -> Result<(), Failure> {
    let actual = crate::read::stream_version(&mut *conn, &s.stream).await?;
    if actual != s.expected {
        return Err(Failure::Store(StoreError::Conflict {
            stream: s.stream.clone(),
            expected: s.expected,
            actual,
        }));
    }
    for event in &s.events {
        insert_event(conn, head.size, event)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => Failure::Taken {
                    stream: s.stream.clone(),
                    expected: s.expected,
                },
                other => Failure::Store(db(other)),
            })?;
        head.frontier.push(event.leaf);
        head.size += 1;
    }
    Ok(())
}

async fn write_projection(
    conn: &mut SqliteConnection,
    p: &NewProjection,
) -> Result<(), StoreError> {
    let query = match &p.doc {
        Some(doc) => sqlx::query(
            "INSERT INTO projections (kind, key, doc) VALUES (?, ?, ?) \
             ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc",
        )
        .bind(&p.kind)
        .bind(&p.key)
        .bind(doc),
        None => sqlx::query("DELETE FROM projections WHERE kind = ? AND key = ?")
            .bind(&p.kind)
            .bind(&p.key),
    };
    query.execute(&mut *conn).await.map_err(db)?;
    Ok(())
}

async fn insert_event(
    conn: &mut SqliteConnection,
    seq: u64,
    e: &NewEvent,
) -> Result<(), sqlx::Error> {
    let seq = i64::try_from(seq).map_err(|_| sqlx::Error::Protocol("seq exceeds i64".into()))?;
    let r = &e.record;
    sqlx::query(concat!(
        "INSERT INTO events (",
        codec::event_columns!(),
        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(seq)
    .bind(&r.stream)
    .bind(e.version)
    .bind(&r.kind)
    .bind(&e.payload)
    .bind(&r.actor)
    .bind(&r.role)
    .bind(&r.on_behalf_of)
    .bind(r.at_us)
    .bind(&r.ip)
    .bind(e.leaf.0.as_slice())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Stores a checkpoint once; a second save of the same size must be identical.
pub(crate) async fn save_checkpoint(
    pool: &SqlitePool,
    c: &StoredCheckpoint,
) -> Result<(), StoreError> {
    let size = to_i64("size", c.size)?;
    let inserted = sqlx::query(
        "INSERT INTO checkpoints (size, root, note) VALUES (?, ?, ?) ON CONFLICT (size) DO NOTHING",
    )
    .bind(size)
    .bind(c.root.0.as_slice())
    .bind(&c.note)
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
