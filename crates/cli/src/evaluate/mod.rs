//! `sunbid evaluate <input.json> [--json]`: recompute an evaluation from its inputs and print
//! every derived number with the rule that produced it (docs/EVALUATE.md). The bench case
//! `sunbid bench --only evaluate` times it on a synthetic 1,000-bid, 9-member input.
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use evaluation::{EvaluationInput, evaluate};

use crate::setup::StoreOptions;

mod outcome;
mod render;
pub use render::render;
use render::status;

pub fn run(opts: &StoreOptions, path: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    let calendar = crate::setup::calendar(opts)?;
    let report = EvaluationInput::from_json(&text)
        .and_then(|input| evaluate(&input, &calendar))
        .map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))
        .with_context(|| format!("evaluate {}", path.display()))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render(&report));
    }
    Ok(ExitCode::SUCCESS)
}

/// `sunbid bench --only evaluate`: parse, evaluate and render a synthetic input; best of 3.
pub fn bench(bids: usize, members: usize) -> anyhow::Result<()> {
    let text = evaluation::synthetic::synthetic_json(bids, members);
    let calendar = legal_time::Calendar::builtin();
    println!(
        "evaluate: synthetic GP comprehensive scoring, {bids} bids × {members} members × 8 criteria ({} KiB of JSON); best of 3",
        text.len() >> 10
    );
    println!("machine: {}", crate::bench::machine());
    let best = |f: &mut dyn FnMut() -> anyhow::Result<()>| -> anyhow::Result<Duration> {
        let mut best = Duration::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            f()?;
            best = best.min(t.elapsed());
        }
        Ok(best)
    };
    let parse = best(&mut || {
        EvaluationInput::from_json(&text)
            .map(drop)
            .map_err(|e| anyhow::anyhow!("{e}"))
    })?;
    let input = EvaluationInput::from_json(&text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let compute = best(&mut || {
        evaluate(&input, &calendar)
            .map(drop)
            .map_err(|e| anyhow::anyhow!("{e}"))
    })?;
    let report = evaluate(&input, &calendar).map_err(|e| anyhow::anyhow!("{e}"))?;
    let json = best(&mut || serde_json::to_string(&report).map(drop).map_err(Into::into))?;
    let text_out = best(&mut || {
        render(&report);
        Ok(())
    })?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{:>10} {:>10} {:>10} {:>10} {:>10}",
        "parse", "evaluate", "json out", "text out", "total"
    );
    println!(
        "{:>8.1}ms {:>8.1}ms {:>8.1}ms {:>8.1}ms {:>8.1}ms",
        ms(parse),
        ms(compute),
        ms(json),
        ms(text_out),
        ms(parse + compute + json)
    );
    let derivations: usize = report
        .bids
        .iter()
        .map(|b| b.derivations.len())
        .sum::<usize>()
        + report.common.len();
    println!(
        "{} derivations, {} issues, status {}; goal: parse + evaluate + JSON well under 1000 ms ({})\n",
        derivations,
        report.issues.len(),
        status(&report.status),
        if ms(parse + compute + json) < 1000.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
