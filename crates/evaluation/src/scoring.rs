//! Distributed scoring (分散评标): each member's sheet is checked on its own (range, step,
//! arithmetic, completeness); once all are in, objective items must agree across members,
//! outliers (畸高畸低) need a written reason and are flagged, and item scores are aggregated.
//! These are the 复核 grounds of 87号令 第64条.

use std::collections::BTreeMap;

use crate::error::{EvalError, Within};
use crate::input::{Aggregate, OutlierConfig, Sheet};
use crate::method::{Criterion, CriterionKind};
use crate::num::Ratio;
use crate::rules;
use crate::trace::{Derivation, Issue};

/// The members' scores of one item of one bid: (member, score), in sheet order.
type Cell<'a> = Vec<(&'a str, Ratio)>;

/// All members' scores per bid, then per criterion.
pub struct ScoreTable<'a> {
    cells: BTreeMap<&'a str, BTreeMap<&'a str, Cell<'a>>>,
}

impl<'a> ScoreTable<'a> {
    pub fn new(sheets: &'a [Sheet]) -> ScoreTable<'a> {
        let mut cells: BTreeMap<&str, BTreeMap<&str, Cell<'_>>> = BTreeMap::new();
        for s in sheets {
            for (bid, items) in &s.scores {
                let row = cells.entry(bid).or_default();
                for (item, score) in items {
                    row.entry(item).or_default().push((&s.member, score.0));
                }
            }
        }
        ScoreTable { cells }
    }

    pub fn cell(&self, bid: &str, item: &str) -> &[(&'a str, Ratio)] {
        self.cells
            .get(bid)
            .and_then(|row| row.get(item))
            .map_or(&[], Vec::as_slice)
    }
}

/// One member's sheet on its own, before submission: every bid × item scored, within
/// `0..=points` and on the step, stated totals equal to the sum of items.
pub fn check_sheet(sheet: &Sheet, criteria: &[Criterion], bids: &[&str]) -> Vec<Issue> {
    let (mut missing, mut out_of_range, mut arithmetic) = (Vec::new(), Vec::new(), Vec::new());
    for bid in bids {
        let row = sheet.scores.get(*bid);
        let mut sum = Ok(Ratio::ZERO);
        for c in criteria {
            match row.and_then(|r| r.get(&c.id)) {
                None => missing.push(format!("{bid}/{}", c.id)),
                Some(s) => {
                    let off_step = c
                        .step
                        .is_some_and(|st| s.0.div(st.0).map_or(true, |q| q.denom() != 1));
                    if s.0.is_negative() || s.0 > c.points.0 || off_step {
                        out_of_range.push(format!("{bid}/{} = {} (0–{})", c.id, s.0, c.points.0));
                    }
                    sum = sum.and_then(|t| t.add(s.0));
                }
            }
        }
        if let (Some(stated), Ok(sum)) = (sheet.totals.get(*bid), sum)
            && stated.0 != sum
        {
            arithmetic.push(format!("{bid}: stated {} ≠ sum {sum}", stated.0));
        }
    }
    let m = [sheet.member.as_str()];
    let mut issues = Vec::new();
    if !missing.is_empty() {
        issues.push(
            Issue::blocking(
                "evaluation.score_missing",
                rules::INDEPENDENT,
                format!("{} has not scored {} item(s)", sheet.member, missing.len()),
            )
            .members(m)
            .items(missing),
        );
    }
    if !out_of_range.is_empty() {
        issues.push(
            Issue::blocking(
                "evaluation.score_out_of_range",
                rules::RECHECK_RANGE,
                out_of_range.join("; "),
            )
            .members(m)
            .items(
                out_of_range
                    .iter()
                    .map(|s| s.split(' ').next().unwrap_or("").to_owned()),
            ),
        );
    }
    if !arithmetic.is_empty() {
        issues.push(
            Issue::blocking(
                "evaluation.arithmetic_error",
                rules::RECHECK_ARITHMETIC,
                arithmetic.join("; "),
            )
            .members(m)
            .bids(
                arithmetic
                    .iter()
                    .map(|s| s.split(':').next().unwrap_or("").to_owned()),
            ),
        );
    }
    issues
}

/// Objective items scored differently by members: blocks the report until resolved.
pub fn objective_mismatches(
    table: &ScoreTable<'_>,
    criteria: &[Criterion],
    bids: &[&str],
) -> Vec<Issue> {
    let mut issues = Vec::new();
    for c in criteria
        .iter()
        .filter(|c| c.kind == CriterionKind::Objective)
    {
        for bid in bids {
            let cell = table.cell(bid, &c.id);
            if cell.windows(2).any(|w| w[0].1 != w[1].1) {
                let detail: Vec<String> = cell.iter().map(|(m, s)| format!("{m}: {s}")).collect();
                issues.push(
                    Issue::blocking(
                        "evaluation.objective_mismatch",
                        rules::OBJECTIVE_AGREE,
                        format!(
                            "objective item {} of bid {bid} scored differently ({})",
                            c.id,
                            detail.join(", ")
                        ),
                    )
                    .bids([*bid])
                    .items([c.id.as_str()])
                    .members(cell.iter().map(|(m, _)| *m)),
                );
            }
        }
    }
    issues
}

/// A score that deviates from the other members' mean by more than `share × points`
/// (strictly). With a written reason it is a flag for the supervisor; without, it blocks.
pub fn outliers(
    table: &ScoreTable<'_>,
    sheets: &[Sheet],
    criteria: &[Criterion],
    bids: &[&str],
    cfg: &OutlierConfig,
) -> Result<Vec<Issue>, EvalError> {
    let r = rules::OUTLIER;
    let by_member: BTreeMap<&str, &Sheet> = sheets.iter().map(|s| (s.member.as_str(), s)).collect();
    let mut issues = Vec::new();
    for c in criteria
        .iter()
        .filter(|c| c.kind == CriterionKind::Subjective)
    {
        let limit = c.points.0.mul(cfg.share.0).under(r)?;
        for bid in bids {
            let cell = table.cell(bid, &c.id);
            if cell.len() < cfg.min_members as usize {
                continue;
            }
            let sum = Ratio::sum(cell.iter().map(|x| x.1)).under(r)?;
            let others = (cell.len() - 1) as i128;
            for (member, score) in cell {
                let mean = sum.sub(*score).and_then(|s| s.div_int(others)).under(r)?;
                let dev = score.sub(mean).under(r)?.abs();
                if dev <= limit {
                    continue;
                }
                let key = format!("{bid}/{}", c.id);
                let reason = by_member
                    .get(member)
                    .and_then(|s| s.reasons.get(&key))
                    .filter(|t| !t.trim().is_empty());
                let text = format!(
                    "{member} scored {key} {score}; the others' mean is {} (deviation {} > {} = {} of {} points)",
                    crate::trace::show(mean).0,
                    crate::trace::show(dev).0,
                    crate::trace::show(limit).0,
                    cfg.share,
                    c.points.0
                );
                let issue = match reason {
                    Some(why) => Issue::flag(
                        "evaluation.outlier_flagged",
                        r,
                        format!("{text}; reason: {why}"),
                    ),
                    None => Issue::blocking(
                        "evaluation.outlier_reason_required",
                        r,
                        format!("{text}; a written reason is required"),
                    ),
                };
                issues.push(issue.bids([*bid]).items([c.id.as_str()]).members([*member]));
            }
        }
    }
    Ok(issues)
}

/// Every 复核 ground at once: each sheet's own checks, objective mismatches and outliers.
pub fn recheck(
    sheets: &[Sheet],
    criteria: &[Criterion],
    bids: &[&str],
    cfg: &OutlierConfig,
) -> Result<Vec<Issue>, EvalError> {
    let table = ScoreTable::new(sheets);
    let mut issues: Vec<Issue> = sheets
        .iter()
        .flat_map(|s| check_sheet(s, criteria, bids))
        .collect();
    issues.extend(objective_mismatches(&table, criteria, bids));
    issues.extend(outliers(&table, sheets, criteria, bids, cfg)?);
    Ok(issues)
}

/// The committee's score of one item of one bid: the mean of the members' scores (or the mean
/// without one highest and one lowest).
pub fn item_score(
    bid: &str,
    c: &Criterion,
    cell: &[(&str, Ratio)],
    how: Aggregate,
) -> Result<(Ratio, Derivation), EvalError> {
    let mut values: Vec<Ratio> = cell.iter().map(|x| x.1).collect();
    let rule = match how {
        Aggregate::DropHighLow if values.len() >= 5 => {
            values.sort();
            values = values[1..values.len() - 1].to_vec();
            rules::MEMBER_TRIMMED
        }
        _ => rules::MEMBER_MEAN,
    };
    let mean = if values.is_empty() {
        Ratio::ZERO
    } else {
        Ratio::sum(values.iter().copied())
            .and_then(|s| s.div_int(values.len() as i128))
            .under(rule)?
    };
    let mut d = Derivation::new(
        format!("item {}", c.id),
        rule,
        "Σ members' scores / members",
    )
    .of(bid)
    .num(mean);
    for (m, s) in cell {
        d = d.input(*m, s);
    }
    Ok((mean, d))
}
