//! Building inclusion and consistency proofs from the full list of leaf hashes
//! (RFC 6962 §2.1.1 PATH and §2.1.2 SUBPROOF; RFC 9162 §2.1.3.1 and §2.1.4.1).
//!
//! The RFC defines both recursively; each recursion step only descends into one half and
//! records the root of the other half, so a loop walking down from the root does the same.
//! The recorded siblings come out root-first; proofs list them leaf-first, so they are
//! reversed at the end. The sibling subtrees are disjoint, so the total hashing is O(n).
#![forbid(unsafe_code)]

use super::{ProofError, root, split_point};
use crate::hash::Hash;

/// The audit path for leaf `index` in the tree over all of `leaves` (tree size =
/// `leaves.len()`), leaf-to-root order as RFC 9162 sends it.
pub fn inclusion_proof(leaves: &[Hash], index: u64) -> Result<Vec<Hash>, ProofError> {
    let size = leaves.len() as u64;
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut siblings = Vec::with_capacity(64);
    let (mut lo, mut hi, mut m) = (0usize, leaves.len(), index);
    while hi - lo > 1 {
        let k = split_point((hi - lo) as u64);
        let mid = lo + k as usize;
        if m < k {
            // The leaf is in the left subtree: the right subtree's root is the sibling.
            siblings.push(root(&leaves[mid..hi]));
            hi = mid;
        } else {
            siblings.push(root(&leaves[lo..mid]));
            lo = mid;
            m -= k;
        }
    }
    siblings.reverse();
    Ok(siblings)
}

/// The proof that the tree of the first `old_size` leaves is a prefix of the tree over all of
/// `leaves` (new size = `leaves.len()`).
///
/// `old_size == 0` and `old_size == leaves.len()` give an empty proof: an empty tree is a
/// prefix of everything, and a tree is consistent with itself; `verify_consistency` accepts
/// those with an empty proof and checks the roots instead.
pub fn consistency_proof(leaves: &[Hash], old_size: u64) -> Result<Vec<Hash>, ProofError> {
    let new_size = leaves.len() as u64;
    if old_size > new_size {
        return Err(ProofError::OldSizeTooLarge { old_size, new_size });
    }
    if old_size == 0 || old_size == new_size {
        return Ok(Vec::new());
    }
    let mut siblings = Vec::with_capacity(64);
    // `whole_old_tree` is the RFC's flag b: true while the subtree we are in starts at leaf 0,
    // so the old tree's own root there is already known to the verifier and is not sent.
    let (mut lo, mut hi, mut m, mut whole_old_tree) = (0usize, leaves.len(), old_size, true);
    loop {
        let n = (hi - lo) as u64;
        if m == n {
            if !whole_old_tree {
                siblings.push(root(&leaves[lo..hi]));
            }
            break;
        }
        let k = split_point(n);
        let mid = lo + k as usize;
        if m <= k {
            siblings.push(root(&leaves[mid..hi]));
            hi = mid;
        } else {
            siblings.push(root(&leaves[lo..mid]));
            lo = mid;
            m -= k;
            whole_old_tree = false;
        }
    }
    siblings.reverse();
    Ok(siblings)
}

#[cfg(test)]
mod tests {
    use super::super::{empty_root, leaf_hash, node_hash};
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n as u64).map(|i| leaf_hash(&i.to_le_bytes())).collect()
    }

    #[test]
    fn out_of_range_index_is_refused() {
        assert_eq!(
            inclusion_proof(&[], 0),
            Err(ProofError::IndexOutOfRange { index: 0, size: 0 })
        );
        assert_eq!(
            inclusion_proof(&leaves(7), 7),
            Err(ProofError::IndexOutOfRange { index: 7, size: 7 })
        );
    }

    #[test]
    fn single_leaf_has_empty_path() {
        assert_eq!(inclusion_proof(&leaves(1), 0), Ok(vec![]));
    }

    #[test]
    fn size_three_path_by_hand() {
        // Tree over a b c: root = H(H(a,b), c). Path of b is [a, c]; path of c is [H(a,b)].
        let l = leaves(3);
        assert_eq!(inclusion_proof(&l, 1).unwrap(), vec![l[0], l[2]]);
        assert_eq!(
            inclusion_proof(&l, 2).unwrap(),
            vec![node_hash(&l[0], &l[1])]
        );
    }

    #[test]
    fn consistency_edges() {
        let l = leaves(5);
        assert_eq!(consistency_proof(&l, 0), Ok(vec![]));
        assert_eq!(consistency_proof(&l, 5), Ok(vec![]));
        assert_eq!(
            consistency_proof(&l, 6),
            Err(ProofError::OldSizeTooLarge {
                old_size: 6,
                new_size: 5
            })
        );
        assert_eq!(consistency_proof(&[], 0), Ok(vec![]));
        assert_ne!(empty_root(), root(&l));
    }

    #[test]
    fn consistency_by_hand() {
        // 2 -> 3: old tree H(a,b) is the left child already; only c is needed.
        let l = leaves(3);
        assert_eq!(consistency_proof(&l, 2).unwrap(), vec![l[2]]);
        // 3 -> 4: old root H(H(a,b),c) is not a node of the new tree, so send c, d, H(a,b).
        let l = leaves(4);
        assert_eq!(
            consistency_proof(&l, 3).unwrap(),
            vec![l[2], l[3], node_hash(&l[0], &l[1])]
        );
    }
}
