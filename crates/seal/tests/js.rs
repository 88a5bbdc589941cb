//! The browser side: runs node (≥ 20, WebCrypto with X25519) on `crates/web/static/seal.js`.
//!
//! * `node --test js-test/`: seal.js's own known-answer tests (RFC 9180, GCM, the envelope
//!   pinned in `src/envelope.rs`).
//! * `js-test/cross.mjs`: seal.js seals a bid package that Rust opens, and opens shares that
//!   Rust sealed to an Ed25519 custodian and to an X25519 opening key (a CryptoKey).
//!
//! Node is part of the machine image; set `NODE` to use another binary. These tests fail
//! (rather than skip) without it, so that a green run always means the browser path was tested.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use seal::{
    BidPackage, CustodianKey, Envelope, OpeningKeyPair, Share, Suite, check_addressed_to, open,
    os_rng, seal_share, split,
};

fn node() -> String {
    std::env::var("NODE").unwrap_or_else(|_| "node".to_owned())
}

fn js_test_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("js-test")
}

#[test]
fn seal_js_unit_tests_pass_under_node() {
    let out = Command::new(node())
        .arg("--test")
        .arg(js_test_dir().join("seal.test.mjs"))
        .output()
        .expect("node (>= 20) must be installed to test seal.js; set NODE to its path");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "node --test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("# fail 0"), "{stdout}");
}

#[test]
fn browser_sealed_bid_opens_in_rust_and_rust_sealed_share_opens_in_browser() {
    let mut rng = os_rng();
    let trade = "GC-2026-0042";
    let (public, secret) =
        OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng).into_parts();
    let seed = *b"custodian #1 seed for cross test";
    let custodian = CustodianKey::Ed25519(
        ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes(),
    );
    let shares = split(&secret, 2, 3, &mut rng).unwrap();
    let share_env = seal_share(&custodian, trade, &shares[0], &mut rng).unwrap();
    // A custodian whose browser made an opening key (X25519).
    let opening_secret = [9u8; 32];
    let opening_public = x25519_public(&opening_secret);
    let opening_env = seal_share(
        &CustodianKey::X25519(opening_public),
        trade,
        &shares[1],
        &mut rng,
    )
    .unwrap();

    let input = serde_json::json!({
        "publicKeyHex": hex::encode(public.as_bytes()),
        "keyIdHex": public.key_id(),
        "trade": trade,
        "custodianSeedHex": hex::encode(seed),
        "shareEnvelopeHex": hex::encode(&share_env),
        "openingSecretHex": hex::encode(opening_secret),
        "openingPublicHex": hex::encode(opening_public),
        "openingShareEnvelopeHex": hex::encode(&opening_env),
    });
    let mut child = Command::new(node())
        .arg(js_test_dir().join("cross.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node (>= 20) must be installed to test seal.js; set NODE to its path");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "cross.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reply: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // The browser's envelope passes the upload checks and opens with the opening key.
    let bid = hex::decode(reply["bidEnvelopeHex"].as_str().unwrap()).unwrap();
    let header = Envelope::parse(&bid).unwrap();
    assert_eq!(header.suite, Suite::HpkeX25519Aes256Gcm);
    check_addressed_to(&header, trade, &public.key_id()).unwrap();
    let pkg = BidPackage::from_bytes(&open(&secret, &bid).unwrap()).unwrap();
    assert_eq!(pkg.trade, trade);
    assert_eq!(pkg.bidder, "91350100M000100Y43");
    assert_eq!(pkg.price_fen, 9_007_199_254_740_991);
    assert_eq!(pkg.period_days, 365);
    assert_eq!(
        pkg.deposit_account.as_deref(),
        Some("6222 0210 0000 0000 000")
    );
    assert_eq!(pkg.files.len(), 2);
    assert_eq!(
        (pkg.files[0].name.as_str(), pkg.files[0].lot.as_deref()),
        ("投标函.pdf", Some("1"))
    );
    assert_eq!(pkg.files[0].content, b"%PDF-1.7 lot one");
    assert_eq!(pkg.files[1].lot, None);
    assert_eq!(
        pkg.files[1].content,
        (0..70_000u32).map(|i| (i * 7) as u8).collect::<Vec<_>>()
    );

    // The browser recovered exactly the share Rust sealed, for the right trade.
    let share =
        Share::from_bytes(&hex::decode(reply["shareHex"].as_str().unwrap()).unwrap()).unwrap();
    assert_eq!(share, shares[0]);
    assert_eq!(reply["shareTrade"], trade);
    // And the share sealed to the opening key, opened with a key WebCrypto will not export.
    let opened =
        Share::from_bytes(&hex::decode(reply["openingShareHex"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(opened, shares[1]);
    assert_eq!(reply["extractable"], false);
}

fn x25519_public(secret: &[u8; 32]) -> [u8; 32] {
    use hpke::kem::X25519HkdfSha256;
    use hpke::{Deserializable, Kem, Serializable};
    let sk = <X25519HkdfSha256 as Kem>::PrivateKey::from_bytes(secret).unwrap();
    X25519HkdfSha256::sk_to_pk(&sk).to_bytes().into()
}
