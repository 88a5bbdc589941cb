//! The selection over the ChaCha20 stream, written out here (not `rand`'s `shuffle` or
//! `random_range`, whose algorithms may change between versions and would break re-checking
//! old draws). docs/DRAW.md §5 describes it step by step.
//!
//! * The stream: ChaCha20 (20 rounds, the original layout with a 64-bit block counter from 0
//!   and a 64-bit nonce) keyed with the draw's 32-byte randomness, nonce = the round number
//!   (0 for the draw, r for the r-th redraw), read as 32-bit little-endian words in order.
//! * An index below `n`: take words `x` until `x < zone`, where `zone = 2^32 − (2^32 mod n)`
//!   (the largest multiple of `n` not above 2^32); the index is `x mod n`. Every index is
//!   then exactly equally likely. A word is consumed even when `n = 1`.
//! * `k` experts from a list sorted by id: `k` times, take the index `j` below the list's
//!   current length and remove the `j`-th expert (the rest keep their order).

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

/// The endless stream of 32-bit words of one round.
#[derive(Debug, Clone)]
pub struct ChaChaWords(ChaCha20Rng);

impl ChaChaWords {
    pub fn new(key: [u8; 32], round: u32) -> ChaChaWords {
        let mut rng = ChaCha20Rng::from_seed(key);
        rng.set_stream(u64::from(round));
        ChaChaWords(rng)
    }
}

impl Iterator for ChaChaWords {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        Some(self.0.next_u32())
    }
}

/// A uniformly distributed index in `0..n` by rejection sampling (see the module docs);
/// `None` only if `words` runs out. Panics if `n` is 0.
pub fn uniform_below(words: &mut impl Iterator<Item = u32>, n: u32) -> Option<u32> {
    assert!(n > 0, "uniform_below(0)");
    let n = u64::from(n);
    let zone = (1u64 << 32) - (1u64 << 32) % n;
    loop {
        let x = u64::from(words.next()?);
        if x < zone {
            return Some((x % n) as u32);
        }
    }
}

/// Draws `k` items without replacement: `k` times, the index below the current length, the
/// item at it removed from `candidates` (which keeps the others in order). `None` if `k`
/// exceeds the candidates or `words` runs out.
pub fn pick<T>(
    words: &mut impl Iterator<Item = u32>,
    candidates: &mut Vec<T>,
    k: u32,
) -> Option<Vec<T>> {
    if k as usize > candidates.len() {
        return None;
    }
    let mut picked = Vec::with_capacity(k as usize);
    for _ in 0..k {
        let n = u32::try_from(candidates.len()).expect("fewer than 2^32 candidates");
        let j = uniform_below(words, n)?;
        picked.push(candidates.remove(j as usize));
    }
    Some(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_at_or_above_the_zone_are_rejected() {
        // n = 3: 2^32 mod 3 = 1, zone = 2^32 − 1, so only u32::MAX is rejected
        let mut w = [u32::MAX, u32::MAX, 7].into_iter();
        assert_eq!(uniform_below(&mut w, 3), Some(1));
        assert_eq!(w.next(), None);
        // n = 2^31 + 1: zone = 2^31 + 1; half the words are rejected
        let n = (1u32 << 31) + 1;
        let mut w = [1u32 << 31 | 5, 1u32 << 31, 9].into_iter();
        assert_eq!(uniform_below(&mut w, n), Some(1 << 31));
        assert_eq!(uniform_below(&mut [0x8000_0001u32].into_iter(), n), None);
        // n = 1 consumes one word
        let mut w = [42u32, 43].into_iter();
        assert_eq!(uniform_below(&mut w, 1), Some(0));
        assert_eq!(w.next(), Some(43));
    }

    #[test]
    fn pick_removes_in_order() {
        let mut c = vec!["a", "b", "c", "d", "e"];
        // 6 mod 5 = 1 → "b"; 10 mod 4 = 2 → "d"; 0 mod 3 → "a"
        let got = pick(&mut [6u32, 10, 0].into_iter(), &mut c, 3).unwrap();
        assert_eq!(got, ["b", "d", "a"]);
        assert_eq!(c, ["c", "e"]);
        assert_eq!(pick(&mut [0u32].into_iter(), &mut c, 3), None);
    }
}
