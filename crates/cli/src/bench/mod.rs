//! `sunbid bench`: five parts, all by default (`--only` picks some).
//! - append: events appended per second on each backend against the same machine's raw rate
//!   for inserting the same bytes one transaction each (the ceiling), their ratio, and verify
//!   speed.
//! - surge: many sealed bids submitted at once just before a deadline (see `surge.rs`).
//! - unseal: opening many sealed bids in parallel against bare ChaCha20-Poly1305.
//! - evaluate: `sunbid evaluate` on a synthetic 1,000-bid, 9-member input (see `evaluate.rs`).
//! - experts: 10,000 experts imported from XLSX and a draw against them (`experts_bench.rs`).
//!
//! Run it in release mode: `cargo run --release --bin sunbid -- bench`.
use std::process::ExitCode;

use crate::setup::StoreOptions;

mod append;
mod event;
mod unseal;

use append::append;
use unseal::unseal;

/// A part of the benchmark.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Append and verify rates per backend.
    Append,
    /// Concurrent sealed-bid submissions just before a deadline, per backend.
    Surge,
    /// Opening sealed bids in parallel.
    Unseal,
    /// Recomputing a 1,000-bid, 9-member evaluation (`sunbid evaluate`).
    Evaluate,
    /// Importing 10,000 experts from XLSX and drawing against them.
    Experts,
}

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Run only these parts (comma-separated or repeated); default: all of them.
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<Part>,
    /// Events to append per backend.
    #[arg(long, default_value_t = 5_000)]
    events: u64,
    /// Skip PostgreSQL even if --database / SUNBID_DATABASE_URL / DATABASE_URL is set.
    #[arg(long)]
    sqlite_only: bool,
    /// Surge: concurrent bid submissions (one per bidder organisation).
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(1..=9_999_000))]
    bids: u32,
    /// Surge: size of each sealed envelope (bytes, or with KiB / MiB).
    #[arg(long, default_value = "64KiB", value_parser = parse_size)]
    bid_size: usize,
    /// Surge: attempts after a failed call, with the same bid key (0 = one call per bid).
    #[arg(long, default_value_t = 0)]
    surge_retries: u32,
    /// Surge: let one submission at a time in (a lock held by the bench), to measure the
    /// per-submission cost without version conflicts.
    #[arg(long)]
    surge_serial: bool,
    /// Unseal: number of bids.
    #[arg(long, default_value_t = 1_000)]
    unseal_bids: usize,
    /// Unseal: plaintext size of each bid (bytes, or with KiB / MiB).
    #[arg(long, default_value = "1MiB", value_parser = parse_size)]
    unseal_size: usize,
}

/// `65536`, `64KiB`, `1MiB` (also `K`, `KB`, `M`, `MB`, taken as binary units).
fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: usize = digits
        .parse()
        .map_err(|_| format!("{s:?}: expected a number of bytes, e.g. 65536, 64KiB, 1MiB"))?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        other => return Err(format!("{other:?}: unit must be KiB or MiB")),
    };
    n.checked_mul(factor)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?}: out of range"))
}

pub async fn run(opts: &StoreOptions, args: BenchArgs) -> anyhow::Result<ExitCode> {
    let wanted = |p: Part| args.only.is_empty() || args.only.contains(&p);
    let pg_url = opts
        .database
        .clone()
        .or_else(|| std::env::var("DATABASE_URL").ok());
    if wanted(Part::Append) {
        append(pg_url.as_deref(), &args).await?;
    }
    if wanted(Part::Surge) {
        let cfg = crate::surge::SurgeConfig {
            bids: args.bids,
            size: args.bid_size,
            retries: args.surge_retries,
            serial: args.surge_serial,
        };
        crate::surge::run(pg_url.as_deref(), args.sqlite_only, cfg).await?;
    }
    if wanted(Part::Unseal) {
        unseal(args.unseal_bids, args.unseal_size).await?;
    }
    if wanted(Part::Evaluate) {
        crate::evaluate::bench(1_000, 9)?;
    }
    if wanted(Part::Experts) {
        crate::experts_bench::run(10_000).await?;
    }
    Ok(ExitCode::SUCCESS)
}

/// "2 cores, load average 0.52 0.61 0.70" (the load from /proc, Linux only): a shared
/// machine's neighbours skew every figure, so the output says how busy it was.
pub(crate) fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .map_or_else(String::new, |l| format!(", load average {l}"));
    format!("{cores} cores{load}")
}

pub(crate) fn human_size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} B")
    }
}
