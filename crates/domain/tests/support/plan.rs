//! Whole-trade plans with realistic 2026 dates, and a driver that runs a plan up to a phase.

use domain::trade::sealed::OpeningKey;
use domain::trade::{Phase, TradeCommand};
use domain::{BusinessLine, Method, ResultKind, UnifiedSocialCreditCode};
use legal_time::OffsetDateTime;
use time::macros::datetime;

use super::*;

/// One step of a plan.
type Step<'a> = Box<dyn Fn(&mut Run) + 'a>;

pub struct Times {
    pub register: OffsetDateTime,
    pub accept: OffsetDateTime,
    pub book: OffsetDateTime,
    pub opening: OffsetDateTime,
    pub eval_from: OffsetDateTime,
    pub eval_to: OffsetDateTime,
    pub upload: OffsetDateTime,
    pub announce: OffsetDateTime,
    pub draw: OffsetDateTime,
    pub bid: OffsetDateTime,
    pub evaluate: OffsetDateTime,
    /// Node 6, first step (publish for candidates publicity, decide for result announcement).
    pub node6_first: OffsetDateTime,
    pub node6_second: OffsetDateTime,
    pub confirm: OffsetDateTime,
}

pub struct Plan {
    pub line: BusinessLine,
    pub method: Method,
    pub estimate: &'static str,
    pub invited: Vec<UnifiedSocialCreditCode>,
    pub bidders: Vec<u32>,
    pub committee: u32,
    pub ranked: Vec<u32>,
    /// The round's opening key and the custodians (with their actors) who hand in their
    /// shares at the opening.
    pub key: OpeningKey,
    pub share_by: Vec<Actor>,
    pub t: Times,
}

impl Times {
    /// The opening starts once the deadline second is over.
    pub fn open(&self) -> OffsetDateTime {
        self.opening + time::Duration::seconds(1)
    }

    /// When the `i`-th custodian hands in its share (one a minute).
    pub fn share(&self, i: usize) -> OffsetDateTime {
        self.opening + time::Duration::minutes(1 + i as i64)
    }

    /// When the platform records the unsealing.
    pub fn unseal(&self) -> OffsetDateTime {
        self.opening + time::Duration::minutes(5)
    }
}

/// The standard key and the first two custodians (k = 2) to hand in their shares.
fn standard_custody() -> (OpeningKey, Vec<Actor>) {
    (opening_key(), vec![custodian(0), custodian(1)])
}

/// Construction, open tendering, March 2026 (no holiday in the way).
pub fn construction_open() -> Plan {
    Plan {
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        estimate: "45000000.00",
        invited: vec![],
        bidders: vec![1, 2, 3],
        committee: 5,
        ranked: vec![2, 1, 3],
        key: standard_custody().0,
        share_by: standard_custody().1,
        t: Times {
            register: datetime!(2026-03-02 09:00 +8),
            accept: datetime!(2026-03-02 14:00 +8),
            book: datetime!(2026-03-03 10:00 +8),
            opening: datetime!(2026-03-26 09:30 +8),
            eval_from: datetime!(2026-03-26 13:00 +8),
            eval_to: datetime!(2026-03-26 18:00 +8),
            upload: datetime!(2026-03-03 11:00 +8),
            announce: datetime!(2026-03-04 10:00 +8),
            draw: datetime!(2026-03-25 16:00 +8),
            bid: datetime!(2026-03-25 17:00 +8),
            evaluate: datetime!(2026-03-26 17:00 +8),
            // candidates publicity from 03-27 lasts 3 日: ends 24:00 of 03-30
            node6_first: datetime!(2026-03-27 10:00 +8),
            node6_second: datetime!(2026-03-31 09:00 +8),
            confirm: datetime!(2026-04-01 10:00 +8),
        },
    }
}

