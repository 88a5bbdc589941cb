//! Configuring, sealed sheets, the reveal and the recheck: revisions and outlier reasons.

use domain::scoring::{
    BidEntry, Cell, CriterionEntry, OpenedSheet, Scores, ScoringCommand, ScoringError,
    ScoringIssue, ScoringState, sheet_digest,
};
use domain::trade::sealed::SealedLabel;
use domain::{Actor, BlobRef, Role, TradeId, UnifiedSocialCreditCode};
use evaluation::EvaluationInput;
use evaluation::input::Sheet;
use evaluation::method::CriterionKind;
use evaluation::values::Dec;

use crate::error::AppError;
use crate::pipeline::{Call, Current};
use crate::platform::Platform;
use crate::stream::Meta;
use crate::trades::Outcome;

use super::{
    draft_when_clear, follow_up, hex32, member_here, refused, run, sheet_invalid, sheet_scope,
    to_issue, to_sheet,
};

pub(super) fn staff_only(actor: &Actor) -> Result<(), AppError> {
    if matches!(actor.role, Role::CenterStaff | Role::Platform) {
        Ok(())
    } else {
        Err(refused(ScoringError::WrongRole {
            action: "configure_scoring",
            role: actor.role,
        }))
    }
}

fn invalid(reason: String) -> AppError {
    refused(ScoringError::Invalid {
        field: "input",
        reason,
    })
}

/// Center staff set what is evaluated: the documents' method and criteria and the opened
/// bids, as an evaluation input without sheets. Each bid's `bidder` is the unified social
/// credit code of a bidder whose bid was opened. Allowed until the first sheet.
pub async fn configure(
    platform: &Platform,
    trade: &TradeId,
    input: EvaluationInput,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    staff_only(actor)?;
    let json = serde_json::to_vec_pretty(&input).map_err(|e| invalid(e.to_string()))?;
    let blob = BlobRef::new(
        &crate::blobs::sha256_hex(&json),
        json.len() as u64,
        "evaluation-input.json",
    )
    .map_err(|e| invalid(e.to_string()))?;
    let plan = |current: &Current<ScoringState>| {
        if !input.sheets.is_empty() {
            return Err(invalid("the configuration holds no scores".into()));
        }
        evaluation::validate::plan(&input).map_err(|e| invalid(e.to_string()))?;
        let round = &current.extra.trade.round;
        let mut opened: Vec<UnifiedSocialCreditCode> = round.opened_bidders.clone();
        opened.extend(round.opened_line_bidders().cloned());
        let mut bids = Vec::new();
        for b in &input.bids {
            let bidder = b
                .bidder
                .as_deref()
                .and_then(|s| UnifiedSocialCreditCode::parse(s).ok())
                .filter(|c| opened.contains(c))
                .ok_or_else(|| {
                    refused(ScoringError::NotABid {
                        bidder: b.bidder.clone().unwrap_or_else(|| b.id.clone()),
                    })
                })?;
            bids.push(BidEntry {
                id: b.id.clone(),
                bidder,
            });
        }
        let criteria = input
            .method
            .criteria()
            .iter()
            .map(|c| CriterionEntry {
                id: c.id.clone(),
                name: c.name.clone(),
                points: c.points.0.to_string(),
                objective: c.kind == CriterionKind::Objective,
            })
            .collect();
        Ok(Some(ScoringCommand::Configure {
            trade: trade.clone(),
            bids,
            criteria,
            input: blob.clone(),
        }))
    };
    // The input is stored only once the configuration is accepted.
    let call = Call {
        files: &[&json],
        ..Call::new(actor, meta)
    };
    run(platform, trade, call, plan).await
}

/// [`configure`] from the evaluation input's JSON (docs/EVALUATE.md §1).
pub async fn configure_json(
    platform: &Platform,
    trade: &TradeId,
    json: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    staff_only(actor)?;
    let input = EvaluationInput::from_json(json).map_err(|e| invalid(e.to_string()))?;
    configure(platform, trade, input, actor, meta).await
}

/// A member present in the room submits its own sheet (bid id → criterion id → score),
/// once. It is checked on its own (every item, range, step), sealed for the platform, and
/// only its digest is logged. The last sheet reveals them all. Members submitting at the
/// same moment do not conflict: a submission does not depend on the others'.
pub async fn submit_sheet(
    platform: &Platform,
    trade: &TradeId,
    scores: Scores,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let plan = |current: &Current<ScoringState>| {
        member_here(&current.extra.room, actor, "submit_sheet")?;
        let state = &current.state;
        if state.trade.is_none() {
            return Err(refused(ScoringError::NotConfigured));
        }
        if state.revealed_at.is_none() && !state.has_submitted(&actor.id) {
            check_own_sheet(platform, state, &actor.id, &scores)?;
        }
        let opened = OpenedSheet {
            member: actor.id.clone(),
            salt: hex32(),
            scores: scores.clone(),
        };
        let digest = sheet_digest(trade, &opened);
        let label = platform.vault_label(&sheet_scope(trade, &actor.id), &opened)?;
        Ok(Some(ScoringCommand::Submit {
            digest,
            sealed: label.as_str().to_owned(),
        }))
    };
    let call = Call {
        retries: 16,
        ..Call::new(actor, meta)
    };
    let outcome = run(platform, trade, call, plan).await?;
    follow_up("reveal", trade, reveal_when_complete(platform, trade).await);
    Ok(outcome)
}

