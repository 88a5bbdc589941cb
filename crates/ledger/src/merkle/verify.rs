//! Checking inclusion and consistency proofs: the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms,
//! step for step, preceded by a length check so that a proof of the wrong shape is reported
//! as such rather than as a root mismatch.
#![forbid(unsafe_code)]

use super::{ProofError, empty_root, node_hash};
use crate::hash::Hash;

/// The number of hashes in the audit path of leaf `index` in a tree of `size` leaves: one per
/// level where the path to `index` and the path to the last leaf have already parted ("inner"
/// levels), plus one per left sibling on the right border above them.
fn inclusion_proof_len(index: u64, size: u64) -> usize {
    let inner = 64 - (index ^ (size - 1)).leading_zeros();
    let border = (index >> inner).count_ones();
    (inner + border) as usize
}

/// Checks that `leaf` is leaf number `index` of the tree of `size` leaves whose root is `root`.
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    // RFC 9162 §2.1.3.2 step 1.
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_proof_len(index, size);
    if proof.len() != expected {
        return Err(ProofError::WrongProofLength {
            expected,
            got: proof.len(),
        });
    }
    // Steps 2-4. `f` is the node index of r at the current level, `s` that of the last node.
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return Err(ProofError::WrongProofLength {
                expected,
                got: proof.len(),
            });
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            // A rightmost node with no right sibling moves up unchanged until it is a right child.
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    // Step 5.
    if s != 0 {
        return Err(ProofError::WrongProofLength {
            expected,
            got: proof.len(),
        });
    }
    if r != *root {
        return Err(ProofError::RootMismatch {
            computed: r,
            expected: *root,
        });
    }
    Ok(())
}

/// Checks that the tree of `old_size` leaves with root `old_root` is a prefix of the tree of
/// `new_size` leaves with root `new_root`.
///
/// Trivial cases the RFC leaves to the caller take an empty proof: equal sizes need equal
/// roots; the empty tree (its root must be SHA-256("")) is a prefix of every tree.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old_size > new_size {
        return Err(ProofError::OldSizeTooLarge { old_size, new_size });
    }
    if old_size == new_size || old_size == 0 {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength {
                expected: 0,
                got: proof.len(),
            });
        }
        if old_size == 0 && *old_root != empty_root() {
            return Err(ProofError::EmptyTreeRoot {
                expected: empty_root(),
                got: *old_root,
            });
        }
        if old_size == new_size && old_root != new_root {
            return Err(ProofError::EqualSizeRootsDiffer {
                size: old_size,
                old_root: *old_root,
                new_root: *new_root,
            });
        }
        return Ok(());
    }

    // The proof is the inclusion path of the old tree's last leaf, minus the levels below the
    // old tree's largest complete subtree at the right (`shift`), whose root is sent instead,
    // or not sent at all when the old tree is itself complete (a power of two).
    let shift = old_size.trailing_zeros() as usize;
    let old_is_complete = old_size.is_power_of_two();
    let expected =
        inclusion_proof_len(old_size - 1, new_size) - shift + usize::from(!old_is_complete);
    // Also RFC 9162 §2.1.4.2 step 1 (an empty path fails): `expected` is at least 1 here.
    if proof.len() != expected {
        return Err(ProofError::WrongProofLength {
            expected,
            got: proof.len(),
        });
    }

    // Step 2: for a complete old tree, its root starts the path.
    let (seed, rest) = if old_is_complete {
        (*old_root, proof)
    } else {
        (proof[0], &proof[1..])
    };
    // Steps 3-4.
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    // Step 5.
    let (mut fr, mut sr) = (seed, seed);
    // Step 6.
    for c in rest {
        if s == 0 {
            return Err(ProofError::WrongProofLength {
                expected,
                got: proof.len(),
            });
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    // Step 7.
    if s != 0 {
        return Err(ProofError::WrongProofLength {
            expected,
            got: proof.len(),
        });
    }
    if fr != *old_root {
        return Err(ProofError::OldRootMismatch {
            computed: fr,
            expected: *old_root,
        });
    }
    if sr != *new_root {
        return Err(ProofError::NewRootMismatch {
            computed: sr,
            expected: *new_root,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{leaf_hash, root};
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n as u64).map(|i| leaf_hash(&i.to_le_bytes())).collect()
    }

    #[test]
    fn inclusion_length_formula_by_hand() {
        assert_eq!(inclusion_proof_len(0, 1), 0);
        assert_eq!(inclusion_proof_len(0, 8), 3);
        assert_eq!(inclusion_proof_len(6, 7), 2); // i k in the RFC's size-7 picture
        assert_eq!(inclusion_proof_len(4, 7), 3); // f j k
        assert_eq!(inclusion_proof_len(2, 3), 1);
    }

    #[test]
    fn single_leaf_tree() {
        let l = leaf_hash(b"data");
        assert_eq!(verify_inclusion(&l, 0, 1, &[], &l), Ok(()));
        let other = leaf_hash(b"other");
        assert!(matches!(
            verify_inclusion(&l, 0, 1, &[], &other),
            Err(ProofError::RootMismatch { .. })
        ));
        assert!(matches!(
            verify_inclusion(&l, 1, 1, &[], &l),
            Err(ProofError::IndexOutOfRange { .. })
        ));
        assert!(matches!(
            verify_inclusion(&l, 0, 0, &[], &l),
            Err(ProofError::IndexOutOfRange { .. })
        ));
    }

    #[test]
    fn trivial_consistency_cases() {
        let l = leaves(3);
        let (r2, r3) = (root(&l[..2]), root(&l));
        assert_eq!(verify_consistency(0, 3, &empty_root(), &r3, &[]), Ok(()));
        assert_eq!(
            verify_consistency(0, 0, &empty_root(), &empty_root(), &[]),
            Ok(())
        );
        assert_eq!(verify_consistency(3, 3, &r3, &r3, &[]), Ok(()));
        assert!(matches!(
            verify_consistency(0, 3, &r2, &r3, &[]),
            Err(ProofError::EmptyTreeRoot { .. })
        ));
        assert!(matches!(
            verify_consistency(3, 3, &r2, &r3, &[]),
            Err(ProofError::EqualSizeRootsDiffer { .. })
        ));
        assert!(matches!(
            verify_consistency(3, 3, &r3, &r3, &[r3]),
            Err(ProofError::WrongProofLength {
                expected: 0,
                got: 1
            })
        ));
        assert!(matches!(
            verify_consistency(3, 2, &r3, &r2, &[]),
            Err(ProofError::OldSizeTooLarge { .. })
        ));
        assert!(matches!(
            verify_consistency(2, 3, &r2, &r3, &[]),
            Err(ProofError::WrongProofLength {
                expected: 1,
                got: 0
            })
        ));
    }

    #[test]
    fn swapped_roots_fail() {
        let l = leaves(6);
        let (r4, r6) = (root(&l[..4]), root(&l));
        let proof = vec![root(&l[4..])];
        assert_eq!(verify_consistency(4, 6, &r4, &r6, &proof), Ok(()));
        assert!(verify_consistency(4, 6, &r6, &r4, &proof).is_err());
    }
}
