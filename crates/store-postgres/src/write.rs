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
use sqlx::{AssertSqlSafe, PgConnection, PgPool, Postgres, Row};
use store::sql::codec::{self, NewEvent, Prepared};
use store::sql::{Args, Failure, cache, db};
use store::{Appended, StoreError};

mod shape;
use shape::{MAX_PARAMS, fit, last_writes, write_sql};

/// READ COMMITTED whatever the server's default, as the write statement relies on it.
/// Simple-query results come back as text, and sqlx reads BYTEA text only in hex.
const BEGIN: &str = "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL bytea_output = hex; \
                     SELECT size, root, frontier FROM tree_head WHERE id = 1 FOR UPDATE";

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

/// The whole append in one hand-made transaction. On `Err` it is over: rolled back, or the
/// connection closed (see `Tx`).
pub(crate) async fn append(pool: &PgPool, prepared: &Prepared) -> Result<Appended, Failure> {
    let mut tx = Tx {
        conn: pool.acquire().await.map_err(db)?,
        ended: false,
    };
    match write_batch(&mut tx.conn, prepared).await {
        Ok(appended) => {
            tx.end("COMMIT").await.map_err(db)?;
            Ok(appended)
        }
        Err(failure) => {
            let _ = tx.end("ROLLBACK").await;
            Err(failure)
        }
    }
}

async fn write_batch(conn: &mut PgConnection, prepared: &Prepared) -> Result<Appended, Failure> {
    let rows = sqlx::raw_sql(BEGIN)
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let mut head = codec::head(rows.first().ok_or_else(codec::missing_head)?)?;
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
        let mut args = Args::<Postgres>::default();
        for e in &ev[..n_ev] {
            args = args.event(seq, e)?;
            seq += 1;
        }
        if first {
            args = args.head(&head, &root)?;
        }
        for &(kind, key, doc) in &up[..n_up] {
            args = args.text(kind)?.text(key)?.text(doc)?;
        }
        for &(kind, key) in &del[..n_del] {
            args = args.text(kind)?.text(key)?;
        }
        for s in streams {
            args = args.text(&s.stream)?;
        }
        let sql = write_sql(n_ev, first, n_up, n_del, streams.len());
        let query = sqlx::query_with(AssertSqlSafe(sql), args);
        let query = query.persistent(cache(n_ev + n_up + n_del));
        let row = query
            .fetch_one(&mut *conn)
            .await
            .map_err(Failure::of_insert)?;
        let actual: Vec<i64> = row.try_get(0).map_err(db)?;
        for (s, &actual) in streams.iter().zip(&actual) {
            codec::check_version(s, actual)?;
        }
        (ev, up, del) = (&ev[n_ev..], &up[n_up..], &del[n_del..]);
        first = false;
    }
    Ok(head.appended(first_seq, root))
}
