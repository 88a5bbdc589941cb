//! `sunbid bench --only surge`: many sealed bids on one trade in the last minute before its
//! deadline. In process (no HTTP): N tasks call `Platform::submit_bid` once each, all released
//! together, on the demo trade GC-2026-0905 (standing with bidding open). Sealing is done
//! beforehand and not timed. The store is wrapped to count and time its calls. After the surge
//! the log is verified, and a few more bids are submitted one at a time to show where a
//! submission's time goes at that size of trade and log.
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use app::bidding::{BidKey, BidReceipt, BidUpload};
use app::demo::{org_code, run_steps, seed_accounts, standing_steps, trade_id};
use app::{AppError, BlobStore, Meta, Platform};
use domain::{Actor, Role, TradeId};
use legal_time::{Calendar, SettableClock};
use store::Store;

use crate::setup::ORIGIN;
use crate::timed_store::TimedStore;

/// The demo trade that stands with bidding open (deadline 2026-11-27 09:30 +08:00).
pub const TRADE: &str = "GC-2026-0905";

/// Bids submitted one at a time after the surge, to see where the time goes.
const PROFILE_BIDS: u32 = 10;

#[derive(Debug, Clone, Copy)]
pub struct SurgeConfig {
    /// Concurrent submissions, one per bidder organisation.
    pub bids: u32,
    /// Envelope size in bytes.
    pub size: usize,
    /// Further attempts with the same bid key after a failed call (0 = one call each).
    pub retries: u32,
    /// Let one call at a time into `submit_bid` (a lock held by the bench, as a per-trade
    /// queue in the platform would); latency then includes the wait.
    pub serial: bool,
}

/// A bid sealed before the clock starts.
struct Ready {
    actor: Actor,
    key: BidKey,
    envelope: Vec<u8>,
}

/// What one task saw.
struct Call {
    latency: Duration,
    attempts: u32,
    result: Result<BidReceipt, AppError>,
    envelope: Vec<u8>,
}

fn bidder(i: u32) -> Actor {
    Actor::new(format!("bench-bidder-{i}"), Role::Bidder)
        .with_org(org_code("91320100MA", i).as_str())
}

/// A bid package for bidder `org` whose file makes the plaintext `content` bytes long.
fn package(trade: &TradeId, org: &str, content: usize) -> anyhow::Result<Vec<u8>> {
    let filler: Vec<u8> = org.bytes().cycle().take(content).collect();
    let package = seal::BidPackage {
        trade: trade.to_string(),
        bidder: org.to_owned(),
        price_fen: 612_345_600,
        period_days: 90,
        deposit_account: None,
        files: vec![seal::BidFile::new("bid.pdf", None, filler)],
    };
    Ok(package.to_bytes()?)
}

/// Seals one bid per bidder `first..first + count`, each envelope about `size` bytes (the
/// file's content is base64 in the package, so it takes 3/4 of what is left after the fixed
/// parts).
fn seal_bids(
    trade: &TradeId,
    public: &seal::OpeningPublicKey,
    first: u32,
    count: u32,
    size: usize,
) -> anyhow::Result<Vec<Ready>> {
    let mut rng = seal::os_rng();
    let fixed = seal::seal(
        public,
        trade.as_str(),
        &package(trade, org_code("91320100MA", first).as_str(), 0)?,
        &mut rng,
    )?
    .len();
    let content = size.saturating_sub(fixed) / 4 * 3;
    (first..first + count)
        .map(|i| {
            let actor = bidder(i);
            let org = actor.org.clone().unwrap_or_default();
            let plain = package(trade, &org, content)?;
            Ok(Ready {
                actor,
                key: BidKey::random(),
                envelope: seal::seal(public, trade.as_str(), &plain, &mut rng)?,
            })
        })
        .collect()
}

/// Nearest-rank percentile of sorted `v`.
fn percentile(v: &[Duration], q: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// This process's user + system CPU time, from /proc (Linux; `None` elsewhere). The kernel
/// counts it in USER_HZ ticks, 100 per second on Linux.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // After the command name (in parentheses, may hold spaces) come the state (field 3), ...,
    // utime (field 14) and stime (field 15).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn meta() -> Meta {
    Meta {
        ip: Some("198.51.100.20".into()),
        expected_version: None,
    }
}

