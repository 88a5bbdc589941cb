//! Property tests: proofs generated for random trees verify, and stop verifying when any one
//! input is changed; the incremental `Frontier` agrees with `root()`.
#![forbid(unsafe_code)]

use ledger::{
    Frontier, Hash, consistency_proof, empty_root, inclusion_proof, leaf_hash, root,
    verify_consistency, verify_inclusion,
};
use proptest::prelude::*;

fn leaves(seed: u64, n: usize) -> Vec<Hash> {
    (0..n as u64)
        .map(|i| leaf_hash(&[seed.to_be_bytes(), i.to_be_bytes()].concat()))
        .collect()
}

fn flip(hash: &Hash, bit: usize) -> Hash {
    let mut out = *hash;
    out.0[bit / 8 % 32] ^= 1 << (bit % 8);
    out
}

/// A tree size n ≥ 1 and a position in 0..n.
fn size_and_index(max: usize) -> impl Strategy<Value = (usize, usize)> {
    (1..=max).prop_flat_map(|n| (Just(n), 0..n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn frontier_root_equals_root(seed: u64, n in 0usize..1100) {
        let l = leaves(seed, n);
        let f = Frontier::from_leaves(&l);
        prop_assert_eq!(f.size(), n as u64);
        prop_assert_eq!(f.root(), root(&l));
        let back = Frontier::from_bytes(&f.to_bytes()).unwrap();
        prop_assert_eq!(back, f);
    }

    #[test]
    fn frontier_resumes_from_bytes(seed: u64, (n, cut) in size_and_index(300)) {
        let l = leaves(seed, n);
        let mut f = Frontier::from_bytes(&Frontier::from_leaves(&l[..cut]).to_bytes()).unwrap();
        for h in &l[cut..] {
            f.push(*h);
        }
        prop_assert_eq!(f.root(), root(&l));
    }

    #[test]
    fn inclusion_proofs_verify_and_tampering_fails(
        seed: u64,
        (n, index) in size_and_index(300),
        pick: usize,
        bit in 0usize..256,
    ) {
        let l = leaves(seed, n);
        let r = root(&l);
        let i = index as u64;
        let proof = inclusion_proof(&l, i).unwrap();
        prop_assert!(verify_inclusion(&l[index], i, n as u64, &proof, &r).is_ok());

        if !proof.is_empty() {
            let mut bad = proof.clone();
            let k = pick % bad.len();
            bad[k] = flip(&bad[k], bit);
            prop_assert!(verify_inclusion(&l[index], i, n as u64, &bad, &r).is_err());
        }
        prop_assert!(verify_inclusion(&flip(&l[index], bit), i, n as u64, &proof, &r).is_err());
        prop_assert!(verify_inclusion(&l[index], i, n as u64, &proof, &flip(&r, bit)).is_err());
        if n > 1 {
            // The same proof for any other position must fail (the leaf is not there).
            let other = (index + 1 + pick % (n - 1)) % n;
            prop_assert!(verify_inclusion(&l[index], other as u64, n as u64, &proof, &r).is_err());
        }
    }

    #[test]
    fn consistency_proofs_verify_and_tampering_fails(
        seed: u64,
        (n, m) in (1usize..=300).prop_flat_map(|n| (Just(n), 0..=n)),
        pick: usize,
        bit in 0usize..256,
    ) {
        let l = leaves(seed, n);
        let (old_root, new_root) = (root(&l[..m]), root(&l));
        let (m64, n64) = (m as u64, n as u64);
        let proof = consistency_proof(&l, m64).unwrap();
        prop_assert!(verify_consistency(m64, n64, &old_root, &new_root, &proof).is_ok());

        if !proof.is_empty() {
            let mut bad = proof.clone();
            let k = pick % bad.len();
            bad[k] = flip(&bad[k], bit);
            prop_assert!(verify_consistency(m64, n64, &old_root, &new_root, &bad).is_err());
        }
        prop_assert!(verify_consistency(m64, n64, &flip(&old_root, bit), &new_root, &proof).is_err());
        if m > 0 {
            // For m == 0 any new root is consistent with the empty tree.
            prop_assert!(verify_consistency(m64, n64, &old_root, &flip(&new_root, bit), &proof).is_err());
        } else {
            prop_assert_eq!(old_root, empty_root());
        }
        // A different prefix of the same log is not the old tree.
        if m > 0 && m < n {
            let other = root(&l[..m - 1]);
            prop_assert!(verify_consistency(m64, n64, &other, &new_root, &proof).is_err());
        }
    }

    #[test]
    fn consistency_fails_against_a_forked_log(seed: u64, (n, m) in size_and_index(200)) {
        // Same first m - 1 leaves, then a different leaf m - 1: the old tree is not a prefix.
        prop_assume!(m > 0);
        let l = leaves(seed, n);
        let mut forked = l[..m].to_vec();
        forked[m - 1] = leaf_hash(b"rewritten history");
        let proof = consistency_proof(&l, m as u64).unwrap();
        prop_assert!(
            verify_consistency(m as u64, n as u64, &root(&forked), &root(&l), &proof).is_err()
        );
    }
}
