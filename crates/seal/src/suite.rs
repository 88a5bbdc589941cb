//! The three cipher suites and their wire identifiers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::SealError;

/// A cipher suite: how the per-bid content key is transported and which AEAD encrypts the body.
///
/// Serialised (serde, `Display`, `FromStr`) as its short name, e.g. `hpke-x25519-aes256gcm`; on
/// the wire (envelope byte 8) as [`Suite::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Suite {
    /// HPKE base mode, DHKEM(X25519, HKDF-SHA256) 0x0020, HKDF-SHA256 0x0001,
    /// ChaCha20-Poly1305 0x0003. The CLI default: fast without AES hardware.
    #[serde(rename = "hpke-x25519-chacha20poly1305")]
    HpkeX25519ChaCha20Poly1305,
    /// Same KEM and KDF with AES-256-GCM 0x0002. What browsers use: WebCrypto has X25519, HKDF
    /// and AES-GCM but no ChaCha20-Poly1305.
    #[serde(rename = "hpke-x25519-aes256gcm")]
    HpkeX25519Aes256Gcm,
    /// The national suite: SM2 public-key encryption (GM/T 0003.4, C1C3C2, SM3 inside) of a
    /// random 16-byte SM4 key, then SM4-GCM (RFC 8998) over the body. Key ids use SM3.
    #[serde(rename = "sm2-sm4")]
    Sm2Sm4,
}

impl Suite {
    /// All suites, in wire-id order.
    pub const ALL: [Suite; 3] = [
        Suite::HpkeX25519ChaCha20Poly1305,
        Suite::HpkeX25519Aes256Gcm,
        Suite::Sm2Sm4,
    ];

    /// The short name used in JSON, the CLI and the docs.
    pub fn name(self) -> &'static str {
        match self {
            Suite::HpkeX25519ChaCha20Poly1305 => "hpke-x25519-chacha20poly1305",
            Suite::HpkeX25519Aes256Gcm => "hpke-x25519-aes256gcm",
            Suite::Sm2Sm4 => "sm2-sm4",
        }
    }

    /// The one-byte suite id in the envelope header.
    pub fn id(self) -> u8 {
        match self {
            Suite::HpkeX25519ChaCha20Poly1305 => 1,
            Suite::HpkeX25519Aes256Gcm => 2,
            Suite::Sm2Sm4 => 3,
        }
    }

    /// Inverse of [`Suite::id`].
    pub fn from_id(id: u8) -> Result<Suite, SealError> {
        Suite::ALL
            .into_iter()
            .find(|s| s.id() == id)
            .ok_or(SealError::UnknownSuite(id))
    }

    /// Whether this suite is one of the HPKE ones (X25519 opening keys).
    pub fn is_hpke(self) -> bool {
        !matches!(self, Suite::Sm2Sm4)
    }

    /// Length of the public key bytes for this suite: 32 (X25519) or 65 (SM2, SEC1 uncompressed).
    pub fn public_key_len(self) -> usize {
        if self.is_hpke() { 32 } else { 65 }
    }

    /// Length of the key-transport field (`enc`) in the header: the HPKE encapsulated key (32)
    /// or the SM2 ciphertext of the 16-byte SM4 key, C1 (65) ‖ C3 (32) ‖ C2 (16) = 113.
    pub fn encapsulated_len(self) -> usize {
        if self.is_hpke() { 32 } else { 65 + 32 + 16 }
    }

    /// Length of the explicit nonce in the header: HPKE derives its own (0), SM4-GCM needs 12.
    pub fn nonce_len(self) -> usize {
        if self.is_hpke() { 0 } else { 12 }
    }

    /// The key-id hash of this suite over public key bytes: SHA-256, or SM3 for the national
    /// suite so that it uses no foreign primitive at all.
    pub fn key_id(self, public_key_bytes: &[u8]) -> [u8; 32] {
        match self {
            Suite::Sm2Sm4 => sm3::Sm3::digest(public_key_bytes).into(),
            _ => Sha256::digest(public_key_bytes).into(),
        }
    }
}

impl fmt::Display for Suite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Suite {
    type Err = SealError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Suite::ALL
            .into_iter()
            .find(|suite| suite.name() == s)
            .ok_or_else(|| SealError::UnknownSuiteName(s.to_owned()))
    }
}

impl Default for Suite {
    /// ChaCha20-Poly1305: the CLI default.
    fn default() -> Self {
        Suite::HpkeX25519ChaCha20Poly1305
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_round_trip() {
        for s in Suite::ALL {
            assert_eq!(Suite::from_id(s.id()).unwrap(), s);
            assert_eq!(s.name().parse::<Suite>().unwrap(), s);
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.name()));
            assert_eq!(serde_json::from_str::<Suite>(&json).unwrap(), s);
        }
        assert_eq!(Suite::from_id(0).unwrap_err().code(), "seal.unknown_suite");
        assert_eq!(
            "rsa".parse::<Suite>().unwrap_err().code(),
            "seal.unknown_suite"
        );
    }
}
