//! What happened to a trade. Serialised with serde_json as the log payload (no floats);
//! [`DomainEvent::kind`] is the log's `kind`. Every event carries its time `at`; the actor is
//! in the log envelope.

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::accounts::PersonId;
use crate::aggregate::DomainEvent;
use crate::methods::{BusinessLine, Method, ResultKind};
use crate::serde_time;
use crate::trade::command::{DeferredDocument, ObtainedBy, VenueBooking};
use crate::trade::sealed::{
    BidHandle, OpeningKey, OpeningLine, OpeningStatus, SealedBid, SealedLabel,
};
use crate::trade::state::Phase;
use crate::values::{BlobRef, Money, RegionCode, Sha256Hex, TradeId, UnifiedSocialCreditCode};

/// Why a round failed (流标 / 废标).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FailureReason {
    /// Fewer bids than the method's minimum at the deadline: no opening, re-tender.
    TooFewBids {
        bids: u32,
        minimum: u32,
        article: String,
    },
    /// The committee rejected every bid; `article` is the method's rule (招标投标法 第42条,
    /// 政府采购法 第36条 …). Empty in events recorded before it was kept.
    AllBidsRejected {
        reason: String,
        report: BlobRef,
        #[serde(default)]
        article: String,
    },
    /// Fewer than k custodians handed in their shares within the decryption window: no bid
    /// could be opened, through no fault of the bidders (视为撤回, 电子招标投标办法 第31条).
    KeyNotRecovered {
        shares: u32,
        threshold: u32,
        reason: String,
        article: String,
    },
}