/// Procurement, open tendering, budget 1200万 (committee ≥ 7), April–May 2026 across the
/// Labour Day holiday (05-01..05-05 off, Saturday 05-09 a working day).
pub fn procurement_open() -> Plan {
    Plan {
        line: BusinessLine::Procurement,
        method: Method::OpenTendering,
        estimate: "12000000",
        invited: vec![],
        bidders: vec![1, 2, 3, 4],
        committee: 7,
        ranked: vec![3, 1, 2],
        key: standard_custody().0,
        share_by: standard_custody().1,
        t: Times {
            register: datetime!(2026-04-07 09:00 +8),
            accept: datetime!(2026-04-07 15:00 +8),
            book: datetime!(2026-04-08 09:00 +8),
            opening: datetime!(2026-04-29 09:30 +8),
            eval_from: datetime!(2026-04-29 10:00 +8),
            eval_to: datetime!(2026-04-29 17:00 +8),
            upload: datetime!(2026-04-08 10:00 +8),
            // 20 日 from 04-09: the deadline may be no earlier than 04-29
            announce: datetime!(2026-04-09 10:00 +8),
            // not earlier than 2 个工作日 before the evaluation on 04-29: 04-27
            draw: datetime!(2026-04-27 10:00 +8),
            bid: datetime!(2026-04-27 11:00 +8),
            evaluate: datetime!(2026-04-29 16:00 +8),
            // decision 04-30; announcement within 2 个工作日 (05-06, 05-07); published 05-06,
            // lasting 1 个工作日: ends 24:00 of 05-07
            node6_first: datetime!(2026-04-30 10:00 +8),
            node6_second: datetime!(2026-05-06 09:00 +8),
            confirm: datetime!(2026-05-08 09:00 +8),
        },
    }
}

/// Procurement, competitive consultation, June 2026 (Dragon Boat 06-19..06-21 off).
pub fn consultation() -> Plan {
    Plan {
        line: BusinessLine::Procurement,
        method: Method::CompetitiveConsultation,
        estimate: "800000",
        invited: vec![],
        bidders: vec![5, 6, 7],
        committee: 3,
        ranked: vec![7, 5],
        key: standard_custody().0,
        share_by: standard_custody().1,
        t: Times {
            register: datetime!(2026-06-01 09:00 +8),
            accept: datetime!(2026-06-01 16:00 +8),
            book: datetime!(2026-06-02 09:00 +8),
            opening: datetime!(2026-06-15 09:30 +8),
            eval_from: datetime!(2026-06-15 10:00 +8),
            eval_to: datetime!(2026-06-15 12:00 +8),
            upload: datetime!(2026-06-02 10:00 +8),
            // 10 日 from 06-02: no earlier than 06-12
            announce: datetime!(2026-06-02 15:00 +8),
            draw: datetime!(2026-06-12 09:00 +8),
            bid: datetime!(2026-06-12 10:00 +8),
            evaluate: datetime!(2026-06-15 11:30 +8),
            node6_first: datetime!(2026-06-16 09:00 +8),
            // published 06-17, 1 个工作日: ends 24:00 of 06-18
            node6_second: datetime!(2026-06-17 09:00 +8),
            confirm: datetime!(2026-06-22 09:00 +8),
        },
    }
}

/// Construction, open tendering, evaluated on Wednesday 2026-09-30, the eve of National Day
/// (10-01..10-07 off, Saturday 10-10 a working day).
pub fn construction_national_day() -> Plan {
    Plan {
        t: Times {
            register: datetime!(2026-09-01 09:00 +8),
            accept: datetime!(2026-09-01 14:00 +8),
            book: datetime!(2026-09-02 10:00 +8),
            opening: datetime!(2026-09-30 09:30 +8),
            eval_from: datetime!(2026-09-30 13:00 +8),
            eval_to: datetime!(2026-09-30 18:00 +8),
            upload: datetime!(2026-09-02 11:00 +8),
            // 20 日 from 09-03: no earlier than 09-23
            announce: datetime!(2026-09-03 10:00 +8),
            draw: datetime!(2026-09-29 16:00 +8),
            bid: datetime!(2026-09-29 17:00 +8),
            evaluate: datetime!(2026-09-30 17:00 +8),
            // within 3 日 of the report: the 3rd day 10-03 is off, so up to 10-08; the
            // publicity from 10-08 lasts 3 日: ends 24:00 of 10-11
            node6_first: datetime!(2026-10-08 10:00 +8),
            node6_second: datetime!(2026-10-12 09:00 +8),
            confirm: datetime!(2026-10-13 10:00 +8),
        },
        ..construction_open()
    }
}

