//! How each event changes a trade ([`TradeState::evolve`]), by group of nodes.

use std::collections::BTreeSet;

use legal_time::OffsetDateTime;

use crate::trade::command::VenueBooking;
use crate::trade::event::TradeEvent;
use crate::trade::state::{
    Award, DeferredStatus, Draw, Evaluation, Objection, Opening, Phase, Question, Registration,
    Round, TradeState,
};

impl TradeState {
    pub fn evolve(&mut self, event: &TradeEvent) {
        use TradeEvent::*;
        match event {
            Registered { .. }
            | Accepted { .. }
            | EntryRejected { .. }
            | DeferredDocumentSubmitted { .. }
            | VenueBooked { .. }
            | TenderDocumentsUploaded { .. } => self.evolve_entry(event),
            AnnouncementPublished { .. }
            | DocumentsAmended { .. }
            | DocumentsObtained { .. }
            | QuestionAsked { .. }
            | QuestionAnswered { .. }
            | ExpertsDrawn { .. }
            | DrawVoided { .. }
            | BidSubmitted { .. }
            | BidWithdrawn { .. } => self.evolve_bidding(event),
            OpeningStarted { .. }
            | ShareSubmitted { .. }
            | BidsUnsealed { .. }
            | OpeningRecordConfirmed { .. }
            | OpeningObjectionRaised { .. }
            | OpeningObjectionAnswered { .. }
            | BidsOpened { .. }
            | TradeFailed { .. } => self.evolve_opening(event),
            EvaluationRecorded { .. }
            | ResultPublished { .. }
            | AwardDecided { .. }
            | ConfirmationIssued { .. } => self.evolve_result(event),
            Suspended { .. } | Resumed { .. } | Cancelled { .. } | RetenderStarted { .. } => {
                self.evolve_control(event)
            }
            EntryReturned { .. }
            | EntryResubmitted { .. }
            | GreenChannelRequested { .. }
            | GreenChannelDecided { .. } => self.evolve_intake(event),
        }
    }

    /// Registration, acceptance, venue and documents (nodes 1 and 2).
    fn evolve_entry(&mut self, event: &TradeEvent) {
        use TradeEvent::*;
        match event {
            Registered {
                trade,
                title,
                line,
                method,
                region,
                tenderer,
                agency,
                estimate,
                green_channel,
                invited_bidders,
                accept_by,
                at,
            } => {
                self.registration = Some(Registration {
                    trade: trade.clone(),
                    title: title.clone(),
                    line: *line,
                    method: *method,
                    region: region.clone(),
                    tenderer: tenderer.clone(),
                    agency: agency.clone(),
                    estimate: *estimate,
                    green_channel: *green_channel,
                    invited_bidders: invited_bidders.clone(),
                    accept_by: *accept_by,
                    registered_at: *at,
                });
                self.round.number = 1;
                self.phase = Phase::Registered;
            }
            Accepted {
                deferred,
                pledge,
                at,
            } => {
                self.accepted_at = Some(*at);
                self.pledge = pledge.clone();
                self.deferred = deferred
                    .iter()
                    .map(|d| DeferredStatus {
                        name: d.name.clone(),
                        due: d.due,
                        submitted: None,
                        late: false,
                    })
                    .collect();
                self.phase = Phase::Accepted;
            }
            EntryRejected { reason, .. } => self.end(Phase::Rejected, reason.clone()),
            DeferredDocumentSubmitted {
                name,
                file,
                late,
                at,
            } => {
                if let Some(d) = self
                    .deferred
                    .iter_mut()
                    .find(|d| &d.name == name && d.submitted.is_none())
                {
                    d.submitted = Some((*at, file.clone()));
                    d.late = *late;
                }
            }
            VenueBooked { venue, .. } => {
                self.round.venue = Some(venue.clone());
                // a rebooking before the announcement keeps the documents already uploaded
                if self.phase == Phase::Accepted {
                    self.phase = Phase::VenueBooked;
                }
            }
            TenderDocumentsUploaded {
                file, evaluation, ..
            } => {
                self.round.documents = Some(file.clone());
                self.round.evaluation_method = evaluation.clone();
                self.phase = Phase::DocumentsReady;
            }
            _ => {} // another group's
        }
    }

    /// The announcement and the bidding period (nodes 3 to 5, before the opening).
    fn evolve_bidding(&mut self, event: &TradeEvent) {
        use TradeEvent::*;
        match event {
            AnnouncementPublished {
                bid_deadline,
                at,
                opening_key,
                notice,
                ..
            } => {
                self.round.opening_key = opening_key.clone();
                self.round.notice = notice.clone();
                self.round.announced_at = Some(*at);
                self.round.bid_deadline = Some(*bid_deadline);
                self.phase = Phase::Announced;
            }
            DocumentsAmended {
                file,
                new_deadline,
                venue,
                ..
            } => {
                self.round.documents = Some(file.clone());
                self.round.amendments += 1;
                self.move_deadline(*new_deadline, venue);
            }
            DocumentsObtained { .. } => {
                self.round.sealed_obtains += 1;
            }
            QuestionAsked {
                number, text, at, ..
            } => self.round.questions.push(Question {
                number: *number,
                text: text.clone(),
                at: *at,
                answer: None,
            }),
            QuestionAnswered {
                number, answer, at, ..
            } => {
                if let Some(q) = self
                    .round
                    .questions
                    .iter_mut()
                    .find(|q| q.number == *number)
                {
                    q.answer = Some((answer.clone(), *at));
                }
            }
            ExpertsDrawn {
                committee_size,
                experts_commitment,
                at,
            } => {
                self.round.draw = Some(Draw {
                    committee_size: *committee_size,
                    commitment: experts_commitment.clone(),
                    at: *at,
                });
                self.phase = Phase::ExpertsDrawn;
            }
            DrawVoided { .. } => {
                self.round.draw = None;
                if self.phase == Phase::ExpertsDrawn {
                    self.phase = Phase::Announced;
                }
            }
            BidSubmitted { bid, replaces } => {
                if let Some(old) = replaces {
                    self.round.bids.remove(old);
                }
                self.round.used_handles.insert(bid.handle.clone());
                self.round.bids.insert(bid.handle.clone(), bid.clone());
            }
            BidWithdrawn { handle, .. } => {
                self.round.bids.remove(handle);
            }
            _ => {} // another group's
        }
    }

