//! The write path: one transaction per append, which first locks the single `tree_head` row
//! (`SELECT ... FOR UPDATE`). Every appender, in this process or another server on the same
//! database, queues on that row lock, so seqs are assigned by one writer at a time: gapless
//! and in commit order.
//!
//! Why the statements are shaped as they are: with the server a round trip away, an append
//! costs mostly its round trips. The benchmark's raw insert makes three (BEGIN, INSERT,
//! COMMIT); appends made seven and ran at under half its rate. Now they make three too:
//! 1. [`BEGIN`]: BEGIN and the locking head read in one simple query. sqlx's `begin` would
//!    be a round trip of its own, so the transaction is opened and ended by hand ([`Tx`]).
//!    The stream versions cannot be read here: a statement that waits for the lock keeps
//!    the snapshot it started with, so it could miss the events of the appender it waited for.
//! 2. One write statement, run after the lock, so under READ COMMITTED its snapshot holds
//!    everything committed before it: data-modifying CTEs insert the events, advance the
//!    head and write the projections, and the outer SELECT returns each stream's version as
//!    that snapshot saw it, i.e. before this batch; a stale one is then rolled back. The
//!    CTEs see that one snapshot and not each other's rows, so projection writes are first
//!    reduced to the last write per key, as if applied one after another.
//!    Rows go in as `VALUES` lists, not arrays: the text then depends only on the batch's
//!    shape, sqlx prepares it once per shape, and PostgreSQL soon plans it once (with array
//!    parameters it re-plans every time, which costs more than a round trip). A batch beyond
//!    one statement's parameters goes on in more statements (see [`shape`]).
//! 3. COMMIT.

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, PgConnection, PgPool, Postgres, Row};
use store::{Appended, StoreError, StoredCheckpoint, TreeHead};

use crate::codec::{self, NewEvent, Prepared, to_i64};
use crate::db;

mod shape;
use shape::{MAX_PARAMS, cache, fit, last_writes, write_sql};

/// READ COMMITTED whatever the server's default, as the write statement relies on it.
/// Simple-query results come back as text, and sqlx reads BYTEA text only in hex.
const BEGIN: &str = "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL bytea_output = hex; \
                     SELECT size, root, frontier FROM tree_head WHERE id = 1 FOR UPDATE";

/// Why a write transaction stopped. `Taken` is a unique violation on insert (another
/// writer's event, or one beyond the head), resolved only after the rollback.
enum Failure {
    Store(StoreError),
    Taken,
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

/// The append's connection while its hand-made transaction may be open. Dropped before
/// [`Tx::end`] succeeded (the append was cancelled, or ROLLBACK failed), it closes the
/// connection instead of pooling it: the server rolls back, and no pooled connection is ever
/// left inside a transaction.
struct Tx {
    conn: PoolConnection<Postgres>,
    ended: bool,
}

impl Tx {
    async fn end(mut self, statement: &'static str) -> Result<(), sqlx::Error> {
        sqlx::raw_sql(statement).execute(&mut *self.conn).await?;
        self.ended = true;
        Ok(())
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if !self.ended {
            self.conn.close_on_drop();
        }
    }
}

pub(crate) async fn append(pool: &PgPool, prepared: Prepared) -> Result<Appended, StoreError> {
    let mut tx = Tx {
        conn: pool.acquire().await.map_err(db)?,
        ended: false,
    };
    match write_batch(&mut tx.conn, &prepared).await {
        Ok(appended) => {
            tx.end("COMMIT").await.map_err(db)?;
            Ok(appended)
        }
        Err(failure) => {
            // Nothing was committed; a failed rollback closes the connection (see `Tx`).
            let _ = tx.end("ROLLBACK").await;
            Err(resolve(pool, failure, &prepared).await)
        }
    }
}

/// A taken position is a `Conflict` if a stream of the batch moved meanwhile; if none did,
/// events exist beyond the stored head.
async fn resolve(pool: &PgPool, failure: Failure, prepared: &Prepared) -> StoreError {
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

async fn write_batch(conn: &mut PgConnection, prepared: &Prepared) -> Result<Appended, Failure> {
    let rows = sqlx::raw_sql(BEGIN)
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let row = rows
        .first()
        .ok_or_else(|| codec::corrupt("tree_head", "1", "the head row is missing".into()))?;
    let mut head = codec::head((get(row, 0)?, get(row, 1)?, get(row, 2)?))?;
    let first_seq = head.size;
    let events: Vec<&NewEvent> = prepared.streams.iter().flat_map(|s| &s.events).collect();
    for e in &events {
        head.frontier.push(e.leaf);
        head.size += 1;
    }
    let root = head.frontier.root();
    let (upserts, deletes) = last_writes(&prepared.projections);

    // Usually one statement. A batch too big for one statement's parameters continues in
    // more: the first one checks the versions (before any of the batch is visible) and
    // advances the head, the others only insert the rest.
    let (mut ev, mut up, mut del) = (&events[..], &upserts[..], &deletes[..]);
    let mut seq = first_seq;
    let mut first = true;
    while first || !(ev.is_empty() && up.is_empty() && del.is_empty()) {
        let streams = if first { &prepared.streams[..] } else { &[] };
        let room = MAX_PARAMS
            .checked_sub(streams.len() + if first { 3 } else { 0 })
            .ok_or_else(|| StoreError::Backend("too many streams in one append".into()))?;
        let (n_ev, room) = fit(ev.len(), 11, room);
        let (n_up, room) = fit(up.len(), 3, room);
        let (n_del, _) = fit(del.len(), 2, room);
        let sql = write_sql(n_ev, first, n_up, n_del, streams.len());
        let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(cache(n_ev + n_up + n_del));
        for e in &ev[..n_ev] {
            let r = &e.record;
            query = query
                .bind(to_i64("seq", seq)?)
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
            seq += 1;
        }
        if first {
            query = query
                .bind(to_i64("size", head.size)?)
                .bind(root.0.as_slice())
                .bind(head.frontier.to_bytes());
        }
        for &(kind, key, doc) in &up[..n_up] {
            query = query.bind(kind).bind(key).bind(doc);
        }
        for &(kind, key) in &del[..n_del] {
            query = query.bind(kind).bind(key);
        }
        for s in streams {
            query = query.bind(&s.stream);
        }
        let row = query.fetch_one(&mut *conn).await.map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => Failure::Taken,
            other => Failure::Store(db(other)),
        })?;
        let actual: Vec<i64> = get(&row, 0)?;
        for (s, &actual) in streams.iter().zip(&actual) {
            let actual = u64::try_from(actual).map_err(|_| {
                codec::corrupt("events", &s.stream, format!("negative version {actual}"))
            })?;
            if actual != s.expected {
                return Err(Failure::Store(conflict(&s.stream, s.expected, actual)));
            }
        }
        (ev, up, del) = (&ev[n_ev..], &up[n_up..], &del[n_del..]);
        first = false;
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

fn get<'r, T>(row: &'r PgRow, i: usize) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
{
    row.try_get(i).map_err(db)
}

/// Stores a checkpoint once; a second save of the same size must be identical.
pub(crate) async fn save_checkpoint(pool: &PgPool, c: &StoredCheckpoint) -> Result<(), StoreError> {
    let size = to_i64("size", c.size)?;
    let inserted = sqlx::query(
        // Any conflict (the size, or the number another server took first) stores nothing:
        // then the stored row must be this very checkpoint, or the caller signs again.
        "INSERT INTO checkpoints (size, root, note, number) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
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
