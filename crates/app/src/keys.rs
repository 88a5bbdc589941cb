//! The platform's checkpoint signing key. It may live anywhere (`--checkpoint-key PATH`, by
//! default `keys/checkpoint.key` in the data folder, mode 0600), in the signed-note signer-key
//! format, or protected by a passphrase (argon2id, then XChaCha20-Poly1305) so that a copy of
//! the file (a backup, a disk image) signs nothing. Only its public half (the verifier key) is
//! ever shown. docs/OPERATIONS.md has the trust argument.
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ledger::{NoteSigner, NoteVerifier};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The format name of a passphrase-protected key file.
pub const PROTECTED_FORMAT: &str = "sunbid-checkpoint-key/1";
/// argon2id cost: 64 MiB, 3 passes, 1 lane (RFC 9106 §4, second recommendation's memory).
const ARGON2_M_KIB: u32 = 64 * 1024;
const ARGON2_T: u32 = 3;
const ARGON2_P: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("key file {path}: {detail}")]
    Malformed { path: String, detail: String },
    #[error(
        "key file {path} is protected by a passphrase: give it with SUNBID_CHECKPOINT_PASSPHRASE or --checkpoint-passphrase-file"
    )]
    NeedsPassphrase { path: String },
    #[error("key file {path}: wrong passphrase (or the file was changed)")]
    WrongPassphrase { path: String },
    #[error("key file {path} does not exist: create it with `sunbid log new-key --out {path}`")]
    Missing { path: String },
    #[error("key file {path} already exists: it is never overwritten")]
    Exists { path: String },
    #[error("key file: {0}")]
    Io(#[from] std::io::Error),
}

/// A passphrase-protected key file: the verifier key in clear (to tell keys apart without
/// the passphrase), the KDF parameters, and the key's 32-byte secret sealed under the
/// passphrase with all of the above as associated data.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProtectedKey {
    format: String,
    verifier_key: String,
    kdf: String,
    m_kib: u32,
    t: u32,
    p: u32,
    salt: String,
    aead: String,
    nonce: String,
    ciphertext: String,
}

impl ProtectedKey {
    fn associated_data(&self) -> String {
        format!(
            "{}\n{}\n{} m={} t={} p={} salt={}\n{}\n",
            self.format,
            self.verifier_key,
            self.kdf,
            self.m_kib,
            self.t,
            self.p,
            self.salt,
            self.aead
        )
    }
}

fn cipher(
    passphrase: &str,
    salt: &[u8],
    m: u32,
    t: u32,
    p: u32,
) -> Result<XChaCha20Poly1305, String> {
    let params = argon2::Params::new(m, t, p, Some(32)).map_err(|e| e.to_string())?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut_slice())
        .map_err(|e| e.to_string())?;
    let key: &[u8; 32] = &key;
    Ok(XChaCha20Poly1305::new(key.into()))
}

/// The key file text for `signer`: the signer-key line, or the protected JSON document.
pub fn key_file_text(signer: &NoteSigner, passphrase: Option<&str>) -> Result<String, String> {
    let Some(passphrase) = passphrase else {
        return Ok(format!("{}\n", signer.signer_key()));
    };
    if passphrase.is_empty() {
        return Err("the passphrase is empty".into());
    }
    let (mut salt, mut nonce) = ([0u8; 16], [0u8; 24]);
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    getrandom::fill(&mut nonce).map_err(|e| e.to_string())?;
    let mut doc = ProtectedKey {
        format: PROTECTED_FORMAT.into(),
        verifier_key: signer.verifier_key(),
        kdf: "argon2id".into(),
        m_kib: ARGON2_M_KIB,
        t: ARGON2_T,
        p: ARGON2_P,
        salt: STANDARD.encode(salt),
        aead: "xchacha20poly1305".into(),
        nonce: STANDARD.encode(nonce),
        ciphertext: String::new(),
    };
    let aad = doc.associated_data();
    let secret = Zeroizing::new(signer.secret_bytes());
    let sealed = cipher(passphrase, &salt, doc.m_kib, doc.t, doc.p)?
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: secret.as_slice(),
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| "cannot encrypt".to_owned())?;
    doc.ciphertext = STANDARD.encode(sealed);
    Ok(serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n")
}

