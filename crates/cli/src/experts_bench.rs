//! `sunbid bench --only experts`: the pool and the draw at 10,000 experts. Pure parts (write
//! and parse the XLSX; eligibility, commitment, draw and re-check in memory) and the platform
//! path on SQLite (import as one append; a draw end to end: load and fold every expert file,
//! judge, commit, checkpoint, draw, seal, append).
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use app::demo::{run_steps, seed_accounts, standing_steps, trade_id};
use app::experts::{DrawInput, PoolRow};
use app::{BlobStore, Platform};
use domain::experts::{Quota, RegionRule, SpecialtyCode, TimeRange};
use domain::{Actor, Role};
use legal_time::{Calendar, SettableClock};
use time::macros::datetime;

use crate::setup::ORIGIN;

const TRADE: &str = "GC-2026-0904";

fn ms(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Where the store's share of the time went.
fn store_time(
    stats: &std::collections::BTreeMap<&'static str, crate::timed_store::OpStats>,
) -> String {
    stats
        .iter()
        .map(|(k, s)| format!("{k} {}×{}", s.calls, ms(s.time)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn run(n: usize) -> anyhow::Result<()> {
    println!("experts: {n} in the pool ({})", crate::bench::machine());
    let rows = expert_import::synthetic(n, 7);
    let t = Instant::now();
    let xlsx = expert_import::write_xlsx(&rows);
    let write = t.elapsed();
    let t = Instant::now();
    let parsed = expert_import::parse(&xlsx, &expert_import::Limits::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let parse = t.elapsed();
    println!(
        "  XLSX {}: write {}, parse {} ({} rows)",
        crate::bench::human_size(xlsx.len()),
        ms(write),
        ms(parse),
        parsed.len()
    );
    let pure = domain::experts::bench::run(n);
    println!("  in memory: {pure}");

    let dir = tempfile::tempdir()?;
    let sqlite = Arc::new(store_sqlite::SqliteStore::open(&dir.path().join("bench.db")).await?);
    let store = Arc::new(crate::timed_store::TimedStore::new(sqlite));
    let trade = trade_id(TRADE);
    let steps: Vec<_> = standing_steps()
        .into_iter()
        .filter(|s| s.trade == trade)
        .collect();
    let clock = SettableClock::new(steps.first().context("no steps")?.at);
    let signer = app::load_or_create_signer(&dir.path().join("checkpoint.key"), ORIGIN)?;
    let platform = Platform::new(
        store.clone(),
        BlobStore::open(dir.path().join("blobs"))?,
        Arc::new(clock.clone()),
        Arc::new(Calendar::builtin()),
        Arc::new(signer),
        ORIGIN,
    );
    seed_accounts(&platform, &clock).await?;
    run_steps(&platform, &clock, steps, |_, _| {}).await?;
    clock.set(datetime!(2026-11-25 10:00 +8));
    let staff = Actor::new("staff-wang", Role::CenterStaff);
    let pool: Vec<PoolRow> = parsed
        .into_iter()
        .map(|r| PoolRow {
            expert: r.expert,
            phone: r.phone,
            person: r.person,
        })
        .collect();
    store.take();
    let t = Instant::now();
    let report = app::experts::import(&platform, pool, None, &staff, &app::Meta::default()).await?;
    let import = t.elapsed();
    println!(
        "  platform import (SQLite, one append): {} ({} created; {})",
        ms(import),
        report.created,
        store_time(&store.take())
    );
    let code = |s: &str| SpecialtyCode::parse(s).expect("valid");
    let input = DrawInput {
        committee_size: 7,
        tenderer_representatives: 0,
        quotas: vec![
            Quota {
                specialty: code("A01"),
                count: 4,
            },
            Quota {
                specialty: code("B01"),
                count: 3,
            },
        ],
        region_rule: RegionRule::Any,
        evaluation: TimeRange {
            from: datetime!(2026-11-26 13:00 +8),
            to: datetime!(2026-11-26 17:00 +8),
        },
        place: "bench".into(),
        complex: false,
        supervising_orgs: vec![],
        principals: vec![],
    };
    let t = Instant::now();
    let view = app::experts::draw(&platform, &trade, &input, &staff, &app::Meta::default()).await?;
    let draw = t.elapsed();
    println!(
        "  platform draw end to end (SQLite): {} ({} eligible of {}, {} seats; {})",
        ms(draw),
        view.eligible.unwrap_or_default(),
        view.pool_size.unwrap_or_default(),
        view.seats.len(),
        store_time(&store.take())
    );
    println!(
        "  goal: import and draw each under 1 s: {}",
        if (parse + import).as_secs_f64() < 1.0 && draw.as_secs_f64() < 1.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
