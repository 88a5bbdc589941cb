//! The rows of the scoring section everyone in the room sees: status, criteria, sheets after
//! the reveal, issues, flags and the ranking.
use app::scoring::ScoringView;

use super::sheet::label;
use super::{FlagRow, IssueRow, RankRow, SheetRow, StatusRow, Tr};

/// An issue in the reader's language from its code, members and cells (the catalogue's
/// `ui.eval_room.scoring.issue_text.<code>`); the evaluation's English when it has none.
fn issue_text(t: &Tr, v: &ScoringView, i: &domain::scoring::ScoringIssue) -> String {
    let Some(template) = t
        .lang
        .get(&format!("ui.eval_room.scoring.issue_text.{}", i.code))
    else {
        return i.message.clone();
    };
    let cells: Vec<String> = i
        .cells
        .iter()
        .map(|c| label(v, &c.bid, &c.criterion))
        .collect();
    template
        .replace("{members}", &i.members.join("、"))
        .replace("{cells}", &cells.join("、"))
}

pub(super) fn ranking(v: &ScoringView) -> Vec<RankRow> {
    v.report
        .as_ref()
        .map(|r| {
            r.ranking
                .iter()
                .map(|c| RankRow {
                    rank: c.rank as usize,
                    bidder: c.bidder.clone(),
                    bid: c.bid.clone(),
                    total: c.total.clone().unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn status(v: &ScoringView) -> Vec<StatusRow> {
    v.members
        .iter()
        .map(|m| StatusRow {
            seat: m.seat + 1,
            person: m.person.clone(),
            present: m.present,
            submitted: m.submitted,
            signed: m.signed,
            dissent: m.dissent.clone().unwrap_or_default(),
        })
        .collect()
}

/// (name, points, objective label) of each criterion.
pub(super) fn criteria(t: &Tr, v: &ScoringView) -> Vec<(String, String, String)> {
    v.criteria
        .iter()
        .map(|c| {
            let kind = if c.objective {
                "ui.eval_room.scoring.objective"
            } else {
                "ui.eval_room.scoring.subjective"
            };
            (c.name.clone(), c.points.clone(), t.s(kind).to_owned())
        })
        .collect()
}

/// Every member's scores of every bid, after the reveal.
pub(super) fn sheets(v: &ScoringView) -> Vec<SheetRow> {
    v.sheets
        .iter()
        .flat_map(|s| {
            v.bids.iter().map(|b| SheetRow {
                member: s.member.clone(),
                bid: b.id.clone(),
                scores: v
                    .criteria
                    .iter()
                    .map(|c| {
                        s.scores
                            .get(&b.id)
                            .and_then(|r| r.get(&c.id))
                            .cloned()
                            .unwrap_or_default()
                    })
                    .collect(),
            })
        })
        .collect()
}

pub(super) fn issues(t: &Tr, v: &ScoringView) -> Vec<IssueRow> {
    v.issues
        .iter()
        .map(|i| IssueRow {
            code: t
                .s(&format!("ui.eval_room.scoring.issue.{}", i.code))
                .to_owned(),
            blocking: i.blocking,
            message: issue_text(t, v, i),
        })
        .collect()
}

pub(super) fn flags(v: &ScoringView) -> Vec<FlagRow> {
    v.flags
        .iter()
        .map(|f| FlagRow {
            member: f.member.clone(),
            item: label(v, &f.bid, &f.criterion),
            reason: f.reason.clone(),
        })
        .collect()
}
