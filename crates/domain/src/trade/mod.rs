//! The trade aggregate: one procurement or tendering project through its seven nodes.
//!
//! | node | commands |
//! |---|---|
//! | 1 project entry | `Register`, `Accept`, `RejectEntry`, `ReturnEntry`, `ResubmitEntry`, `RequestGreenChannel`, `DecideGreenChannel`, `SubmitDeferredDocument` |
//! | 2 venue booking | `BookVenue` |
//! | 3 documents and announcement | `UploadTenderDocuments`, `PublishAnnouncement`, `AmendDocuments`, `ObtainDocuments`, `AskQuestion`, `AnswerQuestion` |
//! | 4 expert draw | `RecordExpertDraw` |
//! | 5 opening and evaluation | `SubmitBid`, `WithdrawBid`, `OpenBids`, `SubmitShare`, `RecordUnsealing`, `AbandonOpening`, `ConfirmOpeningRecord`, `RaiseOpeningObjection`, `AnswerOpeningObjection`, `RecordEvaluation`, `RejectAllBids` |
//! | 6 award publicity | `PublishResult`, `DecideAward` (order per [`crate::methods::ResultKind`]) |
//! | 7 confirmation | `IssueConfirmation` |
//! | any time | `Suspend`, `Resume`, `Cancel`, `Retender` |

mod award;
mod bids;
pub mod command;
mod control;
mod documents;
mod entry;
pub mod error;
pub mod evaluation_method;
pub mod evaluation_terms;
pub mod event;
mod evolve;
mod guard;
mod intake;
pub mod obtain;
mod opening;
pub mod sealed;
pub mod state;
pub mod status;
pub mod summary;

pub use bids::deadline_second_over;
pub use command::{DeferredDocument, ObtainedBy, TradeCommand, VenueBooking};
pub use entry::{ACCEPT_WITHIN_WORKING_DAYS, ACCEPT_WITHIN_WORKING_DAYS_GREEN};
pub use error::TradeError;
pub use evaluation_method::{
    Category, ChoiceRefused, EvaluationChoice, EvaluationKind, Points, allowed_kinds,
};
pub use evaluation_terms::{
    BaseDeviationChoice, CriterionChoice, MAX_CRITERIA, PriceFormulaChoice, SmeRates,
};
pub use event::{FailureReason, TradeEvent};
pub use intake::RETURN_ARTICLE;
pub use obtain::{ObtainRule, obtain_rule};
pub use state::{Phase, TradeState, node_name};
pub use status::PublicStatus;
pub use summary::{DeferredDocumentSummary, TradeSummary};

use crate::aggregate::{Aggregate, Context};

impl Aggregate for TradeState {
    type Command = TradeCommand;
    type Event = TradeEvent;
    type Error = TradeError;

    fn decide(
        &self,
        command: &TradeCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<TradeEvent>, TradeError> {
        use TradeCommand::*;
        match command {
            Register { .. } => entry::register(self, command, ctx),
            Accept { deferred, pledge } => entry::accept(self, deferred, pledge, ctx),
            RejectEntry { reason } => entry::reject_entry(self, reason, ctx),
            ReturnEntry { reasons } => intake::return_entry(self, reasons, ctx),
            ResubmitEntry { note, file } => intake::resubmit_entry(self, note, file, ctx),
            RequestGreenChannel { reason } => intake::request_green(self, reason, ctx),
            DecideGreenChannel { approve, reason } => {
                intake::decide_green(self, *approve, reason, ctx)
            }
            SubmitDeferredDocument { name, file } => entry::submit_deferred(self, name, file, ctx),
            BookVenue(venue) => documents::book_venue(self, venue, ctx),
            UploadTenderDocuments { file, evaluation } => {
                documents::upload_documents(self, file, evaluation.as_ref(), ctx)
            }
            PublishAnnouncement {
                bid_deadline,
                opening_key,
                notice,
                ..
            } => documents::publish_announcement(
                self,
                *bid_deadline,
                opening_key.as_ref(),
                notice.as_ref(),
                ctx,
            ),
            AskQuestion {
                bidder,
                text,
                label,
            } => obtain::ask_question(self, bidder, text, label.as_ref(), ctx),
            AnswerQuestion { number, answer } => {
                obtain::answer_question(self, *number, answer, ctx)
            }
            AmendDocuments { file, new_deadline } => {
                documents::amend_documents(self, file, *new_deadline, ctx)
            }
            ObtainDocuments {
                bidder,
                label,
                holder,
            } => obtain::obtain_documents(self, bidder, label.as_ref(), holder.as_ref(), ctx),
            RecordExpertDraw {
                committee_size,
                experts_commitment,
            } => bids::record_draw(self, *committee_size, experts_commitment, ctx),
            SubmitBid {
                bidder,
                handle,
                envelope,
                key_id,
                label,
                token_hash,
                replaces,
            } => {
                let cmd = bids::SealedSubmission {
                    bidder,
                    handle,
                    envelope,
                    key_id,
                    label,
                    token_hash,
                    replaces: replaces.as_ref().map(|(h, t)| (h, t)),
                };
                bids::submit_bid(self, &cmd, ctx)
            }
            WithdrawBid {
                bidder,
                handle,
                token_hash,
            } => bids::withdraw_bid(self, bidder, handle, token_hash, ctx),
            OpenBids => bids::open_bids(self, ctx),
            SubmitShare { commitment } => opening::submit_share(self, commitment, ctx),
            RecordUnsealing { results, obtainers } => {
                opening::record_unsealing(self, results, obtainers, ctx)
            }
            AbandonOpening { reason } => opening::abandon_opening(self, reason, ctx),
            ConfirmOpeningRecord { bidder } => opening::confirm_record(self, bidder, ctx),
            RaiseOpeningObjection { bidder, text } => {
                opening::raise_objection(self, bidder, text, ctx)
            }
            AnswerOpeningObjection { number, answer } => {
                opening::answer_objection(self, *number, answer, ctx)
            }
            RecordEvaluation { report, ranked } => {
                bids::record_evaluation(self, report, ranked, ctx)
            }
            RejectAllBids { report, reason } => bids::reject_all(self, report, reason, ctx),
            PublishResult => award::publish_result(self, ctx),
            DecideAward { winner, reason } => award::decide_award(self, winner, reason, ctx),
            IssueConfirmation { certificate_no } => {
                award::issue_confirmation(self, certificate_no, ctx)
            }
            Suspend { reason } => control::suspend(self, reason, ctx),
            Resume { new_deadline } => control::resume(self, *new_deadline, ctx),
            Cancel { reason } => control::cancel(self, reason, ctx),
            Retender { reason } => control::retender(self, reason, ctx),
        }
    }

    fn evolve(&mut self, event: &TradeEvent) {
        TradeState::evolve(self, event)
    }
}

/// What a view may offer: whether `command` would be accepted now, by the access matrix
/// (`relation` is how the caller relates to the trade) and by the trade's own rules. Pages
/// show a form exactly where this says yes, so the rules live here, once.
pub fn may(
    state: &TradeState,
    command: &TradeCommand,
    ctx: &Context<'_>,
    relation: crate::access::Relation,
) -> Result<(), Refusal> {
    crate::access::authorize_command(ctx.actor.role, command, state, relation)
        .map_err(Refusal::Access)?;
    state.decide(command, ctx).map(drop).map_err(Refusal::Rule)
}

/// Why [`may`] said no: the matrix, or a rule of the trade.
#[derive(Debug, Clone)]
pub enum Refusal {
    Access(crate::access::Denied),
    Rule(TradeError),
}
