//! Signed notes and checkpoints: known answers from the Go implementation and the C2SP spec,
//! round trips, and every way a note can fail.
//!
//! Known answers: golang.org/x/mod/sumdb/note `example_test.go` (`ExampleSign`, `ExampleOpen`,
//! `ExampleSign_add_signatures`; the same file lived in golang/go as
//! `src/cmd/go/internal/note/example_test.go`). Ed25519 signing is deterministic, so the
//! published signer key must reproduce the published notes byte for byte. The EnochRoot key
//! is Go's `GenerateKey` fed an all-zero reader, i.e. the all-zero seed. The verifier key
//! `example.com/foo+530d903a+...` is the C2SP signed-note example key as quoted by other
//! implementations' test suites.
#![forbid(unsafe_code)]

use ledger::{
    Checkpoint, CheckpointError, Hash, NoteError, NoteSigner, NoteVerifier, key_id,
    parse_note_unverified,
};

const PETER_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_LINE: &str = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_LINE: &str = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

fn peter_note() -> String {
    format!("{TEXT}\n{PETER_LINE}")
}

#[test]
fn go_signer_key_reproduces_published_note() {
    let signer = NoteSigner::from_signer_key(PETER_SKEY).unwrap();
    assert_eq!(signer.name(), "PeterNeumann");
    assert_eq!(signer.key_id(), 0xc74f20a3);
    assert_eq!(signer.verifier_key(), PETER_VKEY);
    assert_eq!(signer.signer_key(), PETER_SKEY);
    assert_eq!(signer.sign_text(TEXT).unwrap(), peter_note());
}

#[test]
fn go_verifier_key_opens_published_note() {
    let v = NoteVerifier::new(PETER_VKEY).unwrap();
    assert_eq!((v.name(), v.key_id()), ("PeterNeumann", 0xc74f20a3));
    assert_eq!(v.verifier_key(), PETER_VKEY);
    assert_eq!(v.verify_text(&peter_note()), Ok(TEXT));
}

#[test]
fn zero_seed_key_and_cosigned_note() {
    let enoch = NoteSigner::from_secret_bytes("EnochRoot", [0; 32]).unwrap();
    assert_eq!(enoch.verifier_key(), ENOCH_VKEY);
    assert_eq!(
        enoch.sign_text(TEXT).unwrap(),
        format!("{TEXT}\n{ENOCH_LINE}")
    );
    // The doubly signed note of ExampleSign_add_signatures: each key finds its own line.
    let both = format!("{TEXT}\n{PETER_LINE}{ENOCH_LINE}");
    assert_eq!(
        NoteVerifier::new(ENOCH_VKEY).unwrap().verify_text(&both),
        Ok(TEXT)
    );
    assert_eq!(
        NoteVerifier::new(PETER_VKEY).unwrap().verify_text(&both),
        Ok(TEXT)
    );
}

