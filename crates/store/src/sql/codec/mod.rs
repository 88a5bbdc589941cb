//! Port types to and from column values, for every SQL backend. Pure (no SQL), so the write
//! path can do all its hashing and encoding before it takes the write lock, and so every read
//! reports a row it cannot decode as `Corrupt` naming the table and the row key. This file
//! prepares writes; `rows` decodes what reads return.

mod rows;

use ledger::{EventRecord, Frontier, Hash, leaf_hash};

pub use rows::*;

use crate::{AppendBatch, Appended, StoreError, TreeHead};

/// The `events` columns in the order [`event`] reads them and `Args::event` binds them, as a
/// literal so it can be `concat!`ed into statements.
#[macro_export]
macro_rules! event_columns {
    () => {
        "seq, stream, version, kind, payload, actor, role, on_behalf_of, at_us, ip, leaf_hash"
    };
}

/// An event ready to insert: validated, payload encoded, leaf hash computed.
pub struct NewEvent {
    pub version: i64,
    pub record: EventRecord,
    pub payload: String,
    pub leaf: Hash,
}

pub struct NewStream {
    pub stream: String,
    pub expected: u64,
    pub events: Vec<NewEvent>,
}

/// A projection write with its document already encoded (`None` deletes).
pub struct NewProjection {
    pub kind: String,
    pub key: String,
    pub doc: Option<String>,
}

pub struct Prepared {
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
pub fn prepare(batch: AppendBatch) -> Result<Prepared, StoreError> {
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

pub fn to_i64(what: &str, value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::Backend(format!("{what} {value} exceeds i64")))
}

pub fn corrupt(table: &'static str, key: &str, detail: String) -> StoreError {
    StoreError::Corrupt {
        table,
        key: key.to_owned(),
        detail,
    }
}

/// A stream's version as stored (`MAX(version)`, 0 when empty): negative is corrupt.
pub fn version(stream: &str, max: i64) -> Result<u64, StoreError> {
    u64::try_from(max).map_err(|_| corrupt("events", stream, format!("negative version {max}")))
}

/// The version a stream was at under the write lock, against what the batch expects.
pub fn check_version(stream: &NewStream, actual: i64) -> Result<(), StoreError> {
    let actual = version(&stream.stream, actual)?;
    if actual == stream.expected {
        return Ok(());
    }
    Err(StoreError::Conflict {
        stream: stream.stream.clone(),
        expected: stream.expected,
        actual,
    })
}

/// The tree head row as the writer needs it.
pub struct Head {
    pub size: u64,
    pub frontier: Frontier,
}

impl Head {
    /// What an append that started at `first_seq` and left this head returns.
    pub fn appended(&self, first_seq: u64, root: Hash) -> Appended {
        Appended {
            first_seq,
            count: self.size - first_seq,
            head: TreeHead {
                size: self.size,
                root,
            },
        }
    }
}