pub async fn run(pg_url: Option<&str>, sqlite_only: bool, cfg: SurgeConfig) -> anyhow::Result<()> {
    println!(
        "surge: {} sealed bids of {} each on {TRADE}, one minute before its deadline, {} concurrent tasks released together (a tokio Barrier), each calling Platform::submit_bid {}{}",
        cfg.bids,
        crate::bench::human_size(cfg.size),
        cfg.bids,
        if cfg.retries == 0 {
            "once".to_owned()
        } else {
            format!(
                "until it succeeds (at most {} attempts, same bid key)",
                cfg.retries + 1
            )
        },
        if cfg.serial {
            "; --surge-serial: the bench lets one call at a time in (a lock around submit_bid, as a per-trade queue would)"
        } else {
            ""
        }
    );
    println!(
        "In process, no HTTP. Each submission: loads the trade, checks the envelope (a well-formed envelope addressed to this trade's opening key), writes its blob (temp file, fsync, rename, fsync of the folder), seals the bidder's label to the opening key, appends one event to the log (one transaction), and returns a receipt with an inclusion proof under a signed checkpoint (the latest if it holds the bid, else signed, stored and recorded beside the key; the proof reads all leaf hashes)."
    );
    println!(
        "Every receipt is then checked as a bidder would (sunbid receipt verify: record, proof, checkpoint signature, envelope hash), and the log verified."
    );
    println!("Sealing happens before and is not timed.\n");
    let dir = tempfile::tempdir()?;
    let sqlite = Arc::new(store_sqlite::SqliteStore::open(&dir.path().join("surge.db")).await?);
    surge_on("sqlite", sqlite, &dir.path().join("sqlite"), cfg).await?;
    match pg_url.filter(|_| !sqlite_only) {
        Some(url) => {
            let fresh = store_postgres::create_fresh_database(
                url,
                &format!("sunbid_surge_{}", std::process::id()),
            )
            .await?;
            let pg = Arc::new(store_postgres::PgStore::connect(&fresh).await?);
            surge_on("postgres", pg, &dir.path().join("postgres"), cfg).await?;
        }
        None => {
            println!("surge on postgres: skipped (set --database postgres://... or DATABASE_URL)\n")
        }
    }
    Ok(())
}

