//! Shares sealed to a custodian's X25519 opening key (the key a browser makes and keeps).

use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, Serializable};
use seal::{
    CustodianKey, Envelope, OpeningKeyPair, SealError, Suite, combine, open, open_share_ed25519,
    open_share_x25519, os_rng, seal_share, split,
};

const TRADE: &str = "GC-2026-0042";

/// The public half of an X25519 secret, as WebCrypto's exportKey('raw') gives it.
fn public_of(secret: &[u8; 32]) -> [u8; 32] {
    let sk = <X25519HkdfSha256 as Kem>::PrivateKey::from_bytes(secret).unwrap();
    X25519HkdfSha256::sk_to_pk(&sk).to_bytes().into()
}

#[test]
fn a_share_sealed_to_an_opening_key_opens_with_its_secret_and_no_other() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng);
    let share = &split(keys.secret(), 2, 3, &mut rng).unwrap()[1];
    let secret = [7u8; 32];
    let custodian = CustodianKey::X25519(public_of(&secret));
    let env = seal_share(&custodian, TRADE, share, &mut rng).unwrap();

    // Browsers open it: the AES-256-GCM suite, addressed to the key's SHA-256.
    let header = Envelope::parse(&env).unwrap();
    assert_eq!(header.suite, Suite::HpkeX25519Aes256Gcm);
    assert_eq!(header.key_id_hex(), custodian.key_id().unwrap());
    let (trade, opened) = open_share_x25519(&secret, &env).unwrap();
    assert_eq!((trade.as_str(), &opened), (TRADE, share));

    // Another opening key, or an Ed25519 seed of the same bytes, is not the addressee.
    assert_eq!(
        open_share_x25519(&[8u8; 32], &env).unwrap_err().code(),
        "seal.wrong_key"
    );
    assert_eq!(
        open_share_ed25519(&secret, &env).unwrap_err().code(),
        "seal.wrong_key"
    );
    // A changed byte fails authentication.
    let mut changed = env.clone();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    assert_eq!(
        open_share_x25519(&secret, &changed).unwrap_err(),
        SealError::DecryptFailed
    );
}

#[test]
fn opening_keys_of_small_order_are_refused() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng);
    let share = &split(keys.secret(), 1, 1, &mut rng).unwrap()[0];
    // 0 and 1 are points of small order: DH with them is all zeros, anyone could open.
    let mut one = [0u8; 32];
    one[0] = 1;
    for bad in [[0u8; 32], one] {
        let err = seal_share(&CustodianKey::X25519(bad), TRADE, share, &mut rng).unwrap_err();
        assert_eq!(err.code(), "seal.bad_key");
        // And the check made when the key is bound says so first.
        assert_eq!(
            CustodianKey::X25519(bad).check().unwrap_err().code(),
            "seal.bad_key"
        );
    }
    assert!(CustodianKey::X25519(public_of(&[5; 32])).check().is_ok());
}

#[test]
fn browser_opening_keys_and_sign_in_keys_open_a_round_together() {
    let mut rng = os_rng();
    let (public, secret) =
        OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng).into_parts();
    let shares = split(&secret, 2, 3, &mut rng).unwrap();
    let seed = [3u8; 32];
    let x = [[1u8; 32], [2u8; 32]];
    let custodians = [
        CustodianKey::X25519(public_of(&x[0])),
        CustodianKey::X25519(public_of(&x[1])),
        CustodianKey::Ed25519(
            ed25519_dalek::SigningKey::from_bytes(&seed)
                .verifying_key()
                .to_bytes(),
        ),
    ];
    let sealed: Vec<Vec<u8>> = custodians
        .iter()
        .zip(&shares)
        .map(|(c, s)| seal_share(c, TRADE, s, &mut rng).unwrap())
        .collect();
    let bid = seal::seal(&public, TRADE, b"price 42", &mut rng).unwrap();
    let (_, a) = open_share_x25519(&x[1], &sealed[1]).unwrap();
    let (_, b) = open_share_ed25519(&seed, &sealed[2]).unwrap();
    let key = combine(&[a, b], &public).unwrap();
    assert_eq!(open(&key, &bid).unwrap(), b"price 42");
}

/// A custody key derived from an Ed25519 seed (the demo's custodians): the typed seed opens
/// the share sealed to it, and so does the X25519 secret itself.
#[test]
fn a_seed_opens_a_share_sealed_to_its_x25519_twin() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng);
    let share = &split(keys.secret(), 1, 1, &mut rng).unwrap()[0];
    let seed = [21u8; 32];
    let x = seal::ed25519_seed_to_x25519(&seed);
    let env = seal_share(&CustodianKey::X25519(public_of(&x)), TRADE, share, &mut rng).unwrap();
    assert_eq!(open_share_ed25519(&seed, &env).unwrap().1, *share);
    assert_eq!(open_share_x25519(&x, &env).unwrap().1, *share);
    assert_eq!(
        open_share_ed25519(&[22u8; 32], &env).unwrap_err().code(),
        "seal.wrong_key"
    );
}
