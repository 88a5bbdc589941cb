//! `sunbid bench --only surge`: many sealed bids on one trade in the last minute before its
//! deadline. In process (no HTTP): N tasks call `Platform::submit_bid` once each, all released
//! together, on the demo trade GC-2026-0905 (standing with bidding open). Sealing is done
//! beforehand and not timed. The store is wrapped to count and time its calls. After the surge
//! the log is verified, and a few more bids are submitted one at a time to show where a
//! submission's time goes at that size of trade and log.
mod profile;
mod release;
mod report;
mod tally;
mod world;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use store::Store;

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

/// One backend's run: stand the trade up, seal, release the surge, report it, verify the log,
/// then profile a few more submissions.
async fn surge_on(
    backend: &str,
    store: Arc<dyn Store>,
    dir: &Path,
    cfg: SurgeConfig,
) -> anyhow::Result<()> {
    let w = world::stand_up(store, dir).await?;
    let sealing = Instant::now();
    let ready = {
        let trade = w.trade.clone();
        let public = w.public.clone();
        tokio::task::spawn_blocking(move || {
            world::seal_bids(&trade, &public, 1, cfg.bids, cfg.size)
        })
        .await??
    };
    let mean_size = ready.iter().map(|r| r.envelope.len()).sum::<usize>() / ready.len().max(1);
    println!(
        "{backend}: log holds {} events (accounts + the trade's steps); clock at {}; sealed {} envelopes of {mean_size} bytes in {:.1} s (suite {})",
        w.log_before,
        app::demo::beijing(w.at),
        ready.len(),
        sealing.elapsed().as_secs_f64(),
        w.suite
    );
    println!("{backend}: machine: {}", crate::bench::machine());
    let surge = release::release(&w.platform, &w.timed, &w.trade, ready, cfg).await?;
    report::report(backend, &w.platform, &w.trade, &surge, cfg).await?;
    verify_after(backend, &w.platform).await;
    profile::profile(backend, &w.platform, &w.timed, &w.trade, &w.public, cfg).await?;
    println!();
    Ok(())
}

/// Concurrent commands on one trade must still leave a log whose projections, tree and files
/// re-derive: the projection row of the trade is rewritten by every submission.
async fn verify_after(backend: &str, platform: &app::Platform) {
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
}