async fn surge_on(
    backend: &str,
    store: Arc<dyn Store>,
    dir: &Path,
    cfg: SurgeConfig,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let trade = trade_id(TRADE);
    let steps: Vec<_> = standing_steps()
        .into_iter()
        .filter(|s| s.trade == trade)
        .collect();
    let first = steps.first().context("no standing steps for the trade")?.at;
    let clock = SettableClock::new(first);
    let key = dir.join("checkpoint.key");
    let signer = app::load_or_create_signer(&key, ORIGIN)?;
    let timed = Arc::new(TimedStore::new(store));
    // As `serve` runs: with the signer's record beside the key.
    let platform = Arc::new(
        Platform::new(
            timed.clone(),
            BlobStore::open(dir.join("blobs"))?,
            Arc::new(clock.clone()),
            Arc::new(Calendar::builtin()),
            Arc::new(signer),
            ORIGIN,
        )
        .with_key_record(app::KeyRecord::beside(&key)),
    );
    seed_accounts(&platform, &clock).await?;
    run_steps(&platform, &clock, steps, |_, _| {}).await?;
    platform.checkpoint().await?;
    let state = platform.load_trade(&trade).await?.state;
    let deadline = state
        .round
        .bid_deadline
        .context("the trade has no bid deadline")?;
    let key = state
        .round
        .opening_key
        .clone()
        .context("the trade has no opening key")?;
    let public = app::bidding::opening_public_key(&key)?;
    let at = deadline - time::Duration::minutes(1);
    clock.set(at);
    let log_before = platform.store().tree_head().await?.size;

    let sealing = Instant::now();
    let ready = {
        let trade = trade.clone();
        let public = public.clone();
        tokio::task::spawn_blocking(move || seal_bids(&trade, &public, 1, cfg.bids, cfg.size))
            .await??
    };
    let mean_size = ready.iter().map(|r| r.envelope.len()).sum::<usize>() / ready.len().max(1);
    println!(
        "{backend}: log holds {log_before} events (accounts + the trade's steps); clock at {}; sealed {} envelopes of {mean_size} bytes in {:.1} s (suite {})",
        app::demo::beijing(at),
        ready.len(),
        sealing.elapsed().as_secs_f64(),
        key.suite
    );

    println!("{backend}: machine: {}", crate::bench::machine());
    let barrier = Arc::new(tokio::sync::Barrier::new(ready.len() + 1));
    let queue = Arc::new(tokio::sync::Mutex::new(()));
    let mut tasks = Vec::with_capacity(ready.len());
    for bid in ready {
        let platform = platform.clone();
        let barrier = barrier.clone();
        let queue = queue.clone();
        let trade = trade.clone();
        tasks.push(tokio::spawn(async move {
            let meta = meta();
            barrier.wait().await;
            let start = Instant::now();
            let mut attempts = 0;
            let result = loop {
                attempts += 1;
                let upload = BidUpload {
                    envelope: bid.envelope.clone(),
                    key: Some(bid.key.clone()),
                    replaces: None,
                };
                let turn = if cfg.serial {
                    Some(queue.lock().await)
                } else {
                    None
                };
                let result = app::bidding::submit_bid(&platform, &trade, upload, &bid.actor, &meta)
                    .await
                    .map(|s| s.receipt);
                drop(turn);
                match result {
                    Err(_) if attempts <= cfg.retries => tokio::task::yield_now().await,
                    other => break other,
                }
            };
            Call {
                latency: start.elapsed(),
                attempts,
                result,
                envelope: bid.envelope,
            }
        }));
    }
    timed.take();
    let cpu_before = cpu_time();
    barrier.wait().await;
    let start = Instant::now();
    let mut calls = Vec::with_capacity(tasks.len());
    for t in tasks {
        calls.push(t.await?);
    }
    let wall = start.elapsed();
    let cpu = cpu_time()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let store_stats = timed.take();

    // Every receipt is checked as a bidder would, against the platform's key and the envelope.
    let verifier = platform.verifier_key();
    let mut accepted = 0u32;
    let mut bad_receipts = 0u32;
    let mut bad_example = None;
    let mut failures: BTreeMap<String, (u32, String)> = BTreeMap::new();
    let mut ok_latency = Vec::new();
    let mut all_latency = Vec::with_capacity(calls.len());
    let mut attempts = Vec::with_capacity(calls.len());
    for c in &calls {
        all_latency.push(c.latency);
        attempts.push(c.attempts);
        match &c.result {
            Ok(receipt) => {
                accepted += 1;
                ok_latency.push(c.latency);
                if let Err(e) = app::bidding::check_receipt(receipt, &verifier, Some(&c.envelope)) {
                    bad_receipts += 1;
                    bad_example.get_or_insert(e);
                }
            }
            Err(e) => {
                let entry = failures
                    .entry(e.code().to_owned())
                    .or_insert((0, e.to_string()));
                entry.0 += 1;
            }
        }
    }
    all_latency.sort();
    ok_latency.sort();
    attempts.sort();
    let held = platform.load_trade(&trade).await?.state.round.bids.len();
    let log_after = platform.store().tree_head().await?.size;
    println!(
        "{backend}: accepted {accepted} of {} in {:.2} s wall: {:.1} accepted submissions/s; trade now holds {held} bids, log {log_after} events",
        calls.len(),
        wall.as_secs_f64(),
        f64::from(accepted) / wall.as_secs_f64().max(1e-9)
    );
    println!(
        "{backend}: latency of accepted calls: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        ms(percentile(&ok_latency, 0.50)),
        ms(percentile(&ok_latency, 0.99)),
        ms(ok_latency.last().copied().unwrap_or_default())
    );
    if accepted as usize != calls.len() {
        println!(
            "{backend}: latency of all calls:      p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            ms(percentile(&all_latency, 0.50)),
            ms(percentile(&all_latency, 0.99)),
            ms(all_latency.last().copied().unwrap_or_default())
        );
    }
    if cfg.retries > 0 {
        let total: u64 = attempts.iter().map(|&a| u64::from(a)).sum();
        println!(
            "{backend}: attempts per bid: mean {:.1}, p50 {}, p99 {}, max {}",
            total as f64 / attempts.len().max(1) as f64,
            attempts.get(attempts.len() / 2).copied().unwrap_or(0),
            attempts
                .get((attempts.len() * 99).div_ceil(100).saturating_sub(1))
                .copied()
                .unwrap_or(0),
            attempts.last().copied().unwrap_or(0)
        );
    }
    for (code, (count, example)) in &failures {
        println!("{backend}: FAILED {count}: [{code}] {example}");
    }
    if bad_receipts > 0 {
        println!(
            "{backend}: FAILED: {bad_receipts} receipts do not check, e.g. {}",
            bad_example.unwrap_or_default()
        );
    } else if accepted > 0 {
        println!(
            "{backend}: all {accepted} receipts check (record, inclusion proof, signed checkpoint, envelope hash)"
        );
    }
    if let Some(cpu) = cpu {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "{backend}: process CPU time during the surge {:.2} s over {:.2} s wall ({:.0}% of {cores} cores)",
            cpu.as_secs_f64(),
            wall.as_secs_f64(),
            100.0 * cpu.as_secs_f64() / wall.as_secs_f64().max(1e-9) / cores as f64,
        );
    }
    println!(
        "{backend}: store calls during the surge (time summed over concurrent calls, incl. waiting for a connection or the write lock):"
    );
    for (op, st) in &store_stats {
        println!(
            "    {op:<27} {:>8} calls {:>10.2} s total {:>9.2} ms each",
            st.calls,
            st.time.as_secs_f64(),
            ms(st.time) / st.calls.max(1) as f64
        );
    }

    // Concurrent commands on one trade must still leave a log whose projections, tree and
    // files re-derive: the projection row of the trade is rewritten by every submission.
    let start = Instant::now();
    match platform.verify(None).await {
        Ok(report) => println!(
            "{backend}: verify after the surge: ok ({} events, {} projections, {} files) in {:.2} s",
            report.events,
            report.projections,
            report.blobs,
            start.elapsed().as_secs_f64()
        ),
        Err(e) => println!("{backend}: verify after the surge: FAILED: {e}"),
    }

    profile(backend, &platform, &timed, &trade, &public, cfg).await?;
    println!();
    Ok(())
}

