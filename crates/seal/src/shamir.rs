//! Shamir k-of-n sharing of the 32-byte opening secret, byte-wise over GF(2^8).
//!
//! The arithmetic is `blahaj` 0.7 (maintained fork of `sharks`, same RustCrypto/rand 0.10
//! generation as the rest of the crate). Field: GF(2^8) with the reduction polynomial
//! x^8 + x^4 + x^3 + x^2 + 1 (0x11d); share `i` is the evaluation of each byte's polynomial at
//! x = i (1..=255), the secret byte being the constant term. This is what another tool must use
//! to recombine shares in an emergency (see `docs/SEALING.md`).
//!
//! What this module adds over the crate: parameter validation, duplicate and malformed share
//! detection, commitments, and the check that the recombined key really is the opening key.

use std::collections::HashSet;
use std::fmt;

use blahaj::Sharks;
use rand_core::CryptoRng;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{OpeningPublicKey, OpeningSecretKey, SealError};

/// Length of [`Share::to_bytes`]: index byte + 32 value bytes.
pub const SHARE_LEN: usize = 33;

/// One custodian's share: its index (x coordinate, 1..=255) and 32 bytes (one y per secret
/// byte). Zeroized on drop; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Share {
    index: u8,
    value: Zeroizing<[u8; 32]>,
}

impl Share {
    /// The share index (1..=255); custodian `i` of the split holds index `i`.
    pub fn index(&self) -> u8 {
        self.index
    }

    /// `index ‖ value`, 33 bytes: what gets sealed to the custodian.
    pub fn to_bytes(&self) -> Zeroizing<[u8; SHARE_LEN]> {
        let mut out = Zeroizing::new([0u8; SHARE_LEN]);
        out[0] = self.index;
        out[1..].copy_from_slice(self.value.as_slice());
        out
    }

    /// Inverse of [`Share::to_bytes`]. Index 0 is refused: it would be the secret itself.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SealError> {
        if bytes.len() != SHARE_LEN {
            return Err(SealError::BadShare("a share is 33 bytes"));
        }
        if bytes[0] == 0 {
            return Err(SealError::BadShare("share index 0"));
        }
        let mut value = Zeroizing::new([0u8; 32]);
        value.copy_from_slice(&bytes[1..]);
        Ok(Self {
            index: bytes[0],
            value,
        })
    }
}

impl fmt::Debug for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Share")
            .field("index", &self.index)
            .field("commitment", &hex::encode(share_commitment(self)))
            .finish()
    }
}

/// SHA-256 of [`Share::to_bytes`]. Published at split time (one per custodian) so that, at the
/// opening, a wrong or corrupted share is pinned on its custodian at once instead of only
/// making the whole recombination fail.
pub fn share_commitment(share: &Share) -> [u8; 32] {
    Sha256::digest(share.to_bytes().as_slice()).into()
}

/// Whether `share` matches a commitment published at split time.
pub fn verify_share(share: &Share, commitment: &[u8; 32]) -> bool {
    // Not secret-dependent in any useful way (the commitment is public), so plain equality.
    &share_commitment(share) == commitment
}

/// Splits the opening secret into `n` shares, any `k` of which recombine it.
///
/// Requires 1 ≤ k ≤ n ≤ 255. With k = 1 every share *is* the secret: allowed (a single
/// custodian), but the caller should think twice.
pub fn split(
    secret: &OpeningSecretKey,
    k: usize,
    n: usize,
    rng: &mut impl CryptoRng,
) -> Result<Vec<Share>, SealError> {
    if !(1 <= k && k <= n && n <= 255) {
        return Err(SealError::BadThreshold { k, n });
    }
    let k8 = u8::try_from(k).expect("k <= 255");
    let shares = Sharks(k8)
        .dealer_rng(secret.secret_bytes(), rng)
        .take(n)
        .map(|s| {
            // blahaj's Share zeroizes itself on drop; the Vec it hands us does not, so wrap it.
            let bytes = Zeroizing::new(Vec::<u8>::from(&s));
            Share::from_bytes(&bytes).expect("blahaj yields index 1..=n and 32 bytes")
        })
        .collect();
    Ok(shares)
}

/// Recombines shares into the opening secret and checks that its public half is
/// `expected_public`.
///
/// Every share given takes part in the interpolation. Errors: no shares; a duplicated index;
/// and [`SealError::SharesMismatch`] when the result is not the opening key — fewer than k
/// shares, or a wrong one (use [`verify_share`] against the published commitments to tell
/// which).
pub fn combine(
    shares: &[Share],
    expected_public: &OpeningPublicKey,
) -> Result<OpeningSecretKey, SealError> {
    if shares.is_empty() {
        return Err(SealError::NoShares);
    }
    let mut seen = HashSet::with_capacity(shares.len());
    for s in shares {
        if !seen.insert(s.index) {
            return Err(SealError::DuplicateShare(s.index));
        }
    }
    let theirs: Vec<blahaj::Share> = shares
        .iter()
        .map(|s| {
            blahaj::Share::try_from(s.to_bytes().as_slice()).expect("33 bytes is a blahaj share")
        })
        .collect();
    // Distinctness is checked above and the public-key check below catches too few shares, so
    // ask blahaj for a threshold of 1: it then interpolates over all the shares we give.
    let recovered = Zeroizing::new(
        Sharks(1)
            .recover(&theirs)
            .map_err(|_| SealError::SharesMismatch)?,
    );
    let mut bytes = Zeroizing::new([0u8; 32]);
    if recovered.len() != 32 {
        return Err(SealError::SharesMismatch);
    }
    bytes.copy_from_slice(&recovered);
    // An SM2 scalar out of range can only come from wrong shares.
    let secret = OpeningSecretKey::from_raw(expected_public.suite(), bytes)
        .map_err(|_| SealError::SharesMismatch)?;
    if &secret.public_key() != expected_public {
        return Err(SealError::SharesMismatch);
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_bytes_round_trip_and_reject_bad_input() {
        let mut b = [7u8; SHARE_LEN];
        b[0] = 3;
        let s = Share::from_bytes(&b).unwrap();
        assert_eq!(s.index(), 3);
        assert_eq!(s.to_bytes().as_slice(), &b);
        assert_eq!(
            Share::from_bytes(&b[..32]).unwrap_err().code(),
            "seal.bad_share"
        );
        b[0] = 0;
        assert_eq!(Share::from_bytes(&b).unwrap_err().code(), "seal.bad_share");
        // Debug shows the commitment, never the value.
        let dbg = format!("{s:?}");
        assert!(!dbg.contains("07070707"), "{dbg}");
    }
}
