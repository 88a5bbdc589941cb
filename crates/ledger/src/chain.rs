//! The chain of a log's checkpoints: each numbered, each naming the tree head of the one
//! before. Whoever holds only the database cannot sign, so it cannot renumber or re-link:
//! deleting a stored checkpoint (a middle one or, against the signer's own record, the
//! last) leaves a gap that [`check_chain`] names.
#![forbid(unsafe_code)]

use crate::checkpoint::Checkpoint;
use crate::hash::Hash;
use crate::merkle::empty_root;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error(
        "checkpoint number {found} stands in place {expected}: checkpoints before it are missing (deleted), or it was renumbered"
    )]
    NumberGap { expected: u64, found: u64 },
    #[error(
        "checkpoint {number} follows the tree of size {stated} with root {stated_root}, but the checkpoint before it is of size {actual} with root {actual_root}: a checkpoint between them is missing"
    )]
    BrokenLink {
        number: u64,
        stated: u64,
        stated_root: Hash,
        actual: u64,
        actual_root: Hash,
    },
    #[error(
        "a checkpoint without a number follows numbered ones: it was not signed by this platform's chain"
    )]
    Unnumbered,
}

/// Checks that `next`, the checkpoint in place `position` (1 for the first) of a log's stored
/// checkpoints in size order, follows `prev` (the one in place `position - 1`): its number is
/// its place and it names `prev`'s size and root (size 0 and the empty root for the first).
/// Checkpoints signed before numbering (no chain line) may only come first.
pub fn check_chain(
    prev: Option<&Checkpoint>,
    next: &Checkpoint,
    position: u64,
) -> Result<(), ChainError> {
    let Some(chain) = &next.chain else {
        return match prev.and_then(|p| p.chain) {
            Some(_) => Err(ChainError::Unnumbered),
            None => Ok(()),
        };
    };
    if chain.number != position {
        return Err(ChainError::NumberGap {
            expected: position,
            found: chain.number,
        });
    }
    let (actual, actual_root) = prev.map_or((0, empty_root()), |p| (p.size, p.root));
    if (chain.prev_size, chain.prev_root) != (actual, actual_root) {
        return Err(ChainError::BrokenLink {
            number: chain.number,
            stated: chain.prev_size,
            stated_root: chain.prev_root,
            actual,
            actual_root,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint::Chain;

    fn cp(size: u64, number: Option<u64>, prev: Option<&Checkpoint>) -> Checkpoint {
        Checkpoint {
            origin: "o".into(),
            size,
            root: Hash([size as u8; 32]),
            chain: number.map(|number| Chain {
                number,
                prev_size: prev.map_or(0, |p| p.size),
                prev_root: prev.map_or(empty_root(), |p| p.root),
            }),
        }
    }

    #[test]
    fn a_whole_chain_passes_and_any_deletion_is_named() {
        let c1 = cp(0, Some(1), None);
        let c2 = cp(5, Some(2), Some(&c1));
        let c3 = cp(9, Some(3), Some(&c2));
        let c4 = cp(12, Some(4), Some(&c3));
        let all = [&c1, &c2, &c3, &c4];
        let walk = |list: &[&Checkpoint]| {
            let mut prev = None;
            for (i, c) in list.iter().enumerate() {
                check_chain(prev, c, i as u64 + 1)?;
                prev = Some(*c);
            }
            Ok::<(), ChainError>(())
        };
        assert_eq!(walk(&all), Ok(()));
        assert!(matches!(
            walk(&[&c1, &c3, &c4]),
            Err(ChainError::NumberGap {
                expected: 2,
                found: 3
            })
        ));
        assert!(matches!(
            walk(&[&c2, &c3, &c4]),
            Err(ChainError::NumberGap {
                expected: 1,
                found: 2
            })
        ));
        // Renumbered after a deletion, without the key the link still names the lost one.
        let mut c3_renumbered = c3.clone();
        c3_renumbered.chain.as_mut().unwrap().number = 2;
        assert!(matches!(
            walk(&[&c1, &c3_renumbered]),
            Err(ChainError::BrokenLink { stated: 5, .. })
        ));
    }

    #[test]
    fn unnumbered_checkpoints_may_only_come_first() {
        let old1 = cp(3, None, None);
        let old2 = cp(4, None, None);
        let new3 = cp(8, Some(3), Some(&old2));
        assert_eq!(check_chain(None, &old1, 1), Ok(()));
        assert_eq!(check_chain(Some(&old1), &old2, 2), Ok(()));
        assert_eq!(check_chain(Some(&old2), &new3, 3), Ok(()));
        assert_eq!(
            check_chain(Some(&new3), &cp(9, None, None), 4),
            Err(ChainError::Unnumbered)
        );
        // Deleting an unnumbered one before a numbered one shifts the places: caught.
        assert!(check_chain(Some(&old1), &new3, 2).is_err());
    }
}
