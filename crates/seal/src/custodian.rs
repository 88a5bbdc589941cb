//! Sealing each Shamir share to its custodian's own sign-in key, so the server never keeps a
//! share it could read.
//!
//! * Ed25519 custodians: the public key is mapped Edwards→Montgomery to X25519 and the share is
//!   HPKE-sealed with `hpke-x25519-aes256gcm`, which a browser can open with WebCrypto alone. The
//!   matching X25519 secret is clamp(SHA-512(seed)[..32]), as RFC 8032 / libsodium's
//!   `crypto_sign_ed25519_sk_to_curve25519` do. (Using one key for signing and for X25519 is
//!   sound for this pair of schemes: <https://eprint.iacr.org/2021/509>.)
//! * SM2 custodians: the `sm2-sm4` suite, straight to their SM2 key.
//! * Custodians with an *opening key* of their own: an X25519 key their browser made with
//!   WebCrypto and keeps (not extractable), bound to their account. The share is HPKE-sealed
//!   straight to it with `hpke-x25519-aes256gcm`; the browser opens it with X25519
//!   `deriveBits` on the kept key, HMAC-SHA256 (HKDF) and AES-256-GCM. This is the usual path:
//!   nobody types a key.
//!
//! Share envelopes use the bid envelope format with kind = share and HPKE info
//! `sunbid/share/v1 <trade>`; the key id is the hash of the custodian's public key bytes
//! (SHA-256 of the 32 Ed25519 or X25519 bytes, SM3 of the 65 SEC1 bytes).

use ed25519_dalek::VerifyingKey;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, Serializable};
use rand_core::CryptoRng;
use sha2::{Digest, Sha512};
use zeroize::Zeroizing;

use crate::envelope::{self, EnvelopeKind, Recipient, RecipientSecret};
use crate::keys::{HpkePrivate, HpkePublic, sm2_public_uncompressed};
use crate::{SealError, Share, Suite};

/// A custodian's sign-in public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustodianKey {
    /// Ed25519 public key (32 bytes).
    Ed25519([u8; 32]),
    /// SM2 public key, SEC1 (uncompressed 65 bytes, or compressed 33).
    Sm2(Vec<u8>),
    /// X25519 public key (32 bytes): an opening key made in the custodian's browser.
    X25519([u8; 32]),
}

impl CustodianKey {
    /// The suite shares to this custodian are sealed with.
    pub fn suite(&self) -> Suite {
        match self {
            CustodianKey::Ed25519(_) | CustodianKey::X25519(_) => Suite::HpkeX25519Aes256Gcm,
            CustodianKey::Sm2(_) => Suite::Sm2Sm4,
        }
    }

    /// The key id that share envelopes for this custodian carry (hex): SHA-256 of the Ed25519
    /// or X25519 public key, or SM3 of the uncompressed SM2 point.
    pub fn key_id(&self) -> Result<String, SealError> {
        Ok(hex::encode(self.key_id_bytes()?))
    }

    fn key_id_bytes(&self) -> Result<[u8; 32], SealError> {
        Ok(match self {
            CustodianKey::Ed25519(pk) | CustodianKey::X25519(pk) => self.suite().key_id(pk),
            CustodianKey::Sm2(pk) => self.suite().key_id(&sm2_public_uncompressed(pk)?),
        })
    }

    /// Checks that shares can be sealed to this key (a point on its curve, not of small
    /// order) by sealing a throwaway byte to it: exactly the path a round's key takes, so a
    /// key accepted here cannot make the round fail later.
    pub fn check(&self) -> Result<(), SealError> {
        envelope::seal_to(
            EnvelopeKind::Share,
            self.suite(),
            self.key_id_bytes()?,
            &self.recipient()?,
            "check",
            &[0],
            &mut crate::os_rng(),
        )
        .map(drop)
    }

    fn recipient(&self) -> Result<Recipient, SealError> {
        match self {
            CustodianKey::Ed25519(pk) => {
                let vk = VerifyingKey::from_bytes(pk)
                    .map_err(|_| SealError::BadKey("not an Ed25519 point"))?;
                if vk.is_weak() {
                    // A small-order key would give an all-zero X25519 output: refuse it up front.
                    return Err(SealError::BadKey("Ed25519 key of small order"));
                }
                let x = HpkePublic::from_bytes(vk.to_montgomery().as_bytes()).expect("32 bytes");
                Ok(Recipient::X25519(x))
            }
            CustodianKey::Sm2(pk) => Ok(Recipient::Sm2(
                sm2::PublicKey::from_sec1_bytes(pk)
                    .map_err(|_| SealError::BadKey("not an SM2 SEC1 point"))?,
            )),
            // A low-order key is refused when sealing (HPKE's all-zero DH check).
            CustodianKey::X25519(pk) => Ok(Recipient::X25519(
                HpkePublic::from_bytes(pk).expect("32 bytes"),
            )),
        }
    }
}

