//! The upload-time check of a sealed bid (`check_bid_upload`): every envelope that could never
//! open is refused before the platform issues a receipt (issue 12: half an envelope, one byte
//! short and junk appended all got receipts), and no input makes the parser panic.
use proptest::prelude::*;
use seal::*;

const TRADE: &str = "GC-2026-0042";

fn sealed(suite: Suite) -> (OpeningKeyPair, Vec<u8>) {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(suite, &mut rng);
    let body = vec![7u8; 4096];
    let env = seal(keys.public(), TRADE, &body, &mut rng).unwrap();
    (keys, env)
}

#[test]
fn a_whole_envelope_passes_and_opens() {
    for suite in Suite::ALL {
        let (keys, env) = sealed(suite);
        let h = check_bid_upload(&env, TRADE, keys.public()).unwrap();
        assert_eq!((h.version, h.plaintext_len()), (2, 4096));
        assert_eq!(open(keys.secret(), &env).unwrap(), vec![7u8; 4096]);
    }
}

#[test]
fn cut_or_extended_envelopes_are_refused_with_their_own_code() {
    for suite in Suite::ALL {
        let (keys, env) = sealed(suite);
        let check = |bytes: &[u8]| {
            check_bid_upload(bytes, TRADE, keys.public())
                .unwrap_err()
                .code()
        };
        assert_eq!(
            check(&env[..env.len() / 2]),
            "seal.truncated",
            "{suite}: half"
        );
        assert_eq!(
            check(&env[..env.len() - 1]),
            "seal.truncated",
            "{suite}: one byte short"
        );
        let mut junk = env.clone();
        junk.extend_from_slice(b"junk appended");
        assert_eq!(check(&junk), "seal.trailing_data", "{suite}: junk");
        let mut twice = env.clone();
        twice.extend_from_slice(&env);
        assert_eq!(check(&twice), "seal.trailing_data", "{suite}: sent twice");
        let h = Envelope::parse(&env).unwrap();
        assert_eq!(
            check(&env[..h.header_len - 3]),
            "seal.malformed",
            "{suite}: header cut"
        );
    }
}

#[test]
fn envelopes_for_another_round_key_trade_kind_or_suite_are_refused() {
    let mut rng = os_rng();
    let (keys, env) = sealed(Suite::HpkeX25519ChaCha20Poly1305);
    let other = OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng);
    let code = |bytes: &[u8], trade: &str, key: &OpeningPublicKey| {
        check_bid_upload(bytes, trade, key).unwrap_err().code()
    };
    assert_eq!(code(&env, TRADE, other.public()), "seal.wrong_key");
    assert_eq!(
        code(&env, "GC-2026-0043", keys.public()),
        "seal.wrong_trade"
    );
    // A browser seals to the same X25519 key with AES-256-GCM: the same family, accepted.
    let aes =
        OpeningPublicKey::from_bytes(Suite::HpkeX25519Aes256Gcm, keys.public().as_bytes()).unwrap();
    assert!(check_bid_upload(&env, TRADE, &aes).is_ok());
    // An SM2 envelope whose key id names the round's X25519 key can never open with it.
    let (_, mut sm2) = sealed(Suite::Sm2Sm4);
    sm2[9..41].copy_from_slice(&keys.public().key_id_bytes());
    assert_eq!(code(&sm2, TRADE, keys.public()), "seal.wrong_suite");
    // A key share is not a bid.
    let custodian = CustodianKey::Ed25519(
        ed25519_dalek::SigningKey::from_bytes(&[4; 32])
            .verifying_key()
            .to_bytes(),
    );
    let shares = split(keys.secret(), 1, 1, &mut rng).unwrap();
    let share = seal_share(&custodian, TRADE, &shares[0], &mut rng).unwrap();
    assert_eq!(code(&share, TRADE, keys.public()), "seal.wrong_kind");
}

#[test]
fn an_hpke_envelope_with_a_low_order_enc_is_refused() {
    let (keys, env) = sealed(Suite::HpkeX25519Aes256Gcm);
    // enc, then the nonce length (0 for HPKE) and the ciphertext length (8 bytes)
    let at = Envelope::parse(&env).unwrap().header_len - 8 - 1 - 32;
    let mut one = [0u8; 32];
    one[0] = 1;
    let mut p = [0xffu8; 32]; // 2^255 - 19 = p: the same point as 0
    p[0] = 0xed;
    p[31] = 0x7f;
    for point in [[0u8; 32], one, p] {
        let mut bad = env.clone();
        bad[at..at + 32].copy_from_slice(&point);
        assert_eq!(
            check_bid_upload(&bad, TRADE, keys.public()).unwrap_err(),
            SealError::Malformed("HPKE enc is a low-order point")
        );
    }
}

#[test]
fn an_sm2_envelope_whose_c1_is_off_the_curve_is_refused() {
    let (keys, env) = sealed(Suite::Sm2Sm4);
    let at = 45 + TRADE.len(); // C1 = 04 ‖ x ‖ y
    let mut bad = env.clone();
    bad[at + 1] ^= 0x01;
    assert_eq!(
        check_bid_upload(&bad, TRADE, keys.public()).unwrap_err(),
        SealError::Malformed("SM2 C1 is not a point on the curve")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Arbitrary bytes, with or without the magic: an error or a header, never a panic.
    #[test]
    fn parsing_any_bytes_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..300), magic in any::<bool>()) {
        let mut bytes = if magic { b"SBSEAL\x02".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(&tail);
        let key = OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut os_rng());
        let _ = Envelope::parse(&bytes);
        let _ = check_bid_upload(&bytes, TRADE, key.public());
    }

    /// A real envelope with bytes changed, cut or appended: never a panic, and whatever the
    /// upload check accepts still has the length its header states.
    #[test]
    fn mutated_envelopes_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        cut in any::<prop::sample::Index>(),
        extra in proptest::collection::vec(any::<u8>(), 0..4),
        suite in prop::sample::select(Suite::ALL.to_vec()),
    ) {
        let (keys, mut env) = sealed(suite);
        for (at, byte) in edits {
            let i = at.index(env.len());
            env[i] = byte;
        }
        env.truncate(cut.index(env.len() + 1).max(env.len() / 2));
        env.extend_from_slice(&extra);
        if let Ok(h) = check_bid_upload(&env, TRADE, keys.public()) {
            prop_assert_eq!(h.header_len + h.ciphertext_len, env.len());
        }
    }
}
