//! Distributed scoring (分散评标, issue #6): each trade's scoring is its own stream,
//! `scoring:<trade>` ([`domain::scoring`]). A member present in the evaluation room submits its
//! own sheet once; the platform seals it in the vault (scope `scoring-sheet:<trade>:<member>`)
//! so the log holds only who submitted and a salted digest. When every member has submitted,
//! the platform opens the sheets, reveals them together and runs the recheck
//! (`evaluation::scoring::recheck`); objective mismatches block until the members concerned
//! revise, outliers wait for their author's written reason (then flagged to the supervisor).
//! When nothing blocks, the report (`evaluation::evaluate`) is stored as a blob and drafted;
//! members sign its digest with their key over a challenge (like the room join), optionally
//! with a dissent; the last signature records `TradeCommand::RecordEvaluation` on the trade.

use std::collections::BTreeMap;

use domain::eval_room::EvalRoomState;
use domain::scoring::{
    Cell, OpenedSheet, ScoringCommand, ScoringError, ScoringIssue, ScoringRequest, ScoringState,
};
use domain::{Actor, Aggregate, Context, DomainEvent, TradeId};
use evaluation::EvaluationInput;
use evaluation::input::Sheet;
use evaluation::values::Dec;
use store::{AppendBatch, StreamAppend};

use crate::error::AppError;
use crate::eval_room::eval_room_stream;
use crate::platform::Platform;
use crate::stream::{Loaded, Meta, fold, records};
use crate::trades::Outcome;

mod report;
mod sheets;
mod view;

pub use view::{FlagView, MemberStatus, ReportView, ScoringView, SheetView};

/// The stream prefix of a trade's scoring (`scoring:<trade>`).
pub const SCORING_PREFIX: &str = "scoring:";

pub fn scoring_stream(trade: &TradeId) -> String {
    format!("{SCORING_PREFIX}{trade}")
}

pub(crate) fn refused(e: ScoringError) -> AppError {
    AppError::refused(&e)
}

pub(crate) fn sheet_invalid(reason: impl Into<String>) -> AppError {
    refused(ScoringError::SheetInvalid {
        reason: reason.into(),
    })
}

/// The caller is a member of the committee, in the room now; said before anything else.
pub(crate) fn member_here(
    room: &EvalRoomState,
    actor: &Actor,
    action: &'static str,
) -> Result<(), AppError> {
    if !room.members.iter().any(|m| m.person == actor.id) {
        return Err(refused(ScoringError::MembersOnly { action }));
    }
    if room.present_member(&actor.id).is_none() {
        return Err(refused(ScoringError::NotPresent { action }));
    }
    Ok(())
}

pub(crate) fn to_issue(i: &evaluation::Issue) -> ScoringIssue {
    let mut cells = Vec::new();
    for item in &i.items {
        match item.split_once('/') {
            Some((bid, criterion)) => cells.push(Cell {
                bid: bid.into(),
                criterion: criterion.into(),
            }),
            None => cells.extend(i.bids.iter().map(|bid| Cell {
                bid: bid.clone(),
                criterion: item.clone(),
            })),
        }
    }
    ScoringIssue {
        code: i.code.to_owned(),
        blocking: i.blocking,
        message: i.message.clone(),
        members: i.members.clone(),
        cells,
    }
}

/// An opened sheet (with the member's outlier reasons) as the evaluation crate reads it.
pub(crate) fn to_sheet(o: &OpenedSheet, state: &ScoringState) -> Result<Sheet, AppError> {
    let mut scores = BTreeMap::new();
    for (bid, row) in &o.scores {
        let mut items = BTreeMap::new();
        for (c, s) in row {
            let d = Dec::parse(s).map_err(|e| sheet_invalid(format!("{bid}/{c}: {e}")))?;
            items.insert(c.clone(), d);
        }
        scores.insert(bid.clone(), items);
    }
    let reasons = state
        .reasons
        .iter()
        .filter(|(m, _, _)| *m == o.member)
        .map(|(_, c, r)| (format!("{}/{}", c.bid, c.criterion), r.clone()))
        .collect();
    Ok(Sheet {
        member: o.member.clone(),
        scores,
        totals: BTreeMap::new(),
        reasons,
    })
}

pub(crate) fn hex32() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the operating system gives randomness");
    hex::encode(b)
}

