//! The platform's checkpoint signing key, kept in the data folder (`keys/checkpoint.key`,
//! mode 0600, in the signed-note signer-key format) and created on first start. Only its public half (the verifier key) is ever shown.
use std::path::Path;

use ledger::NoteSigner;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("key file {path}: {detail}")]
    Malformed { path: String, detail: String },
    #[error("key file: {0}")]
    Io(#[from] std::io::Error),
}

/// Load the signer from `path`, or create a new key there if the file does not exist.
pub fn load_or_create_signer(path: &Path, name: &str) -> Result<NoteSigner, KeyError> {
    let malformed = |detail: &str| KeyError::Malformed {
        path: path.display().to_string(),
        detail: detail.to_owned(),
    };
    match std::fs::read_to_string(path) {
        Ok(text) => NoteSigner::from_signer_key(text.trim()).map_err(|e| malformed(&e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let signer = NoteSigner::generate(name).map_err(|e| malformed(&e.to_string()))?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_private(path, &format!("{}\n", signer.signer_key()))?;
            tracing::info!(key.path = %path.display(), "created checkpoint signing key");
            Ok(signer)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
