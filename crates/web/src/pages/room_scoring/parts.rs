//! The rows of the scoring section, each built from the scoring view on its own.
use app::scoring::ScoringView;

use super::{FlagRow, IssueRow, OpenItem, RankRow, ScoreCell, ScoreRow, SheetRow, StatusRow, Tr};

pub(super) fn label(v: &ScoringView, bid: &str, criterion: &str) -> String {
    let name = v
        .criteria
        .iter()
        .find(|c| c.id == criterion)
        .map_or(criterion, |c| c.name.as_str());
    format!("{bid} · {name}")
}

pub(super) fn rows(
    v: &ScoringView,
    scores: Option<&app::scoring::SheetView>,
    own: bool,
) -> Vec<ScoreRow> {
    let sheet = scores.map(|s| &s.scores);
    v.bids
        .iter()
        .enumerate()
        .map(|(i, b)| ScoreRow {
            bid: b.id.clone(),
            bidder: b.bidder.to_string(),
            cells: v
                .criteria
                .iter()
                .enumerate()
                .map(|(j, c)| ScoreCell {
                    name: if own {
                        format!("s.{i}.{j}")
                    } else {
                        String::new()
                    },
                    points: c.points.clone(),
                    value: sheet
                        .and_then(|s| s.get(&b.id))
                        .and_then(|r| r.get(&c.id))
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect()
}

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

/// The items `me` must settle: blocking issues to revise (`outlier` false) or outliers to
/// explain (`outlier` true), each cell once, with `me`'s current score.
pub(super) fn items_to_settle(v: &ScoringView, me: &str, outlier: bool) -> Vec<OpenItem> {
    let mut items: Vec<OpenItem> = Vec::new();
    for i in v.issues.iter().filter(|i| {
        i.members.iter().any(|m| m == me) && i.code.starts_with("evaluation.outlier") == outlier
    }) {
        if !outlier && !i.blocking {
            continue;
        }
        for c in &i.cells {
            if items
                .iter()
                .any(|x| x.bid == c.bid && x.criterion == c.criterion)
            {
                continue;
            }
            let current = v
                .own_sheet
                .as_ref()
                .and_then(|s| s.get(&c.bid))
                .and_then(|r| r.get(&c.criterion))
                .cloned()
                .unwrap_or_default();
            items.push(OpenItem {
                bid: c.bid.clone(),
                criterion: c.criterion.clone(),
                label: label(v, &c.bid, &c.criterion),
                current,
            });
        }
    }
    items
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
