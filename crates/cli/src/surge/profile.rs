//! Where a submission's time goes at the size the trade and log have reached after the surge.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use app::bidding::BidUpload;
use app::{BlobStore, Platform};
use domain::TradeId;

use super::report::ms;
use super::world::{Ready, meta, seal_bids};
use super::{PROFILE_BIDS, SurgeConfig};
use crate::timed_store::{OpStats, TimedStore};

/// The profile's measurements, summed over [`PROFILE_BIDS`] bids.
struct Parts {
    whole: Duration,
    calls: BTreeMap<&'static str, OpStats>,
    in_store: Duration,
    load: Duration,
    load_reads: Duration,
    bids_held: usize,
    blob: Duration,
    label: Duration,
}

/// Where a submission's time goes at the size the trade and log have reached: [`PROFILE_BIDS`]
/// more bids submitted one after another through `submit_bid`, with the store calls they make
/// counted and timed (whatever path the app takes), then the parts that are not store calls
/// measured on their own: loading and folding the trade, writing an envelope's blob, sealing a
/// label, signing a checkpoint.
pub(super) async fn profile(
    backend: &str,
    platform: &Platform,
    timed: &TimedStore,
    trade: &TradeId,
    public: &seal::OpeningPublicKey,
    cfg: SurgeConfig,
) -> anyhow::Result<()> {
    let ready = seal_bids(trade, public, cfg.bids + 1, PROFILE_BIDS, cfg.size)?;
    let (whole, calls) = submit_one_by_one(platform, timed, trade, &ready).await?;
    let in_store: Duration = calls.values().map(|s| s.time).sum();
    let (load, load_reads, bids_held) = load_times(platform, timed, trade).await?;
    let parts = Parts {
        whole,
        calls,
        in_store,
        load,
        load_reads,
        bids_held,
        blob: blob_writes(platform, &ready)?,
        label: label_seals(trade, public, &ready)?,
    };
    let head = platform.store().tree_head().await?;
    print_parts(backend, head.size, &parts);
    Ok(())
}

async fn submit_one_by_one(
    platform: &Platform,
    timed: &TimedStore,
    trade: &TradeId,
    ready: &[Ready],
) -> anyhow::Result<(Duration, BTreeMap<&'static str, OpStats>)> {
    let meta = meta();
    timed.take();
    let mut whole = Duration::ZERO;
    for bid in ready {
        let upload = BidUpload {
            envelope: bid.envelope.clone(),
            key: Some(bid.key.clone()),
            replaces: None,
        };
        let start = Instant::now();
        app::bidding::submit_bid(platform, trade, upload, &bid.actor, &meta).await?;
        whole += start.elapsed();
    }
    Ok((whole, timed.take()))
}

/// Loading the trade at this size: the whole time, its store reads (the rest is decoding and
/// folding), and how many bids it holds.
async fn load_times(
    platform: &Platform,
    timed: &TimedStore,
    trade: &TradeId,
) -> anyhow::Result<(Duration, Duration, usize)> {
    let mut load = Duration::ZERO;
    let mut bids_held = 0;
    for _ in 0..PROFILE_BIDS {
        let start = Instant::now();
        bids_held = platform.load_trade(trade).await?.state.round.bids.len();
        load += start.elapsed();
    }
    let load_reads: Duration = timed.take().values().map(|s| s.time).sum();
    Ok((load, load_reads, bids_held))
}

/// An envelope's blob, into a scratch folder on the same disk (temp file, fsync, rename,
/// fsync of the folder), as `BlobStore::put` does it.
fn blob_writes(platform: &Platform, ready: &[Ready]) -> anyhow::Result<Duration> {
    let scratch = BlobStore::open(
        platform
            .blobs()
            .root()
            .parent()
            .unwrap_or(platform.blobs().root())
            .join("profile-blobs"),
    )?;
    let start = Instant::now();
    for bid in ready {
        scratch.put(&bid.envelope)?;
    }
    Ok(start.elapsed())
}

/// A label like the one `submit_bid` seals: a small JSON to the opening key.
fn label_seals(
    trade: &TradeId,
    public: &seal::OpeningPublicKey,
    ready: &[Ready],
) -> anyhow::Result<Duration> {
    let start = Instant::now();
    for bid in ready {
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
    Ok(start.elapsed())
}

fn print_parts(backend: &str, log_size: u64, p: &Parts) {
    let n = f64::from(PROFILE_BIDS);
    let (whole, in_store) = (p.whole, p.in_store);
    println!(
        "{backend}: where a submission's time goes at this size ({} bids on the trade, log {log_size} events), {PROFILE_BIDS} more bids one at a time:",
        p.bids_held
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
    for (op, st) in &p.calls {
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
        ms(p.load.saturating_sub(p.load_reads)) / n,
        ms(p.load) / n,
        ms(p.load_reads) / n
    );
    println!(
        "        writing the envelope's blob (fsync x2)     {:>6.2} ms",
        ms(p.blob) / n
    );
    println!(
        "        sealing the label                          {:>6.2} ms",
        ms(p.label) / n
    );
}
