//! The surge's calls sorted: accepted or failed (by code), latencies, attempts, and each
//! receipt checked as a bidder would.
use std::collections::BTreeMap;
use std::time::Duration;

use app::Platform;

use super::release::Surge;

/// The calls sorted into what the report prints.
pub(super) struct Tally {
    pub accepted: u32,
    pub bad_receipts: u32,
    pub bad_example: Option<String>,
    pub failures: BTreeMap<String, (u32, String)>,
    pub ok_latency: Vec<Duration>,
    pub all_latency: Vec<Duration>,
    pub attempts: Vec<u32>,
}

/// Every receipt is checked as a bidder would, against the platform's key and the envelope.
pub(super) fn tally(platform: &Platform, surge: &Surge) -> Tally {
    let verifier = platform.verifier_key();
    let calls = &surge.calls;
    let mut t = Tally {
        accepted: 0,
        bad_receipts: 0,
        bad_example: None,
        failures: BTreeMap::new(),
        ok_latency: Vec::new(),
        all_latency: Vec::with_capacity(calls.len()),
        attempts: Vec::with_capacity(calls.len()),
    };
    for c in calls {
        t.all_latency.push(c.latency);
        t.attempts.push(c.attempts);
        match &c.result {
            Ok(receipt) => {
                t.accepted += 1;
                t.ok_latency.push(c.latency);
                if let Err(e) = app::bidding::check_receipt(receipt, &verifier, Some(&c.envelope)) {
                    t.bad_receipts += 1;
                    t.bad_example.get_or_insert(e.to_string());
                }
            }
            Err(e) => {
                let entry = t
                    .failures
                    .entry(e.code().to_owned())
                    .or_insert((0, e.to_string()));
                entry.0 += 1;
            }
        }
    }
    t.all_latency.sort();
    t.ok_latency.sort();
    t.attempts.sort();
    t
}

/// Nearest-rank percentile of sorted `v`.
pub(super) fn percentile(v: &[Duration], q: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}