/// Seals `share` of `trade`'s opening key to `custodian`.
pub fn seal_share(
    custodian: &CustodianKey,
    trade: &str,
    share: &Share,
    rng: &mut impl CryptoRng,
) -> Result<Vec<u8>, SealError> {
    let recipient = custodian.recipient()?;
    envelope::seal_to(
        EnvelopeKind::Share,
        custodian.suite(),
        custodian.key_id_bytes()?,
        &recipient,
        trade,
        share.to_bytes().as_slice(),
        rng,
    )
}

/// The X25519 secret matching an Ed25519 seed: clamp(SHA-512(seed)[..32]).
pub fn ed25519_seed_to_x25519(seed: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let h = Zeroizing::new(Sha512::digest(seed));
    let mut x = Zeroizing::new([0u8; 32]);
    x.copy_from_slice(&h[..32]);
    x[0] &= 248;
    x[31] &= 127;
    x[31] |= 64;
    x
}

/// Opens a share envelope with an Ed25519 custodian's 32-byte seed. Returns the share and the
/// trade it was sealed for (authenticated). A share sealed to the seed's X25519 twin as a
/// custody key (the public key of [`ed25519_seed_to_x25519`], as the demo binds for its
/// custodians) opens too, so a seed kept offline serves either way.
pub fn open_share_ed25519(seed: &[u8; 32], bytes: &[u8]) -> Result<(String, Share), SealError> {
    let public = ed25519_dalek::SigningKey::from_bytes(seed)
        .verifying_key()
        .to_bytes();
    let x = ed25519_seed_to_x25519(seed);
    let twin = CustodianKey::X25519(x25519_public_key(&x)).key_id_bytes()?;
    let key_id = match crate::Envelope::parse(bytes) {
        Ok(h) if h.key_id == twin => twin,
        _ => CustodianKey::Ed25519(public).key_id_bytes()?,
    };
    let sk = HpkePrivate::from_bytes(x.as_slice()).expect("32 bytes");
    open_share(
        Suite::HpkeX25519Aes256Gcm,
        &key_id,
        &RecipientSecret::X25519(sk),
        bytes,
    )
}

/// The X25519 public key of a 32-byte secret (what WebCrypto's `exportKey('raw')` gives for
/// the public half): for the offline tool and the demo's published keys.
pub fn x25519_public_key(secret: &[u8; 32]) -> [u8; 32] {
    let sk = HpkePrivate::from_bytes(secret).expect("32 bytes");
    X25519HkdfSha256::sk_to_pk(&sk).to_bytes().into()
}

/// Opens a share envelope sealed to an X25519 opening key, with its 32-byte secret (what a
/// browser does with its kept key; here for tests and the offline tool).
pub fn open_share_x25519(secret: &[u8; 32], bytes: &[u8]) -> Result<(String, Share), SealError> {
    let sk = HpkePrivate::from_bytes(secret).expect("32 bytes");
    let key_id = CustodianKey::X25519(x25519_public_key(secret)).key_id_bytes()?;
    open_share(
        Suite::HpkeX25519Aes256Gcm,
        &key_id,
        &RecipientSecret::X25519(sk),
        bytes,
    )
}

/// Opens a share envelope with an SM2 custodian's 32-byte secret scalar (big-endian).
pub fn open_share_sm2(secret: &[u8; 32], bytes: &[u8]) -> Result<(String, Share), SealError> {
    let sk = sm2::SecretKey::from_slice(secret)
        .map_err(|_| SealError::BadKey("SM2 scalar out of range"))?;
    let public = sm2_public_uncompressed(&sk.public_key().to_sec1_bytes())?;
    let key_id = Suite::Sm2Sm4.key_id(&public);
    open_share(Suite::Sm2Sm4, &key_id, &RecipientSecret::Sm2(sk), bytes)
}

fn open_share(
    suite: Suite,
    key_id: &[u8; 32],
    secret: &RecipientSecret,
    bytes: &[u8],
) -> Result<(String, Share), SealError> {
    let (header, pt) = envelope::open_with(EnvelopeKind::Share, suite, key_id, secret, bytes)?;
    let pt = Zeroizing::new(pt);
    Ok((header.trade, Share::from_bytes(&pt)?))
}
