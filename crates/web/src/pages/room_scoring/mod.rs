//! The scoring part of the room page (issue #6): the status of every member for all who may
//! see the room; for a member, its own sheet (a form per bid × criterion until it submits),
//! then after the reveal the items it must revise and the outliers it must explain; the
//! flags for the supervisor; the report with its ranking, and signing it in the browser
//! (`static/room.js`), with or without a dissent.

use app::scoring::ScoringView;

use super::Tr;

mod cells;
mod rows;
mod sheet;

pub use cells::{Typed, check as check_cells};
pub use sheet::scores_from_form;

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
    /// The criterion's maximum.
    pub points: String,
    pub value: String,
    /// Why the typed value was refused (the form came back).
    pub error: Option<String>,
}

pub struct ScoreRow {
    pub bid: String,
    pub bidder: String,
    pub cells: Vec<ScoreCell>,
    /// The sum of the row's scores so far.
    pub total: String,
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
    /// Staff may configure the scoring from the documents now.
    pub can_configure: bool,
    pub revealed: bool,
    pub member: bool,
    pub can_submit: bool,
    pub submitted: bool,
    pub status: Vec<StatusRow>,
    /// (name, points, objective label) of each criterion.
    pub criteria: Vec<(String, String, String)>,
    /// The most a bid can score on the criteria (their points added).
    pub max_total: String,
    /// The sheet came back: some cells are marked.
    pub sheet_wrong: bool,
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

/// What the page shows of the scoring to this caller.
pub fn section(t: &Tr, v: &ScoringView, present: bool, typed: Option<&Typed>) -> ScoringSection {
    let me = v.you.clone().unwrap_or_default();
    let member = v.you.is_some();
    let submitted = v.members.iter().any(|m| m.person == me && m.submitted);
    let signed = v.members.iter().any(|m| m.person == me && m.signed);
    let own = v.own_sheet.clone().map(|scores| app::scoring::SheetView {
        member: me.clone(),
        scores,
    });
    let report = v.report.as_ref();
    // Revising and explaining happen in the room, before the report is drafted.
    let settling = present && report.is_none();
    ScoringSection {
        configured: v.configured,
        can_configure: false,
        revealed: v.revealed,
        member,
        can_submit: member && present && v.configured && !submitted && !v.revealed,
        submitted,
        status: rows::status(v),
        criteria: rows::criteria(t, v),
        sheet_wrong: typed.is_some_and(|t| !t.wrong.is_empty()),
        max_total: cells::total(v.criteria.iter().map(|c| c.points.as_str())),
        form: sheet::rows(v, own.as_ref(), true, typed),
        own: if submitted {
            sheet::rows(v, own.as_ref(), false, None)
        } else {
            vec![]
        },
        sheets: rows::sheets(v),
        issues: rows::issues(t, v),
        revise: if settling {
            sheet::items_to_settle(v, &me, false)
        } else {
            vec![]
        },
        explain: if settling {
            sheet::items_to_settle(v, &me, true)
        } else {
            vec![]
        },
        flags: rows::flags(v),
        report: report.is_some(),
        pending: v.report_pending.clone(),
        digest: report.map(|r| r.digest.clone()).unwrap_or_default(),
        ranking: rows::ranking(v),
        can_sign: member && present && report.is_some() && !signed,
    }
}
