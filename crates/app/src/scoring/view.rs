//! Reading the scoring: what each caller may see. Members see their own sheet and, after the
//! reveal, everyone's; witnesses, supervisors and center staff see who submitted, and after
//! the reveal the sheets, issues and flags; anyone else "not found". Nobody sees another
//! member's scores before every sheet is in.

use domain::Actor;
use domain::Role;
use domain::TradeId;
use domain::eval_room::EvalRoomState;
use domain::scoring::{BidEntry, CriterionEntry, OpenedSheet, Scores, ScoringIssue, ScoringState};
use domain::trade::sealed::SealedLabel;
use serde::Serialize;

use super::sheet_scope;
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Loaded;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberStatus {
    pub person: String,
    /// 0-based, as in the room's view (pages show it 1-based).
    pub seat: u32,
    pub present: bool,
    pub submitted: bool,
    pub signed: bool,
    pub dissent: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SheetView {
    pub member: String,
    pub scores: Scores,
}

/// An outlier with its author's written reason (the flag the supervisor watches).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FlagView {
    pub member: String,
    pub bid: String,
    pub criterion: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportView {
    /// SHA-256 of the report's JSON: what members sign.
    pub digest: String,
    /// The ranked candidates' unified social credit codes, rank 1 first.
    pub ranked: Vec<String>,
    /// The report as computed by the `evaluation` crate.
    #[schema(value_type = evaluation::Report)]
    pub report: serde_json::Value,
    /// The candidates in rank order, with their bidders and totals.
    pub ranking: Vec<RankedView>,
}

/// One candidate of the report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RankedView {
    pub rank: u32,
    pub bid: String,
    pub bidder: String,
    /// The total as the report rounds it.
    pub total: Option<String>,
}

/// The parts of a stored report (an `evaluation::Report` as JSON) that the ranking shows.
#[derive(serde::Deserialize)]
struct StoredReport {
    candidates: Vec<String>,
    bids: Vec<StoredBid>,
}

#[derive(serde::Deserialize)]
struct StoredBid {
    id: String,
    total_rounded: Option<String>,
}

