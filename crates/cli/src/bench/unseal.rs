//! Opening many sealed bids in parallel against bare ChaCha20-Poly1305.
use super::{human_size, machine};

/// Opening `count` sealed bids of `size` bytes with `seal::open_all` against bare
/// ChaCha20-Poly1305 over the same bytes on the same threads (`seal::bench_unseal`).
pub(super) async fn unseal(count: usize, size: usize) -> anyhow::Result<()> {
    println!(
        "unseal: {count} bids of {} sealed with hpke-x25519-chacha20poly1305 (sealing not timed; needs ~{} MiB of memory), opened with seal::open_all; best of 3 rounds",
        human_size(size),
        (4 * count * size) >> 20
    );
    println!("machine: {}", machine());
    let f = tokio::task::spawn_blocking(move || seal::bench_unseal(count, size)).await??;
    println!(
        "{:>6} {:>9} {:>8} {:>12} {:>10} {:>10} {:>7}",
        "bids", "size", "threads", "unseal all", "MiB/s", "raw MiB/s", "ratio"
    );
    println!(
        "{:>6} {:>9} {:>8} {:>10.0}ms {:>10.0} {:>10.0} {:>7.2}",
        f.count,
        human_size(f.size),
        f.threads,
        f.open_all.as_secs_f64() * 1e3,
        f.open_all_mib_s,
        f.raw_mib_s,
        f.ratio
    );
    println!(
        "\ngoal: ratio >= 0.70 ({}); raw = bare ChaCha20-Poly1305 decryption of as many bytes on the same threads\n",
        if f.ratio >= 0.7 { "met" } else { "NOT met" }
    );
    Ok(())
}
