//! The state of a trade: a fold of its events ([`TradeState::evolve`], in `evolve.rs`).

use std::collections::{BTreeMap, BTreeSet};

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::accounts::PersonId;
use crate::methods::{BusinessLine, Method, MethodRules, ResultKind, rules_for};
use crate::trade::command::VenueBooking;
use crate::trade::event::FailureReason;
use crate::trade::sealed::{BidHandle, OpeningKey, OpeningLine, OpeningStatus, SealedBid};
use crate::values::{BlobRef, Money, RegionCode, Sha256Hex, TradeId, UnifiedSocialCreditCode};

/// Where a trade stands. The active phases follow the seven nodes in order; see
/// [`Phase::node`]. With a result announcement (procurement) `Awarded` comes before
/// `Publicized`; with candidates publicity (construction) after it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    #[default]
    Unregistered,
    Registered,
    Accepted,
    VenueBooked,
    DocumentsReady,
    Announced,
    ExpertsDrawn,
    Opened,
    Evaluated,
    Publicized,
    Awarded,
    Confirmed,
    Suspended,
    Cancelled,
    Failed,
    Rejected,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        use Phase::*;
        match self {
            Unregistered => "unregistered",
            Registered => "registered",
            Accepted => "accepted",
            VenueBooked => "venue_booked",
            DocumentsReady => "documents_ready",
            Announced => "announced",
            ExpertsDrawn => "experts_drawn",
            Opened => "opened",
            Evaluated => "evaluated",
            Publicized => "publicized",
            Awarded => "awarded",
            Confirmed => "confirmed",
            Suspended => "suspended",
            Cancelled => "cancelled",
            Failed => "failed",
            Rejected => "rejected",
        }
    }

    /// The node (1..=7) an active phase belongs to; `None` for the others.
    pub fn node(self) -> Option<u8> {
        use Phase::*;
        match self {
            Unregistered | Registered | Accepted => Some(1),
            VenueBooked => Some(2),
            DocumentsReady | Announced => Some(3),
            ExpertsDrawn => Some(4),
            Opened | Evaluated => Some(5),
            Publicized | Awarded => Some(6),
            Confirmed => Some(7),
            Suspended | Cancelled | Failed | Rejected => None,
        }
    }

    /// The active phases in the order the law imposes for this result kind.
    pub fn flow(result: ResultKind) -> [Phase; 12] {
        use Phase::*;
        let (first, second) = match result {
            ResultKind::CandidatesPublicity => (Publicized, Awarded),
            ResultKind::ResultAnnouncement => (Awarded, Publicized),
        };
        [
            Unregistered,
            Registered,
            Accepted,
            VenueBooked,
            DocumentsReady,
            Announced,
            ExpertsDrawn,
            Opened,
            Evaluated,
            first,
            second,
            Confirmed,
        ]
    }
}

/// The name of a node (glossary).
pub fn node_name(node: u8) -> &'static str {
    match node {
        1 => "project entry",
        2 => "venue booking",
        3 => "tender documents and announcement",
        4 => "expert draw",
        5 => "opening and evaluation records",
        6 => "award publicity",
        7 => "transaction confirmation",
        _ => "unknown",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub trade: TradeId,
    pub title: String,
    pub line: BusinessLine,
    pub method: Method,
    pub region: RegionCode,
    pub tenderer: UnifiedSocialCreditCode,
    pub agency: Option<UnifiedSocialCreditCode>,
    pub estimate: Money,
    pub green_channel: bool,
    pub invited_bidders: Vec<UnifiedSocialCreditCode>,
    pub accept_by: Option<Date>,
    pub registered_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferredStatus {
    pub name: String,
    pub due: Date,
    pub submitted: Option<(OffsetDateTime, BlobRef)>,
    pub late: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    pub committee_size: u32,
    pub commitment: Sha256Hex,
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub report: BlobRef,
    pub ranked: Vec<UnifiedSocialCreditCode>,
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award {
    pub winner: UnifiedSocialCreditCode,
    pub rank: u32,
    pub reason: Option<String>,
    pub at: OffsetDateTime,
}

/// One round's work from node 2 on; a re-tender starts a new round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub number: u32,
    pub venue: Option<VenueBooking>,
    pub documents: Option<BlobRef>,
    /// The evaluation method the documents choose, checked at publication.
    pub evaluation_method: Option<crate::trade::evaluation_method::EvaluationChoice>,
    pub amendments: u32,
    pub announced_at: Option<OffsetDateTime>,
    pub bid_deadline: Option<OffsetDateTime>,
    pub draw: Option<Draw>,
    pub opening_key: Option<OpeningKey>,
    /// The published announcement text.
    pub notice: Option<BlobRef>,
    /// Questions on the documents and their answers (第22条).
    pub questions: Vec<Question>,
    /// How many times the documents were obtained (sealed labels: who is not known before
    /// the opening).
    pub sealed_obtains: u32,
    /// Who obtained this round's tender documents, and when they first did (the day the
    /// documents were obtained starts the 质疑 clock on them, 政府采购法实施条例 第53条).
    /// Known from the opening on (电子招标投标办法 第21条): filled from the unsealed labels.
    pub obtainers: BTreeMap<UnifiedSocialCreditCode, OffsetDateTime>,
    /// Current (not withdrawn, not replaced) sealed bids by handle.
    pub bids: BTreeMap<BidHandle, SealedBid>,
    /// Every handle ever used this round (a handle is never reused).
    pub used_handles: BTreeSet<BidHandle>,
    pub opening: Option<Opening>,
    pub opening_record: Vec<OpeningLine>,
    pub objections: Vec<Objection>,
    pub confirmed_by: BTreeSet<UnifiedSocialCreditCode>,
    pub opened_at: Option<OffsetDateTime>,
    pub opened_bidders: Vec<UnifiedSocialCreditCode>,
    pub evaluation: Option<Evaluation>,
    pub publicity: Option<(OffsetDateTime, OffsetDateTime)>,
    pub award: Option<Award>,
    pub failure: Option<FailureReason>,
}

/// The opening room between the deadline and the unsealing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub started_at: OffsetDateTime,
    pub bids: u32,
    pub shares: BTreeSet<PersonId>,
}

