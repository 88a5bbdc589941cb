//! The blob folder: files addressed by their SHA-256, so an event that records a hash pins
//! the exact bytes, and `verify` can re-hash every file an event names.
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("file {0} is not in the blob folder")]
    Missing(String),
    #[error("file {hash} does not match its hash (found {actual})")]
    Mismatch { hash: String, actual: String },
    #[error("not a SHA-256 hex digest: {0}")]
    BadHash(String),
    #[error("blob folder: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl BlobStore {
    pub fn open(root: impl Into<PathBuf>) -> Result<BlobStore, BlobError> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        let store = BlobStore { root };
        store.sweep_unfinished()?;
        Ok(store)
    }

    /// Removes files a crash left half written (`put` writes `.<hash>.<pid>.tmp` and renames
    /// it into place only once it is complete and synced): they were never acknowledged.
    fn sweep_unfinished(&self) -> Result<(), BlobError> {
        for dir in std::fs::read_dir(&self.root)? {
            let dir = dir?.path();
            if !dir.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&dir)? {
                let path = file?.path();
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if name.starts_with('.') && name.ends_with(".tmp") {
                    tracing::warn!(file = %path.display(), "removing a blob left half written by a crash");
                    std::fs::remove_file(&path)?;
                }
            }
        }
        Ok(())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, hash: &str) -> Result<PathBuf, BlobError> {
        let valid = hash.len() == 64
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !valid {
            return Err(BlobError::BadHash(hash.to_owned()));
        }
        Ok(self.root.join(&hash[..2]).join(hash))
    }

    /// Store bytes durably (write to a temp file, fsync, rename) and return their hash.
    /// Storing the same bytes twice is a no-op.
    pub fn put(&self, bytes: &[u8]) -> Result<String, BlobError> {
        let hash = sha256_hex(bytes);
        let path = self.path_of(&hash)?;
        if path.exists() {
            return Ok(hash);
        }
        let dir = path.parent().expect("blob path has a parent");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{hash}.{}.tmp", std::process::id()));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        // The rename itself must survive a power cut before the log records the hash.
        std::fs::File::open(dir)?.sync_all()?;
        Ok(hash)
    }

    pub fn get(&self, hash: &str) -> Result<Vec<u8>, BlobError> {
        let path = self.path_of(hash)?;
        std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => BlobError::Missing(hash.to_owned()),
            _ => BlobError::Io(e),
        })
    }

    /// Re-hash a stored file and compare with the name it is stored under.
    pub fn check(&self, hash: &str) -> Result<(), BlobError> {
        let bytes = self.get(hash)?;
        let actual = sha256_hex(&bytes);
        if actual != hash {
            return Err(BlobError::Mismatch {
                hash: hash.to_owned(),
                actual,
            });
        }
        Ok(())
    }
}

/// Refuses a command that names a file the blob folder does not hold with exactly those
/// bytes: `file.not_stored` when no such file was ever stored, `file.mismatch` when the stored
/// file has another size (or no longer hashes to its name). `pending` are the files the
/// command brings itself (stored with it once it is accepted), checked instead of the folder.
/// Called once on every command path before deciding, so the log never names a file that
/// `verify` would not find (an append-only log would fail `verify` from then on).
pub(crate) async fn ensure_named_files<'a>(
    blobs: &BlobStore,
    command: &impl domain::NamesFiles,
    pending: impl IntoIterator<Item = &'a [u8]>,
) -> Result<(), crate::error::AppError> {
    let mut wanted: Vec<(String, Option<u64>)> = command
        .named_files()
        .iter()
        .map(|f| (f.sha256.to_owned(), f.size))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    for bytes in pending {
        let (hash, len) = (sha256_hex(bytes), bytes.len() as u64);
        wanted.retain(|(h, size)| !(h == &hash && size.is_none_or(|s| s == len)));
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let blobs = blobs.clone();
    tokio::task::spawn_blocking(move || {
        wanted
            .iter()
            .try_for_each(|(hash, size)| blobs.check_named(hash, *size))
    })
    .await
    .map_err(|e| crate::error::AppError::Internal(format!("blob reader: {e}")))?
}

impl BlobStore {
    /// [`BlobStore::check`], and that the file has `size` bytes (if given), as a refusal the
    /// caller can read.
    fn check_named(&self, hash: &str, size: Option<u64>) -> Result<(), crate::error::AppError> {
        use crate::error::AppError;
        let bytes = match self.get(hash) {
            Ok(bytes) => bytes,
            Err(BlobError::Missing(_) | BlobError::BadHash(_)) => {
                return Err(AppError::rule(
                    "file.not_stored",
                    format!("file {hash} was never stored: upload it first"),
                ));
            }
            Err(e) => return Err(e.into()),
        };
        let actual = sha256_hex(&bytes);
        let len = bytes.len() as u64;
        if actual != hash || size.is_some_and(|s| s != len) {
            return Err(AppError::rule(
                "file.mismatch",
                format!(
                    "the stored file {hash} ({len} bytes, hashing to {actual}) is not the file the command names ({size:?} bytes)"
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_check_and_detect_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path().join("blobs")).unwrap();
        let h = blobs.put(b"tender documents").unwrap();
        assert_eq!(blobs.get(&h).unwrap(), b"tender documents");
        blobs.check(&h).unwrap();
        std::fs::write(blobs.path_of(&h).unwrap(), b"tender documentz").unwrap();
        assert!(matches!(blobs.check(&h), Err(BlobError::Mismatch { .. })));
        assert!(matches!(
            blobs.get(&"0".repeat(64)),
            Err(BlobError::Missing(_))
        ));
        assert!(matches!(
            blobs.get("../etc/passwd"),
            Err(BlobError::BadHash(_))
        ));
    }
}
