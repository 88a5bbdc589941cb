//! Rows as the reads return them, back to port types; anything that does not decode is
//! `Corrupt`, naming the table and the row key.

use ledger::{EventRecord, Frontier, Hash};
use serde_json::Value;

use super::{Head, corrupt};
use crate::{ProjectionRow, Session, StoreError, StoredCheckpoint, StoredEvent, TreeHead};

/// A result row, read by column index in the types the schema uses (`INTEGER`/`BIGINT`,
/// `TEXT`, `BLOB`/`BYTEA`). Every sqlx row is one (see `driver`); a value of another type
/// comes back as `Backend`, as sqlx reports it.
pub trait Cells {
    fn int(&self, i: usize) -> Result<i64, StoreError>;
    fn text(&self, i: usize) -> Result<String, StoreError>;
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError>;
    fn bytes(&self, i: usize) -> Result<Vec<u8>, StoreError>;
}

fn to_u64(table: &'static str, key: &str, what: &str, value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| corrupt(table, key, format!("negative {what} {value}")))
}

pub fn hash(table: &'static str, key: &str, what: &str, bytes: &[u8]) -> Result<Hash, StoreError> {
    Hash::from_slice(bytes).ok_or_else(|| {
        corrupt(
            table,
            key,
            format!("{what} has {} bytes, not 32", bytes.len()),
        )
    })
}

fn json(table: &'static str, key: &str, what: &str, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(table, key, format!("{what} is not JSON: {e}")))
}

/// An `events` row in [`event_columns!`] order.
pub fn event(row: &impl Cells) -> Result<StoredEvent, StoreError> {
    let seq = row.int(0)?;
    let key = seq.to_string();
    let record = EventRecord {
        stream: row.text(1)?,
        version: to_u64("events", &key, "version", row.int(2)?)?,
        kind: row.text(3)?,
        payload: json("events", &key, "payload", &row.text(4)?)?,
        actor: row.text(5)?,
        role: row.text(6)?,
        on_behalf_of: row.opt_text(7)?,
        at_us: row.int(8)?,
        ip: row.opt_text(9)?,
    };
    Ok(StoredEvent {
        seq: to_u64("events", &key, "seq", seq)?,
        leaf_hash: hash("events", &key, "leaf_hash", &row.bytes(10)?)?,
        record,
    })
}

/// A `checkpoints` row: `size, root, note`.
pub fn checkpoint(row: &impl Cells) -> Result<StoredCheckpoint, StoreError> {
    let size = row.int(0)?;
    let key = size.to_string();
    Ok(StoredCheckpoint {
        size: to_u64("checkpoints", &key, "size", size)?,
        root: hash("checkpoints", &key, "root", &row.bytes(1)?)?,
        note: row.text(2)?,
    })
}

/// A `projections` row: `kind, key, doc`.
pub fn projection(row: &impl Cells) -> Result<ProjectionRow, StoreError> {
    let (kind, key) = (row.text(0)?, row.text(1)?);
    let doc = json(
        "projections",
        &format!("{kind}/{key}"),
        "doc",
        &row.text(2)?,
    )?;
    Ok(ProjectionRow { kind, key, doc })
}

/// A `sessions` row in [`session_columns!`] order.
pub fn session(row: &impl Cells) -> Result<Session, StoreError> {
    let (hash, person) = (row.bytes(0)?, row.text(1)?);
    // The key names the person, never the token hash: it may end up in a log line.
    let token_hash = <[u8; 32]>::try_from(hash.as_slice()).map_err(|_| {
        corrupt(
            "sessions",
            &format!("person={person}"),
            format!("token_hash has {} bytes, not 32", hash.len()),
        )
    })?;
    Ok(Session {
        token_hash,
        person,
        role: row.text(2)?,
        org: row.opt_text(3)?,
        csrf: row.text(4)?,
        created_us: row.int(5)?,
        expires_us: row.int(6)?,
        last_seen_us: row.int(7)?,
    })
}

/// The `sessions` columns in the order [`session`] reads them.
macro_rules! session_columns {
    () => {
        "token_hash, person, role, org, csrf, created_at, expires_at, last_seen"
    };
}
pub(crate) use session_columns;

/// Decodes the head row and checks it against itself (frontier size and root), so that an
/// append never extends a tree whose stored state is already inconsistent.
/// The row is `size, root, frontier`.
pub fn head(row: &impl Cells) -> Result<Head, StoreError> {
    let size = to_u64("tree_head", "1", "size", row.int(0)?)?;
    let root = hash("tree_head", "1", "root", &row.bytes(1)?)?;
    let frontier = Frontier::from_bytes(&row.bytes(2)?)
        .map_err(|e| corrupt("tree_head", "1", format!("frontier: {e}")))?;
    if frontier.size() != size || frontier.root() != root {
        return Err(corrupt(
            "tree_head",
            "1",
            format!(
                "frontier (size {}) does not match size {size} and root",
                frontier.size()
            ),
        ));
    }
    Ok(Head { size, frontier })
}

pub fn missing_head() -> StoreError {
    corrupt("tree_head", "1", "the head row is missing".into())
}

/// The row is `size, root`.
pub fn tree_head(row: &impl Cells) -> Result<TreeHead, StoreError> {
    Ok(TreeHead {
        size: to_u64("tree_head", "1", "size", row.int(0)?)?,
        root: hash("tree_head", "1", "root", &row.bytes(1)?)?,
    })
}

/// `(seq, leaf_hash)` rows for `[0, size)`: a gap is corrupt; fewer rows than asked is the
/// caller asking past the end.
pub fn leaf_hashes(size: u64, rows: &[impl Cells]) -> Result<Vec<Hash>, StoreError> {
    let mut hashes = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let (seq, leaf) = (row.int(0)?, row.bytes(1)?);
        let key = seq.to_string();
        if seq != i as i64 {
            return Err(corrupt("events", &key, format!("seq {i} is missing")));
        }
        hashes.push(hash("events", &key, "leaf_hash", &leaf)?);
    }
    if (hashes.len() as u64) < size {
        return Err(StoreError::Backend(format!(
            "{size} leaf hashes asked for, {} stored",
            hashes.len()
        )));
    }
    Ok(hashes)
}
