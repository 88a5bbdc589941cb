//! Why a command was refused. Every error names the rule it enforces and has a stable
//! machine code ([`TradeError::code`]) that the API maps to messages in zh-CN and en.
//! Times in messages are Beijing time as people read them ([`show_time`], [`show_date`]).

use legal_time::{BEIJING, CalendarError, Date, OffsetDateTime, Period};

use crate::aggregate::Role;
use crate::methods::MethodError;
use crate::trade::ChoiceRefused;
use crate::trade::state::Phase;
use crate::values::{UnifiedSocialCreditCode, ValueError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TradeError {
    #[error("{action}: not allowed for role {role}", role = .role.as_str())]
    WrongRole { action: &'static str, role: Role },
    #[error("{action}: the caller does not act for {expected} (acts for {actual:?})")]
    NotParty {
        action: &'static str,
        expected: String,
        actual: Option<String>,
    },
    #[error("{action}: not allowed in phase {phase}", phase = .phase.as_str())]
    WrongPhase { action: &'static str, phase: Phase },
    #[error(
        "{action}: node {node} ({name}) must come first; the trade is in phase {phase}",
        phase = .phase.as_str()
    )]
    NodeSkipped {
        action: &'static str,
        node: u8,
        name: &'static str,
        phase: Phase,
    },
    #[error("{action}: the trade is suspended; resume it first")]
    Suspended { action: &'static str },
    #[error("the trade is already registered")]
    AlreadyRegistered,
    #[error("{action}: too late, the deadline was {}", show_time(.deadline))]
    Late {
        action: &'static str,
        deadline: OffsetDateTime,
    },
    #[error("{action}: too early, not before {}", show_time(.not_before))]
    TooEarly {
        action: &'static str,
        not_before: OffsetDateTime,
    },
    #[error(transparent)]
    Method(#[from] MethodError),
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("invited bidders: {reason} ({article})")]
    Invitation {
        reason: String,
        article: &'static str,
    },
    #[error("{bidder} was not invited to this trade ({article})")]
    NotInvited {
        bidder: UnifiedSocialCreditCode,
        article: &'static str,
    },
    #[error("deferred documents need a written pledge (告知承诺) on acceptance")]
    PledgeRequired,
    #[error(
        "deferred document {name:?}: due date {} must be after today ({})",
        show_date(.due),
        show_date(.today)
    )]
    DueDateNotInFuture {
        name: String,
        due: Date,
        today: Date,
    },
    #[error("the entry was returned for corrections: the applicant resubmits it first ({article})")]
    AwaitingCorrections { article: &'static str },
    #[error("a return names every correction needed, at least one ({article})")]
    ReasonsRequired { article: &'static str },
    #[error("the entry was not returned: there is nothing to resubmit")]
    NotReturned,
    #[error("the green channel was already granted to this trade")]
    GreenChannelGranted,
    #[error("a green-channel request is already waiting for the center's decision")]
    GreenChannelPending,
    #[error("no green-channel request is waiting for a decision")]
    GreenChannelNotRequested,
    #[error(
        "the green channel is asked for with a reason after registering and granted by center staff, not claimed at registration"
    )]
    GreenChannelByRequest,
    #[error("no outstanding deferred document named {name:?}")]
    NotOutstanding { name: String },
    #[error("venue: {reason}")]
    VenueTimes { reason: String },
    #[error(
        "the period from the announcement to the deadline must last at least {required} ({article}): the deadline may be no earlier than {}",
        show_date(.earliest)
    )]
    BidPeriodTooShort {
        required: Period,
        earliest: Date,
        article: &'static str,
    },
    #[error(
        "the opening ({}) must be at the bid deadline ({}) ({article}); rebook the venue or change the deadline",
        show_time(.opening_at),
        show_time(.deadline)
    )]
    OpeningNotAtDeadline {
        deadline: OffsetDateTime,
        opening_at: OffsetDateTime,
        article: &'static str,
    },
    #[error(
        "the amendment comes less than {notice} before the deadline ({article}): postpone the deadline to {} or later",
        show_date(.earliest)
    )]
    AmendmentNeedsPostponement {
        notice: Period,
        earliest: Date,
        article: &'static str,
    },
    #[error("the tender documents' evaluation method: {0}")]
    EvaluationMethod(#[from] crate::trade::evaluation_method::ChoiceRefused),
    #[error("the new deadline must be later than the current one ({})", show_time(.current))]
    DeadlineNotLater { current: OffsetDateTime },
    #[error("a committee of {size} is too small: at least {minimum} ({article})")]
    CommitteeTooSmall {
        size: u32,
        minimum: u32,
        article: &'static str,
    },
    #[error("a committee of {size} must have an odd number of members ({article})")]
    CommitteeNotOdd { size: u32, article: &'static str },
    #[error("the draw may start no earlier than {} ({article})", show_date(.earliest))]
    DrawTooEarly {
        earliest: Date,
        article: &'static str,
    },
    #[error(
        "{bidder} is the tenderer or the agency of this trade and may not bid in it (an agency: 条例 第13条)"
    )]
    BidderIsParty { bidder: UnifiedSocialCreditCode },
    #[error(
        "{bidder} has not obtained this round's tender documents: obtain them before bidding ({article})"
    )]
    DocumentsNotObtained {
        bidder: UnifiedSocialCreditCode,
        article: &'static str,
    },
    #[error("{bidder} has no bid in this trade")]
    NoBid { bidder: UnifiedSocialCreditCode },
    #[error("{count} candidates: the report ranks 1 to {max} ({article})")]
    CandidateCount {
        count: usize,
        max: u32,
        article: &'static str,
    },
    #[error("{bidder} is not a bidder whose bid was opened")]
    NotABidder { bidder: UnifiedSocialCreditCode },
    #[error("publication too late: due by the end of {} ({article})", show_date(.due))]
    PublicationLate { due: Date, article: &'static str },
    #[error("the publicity lasts until {}; decide after it ends ({article})", show_time(.until))]
    PublicityNotEnded {
        until: OffsetDateTime,
        article: &'static str,
    },
    #[error("{winner} is not a ranked candidate")]
    NotACandidate { winner: UnifiedSocialCreditCode },
    #[error("the winner must be rank 1; rank {rank} needs a recorded reason ({article})")]
    WinnerNotFirst { rank: usize, article: &'static str },
    #[error(
        "the decision period ended on {}: rank 1 is deemed the winner ({article})",
        show_date(.ended)
    )]
    AwardDeemedRankOne { ended: Date, article: &'static str },
    #[error("deferred documents outstanding: {names:?}; the confirmation waits for them")]
    DeferredDocumentsOutstanding { names: Vec<String> },
    #[error("the bid deadline passed during the suspension: give a new deadline to resume")]
    NewDeadlineRequired,
    #[error("calendar: {0}")]
    Calendar(#[from] CalendarError),
    #[error("{action}: the round has no opening key; bids cannot be sealed ({article})")]
    NoOpeningKey {
        action: &'static str,
        article: &'static str,
    },
    #[error("opening key: {reason}")]
    OpeningKeyInvalid { reason: String },
    #[error(
        "the bid is sealed to another key ({found}); seal it to this round's opening key {expected}"
    )]
    WrongOpeningKey { expected: String, found: String },
    #[error("this bid handle was already used in this round")]
    BidHandleUsed,
    #[error("no current bid with this handle")]
    UnknownBid,
    #[error(
        "the bid token does not match: only the bidder holding the receipt may change or withdraw it"
    )]
    BadBidToken,
    #[error("{person} is not a custodian of this round's opening key")]
    NotCustodian { person: String },
    #[error("{person} has already handed in its share")]
    ShareAlreadySubmitted { person: String },
    #[error("the share does not match the commitment published for {person}")]
    WrongShare { person: String },
    #[error("{action}: the opening has not started")]
    OpeningNotStarted { action: &'static str },
    #[error("{action}: the opening has already started")]
    OpeningStarted { action: &'static str },
    #[error("{have} of {need} shares handed in: the bids cannot be opened yet")]
    SharesMissing { have: u32, need: u32 },
    #[error("enough shares were handed in ({have} of {need}): open the bids instead")]
    SharesComplete { have: u32, need: u32 },
    #[error("the unsealing must cover exactly the current bids: {reason}")]
    UnsealingMismatch { reason: String },
    #[error("the decryption window lasts until {}; wait for the custodians", show_time(.until))]
    WindowNotOver { until: OffsetDateTime },
    #[error("{bidder} is not in the opening record")]
    NotInOpeningRecord { bidder: UnifiedSocialCreditCode },
    #[error("{bidder} has already confirmed the opening record")]
    AlreadyConfirmed { bidder: UnifiedSocialCreditCode },
    #[error("no question number {number}")]
    UnknownQuestion { number: u32 },
    #[error("question {number} has already been answered")]
    QuestionAnswered { number: u32 },
    #[error("no objection number {number}")]
    UnknownObjection { number: u32 },
    #[error("objection {number} has already been answered")]
    ObjectionAnswered { number: u32 },
}

// Who may act is `Forbidden`; every other refusal is a rule, citing its article when the
// variant carries one.
crate::refusals!(TradeError {
    WrongRole { .. } => "trade.wrong_role", Forbidden;
    NotParty { .. } => "trade.not_party", Forbidden;
    WrongPhase { .. } => "trade.wrong_phase", Rule;
    NodeSkipped { .. } => "trade.node_skipped", Rule;
    Suspended { .. } => "trade.suspended", Rule;
    AlreadyRegistered => "trade.already_registered", Rule;
    Late { .. } => "trade.late", Rule;
    TooEarly { .. } => "trade.too_early", Rule;
    Method(_) => "trade.invalid_method", Rule;
    Value(_) => "trade.invalid_value", Rule;
    Invalid { .. } => "trade.invalid_input", Rule;
    Invitation { article, .. } => "trade.invitation", Rule, *article;
    NotInvited { article, .. } => "trade.not_invited", Rule, *article;
    PledgeRequired => "trade.pledge_required", Rule;
    DueDateNotInFuture { .. } => "trade.due_date_not_in_future", Rule;
    NotOutstanding { .. } => "trade.deferred_document_not_outstanding", Rule;
    AwaitingCorrections { article } => "trade.awaiting_corrections", Rule, *article;
    ReasonsRequired { article } => "trade.reasons_required", Rule, *article;
    NotReturned => "trade.entry_not_returned", Rule;
    GreenChannelGranted => "trade.green_channel_granted", Rule;
    GreenChannelPending => "trade.green_channel_pending", Rule;
    GreenChannelNotRequested => "trade.green_channel_not_requested", Rule;
    GreenChannelByRequest => "trade.green_channel_by_request", Rule;
    VenueTimes { .. } => "trade.venue_times", Rule;
    BidPeriodTooShort { article, .. } => "trade.bid_period_too_short", Rule, *article;
    OpeningNotAtDeadline { article, .. } => "trade.opening_not_at_deadline", Rule, *article;
    AmendmentNeedsPostponement { article, .. } => "trade.amendment_needs_postponement", Rule, *article;
    EvaluationMethod(ChoiceRefused::MethodNotAllowed { article, .. }) =>
        "trade.evaluation_method_not_allowed", Rule, *article;
    EvaluationMethod(ChoiceRefused::PriceWeight { article, .. }) =>
        "trade.price_weight_out_of_range", Rule, *article;
    EvaluationMethod(ChoiceRefused::Points) => "trade.evaluation_points", Rule;
    DeadlineNotLater { .. } => "trade.deadline_not_later", Rule;
    CommitteeTooSmall { article, .. } => "trade.committee_too_small", Rule, *article;
    CommitteeNotOdd { article, .. } => "trade.committee_not_odd", Rule, *article;
    DrawTooEarly { article, .. } => "trade.draw_too_early", Rule, *article;
    BidderIsParty { .. } => "trade.bidder_is_party", Rule;
    DocumentsNotObtained { article, .. } => "trade.documents_not_obtained", Rule, *article;
    NoBid { .. } => "trade.no_bid", Rule;
    CandidateCount { article, .. } => "trade.candidate_count", Rule, *article;
    NotABidder { .. } => "trade.not_a_bidder", Rule;
    PublicationLate { article, .. } => "trade.publication_late", Rule, *article;
    PublicityNotEnded { article, .. } => "trade.publicity_not_ended", Rule, *article;
    NotACandidate { .. } => "trade.not_a_candidate", Rule;
    WinnerNotFirst { article, .. } => "trade.winner_not_first", Rule, *article;
    AwardDeemedRankOne { article, .. } => "trade.award_deemed_rank_one", Rule, *article;
    DeferredDocumentsOutstanding { .. } => "trade.deferred_documents_outstanding", Rule;
    NewDeadlineRequired => "trade.new_deadline_required", Rule;
    Calendar(CalendarError::UnknownYear(_)) => "trade.calendar_unknown_year", Rule;
    Calendar(_) => "trade.calendar", Rule;
    NoOpeningKey { article, .. } => "trade.no_opening_key", Rule, *article;
    OpeningKeyInvalid { .. } => "trade.opening_key_invalid", Rule;
    WrongOpeningKey { .. } => "trade.wrong_opening_key", Rule;
    BidHandleUsed => "trade.bid_handle_used", Rule;
    UnknownBid => "trade.unknown_bid", Rule;
    BadBidToken => "trade.bad_bid_token", Forbidden;
    NotCustodian { .. } => "trade.not_custodian", Forbidden;
    ShareAlreadySubmitted { .. } => "trade.share_already_submitted", Rule;
    WrongShare { .. } => "trade.wrong_share", Rule;
    OpeningNotStarted { .. } => "trade.opening_not_started", Rule;
    OpeningStarted { .. } => "trade.opening_started", Rule;
    SharesMissing { .. } => "trade.shares_missing", Rule;
    SharesComplete { .. } => "trade.shares_complete", Rule;
    UnsealingMismatch { .. } => "trade.unsealing_mismatch", Rule;
    WindowNotOver { .. } => "trade.window_not_over", Rule;
    NotInOpeningRecord { .. } => "trade.not_in_opening_record", Rule;
    AlreadyConfirmed { .. } => "trade.already_confirmed", Rule;
    UnknownQuestion { .. } => "trade.unknown_question", Rule;
    QuestionAnswered { .. } => "trade.question_answered", Rule;
    UnknownObjection { .. } => "trade.unknown_objection", Rule;
    ObjectionAnswered { .. } => "trade.objection_answered", Rule;
});

impl TradeError {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> TradeError {
        TradeError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

/// An instant as people read it: Beijing time to the second, `2026-03-26 09:30:00`.
pub fn show_time(t: &OffsetDateTime) -> String {
    let b = t.to_offset(BEIJING);
    format!(
        "{} {:02}:{:02}:{:02}",
        show_date(&b.date()),
        b.hour(),
        b.minute(),
        b.second()
    )
}

/// A date as people read it: `2026-03-26`.
pub fn show_date(d: &Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
