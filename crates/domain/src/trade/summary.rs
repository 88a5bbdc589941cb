//! The `trade` projection: a summary built from state only (so from events only, never
//! from "now"), for lists, the workbench and the public page (which the layers above filter).

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::methods::{BusinessLine, Method, ResultKind};
use crate::serde_time;
use crate::trade::command::VenueBooking;
use crate::trade::state::{Phase, TradeState};
use crate::values::{Money, RegionCode, TradeId, UnifiedSocialCreditCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeferredDocumentSummary {
    pub name: String,
    #[serde(with = "serde_time::date")]
    pub due: Date,
    #[serde(with = "serde_time::option_instant")]
    pub submitted_at: Option<OffsetDateTime>,
    /// Handed in after its due date.
    pub submitted_late: bool,
}

impl DeferredDocumentSummary {
    /// Outstanding and past its due date on `today` (Beijing date).
    pub fn is_overdue(&self, today: Date) -> bool {
        self.submitted_at.is_none() && today > self.due
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TradeSummary {
    pub id: Option<TradeId>,
    pub title: String,
    pub line: Option<BusinessLine>,
    pub method: Option<Method>,
    pub region: Option<RegionCode>,
    pub tenderer: Option<UnifiedSocialCreditCode>,
    pub agency: Option<UnifiedSocialCreditCode>,
    pub phase: Phase,
    /// While suspended: the phase to be restored. When ended: the phase it ended in.
    pub phase_before: Option<Phase>,
    /// The node (1..=7) the trade is at (for an ended trade, the node it ended in).
    pub node: u8,
    pub green_channel: bool,
    /// Integer fen.
    pub estimate: Money,
    pub round: u32,
    pub result_kind: Option<ResultKind>,
    #[serde(with = "serde_time::option_instant")]
    pub registered_at: Option<OffsetDateTime>,
    #[serde(with = "serde_time::option_date")]
    pub accept_by: Option<Date>,
    #[serde(with = "serde_time::option_instant")]
    pub accepted_at: Option<OffsetDateTime>,
    pub deferred_documents: Vec<DeferredDocumentSummary>,
    pub venue: Option<VenueBooking>,
    #[serde(with = "serde_time::option_instant")]
    pub announced_at: Option<OffsetDateTime>,
    #[serde(with = "serde_time::option_instant")]
    pub bid_deadline: Option<OffsetDateTime>,
    pub amendments: u32,
    #[serde(with = "serde_time::option_instant")]
    pub experts_drawn_at: Option<OffsetDateTime>,
    pub committee_size: Option<u32>,
    #[serde(with = "serde_time::option_instant")]
    pub opened_at: Option<OffsetDateTime>,
    /// The opening record's bidders: empty before the opening (the list is confidential).
    pub opened_bidders: Vec<UnifiedSocialCreditCode>,
    #[serde(with = "serde_time::option_instant")]
    pub evaluated_at: Option<OffsetDateTime>,
    #[serde(with = "serde_time::option_instant")]
    pub publicity_from: Option<OffsetDateTime>,
    #[serde(with = "serde_time::option_instant")]
    pub publicity_until: Option<OffsetDateTime>,
    /// Public only once published; the layers above decide who sees it earlier.
    pub candidates: Vec<UnifiedSocialCreditCode>,
    pub winner: Option<UnifiedSocialCreditCode>,
    #[serde(with = "serde_time::option_instant")]
    pub awarded_at: Option<OffsetDateTime>,
    pub certificate_no: Option<String>,
    #[serde(with = "serde_time::option_instant")]
    pub confirmed_at: Option<OffsetDateTime>,
    pub suspension_reason: Option<String>,
    /// Why the trade (or the round) ended: rejected, cancelled, failed.
    pub end_reason: Option<String>,
}

impl TradeState {
    pub fn summary(&self) -> TradeSummary {
        let reg = self.registration.as_ref();
        let r = &self.round;
        let phase_before = if self.phase == Phase::Suspended {
            self.suspended_from
        } else {
            self.ended_in
        };
        let node = self
            .phase
            .node()
            .or_else(|| phase_before.and_then(Phase::node))
            .unwrap_or(1);
        let published = r.publicity.is_some();
        TradeSummary {
            id: reg.map(|g| g.trade.clone()),
            title: reg.map(|g| g.title.clone()).unwrap_or_default(),
            line: reg.map(|g| g.line),
            method: reg.map(|g| g.method),
            region: reg.map(|g| g.region.clone()),
            tenderer: reg.map(|g| g.tenderer.clone()),
            agency: reg.and_then(|g| g.agency.clone()),
            phase: self.phase,
            phase_before,
            node,
            green_channel: reg.is_some_and(|g| g.green_channel),
            estimate: reg.map(|g| g.estimate).unwrap_or_default(),
            round: r.number,
            result_kind: self.rules().map(|m| m.result),
            registered_at: reg.map(|g| g.registered_at),
            accept_by: reg.and_then(|g| g.accept_by),
            accepted_at: self.accepted_at,
            deferred_documents: self
                .deferred
                .iter()
                .map(|d| DeferredDocumentSummary {
                    name: d.name.clone(),
                    due: d.due,
                    submitted_at: d.submitted.as_ref().map(|s| s.0),
                    submitted_late: d.late,
                })
                .collect(),
            venue: r.venue.clone(),
            announced_at: r.announced_at,
            bid_deadline: r.bid_deadline,
            amendments: r.amendments,
            experts_drawn_at: r.draw.as_ref().map(|d| d.at),
            committee_size: r.draw.as_ref().map(|d| d.committee_size),
            opened_at: r.opened_at,
            opened_bidders: r.opened_bidders.clone(),
            evaluated_at: r.evaluation.as_ref().map(|e| e.at),
            publicity_from: r.publicity.map(|p| p.0),
            publicity_until: r.publicity.map(|p| p.1),
            candidates: if published {
                r.evaluation
                    .as_ref()
                    .map(|e| e.ranked.clone())
                    .unwrap_or_default()
            } else {
                vec![]
            },
            winner: r.award.as_ref().map(|a| a.winner.clone()),
            awarded_at: r.award.as_ref().map(|a| a.at),
            certificate_no: self.certificate.as_ref().map(|c| c.0.clone()),
            confirmed_at: self.certificate.as_ref().map(|c| c.1),
            suspension_reason: self.suspension_reason.clone(),
            end_reason: self.end_reason.clone(),
        }
    }
}
