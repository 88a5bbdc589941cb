//! Building a demo trade's steps from its plan, node by node.
use domain::trade::{DeferredDocument, TradeCommand, VenueBooking};
use domain::{Actor, BlobRef, Money, RegionCode, RoomId, Sha256Hex};
use legal_time::OffsetDateTime;

use super::parties::*;
use super::plans::{Cmd, Plan, Step};
use super::trade_id;

struct Builder<'a> {
    plan: &'a Plan,
    steps: Vec<Step>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        at: OffsetDateTime,
        node: u8,
        label: impl Into<String>,
        actor: Actor,
        cmd: Cmd,
    ) {
        if node >= self.plan.stop_before {
            return;
        }
        self.steps.push(Step {
            at,
            trade: trade_id(self.plan.id),
            title: self.plan.title.to_owned(),
            line: self.plan.line,
            node,
            label: label.into(),
            actor,
            expect_refusal: None,
            cmd,
        });
    }
}

fn file(
    name: &str,
    text: String,
    make: impl Fn(BlobRef) -> TradeCommand + Send + Sync + 'static,
) -> Cmd {
    Cmd::WithFile {
        name: name.to_owned(),
        bytes: text.into_bytes(),
        make: Box::new(make),
    }
}

pub(super) const LATE_BID: &str = "a bid one second after the deadline";
pub(super) const SHARE_STEP: &str = "opening key share handed in";

/// A bid price a little under the estimate, different per bidder.
pub(super) fn demo_price(estimate_fen: i64, n: u32) -> i64 {
    estimate_fen / 1000 * (960 - 7 * i64::from(n))
}

pub(super) fn steps_of(plan: &Plan) -> Vec<Step> {
    let mut b = Builder {
        plan,
        steps: Vec::new(),
    };
    b.entry();
    b.announce();
    b.bidding();
    b.opening();
    b.result();
    b.steps
}