/// Reads a key file (plain or protected) at `path`.
pub fn load_signer(path: &Path, passphrase: Option<&str>) -> Result<NoteSigner, KeyError> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => Zeroizing::new(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(KeyError::Missing { path: shown });
        }
        Err(e) => return Err(e.into()),
    };
    let malformed = |detail: String| KeyError::Malformed {
        path: shown.clone(),
        detail,
    };
    if !text.trim_start().starts_with('{') {
        return NoteSigner::from_signer_key(text.trim()).map_err(|e| malformed(e.to_string()));
    }
    let doc: ProtectedKey = serde_json::from_str(&text).map_err(|e| malformed(e.to_string()))?;
    if doc.format != PROTECTED_FORMAT || doc.kdf != "argon2id" || doc.aead != "xchacha20poly1305" {
        return Err(malformed(format!("not a {PROTECTED_FORMAT} key file")));
    }
    let passphrase = passphrase.ok_or(KeyError::NeedsPassphrase {
        path: shown.clone(),
    })?;
    let verifier = NoteVerifier::new(&doc.verifier_key).map_err(|e| malformed(e.to_string()))?;
    let decode = |s: &str| STANDARD.decode(s).map_err(|e| malformed(e.to_string()));
    let (salt, nonce) = (decode(&doc.salt)?, decode(&doc.nonce)?);
    let nonce: [u8; 24] = nonce
        .try_into()
        .map_err(|_| malformed("nonce is not 24 bytes".into()))?;
    let secret = Zeroizing::new(
        cipher(passphrase, &salt, doc.m_kib, doc.t, doc.p)
            .map_err(malformed)?
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &decode(&doc.ciphertext)?,
                    aad: doc.associated_data().as_bytes(),
                },
            )
            .map_err(|_| KeyError::WrongPassphrase {
                path: shown.clone(),
            })?,
    );
    let secret: [u8; 32] = secret
        .as_slice()
        .try_into()
        .map_err(|_| malformed("secret is not 32 bytes".into()))?;
    let signer = NoteSigner::from_secret_bytes(verifier.name(), secret)
        .map_err(|e| malformed(e.to_string()))?;
    if signer.verifier_key() != verifier.verifier_key() {
        return Err(malformed(
            "the secret does not belong to the verifier key".into(),
        ));
    }
    Ok(signer)
}

/// Writes a new key file (never over an existing one), mode 0600.
pub fn write_key_file(
    path: &Path,
    signer: &NoteSigner,
    passphrase: Option<&str>,
) -> Result<(), KeyError> {
    let text = key_file_text(signer, passphrase).map_err(|detail| KeyError::Malformed {
        path: path.display().to_string(),
        detail,
    })?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    write_private(path, &text).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => KeyError::Exists {
            path: path.display().to_string(),
        },
        _ => KeyError::Io(e),
    })
}

/// Load the signer from `path`, or create a new (plain) key there if the file does not exist:
/// the first start of a data folder with the default key path.
pub fn load_or_create_signer(path: &Path, name: &str) -> Result<NoteSigner, KeyError> {
    match load_signer(path, None) {
        Err(KeyError::Missing { .. }) => {
            let signer = NoteSigner::generate(name).map_err(|e| KeyError::Malformed {
                path: path.display().to_string(),
                detail: e.to_string(),
            })?;
            write_key_file(path, &signer, None)?;
            tracing::info!(key.path = %path.display(), "created checkpoint signing key");
            Ok(signer)
        }
        other => other,
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
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_protected_key_opens_only_with_its_passphrase_and_never_holds_the_secret_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checkpoint.key");
        let signer = NoteSigner::generate("test.sunbid/log").unwrap();
        write_key_file(&path, &signer, Some("correct horse battery staple")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(&signer.signer_key()));
        assert!(!text.contains(&STANDARD.encode(signer.secret_bytes())));
        assert!(!text.contains(&hex::encode(signer.secret_bytes())));
        assert!(
            text.contains(&signer.verifier_key()),
            "the public half is shown"
        );
        assert!(matches!(
            load_signer(&path, None),
            Err(KeyError::NeedsPassphrase { .. })
        ));
        assert!(matches!(
            load_signer(&path, Some("wrong horse")),
            Err(KeyError::WrongPassphrase { .. })
        ));
        let opened = load_signer(&path, Some("correct horse battery staple")).unwrap();
        assert_eq!(opened.secret_bytes(), signer.secret_bytes());
        // The parameters are authenticated: a cheaper KDF written into the file is refused.
        let cheaper = text.replace("\"t\": 3", "\"t\": 1");
        std::fs::write(&path, cheaper).unwrap();
        assert!(matches!(
            load_signer(&path, Some("correct horse battery staple")),
            Err(KeyError::WrongPassphrase { .. })
        ));
        // Never overwritten.
        assert!(matches!(
            write_key_file(&path, &signer, None),
            Err(KeyError::Exists { .. })
        ));
    }

    #[test]
    fn a_plain_key_file_still_loads_and_a_missing_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        assert!(matches!(
            load_signer(&path, None),
            Err(KeyError::Missing { .. })
        ));
        let created = load_or_create_signer(&path, "test.sunbid/log").unwrap();
        assert_eq!(
            load_signer(&path, None).unwrap().secret_bytes(),
            created.secret_bytes()
        );
        // A passphrase given for a plain file is not needed and does no harm.
        assert_eq!(
            load_signer(&path, Some("x")).unwrap().secret_bytes(),
            created.secret_bytes()
        );
    }
}