/// Where a submission's time goes at the size the trade and log have reached: [`PROFILE_BIDS`]
/// more bids submitted one after another through `submit_bid`, with the store calls they make
/// counted and timed (whatever path the app takes), then the parts that are not store calls
/// measured on their own: loading and folding the trade, writing an envelope's blob, sealing a
/// label, signing a checkpoint.
async fn profile(
    backend: &str,
    platform: &Platform,
    timed: &TimedStore,
    trade: &TradeId,
    public: &seal::OpeningPublicKey,
    cfg: SurgeConfig,
) -> anyhow::Result<()> {
    let ready = seal_bids(trade, public, cfg.bids + 1, PROFILE_BIDS, cfg.size)?;
    let meta = meta();
    let n = f64::from(PROFILE_BIDS);
    timed.take();
    let mut whole = Duration::ZERO;
    for bid in &ready {
        let upload = BidUpload {
            envelope: bid.envelope.clone(),
            key: Some(bid.key.clone()),
            replaces: None,
        };
        let start = Instant::now();
        app::bidding::submit_bid(platform, trade, upload, &bid.actor, &meta).await?;
        whole += start.elapsed();
    }
    let calls = timed.take();
    let in_store: Duration = calls.values().map(|s| s.time).sum();

    // Loading the trade at this size: its store reads, and the rest (decoding, folding).
    let mut load = Duration::ZERO;
    let mut bids_held = 0;
    for _ in 0..PROFILE_BIDS {
        let start = Instant::now();
        bids_held = platform.load_trade(trade).await?.state.round.bids.len();
        load += start.elapsed();
    }
    let load_reads: Duration = timed.take().values().map(|s| s.time).sum();

    // An envelope's blob, into a scratch folder on the same disk (temp file, fsync, rename,
    // fsync of the folder), as `BlobStore::put` does it.
    let scratch = BlobStore::open(
        platform
            .blobs()
            .root()
            .parent()
            .unwrap_or(platform.blobs().root())
            .join("profile-blobs"),
    )?;
    let start = Instant::now();
    for bid in &ready {
        scratch.put(&bid.envelope)?;
    }
    let blob = start.elapsed();

    // A label like the one `submit_bid` seals: a small JSON to the opening key.
    let start = Instant::now();
    for bid in &ready {
        let json = format!(
            r#"{{"kind":"bid","org":"{}","person":"{}","on_behalf_of":null,"ip":"198.51.100.20"}}"#,
            bid.actor.org.as_deref().unwrap_or_default(),
            bid.actor.id
        );
        seal::seal(
            public,
            &format!("{trade}#label"),
            json.as_bytes(),
            &mut seal::os_rng(),
        )?;
    }
    let label = start.elapsed();

    let head = platform.store().tree_head().await?;
    println!(
        "{backend}: where a submission's time goes at this size ({bids_held} bids on the trade, log {} events), {PROFILE_BIDS} more bids one at a time:",
        head.size
    );
    println!(
        "    submit_bid                              {:>8.2} ms each",
        ms(whole) / n
    );
    println!(
        "    of which store calls                    {:>8.2} ms ({:.0}%):",
        ms(in_store) / n,
        100.0 * in_store.as_secs_f64() / whole.as_secs_f64().max(1e-9)
    );
    for (op, st) in &calls {
        println!(
            "        {op:<26} {:>5.1} calls {:>8.2} ms",
            st.calls as f64 / n,
            ms(st.time) / n
        );
    }
    let rest = whole.saturating_sub(in_store);
    println!(
        "    the rest (in the app)                   {:>8.2} ms ({:.0}%), which includes:",
        ms(rest) / n,
        100.0 * rest.as_secs_f64() / whole.as_secs_f64().max(1e-9)
    );
    println!(
        "        decoding + folding the trade's events once {:>6.2} ms (a load_trade: {:.2} ms, of which store reads {:.2} ms)",
        ms(load.saturating_sub(load_reads)) / n,
        ms(load) / n,
        ms(load_reads) / n
    );
    println!(
        "        writing the envelope's blob (fsync x2)     {:>6.2} ms",
        ms(blob) / n
    );
    println!(
        "        sealing the label                          {:>6.2} ms",
        ms(label) / n
    );
    Ok(())
}