/// A question on the tender documents (asker sealed) and its published answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub number: u32,
    pub text: String,
    pub at: OffsetDateTime,
    pub answer: Option<(String, OffsetDateTime)>,
}

/// An objection to the opening and its answer (条例 第44条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    pub number: u32,
    pub bidder: UnifiedSocialCreditCode,
    pub text: String,
    pub at: OffsetDateTime,
    pub answer: Option<(String, OffsetDateTime)>,
}

impl Round {
    /// The bidders whose bids were opened (the opening record's valid lines).
    pub fn opened_line_bidders(&self) -> impl Iterator<Item = &UnifiedSocialCreditCode> {
        self.opening_record.iter().filter_map(|l| match l.status {
            OpeningStatus::Opened { .. } => l.bidder.as_ref(),
            _ => None,
        })
    }

    /// Every bidder named in the opening record (also revoked and withdrawn bids: they took
    /// part in the opening and may confirm or object).
    pub fn record_bidders(&self) -> impl Iterator<Item = &UnifiedSocialCreditCode> {
        self.opening_record.iter().filter_map(|l| l.bidder.as_ref())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TradeState {
    pub registration: Option<Registration>,
    pub phase: Phase,
    /// The phase to restore on resumption.
    pub suspended_from: Option<Phase>,
    pub suspension_reason: Option<String>,
    /// The last active phase before the trade ended (cancelled, failed, rejected).
    pub ended_in: Option<Phase>,
    pub end_reason: Option<String>,
    pub accepted_at: Option<OffsetDateTime>,
    pub pledge: Option<BlobRef>,
    pub deferred: Vec<DeferredStatus>,
    pub round: Round,
    pub certificate: Option<(String, OffsetDateTime)>,
    /// The entry as returned for corrections (退回补正), until the applicant resubmits it.
    pub returned: Option<Returned>,
    /// The applicant's request for the green channel (绿色通道) and the staff's decision.
    pub green: Option<GreenRequest>,
}

/// An entry returned with the reasons the applicant must correct (行政许可法 第32条: all of
/// them at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub reasons: Vec<String>,
    pub at: OffsetDateTime,
}

/// A green-channel request and, once decided, the decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreenRequest {
    pub reason: String,
    pub at: OffsetDateTime,
    /// `None` while pending; `Some((approved, staff's reason, when))` once decided.
    pub decision: Option<(bool, String, OffsetDateTime)>,
}

impl GreenRequest {
    pub fn pending(&self) -> bool {
        self.decision.is_none()
    }
}

impl TradeState {
    /// The method rules of a registered trade.
    pub fn rules(&self) -> Option<&'static MethodRules> {
        let r = self.registration.as_ref()?;
        rules_for(r.line, r.method).ok()
    }

    pub fn outstanding_deferred(&self) -> Vec<String> {
        self.deferred
            .iter()
            .filter(|d| d.submitted.is_none())
            .map(|d| d.name.clone())
            .collect()
    }
}