impl Builder<'_> {
    /// Node 1 and 2: registered, accepted (with a deferred document), rooms booked.
    fn entry(&mut self) {
        let (plan, t) = (self.plan, &self.plan.t);
        let register = TradeCommand::Register {
            trade: trade_id(plan.id),
            title: plan.title.to_owned(),
            line: plan.line,
            method: plan.method,
            region: RegionCode::parse("330100").expect("valid region"),
            tenderer: tenderer_org(plan.tenderer),
            agency: Some(agency_org()),
            estimate: plan.estimate.parse::<Money>().expect("valid amount"),
            green_channel: false,
            invited_bidders: vec![],
        };
        self.push(
            t.register,
            1,
            "project registered by the agency",
            agency(),
            Cmd::Ready(register),
        );
        if plan.green {
            let ask = TradeCommand::RequestGreenChannel {
                reason: "重点民生工程，工期紧急".into(),
            };
            self.push(
                t.register,
                1,
                "green channel asked for by the agency",
                agency(),
                Cmd::Ready(ask),
            );
            let grant = TradeCommand::DecideGreenChannel {
                approve: true,
                reason: "符合绿色通道条件".into(),
            };
            self.push(
                t.register,
                1,
                "green channel granted by center staff",
                staff(),
                Cmd::Ready(grant),
            );
        }
        let accept = match plan.deferred {
            Some((name, due, _)) => {
                let deferred = vec![DeferredDocument {
                    name: name.to_owned(),
                    due,
                }];
                file(
                    "pledge.txt",
                    format!("书面承诺: {name} 于 {due} 前补交"),
                    move |pledge| TradeCommand::Accept {
                        deferred: deferred.clone(),
                        pledge: Some(pledge),
                    },
                )
            }
            None => Cmd::Ready(TradeCommand::Accept {
                deferred: vec![],
                pledge: None,
            }),
        };
        self.push(t.accept, 1, "accepted by center staff", staff(), accept);
        if let Some((name, _, at)) = plan.deferred {
            let doc = name.to_owned();
            self.push(
                at,
                1,
                "deferred document handed in",
                agency(),
                file("deferred.txt", format!("{name} (scan)"), move |f| {
                    TradeCommand::SubmitDeferredDocument {
                        name: doc.clone(),
                        file: f,
                    }
                }),
            );
        }
        let venue = VenueBooking {
            opening_room: RoomId::parse(plan.rooms.0).expect("valid room"),
            opening_at: t.deadline,
            evaluation_room: RoomId::parse(plan.rooms.1).expect("valid room"),
            evaluation_from: t.eval.0,
            evaluation_to: t.eval.1,
        };
        self.push(
            t.book,
            2,
            format!("rooms booked: {} and {}", plan.rooms.0, plan.rooms.1),
            staff(),
            Cmd::Ready(TradeCommand::BookVenue(venue)),
        );
    }

    /// Node 3 and 4: documents, the announcement with its deadline, the committee drawn.
    fn announce(&mut self) {
        let (plan, t) = (self.plan, &self.plan.t);
        let line = plan.line;
        self.push(
            t.upload,
            3,
            "tender documents uploaded",
            agency(),
            file(
                "tender-documents.txt",
                format!("招标文件: {}", plan.title),
                move |f| TradeCommand::UploadTenderDocuments {
                    file: f,
                    evaluation: Some(super::catalogue::evaluation(line)),
                },
            ),
        );
        let deadline = t.deadline;
        self.push(
            t.announce,
            3,
            format!(
                "announcement published, bid deadline {}",
                super::beijing(deadline)
            ),
            agency(),
            Cmd::Ready(TradeCommand::PublishAnnouncement {
                bid_deadline: deadline,
                opening_key: None,
                notice: None,
                sealing: None,
            }),
        );
        let commitment = Sha256Hex::parse(&crate::sha256_hex(
            format!("sealed expert list of {}", plan.id).as_bytes(),
        ))
        .expect("hex");
        let draw = TradeCommand::RecordExpertDraw {
            committee_size: plan.committee,
            experts_commitment: commitment,
        };
        self.push(
            t.draw,
            4,
            format!("{} experts drawn, list sealed", plan.committee),
            staff(),
            Cmd::Ready(draw),
        );
    }

    /// Node 3 and 5: the bidders obtain the documents and bid; one bid comes a second late.
    fn bidding(&mut self) {
        let (plan, t) = (self.plan, &self.plan.t);
        // Bidders obtain the documents the day after the announcement (no fee, no registration).
        for n in &plan.bidders {
            let obtain = TradeCommand::ObtainDocuments {
                bidder: bidder_org(*n),
                label: None,
                holder: None,
            };
            self.push(
                t.announce + time::Duration::days(1),
                3,
                format!("documents obtained by bidder {n}"),
                bidder(*n),
                Cmd::Ready(obtain),
            );
        }
        let estimate = plan.estimate.parse::<Money>().expect("valid amount").fen();
        for n in &plan.bidders {
            self.push(
                t.bid,
                5,
                format!("bid submitted by bidder {n}"),
                bidder(*n),
                Cmd::Bid {
                    price_fen: demo_price(estimate, *n),
                },
            );
        }
        self.push(
            t.deadline + time::Duration::seconds(1),
            5,
            LATE_BID,
            bidder(99),
            Cmd::Bid {
                price_fen: estimate,
            },
        );
        if let Some(last) = self.steps.last_mut().filter(|s| s.label == LATE_BID) {
            last.expect_refusal = Some("trade.late");
        }
    }

    /// Node 5: the remote opening, two custodians' shares, the evaluation recorded.
    fn opening(&mut self) {
        let (plan, t) = (self.plan, &self.plan.t);
        // The remote opening starts right after the deadline second has passed; two of the three
        // custodians (witness post, supervisor, tenderer) hand in their shares.
        self.push(
            t.deadline + time::Duration::minutes(1),
            5,
            "opening",
            staff(),
            Cmd::Ready(TradeCommand::OpenBids),
        );
        self.push(
            t.deadline + time::Duration::minutes(3),
            5,
            SHARE_STEP,
            staff(),
            Cmd::Share,
        );
        self.push(
            t.deadline + time::Duration::minutes(5),
            5,
            SHARE_STEP,
            supervisor(),
            Cmd::Share,
        );
        let ranked: Vec<_> = plan.ranked.iter().map(|n| bidder_org(*n)).collect();
        self.push(
            t.evaluate,
            5,
            "evaluation report recorded",
            expert(),
            file(
                "evaluation-report.txt",
                format!("评标报告 {}", plan.id),
                move |f| TradeCommand::RecordEvaluation {
                    report: f,
                    ranked: ranked.clone(),
                },
            ),
        );
    }

    /// Nodes 6 and 7: the result and the award in the method's order, the confirmation.
    fn result(&mut self) {
        let (plan, t) = (self.plan, &self.plan.t);
        let award = TradeCommand::DecideAward {
            winner: bidder_org(plan.ranked.first().copied().unwrap_or(1)),
            reason: None,
        };
        let result = domain::rules_for(plan.line, plan.method)
            .expect("valid method")
            .result;
        let (first, second) = match result {
            domain::ResultKind::CandidatesPublicity => (
                (
                    TradeCommand::PublishResult,
                    agency(),
                    "candidates published",
                ),
                (award, tenderer(plan.tenderer), "award decided online"),
            ),
            domain::ResultKind::ResultAnnouncement => (
                (award, tenderer(plan.tenderer), "award decided online"),
                (TradeCommand::PublishResult, agency(), "result announced"),
            ),
        };
        self.push(t.node6.0, 6, first.2, first.1, Cmd::Ready(first.0));
        self.push(t.node6.1, 6, second.2, second.1, Cmd::Ready(second.0));
        let cert = TradeCommand::IssueConfirmation {
            certificate_no: format!("JYQR-{}", plan.id),
        };
        self.push(
            t.confirm,
            7,
            "transaction confirmation issued",
            staff(),
            Cmd::Ready(cert),
        );
    }
}
