//! The RFC 6962 / RFC 9162 §2.1 Merkle Tree Hash over a list of leaf hashes, plus inclusion
//! and consistency proofs (built in `merkle/proof.rs`, checked in `merkle/verify.rs`).
//!
//! The tree is always built over *leaf hashes* (`leaf_hash(data)`), never over raw data: the
//! store keeps one 32-byte hash per event, and everything here can be recomputed from those.
//! Leaves and interior nodes are hashed with different one-byte prefixes (0x00 / 0x01) so a
//! leaf can never be passed off as a node (second-preimage resistance, RFC 9162 §2.1.1).
#![forbid(unsafe_code)]

mod proof;
mod verify;

pub use proof::{consistency_proof, inclusion_proof};
pub use verify::{verify_consistency, verify_inclusion};

use sha2::{Digest, Sha256};

use crate::hash::Hash;

/// Why a proof could not be built or did not verify. Each variant names the first thing that
/// failed, so `verify` output and API errors can say more than "invalid proof".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf index {index} is out of range for a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("old tree size {old_size} is larger than new tree size {new_size}")]
    OldSizeTooLarge { old_size: u64, new_size: u64 },
    #[error("proof has {got} hashes, a tree of this shape needs exactly {expected}")]
    WrongProofLength { expected: usize, got: usize },
    #[error("root mismatch: the proof leads to {computed}, the expected root is {expected}")]
    RootMismatch { computed: Hash, expected: Hash },
    #[error("old root mismatch: the proof leads to {computed}, the old root is {expected}")]
    OldRootMismatch { computed: Hash, expected: Hash },
    #[error("new root mismatch: the proof leads to {computed}, the new root is {expected}")]
    NewRootMismatch { computed: Hash, expected: Hash },
    #[error("the root of an empty tree must be {expected}, got {got}")]
    EmptyTreeRoot { expected: Hash, got: Hash },
    #[error("trees of equal size {size} have different roots {old_root} and {new_root}")]
    EqualSizeRootsDiffer {
        size: u64,
        old_root: Hash,
        new_root: Hash,
    },
}

/// Leaf hash: SHA-256(0x00 || data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    Hash(
        Sha256::new()
            .chain_update([0x00])
            .chain_update(data)
            .finalize()
            .into(),
    )
}

/// Interior node hash: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    // One contiguous 65-byte input and a single digest call: this is the hot loop of every
    // root and proof, and one call is measurably cheaper than three incremental updates.
    let mut input = [0u8; 65];
    input[0] = 0x01;
    input[1..33].copy_from_slice(&left.0);
    input[33..].copy_from_slice(&right.0);
    Hash(Sha256::digest(input).into())
}

/// Root of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1).
pub fn empty_root() -> Hash {
    Hash(Sha256::digest([]).into())
}

/// `MTH(D[n])`: the root of the tree over `leaves`.
///
/// RFC 9162 defines it recursively (split at the largest power of two below n). Hashing level
/// by level, pairing neighbours and carrying an odd last node up unchanged, yields the same
/// tree: the left-balanced shape means an unpaired node is always the rightmost subtree, which
/// is exactly what the recursive split leaves on the right. This way is iterative, uses one
/// buffer of n/2 hashes, and allocates nothing per node, so a million leaves take about two
/// million SHA-256 compressions and nothing else.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves {
        [] => empty_root(),
        [single] => *single,
        _ => {
            let mut level: Vec<Hash> = leaves
                .chunks(2)
                .map(|pair| match pair {
                    [l, r] => node_hash(l, r),
                    [odd] => *odd,
                    _ => unreachable!("chunks(2) yields one or two items"),
                })
                .collect();
            while level.len() > 1 {
                let len = level.len();
                // In place: slot i is written after slots 2i and 2i+1 were read.
                for i in 0..len / 2 {
                    level[i] = node_hash(&level[2 * i], &level[2 * i + 1]);
                }
                if len % 2 == 1 {
                    level[len / 2] = level[len - 1];
                }
                level.truncate(len.div_ceil(2));
            }
            level[0]
        }
    }
}

/// The largest power of two strictly below `n` (n ≥ 2): where RFC 9162 splits a tree.
pub(crate) fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RFC's recursive definition, written literally, as an oracle for the iterative one.
    fn mth_recursive(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split_point(n as u64) as usize;
                node_hash(&mth_recursive(&leaves[..k]), &mth_recursive(&leaves[k..]))
            }
        }
    }

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n as u64).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn split_point_is_largest_power_of_two_below() {
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(3), 2);
        assert_eq!(split_point(4), 2);
        assert_eq!(split_point(5), 4);
        assert_eq!(split_point(8), 4);
        assert_eq!(split_point(9), 8);
        assert_eq!(split_point(u64::MAX), 1 << 63);
    }

    #[test]
    fn iterative_root_matches_recursive_definition() {
        for n in 0..=70 {
            let l = leaves(n);
            assert_eq!(root(&l), mth_recursive(&l), "n = {n}");
        }
    }

    #[test]
    fn root_depends_on_leaf_order() {
        let mut l = leaves(5);
        let before = root(&l);
        l.swap(3, 4);
        assert_ne!(root(&l), before);
    }

    #[test]
    fn a_million_leaves() {
        // A performance guard as much as a check: this must stay iterative and allocation-light.
        let l = leaves(1_000_000);
        let started = std::time::Instant::now();
        let r = root(&l);
        assert!(
            started.elapsed().as_secs() < 20,
            "root() too slow: {:?}",
            started.elapsed()
        );
        let mut f = crate::frontier::Frontier::new();
        for h in &l {
            f.push(*h);
        }
        assert_eq!(f.root(), r);
    }
}