impl Plan {
    pub fn register_command(&self) -> TradeCommand {
        register(self.line, self.method, self.estimate, self.invited.clone())
    }

    pub fn venue(&self) -> VenueBooking {
        venue(self.t.opening, self.t.eval_from, self.t.eval_to)
    }

    /// Runs the plan until the trade reaches `stop` (or to the end).
    pub fn run_to(&self, stop: Phase) -> Run {
        let mut run = Run::new();
        let t = &self.t;
        let result = domain::rules_for(self.line, self.method).unwrap().result;
        let award = TradeCommand::DecideAward {
            winner: bidder_org(self.ranked[0]),
            reason: None,
        };
        let mut steps: Vec<Step<'_>> = vec![
            Box::new(|r| {
                r.ok(self.register_command(), &tenderer(), t.register);
            }),
            Box::new(|r| {
                r.ok(accept_plain(), &staff(), t.accept);
            }),
            Box::new(|r| {
                r.ok(TradeCommand::BookVenue(self.venue()), &staff(), t.book);
            }),
            Box::new(|r| {
                r.ok(
                    TradeCommand::UploadTenderDocuments {
                        file: blob("tender.pdf"),
                        evaluation: None,
                    },
                    &agency(),
                    t.upload,
                );
            }),
            Box::new(|r| {
                r.ok(
                    announce_with(t.opening, Some(self.key.clone())),
                    &agency(),
                    t.announce,
                );
            }),
            Box::new(|r| {
                let draw = TradeCommand::RecordExpertDraw {
                    committee_size: self.committee,
                    experts_commitment: commitment(),
                };
                r.ok(draw, &staff(), t.draw);
                for b in &self.bidders {
                    r.bid(*b, t.bid);
                }
            }),
            // the opening: started after the deadline second, the custodians' shares, the
            // platform's unsealing (OpeningStarted, ShareSubmitted.., BidsUnsealed, BidsOpened)
            Box::new(|r| {
                r.ok(TradeCommand::OpenBids, &staff(), t.open());
                for (i, actor) in self.share_by.iter().enumerate() {
                    let person = domain::PersonId::parse(&actor.id).unwrap();
                    let commitment = self
                        .key
                        .custodian(&person)
                        .expect("a custodian")
                        .commitment
                        .clone();
                    r.ok(TradeCommand::SubmitShare { commitment }, actor, t.share(i));
                }
                r.unseal(t.unseal());
            }),
            Box::new(|r| {
                let ranked = self.ranked.iter().map(|b| bidder_org(*b)).collect();
                r.ok(
                    TradeCommand::RecordEvaluation {
                        report: blob("report.pdf"),
                        ranked,
                    },
                    &expert(),
                    t.evaluate,
                );
            }),
        ];
        match result {
            ResultKind::CandidatesPublicity => {
                steps.push(Box::new(|r| {
                    r.ok(TradeCommand::PublishResult, &agency(), t.node6_first);
                }));
                steps.push(Box::new(move |r| {
                    r.ok(award.clone(), &tenderer(), t.node6_second);
                }));
            }
            ResultKind::ResultAnnouncement => {
                steps.push(Box::new(move |r| {
                    r.ok(award.clone(), &tenderer(), t.node6_first);
                }));
                steps.push(Box::new(|r| {
                    r.ok(TradeCommand::PublishResult, &agency(), t.node6_second);
                }));
            }
        }
        steps.push(Box::new(|r| {
            r.ok(
                TradeCommand::IssueConfirmation {
                    certificate_no: "JYQR-2026-000123".into(),
                },
                &staff(),
                t.confirm,
            );
        }));
        for step in steps {
            if run.phase() == stop {
                return run;
            }
            step(&mut run);
        }
        assert_eq!(run.phase(), stop, "the plan never reached {stop:?}");
        run
    }
}
