//! The signer's record: the last checkpoint the key signed and the tree's frontier at that
//! size, kept in a file beside the key (by default `<key file>.last`), apart from the database.
//!
//! It is what lets the platform notice a rollback without an outside witness, as long as the
//! record is out of reach of whoever rolled the database back: the platform refuses to sign
//! a log that no longer holds that checkpoint or no longer extends its tree, and `verify`
//! refuses a database whose checkpoints stop short of it (the last checkpoint deleted).
use std::io::Write;
use std::path::{Path, PathBuf};

use ledger::Frontier;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct KeyRecord {
    path: PathBuf,
}

/// The record's contents: the signed note verbatim and the frontier (hex of
/// `Frontier::to_bytes`) of the tree it signs.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Recorded {
    note: String,
    frontier: String,
}

/// The last checkpoint the key signed.
#[derive(Debug, Clone)]
pub(crate) struct LastSigned {
    pub note: String,
    pub frontier: Frontier,
}

impl KeyRecord {
    pub fn new(path: impl Into<PathBuf>) -> KeyRecord {
        KeyRecord { path: path.into() }
    }

    /// The default place: beside the key file, named `<key file>.last`.
    pub fn beside(key: &Path) -> KeyRecord {
        let mut name = key.as_os_str().to_owned();
        name.push(".last");
        KeyRecord::new(name)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn broken(&self, detail: impl std::fmt::Display) -> AppError {
        AppError::Corrupt(format!("signer's record {}: {detail}", self.path.display()))
    }

    /// The record, or `None` if the key never signed here.
    pub(crate) fn load(&self) -> Result<Option<LastSigned>, AppError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.broken(e)),
        };
        let recorded: Recorded = serde_json::from_str(&text).map_err(|e| self.broken(e))?;
        let bytes = hex::decode(&recorded.frontier).map_err(|e| self.broken(e))?;
        let frontier = Frontier::from_bytes(&bytes).map_err(|e| self.broken(e))?;
        Ok(Some(LastSigned {
            note: recorded.note,
            frontier,
        }))
    }

    /// Replaces the record atomically (temporary file, fsync, rename, directory fsync), so a
    /// crash leaves the old record or the new one.
    pub(crate) fn save(&self, last: &LastSigned) -> Result<(), AppError> {
        let text = serde_json::to_string_pretty(&Recorded {
            note: last.note.clone(),
            frontier: hex::encode(last.frontier.to_bytes()),
        })
        .map_err(|e| self.broken(e))?;
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| self.broken(e))?;
        let mut tmp = self.path.as_os_str().to_owned();
        tmp.push(format!(".{}.tmp", std::process::id()));
        let tmp = PathBuf::from(tmp);
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)?;
            std::fs::File::open(dir)?.sync_all()
        };
        write().map_err(|e| self.broken(e))
    }
}
