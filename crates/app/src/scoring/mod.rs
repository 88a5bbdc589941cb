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
use domain::{Actor, TradeId, TradeState};
use evaluation::EvaluationInput;
use evaluation::input::Sheet;
use evaluation::values::Dec;

use crate::error::AppError;
use crate::pipeline::{Call, Current, Stored};
use crate::platform::Platform;
use crate::stream::Loaded;
use crate::trades::Outcome;

mod documents;
mod report;
mod sheets;
mod view;

pub(crate) use documents::check_documents;
pub use documents::{configure_from_documents, opened_bid};
pub(crate) use report::draft_when_clear;
pub use report::{challenge, record, sign_report};
pub(crate) use sheets::reveal_when_complete;
pub use sheets::{configure, configure_json, give_outlier_reason, revise_score, submit_sheet};
pub use view::{
    FlagView, MemberStatus, RankedView, ReportView, ScoringView, SheetView, scoring_view,
};

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

/// What a scoring command is decided with besides its own stream.
#[derive(Default)]
pub(crate) struct Scene {
    /// Who is in the room now.
    pub room: EvalRoomState,
    pub trade: TradeState,
}

/// A trade's scoring, loaded with its room (members present) and the trade.
impl Stored for ScoringState {
    type Key = TradeId;
    type Extra = Scene;
    const NAME: &'static str = "scoring";

    fn stream(trade: &TradeId) -> String {
        scoring_stream(trade)
    }

    async fn load(
        p: &Platform,
        trade: &TradeId,
        actor: &Actor,
    ) -> Result<Current<ScoringState>, AppError> {
        let trade_state = p.trade_to_write(trade, actor).await?;
        let (loaded, room) = p.load_scoring(trade).await?;
        Ok(Current {
            state: loaded.state,
            version: loaded.version,
            others: BTreeMap::new(),
            extra: Scene {
                room,
                trade: trade_state,
            },
        })
    }
}

/// Runs the command built from the loaded scoring (none: nothing to do), as `call.actor`.
pub(crate) async fn run(
    platform: &Platform,
    trade: &TradeId,
    call: Call<'_>,
    command: impl Fn(&Current<ScoringState>) -> Result<Option<ScoringCommand>, AppError> + Sync,
) -> Result<Outcome, AppError> {
    let plan = |current: &Current<ScoringState>| {
        Ok(command(current)?
            .map(|command| ScoringRequest {
                room: current.extra.room.clone(),
                command,
            })
            .into_iter()
            .collect())
    };
    let done = platform.run_call::<ScoringState>(trade, call, plan).await?;
    Ok(Outcome::of(trade, &done))
}

impl Platform {
    pub(crate) async fn load_scoring(
        &self,
        trade: &TradeId,
    ) -> Result<(Loaded<ScoringState>, EvalRoomState), AppError> {
        let room = self.read::<EvalRoomState>(trade).await?;
        let scoring = self.read::<ScoringState>(trade).await?;
        Ok((scoring, room.state))
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
