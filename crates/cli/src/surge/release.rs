//! The surge itself: one task per sealed bid, all released together by a barrier, each
//! calling `submit_bid` (retrying with the same bid key when asked), timed from the release.
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::bidding::{BidReceipt, BidUpload};
use app::{AppError, Platform};
use domain::TradeId;

use super::SurgeConfig;
use super::world::{Ready, meta};
use crate::timed_store::{OpStats, TimedStore};

/// What one task saw.
pub(super) struct Call {
    pub latency: Duration,
    pub attempts: u32,
    pub result: Result<BidReceipt, AppError>,
    pub envelope: Vec<u8>,
}

/// What the whole surge saw: every call, the wall time from the release to the last answer,
/// the process's CPU time over it and the store calls made meanwhile.
pub(super) struct Surge {
    pub calls: Vec<Call>,
    pub wall: Duration,
    pub cpu: Option<Duration>,
    pub store_stats: BTreeMap<&'static str, OpStats>,
}

/// One submission, as a bidder's client would retry it: the same bid key each attempt; with
/// `serial`, inside the bench's lock.
async fn submit(
    platform: &Platform,
    trade: &TradeId,
    bid: Ready,
    queue: &tokio::sync::Mutex<()>,
    cfg: SurgeConfig,
) -> Call {
    let meta = meta();
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
        let result = app::bidding::submit_bid(platform, trade, upload, &bid.actor, &meta)
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
}

/// Spawns a task per bid, releases them together and waits for every answer.
pub(super) async fn release(
    platform: &Arc<Platform>,
    timed: &TimedStore,
    trade: &TradeId,
    ready: Vec<Ready>,
    cfg: SurgeConfig,
) -> anyhow::Result<Surge> {
    let barrier = Arc::new(tokio::sync::Barrier::new(ready.len() + 1));
    let queue = Arc::new(tokio::sync::Mutex::new(()));
    let mut tasks = Vec::with_capacity(ready.len());
    for bid in ready {
        let platform = platform.clone();
        let barrier = barrier.clone();
        let queue = queue.clone();
        let trade = trade.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            submit(&platform, &trade, bid, &queue, cfg).await
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
    Ok(Surge {
        calls,
        wall,
        cpu,
        store_stats: timed.take(),
    })
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
