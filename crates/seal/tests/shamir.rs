//! Shamir k-of-n: thresholds, wrong and duplicate shares, commitments, and a known-answer test
//! against an independent reference of the field so that the documented recovery procedure
//! (GF(2^8) mod 0x11d, x = share index) is what the code really does.

use proptest::prelude::*;
use seal::{
    OpeningKeyPair, SHARE_LEN, SealError, Share, Suite, combine, os_rng, share_commitment, split,
    verify_share,
};

#[test]
fn any_k_of_n_recombine_and_fewer_do_not() {
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let keys = OpeningKeyPair::generate(suite, &mut rng);
        let shares = split(keys.secret(), 3, 5, &mut rng).unwrap();
        assert_eq!(shares.len(), 5);
        assert_eq!(
            shares.iter().map(Share::index).collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5]
        );
        // Every 3-subset, and more than 3, in any order.
        for a in 0..5 {
            for b in a + 1..5 {
                for c in b + 1..5 {
                    let pick = [shares[c].clone(), shares[a].clone(), shares[b].clone()];
                    let sk = combine(&pick, keys.public()).unwrap();
                    assert_eq!(&sk.public_key(), keys.public());
                }
            }
        }
        combine(&shares, keys.public()).unwrap();
        combine(&shares[1..], keys.public()).unwrap();
        // Two are not enough.
        let err = combine(&shares[..2], keys.public()).unwrap_err();
        assert_eq!(err, SealError::SharesMismatch, "{suite}");
        assert_eq!(
            combine(&shares[4..], keys.public()).unwrap_err().code(),
            "seal.shares_mismatch"
        );
    }
}

#[test]
fn recombined_key_opens_bids() {
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let (public, secret) = OpeningKeyPair::generate(suite, &mut rng).into_parts();
        let shares = split(&secret, 2, 3, &mut rng).unwrap();
        drop(secret);
        let env = seal::seal(&public, "T", b"bid", &mut rng).unwrap();
        let sk = combine(&shares[1..], &public).unwrap();
        assert_eq!(seal::open(&sk, &env).unwrap(), b"bid");
    }
}

#[test]
fn a_wrong_share_is_caught_by_combine_and_by_its_commitment() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng);
    let shares = split(keys.secret(), 3, 4, &mut rng).unwrap();
    let commitments: Vec<[u8; 32]> = shares.iter().map(share_commitment).collect();
    let mut bytes = *shares[1].to_bytes();
    bytes[17] ^= 0x40;
    let bad = Share::from_bytes(&bytes).unwrap();
    let set = [shares[0].clone(), bad.clone(), shares[2].clone()];
    assert_eq!(
        combine(&set, keys.public()).unwrap_err(),
        SealError::SharesMismatch
    );
    // The commitments published at split time say whose share it is.
    let suspects: Vec<u8> = set
        .iter()
        .filter(|s| !verify_share(s, &commitments[usize::from(s.index()) - 1]))
        .map(Share::index)
        .collect();
    assert_eq!(suspects, vec![2]);
    // A share from another split (another trade's key) is wrong too.
    let other = OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng);
    let foreign = split(other.secret(), 3, 4, &mut rng).unwrap();
    let mixed = [shares[0].clone(), shares[1].clone(), foreign[2].clone()];
    assert_eq!(
        combine(&mixed, keys.public()).unwrap_err(),
        SealError::SharesMismatch
    );
}

#[test]
fn duplicates_and_empty_sets_are_refused() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::Sm2Sm4, &mut rng);
    let shares = split(keys.secret(), 2, 3, &mut rng).unwrap();
    let dup = [shares[0].clone(), shares[0].clone()];
    assert_eq!(
        combine(&dup, keys.public()).unwrap_err(),
        SealError::DuplicateShare(1)
    );
    // Same index, different value: still a duplicate, never silently interpolated.
    let mut b = *shares[1].to_bytes();
    b[0] = 1;
    let clash = [
        shares[0].clone(),
        Share::from_bytes(&b).unwrap(),
        shares[2].clone(),
    ];
    assert_eq!(
        combine(&clash, keys.public()).unwrap_err().code(),
        "seal.duplicate_share"
    );
    assert_eq!(
        combine(&[], keys.public()).unwrap_err(),
        SealError::NoShares
    );
}

#[test]
fn threshold_parameters_are_validated() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng);
    for (k, n) in [(0, 3), (4, 3), (1, 0), (0, 0), (2, 256), (300, 300)] {
        let err = split(keys.secret(), k, n, &mut rng).unwrap_err();
        assert_eq!(err, SealError::BadThreshold { k, n });
        assert_eq!(err.code(), "seal.bad_threshold");
    }
    // The extremes are fine.
    let one = split(keys.secret(), 1, 1, &mut rng).unwrap();
    assert_eq!(
        combine(&one, keys.public()).unwrap().public_key(),
        *keys.public()
    );
    let all = split(keys.secret(), 255, 255, &mut rng).unwrap();
    assert_eq!(all.last().unwrap().index(), 255);
    combine(&all, keys.public()).unwrap();
    assert_eq!(
        combine(&all[1..], keys.public()).unwrap_err(),
        SealError::SharesMismatch
    );
}