impl Platform {
    pub(crate) async fn load_scoring(
        &self,
        trade: &TradeId,
    ) -> Result<(Loaded<ScoringState>, EvalRoomState), AppError> {
        let room = fold::<EvalRoomState>(&self.store.load_stream(&eval_room_stream(trade)).await?)?;
        let scoring = fold::<ScoringState>(&self.store.load_stream(&scoring_stream(trade)).await?)?;
        Ok((scoring, room.state))
    }

    /// Decides on `loaded` and appends. A submission or a signature does not depend on what
    /// others did meanwhile, so when members act at the same moment it is decided again on
    /// the fresh stream (up to 16 times) instead of failing with a conflict.
    pub(crate) async fn execute_scoring(
        &self,
        trade: &TradeId,
        loaded: &Loaded<ScoringState>,
        room: EvalRoomState,
        command: ScoringCommand,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        let retry = meta.expected_version.is_none()
            && matches!(
                command,
                ScoringCommand::Submit { .. } | ScoringCommand::Sign { .. }
            );
        let mut result = self
            .execute_scoring_once(trade, loaded, room, command.clone(), actor, meta)
            .await;
        for _ in 0..16 {
            if !(retry && matches!(result, Err(AppError::Conflict { .. }))) {
                break;
            }
            let (fresh, room) = self.load_scoring(trade).await?;
            result = self
                .execute_scoring_once(trade, &fresh, room, command.clone(), actor, meta)
                .await;
        }
        result
    }

    async fn execute_scoring_once(
        &self,
        trade: &TradeId,
        loaded: &Loaded<ScoringState>,
        room: EvalRoomState,
        command: ScoringCommand,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        let stream = scoring_stream(trade);
        if let Some(expected) = meta.expected_version
            && expected != loaded.version
        {
            return Err(AppError::Conflict {
                stream,
                expected,
                actual: loaded.version,
            });
        }
        let now = self.clock.now();
        let ctx = Context {
            now,
            actor,
            calendar: &self.calendar,
        };
        let action = command.action();
        crate::blobs::ensure_named_files(&self.blobs, &command, []).await?;
        let request = ScoringRequest { room, command };
        let events = loaded.state.decide(&request, &ctx).map_err(|e| {
            tracing::info!(trade.id = %trade, scoring.action = action, error.code = e.code(), "scoring command refused");
            refused(e)
        })?;
        let at_us = (now.unix_timestamp_nanos() / 1_000) as i64;
        let mut batch = AppendBatch::default();
        batch.streams.push(StreamAppend {
            events: records(&stream, loaded.version, &events, actor, at_us, meta)?,
            stream,
            expected_version: loaded.version,
        });
        let appended = self.commit(batch).await?;
        let version = loaded.version + events.len() as u64;
        tracing::info!(trade.id = %trade, scoring.action = action, version, "scoring command accepted");
        Ok(Outcome {
            trade: trade.to_string(),
            version,
            first_seq: appended.first_seq,
            events: events.iter().map(|e| e.kind().to_owned()).collect(),
            log_size: appended.head.size,
            log_root: appended.head.root.to_hex(),
        })
    }

    /// The evaluation input stored at configuration (no sheets).
    pub(crate) fn scoring_input(&self, state: &ScoringState) -> Result<EvaluationInput, AppError> {
        let blob = state
            .input
            .as_ref()
            .ok_or_else(|| refused(ScoringError::NotConfigured))?;
        let bytes = self.blobs.get(blob.sha256.as_str())?;
        let text = String::from_utf8(bytes).map_err(|e| AppError::Corrupt(e.to_string()))?;
        EvaluationInput::from_json(&text).map_err(|e| AppError::Corrupt(e.to_string()))
    }
}

/// A follow-up of an accepted command (reveal, draft, record): its failure (another caller
/// did it first, a conflict) does not undo the command; the next read retries it.
pub(crate) fn follow_up(what: &'static str, trade: &TradeId, r: Result<(), AppError>) {
    if let Err(e) = r {
        tracing::info!(trade.id = %trade, scoring.follow_up = what, error.code = e.code(), "scoring follow-up not done");
    }
}

pub(crate) fn sheet_scope(trade: &TradeId, member: &str) -> String {
    format!("scoring-sheet:{trade}:{member}")
}
