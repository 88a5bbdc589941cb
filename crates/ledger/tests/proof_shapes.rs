//! Proof shapes: which subtrees an inclusion or consistency proof lists, in which order.
//!
//! Source (data only): github.com/transparency-dev/merkle `proof/proof_test.go`,
//! `TestInclusion` and `TestConsistency`. There a proof is a list of tree node ids
//! (level, index), with "rehash" runs that stand for one node of an incomplete subtree; here
//! each node is written as the half-open range of leaves it covers, so node (level, index)
//! is (index << level, (index + 1) << level), cut at the tree size, and a rehash run is the
//! union of its ranges. E.g. for size 7, leaf 0: nodes b, h and l=hash(i, j) are the leaf
//! ranges (1, 2), (2, 4) and (4, 7).
#![forbid(unsafe_code)]

use ledger::{
    Hash, consistency_proof, inclusion_proof, leaf_hash, root, verify_consistency, verify_inclusion,
};

/// Half-open leaf ranges [lo, hi), one per proof hash.
type Ranges = &'static [(usize, usize)];

/// A proof written as the leaf ranges whose subtree roots it lists.
fn by_ranges(leaves: &[Hash], ranges: &[(usize, usize)]) -> Vec<Hash> {
    ranges
        .iter()
        .map(|&(lo, hi)| root(&leaves[lo..hi]))
        .collect()
}

fn numbered_leaves(n: usize) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(format!("leaf {i}").as_bytes()))
        .collect()
}

#[test]
fn published_inclusion_shapes() {
    let cases: [(usize, u64, Ranges); 9] = [
        (7, 0, &[(1, 2), (2, 4), (4, 7)]),
        (7, 2, &[(3, 4), (0, 2), (4, 7)]),
        (7, 4, &[(5, 6), (6, 7), (0, 4)]),
        (7, 6, &[(4, 6), (0, 4)]),
        (5, 3, &[(2, 3), (0, 2), (4, 5)]),
        (6, 4, &[(5, 6), (0, 4)]),
        (15, 10, &[(11, 12), (8, 10), (12, 15), (0, 8)]),
        (31, 24, &[(25, 26), (26, 28), (28, 31), (16, 24), (0, 16)]),
        (
            95,
            81,
            &[(80, 81), (82, 84), (84, 88), (88, 95), (64, 80), (0, 64)],
        ),
    ];
    let leaves = numbered_leaves(95);
    for (size, index, ranges) in cases {
        let tree = &leaves[..size];
        let want = by_ranges(tree, ranges);
        assert_eq!(
            inclusion_proof(tree, index).unwrap(),
            want,
            "leaf {index} in {size}"
        );
        let r = root(tree);
        assert_eq!(
            verify_inclusion(&tree[index as usize], index, size as u64, &want, &r),
            Ok(())
        );
    }
}

#[test]
fn published_consistency_shapes() {
    let cases: [(u64, usize, Ranges); 25] = [
        (1, 2, &[(1, 2)]),
        (1, 4, &[(1, 2), (2, 4)]),
        (1, 6, &[(1, 2), (2, 4), (4, 6)]),
        (2, 3, &[(2, 3)]),
        (2, 8, &[(2, 4), (4, 8)]),
        (3, 7, &[(2, 3), (3, 4), (0, 2), (4, 7)]),
        (4, 7, &[(4, 7)]),
        (5, 7, &[(4, 5), (5, 6), (6, 7), (0, 4)]),
        (6, 7, &[(4, 6), (6, 7), (0, 4)]),
        (7, 8, &[(6, 7), (7, 8), (4, 6), (0, 4)]),
        (2, 4, &[(2, 4)]),
        (3, 5, &[(2, 3), (3, 4), (0, 2), (4, 5)]),
        (3, 6, &[(2, 3), (3, 4), (0, 2), (4, 6)]),
        (4, 6, &[(4, 6)]),
        (1, 7, &[(1, 2), (2, 4), (4, 7)]),
        (10, 15, &[(8, 10), (10, 12), (12, 15), (0, 8)]),
        (24, 31, &[(16, 24), (24, 31), (0, 16)]),
        (
            81,
            95,
            &[
                (80, 81),
                (81, 82),
                (82, 84),
                (84, 88),
                (88, 95),
                (64, 80),
                (0, 64),
            ],
        ),
        // Same tree size: nothing to prove.
        (1, 1, &[]),
        (2, 2, &[]),
        (3, 3, &[]),
        (4, 4, &[]),
        (5, 5, &[]),
        (7, 7, &[]),
        (8, 8, &[]),
    ];
    let leaves = numbered_leaves(95);
    for (old, new, ranges) in cases {
        let tree = &leaves[..new];
        let want = by_ranges(tree, ranges);
        assert_eq!(
            consistency_proof(tree, old).unwrap(),
            want,
            "{old} -> {new}"
        );
        let (old_root, new_root) = (root(&tree[..old as usize]), root(tree));
        assert_eq!(
            verify_consistency(old, new as u64, &old_root, &new_root, &want),
            Ok(())
        );
    }
}
