//! The right border of the tree (a "compact range" over [0, size)): the roots of the perfect
//! subtrees the leaves so far decompose into, one per set bit of `size`, largest (leftmost)
//! first. That is all one needs to append a leaf and to compute the root, so the store can
//! keep the tree state in one small row instead of re-reading every leaf hash on each append.
#![forbid(unsafe_code)]

use crate::hash::Hash;
use crate::merkle::{empty_root, node_hash};

/// Incremental Merkle tree state: at most 64 subtree roots (one per bit of a u64 size).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frontier {
    size: u64,
    /// Roots of the perfect subtrees, left to right; subtree i covers 2^(bit) leaves for the
    /// i-th set bit of `size` counted from the top.
    hashes: Vec<Hash>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontierError {
    #[error("frontier bytes too short: {0} bytes, at least 8 needed for the size")]
    TooShort(usize),
    #[error("frontier of size {size} needs {expected} bytes, got {got}")]
    WrongLength {
        size: u64,
        expected: usize,
        got: usize,
    },
}

impl Frontier {
    /// The empty tree.
    pub fn new() -> Frontier {
        Frontier {
            size: 0,
            hashes: Vec::with_capacity(64),
        }
    }

    /// The frontier after appending all of `leaves` to an empty tree.
    pub fn from_leaves(leaves: &[Hash]) -> Frontier {
        let mut f = Frontier::new();
        for leaf in leaves {
            f.push(*leaf);
        }
        f
    }

    /// Appends one leaf hash. Like a binary counter increment: every trailing 1 bit of the old
    /// size is a subtree of equal size to merge with the new one.
    ///
    /// # Panics
    /// If the tree already holds 2^64 - 1 leaves.
    pub fn push(&mut self, leaf: Hash) {
        let new_size = self
            .size
            .checked_add(1)
            .expect("Merkle tree size overflows u64");
        let mut carry = leaf;
        let mut bits = self.size;
        while bits & 1 == 1 {
            let left = self.hashes.pop().expect("one hash per set bit of size");
            carry = node_hash(&left, &carry);
            bits >>= 1;
        }
        self.hashes.push(carry);
        self.size = new_size;
    }

    /// Number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The subtree roots, left to right (one per set bit of `size`, most significant first).
    pub fn hashes(&self) -> &[Hash] {
        &self.hashes
    }

    /// The tree root: the subtree roots folded from the right, which is the RFC 9162 MTH
    /// because the smaller subtrees are always the right children of the split.
    pub fn root(&self) -> Hash {
        let mut rev = self.hashes.iter().rev();
        match rev.next() {
            None => empty_root(),
            Some(last) => rev.fold(*last, |acc, left| node_hash(left, &acc)),
        }
    }

    /// Storage form: the size as 8 bytes big-endian, then the subtree roots left to right.
    /// Its length follows from the size, so it can be checked on the way back.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 32 * self.hashes.len());
        out.extend_from_slice(&self.size.to_be_bytes());
        for h in &self.hashes {
            out.extend_from_slice(&h.0);
        }
        out
    }

    /// Parses [`Frontier::to_bytes`]; refuses any length that does not match the size.
    pub fn from_bytes(bytes: &[u8]) -> Result<Frontier, FrontierError> {
        let (size_bytes, rest) = bytes
            .split_first_chunk::<8>()
            .ok_or(FrontierError::TooShort(bytes.len()))?;
        let size = u64::from_be_bytes(*size_bytes);
        let count = size.count_ones() as usize;
        if rest.len() != 32 * count {
            return Err(FrontierError::WrongLength {
                size,
                expected: 8 + 32 * count,
                got: bytes.len(),
            });
        }
        let mut hashes = Vec::with_capacity(64);
        hashes.extend(rest.chunks_exact(32).filter_map(Hash::from_slice));
        Ok(Frontier { size, hashes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{leaf_hash, root};

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n as u64).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn empty_frontier() {
        let f = Frontier::new();
        assert_eq!(f.size(), 0);
        assert_eq!(f.root(), empty_root());
        assert_eq!(f.to_bytes(), vec![0u8; 8]);
        assert_eq!(Frontier::from_bytes(&[0u8; 8]), Ok(f));
    }

    #[test]
    fn one_hash_per_set_bit() {
        let l = leaves(13); // 0b1101: subtrees of 8, 4 and 1 leaves.
        let f = Frontier::from_leaves(&l);
        assert_eq!(f.hashes(), &[root(&l[..8]), root(&l[8..12]), l[12]]);
        assert_eq!(f.root(), root(&l));
    }

    #[test]
    fn bytes_round_trip_and_continue_appending() {
        let l = leaves(21);
        let f = Frontier::from_leaves(&l[..11]);
        let bytes = f.to_bytes();
        assert_eq!(bytes.len(), 8 + 32 * 3);
        let mut back = Frontier::from_bytes(&bytes).unwrap();
        assert_eq!(back, f);
        for h in &l[11..] {
            back.push(*h);
        }
        assert_eq!(back.root(), root(&l));
    }

    #[test]
    fn malformed_bytes_are_refused() {
        assert_eq!(
            Frontier::from_bytes(&[0u8; 7]),
            Err(FrontierError::TooShort(7))
        );
        let mut bytes = Frontier::from_leaves(&leaves(3)).to_bytes();
        bytes.pop();
        assert_eq!(
            Frontier::from_bytes(&bytes),
            Err(FrontierError::WrongLength {
                size: 3,
                expected: 72,
                got: 71
            })
        );
        // A size claiming more subtrees than the hashes present.
        let mut bytes = Frontier::from_leaves(&leaves(2)).to_bytes();
        bytes[7] = 3;
        assert!(matches!(
            Frontier::from_bytes(&bytes),
            Err(FrontierError::WrongLength { .. })
        ));
    }
}
