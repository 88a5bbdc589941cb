//! `sunbid bench --only surge`: many sealed bids on one trade in the last minute before its
//! deadline. In process (no HTTP): N tasks call `Platform::submit_bid` once each, all released
//! together, on the demo trade GC-2026-0905 (standing with bidding open). Sealing is done
//! beforehand and not timed. After the surge, a few more bids are submitted one at a time with
//! the steps of `submit_bid` timed separately, to show where a submission's time goes at that
//! size of trade and log.
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use app::bidding::{BidKey, BidReceipt, BidUpload, bid_handle, bid_token_hash};
use app::demo::{org_code, run_steps, seed_accounts, standing_steps, trade_id};
use app::{AppError, BlobStore, Meta, Platform};
use domain::trade::sealed::SealedLabel;
use domain::{Actor, BlobRef, Role, TradeCommand, TradeId};
use legal_time::{Calendar, SettableClock};
use store::Store;

use crate::setup::ORIGIN;

/// The demo trade that stands with bidding open (deadline 2026-11-27 09:30 +08:00).
pub const TRADE: &str = "GC-2026-0905";

/// Bids submitted one at a time after the surge, with their steps timed.
const PROFILE_BIDS: u32 = 10;

#[derive(Debug, Clone, Copy)]
pub struct SurgeConfig {
    /// Concurrent submissions, one per bidder organisation.
    pub bids: u32,
    /// Envelope size in bytes.
    pub size: usize,
    /// Further attempts with the same bid key after a failed call (0 = one call each).
    pub retries: u32,
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

fn meta() -> Meta {
    Meta {
        ip: Some("198.51.100.20".into()),
        expected_version: None,
    }
}

pub async fn run(pg_url: Option<&str>, sqlite_only: bool, cfg: SurgeConfig) -> anyhow::Result<()> {
    println!(
        "surge: {} sealed bids of {} each on {TRADE}, one minute before its deadline, {} concurrent tasks released together (a tokio Barrier), each calling Platform::submit_bid {}",
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
        }
    );
    println!(
        "In process, no HTTP. A submission: loads the trade, checks the envelope's header (addressed to this trade and opening key), writes the blob (temp file, fsync, rename, fsync dir), seals the bidder's label to the opening key, appends one event (one transaction), then builds the receipt: reloads the trade's stream to find the event, signs and stores a checkpoint if the log grew, reads all leaf hashes and makes the inclusion proof."
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
    let signer = app::load_or_create_signer(&dir.join("checkpoint.key"), ORIGIN)?;
    let platform = Arc::new(Platform::new(
        store,
        BlobStore::open(dir.join("blobs"))?,
        Arc::new(clock.clone()),
        Arc::new(Calendar::builtin()),
        Arc::new(signer),
        ORIGIN,
    ));
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

    let barrier = Arc::new(tokio::sync::Barrier::new(ready.len() + 1));
    let mut tasks = Vec::with_capacity(ready.len());
    for bid in ready {
        let platform = platform.clone();
        let barrier = barrier.clone();
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
                match platform.submit_bid(&trade, upload, &bid.actor, &meta).await {
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
    barrier.wait().await;
    let start = Instant::now();
    let mut calls = Vec::with_capacity(tasks.len());
    for t in tasks {
        calls.push(t.await?);
    }
    let wall = start.elapsed();

    // Every receipt is checked as a bidder would, against the platform's key and the envelope.
    let verifier = platform.verifier_key();
    let mut accepted = 0u32;
    let mut bad_receipts = 0u32;
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
                if app::bidding::check_receipt(receipt, &verifier, Some(&c.envelope)).is_err() {
                    bad_receipts += 1;
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
        println!("{backend}: FAILED: {bad_receipts} receipts do not check");
    } else if accepted > 0 {
        println!(
            "{backend}: all {accepted} receipts check (record, inclusion proof, signed checkpoint, envelope hash)"
        );
    }

    profile(backend, &platform, &trade, &public, cfg).await?;
    println!();
    Ok(())
}

/// Time of each step of a submission, summed over the profiled bids.
#[derive(Default)]
struct Sections {
    load: Duration,
    check: Duration,
    blob: Duration,
    label: Duration,
    execute: Duration,
    reload: Duration,
    checkpoint: Duration,
    leaves: Duration,
    proof: Duration,
}

/// Submits [`PROFILE_BIDS`] bids one after another through `submit_bid` (timed whole), then as
/// many again step by step through the same public calls `submit_bid` makes, each step timed.
async fn profile(
    backend: &str,
    platform: &Platform,
    trade: &TradeId,
    public: &seal::OpeningPublicKey,
    cfg: SurgeConfig,
) -> anyhow::Result<()> {
    let first = cfg.bids + 1;
    let ready = seal_bids(trade, public, first, 2 * PROFILE_BIDS, cfg.size)?;
    let (whole, steps) = ready.split_at(PROFILE_BIDS as usize);
    let meta = meta();
    let mut whole_time = Duration::ZERO;
    for bid in whole {
        let upload = BidUpload {
            envelope: bid.envelope.clone(),
            key: Some(bid.key.clone()),
            replaces: None,
        };
        let start = Instant::now();
        platform
            .submit_bid(trade, upload, &bid.actor, &meta)
            .await?;
        whole_time += start.elapsed();
    }
    let mut s = Sections::default();
    let mut stream_len = 0;
    let mut log_size = 0;
    for bid in steps {
        let t = Instant::now();
        let loaded = platform.load_trade(trade).await?;
        s.load += t.elapsed();
        stream_len = loaded.version;
        let key = loaded
            .state
            .round
            .opening_key
            .clone()
            .context("no opening key")?;

        let t = Instant::now();
        let header = seal::Envelope::parse(&bid.envelope)?;
        seal::check_addressed_to(&header, trade.as_str(), key.key_id.as_str())?;
        s.check += t.elapsed();

        let t = Instant::now();
        let hash = platform.blobs().put(&bid.envelope)?;
        s.blob += t.elapsed();

        // The label as `submit_bid` seals it: a small JSON sealed to the opening key.
        let t = Instant::now();
        let org = bid.actor.org.clone().unwrap_or_default();
        let json = format!(
            r#"{{"kind":"bid","org":"{org}","person":"{}","on_behalf_of":null,"ip":"198.51.100.20"}}"#,
            bid.actor.id
        );
        let sealed = seal::seal(
            public,
            &format!("{trade}#label"),
            json.as_bytes(),
            &mut seal::os_rng(),
        )?;
        let label = SealedLabel::parse(&app::bidding::encode_share(&sealed))?;
        s.label += t.elapsed();

        let round = loaded.state.round.number;
        let handle = bid_handle(trade, round, &bid.key);
        let command = TradeCommand::SubmitBid {
            bidder: domain::UnifiedSocialCreditCode::parse(&org)?,
            handle: handle.clone(),
            envelope: BlobRef::new(&hash, bid.envelope.len() as u64, "bid.sealed")?,
            key_id: key.key_id.clone(),
            label,
            token_hash: bid_token_hash(&bid.key),
            replaces: None,
        };
        let t = Instant::now();
        platform.execute(trade, command, &bid.actor, &meta).await?;
        s.execute += t.elapsed();

        // The receipt: find the event in the reloaded stream, checkpoint, leaves, proof.
        let t = Instant::now();
        let stored = platform
            .store()
            .load_stream(&app::projection::trade_stream(trade))
            .await?;
        let mut seq = None;
        for e in stored.iter().rev() {
            if e.record.kind != "trade.bid_submitted" {
                continue;
            }
            let event: domain::TradeEvent = serde_json::from_value(e.record.payload.clone())?;
            if let domain::TradeEvent::BidSubmitted { bid, .. } = event
                && bid.handle == handle
            {
                seq = Some(e.seq);
                break;
            }
        }
        let seq = seq.context("the bid's event is not in the stream")?;
        s.reload += t.elapsed();

        let t = Instant::now();
        let checkpoint = platform.checkpoint().await?;
        s.checkpoint += t.elapsed();
        log_size = checkpoint.size;

        let t = Instant::now();
        let leaves = platform.store().leaf_hashes(checkpoint.size).await?;
        s.leaves += t.elapsed();

        let t = Instant::now();
        ledger::inclusion_proof(&leaves, seq)?;
        s.proof += t.elapsed();
    }
    let n = f64::from(PROFILE_BIDS);
    let each = |d: Duration| ms(d) / n;
    let rows = [
        ("load the trade (read stream, fold)", s.load),
        ("check the envelope header", s.check),
        ("write the blob (fsync x2)", s.blob),
        ("seal the label", s.label),
        ("execute: reload trade, decide, append", s.execute),
        ("receipt: reload stream, find event", s.reload),
        ("receipt: sign + store checkpoint", s.checkpoint),
        ("receipt: read all leaf hashes", s.leaves),
        ("receipt: inclusion proof", s.proof),
    ];
    let total: Duration = rows.iter().map(|(_, d)| *d).sum();
    println!(
        "{backend}: where a submission's time goes, one at a time after the surge (trade stream {stream_len} events, log {log_size} events, mean of {PROFILE_BIDS}):"
    );
    println!(
        "    submit_bid, timed whole               {:>8.2} ms",
        each(whole_time)
    );
    for (name, d) in rows {
        println!(
            "    {name:<38} {:>8.2} ms  {:>4.0}%",
            each(d),
            100.0 * d.as_secs_f64() / total.as_secs_f64().max(1e-9)
        );
    }
    println!(
        "    sum of the steps                      {:>8.2} ms",
        each(total)
    );
    Ok(())
}
