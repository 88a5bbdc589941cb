//! Checking a challenge signature against one registered public key.
//! * Ed25519 (RFC 8032): 64-byte signature, checked with `verify_strict` (rejects the
//!   malleable and small-order cases that plain `verify` lets through).
//! * SM2 (GB/T 32918.2, SM2DSA over SM3): 64-byte `r || s`, with the default
//!   distinguishing identifier `1234567812345678` (GM/T 0009), as USB keys and browser
//!   libraries (sm-crypto, gmssl) use unless told otherwise.

use domain::accounts::{KeyAlgorithm, PublicKey};

/// The SM2 distinguishing identifier (GM/T 0009-2012 default user id).
pub const SM2_DISTID: &str = "1234567812345678";

/// Whether `signature` over `message` verifies with `key`. Malformed input is just false.
pub(crate) fn verifies(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    let Ok(public) = hex::decode(key.hex()) else {
        return false;
    };
    match key.algorithm() {
        KeyAlgorithm::Ed25519 => ed25519(&public, message, signature),
        KeyAlgorithm::Sm2 => sm2(&public, message, signature),
    }
}

fn ed25519(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
    use ed25519_dalek::{Signature, VerifyingKey};
    let Ok(public) = <[u8; 32]>::try_from(public) else {
        return false;
    };
    let (Ok(key), Ok(sig)) = (
        VerifyingKey::from_bytes(&public),
        Signature::from_slice(signature),
    ) else {
        return false;
    };
    key.verify_strict(message, &sig).is_ok()
}

fn sm2(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
    use sm2::dsa::signature::Verifier;
    use sm2::dsa::{Signature, VerifyingKey};
    let (Ok(key), Ok(sig)) = (
        VerifyingKey::from_sec1_bytes(SM2_DISTID, public),
        Signature::from_slice(signature),
    ) else {
        return false;
    };
    key.verify(message, &sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ed25519_and_sm2_round_trip_and_reject_other_messages() {
        use ed25519_dalek::Signer as _;
        let ed = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let key = PublicKey::parse(
            KeyAlgorithm::Ed25519,
            &hex::encode(ed.verifying_key().to_bytes()),
        )
        .unwrap();
        let sig = ed.sign(b"hello").to_bytes();
        assert!(verifies(&key, b"hello", &sig));
        assert!(!verifies(&key, b"hellO", &sig));
        assert!(!verifies(&key, b"hello", &sig[..63]));

        let sk = sm2::dsa::SigningKey::from_slice(SM2_DISTID, &[9; 32]).unwrap();
        let key = PublicKey::parse(
            KeyAlgorithm::Sm2,
            &hex::encode(sk.verifying_key().to_sec1_bytes()),
        )
        .unwrap();
        let sig: sm2::dsa::Signature = sk.sign(b"hello");
        assert!(verifies(&key, b"hello", &sig.to_bytes()));
        assert!(!verifies(&key, b"hellO", &sig.to_bytes()));
        // Signed with another distinguishing id: refused.
        let other = sm2::dsa::SigningKey::from_slice("alice@example", &[9; 32]).unwrap();
        let sig: sm2::dsa::Signature = other.sign(b"hello");
        assert!(!verifies(&key, b"hello", &sig.to_bytes()));
    }
}
