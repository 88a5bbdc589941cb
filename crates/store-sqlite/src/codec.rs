//! Port types to and from column values. Pure (no SQL), so the write path can do all its
//! hashing and encoding before it takes the write lock, and so every read reports a row it
//! cannot decode as `Corrupt` naming the table and the row key.
//!
//! store-postgres keeps a twin of this file: the port crate is the natural home for it, but
//! it is not ours to change (see the report on the store crates).

use ledger::{EventRecord, Frontier, Hash, leaf_hash};
use serde_json::Value;
use store::{AppendBatch, ProjectionRow, StoreError, StoredCheckpoint, StoredEvent};

/// The column list matching [`EventRow`], as a literal so it can be `concat!`ed into queries.
macro_rules! event_columns {
    () => {
        "seq, stream, version, kind, payload, actor, role, on_behalf_of, at_us, ip, leaf_hash"
    };
}
pub(crate) use event_columns;

/// One `events` row in [`event_columns!`] order.
pub(crate) type EventRow = (
    i64,
    String,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    Option<String>,
    Vec<u8>,
);

/// An event ready to insert: validated, payload encoded, leaf hash computed.
pub(crate) struct NewEvent {
    pub version: i64,
    pub record: EventRecord,
    pub payload: String,
    pub leaf: Hash,
}

pub(crate) struct NewStream {
    pub stream: String,
    pub expected: u64,
    pub events: Vec<NewEvent>,
}

/// A projection write with its document already encoded (`None` deletes).
pub(crate) struct NewProjection {
    pub kind: String,
    pub key: String,
    pub doc: Option<String>,
}

pub(crate) struct Prepared {
    pub streams: Vec<NewStream>,
    pub projections: Vec<NewProjection>,
}

impl Prepared {
    pub fn event_count(&self) -> usize {
        self.streams.iter().map(|s| s.events.len()).sum()
    }

    /// The stream names, for the append span (never payloads).
    pub fn stream_names(&self) -> String {
        let names: Vec<&str> = self.streams.iter().map(|s| s.stream.as_str()).collect();
        names.join(",")
    }
}

/// Checks what the caller promised (record stream and versions) and does the CPU work.
/// A broken promise is a caller bug, not a conflict: it comes back as `Backend`, the only
/// port variant left for it.
pub(crate) fn prepare(batch: AppendBatch) -> Result<Prepared, StoreError> {
    let mut streams = Vec::with_capacity(batch.streams.len());
    for s in batch.streams {
        let mut events = Vec::with_capacity(s.events.len());
        for (i, record) in s.events.into_iter().enumerate() {
            let want = s.expected_version.saturating_add(1 + i as u64);
            if record.stream != s.stream || record.version != want {
                return Err(invalid(format!(
                    "record {}@{} in append to {} must be {}@{want}",
                    record.stream, record.version, s.stream, s.stream
                )));
            }
            let bytes = record
                .canonical_bytes()
                .map_err(|e| invalid(format!("{}@{}: {e}", record.stream, record.version)))?;
            let payload = serde_json::to_string(&record.payload)
                .map_err(|e| invalid(format!("{}@{}: {e}", record.stream, record.version)))?;
            events.push(NewEvent {
                version: to_i64("version", want)?,
                leaf: leaf_hash(&bytes),
                payload,
                record,
            });
        }
        streams.push(NewStream {
            stream: s.stream,
            expected: s.expected_version,
            events,
        });
    }
    let projections = batch
        .projections
        .into_iter()
        .map(|p| {
            let doc = p.doc.as_ref().map(serde_json::to_string).transpose();
            let doc = doc.map_err(|e| invalid(format!("projection {}/{}: {e}", p.kind, p.key)))?;
            Ok(NewProjection {
                kind: p.kind,
                key: p.key,
                doc,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Prepared {
        streams,
        projections,
    })
}

fn invalid(detail: String) -> StoreError {
    StoreError::Backend(format!("invalid append: {detail}"))
}

pub(crate) fn to_i64(what: &str, value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::Backend(format!("{what} {value} exceeds i64")))
}

fn to_u64(table: &'static str, key: &str, what: &str, value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| corrupt(table, key, format!("negative {what} {value}")))
}

pub(crate) fn corrupt(table: &'static str, key: &str, detail: String) -> StoreError {
    StoreError::Corrupt {
        table,
        key: key.to_owned(),
        detail,
    }
}

pub(crate) fn hash(
    table: &'static str,
    key: &str,
    what: &str,
    bytes: &[u8],
) -> Result<Hash, StoreError> {
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

pub(crate) fn event(row: EventRow) -> Result<StoredEvent, StoreError> {
    let (seq, stream, version, kind, payload, actor, role, on_behalf_of, at_us, ip, leaf) = row;
    let key = seq.to_string();
    let record = EventRecord {
        version: to_u64("events", &key, "version", version)?,
        payload: json("events", &key, "payload", &payload)?,
        stream,
        kind,
        actor,
        role,
        on_behalf_of,
        at_us,
        ip,
    };
    Ok(StoredEvent {
        seq: to_u64("events", &key, "seq", seq)?,
        leaf_hash: hash("events", &key, "leaf_hash", &leaf)?,
        record,
    })
}

pub(crate) fn checkpoint(row: (i64, Vec<u8>, String)) -> Result<StoredCheckpoint, StoreError> {
    let (size, root, note) = row;
    let key = size.to_string();
    Ok(StoredCheckpoint {
        size: to_u64("checkpoints", &key, "size", size)?,
        root: hash("checkpoints", &key, "root", &root)?,
        note,
    })
}

pub(crate) fn projection(row: (String, String, String)) -> Result<ProjectionRow, StoreError> {
    let (kind, key, doc) = row;
    let doc = json("projections", &format!("{kind}/{key}"), "doc", &doc)?;
    Ok(ProjectionRow { kind, key, doc })
}

/// The tree head row as the writer needs it.
pub(crate) struct Head {
    pub size: u64,
    pub frontier: Frontier,
}

/// Decodes the head row and checks it against itself (frontier size and root), so that an
/// append never extends a tree whose stored state is already inconsistent.
pub(crate) fn head(row: (i64, Vec<u8>, Vec<u8>)) -> Result<Head, StoreError> {
    let (size, root, frontier) = row;
    let size = to_u64("tree_head", "1", "size", size)?;
    let root = hash("tree_head", "1", "root", &root)?;
    let frontier = Frontier::from_bytes(&frontier)
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

pub(crate) fn tree_head(row: (i64, Vec<u8>)) -> Result<store::TreeHead, StoreError> {
    Ok(store::TreeHead {
        size: to_u64("tree_head", "1", "size", row.0)?,
        root: hash("tree_head", "1", "root", &row.1)?,
    })
}

/// `(seq, leaf_hash)` rows for `[0, size)`: a gap is corrupt; fewer rows than asked is the
/// caller asking past the end.
pub(crate) fn leaf_hashes(size: u64, rows: Vec<(i64, Vec<u8>)>) -> Result<Vec<Hash>, StoreError> {
    let mut hashes = Vec::with_capacity(rows.len());
    for (i, (seq, leaf)) in rows.into_iter().enumerate() {
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
