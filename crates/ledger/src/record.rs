use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::canonical::{CanonicalError, canonical_json};

/// One event as it enters the log: which stream and version, what happened (`kind` +
/// `payload`), who did it (and for whom, when a backup acts for a primary), when (UTC
/// microseconds) and from which network address. Its canonical JSON is the Merkle leaf data;
/// the global position is not part of it (the leaf index proves the position).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    pub stream: String,
    pub version: u64,
    pub kind: String,
    pub payload: Value,
    pub actor: String,
    pub role: String,
    pub on_behalf_of: Option<String>,
    pub at_us: i64,
    pub ip: Option<String>,
}

impl EventRecord {
    /// The leaf data: canonical JSON (sorted keys, no whitespace, no floats).
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        let value =
            serde_json::to_value(self).map_err(|e| CanonicalError::Encode(e.to_string()))?;
        canonical_json(&value)
    }
}
