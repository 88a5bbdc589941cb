//! The scoring as an aggregate. Guards say who first (role, then seat and presence in the
//! room), then the phase, then the rule.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregate, Context, Role};
use crate::eval_room::{EvalRoomState, KeyProof};
use crate::scoring::command::{
    BidEntry, Cell, CriterionEntry, OpenedSheet, ScoringCommand, ScoringIssue, ScoringRequest,
    check_configuration,
};
use crate::scoring::error::ScoringError;
use crate::scoring::event::ScoringEvent;
use crate::values::{BlobRef, TradeId, UnifiedSocialCreditCode};

/// A submitted sheet: who, the digest, the sealed sheet (for the platform to open).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedSheet {
    pub member: String,
    pub digest: String,
    pub sealed: String,
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub member: String,
    pub via: KeyProof,
    pub dissent: Option<String>,
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringState {
    pub trade: Option<TradeId>,
    pub bids: Vec<BidEntry>,
    pub criteria: Vec<CriterionEntry>,
    pub input: Option<BlobRef>,
    pub submitted: Vec<SubmittedSheet>,
    /// The sheets in the clear, from the reveal on (revisions applied).
    pub sheets: Vec<OpenedSheet>,
    pub revealed_at: Option<OffsetDateTime>,
    /// The latest recheck.
    pub issues: Vec<ScoringIssue>,
    /// Written reasons for outliers: (member, item, reason), the latest per item wins.
    pub reasons: Vec<(String, Cell, String)>,
    pub report: Option<(BlobRef, String)>,
    pub ranked: Vec<UnifiedSocialCreditCode>,
    pub signatures: Vec<Signature>,
}

impl ScoringState {
    pub fn has_submitted(&self, member: &str) -> bool {
        self.submitted.iter().any(|s| s.member == member)
    }

    /// The room's members who have not submitted, in seat order.
    pub fn missing(&self, room: &EvalRoomState) -> Vec<String> {
        let mut members = room.members.clone();
        members.sort_by_key(|m| m.seat);
        members
            .into_iter()
            .map(|m| m.person)
            .filter(|p| !self.has_submitted(p))
            .collect()
    }

    /// Every member of an opened room has submitted (a room without members has not).
    pub fn all_submitted(&self, room: &EvalRoomState) -> bool {
        !room.members.is_empty() && self.missing(room).is_empty()
    }

    pub fn blocking(&self) -> usize {
        self.issues.iter().filter(|i| i.blocking).count()
    }

    pub fn has_signed(&self, member: &str) -> bool {
        self.signatures.iter().any(|s| s.member == member)
    }

    /// Every member of the room signed the drafted report.
    pub fn all_signed(&self, room: &EvalRoomState) -> bool {
        self.report.is_some()
            && !room.members.is_empty()
            && room.members.iter().all(|m| self.has_signed(&m.person))
    }

    pub fn sheet(&self, member: &str) -> Option<&OpenedSheet> {
        self.sheets.iter().find(|s| s.member == member)
    }

    pub(super) fn configured(&self) -> Result<(), ScoringError> {
        if self.trade.is_none() {
            return Err(ScoringError::NotConfigured);
        }
        Ok(())
    }

    fn revealed(&self) -> Result<(), ScoringError> {
        self.configured()?;
        if self.revealed_at.is_none() {
            return Err(ScoringError::NotRevealed);
        }
        Ok(())
    }

    /// After the reveal, before the report: scores and reasons may still change.
    pub(super) fn reviewing(&self) -> Result<(), ScoringError> {
        self.revealed()?;
        if self.report.is_some() {
            return Err(ScoringError::ReportDrafted);
        }
        Ok(())
    }

    pub(super) fn cell_exists(&self, bid: &str, criterion: &str) -> bool {
        self.bids.iter().any(|b| b.id == bid) && self.criteria.iter().any(|c| c.id == criterion)
    }
}

fn role_in(action: &'static str, ctx: &Context<'_>, roles: &[Role]) -> Result<(), ScoringError> {
    if roles.contains(&ctx.actor.role) {
        Ok(())
    } else {
        Err(ScoringError::WrongRole {
            action,
            role: ctx.actor.role,
        })
    }
}

