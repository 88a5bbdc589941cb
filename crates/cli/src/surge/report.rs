//! What the surge's numbers say: accepted calls, latency percentiles, attempts, failures by
//! code, receipts checked as a bidder would, CPU and store time.
use std::time::Duration;

use app::Platform;
use domain::TradeId;

use super::SurgeConfig;
use super::release::Surge;
use super::tally::{Tally, percentile, tally};

/// Prints the surge's figures for `backend`.
pub(super) async fn report(
    backend: &str,
    platform: &Platform,
    trade: &TradeId,
    surge: &Surge,
    cfg: SurgeConfig,
) -> anyhow::Result<()> {
    let t = tally(platform, surge);
    let (calls, wall, accepted) = (surge.calls.len(), surge.wall, t.accepted);
    let held = platform.load_trade(trade).await?.state.round.bids.len();
    let log_after = platform.store().tree_head().await?.size;
    println!(
        "{backend}: accepted {accepted} of {calls} in {:.2} s wall: {:.1} accepted submissions/s; trade now holds {held} bids, log {log_after} events",
        wall.as_secs_f64(),
        f64::from(accepted) / wall.as_secs_f64().max(1e-9)
    );
    latencies(backend, &t, calls);
    if cfg.retries > 0 {
        attempts(backend, &t.attempts);
    }
    for (code, (count, example)) in &t.failures {
        println!("{backend}: FAILED {count}: [{code}] {example}");
    }
    if t.bad_receipts > 0 {
        println!(
            "{backend}: FAILED: {} receipts do not check, e.g. {}",
            t.bad_receipts,
            t.bad_example.unwrap_or_default()
        );
    } else if accepted > 0 {
        println!(
            "{backend}: all {accepted} receipts check (record, inclusion proof, signed checkpoint, envelope hash)"
        );
    }
    cpu_and_store(backend, surge);
    Ok(())
}

fn latencies(backend: &str, t: &Tally, calls: usize) {
    println!(
        "{backend}: latency of accepted calls: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        ms(percentile(&t.ok_latency, 0.50)),
        ms(percentile(&t.ok_latency, 0.99)),
        ms(t.ok_latency.last().copied().unwrap_or_default())
    );
    if t.accepted as usize != calls {
        println!(
            "{backend}: latency of all calls:      p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            ms(percentile(&t.all_latency, 0.50)),
            ms(percentile(&t.all_latency, 0.99)),
            ms(t.all_latency.last().copied().unwrap_or_default())
        );
    }
}

fn attempts(backend: &str, attempts: &[u32]) {
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

fn cpu_and_store(backend: &str, surge: &Surge) {
    let wall = surge.wall;
    if let Some(cpu) = surge.cpu {
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
    for (op, st) in &surge.store_stats {
        println!(
            "    {op:<27} {:>8} calls {:>10.2} s total {:>9.2} ms each",
            st.calls,
            st.time.as_secs_f64(),
            ms(st.time) / st.calls.max(1) as f64
        );
    }
}

pub(super) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
