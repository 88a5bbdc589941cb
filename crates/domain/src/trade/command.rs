//! What a caller asks of a trade. The actor and the time come from [`crate::Context`].

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::methods::{BusinessLine, Method};
use crate::serde_time;
use crate::trade::evaluation_method::EvaluationChoice;
use crate::trade::sealed::{BidHandle, OpeningKey, SealedLabel, SealingTerms, UnsealResult};
use crate::values::{
    BlobRef, Money, RegionCode, RoomId, Sha256Hex, TradeId, UnifiedSocialCreditCode,
};

/// A bidder that obtained the documents, revealed at the opening from its sealed label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ObtainedBy {
    pub bidder: UnifiedSocialCreditCode,
    #[serde(with = "serde_time::instant")]
    pub at: OffsetDateTime,
}

/// A document accepted late (容缺受理), with the date by which it must be handed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeferredDocument {
    pub name: String,
    #[serde(with = "serde_time::date")]
    pub due: Date,
}

/// The rooms and times of one round's opening and evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
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
    /// Center staff: return the entry for corrections (退回补正), every reason at once; the
    /// applicant may fix it and resubmit (unlike [`TradeCommand::RejectEntry`], which ends it).
    ReturnEntry {
        reasons: Vec<String>,
    },
    /// Tenderer or agency: the returned entry, corrected (a note, and a file if one changed).
    ResubmitEntry {
        note: String,
        #[serde(default)]
        file: Option<BlobRef>,
    },
    /// Tenderer or agency: ask for the green channel (绿色通道), with the reason.
    RequestGreenChannel {
        reason: String,
    },
    /// Center staff: approve or refuse the pending green-channel request, with a reason.
    DecideGreenChannel {
        approve: bool,
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
    /// The documents, with the evaluation method they choose (checked at publication).
    UploadTenderDocuments {
        file: BlobRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        evaluation: Option<EvaluationChoice>,
    },
    /// Opens the bid period. `opening_key` is made by the app (never by the caller: the app
    /// overwrites it) from the trade's custodians; a bid period needs one.
    PublishAnnouncement {
        #[serde(with = "serde_time::instant")]
        bid_deadline: OffsetDateTime,
        #[serde(default)]
        opening_key: Option<OpeningKey>,
        /// The announcement text, made by the app from the standard template (the caller's
        /// value is replaced).
        #[serde(default)]
        notice: Option<BlobRef>,
        /// What the documents require of sealing (suite, size limit); platform defaults if
        /// absent.
        #[serde(default)]
        sealing: Option<SealingTerms>,
    },
    /// A bidder asks about the tender documents; who asks is sealed (the answer goes to all
    /// without naming the source, 电子招标投标办法 第22条). The app fills `label`.
    AskQuestion {
        bidder: UnifiedSocialCreditCode,
        text: String,
        #[serde(default)]
        label: Option<SealedLabel>,
    },
    /// The tenderer or agency answers a question; the answer is published to all.
    AnswerQuestion {
        number: u32,
        answer: String,
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
    /// bidding is open; for invited methods only invitees. Each obtaining is one event whose
    /// label (who) is sealed to the opening key: nobody knows who obtained until the opening
    /// (第21条), not even whether two obtainings were by the same bidder.
    ObtainDocuments {
        bidder: UnifiedSocialCreditCode,
        /// Who obtained, sealed to the opening key by the app (the caller's value is
        /// overwritten): the log never names the obtainer before the opening.
        #[serde(default)]
        label: Option<SealedLabel>,
        /// Who to notify of amendments, sealed by the app to the platform's vault (the
        /// caller's value is overwritten): the platform can send each holder the notice
        /// (条例 第21条) while nobody reads who the holders are.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        holder: Option<SealedLabel>,
    },

    // --- node 4: expert draw ---
    /// Center staff. `experts_commitment`: SHA-256 of the sealed expert list.
    RecordExpertDraw {
        committee_size: u32,
        experts_commitment: Sha256Hex,
    },

    // --- node 5: bids, opening, evaluation ---
    /// Built by the app from a sealed upload (the bidder's organisation is checked, then kept
    /// out of the event: only the sealed `label` names it).
    SubmitBid {
        bidder: UnifiedSocialCreditCode,
        handle: BidHandle,
        envelope: BlobRef,
        /// The opening key the envelope is addressed to (from its header).
        key_id: Sha256Hex,
        label: SealedLabel,
        token_hash: Sha256Hex,
        /// Modifying a bid: the bid it replaces, proven by that bid's token.
        #[serde(default)]
        replaces: Option<(BidHandle, Sha256Hex)>,
    },
    WithdrawBid {
        bidder: UnifiedSocialCreditCode,
        handle: BidHandle,
        token_hash: Sha256Hex,
    },
    /// Center staff or the platform, once the deadline second is over: too few bids fail the
    /// round; otherwise the opening starts and waits for the custodians' shares.
    OpenBids,
    /// A custodian hands in its share of the opening key (the app keeps the share itself in
    /// memory; the log records who and the share's commitment).
    SubmitShare {
        commitment: Sha256Hex,
    },
    /// The platform, once k shares are in: what unsealing each bid gave.
    RecordUnsealing {
        results: Vec<UnsealResult>,
        obtainers: Vec<ObtainedBy>,
    },
    /// Center staff, when the decryption window is over and fewer than k shares came in.
    AbandonOpening {
        reason: String,
    },
    /// A bidder confirms the opening record (its own organisation).
    ConfirmOpeningRecord {
        bidder: UnifiedSocialCreditCode,
    },
    /// A bidder objects to the opening, online and on the spot (条例 第44条).
    RaiseOpeningObjection {
        bidder: UnifiedSocialCreditCode,
        text: String,
    },
    /// The tenderer or agency answers an objection on the spot (条例 第44条).
    AnswerOpeningObjection {
        number: u32,
        answer: String,
    },
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
    /// A new round after a failed one, with the reason recorded (why the round failed and
    /// what changes).
    Retender {
        #[serde(default)]
        reason: String,
    },
}

impl TradeCommand {
    /// The action name used in errors and authorisation logs.
    pub fn action(&self) -> &'static str {
        use TradeCommand::*;
        match self {
            Register { .. } => "register",
            Accept { .. } => "accept",
            RejectEntry { .. } => "reject_entry",
            ReturnEntry { .. } => "return_entry",
            ResubmitEntry { .. } => "resubmit_entry",
            RequestGreenChannel { .. } => "request_green_channel",
            DecideGreenChannel { .. } => "decide_green_channel",
            SubmitDeferredDocument { .. } => "submit_deferred_document",
            BookVenue(_) => "book_venue",
            UploadTenderDocuments { .. } => "upload_tender_documents",
            PublishAnnouncement { .. } => "publish_announcement",
            AmendDocuments { .. } => "amend_documents",
            ObtainDocuments { .. } => "obtain_documents",
            AskQuestion { .. } => "ask_question",
            AnswerQuestion { .. } => "answer_question",
            RecordExpertDraw { .. } => "record_expert_draw",
            SubmitBid { .. } => "submit_bid",
            WithdrawBid { .. } => "withdraw_bid",
            OpenBids => "open_bids",
            SubmitShare { .. } => "submit_share",
            RecordUnsealing { .. } => "record_unsealing",
            AbandonOpening { .. } => "abandon_opening",
            ConfirmOpeningRecord { .. } => "confirm_opening_record",
            RaiseOpeningObjection { .. } => "raise_opening_objection",
            AnswerOpeningObjection { .. } => "answer_opening_objection",
            RecordEvaluation { .. } => "record_evaluation",
            RejectAllBids { .. } => "reject_all_bids",
            PublishResult => "publish_result",
            DecideAward { .. } => "decide_award",
            IssueConfirmation { .. } => "issue_confirmation",
            Suspend { .. } => "suspend",
            Resume { .. } => "resume",
            Cancel { .. } => "cancel",
            Retender { .. } => "retender",
        }
    }
}

impl crate::NamesFiles for TradeCommand {
    fn named_files(&self) -> Vec<crate::NamedFile<'_>> {
        use crate::trade::sealed::Unsealed;
        use TradeCommand::*;
        let files: Vec<&BlobRef> = match self {
            Accept { pledge, .. } => pledge.iter().collect(),
            ResubmitEntry { file, .. } => file.iter().collect(),
            PublishAnnouncement { notice, .. } => notice.iter().collect(),
            SubmitDeferredDocument { file, .. }
            | UploadTenderDocuments { file, .. }
            | AmendDocuments { file, .. } => vec![file],
            SubmitBid { envelope, .. } => vec![envelope],
            RecordUnsealing { results, .. } => results
                .iter()
                .filter_map(|r| match &r.outcome {
                    Unsealed::Opened { plaintext, .. } => Some(plaintext),
                    Unsealed::Failed { .. } => None,
                })
                .collect(),
            RecordEvaluation { report, .. } | RejectAllBids { report, .. } => vec![report],
            _ => Vec::new(),
        };
        files.into_iter().map(crate::NamedFile::from).collect()
    }
}
