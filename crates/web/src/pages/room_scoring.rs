//! The scoring part of the room page (issue #6): the status of every member for all who may
//! see the room; for a member, its own sheet (a form per bid × criterion until it submits),
//! then after the reveal the items it must revise and the outliers it must explain; the
//! flags for the supervisor; the report with its ranking, and signing it in the browser
//! (`static/room.js`), with or without a dissent.

use app::scoring::ScoringView;

use super::Tr;

pub struct StatusRow {
    pub seat: u32,
    pub person: String,
    pub present: bool,
    pub submitted: bool,
    pub signed: bool,
    pub dissent: String,
}

/// One input of the sheet form: `s.<bid index>.<criterion index>`.
pub struct ScoreCell {
    pub name: String,
    pub points: String,
    pub value: String,
}

pub struct ScoreRow {
    pub bid: String,
    pub bidder: String,
    pub cells: Vec<ScoreCell>,
}

/// One member's scores of one bid, in criterion order (after the reveal).
pub struct SheetRow {
    pub member: String,
    pub bid: String,
    pub scores: Vec<String>,
}

pub struct IssueRow {
    pub code: String,
    pub blocking: bool,
    pub message: String,
}

/// An item the caller must act on: revise it, or explain it.
pub struct OpenItem {
    pub bid: String,
    pub criterion: String,
    pub label: String,
    pub current: String,
}

pub struct FlagRow {
    pub member: String,
    pub item: String,
    pub reason: String,
}

pub struct RankRow {
    pub rank: usize,
    pub bidder: String,
    pub bid: String,
    pub total: String,
}

pub struct ScoringSection {
    pub configured: bool,
    pub revealed: bool,
    pub member: bool,
    pub can_submit: bool,
    pub submitted: bool,
    pub status: Vec<StatusRow>,
    /// (name, points, objective label) of each criterion.
    pub criteria: Vec<(String, String, String)>,
    pub form: Vec<ScoreRow>,
    pub own: Vec<ScoreRow>,
    pub sheets: Vec<SheetRow>,
    pub issues: Vec<IssueRow>,
    pub revise: Vec<OpenItem>,
    pub explain: Vec<OpenItem>,
    pub flags: Vec<FlagRow>,
    pub report: bool,
    /// What the evaluation waits for when the recheck is clear but no report is drafted.
    pub pending: Vec<String>,
    pub digest: String,
    pub ranking: Vec<RankRow>,
    pub can_sign: bool,
}

fn label(v: &ScoringView, bid: &str, criterion: &str) -> String {
    let name = v
        .criteria
        .iter()
        .find(|c| c.id == criterion)
        .map_or(criterion, |c| c.name.as_str());
    format!("{bid} · {name}")
}

fn rows(v: &ScoringView, scores: Option<&app::scoring::SheetView>, own: bool) -> Vec<ScoreRow> {
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

/// What the page shows of the scoring to this caller.
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

pub fn section(t: &Tr, v: &ScoringView, present: bool) -> ScoringSection {
    let me = v.you.clone().unwrap_or_default();
    let member = v.you.is_some();
    let submitted = v.members.iter().any(|m| m.person == me && m.submitted);
    let signed = v.members.iter().any(|m| m.person == me && m.signed);
    let own = v.own_sheet.clone().map(|scores| app::scoring::SheetView {
        member: me.clone(),
        scores,
    });
    let items_to_settle = |outlier: bool| -> Vec<OpenItem> {
        let mut items: Vec<OpenItem> = Vec::new();
        for i in v.issues.iter().filter(|i| {
            i.members.contains(&me) && i.code.starts_with("evaluation.outlier") == outlier
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
    };
    let report = v.report.as_ref();
    let ranking = report
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
        .unwrap_or_default();
    ScoringSection {
        configured: v.configured,
        revealed: v.revealed,
        member,
        can_submit: member && present && v.configured && !submitted && !v.revealed,
        submitted,
        status: v
            .members
            .iter()
            .map(|m| StatusRow {
                seat: m.seat + 1,
                person: m.person.clone(),
                present: m.present,
                submitted: m.submitted,
                signed: m.signed,
                dissent: m.dissent.clone().unwrap_or_default(),
            })
            .collect(),
        criteria: v
            .criteria
            .iter()
            .map(|c| {
                let kind = if c.objective {
                    "ui.eval_room.scoring.objective"
                } else {
                    "ui.eval_room.scoring.subjective"
                };
                (c.name.clone(), c.points.clone(), t.s(kind).to_owned())
            })
            .collect(),
        form: rows(v, own.as_ref(), true),
        own: if submitted {
            rows(v, own.as_ref(), false)
        } else {
            vec![]
        },
        sheets: v
            .sheets
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
            .collect(),
        issues: v
            .issues
            .iter()
            .map(|i| IssueRow {
                code: t
                    .s(&format!("ui.eval_room.scoring.issue.{}", i.code))
                    .to_owned(),
                blocking: i.blocking,
                message: issue_text(t, v, i),
            })
            .collect(),
        revise: if present && report.is_none() {
            items_to_settle(false)
        } else {
            vec![]
        },
        explain: if present && report.is_none() {
            items_to_settle(true)
        } else {
            vec![]
        },
        flags: v
            .flags
            .iter()
            .map(|f| FlagRow {
                member: f.member.clone(),
                item: label(v, &f.bid, &f.criterion),
                reason: f.reason.clone(),
            })
            .collect(),
        report: report.is_some(),
        pending: v.report_pending.clone(),
        digest: report.map(|r| r.digest.clone()).unwrap_or_default(),
        ranking,
        can_sign: member && present && report.is_some() && !signed,
    }
}

/// The sheet form's fields (`s.<bid index>.<criterion index>`) as scores by ids.
pub fn scores_from_form(v: &ScoringView, pairs: &[(String, String)]) -> domain::scoring::Scores {
    let mut scores = domain::scoring::Scores::new();
    for (name, value) in pairs {
        let Some(rest) = name.strip_prefix("s.") else {
            continue;
        };
        let Some((i, j)) = rest.split_once('.') else {
            continue;
        };
        let (Ok(i), Ok(j)) = (i.parse::<usize>(), j.parse::<usize>()) else {
            continue;
        };
        let (Some(b), Some(c)) = (v.bids.get(i), v.criteria.get(j)) else {
            continue;
        };
        let value = value.trim();
        if !value.is_empty() {
            scores
                .entry(b.id.clone())
                .or_default()
                .insert(c.id.clone(), value.to_owned());
        }
    }
    scores
}