fn check_own_sheet(
    platform: &Platform,
    state: &ScoringState,
    member: &str,
    scores: &Scores,
) -> Result<(), AppError> {
    for (bid, row) in scores {
        if !state.bids.iter().any(|b| &b.id == bid) {
            return Err(sheet_invalid(format!("{bid}: no such bid")));
        }
        if let Some(c) = row
            .keys()
            .find(|c| !state.criteria.iter().any(|k| &k.id == *c))
        {
            return Err(sheet_invalid(format!("{bid}/{c}: no such criterion")));
        }
    }
    let input = platform.scoring_input(state)?;
    let opened = OpenedSheet {
        member: member.into(),
        salt: String::new(),
        scores: scores.clone(),
    };
    let sheet = to_sheet(&opened, state)?;
    let bids: Vec<&str> = state.bids.iter().map(|b| b.id.as_str()).collect();
    let issues = evaluation::scoring::check_sheet(&sheet, input.method.criteria(), &bids);
    if let Some(first) = issues.first() {
        let all: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
        tracing::info!(issue.code = first.code, "sheet refused");
        return Err(sheet_invalid(all.join("; ")));
    }
    Ok(())
}

/// The recheck of the sheets as they stand (with `state`'s reasons).
fn recheck(
    platform: &Platform,
    state: &ScoringState,
    sheets: &[OpenedSheet],
) -> Result<Vec<ScoringIssue>, AppError> {
    let input = platform.scoring_input(state)?;
    let sheets: Vec<Sheet> = sheets
        .iter()
        .map(|s| to_sheet(s, state))
        .collect::<Result<_, _>>()?;
    let bids: Vec<&str> = state.bids.iter().map(|b| b.id.as_str()).collect();
    let issues =
        evaluation::scoring::recheck(&sheets, input.method.criteria(), &bids, &input.outliers)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
    Ok(issues.iter().map(to_issue).collect())
}

/// Once every member has submitted: open the sheets, reveal them together with the
/// recheck, and draft the report if nothing blocks. Does nothing before.
pub(crate) async fn reveal_when_complete(
    platform: &Platform,
    trade: &TradeId,
) -> Result<(), AppError> {
    let plan = |current: &Current<ScoringState>| {
        let state = &current.state;
        if state.trade.is_none()
            || state.revealed_at.is_some()
            || !state.all_submitted(&current.extra.room)
        {
            return Ok(None);
        }
        let mut sheets = Vec::new();
        for s in &state.submitted {
            let label =
                SealedLabel::parse(&s.sealed).map_err(|e| AppError::Corrupt(e.to_string()))?;
            let scope = sheet_scope(trade, &s.member);
            sheets.push(platform.vault_read::<OpenedSheet>(&scope, &label)?);
        }
        let issues = recheck(platform, state, &sheets)?;
        Ok(Some(ScoringCommand::Reveal { sheets, issues }))
    };
    let (actor, meta) = (Actor::platform(), Meta::default());
    let outcome = run(platform, trade, Call::new(&actor, &meta), plan).await?;
    if outcome.events.is_empty() {
        return Ok(());
    }
    draft_when_clear(platform, trade).await
}

/// A member changes one of its own scores that a blocking issue names (an objective
/// mismatch, a score out of range), after the reveal and before the report.
pub async fn revise_score(
    platform: &Platform,
    trade: &TradeId,
    bid: &str,
    criterion: &str,
    score: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let plan = |current: &Current<ScoringState>| {
        member_here(&current.extra.room, actor, "revise_score")?;
        let mut sheets = current.state.sheets.clone();
        let issues = match sheets.iter_mut().find(|s| s.member == actor.id) {
            Some(own) if Dec::parse(score).is_ok() => {
                own.scores
                    .entry(bid.into())
                    .or_default()
                    .insert(criterion.into(), score.trim().into());
                let issues = recheck(platform, &current.state, &sheets)?;
                let still_out = issues.iter().any(|i| {
                    i.code == "evaluation.score_out_of_range"
                        && i.concerns(&actor.id, bid, criterion)
                });
                if still_out {
                    return Err(sheet_invalid(format!(
                        "{bid}/{criterion} = {score}: out of range"
                    )));
                }
                issues
            }
            _ => Vec::new(),
        };
        Ok(Some(ScoringCommand::Revise {
            bid: bid.into(),
            criterion: criterion.into(),
            score: score.trim().into(),
            issues,
        }))
    };
    let outcome = run(platform, trade, Call::new(actor, meta), plan).await?;
    follow_up("draft", trade, draft_when_clear(platform, trade).await);
    Ok(outcome)
}

/// The author of an outlier gives its written reason; the supervisor sees the flag.
pub async fn give_outlier_reason(
    platform: &Platform,
    trade: &TradeId,
    bid: &str,
    criterion: &str,
    reason: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let plan = |current: &Current<ScoringState>| {
        member_here(&current.extra.room, actor, "give_outlier_reason")?;
        let state = &current.state;
        let issues = if state.revealed_at.is_some() && !reason.trim().is_empty() {
            let mut with = state.clone();
            let cell = Cell {
                bid: bid.into(),
                criterion: criterion.into(),
            };
            with.reasons
                .retain(|(m, c, _)| !(m == &actor.id && c == &cell));
            with.reasons
                .push((actor.id.clone(), cell, reason.trim().into()));
            recheck(platform, &with, &with.sheets)?
        } else {
            Vec::new()
        };
        Ok(Some(ScoringCommand::GiveReason {
            bid: bid.into(),
            criterion: criterion.into(),
            reason: reason.into(),
            issues,
        }))
    };
    let outcome = run(platform, trade, Call::new(actor, meta), plan).await?;
    follow_up("draft", trade, draft_when_clear(platform, trade).await);
    Ok(outcome)
}
