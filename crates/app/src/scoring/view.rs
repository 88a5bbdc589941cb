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

#[derive(Debug, Clone, Serialize)]
pub struct MemberStatus {
    pub person: String,
    /// 0-based, as in the room's view (pages show it 1-based).
    pub seat: u32,
    pub present: bool,
    pub submitted: bool,
    pub signed: bool,
    pub dissent: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    pub member: String,
    pub scores: Scores,
}

/// An outlier with its author's written reason (the flag the supervisor watches).
#[derive(Debug, Clone, Serialize)]
pub struct FlagView {
    pub member: String,
    pub bid: String,
    pub criterion: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// SHA-256 of the report's JSON: what members sign.
    pub digest: String,
    /// The ranked candidates' unified social credit codes, rank 1 first.
    pub ranked: Vec<String>,
    /// The report as computed by the `evaluation` crate.
    pub report: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
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

impl Platform {
    /// The scoring as `actor` may read it; "not found" for whoever may not enter the room.
    pub async fn scoring_view(
        &self,
        trade: &TradeId,
        actor: &Actor,
    ) -> Result<ScoringView, AppError> {
        self.trade_state(trade).await?;
        let (mut loaded, mut room) = self.load_scoring(trade).await?;
        let allowed = room.opened_at.is_some()
            && (room.entitled(actor).is_some()
                || matches!(actor.role, Role::Platform | Role::CenterStaff));
        if !allowed {
            return Err(AppError::not_found(format!("trade {trade}")));
        }
        // A reveal or a report left undone (two members at the same moment) is done now.
        let state = &loaded.state;
        let reveal_due =
            state.trade.is_some() && state.revealed_at.is_none() && state.all_submitted(&room);
        let draft_due =
            state.revealed_at.is_some() && state.report.is_none() && state.blocking() == 0;
        if reveal_due || draft_due {
            super::follow_up(
                "reveal",
                trade,
                super::reveal_when_complete(self, trade).await,
            );
            super::follow_up("draft", trade, super::draft_when_clear(self, trade).await);
            (loaded, room) = self.load_scoring(trade).await?;
        }
        // Nothing blocks the recheck, yet no report: what the evaluation itself waits for.
        let mut pending = Vec::new();
        if loaded.state.revealed_at.is_some()
            && loaded.state.report.is_none()
            && loaded.state.blocking() == 0
            && let Ok(report) = self.evaluate_scoring(&loaded.state)
        {
            pending = report
                .issues
                .iter()
                .filter(|i| i.blocking)
                .map(|i| i.message.clone())
                .collect();
        }
        let s = &loaded.state;
        let is_member = room.members.iter().any(|m| m.person == actor.id);
        let members = member_statuses(&room, s);
        let revealed = s.revealed_at.is_some();
        let own_sheet = if !is_member {
            None
        } else if revealed {
            s.sheet(&actor.id).map(|o| o.scores.clone())
        } else {
            match s.submitted.iter().find(|x| x.member == actor.id) {
                Some(x) => {
                    let label = SealedLabel::parse(&x.sealed)
                        .map_err(|e| AppError::Corrupt(e.to_string()))?;
                    let o: OpenedSheet = self.vault_read(&sheet_scope(trade, &actor.id), &label)?;
                    Some(o.scores)
                }
                None => None,
            }
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
        let report = self.report_view(s)?;
        Ok(ScoringView {
            trade: trade.to_string(),
            version: loaded.version,
            configured: s.trade.is_some(),
            bids: s.bids.clone(),
            criteria: s.criteria.clone(),
            you: is_member.then(|| actor.id.clone()),
            members,
            revealed,
            own_sheet,
            sheets,
            issues: if revealed {
                s.issues.clone()
            } else {
                Vec::new()
            },
            flags,
            report,
            report_pending: pending,
        })
    }

    /// The signed report, once drafted: its digest, the ranking and the stored document.
    fn report_view(&self, s: &ScoringState) -> Result<Option<ReportView>, AppError> {
        let Some((blob, digest)) = &s.report else {
            return Ok(None);
        };
        let bytes = self.blobs.get(blob.sha256.as_str())?;
        Ok(Some(ReportView {
            digest: digest.clone(),
            ranked: s.ranked.iter().map(|b| b.to_string()).collect(),
            report: serde_json::from_slice(&bytes).map_err(|e| AppError::Corrupt(e.to_string()))?,
        }))
    }
}

/// Each member of the room by seat: present, submitted, signed (with any dissent).
fn member_statuses(room: &EvalRoomState, s: &ScoringState) -> Vec<MemberStatus> {
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
