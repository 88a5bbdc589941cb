//! `sunbid demo` and `serve --demo`: the demo trades on a settable clock, printed as they go.
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use app::Platform;
use app::demo::{StepOutcome, demo_steps, run_steps, standing_steps};
use legal_time::{AcceleratedClock, BEIJING, Clock, SettableClock};

use crate::setup::{StoreOptions, open_platform};

fn node_name(node: u8) -> &'static str {
    domain::trade::node_name(node)
}

async fn open_empty(opts: &StoreOptions, clock: Arc<dyn Clock>) -> anyhow::Result<Platform> {
    // The demo writes a fixed history: it goes into an empty log only.
    let platform = open_platform(opts, clock).await?;
    let size = platform.store().tree_head().await?.size;
    if size > 0 {
        anyhow::bail!(
            "the log in {} already holds {size} events; the demo needs an empty data folder (use --data DIR)",
            opts.data.display()
        );
    }
    Ok(platform)
}

pub async fn run(opts: &StoreOptions, pace_ms: u64) -> anyhow::Result<ExitCode> {
    let steps = demo_steps();
    let clock = SettableClock::new(steps[0].at);
    let platform = open_empty(opts, Arc::new(clock.clone())).await?;
    app::demo::seed_accounts(&platform, &clock).await?;
    println!(
        "Sunbid demo: complete trades on an accelerated clock (data in {})\n",
        opts.data.display()
    );
    let mut printed = 0u64;
    let trade_done = std::cell::Cell::new(false);
    let mut run = |step: &app::demo::Step, outcome: &StepOutcome| {
        let when = app::demo::beijing(step.at);
        let head = format!(
            "{when}  {:<13} {} [{}/7] {}",
            step.trade.as_str(),
            step.line.as_str(),
            step.node,
            node_name(step.node)
        );
        match outcome {
            StepOutcome::Accepted(o) => println!(
                "{head}: {} (by {}) -> {} [log #{}, v{}]",
                step.label,
                step.actor.role.as_str(),
                o.events.join(", "),
                o.first_seq,
                o.version
            ),
            StepOutcome::Refused { code, message } => println!(
                "{head}: {} — refused as expected [{code}] {message}",
                step.label
            ),
        }
        printed += 1;
        trade_done.set(step.node == 7 || step.label.starts_with("re-tender"));
    };
    // One step at a time, so that a checkpoint is signed whenever a trade completes: the
    // published checkpoints then grow, and consistency between them can be proven.
    for step in steps {
        run_steps(&platform, &clock, vec![step], &mut run).await?;
        if trade_done.take() {
            let cp = platform.checkpoint().await?;
            println!(
                "    checkpoint signed: log size {}, root {}",
                cp.size, cp.root
            );
        }
    }
    if pace_ms > 0 {
        tokio::time::sleep(Duration::from_millis(pace_ms)).await;
    }
    let checkpoint = platform.checkpoint().await?;
    println!(
        "\n{printed} steps. Signed checkpoint (verify with `sunbid verify`; key: {}):\n",
        platform.verifier_key()
    );
    print!("{}", checkpoint.note);
    Ok(ExitCode::SUCCESS)
}

/// Seed the demo (complete trades, then trades standing at each node) into an empty data
/// folder, and return a platform whose clock runs on from the last demo moment, `accelerate`
/// times faster than real time. A folder seeded before is served as it is.
pub async fn seed_for_serve(opts: &StoreOptions, accelerate: u32) -> anyhow::Result<Platform> {
    let mut steps = demo_steps();
    steps.extend(standing_steps());
    let start = steps[0].at;
    let settable = SettableClock::new(start);
    let seeding = open_platform(opts, Arc::new(settable.clone())).await?;
    let size = seeding.store().tree_head().await?.size;
    if size == 0 {
        app::demo::seed_accounts(&seeding, &settable).await?;
        run_steps(&seeding, &settable, steps, |_, _| {}).await?;
        seeding.checkpoint().await?;
    } else {
        println!(
            "{} already holds {size} events: serving them as they are",
            opts.data.display()
        );
    }
    let head = seeding.store().tree_head().await?.size;
    let last = seeding.store().events(head.saturating_sub(1), 1).await?;
    let last_at = last.first().map_or(start, |e| {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(e.record.at_us) * 1_000)
            .unwrap_or(start)
    });
    drop(seeding);
    let resume = (last_at + time::Duration::hours(1)).to_offset(BEIJING);
    println!("demo time starts at {resume} and runs {accelerate}x real time");
    Ok(
        open_platform(opts, Arc::new(AcceleratedClock::new(resume, accelerate)))
            .await?
            .with_deposit_signers(vec![app::demo::demo_bank_key()])
            // Demo time runs fast; people do not: sign-ins and sessions keep wall-clock time.
            .with_session_clock(Arc::new(legal_time::SystemClock)),
    )
}