#[test]
fn share_bytes_round_trip() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng);
    for s in split(keys.secret(), 2, 4, &mut rng).unwrap() {
        let b = s.to_bytes();
        assert_eq!(b.len(), SHARE_LEN);
        assert_eq!(Share::from_bytes(b.as_slice()).unwrap(), s);
    }
}

// ---- known answer against an independent reference ----

/// GF(2^8) multiplication mod x^8+x^4+x^3+x^2+1 (0x11d), by shift-and-add: no tables, so it
/// shares nothing with the implementation under test.
fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0u8;
    while b != 0 {
        if b & 1 != 0 {
            p ^= a;
        }
        let carry = a & 0x80 != 0;
        a <<= 1;
        if carry {
            a ^= 0x1d;
        }
        b >>= 1;
    }
    p
}

/// Evaluates c0 + c1 x + c2 x^2 + ... at x.
fn gf_eval(coeffs: &[u8], x: u8) -> u8 {
    coeffs.iter().rev().fold(0, |acc, &c| gf_mul(acc, x) ^ c)
}

#[test]
fn field_reference_sanity() {
    // Known products in GF(2^8)/0x11d: 2·0x80 = 0x1d, and the generator 2 has order 255.
    assert_eq!(gf_mul(2, 0x80), 0x1d);
    let mut x = 1u8;
    for i in 1..=255 {
        x = gf_mul(x, 2);
        assert_eq!(x == 1, i == 255);
    }
    // blahaj's own documented example: 3x^2 + 2x + 5 at x = 1 and 2.
    assert_eq!(gf_eval(&[5, 2, 3], 1), 4);
    assert_eq!(gf_eval(&[5, 2, 3], 2), 13);
}

#[test]
fn combine_matches_the_reference_field() {
    // Build a 2-of-n sharing by hand for a known X25519 secret (secret byte j is the constant
    // term, slope byte j is 0x30 + j), then let `combine` recover it.
    let secret: [u8; 32] = std::array::from_fn(|j| j as u8 * 7 + 1);
    let public = x25519_public(&secret);
    let share = |x: u8| {
        let mut b = [0u8; SHARE_LEN];
        b[0] = x;
        for j in 0..32 {
            b[1 + j] = gf_eval(&[secret[j], 0x30 + j as u8], x);
        }
        Share::from_bytes(&b).unwrap()
    };
    let pk =
        seal::OpeningPublicKey::from_bytes(Suite::HpkeX25519ChaCha20Poly1305, &public).unwrap();
    for (a, b) in [(1, 2), (7, 200), (255, 3)] {
        let sk = combine(&[share(a), share(b)], &pk).unwrap();
        assert_eq!(sk.public_key(), pk);
    }
    // And the vector pinned as bytes, for other implementations to check against: shares 1
    // and 2 of secret byte 0x01 with slope 0x30.
    assert_eq!(gf_eval(&[0x01, 0x30], 1), 0x31);
    assert_eq!(gf_eval(&[0x01, 0x30], 2), 0x61);
    // (x^5+x^4)·x^7 = x^12+x^11 ≡ x^5+x^2+1 (mod 0x11d), worked by hand.
    assert_eq!(gf_mul(0x30, 0x80), 0x25);
    assert_eq!(gf_eval(&[0x01, 0x30], 0x80), 0x24);
}

/// X25519 public key of a raw secret (RFC 7748 base-point multiplication, via the HPKE crate).
fn x25519_public(secret: &[u8; 32]) -> Vec<u8> {
    use hpke::{Deserializable, Kem, Serializable, kem::X25519HkdfSha256};
    let sk = <X25519HkdfSha256 as Kem>::PrivateKey::from_bytes(secret).unwrap();
    X25519HkdfSha256::sk_to_pk(&sk).to_bytes().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn split_combine_any_k_le_n_le_10(n in 1usize..=10, k_off in 0usize..10, pick_seed in any::<u64>(), suite_ix in 0usize..3) {
        let k = 1 + k_off % n;
        let suite = Suite::ALL[suite_ix];
        let mut rng = os_rng();
        let keys = OpeningKeyPair::generate(suite, &mut rng);
        let shares = split(keys.secret(), k, n, &mut rng).unwrap();
        prop_assert_eq!(shares.len(), n);
        // A pseudo-random subset of exactly k shares (Fisher–Yates driven by pick_seed).
        let mut order: Vec<usize> = (0..n).collect();
        let mut s = pick_seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let subset: Vec<Share> = order[..k].iter().map(|&i| shares[i].clone()).collect();
        let sk = combine(&subset, keys.public()).unwrap();
        prop_assert_eq!(&sk.public_key(), keys.public());
        if k > 1 {
            prop_assert_eq!(combine(&subset[..k - 1], keys.public()).unwrap_err(), SealError::SharesMismatch);
        }
    }
}
