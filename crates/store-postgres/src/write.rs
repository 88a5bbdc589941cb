//! The write path: one transaction per append, which first locks the single `tree_head` row
//! (`SELECT ... FOR UPDATE`). Every appender, in this process or another server on the same
//! database, queues on that row lock, so seqs are assigned by one writer at a time: gapless
//! and in commit order. Under READ COMMITTED each later statement takes a fresh snapshot, so
//! the version checks made after the lock see everything committed before it.

use sqlx::{PgConnection, PgPool};
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

pub(crate) async fn append(pool: &PgPool, prepared: Prepared) -> Result<Appended, StoreError> {
    let mut tx = pool.begin().await.map_err(db)?;
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

async fn resolve(pool: &PgPool, failure: Failure) -> StoreError {
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

async fn write_batch(conn: &mut PgConnection, prepared: &Prepared) -> Result<Appended, Failure> {
    let row = sqlx::query_as("SELECT size, root, frontier FROM tree_head WHERE id = 1 FOR UPDATE")
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
    sqlx::query("UPDATE tree_head SET size = $1, root = $2, frontier = $3 WHERE id = 1")
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
    conn: &mut PgConnection,
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

async fn write_projection(conn: &mut PgConnection, p: &NewProjection) -> Result<(), StoreError> {
    let query = match &p.doc {
        Some(doc) => sqlx::query(
            "INSERT INTO projections (kind, key, doc) VALUES ($1, $2, $3) \
             ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc",
        )
        .bind(&p.kind)
        .bind(&p.key)
        .bind(doc),
        None => sqlx::query("DELETE FROM projections WHERE kind = $1 AND key = $2")
            .bind(&p.kind)
            .bind(&p.key),
    };
    query.execute(&mut *conn).await.map_err(db)?;
    Ok(())
}

async fn insert_event(conn: &mut PgConnection, seq: u64, e: &NewEvent) -> Result<(), sqlx::Error> {
    let seq = i64::try_from(seq).map_err(|_| sqlx::Error::Protocol("seq exceeds i64".into()))?;
    let r = &e.record;
    sqlx::query(concat!(
        "INSERT INTO events (",
        codec::event_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
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
pub(crate) async fn save_checkpoint(pool: &PgPool, c: &StoredCheckpoint) -> Result<(), StoreError> {
    let size = to_i64("size", c.size)?;
    let inserted = sqlx::query(
        "INSERT INTO checkpoints (size, root, note) VALUES ($1, $2, $3) ON CONFLICT (size) DO NOTHING",
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
