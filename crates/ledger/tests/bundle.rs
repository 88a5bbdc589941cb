//! Offline proof bundles: what the CLI and the HTTP API hand out, checked as a third party
//! would (JSON in, verifier key in, nothing else).
#![forbid(unsafe_code)]

use ledger::{
    BundleError, Checkpoint, ConsistencyBundle, Hash, InclusionBundle, NoteError, NoteSigner,
    NoteVerifier, ProofError, leaf_hash, root,
};

const ORIGIN: &str = "sunbid.example/log";

struct Log {
    data: Vec<Vec<u8>>,
    leaves: Vec<Hash>,
    signer: NoteSigner,
}

impl Log {
    fn new(n: usize) -> Log {
        let data: Vec<Vec<u8>> = (0..n)
            .map(|i| format!("{{\"event\":{i}}}").into_bytes())
            .collect();
        let leaves = data.iter().map(|d| leaf_hash(d)).collect();
        let signer = NoteSigner::from_secret_bytes(ORIGIN, [42; 32]).unwrap();
        Log {
            data,
            leaves,
            signer,
        }
    }

    fn checkpoint(&self, size: usize) -> String {
        let cp = Checkpoint {
            origin: ORIGIN.into(),
            size: size as u64,
            root: root(&self.leaves[..size]),
            chain: None,
        };
        self.signer.sign(&cp).unwrap()
    }

    fn verifier(&self) -> NoteVerifier {
        NoteVerifier::new(&self.signer.verifier_key()).unwrap()
    }
}

fn json_round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

#[test]
fn inclusion_bundle_checks_offline() {
    let log = Log::new(11);
    for index in 0..11 {
        let bundle = InclusionBundle::build(&log.leaves, index, log.checkpoint(11)).unwrap();
        let bundle: InclusionBundle = json_round_trip(&bundle);
        let cp = bundle
            .check_leaf_data(&log.data[index as usize], &log.verifier())
            .unwrap();
        assert_eq!((cp.size, cp.root), (11, root(&log.leaves)));
    }
}

#[test]
fn inclusion_bundle_json_shape() {
    let log = Log::new(3);
    let bundle = InclusionBundle::build(&log.leaves, 1, log.checkpoint(3)).unwrap();
    let v: serde_json::Value = serde_json::to_value(&bundle).unwrap();
    assert_eq!(v["leaf_index"], 1);
    assert_eq!(v["tree_size"], 3);
    assert_eq!(v["leaf_hash"], log.leaves[1].to_hex());
    assert_eq!(v["proof"][0], log.leaves[0].to_hex());
    assert_eq!(v["checkpoint"], log.checkpoint(3));
}

#[test]
fn inclusion_bundle_failures() {
    let log = Log::new(11);
    let good = InclusionBundle::build(&log.leaves, 4, log.checkpoint(11)).unwrap();
    let v = log.verifier();
    assert!(good.check(&v).is_ok());

    let mut b = good.clone();
    b.checkpoint = log.checkpoint(10);
    assert_eq!(
        b.check(&v),
        Err(BundleError::SizeMismatch {
            bundle: 11,
            checkpoint: 10
        })
    );

    let mut b = good.clone();
    b.leaf_index = 5;
    assert!(matches!(
        b.check(&v),
        Err(BundleError::Proof(ProofError::RootMismatch { .. }))
    ));

    let mut b = good.clone();
    b.proof.pop();
    assert!(matches!(
        b.check(&v),
        Err(BundleError::Proof(ProofError::WrongProofLength { .. }))
    ));

    let mut b = good.clone();
    b.checkpoint = b.checkpoint.replacen("\n11\n", "\n12\n", 1);
    b.tree_size = 12;
    assert!(matches!(
        b.check(&v),
        Err(BundleError::Checkpoint(NoteError::BadSignature { .. }))
    ));

    let stranger = NoteSigner::from_secret_bytes(ORIGIN, [43; 32]).unwrap();
    assert!(matches!(
        good.check(&stranger.verifier()),
        Err(BundleError::Checkpoint(NoteError::NoSignatureByKey { .. }))
    ));

    assert!(matches!(
        good.check_leaf_data(&log.data[5], &v),
        Err(BundleError::LeafDataMismatch { .. })
    ));
    assert!(good.check_leaf_data(&log.data[4], &v).is_ok());
}

#[test]
fn consistency_bundle_checks_offline() {
    let log = Log::new(20);
    for old in 0..=20 {
        let bundle = ConsistencyBundle::build(
            &log.leaves,
            old,
            log.checkpoint(old as usize),
            log.checkpoint(20),
        )
        .unwrap();
        let bundle: ConsistencyBundle = json_round_trip(&bundle);
        let (o, n) = bundle.check(&log.verifier()).unwrap();
        assert_eq!((o.size, n.size), (old, 20));
    }
}

#[test]
fn consistency_bundle_failures() {
    let log = Log::new(20);
    let v = log.verifier();
    let good =
        ConsistencyBundle::build(&log.leaves, 7, log.checkpoint(7), log.checkpoint(20)).unwrap();
    assert!(good.check(&v).is_ok());

    // A forked history: same size 7, but leaf 6 rewritten, signed by the same key.
    let mut forked = log.leaves[..7].to_vec();
    forked[6] = leaf_hash(b"rewritten");
    let fork_cp = Checkpoint {
        origin: ORIGIN.into(),
        size: 7,
        root: root(&forked),
        chain: None,
    };
    let mut b = good.clone();
    b.old_checkpoint = log.signer.sign(&fork_cp).unwrap();
    assert!(matches!(
        b.check(&v),
        Err(BundleError::Proof(ProofError::OldRootMismatch { .. }))
    ));

    let mut b = good.clone();
    std::mem::swap(&mut b.old_checkpoint, &mut b.new_checkpoint);
    assert!(matches!(
        b.check(&v),
        Err(BundleError::Proof(ProofError::OldSizeTooLarge { .. }))
    ));

    let mut b = good.clone();
    b.proof[0].0[0] ^= 1;
    assert!(matches!(b.check(&v), Err(BundleError::Proof(_))));

    let other_log = NoteSigner::from_secret_bytes("other.example/log", [42; 32]).unwrap();
    let cp = Checkpoint {
        origin: "other.example/log".into(),
        size: 7,
        root: root(&log.leaves[..7]),
        chain: None,
    };
    let mut b = good.clone();
    b.old_checkpoint = other_log.sign(&cp).unwrap();
    assert!(matches!(
        b.check(&v),
        Err(BundleError::OldCheckpoint(
            NoteError::NoSignatureByKey { .. }
        ))
    ));

    // Same key, but a checkpoint naming another origin.
    let mut b = good.clone();
    b.old_checkpoint = log.signer.sign(&cp).unwrap();
    assert!(matches!(
        b.check(&v),
        Err(BundleError::OriginMismatch { .. })
    ));

    let mut b = good.clone();
    b.new_checkpoint.push('x');
    assert!(matches!(
        b.check(&v),
        Err(BundleError::NewCheckpoint(NoteError::MalformedNote(_)))
    ));
}
