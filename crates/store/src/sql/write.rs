//! What the backends' write paths share: how a failed append is named, and checkpoints (one
//! plain insert). The append transaction itself is each backend's own (`Backend::write`).

use sqlx::Pool;

use super::codec::{self, Prepared, to_i64};
use super::driver::{Args, Driver, db, execute};
use super::read;
use crate::{StoreError, StoredCheckpoint};

/// Why an append transaction stopped. `Taken` is a unique violation on insert (another
/// writer's event, or one beyond the head), named by [`resolve`] after the rollback.
pub enum Failure {
    Store(StoreError),
    Taken,
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl Failure {
    /// The error of the statement that inserts the batch's events.
    pub fn of_insert(e: sqlx::Error) -> Failure {
        match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => Failure::Taken,
            other => Failure::Store(db(other)),
        }
    }
}

/// A taken position is a `Conflict` if a stream of the batch moved meanwhile; if none did,
/// events exist beyond the stored head.
pub async fn resolve<D: Driver>(
    pool: &Pool<D>,
    failure: Failure,
    prepared: &Prepared,
) -> StoreError {
    if let Failure::Store(e) = failure {
        return e;
    }
    for s in &prepared.streams {
        match read::stream_version(pool, &s.stream).await {
            Ok(actual) if actual != s.expected => {
                return StoreError::Conflict {
                    stream: s.stream.clone(),
                    expected: s.expected,
                    actual,
                };
            }
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

/// Whether sqlx should keep a statement of this many parts (rows, or statements of a
/// batch) prepared: yes for the shapes that commands make, not for the odd huge batch.
pub fn cache(parts: usize) -> bool {
    parts <= 16
}

/// Stores a checkpoint once; a second save of the same size must be identical. Any conflict
/// (the size, or the number another server took first) stores nothing: then the stored row
/// must be this very checkpoint, or the caller signs again.
pub async fn save_checkpoint<D: Driver>(
    pool: &Pool<D>,
    c: &StoredCheckpoint,
) -> Result<(), StoreError> {
    let sql = "INSERT INTO checkpoints (size, root, note, number) VALUES ($1, $2, $3, $4) \
               ON CONFLICT DO NOTHING";
    let args = Args::default()
        .int(to_i64("size", c.size)?)?
        .bytes(c.root.0.as_slice())?
        .text(&c.note)?
        .opt_int(c.number())?;
    if execute(pool, sql, args).await? == 1 {
        return Ok(());
    }
    match read::checkpoint_at(pool, c.size).await? {
        Some(stored) if stored == *c => Ok(()),
        _ => Err(StoreError::CheckpointMismatch { size: c.size }),
    }
}
