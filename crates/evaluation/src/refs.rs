//! Every id in the input is defined once and every reference points at something defined.

use std::collections::BTreeSet;

use crate::error::EvalError;
use crate::input::EvaluationInput;

fn unique<'a>(
    kind: &'static str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<BTreeSet<&'a str>, EvalError> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if id.trim().is_empty() {
            return Err(EvalError::input(kind, "an id is empty"));
        }
        if !seen.insert(id) {
            return Err(EvalError::Duplicate {
                kind,
                id: id.to_owned(),
            });
        }
    }
    Ok(seen)
}

fn known(kind: &'static str, set: &BTreeSet<&str>, id: &str) -> Result<(), EvalError> {
    if set.contains(id) {
        Ok(())
    } else {
        Err(EvalError::Unknown {
            kind,
            id: id.to_owned(),
        })
    }
}

pub fn check(input: &EvaluationInput) -> Result<(), EvalError> {
    let bids = unique("bid", input.bids.iter().map(|b| b.id.as_str()))?;
    let declared = unique("member", input.members.iter().map(|m| m.id.as_str()))?;
    let sheet_members = unique(
        "score sheet of member",
        input.sheets.iter().map(|s| s.member.as_str()),
    )?;
    let members = if declared.is_empty() {
        &sheet_members
    } else {
        &declared
    };
    let criteria: BTreeSet<&str> = input
        .method
        .criteria()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    if criteria.is_empty() && !input.sheets.is_empty() {
        return Err(EvalError::input(
            "sheets",
            "this method scores the price only: no score sheets",
        ));
    }
    for s in &input.sheets {
        known("member", members, &s.member)?;
        for (bid, items) in &s.scores {
            known("bid", &bids, bid)?;
            for item in items.keys() {
                known("criterion", &criteria, item)?;
            }
        }
        for bid in s.totals.keys() {
            known("bid", &bids, bid)?;
        }
        for key in s.reasons.keys() {
            let (bid, item) = key.split_once('/').ok_or_else(|| {
                EvalError::input(
                    format!("sheet of {}: reasons", s.member),
                    format!("key {key:?} is not \"bid/criterion\""),
                )
            })?;
            known("bid", &bids, bid)?;
            known("criterion", &criteria, item)?;
        }
    }
    for f in &input.committee_low_price {
        known("bid", &bids, &f.bid)?;
        if f.reason.trim().is_empty() {
            return Err(EvalError::input(
                "committee_low_price",
                "the committee's reason is required",
            ));
        }
    }
    unique(
        "explanation of bid",
        input.explanations.iter().map(|e| e.bid.as_str()),
    )?;
    for e in &input.explanations {
        known("bid", &bids, &e.bid)?;
    }
    for d in &input.dissents {
        known("member", members, &d.member)?;
    }
    for b in &input.bids {
        if b.brand.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return Err(EvalError::input(format!("bid {}", b.id), "brand is empty"));
        }
    }
    Ok(())
}
