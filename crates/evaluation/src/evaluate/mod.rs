//! The whole evaluation, in the legal order: corrections → validity (maximum price,
//! confirmations) → abnormally low prices → same brand → minimum competition → policy prices →
//! price scores → members' scores and recheck → totals (rounded once) → ranking and ties →
//! candidates → dissents → periods. Everything that can be computed is computed even when an
//! issue blocks the report, so a supervisor sees the whole picture.

mod competition;
mod finish;
mod review;
mod score;

use std::collections::BTreeMap;

use domain::BusinessLine;
use legal_time::Calendar;

use crate::correction::Corrected;
use crate::error::EvalError;
use crate::input::{BidInput, EvaluationInput};
use crate::num::{Fixed, Ratio};
use crate::report::{BidReport, BidStatus, Report, Status};
use crate::rules::Rule;
use crate::trace::{Derivation, Issue};
use crate::validate::{self, Plan};
use crate::values::yuan;

/// One bid as it moves through the stages.
struct Work<'a> {
    bid: &'a BidInput,
    corrected: Corrected,
    status: BidStatus,
    eval_price: Ratio,
    price_score: Option<Ratio>,
    items: BTreeMap<String, Ratio>,
    total: Option<Ratio>,
    rounded: Option<Fixed>,
    eligible: bool,
    steps: Vec<Derivation>,
}

struct Ctx<'a> {
    plan: Plan<'a>,
    input: &'a EvaluationInput,
    works: Vec<Work<'a>>,
    common: Vec<Derivation>,
    versions: Vec<Derivation>,
    issues: Vec<Issue>,
    failed: Option<(Rule, String)>,
}

impl Ctx<'_> {
    fn construction(&self) -> bool {
        self.plan.line == BusinessLine::Construction
    }

    /// Bids still evaluated.
    fn in_play(&self) -> impl Iterator<Item = &Work<'_>> {
        self.works.iter().filter(|w| w.status.in_play())
    }

    fn invalidate(&mut self, i: usize, reason: String, rule: Option<Rule>) {
        self.works[i].status = BidStatus::Invalid { reason, rule };
    }
}

/// Recompute an evaluation from its inputs.
pub fn evaluate(input: &EvaluationInput, cal: &Calendar) -> Result<Report, EvalError> {
    let plan = validate::plan(input)?;
    let mut ctx = Ctx {
        plan,
        input,
        works: Vec::with_capacity(input.bids.len()),
        common: Vec::new(),
        versions: Vec::new(),
        issues: Vec::new(),
        failed: None,
    };
    ctx.rule_versions();
    ctx.correct()?;
    ctx.ceiling();
    ctx.abnormal()?;
    ctx.same_brand_lowest();
    ctx.competition();
    if ctx.failed.is_none() {
        ctx.evaluation_prices()?;
        ctx.price_scores()?;
        ctx.member_scores()?;
        ctx.totals()?;
    }
    let (ranking, candidates) = if ctx.failed.is_none() {
        ctx.rank()
    } else {
        (Vec::new(), Vec::new())
    };
    let dissents = ctx.dissents();
    let (periods, challenges) = ctx.periods(cal)?;
    Ok(ctx.report(ranking, candidates, dissents, periods, challenges))
}

impl Ctx<'_> {
    fn report(
        self,
        ranking: Vec<crate::rank::Ranked>,
        candidates: Vec<String>,
        dissents: Vec<crate::report::DissentRecord>,
        periods: Vec<crate::periods::Deadline>,
        challenges: Vec<crate::report::ChallengeVerdict>,
    ) -> Report {
        let blocking = self.issues.iter().filter(|i| i.blocking).count();
        let status = match (self.failed, blocking) {
            (Some((rule, reason)), _) => Status::Failed { rule, reason },
            (None, 0) => Status::Complete,
            (None, n) => Status::Blocked { blocking: n },
        };
        let show = |r: Option<Ratio>| r.map(|v| v.exact_string());
        let bids = self
            .works
            .into_iter()
            .map(|w| BidReport {
                id: w.bid.id.clone(),
                bidder: w.bid.bidder.clone(),
                offered: yuan(w.corrected.offered),
                corrected: yuan(w.corrected.price),
                evaluation_price: w.status.in_play().then(|| yuan(w.eval_price)),
                price_score: show(w.price_score),
                total: show(w.total),
                total_rounded: w.rounded.map(|f| f.to_string()),
                eligible: w.eligible && w.status.in_play(),
                status: w.status,
                derivations: w.steps,
            })
            .collect();
        Report {
            trade: self.input.trade.clone(),
            method: self.input.method.name(),
            line: self.plan.line.as_str(),
            rule_date: self.plan.rule_date,
            status,
            rules_in_force: self.versions,
            common: self.common,
            bids,
            ranking,
            candidates,
            issues: self.issues,
            dissents,
            periods,
            challenges,
        }
    }
}
