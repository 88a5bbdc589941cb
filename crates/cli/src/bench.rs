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
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::projection::{trade_row, trade_stream};
use app::{BlobStore, Platform};
use domain::{BusinessLine, Method, RegionCode, TradeEvent, TradeId, TradeState};
use ledger::EventRecord;
use store::{AppendBatch, Store, StreamAppend};
use time::macros::datetime;

use crate::setup::{ORIGIN, StoreOptions};

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

/// One append as a real command makes it: a trade's `registered` event and its projection.
fn batch(i: u64) -> (AppendBatch, Vec<u8>) {
    let trade = TradeId::parse(&format!("BENCH-{i:08}")).expect("valid id");
    let event = TradeEvent::Registered {
        trade: trade.clone(),
        title: format!("基准测试项目 {i}"),
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        region: RegionCode::parse("330100").expect("valid"),
        tenderer: app::demo::tenderer_org(1),
        agency: Some(app::demo::tenderer_org(2)),
        estimate: "4500000.00".parse().expect("valid"),
        green_channel: i.is_multiple_of(7),
        invited_bidders: vec![],
        accept_by: None,
        at: datetime!(2026-03-02 09:00 +8),
    };
    let mut state = TradeState::default();
    state.evolve(&event);
    let stream = trade_stream(&trade);
    let record = EventRecord {
        stream: stream.clone(),
        version: 1,
        kind: domain::DomainEvent::kind(&event).to_owned(),
        payload: serde_json::to_value(&event).expect("serialises"),
        actor: "bench".into(),
        role: "agency".into(),
        on_behalf_of: None,
        at_us: 1_772_413_200_000_000 + i as i64,
        ip: Some("127.0.0.1".into()),
    };
    let bytes = record.canonical_bytes().expect("canonical");
    let batch = AppendBatch {
        streams: vec![StreamAppend {
            stream,
            expected_version: 0,
            events: vec![record],
        }],
        projections: vec![trade_row(trade.as_str(), &state)],
    };
    (batch, bytes)
}

struct Figures {
    backend: &'static str,
    append: f64,
    raw: f64,
    verify: f64,
}

fn rate(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64().max(1e-9)
}

async fn measure(
    backend: &'static str,
    store: Arc<dyn Store>,
    raw: impl AsyncRaw,
    n: u64,
    dir: &std::path::Path,
) -> anyhow::Result<Figures> {
    let batches: Vec<(AppendBatch, Vec<u8>)> = (0..n).map(batch).collect();
    let bytes: Vec<Vec<u8>> = batches.iter().map(|(_, b)| b.clone()).collect();
    let raw_elapsed = raw.raw(&bytes).await?;
    let start = Instant::now();
    for (b, _) in batches {
        store.append(b).await?;
    }
    let append_elapsed = start.elapsed();
    let signer = app::load_or_create_signer(&dir.join("bench.key"), ORIGIN)?;
    let platform = Platform::new(
        store,
        BlobStore::open(dir.join("blobs"))?,
        Arc::new(legal_time::SystemClock),
        Arc::new(legal_time::Calendar::builtin()),
        Arc::new(signer),
        ORIGIN,
    );
    platform.checkpoint().await?;
    let start = Instant::now();
    let report = platform
        .verify(None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let verify_elapsed = start.elapsed();
    anyhow::ensure!(
        report.events == n,
        "verify saw {} events, expected {n}",
        report.events
    );
    Ok(Figures {
        backend,
        append: rate(n, append_elapsed),
        raw: rate(n, raw_elapsed),
        verify: rate(n, verify_elapsed),
    })
}

/// The ceiling: the backend's own raw insert of the same bytes, one transaction each.
pub trait AsyncRaw {
    fn raw(&self, rows: &[Vec<u8>]) -> impl std::future::Future<Output = anyhow::Result<Duration>>;
}

struct SqliteRaw(Arc<store_sqlite::SqliteStore>);
impl AsyncRaw for SqliteRaw {
    async fn raw(&self, rows: &[Vec<u8>]) -> anyhow::Result<Duration> {
        Ok(self.0.raw_insert_ceiling(rows).await?)
    }
}

struct PgRaw(Arc<store_postgres::PgStore>);
impl AsyncRaw for PgRaw {
    async fn raw(&self, rows: &[Vec<u8>]) -> anyhow::Result<Duration> {
        Ok(self.0.raw_insert_ceiling(rows).await?)
    }
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

async fn append(pg_url: Option<&str>, args: &BenchArgs) -> anyhow::Result<()> {
    let n = args.events;
    let dir = tempfile::tempdir()?;
    println!("bench: {n} appends per backend, each one event + its projection in one transaction");
    println!("(SQLite: WAL, synchronous=FULL; durable as served)\n");
    let mut all = Vec::new();
    let sqlite = Arc::new(store_sqlite::SqliteStore::open(&dir.path().join("bench.db")).await?);
    all.push(measure("sqlite", sqlite.clone(), SqliteRaw(sqlite), n, dir.path()).await?);
    match pg_url.filter(|_| !args.sqlite_only) {
        Some(url) => {
            let fresh = store_postgres::create_fresh_database(
                url,
                &format!("sunbid_bench_{}", std::process::id()),
            )
            .await?;
            let pg = Arc::new(store_postgres::PgStore::connect(&fresh).await?);
            all.push(measure("postgres", pg.clone(), PgRaw(pg), n, dir.path()).await?);
        }
        None => println!("postgres: skipped (set --database postgres://... or DATABASE_URL)\n"),
    }
    println!(
        "{:<10} {:>14} {:>14} {:>8} {:>14}",
        "backend", "append ev/s", "raw ins/s", "ratio", "verify ev/s"
    );
    for f in &all {
        println!(
            "{:<10} {:>14.0} {:>14.0} {:>8.2} {:>14.0}",
            f.backend,
            f.append,
            f.raw,
            f.append / f.raw,
            f.verify
        );
    }
    println!("\ngoal: ratio >= 0.50\n");
    Ok(())
}

/// Opening `count` sealed bids of `size` bytes with `seal::open_all` against bare
/// ChaCha20-Poly1305 over the same bytes on the same threads (`seal::bench_unseal`).
async fn unseal(count: usize, size: usize) -> anyhow::Result<()> {
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
