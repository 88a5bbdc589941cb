//! Prints [`seal::bench_unseal`] figures: `cargo run --release -p seal --example bench_unseal -- [COUNT] [SIZE_BYTES]`.
//!
//! Defaults: 16 bids of 4 MiB. `sunbid bench` prints the same figures from the CLI.

fn main() -> Result<(), seal::SealError> {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().expect("COUNT and SIZE are integers"));
    let count = args.next().unwrap_or(16);
    let size = args.next().unwrap_or(4 << 20);
    let f = seal::bench_unseal(count, size)?;
    println!(
        "open_all: {count} bids x {size} B on {} threads: {:.1} MiB/s ({:.3} s); bare ChaCha20-Poly1305: {:.1} MiB/s ({:.3} s); ratio {:.2} (goal >= 0.70)",
        f.threads,
        f.open_all_mib_s,
        f.open_all.as_secs_f64(),
        f.raw_mib_s,
        f.raw.as_secs_f64(),
        f.ratio
    );
    Ok(())
}