    /// The opening and its record (node 5).
    fn evolve_opening(&mut self, event: &TradeEvent) {
        use TradeEvent::*;
        match event {
            OpeningStarted { bids, at, .. } => {
                self.round.opening = Some(Opening {
                    started_at: *at,
                    bids: *bids,
                    shares: BTreeSet::new(),
                });
            }
            ShareSubmitted { custodian, .. } => {
                if let Some(o) = self.round.opening.as_mut() {
                    o.shares.insert(custodian.clone());
                }
            }
            BidsUnsealed {
                lines, obtainers, ..
            } => {
                self.round.opening_record = lines.clone();
                for o in obtainers {
                    let first = self.round.obtainers.entry(o.bidder.clone()).or_insert(o.at);
                    *first = (*first).min(o.at);
                }
            }
            OpeningRecordConfirmed { bidder, .. } => {
                self.round.confirmed_by.insert(bidder.clone());
            }
            OpeningObjectionRaised {
                number,
                bidder,
                text,
                at,
            } => self.round.objections.push(Objection {
                number: *number,
                bidder: bidder.clone(),
                text: text.clone(),
                at: *at,
                answer: None,
            }),
            OpeningObjectionAnswered { number, answer, at } => {
                if let Some(o) = self
                    .round
                    .objections
                    .iter_mut()
                    .find(|o| o.number == *number)
                {
                    o.answer = Some((answer.clone(), *at));
                }
            }
            BidsOpened { bidders, at, .. } => {
                self.round.opened_at = Some(*at);
                self.round.opened_bidders = bidders.clone();
                self.phase = Phase::Opened;
            }
            TradeFailed { reason, .. } => {
                self.round.failure = Some(reason.clone());
                self.end(Phase::Failed, reason.describe());
            }
            _ => {} // another group's
        }
    }

    /// Evaluation, result, award and confirmation (nodes 6 and 7).
    fn evolve_result(&mut self, event: &TradeEvent) {
        use TradeEvent::*;
        match event {
            EvaluationRecorded { report, ranked, at } => {
                self.round.evaluation = Some(Evaluation {
                    report: report.clone(),
                    ranked: ranked.clone(),
                    at: *at,
                });
                self.phase = Phase::Evaluated;
            }
            ResultPublished { until, at, .. } => {
                self.round.publicity = Some((*at, *until));
                self.phase = Phase::Publicized;
            }
            AwardDecided {
                winner,
                rank,
                reason,
                at,
                ..
            } => {
                self.round.award = Some(Award {
                    winner: winner.clone(),
                    rank: *rank,
                    reason: reason.clone(),
                    at: *at,
                });
                self.phase = Phase::Awarded;
            }
            ConfirmationIssued {
                certificate_no, at, ..
            } => {
                self.certificate = Some((certificate_no.clone(), *at));
                self.phase = Phase::Confirmed;
            }
            _ => {} // another group's
        }
    }

    /// Suspension, resumption, cancellation and re-tender.
    fn evolve_control(&mut self, event: &TradeEvent) {
        use TradeEvent::*;
        match event {
            Suspended {
                reason, previous, ..
            } => {
                self.suspended_from = Some(*previous);
                self.suspension_reason = Some(reason.clone());
                self.phase = Phase::Suspended;
            }
            Resumed {
                phase,
                new_deadline,
                venue,
                ..
            } => {
                self.suspended_from = None;
                self.suspension_reason = None;
                self.phase = *phase;
                self.move_deadline(*new_deadline, venue);
            }
            Cancelled {
                reason, previous, ..
            } => {
                self.suspended_from = None;
                self.ended_in = Some(*previous);
                self.end_reason = Some(reason.clone());
                self.phase = Phase::Cancelled;
            }
            RetenderStarted { round, .. } => {
                self.round = Round {
                    number: *round,
                    ..Round::default()
                };
                self.ended_in = None;
                self.end_reason = None;
                self.phase = Phase::Accepted;
            }
            _ => {} // another group's
        }
    }

    fn end(&mut self, phase: Phase, reason: String) {
        self.ended_in = Some(self.phase);
        self.end_reason = Some(reason);
        self.phase = phase;
    }

    fn move_deadline(
        &mut self,
        new_deadline: Option<OffsetDateTime>,
        venue: &Option<VenueBooking>,
    ) {
        if let Some(d) = new_deadline {
            self.round.bid_deadline = Some(d);
        }
        if let Some(v) = venue {
            self.round.venue = Some(v.clone());
        }
    }
}
