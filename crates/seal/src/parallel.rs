//! Opening many bids at once, and the figures `sunbid bench` prints about it.

use std::thread;
use std::time::{Duration, Instant};

use chacha20poly1305::ChaCha20Poly1305;
use chacha20poly1305::aead::{Aead, KeyInit};
use rand_core::{CryptoRng, Rng};

use crate::envelope::Opener;
use crate::{OpeningKeyPair, OpeningSecretKey, SealError, Suite, seal};

/// Maps `f` over `items` on up to `available_parallelism()` scoped threads, one contiguous chunk
/// each, keeping the input order. Contiguous chunks (not work stealing) keep it simple and are
/// fair enough: bids of one trade are of similar size, and the bench uses the same split for
/// both sides of its ratio.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism().map_or(1, |n| n.get());
    if items.len() <= 1 || threads == 1 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| scope.spawn(move || c.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("opening thread panicked"))
            .collect()
    })
}

/// Opens every envelope with the opening key, in parallel. One result per envelope, in order:
/// a bid that fails (第31条) does not stop the others from being opened.
pub fn open_all(secret: &OpeningSecretKey, envelopes: &[&[u8]]) -> Vec<Result<Vec<u8>, SealError>> {
    let opener = Opener::new(secret);
    par_map(envelopes, |bytes| opener.open(bytes))
}

/// Rounds of each measurement in [`bench_unseal`]; the best of each is kept.
const BENCH_ROUNDS: usize = 3;

/// What [`bench_unseal`] measured.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchFigures {
    /// Number of bids.
    pub count: usize,
    /// Plaintext size of each bid in bytes.
    pub size: usize,
    /// Threads used by both measurements.
    pub threads: usize,
    /// Wall time of [`open_all`] over the sealed bids (best of 3 rounds).
    pub open_all: Duration,
    /// Wall time of bare ChaCha20-Poly1305 decryption of as many bytes on the same threads
    /// (best of 3 rounds, interleaved with the `open_all` ones).
    pub raw: Duration,
    /// Plaintext throughput of `open_all`, MiB/s.
    pub open_all_mib_s: f64,
    /// Plaintext throughput of the bare AEAD, MiB/s.
    pub raw_mib_s: f64,
    /// `open_all_mib_s / raw_mib_s`: how much of the AEAD's speed the envelope keeps (goal ≥ 0.7;
    /// the difference is header parsing, one X25519 + HKDF per bid, and copying).
    pub ratio: f64,
}

/// Seals `count` random bids of `size` bytes with `hpke-x25519-chacha20poly1305`, then times
/// [`open_all`] against bare ChaCha20-Poly1305 decryption of the same amount of data split the
/// same way over the same threads. Sealing is not timed. Needs about 4 × count × size bytes of
/// memory.
pub fn bench_unseal(count: usize, size: usize) -> Result<BenchFigures, SealError> {
    let mut rng = crate::os_rng();
    let (public, secret) =
        OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng).into_parts();

    let mut plaintext = vec![0u8; size];
    let mut envelopes = Vec::with_capacity(count);
    let mut raw = Vec::with_capacity(count);
    for _ in 0..count {
        rng.fill_bytes(&mut plaintext);
        envelopes.push(seal(&public, "BENCH-0001", &plaintext, &mut rng)?);
        raw.push(raw_sealed(&plaintext, &mut rng));
    }

    let refs: Vec<&[u8]> = envelopes.iter().map(Vec::as_slice).collect();
    // The machine is shared and noisy: interleave a few rounds of both measurements and keep
    // each one's best, so neither side is favoured by going first (cold allocator, page
    // faults) or by a neighbour's burst.
    let mut open_all_time = Duration::MAX;
    let mut raw_time = Duration::MAX;
    for _ in 0..BENCH_ROUNDS {
        let start = Instant::now();
        let opened = open_all(&secret, &refs);
        open_all_time = open_all_time.min(start.elapsed());
        for r in opened {
            r?;
        }

        let start = Instant::now();
        let raw_opened = par_map(&raw, |(key, nonce, ct)| {
            ChaCha20Poly1305::new(key.into())
                .decrypt(nonce.into(), ct.as_slice())
                .map_err(|_| SealError::DecryptFailed)
        });
        raw_time = raw_time.min(start.elapsed());
        for r in raw_opened {
            r?;
        }
    }

    let mib = (count * size) as f64 / (1024.0 * 1024.0);
    // Clamp to a microsecond so tiny runs cannot divide by zero.
    let secs = |d: Duration| d.as_secs_f64().max(1e-6);
    let open_all_mib_s = mib / secs(open_all_time);
    let raw_mib_s = mib / secs(raw_time);
    Ok(BenchFigures {
        count,
        size,
        threads: thread::available_parallelism().map_or(1, |n| n.get()),
        open_all: open_all_time,
        raw: raw_time,
        open_all_mib_s,
        raw_mib_s,
        ratio: if raw_mib_s > 0.0 {
            open_all_mib_s / raw_mib_s
        } else {
            0.0
        },
    })
}

/// Encrypts `plaintext` under a fresh random key and nonce with bare ChaCha20-Poly1305.
fn raw_sealed(plaintext: &[u8], rng: &mut impl CryptoRng) -> ([u8; 32], [u8; 12], Vec<u8>) {
    let mut key = [0u8; 32];
    let mut nonce = [0u8; 12];
    rng.fill_bytes(&mut key);
    rng.fill_bytes(&mut nonce);
    let ct = ChaCha20Poly1305::new(&key.into())
        .encrypt(&nonce.into(), plaintext)
        .expect("in-memory encryption");
    (key, nonce, ct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_map_keeps_order() {
        let v: Vec<usize> = (0..1000).collect();
        assert_eq!(
            par_map(&v, |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert!(par_map(&Vec::<usize>::new(), |x| *x).is_empty());
    }

    #[test]
    fn bench_runs_on_a_small_size() {
        // No timing asserts: only that it runs and reports something sensible.
        let f = bench_unseal(4, 4096).unwrap();
        assert_eq!((f.count, f.size), (4, 4096));
        assert!(f.threads >= 1);
        assert!(f.ratio > 0.0 && f.ratio.is_finite(), "{f:?}");
    }
}
