//! The per-trade opening key: generated in memory when the bid period opens, its public half
//! published, its private half split at once (see [`crate::shamir`]) and never stored.

use std::fmt;

use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, Serializable};
use rand_core::CryptoRng;
use sm2::elliptic_curve::Generate;
use sm2::elliptic_curve::sec1::ToSec1Point;
use zeroize::Zeroizing;

use crate::{SealError, Suite};

/// X25519 private key as HPKE's KEM sees it.
pub(crate) type HpkePrivate = <X25519HkdfSha256 as Kem>::PrivateKey;
/// X25519 public key as HPKE's KEM sees it.
pub(crate) type HpkePublic = <X25519HkdfSha256 as Kem>::PublicKey;

/// The public half of an opening key: what bidders seal to.
///
/// Bytes are the raw X25519 public key (32) for the HPKE suites, or the SEC1 uncompressed SM2
/// point `04 ‖ x ‖ y` (65) for `sm2-sm4`.
#[derive(Clone, PartialEq, Eq)]
pub struct OpeningPublicKey {
    suite: Suite,
    bytes: Vec<u8>,
}

impl OpeningPublicKey {
    /// Parses and validates public key bytes for `suite`. SM2 keys may be given compressed; they
    /// are kept uncompressed so that the key id is canonical.
    pub fn from_bytes(suite: Suite, bytes: &[u8]) -> Result<Self, SealError> {
        let bytes = if suite.is_hpke() {
            HpkePublic::from_bytes(bytes)
                .map_err(|_| SealError::BadKey("X25519 key must be 32 bytes"))?;
            bytes.to_vec()
        } else {
            sm2_public_uncompressed(bytes)?
        };
        Ok(Self { suite, bytes })
    }

    /// The suite this key belongs to.
    pub fn suite(&self) -> Suite {
        self.suite
    }

    /// The public key bytes (32 or 65).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The key id as raw hash bytes: SHA-256 of [`Self::as_bytes`] (SM3 for `sm2-sm4`).
    pub fn key_id_bytes(&self) -> [u8; 32] {
        self.suite.key_id(&self.bytes)
    }

    /// The key id as lowercase hex: what the trade publishes and envelopes carry.
    pub fn key_id(&self) -> String {
        hex::encode(self.key_id_bytes())
    }
}

impl fmt::Debug for OpeningPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpeningPublicKey")
            .field("suite", &self.suite)
            .field("key_id", &self.key_id())
            .finish()
    }
}

/// The private half of an opening key. Exists only in memory: at generation (before the split)
/// and at the opening (after `combine`). Zeroized on drop; never printed.
pub struct OpeningSecretKey {
    suite: Suite,
    /// X25519 scalar bytes, or the SM2 scalar big-endian. Zeroizing wipes it on drop.
    bytes: Zeroizing<[u8; 32]>,
}

impl OpeningSecretKey {
    /// Builds a secret from raw bytes, checking they are a valid key for the suite (an SM2
    /// scalar must be in 1..n). Crate-private: the raw key only travels as Shamir shares.
    pub(crate) fn from_raw(suite: Suite, bytes: Zeroizing<[u8; 32]>) -> Result<Self, SealError> {
        if !suite.is_hpke() {
            sm2::SecretKey::from_slice(bytes.as_slice())
                .map_err(|_| SealError::BadKey("SM2 scalar out of range"))?;
        }
        Ok(Self { suite, bytes })
    }

    /// The suite this key belongs to.
    pub fn suite(&self) -> Suite {
        self.suite
    }

    /// Recomputes the public half.
    pub fn public_key(&self) -> OpeningPublicKey {
        let bytes = if self.suite.is_hpke() {
            let sk = self.hpke_private();
            X25519HkdfSha256::sk_to_pk(&sk).to_bytes().to_vec()
        } else {
            let sk = self.sm2_secret();
            sk.public_key().to_sec1_point(false).as_bytes().to_vec()
        };
        OpeningPublicKey {
            suite: self.suite,
            bytes,
        }
    }

    /// The raw secret bytes, for the Shamir split only.
    pub(crate) fn secret_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// The key as HPKE's X25519 private key. Only meaningful for the HPKE suites.
    pub(crate) fn hpke_private(&self) -> HpkePrivate {
        // Any 32 bytes are a valid X25519 private key (clamped at use), so this cannot fail.
        HpkePrivate::from_bytes(self.bytes.as_slice()).expect("32 bytes are an X25519 key")
    }

    /// The key as an SM2 secret scalar. Only meaningful for `sm2-sm4`; validated at
    /// construction, so this cannot fail.
    pub(crate) fn sm2_secret(&self) -> sm2::SecretKey {
        sm2::SecretKey::from_slice(self.bytes.as_slice()).expect("validated at construction")
    }
}

impl fmt::Debug for OpeningSecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpeningSecretKey")
            .field("suite", &self.suite)
            .field("bytes", &"<redacted>")
            .finish()
    }
}

/// A freshly generated opening key pair.
#[derive(Debug)]
pub struct OpeningKeyPair {
    public: OpeningPublicKey,
    secret: OpeningSecretKey,
}

impl OpeningKeyPair {
    /// Generates a key pair for `suite` from `rng` (use [`crate::os_rng`] in production).
    pub fn generate(suite: Suite, rng: &mut impl CryptoRng) -> Self {
        // The libraries hand the scalar out by value; wipe those copies too.
        let mut bytes = Zeroizing::new([0u8; 32]);
        if suite.is_hpke() {
            let (sk, _) = X25519HkdfSha256::gen_keypair_with_rng(rng);
            bytes.copy_from_slice(&Zeroizing::new(sk.to_bytes()));
        } else {
            let sk = sm2::SecretKey::generate_from_rng(rng);
            bytes.copy_from_slice(&Zeroizing::new(sk.to_bytes()));
        }
        let secret =
            OpeningSecretKey::from_raw(suite, bytes).expect("freshly generated key is valid");
        Self {
            public: secret.public_key(),
            secret,
        }
    }

    /// The public half, to publish with the trade.
    pub fn public(&self) -> &OpeningPublicKey {
        &self.public
    }

    /// The private half, to split immediately.
    pub fn secret(&self) -> &OpeningSecretKey {
        &self.secret
    }

    /// Both halves, by value.
    pub fn into_parts(self) -> (OpeningPublicKey, OpeningSecretKey) {
        (self.public, self.secret)
    }
}

/// Parses an SM2 public key (SEC1, compressed or not) and returns it uncompressed (65 bytes).
pub(crate) fn sm2_public_uncompressed(bytes: &[u8]) -> Result<Vec<u8>, SealError> {
    let pk = sm2::PublicKey::from_sec1_bytes(bytes)
        .map_err(|_| SealError::BadKey("not an SM2 SEC1 point on the curve"))?;
    Ok(pk.to_sec1_point(false).as_bytes().to_vec())
}
