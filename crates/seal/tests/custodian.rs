//! Shares sealed to custodians' own sign-in keys (Ed25519 → X25519 HPKE, or SM2).

use seal::{
    CustodianKey, Envelope, EnvelopeKind, OpeningKeyPair, SealError, Suite, check_addressed_to,
    combine, ed25519_seed_to_x25519, open, open_share_ed25519, open_share_sm2, os_rng, seal_share,
    split,
};
use sm2::elliptic_curve::Generate;
use sm2::elliptic_curve::sec1::ToSec1Point;

const TRADE: &str = "GC-2026-0042";

fn ed25519_custodian(seed: [u8; 32]) -> CustodianKey {
    CustodianKey::Ed25519(
        ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes(),
    )
}

fn sm2_custodian() -> ([u8; 32], CustodianKey) {
    let sk = sm2::SecretKey::generate_from_rng(&mut os_rng());
    let pk = sk.public_key().to_sec1_point(false).as_bytes().to_vec();
    (sk.to_bytes().into(), CustodianKey::Sm2(pk))
}

#[test]
fn full_ceremony_with_mixed_custodians() {
    let mut rng = os_rng();
    let seeds = [[11u8; 32], [22u8; 32]];
    let (sm2_secret, sm2_key) = sm2_custodian();
    let custodians = [
        ed25519_custodian(seeds[0]),
        ed25519_custodian(seeds[1]),
        sm2_key,
    ];

    for suite in Suite::ALL {
        // Bid period opens: generate, split 2-of-3, seal each share to its custodian, forget.
        let (public, secret) = OpeningKeyPair::generate(suite, &mut rng).into_parts();
        let shares = split(&secret, 2, 3, &mut rng).unwrap();
        drop(secret);
        let sealed: Vec<Vec<u8>> = custodians
            .iter()
            .zip(&shares)
            .map(|(c, s)| seal_share(c, TRADE, s, &mut rng).unwrap())
            .collect();
        drop(shares);

        let bid = seal::seal(&public, TRADE, b"price 42", &mut rng).unwrap();

        // Opening: custodians 1 (Ed25519) and 3 (SM2) open their shares; the key is recombined.
        let (t1, s1) = open_share_ed25519(&seeds[0], &sealed[0]).unwrap();
        let (t3, s3) = open_share_sm2(&sm2_secret, &sealed[2]).unwrap();
        assert_eq!((t1.as_str(), t3.as_str()), (TRADE, TRADE));
        assert_eq!((s1.index(), s3.index()), (1, 3));
        let sk = combine(&[s1, s3], &public).unwrap();
        assert_eq!(open(&sk, &bid).unwrap(), b"price 42");
    }
}

#[test]
fn share_envelope_header_names_the_custodian() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng);
    let share = &split(keys.secret(), 1, 1, &mut rng).unwrap()[0];
    let c = ed25519_custodian([5; 32]);
    let env = seal_share(&c, TRADE, share, &mut rng).unwrap();
    let h = Envelope::parse(&env).unwrap();
    assert_eq!(h.kind, EnvelopeKind::Share);
    assert_eq!(h.suite, Suite::HpkeX25519Aes256Gcm);
    assert_eq!(h.key_id_hex(), c.key_id().unwrap());
    assert_eq!(h.plaintext_len(), 33);

    let (sm2_secret, sm2_key) = sm2_custodian();
    let env2 = seal_share(&sm2_key, TRADE, share, &mut rng).unwrap();
    let h2 = Envelope::parse(&env2).unwrap();
    assert_eq!(h2.suite, Suite::Sm2Sm4);
    assert_eq!(h2.key_id_hex(), sm2_key.key_id().unwrap());
    assert_eq!(open_share_sm2(&sm2_secret, &env2).unwrap().1, *share);

    // A share envelope is not a bid: refused at upload and by `open`.
    assert_eq!(
        check_addressed_to(&h, TRADE, &h.key_id_hex())
            .unwrap_err()
            .code(),
        "seal.wrong_kind"
    );
    assert_eq!(
        open(keys.secret(), &env).unwrap_err().code(),
        "seal.wrong_kind"
    );
    // And a bid is not a share.
    let bid = seal::seal(keys.public(), TRADE, b"x", &mut rng).unwrap();
    assert_eq!(
        open_share_ed25519(&[5; 32], &bid).unwrap_err().code(),
        "seal.wrong_kind"
    );
}

#[test]
fn another_custodians_key_cannot_open_a_share() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::Sm2Sm4, &mut rng);
    let share = &split(keys.secret(), 2, 2, &mut rng).unwrap()[0];
    let env = seal_share(&ed25519_custodian([1; 32]), TRADE, share, &mut rng).unwrap();
    assert_eq!(
        open_share_ed25519(&[2; 32], &env).unwrap_err().code(),
        "seal.wrong_key"
    );
    let (sm2_secret, _) = sm2_custodian();
    assert_eq!(
        open_share_sm2(&sm2_secret, &env).unwrap_err().code(),
        "seal.wrong_key"
    );
    // Tampering is caught.
    let mut t = env.clone();
    let last = t.len() - 1;
    t[last] ^= 0x80;
    assert_eq!(
        open_share_ed25519(&[1; 32], &t).unwrap_err(),
        SealError::DecryptFailed
    );
}

#[test]
fn bad_custodian_keys_are_refused() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng);
    let share = &split(keys.secret(), 1, 1, &mut rng).unwrap()[0];
    // The identity point (small order), and the first y that is not on the curve.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let not_a_point = (2u8..100)
        .map(|y| {
            let mut b = [0u8; 32];
            b[0] = y;
            b
        })
        .find(|b| ed25519_dalek::VerifyingKey::from_bytes(b).is_err())
        .expect("about half of all y are off the curve");
    for pk in [identity, not_a_point] {
        let err = seal_share(&CustodianKey::Ed25519(pk), TRADE, share, &mut rng).unwrap_err();
        assert_eq!(err.code(), "seal.bad_key", "{pk:02x?}");
    }
    let err = seal_share(&CustodianKey::Sm2(vec![4; 65]), TRADE, share, &mut rng).unwrap_err();
    assert_eq!(err.code(), "seal.bad_key");
}

#[test]
fn ed25519_to_x25519_matches_the_montgomery_map() {
    // The secret derived from the seed must be the one whose X25519 public key is the
    // Edwards→Montgomery image of the Ed25519 public key (what seal_share encrypts to).
    use hpke::{Deserializable, Kem, Serializable, kem::X25519HkdfSha256};
    for seed in [[0u8; 32], [9u8; 32], *b"sunbid custodian seed 0123456789"] {
        let x = ed25519_seed_to_x25519(&seed);
        assert_eq!(x[0] & 7, 0);
        assert_eq!(x[31] & 0xc0, 0x40);
        let sk = <X25519HkdfSha256 as Kem>::PrivateKey::from_bytes(x.as_slice()).unwrap();
        let via_secret = X25519HkdfSha256::sk_to_pk(&sk).to_bytes();
        let vk = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
        assert_eq!(via_secret.as_slice(), vk.to_montgomery().as_bytes());
    }
}
