//! The surge's world: the demo trade standing with bidding open, one minute before its
//! deadline, on a timed store; and the bids sealed for it before the clock starts.
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use app::bidding::BidKey;
use app::demo::{org_code, run_steps, seed_accounts, standing_steps, trade_id};
use app::{BlobStore, Meta, Platform};
use domain::{Actor, Role, TradeId};
use legal_time::{Calendar, SettableClock};
use store::Store;

use super::TRADE;
use crate::setup::ORIGIN;
use crate::timed_store::TimedStore;

/// A bid sealed before the clock starts.
pub(super) struct Ready {
    pub actor: Actor,
    pub key: BidKey,
    pub envelope: Vec<u8>,
}

/// The platform with the trade one minute before its deadline.
pub(super) struct World {
    pub platform: Arc<Platform>,
    pub timed: Arc<TimedStore>,
    pub trade: TradeId,
    pub public: seal::OpeningPublicKey,
    pub suite: String,
    pub at: time::OffsetDateTime,
    pub log_before: u64,
}

/// As `serve` runs (with the signer's record beside the key): accounts seeded, the trade's
/// standing steps run, the clock set one minute before the bid deadline.
pub(super) async fn stand_up(store: Arc<dyn Store>, dir: &Path) -> anyhow::Result<World> {
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
    Ok(World {
        platform,
        timed,
        trade,
        public,
        suite: key.suite.to_string(),
        at,
        log_before,
    })
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
pub(super) fn seal_bids(
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

pub(super) fn meta() -> Meta {
    Meta {
        ip: Some("198.51.100.20".into()),
        expected_version: None,
    }
}
