//! The platform's vault: XChaCha20-Poly1305 under a key derived from the checkpoint signing
//! key, for what only the platform may read until the reveal (a draw's seed, request and
//! pool snapshot; the drawn list; decline reasons). Whoever holds the key file can read
//! them: the trust assumption of docs/DRAW.md §8 (the operator knows the list, as any
//! expert-draw system that calls the experts must).

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use domain::trade::sealed::SealedLabel;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::platform::Platform;

const NONCE: usize = 24;

impl Platform {
    fn vault_cipher(&self) -> XChaCha20Poly1305 {
        let mut h = Sha256::new();
        h.update(b"sunbid.vault.v1");
        h.update(self.signer.secret_bytes());
        let key: [u8; 32] = h.finalize().into();
        XChaCha20Poly1305::new(&key.into())
    }

    /// `nonce ‖ ciphertext`, bound to `scope` (e.g. `draw-list:<trade>`) so a sealed value
    /// cannot be replayed as another.
    pub(crate) fn vault_seal(&self, scope: &str, plain: &[u8]) -> Result<Vec<u8>, AppError> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce).map_err(|e| AppError::Internal(e.to_string()))?;
        let ct = self
            .vault_cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: scope.as_bytes(),
                },
            )
            .map_err(|_| AppError::Internal("vault: cannot seal".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(out)
    }

    pub(crate) fn vault_open(&self, scope: &str, bytes: &[u8]) -> Result<Vec<u8>, AppError> {
        if bytes.len() < NONCE {
            return Err(AppError::Corrupt(format!("vault {scope}: too short")));
        }
        let (nonce, ct) = bytes.split_at(NONCE);
        let nonce: [u8; NONCE] = nonce.try_into().expect("split at NONCE");
        self.vault_cipher()
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ct,
                    aad: scope.as_bytes(),
                },
            )
            .map_err(|_| AppError::Corrupt(format!("vault {scope}: does not open")))
    }

    pub(crate) fn vault_label<T: serde::Serialize>(
        &self,
        scope: &str,
        value: &T,
    ) -> Result<SealedLabel, AppError> {
        let json = serde_json::to_vec(value).map_err(|e| AppError::Invalid(e.to_string()))?;
        let sealed = self.vault_seal(scope, &json)?;
        SealedLabel::parse(&base64::engine::general_purpose::STANDARD.encode(sealed))
            .map_err(|e| AppError::Invalid(e.to_string()))
    }

    pub(crate) fn vault_read<T: serde::de::DeserializeOwned>(
        &self,
        scope: &str,
        label: &SealedLabel,
    ) -> Result<T, AppError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(label.as_str())
            .map_err(|e| AppError::Corrupt(format!("vault {scope}: {e}")))?;
        serde_json::from_slice(&self.vault_open(scope, &bytes)?)
            .map_err(|e| AppError::Corrupt(format!("vault {scope}: {e}")))
    }
}