/// A member of the committee who is in the open room now.
fn member_here(
    room: &EvalRoomState,
    action: &'static str,
    ctx: &Context<'_>,
) -> Result<String, ScoringError> {
    let person = &ctx.actor.id;
    if !room.members.iter().any(|m| &m.person == person) {
        return Err(ScoringError::MembersOnly { action });
    }
    room.present_member(person)
        .map(|m| m.person.clone())
        .ok_or(ScoringError::NotPresent { action })
}

impl Aggregate for ScoringState {
    type Command = ScoringRequest;
    type Event = ScoringEvent;
    type Error = ScoringError;

    fn decide(
        &self,
        request: &ScoringRequest,
        ctx: &Context<'_>,
    ) -> Result<Vec<ScoringEvent>, ScoringError> {
        let (at, room) = (ctx.now, &request.room);
        let action = request.command.action();
        let event = match &request.command {
            ScoringCommand::Configure {
                trade,
                bids,
                criteria,
                input,
            } => {
                role_in(action, ctx, &[Role::CenterStaff, Role::Platform])?;
                if !self.submitted.is_empty() {
                    return Err(ScoringError::AlreadyStarted);
                }
                check_configuration(bids, criteria)?;
                ScoringEvent::Configured {
                    trade: trade.clone(),
                    bids: bids.clone(),
                    criteria: criteria.clone(),
                    input: input.clone(),
                    at,
                }
            }
            ScoringCommand::Submit { digest, sealed } => {
                self.submit(member_here(room, action, ctx)?, digest, sealed, at)?
            }
            ScoringCommand::Reveal { sheets, issues } => {
                role_in(action, ctx, &[Role::Platform])?;
                self.reveal(room, sheets, issues, at)?
            }
            ScoringCommand::Revise {
                bid,
                criterion,
                score,
                issues,
            } => {
                let member = member_here(room, action, ctx)?;
                self.revise(member, Cell::of(bid, criterion), score, issues, at)?
            }
            ScoringCommand::GiveReason {
                bid,
                criterion,
                reason,
                issues,
            } => {
                let member = member_here(room, action, ctx)?;
                self.give_reason(member, Cell::of(bid, criterion), reason, issues, at)?
            }
            ScoringCommand::DraftReport {
                report,
                digest,
                ranked,
            } => {
                role_in(action, ctx, &[Role::Platform])?;
                self.draft_report(report, digest, ranked, at)?
            }
            ScoringCommand::Sign { via, dissent } => {
                let member = member_here(room, action, ctx)?;
                self.sign(member, via, dissent.as_deref(), at)?
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &ScoringEvent) {
        match event {
            ScoringEvent::Configured {
                trade,
                bids,
                criteria,
                input,
                ..
            } => {
                self.trade = Some(trade.clone());
                self.bids = bids.clone();
                self.criteria = criteria.clone();
                self.input = Some(input.clone());
            }
            ScoringEvent::SheetSubmitted {
                member,
                digest,
                sealed,
                at,
            } => self.submitted.push(SubmittedSheet {
                member: member.clone(),
                digest: digest.clone(),
                sealed: sealed.clone(),
                at: *at,
            }),
            ScoringEvent::SheetsRevealed { sheets, issues, at } => {
                self.sheets = sheets.clone();
                self.issues = issues.clone();
                self.revealed_at = Some(*at);
            }
            ScoringEvent::ScoreRevised {
                member,
                bid,
                criterion,
                score,
                issues,
                ..
            } => {
                if let Some(s) = self.sheets.iter_mut().find(|s| &s.member == member) {
                    s.scores
                        .entry(bid.clone())
                        .or_default()
                        .insert(criterion.clone(), score.clone());
                }
                self.issues = issues.clone();
            }
            ScoringEvent::OutlierFlagged {
                member,
                bid,
                criterion,
                reason,
                issues,
                ..
            } => {
                let cell = Cell {
                    bid: bid.clone(),
                    criterion: criterion.clone(),
                };
                self.reasons
                    .retain(|(m, c, _)| !(m == member && c == &cell));
                self.reasons.push((member.clone(), cell, reason.clone()));
                self.issues = issues.clone();
            }
            ScoringEvent::ReportDrafted {
                report,
                digest,
                ranked,
                ..
            } => {
                self.report = Some((report.clone(), digest.clone()));
                self.ranked = ranked.clone();
            }
            ScoringEvent::Signed {
                member,
                via,
                dissent,
                at,
            } => self.signatures.push(Signature {
                member: member.clone(),
                via: via.clone(),
                dissent: dissent.clone(),
                at: *at,
            }),
        }
    }
}