#[test]
fn spec_example_verifier_key_id() {
    let v =
        NoteVerifier::new("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
            .unwrap();
    assert_eq!(v.key_id(), 0x530d903a);
}

#[test]
fn key_id_is_sha256_of_name_newline_type_key() {
    // Recomputed by hand from the definition, independently of the key-string code.
    use sha2::{Digest, Sha256};
    let pk = NoteSigner::from_secret_bytes("EnochRoot", [0; 32])
        .unwrap()
        .verifier_key();
    let b64 = pk.splitn(3, '+').nth(2).unwrap();
    use base64::Engine;
    let typed = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let digest = Sha256::digest([b"EnochRoot\n".as_slice(), &typed].concat());
    assert_eq!(
        key_id("EnochRoot", 0x01, &typed[1..]),
        u32::from_be_bytes(digest[..4].try_into().unwrap())
    );
    assert_eq!(key_id("EnochRoot", 0x01, &typed[1..]), 0xaf0cfe78);
}

#[test]
fn tampered_notes_fail() {
    let v = NoteVerifier::new(PETER_VKEY).unwrap();
    let note = peter_note();
    let changed_text = note.replacen("cryptography", "cryptographY", 1);
    assert!(matches!(
        v.verify_text(&changed_text),
        Err(NoteError::BadSignature { .. })
    ));
    // Same name and id, different signature bytes.
    let changed_sig = note.replacen("x08go/ZJ", "x08go/ZK", 1);
    assert!(matches!(
        v.verify_text(&changed_sig),
        Err(NoteError::BadSignature { .. })
    ));
    // Another key's signature only: ignored, so no signature by this key.
    let enoch_only = format!("{TEXT}\n{ENOCH_LINE}");
    assert!(matches!(
        v.verify_text(&enoch_only),
        Err(NoteError::NoSignatureByKey { .. })
    ));
    // Same name, different id (a different key of the same name) is not ours either.
    let other_peter = NoteSigner::from_secret_bytes("PeterNeumann", [7; 32]).unwrap();
    let forged = other_peter.sign_text(TEXT).unwrap();
    assert!(matches!(
        v.verify_text(&forged),
        Err(NoteError::NoSignatureByKey { .. })
    ));
    // A signature line of ours that fails poisons the note even if another one is good.
    let bad_then_good = format!(
        "{TEXT}\n{}{PETER_LINE}",
        PETER_LINE.replacen("x08go/ZJ", "x08go/ZK", 1)
    );
    assert!(matches!(
        v.verify_text(&bad_then_good),
        Err(NoteError::BadSignature { .. })
    ));
    assert!(matches!(
        v.verify_text(TEXT),
        Err(NoteError::MalformedNote(_))
    ));
}

#[test]
fn bad_keys_are_refused() {
    let cases = [
        (
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "wrong id",
        ),
        (
            "PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "wrong type",
        ),
        (
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",
            "short key",
        ),
        (
            "PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "short id",
        ),
        ("PeterNeumann+c74f20a3", "no key"),
        (
            "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "no name",
        ),
        (
            "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "space in name",
        ),
    ];
    for (key, what) in cases {
        assert!(NoteVerifier::new(key).is_err(), "accepted key with {what}");
    }
    assert!(matches!(
        NoteVerifier::new(
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
                .replace("a3+", "a4+")
                .as_str()
        ),
        Err(NoteError::KeyIdMismatch {
            stated: 0xc74f20a4,
            computed: 0xc74f20a3
        })
    ));
    assert!(matches!(
        NoteSigner::generate("a+b"),
        Err(NoteError::InvalidKeyName(_))
    ));
    assert!(NoteSigner::from_signer_key(&PETER_SKEY.replace("c74f20a3", "00000000")).is_err());
    assert!(NoteSigner::from_signer_key(PETER_VKEY).is_err());
}

#[test]
fn checkpoint_sign_and_verify() {
    let signer = NoteSigner::generate("sunbid.example/log").unwrap();
    let verifier = NoteVerifier::new(&signer.verifier_key()).unwrap();
    let cp = Checkpoint {
        origin: "sunbid.example/log".into(),
        size: 12345,
        root: Hash([0xab; 32]),
        chain: None,
    };
    let note = signer.sign(&cp).unwrap();
    assert!(note.starts_with(&format!("{}\n— sunbid.example/log ", cp.body())));
    assert_eq!(verifier.verify(&note), Ok(cp.clone()));
    assert_eq!(parse_note_unverified(&note), Ok(cp.clone()));

    // The same key rebuilt from its secret signs identically (Ed25519 is deterministic).
    let again = NoteSigner::from_secret_bytes("sunbid.example/log", signer.secret_bytes()).unwrap();
    assert_eq!(again.sign(&cp).unwrap(), note);

    // A different key of the same name does not verify.
    let other = NoteSigner::generate("sunbid.example/log").unwrap();
    assert_ne!(other.secret_bytes(), signer.secret_bytes());
    assert!(matches!(
        verifier.verify(&other.sign(&cp).unwrap()),
        Err(NoteError::NoSignatureByKey { .. })
    ));

    // A bigger size in the body breaks the signature.
    let lied = note.replacen("12345", "12346", 1);
    assert!(matches!(
        verifier.verify(&lied),
        Err(NoteError::BadSignature { .. })
    ));
}

#[test]
fn signed_text_that_is_not_a_checkpoint() {
    let signer = NoteSigner::from_secret_bytes("k", [1; 32]).unwrap();
    let note = signer.sign_text("just\ntwo lines\n").unwrap();
    assert_eq!(
        signer.verifier().verify_text(&note),
        Ok("just\ntwo lines\n")
    );
    assert!(matches!(
        signer.verifier().verify(&note),
        Err(NoteError::MalformedBody(CheckpointError::WrongLineCount(2)))
    ));
    assert!(matches!(
        parse_note_unverified(&note),
        Err(NoteError::MalformedBody(_))
    ));
}

#[test]
fn unsignable_inputs() {
    let signer = NoteSigner::from_secret_bytes("k", [1; 32]).unwrap();
    assert!(matches!(
        signer.sign_text("no newline"),
        Err(NoteError::NotSignable(_))
    ));
    assert!(matches!(
        signer.sign_text(""),
        Err(NoteError::NotSignable(_))
    ));
    assert!(matches!(
        signer.sign_text("tab\there\n"),
        Err(NoteError::NotSignable(_))
    ));
    let bad = Checkpoint {
        origin: "two\nlines".into(),
        size: 1,
        root: Hash([0; 32]),
        chain: None,
    };
    assert!(matches!(
        signer.sign(&bad),
        Err(NoteError::MalformedBody(CheckpointError::BadOrigin(_)))
    ));
    let empty = Checkpoint {
        origin: String::new(),
        size: 1,
        root: Hash([0; 32]),
        chain: None,
    };
    assert!(matches!(
        signer.sign(&empty),
        Err(NoteError::MalformedBody(CheckpointError::EmptyOrigin))
    ));
}

#[test]
fn debug_does_not_print_the_secret() {
    let signer = NoteSigner::from_secret_bytes("k", [0x5a; 32]).unwrap();
    let shown = format!("{signer:?}");
    assert!(
        !shown.contains("5a5a") && !shown.contains("90, 90"),
        "{shown}"
    );
    assert!(shown.contains('k'));
}
