//! Known-answer tests pinning the Merkle hashing and proofs to published RFC 6962 vectors.
//!
//! Source of the vectors (data only, no code): github.com/transparency-dev/merkle
//! `proof/verify_test.go` at commit 02194e9afb6c1d95b5381350007963aa70fff472, the RFC 6962
//! vectors that came from the certificate-transparency reference implementation: the 8 leaves,
//! the roots of sizes 1..8, every inclusion proof and every consistency proof listed there.
//! Leaf and empty-tree hashes: the same repository, `rfc6962/rfc6962_test.go`.
//! The proof *shapes* of `TestInclusion` / `TestConsistency` are in `proof_shapes.rs`.
#![forbid(unsafe_code)]

use ledger::{
    Frontier, Hash, ProofError, consistency_proof, empty_root, inclusion_proof, leaf_hash, root,
    verify_consistency, verify_inclusion,
};

const LEAF_DATA: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// ROOTS[n - 1] is the root of the tree over the first n leaves.
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// (leaf index, tree size, proof). The source numbers leaves from 1; these are 0-based.
const INCLUSION: [(u64, u64, &[&str]); 5] = [
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// (old size, new size, proof).
const CONSISTENCY: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

fn h(s: &str) -> Hash {
    s.parse().unwrap()
}

fn hashes(list: &[&str]) -> Vec<Hash> {
    list.iter().map(|s| h(s)).collect()
}

fn kat_leaves() -> Vec<Hash> {
    LEAF_DATA
        .iter()
        .map(|d| leaf_hash(&hex::decode(d).unwrap()))
        .collect()
}

fn flip(hash: &Hash, bit: usize) -> Hash {
    let mut out = *hash;
    out.0[bit / 8] ^= 1 << (bit % 8);
    out
}

#[test]
fn hasher_vectors() {
    assert_eq!(
        empty_root(),
        h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    assert_eq!(
        leaf_hash(b""),
        h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    );
    assert_eq!(
        leaf_hash(b"L123456"),
        h("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
    );
    // The empty tree and the tree of one empty leaf differ.
    assert_ne!(root(&[]), root(&[leaf_hash(b"")]));
}

#[test]
fn roots_of_sizes_1_to_8() {
    let leaves = kat_leaves();
    for n in 1..=8 {
        let want = h(ROOTS[n - 1]);
        assert_eq!(root(&leaves[..n]), want, "root() of size {n}");
        assert_eq!(
            Frontier::from_leaves(&leaves[..n]).root(),
            want,
            "Frontier of size {n}"
        );
    }
    assert_eq!(root(&[]), empty_root());
}

#[test]
fn published_inclusion_proofs() {
    let leaves = kat_leaves();
    for (index, size, proof) in INCLUSION {
        let proof = hashes(proof);
        let tree = &leaves[..size as usize];
        let leaf = leaves[index as usize];
        let root = h(ROOTS[size as usize - 1]);
        assert_eq!(
            inclusion_proof(tree, index).unwrap(),
            proof,
            "generate {index} in {size}"
        );
        assert_eq!(verify_inclusion(&leaf, index, size, &proof, &root), Ok(()));
        for (what, result) in corrupted_inclusion(leaf, index, size, &proof, root) {
            assert!(
                result.is_err(),
                "accepted {what} for leaf {index} in tree {size}"
            );
        }
    }
}

/// Variations of a good inclusion proof that must all be refused.
fn corrupted_inclusion(
    leaf: Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: Hash,
) -> Vec<(String, Result<(), ProofError>)> {
    let check = |leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash| {
        verify_inclusion(leaf, index, size, proof, root)
    };
    let mut out = vec![
        (
            "index + 1".into(),
            check(&leaf, index + 1, size, proof, &root),
        ),
        (
            "index ^ 2".into(),
            check(&leaf, index ^ 2, size, proof, &root),
        ),
        (
            "size * 2".into(),
            check(&leaf, index, size * 2, proof, &root),
        ),
        (
            "size / 2".into(),
            check(&leaf, index, size / 2, proof, &root),
        ),
        (
            "wrong leaf".into(),
            check(&leaf_hash(b"WrongLeaf"), index, size, proof, &root),
        ),
        (
            "empty root".into(),
            check(&leaf, index, size, proof, &empty_root()),
        ),
        (
            "trailing root".into(),
            check(&leaf, index, size, &[proof, &[root]].concat(), &root),
        ),
        (
            "preceding root".into(),
            check(&leaf, index, size, &[&[root], proof].concat(), &root),
        ),
    ];
    if index > 0 {
        out.push((
            "index - 1".into(),
            check(&leaf, index - 1, size, proof, &root),
        ));
    }
    for i in 0..proof.len() {
        let mut bad = proof.to_vec();
        bad[i] = flip(&bad[i], 3);
        out.push((
            format!("proof[{i}] bit flipped"),
            check(&leaf, index, size, &bad, &root),
        ));
        let mut removed = proof.to_vec();
        removed.remove(i);
        out.push((
            format!("proof[{i}] removed"),
            check(&leaf, index, size, &removed, &root),
        ));
    }
    out
}

#[test]
fn published_consistency_proofs() {
    let leaves = kat_leaves();
    for (old, new, proof) in CONSISTENCY {
        let proof = hashes(proof);
        let (old_root, new_root) = (h(ROOTS[old as usize - 1]), h(ROOTS[new as usize - 1]));
        let tree = &leaves[..new as usize];
        assert_eq!(
            consistency_proof(tree, old).unwrap(),
            proof,
            "generate {old} -> {new}"
        );
        assert_eq!(
            verify_consistency(old, new, &old_root, &new_root, &proof),
            Ok(())
        );
        if old == new {
            continue;
        }
        let check =
            |o: u64, n: u64, or: &Hash, nr: &Hash, p: &[Hash]| verify_consistency(o, n, or, nr, p);
        let mut bad = vec![
            ("old - 1", check(old - 1, new, &old_root, &new_root, &proof)),
            ("old + 1", check(old + 1, new, &old_root, &new_root, &proof)),
            ("old ^ 2", check(old ^ 2, new, &old_root, &new_root, &proof)),
            ("new * 2", check(old, new * 2, &old_root, &new_root, &proof)),
            ("new / 2", check(old, new / 2, &old_root, &new_root, &proof)),
            (
                "swapped roots",
                check(old, new, &new_root, &old_root, &proof),
            ),
            ("empty proof", check(old, new, &old_root, &new_root, &[])),
            (
                "trailing root",
                check(
                    old,
                    new,
                    &old_root,
                    &new_root,
                    &[&proof[..], &[new_root]].concat(),
                ),
            ),
            (
                "preceding root",
                check(
                    old,
                    new,
                    &old_root,
                    &new_root,
                    &[&[old_root], &proof[..]].concat(),
                ),
            ),
            (
                "truncated",
                check(old, new, &old_root, &new_root, &proof[..proof.len() - 1]),
            ),
        ];
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i] = flip(&p[i], 4);
            bad.push(("bit flipped", check(old, new, &old_root, &new_root, &p)));
        }
        for (what, result) in bad {
            assert!(result.is_err(), "accepted {what} for {old} -> {new}");
        }
    }
}