impl FailureReason {
    pub fn describe(&self) -> String {
        match self {
            FailureReason::TooFewBids {
                bids,
                minimum,
                article,
            } => {
                format!("fewer than {minimum} bids ({bids}): no opening, re-tender ({article})")
            }
            FailureReason::AllBidsRejected {
                reason, article, ..
            } if article.is_empty() => {
                format!("all bids rejected: {reason}; re-tender")
            }
            FailureReason::AllBidsRejected {
                reason, article, ..
            } => format!("all bids rejected: {reason}; re-tender ({article})"),
            FailureReason::KeyNotRecovered {
                shares,
                threshold,
                reason,
                article,
            } => format!(
                "opening key not recovered ({shares} of {threshold} shares): {reason}; bids count as withdrawn, re-tender ({article})"
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TradeEvent {
    Registered {
        trade: TradeId,
        title: String,
        line: BusinessLine,
        method: Method,
        region: RegionCode,
        tenderer: UnifiedSocialCreditCode,
        agency: Option<UnifiedSocialCreditCode>,
        estimate: Money,
        green_channel: bool,
        invited_bidders: Vec<UnifiedSocialCreditCode>,
        /// The acceptance time limit (限时办结) for the workbench; `None` if the calendar
        /// does not reach it yet.
        #[serde(with = "serde_time::option_date")]
        accept_by: Option<Date>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Accepted {
        deferred: Vec<DeferredDocument>,
        pledge: Option<BlobRef>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    EntryRejected {
        reason: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    EntryReturned {
        reasons: Vec<String>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    EntryResubmitted {
        note: String,
        #[serde(default)]
        file: Option<BlobRef>,
        /// The acceptance time limit, counted again from the resubmission.
        #[serde(with = "serde_time::option_date")]
        accept_by: Option<Date>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    GreenChannelRequested {
        reason: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    GreenChannelDecided {
        approved: bool,
        reason: String,
        /// Approved before acceptance: the shorter time limit, counted from the approval.
        #[serde(with = "serde_time::option_date")]
        accept_by: Option<Date>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    DeferredDocumentSubmitted {
        name: String,
        file: BlobRef,
        /// Handed in after its due date.
        late: bool,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// The app also books both rooms (the Room aggregate) in the same transaction, and
    /// releases `previous` if there is one.
    VenueBooked {
        venue: VenueBooking,
        previous: Option<VenueBooking>,
        /// The opening falls on a rest day: local rules often forbid it (rules.md §5.6); a
        /// warning for the workbench, not a refusal.
        opening_on_rest_day: bool,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    TenderDocumentsUploaded {
        file: BlobRef,
        round: u32,
        /// The evaluation method the documents choose (absent in older records).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        evaluation: Option<crate::trade::evaluation_method::EvaluationChoice>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    AnnouncementPublished {
        #[serde(with = "serde_time::instant")]
        bid_deadline: OffsetDateTime,
        round: u32,
        /// The round's opening key (public half and encrypted shares).
        #[serde(default)]
        opening_key: Option<OpeningKey>,
        /// The announcement as published (from the standard template).
        #[serde(default)]
        notice: Option<BlobRef>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// When the deadline is postponed, `venue` is the booking moved by the same amount: the
    /// app rebooks the rooms from it.
    DocumentsAmended {
        file: BlobRef,
        #[serde(with = "serde_time::option_instant")]
        new_deadline: Option<OffsetDateTime>,
        venue: Option<VenueBooking>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// Someone obtained the tender documents of `round`. Who is sealed to the opening key:
    /// before the opening nobody knows who obtained the documents (电子招标投标办法 第21条;
    /// 招标投标法 第22条), and the event is not on the public timeline.
    DocumentsObtained {
        label: SealedLabel,
        round: u32,
        /// Where amendment notices go, sealed to the platform's vault (absent in older
        /// records and where the app seals none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        holder: Option<SealedLabel>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// A question on the documents; the asker is sealed.
    QuestionAsked {
        number: u32,
        text: String,
        label: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// The answer, published with the question to everyone (第22条).
    QuestionAnswered {
        number: u32,
        question: String,
        answer: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ExpertsDrawn {
        committee_size: u32,
        experts_commitment: Sha256Hex,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// A moved deadline moved the evaluation so far that the recorded draw now comes before
    /// the method's window (`earliest`): the draw is void and must be repeated. Follows the
    /// `DocumentsAmended` or `Resumed` that moved it; private like the draw.
    DrawVoided {
        #[serde(with = "serde_time::date")]
        earliest: Date,
        article: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// A sealed bid arrived (招标投标法 第22条): ciphertext, its hash and a sealed label; no
    /// bidder name. Not on the public timeline; the log envelope carries no actor either.
    BidSubmitted {
        bid: SealedBid,
        replaces: Option<BidHandle>,
    },
    BidWithdrawn {
        handle: BidHandle,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// The deadline passed with enough bids: the opening room waits for the custodians.
    OpeningStarted {
        bids: u32,
        round: u32,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ShareSubmitted {
        custodian: PersonId,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// The opening record (开标记录): every bid unsealed, with who obtained the documents.
    BidsUnsealed {
        lines: Vec<OpeningLine>,
        obtainers: Vec<ObtainedBy>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    OpeningRecordConfirmed {
        bidder: UnifiedSocialCreditCode,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    OpeningObjectionRaised {
        number: u32,
        bidder: UnifiedSocialCreditCode,
        text: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    OpeningObjectionAnswered {
        number: u32,
        answer: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    BidsOpened {
        bidders: Vec<UnifiedSocialCreditCode>,
        round: u32,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    TradeFailed {
        reason: FailureReason,
        round: u32,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    EvaluationRecorded {
        report: BlobRef,
        ranked: Vec<UnifiedSocialCreditCode>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ResultPublished {
        kind: ResultKind,
        candidates: Vec<UnifiedSocialCreditCode>,
        winner: Option<UnifiedSocialCreditCode>,
        /// End of the publicity / announcement period (24:00 Beijing of its last day).
        #[serde(with = "serde_time::instant")]
        until: OffsetDateTime,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    AwardDecided {
        winner: UnifiedSocialCreditCode,
        rank: u32,
        reason: Option<String>,
        /// What node 6 publishes for this method: with a result announcement the award is
        /// decided before it and stays off the public timeline until then.
        result: ResultKind,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ConfirmationIssued {
        certificate_no: String,
        winner: UnifiedSocialCreditCode,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Suspended {
        reason: String,
        previous: Phase,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Resumed {
        phase: Phase,
        #[serde(with = "serde_time::option_instant")]
        new_deadline: Option<OffsetDateTime>,
        venue: Option<VenueBooking>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// The app releases the trade's room bookings.
    Cancelled {
        reason: String,
        previous: Phase,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// A new round starts back at node 2 (venue booking): entry and acceptance are kept.
    RetenderStarted {
        round: u32,
        /// Why (absent in records from before reasons were asked).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl TradeEvent {
    /// Whether the event may appear on the public timeline. Bids, the draw, the evaluation
    /// and the entry work stay off it; the layers above enforce who reads what.
    pub fn is_public(&self) -> bool {
        use TradeEvent::*;
        match self {
            AnnouncementPublished { .. }
            | DocumentsAmended { .. }
            | BidsOpened { .. }
            | QuestionAnswered { .. }
            | OpeningStarted { .. }
            | TradeFailed { .. }
            | ResultPublished { .. }
            | ConfirmationIssued { .. }
            | Suspended { .. }
            | Resumed { .. }
            | Cancelled { .. }
            | RetenderStarted { .. } => true,
            AwardDecided { result, .. } => *result == ResultKind::CandidatesPublicity,
            Registered { .. }
            | Accepted { .. }
            | EntryRejected { .. }
            | EntryReturned { .. }
            | EntryResubmitted { .. }
            | GreenChannelRequested { .. }
            | GreenChannelDecided { .. }
            | DeferredDocumentSubmitted { .. }
            | VenueBooked { .. }
            | TenderDocumentsUploaded { .. }
            | DocumentsObtained { .. }
            | QuestionAsked { .. }
            | ExpertsDrawn { .. }
            | DrawVoided { .. }
            | BidSubmitted { .. }
            | BidWithdrawn { .. }
            | ShareSubmitted { .. }
            | BidsUnsealed { .. }
            | OpeningRecordConfirmed { .. }
            | OpeningObjectionRaised { .. }
            | OpeningObjectionAnswered { .. }
            | EvaluationRecorded { .. } => false,
        }
    }

    /// Whether the app must release this trade's room bookings (the rooms are no longer
    /// needed: the trade ended or the round failed).
    pub fn releases_rooms(&self) -> bool {
        matches!(
            self,
            TradeEvent::Cancelled { .. }
                | TradeEvent::TradeFailed { .. }
                | TradeEvent::EntryRejected { .. }
        )
    }

    pub fn at(&self) -> OffsetDateTime {
        use TradeEvent::*;
        match self {
            Registered { at, .. }
            | Accepted { at, .. }
            | EntryRejected { at, .. }
            | EntryReturned { at, .. }
            | EntryResubmitted { at, .. }
            | GreenChannelRequested { at, .. }
            | GreenChannelDecided { at, .. }
            | DeferredDocumentSubmitted { at, .. }
            | VenueBooked { at, .. }
            | TenderDocumentsUploaded { at, .. }
            | AnnouncementPublished { at, .. }
            | DocumentsAmended { at, .. }
            | DocumentsObtained { at, .. }
            | QuestionAsked { at, .. }
            | QuestionAnswered { at, .. }
            | ExpertsDrawn { at, .. }
            | DrawVoided { at, .. }
            | BidWithdrawn { at, .. }
            | OpeningStarted { at, .. }
            | ShareSubmitted { at, .. }
            | BidsUnsealed { at, .. }
            | OpeningRecordConfirmed { at, .. }
            | OpeningObjectionRaised { at, .. }
            | OpeningObjectionAnswered { at, .. }
            | BidsOpened { at, .. }
            | TradeFailed { at, .. }
            | EvaluationRecorded { at, .. }
            | ResultPublished { at, .. }
            | AwardDecided { at, .. }
            | ConfirmationIssued { at, .. }
            | Suspended { at, .. }
            | Resumed { at, .. }
            | Cancelled { at, .. }
            | RetenderStarted { at, .. } => *at,
            BidSubmitted { bid, .. } => bid.at,
        }
    }
}

crate::lists::event_kinds! {
    TradeEvent {
        Registered => "trade.registered",
        Accepted => "trade.accepted",
        EntryRejected => "trade.entry_rejected",
        EntryReturned => "trade.entry_returned",
        EntryResubmitted => "trade.entry_resubmitted",
        GreenChannelRequested => "trade.green_channel_requested",
        GreenChannelDecided => "trade.green_channel_decided",
        DeferredDocumentSubmitted => "trade.deferred_document_submitted",
        VenueBooked => "trade.venue_booked",
        TenderDocumentsUploaded => "trade.tender_documents_uploaded",
        AnnouncementPublished => "trade.announcement_published",
        DocumentsAmended => "trade.documents_amended",
        DocumentsObtained => "trade.documents_obtained",
        QuestionAsked => "trade.question_asked",
        QuestionAnswered => "trade.question_answered",
        ExpertsDrawn => "trade.experts_drawn",
        DrawVoided => "trade.draw_voided",
        BidSubmitted => "trade.bid_submitted",
        BidWithdrawn => "trade.bid_withdrawn",
        OpeningStarted => "trade.opening_started",
        ShareSubmitted => "trade.share_submitted",
        BidsUnsealed => "trade.bids_unsealed",
        OpeningRecordConfirmed => "trade.opening_record_confirmed",
        OpeningObjectionRaised => "trade.opening_objection_raised",
        OpeningObjectionAnswered => "trade.opening_objection_answered",
        BidsOpened => "trade.bids_opened",
        TradeFailed => "trade.failed",
        EvaluationRecorded => "trade.evaluation_recorded",
        ResultPublished => "trade.result_published",
        AwardDecided => "trade.award_decided",
        ConfirmationIssued => "trade.confirmation_issued",
        Suspended => "trade.suspended",
        Resumed => "trade.resumed",
        Cancelled => "trade.cancelled",
        RetenderStarted => "trade.retender_started",
    }
}

impl DomainEvent for TradeEvent {
    /// Before the opening a sealed event's envelope carries no actor, organisation or address
    /// (电子招标投标办法 第21条): only the sealed label says who.
    fn hides_actor(&self) -> bool {
        matches!(
            self,
            TradeEvent::BidSubmitted { .. }
                | TradeEvent::BidWithdrawn { .. }
                | TradeEvent::DocumentsObtained { .. }
                | TradeEvent::QuestionAsked { .. }
        )
    }

    fn kind(&self) -> &'static str {
        self.kind_name()
    }

    fn blob_hashes(&self) -> Vec<String> {
        use TradeEvent::*;
        let blobs: Vec<&BlobRef> = match self {
            Accepted { pledge, .. } => pledge.iter().collect(),
            AnnouncementPublished { notice, .. } => notice.iter().collect(),
            DeferredDocumentSubmitted { file, .. }
            | TenderDocumentsUploaded { file, .. }
            | DocumentsAmended { file, .. } => vec![file],
            BidSubmitted { bid, .. } => vec![&bid.envelope],
            BidsUnsealed { lines, .. } => lines
                .iter()
                .filter_map(|l| match &l.status {
                    OpeningStatus::Opened { plaintext, .. } => Some(plaintext),
                    _ => None,
                })
                .collect(),
            EvaluationRecorded { report, .. } => vec![report],
            TradeFailed {
                reason: FailureReason::AllBidsRejected { report, .. },
                ..
            } => vec![report],
            _ => vec![],
        };
        blobs
            .into_iter()
            .map(|b| b.sha256.as_str().to_owned())
            .collect()
    }
}
