//! What a caller asks of a trade. The actor and the time come from [`crate::Context`].

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::methods::{BusinessLine, Method};
use crate::serde_time;
use crate::values::{
    BlobRef, Money, RegionCode, RoomId, Sha256Hex, TradeId, UnifiedSocialCreditCode,
};

/// A document accepted late (容缺受理), with the date by which it must be handed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeferredDocument {
    pub name: String,
    #[serde(with = "serde_time::date")]
    pub due: Date,
}

/// The rooms and times of one round's opening and evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueBooking {
    pub opening_room: RoomId,
    #[serde(with = "serde_time::instant")]
    pub opening_at: OffsetDateTime,
    pub evaluation_room: RoomId,
    #[serde(with = "serde_time::instant")]
    pub evaluation_from: OffsetDateTime,
    #[serde(with = "serde_time::instant")]
    pub evaluation_to: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TradeCommand {
    // --- node 1: project entry ---
    /// Tenderer (own org) or the named agency (own org).
    Register {
        trade: TradeId,
        title: String,
        line: BusinessLine,
        method: Method,
        region: RegionCode,
        tenderer: UnifiedSocialCreditCode,
        agency: Option<UnifiedSocialCreditCode>,
        estimate: Money,
        green_channel: bool,
        /// Invited methods: the invited suppliers; single source: the one supplier.
        invited_bidders: Vec<UnifiedSocialCreditCode>,
    },
    /// Center staff. Deferred documents need a written pledge.
    Accept {
        deferred: Vec<DeferredDocument>,
        pledge: Option<BlobRef>,
    },
    /// Center staff.
    RejectEntry {
        reason: String,
    },
    /// Tenderer or agency: hand in one outstanding deferred document.
    SubmitDeferredDocument {
        name: String,
        file: BlobRef,
    },

    // --- node 2: venue booking ---
    /// Center staff, after acceptance (also to rebook before the announcement, or after a
    /// re-tender).
    BookVenue(VenueBooking),

    // --- node 3: documents and announcement ---
    UploadTenderDocuments {
        file: BlobRef,
    },
    PublishAnnouncement {
        #[serde(with = "serde_time::instant")]
        bid_deadline: OffsetDateTime,
    },
    /// Amendment (修改) of the documents; `new_deadline` postpones the deadline (and moves
    /// the opening and evaluation with it).
    AmendDocuments {
        file: BlobRef,
        #[serde(default, with = "serde_time::option_instant")]
        new_deadline: Option<OffsetDateTime>,
    },

    /// A bidder obtains (downloads) the tender documents (获取招标文件), free of charge and with
    /// no registration step (电子招标投标办法 第9条, 第20条). Only its own organisation; while
    /// bidding is open; for invited methods only invitees. Obtaining twice in a round is a
    /// no-op (no event). Who obtained stays confidential until the opening (第21条).
    ObtainDocuments {
        bidder: UnifiedSocialCreditCode,
    },

    // --- node 4: expert draw ---
    /// Center staff. `experts_commitment`: SHA-256 of the sealed expert list.
    RecordExpertDraw {
        committee_size: u32,
        experts_commitment: Sha256Hex,
    },

    // --- node 5: bids, opening, evaluation ---
    SubmitBid {
        bidder: UnifiedSocialCreditCode,
        sealed: BlobRef,
    },
    WithdrawBid {
        bidder: UnifiedSocialCreditCode,
    },
    /// Center staff or the platform, at or after the deadline.
    OpenBids,
    /// Center staff or an expert: the report and 1..=3 ranked candidates.
    RecordEvaluation {
        report: BlobRef,
        ranked: Vec<UnifiedSocialCreditCode>,
    },
    /// Center staff or an expert: the committee rejected every bid (the round fails; the
    /// article comes from the method table).
    RejectAllBids {
        report: BlobRef,
        reason: String,
    },

    // --- node 6: award and publicity ---
    PublishResult,
    /// Tenderer only. `reason` is required for a winner other than rank 1.
    DecideAward {
        winner: UnifiedSocialCreditCode,
        reason: Option<String>,
    },

    // --- node 7: transaction confirmation ---
    IssueConfirmation {
        certificate_no: String,
    },

    // --- any time, with phase checks ---
    Suspend {
        reason: String,
    },
    Resume {
        #[serde(default, with = "serde_time::option_instant")]
        new_deadline: Option<OffsetDateTime>,
    },
    Cancel {
        reason: String,
    },
    Retender,
}

impl TradeCommand {
    /// The action name used in errors and authorisation logs.
    pub fn action(&self) -> &'static str {
        use TradeCommand::*;
        match self {
            Register { .. } => "register",
            Accept { .. } => "accept",
            RejectEntry { .. } => "reject_entry",
            SubmitDeferredDocument { .. } => "submit_deferred_document",
            BookVenue(_) => "book_venue",
            UploadTenderDocuments { .. } => "upload_tender_documents",
            PublishAnnouncement { .. } => "publish_announcement",
            AmendDocuments { .. } => "amend_documents",
            ObtainDocuments { .. } => "obtain_documents",
            RecordExpertDraw { .. } => "record_expert_draw",
            SubmitBid { .. } => "submit_bid",
            WithdrawBid { .. } => "withdraw_bid",
            OpenBids => "open_bids",
            RecordEvaluation { .. } => "record_evaluation",
            RejectAllBids { .. } => "reject_all_bids",
            PublishResult => "publish_result",
            DecideAward { .. } => "decide_award",
            IssueConfirmation { .. } => "issue_confirmation",
            Suspend { .. } => "suspend",
            Resume { .. } => "resume",
            Cancel { .. } => "cancel",
            Retender => "retender",
        }
    }
}