fn ranking(report: &serde_json::Value, ranked: &[String]) -> Result<Vec<RankedView>, AppError> {
    let stored: StoredReport = serde_json::from_value(report.clone())
        .map_err(|e| AppError::Corrupt(format!("stored report: {e}")))?;
    Ok(stored
        .candidates
        .iter()
        .enumerate()
        .map(|(n, id)| RankedView {
            rank: n as u32 + 1,
            bid: id.clone(),
            bidder: ranked.get(n).cloned().unwrap_or_default(),
            total: stored
                .bids
                .iter()
                .find(|b| &b.id == id)
                .and_then(|b| b.total_rounded.clone()),
        })
        .collect())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScoringView {
    pub trade: String,
    pub version: u64,
    pub configured: bool,
    pub bids: Vec<BidEntry>,
    pub criteria: Vec<CriterionEntry>,
    /// The caller's person id when it sits on the committee.
    pub you: Option<String>,
    pub members: Vec<MemberStatus>,
    pub revealed: bool,
    /// The caller's own sheet (members only), before and after the reveal.
    pub own_sheet: Option<Scores>,
    /// Every sheet: empty until all are revealed.
    pub sheets: Vec<SheetView>,
    pub issues: Vec<ScoringIssue>,
    pub flags: Vec<FlagView>,
    pub report: Option<ReportView>,
    /// The recheck is clear but the evaluation blocks the report (a tie to break, a price
    /// explanation to decide…): its messages.
    pub report_pending: Vec<String>,
}

/// The scoring as `actor` may read it; "not found" for whoever may not enter the room.
pub async fn scoring_view(
    p: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<ScoringView, AppError> {
    p.trade_state(trade).await?;
    let (loaded, room) = p.load_scoring(trade).await?;
    let allowed = room.opened_at.is_some()
        && (room.entitled(actor).is_some()
            || matches!(actor.role, Role::Platform | Role::CenterStaff));
    if !allowed {
        return Err(AppError::not_found(format!("trade {trade}")));
    }
    let (loaded, room) = catch_up(p, trade, loaded, room).await?;
    let pending = report_pending(p, &loaded.state);
    let s = &loaded.state;
    let is_member = room.members.iter().any(|m| m.person == actor.id);
    let revealed = s.revealed_at.is_some();
    let own_sheet = if is_member {
        own_sheet(p, trade, s, &actor.id)?
    } else {
        None
    };
    let sheets = if revealed {
        s.sheets
            .iter()
            .map(|o| SheetView {
                member: o.member.clone(),
                scores: o.scores.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let flags = s
        .reasons
        .iter()
        .map(|(m, c, r)| FlagView {
            member: m.clone(),
            bid: c.bid.clone(),
            criterion: c.criterion.clone(),
            reason: r.clone(),
        })
        .collect();
    Ok(ScoringView {
        trade: trade.to_string(),
        version: loaded.version,
        configured: s.trade.is_some(),
        bids: s.bids.clone(),
        criteria: s.criteria.clone(),
        you: is_member.then(|| actor.id.clone()),
        members: member_statuses(s, &room),
        revealed,
        own_sheet,
        sheets,
        issues: if revealed {
            s.issues.clone()
        } else {
            Vec::new()
        },
        flags,
        report: report_view(p, s)?,
        report_pending: pending,
    })
}

/// A reveal or a report left undone (two members at the same moment) is done now, and the
/// scoring read again.
async fn catch_up(
    p: &Platform,
    trade: &TradeId,
    loaded: Loaded<ScoringState>,
    room: EvalRoomState,
) -> Result<(Loaded<ScoringState>, EvalRoomState), AppError> {
    let state = &loaded.state;
    let reveal_due =
        state.trade.is_some() && state.revealed_at.is_none() && state.all_submitted(&room);
    let draft_due = state.revealed_at.is_some() && state.report.is_none() && state.blocking() == 0;
    if !(reveal_due || draft_due) {
        return Ok((loaded, room));
    }
    super::follow_up("reveal", trade, super::reveal_when_complete(p, trade).await);
    super::follow_up("draft", trade, super::draft_when_clear(p, trade).await);
    p.load_scoring(trade).await
}

/// Nothing blocks the recheck, yet no report: what the evaluation itself waits for.
fn report_pending(p: &Platform, s: &ScoringState) -> Vec<String> {
    if s.revealed_at.is_none() || s.report.is_some() || s.blocking() != 0 {
        return Vec::new();
    }
    match p.evaluate_scoring(s) {
        Ok(report) => report
            .issues
            .iter()
            .filter(|i| i.blocking)
            .map(|i| i.message.clone())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Every member in seat order: present, submitted, signed (with a dissent if any).
fn member_statuses(s: &ScoringState, room: &EvalRoomState) -> Vec<MemberStatus> {
    let mut members: Vec<MemberStatus> = room
        .members
        .iter()
        .map(|m| {
            let sig = s.signatures.iter().find(|g| g.member == m.person);
            MemberStatus {
                person: m.person.clone(),
                seat: m.seat,
                present: room.present(&m.person),
                submitted: s.has_submitted(&m.person),
                signed: sig.is_some(),
                dissent: sig.and_then(|g| g.dissent.clone()),
            }
        })
        .collect();
    members.sort_by_key(|m| m.seat);
    members
}

/// A member's own sheet: opened after the reveal; before it, read from the vault where its
/// sealed copy waits (none until it submits).
fn own_sheet(
    p: &Platform,
    trade: &TradeId,
    s: &ScoringState,
    member: &str,
) -> Result<Option<Scores>, AppError> {
    if s.revealed_at.is_some() {
        return Ok(s.sheet(member).map(|o| o.scores.clone()));
    }
    let Some(x) = s.submitted.iter().find(|x| x.member == member) else {
        return Ok(None);
    };
    let label = SealedLabel::parse(&x.sealed).map_err(|e| AppError::Corrupt(e.to_string()))?;
    let o: OpenedSheet = p.vault_read(&sheet_scope(trade, member), &label)?;
    Ok(Some(o.scores))
}

/// The drafted report, read from its blob, with its ranking.
fn report_view(p: &Platform, s: &ScoringState) -> Result<Option<ReportView>, AppError> {
    let Some((blob, digest)) = &s.report else {
        return Ok(None);
    };
    let bytes = p.blobs.get(blob.sha256.as_str())?;
    let report: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| AppError::Corrupt(e.to_string()))?;
    let ranked: Vec<String> = s.ranked.iter().map(|b| b.to_string()).collect();
    Ok(Some(ReportView {
        digest: digest.clone(),
        ranking: ranking(&report, &ranked)?,
        ranked,
        report,
    }))
}
