//! The demo's trades as timed steps. Dates are real 2026 dates chosen around the State
//! Council holidays, so every period check of the domain runs for real.
use domain::trade::{DeferredDocument, TradeCommand, VenueBooking};
use domain::{Actor, BlobRef, BusinessLine, Method, Money, RegionCode, RoomId, Sha256Hex, TradeId};
use legal_time::{Date, OffsetDateTime};
use time::macros::{date, datetime};

use super::parties::*;
use super::{put_file, trade_id};
use crate::error::AppError;
use crate::platform::Platform;
use crate::trades::Outcome;

type WithFile = Box<dyn Fn(BlobRef) -> TradeCommand + Send + Sync>;

enum Cmd {
    Ready(TradeCommand),
    WithFile {
        name: String,
        bytes: Vec<u8>,
        make: WithFile,
    },
    /// A bid sealed to the round's opening key and uploaded like a bidder's client would.
    Bid {
        price_fen: i64,
    },
    /// The step's actor (a custodian) hands in its share, opened with its demo key.
    Share,
    /// Staff draw the committee through the platform's draw (the demo experts of
    /// [`super::DEMO_SPECIALTY`]), every drawn expert confirms, and the committee is recorded.
    Draw {
        committee: u32,
        evaluation: (OffsetDateTime, OffsetDateTime),
    },
}

/// What a step does.
pub enum Action {
    Command(Box<TradeCommand>),
    Bid {
        price_fen: i64,
    },
    Share,
    /// A real draw: request, commitment and list, the drawn experts' confirmations, and
    /// `RecordExpertDraw` on the trade (see [`super::run_steps`]).
    Draw {
        committee: u32,
        evaluation: (OffsetDateTime, OffsetDateTime),
    },
}

/// One timed command of the demo.
pub struct Step {
    pub at: OffsetDateTime,
    pub trade: TradeId,
    pub title: String,
    pub line: BusinessLine,
    pub node: u8,
    pub label: String,
    pub actor: Actor,
    /// The refusal code this step demonstrates, if it is meant to be refused.
    pub expect_refusal: Option<&'static str>,
    cmd: Cmd,
}

pub enum StepOutcome {
    Accepted(Outcome),
    Refused { code: &'static str, message: String },
}

impl Step {
    pub fn action(&self, platform: &Platform) -> Result<Action, AppError> {
        Ok(match &self.cmd {
            Cmd::Ready(c) => Action::Command(Box::new(c.clone())),
            Cmd::WithFile { name, bytes, make } => {
                Action::Command(Box::new(make(put_file(platform, name, bytes)?)))
            }
            Cmd::Bid { price_fen } => Action::Bid {
                price_fen: *price_fen,
            },
            Cmd::Share => Action::Share,
            Cmd::Draw {
                committee,
                evaluation,
            } => Action::Draw {
                committee: *committee,
                evaluation: *evaluation,
            },
        })
    }
}

struct Times {
    register: OffsetDateTime,
    accept: OffsetDateTime,
    book: OffsetDateTime,
    upload: OffsetDateTime,
    announce: OffsetDateTime,
    deadline: OffsetDateTime,
    eval: (OffsetDateTime, OffsetDateTime),
    draw: OffsetDateTime,
    bid: OffsetDateTime,
    evaluate: OffsetDateTime,
    node6: (OffsetDateTime, OffsetDateTime),
    confirm: OffsetDateTime,
}

struct Plan {
    id: &'static str,
    title: &'static str,
    line: BusinessLine,
    method: Method,
    estimate: &'static str,
    tenderer: u32,
    green: bool,
    deferred: Option<(&'static str, Date, OffsetDateTime)>,
    bidders: Vec<u32>,
    committee: u32,
    ranked: Vec<u32>,
    rooms: (&'static str, &'static str),
    t: Times,
    /// Stop before this node (8 = run to the end).
    stop_before: u8,
}

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

const LATE_BID: &str = "a bid one second after the deadline";
const SHARE_STEP: &str = "opening key share handed in";

/// A bid price a little under the estimate, different per bidder.
fn demo_price(estimate_fen: i64, n: u32) -> i64 {
    estimate_fen / 1000 * (960 - 7 * i64::from(n))
}

fn steps_of(plan: &Plan) -> Vec<Step> {
    let t = &plan.t;
    let mut b = Builder {
        plan,
        steps: Vec::new(),
    };
    let register = TradeCommand::Register {
        trade: trade_id(plan.id),
        title: plan.title.to_owned(),
        line: plan.line,
        method: plan.method,
        region: RegionCode::parse("330100").expect("valid region"),
        tenderer: tenderer_org(plan.tenderer),
        agency: Some(agency_org()),
        estimate: plan.estimate.parse::<Money>().expect("valid amount"),
        green_channel: plan.green,
        invited_bidders: vec![],
    };
    b.push(
        t.register,
        1,
        "project registered by the agency",
        agency(),
        Cmd::Ready(register),
    );
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
    b.push(t.accept, 1, "accepted by center staff", staff(), accept);
    if let Some((name, _, at)) = plan.deferred {
        let doc = name.to_owned();
        b.push(
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
    b.push(
        t.book,
        2,
        format!("rooms booked: {} and {}", plan.rooms.0, plan.rooms.1),
        staff(),
        Cmd::Ready(TradeCommand::BookVenue(venue)),
    );
    b.push(
        t.upload,
        3,
        "tender documents uploaded",
        agency(),
        file(
            "tender-documents.txt",
            format!("招标文件: {}", plan.title),
            |f| TradeCommand::UploadTenderDocuments { file: f },
        ),
    );
    let deadline = t.deadline;
    b.push(
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
    b.push(
        t.draw,
        4,
        format!("{} experts drawn, list sealed", plan.committee),
        staff(),
        Cmd::Ready(draw),
    );
    // Bidders obtain the documents the day after the announcement (no fee, no registration).
    for n in &plan.bidders {
        let obtain = TradeCommand::ObtainDocuments {
            bidder: bidder_org(*n),
            label: None,
        };
        b.push(
            t.announce + time::Duration::days(1),
            3,
            format!("documents obtained by bidder {n}"),
            bidder(*n),
            Cmd::Ready(obtain),
        );
    }
    let estimate = plan.estimate.parse::<Money>().expect("valid amount").fen();
    for n in &plan.bidders {
        b.push(
            t.bid,
            5,
            format!("bid submitted by bidder {n}"),
            bidder(*n),
            Cmd::Bid {
                price_fen: demo_price(estimate, *n),
            },
        );
    }
    b.push(
        t.deadline + time::Duration::seconds(1),
        5,
        LATE_BID,
        bidder(99),
        Cmd::Bid {
            price_fen: estimate,
        },
    );
    if let Some(last) = b.steps.last_mut().filter(|s| s.label == LATE_BID) {
        last.expect_refusal = Some("trade.late");
    }
    // The remote opening starts right after the deadline second has passed; two of the three
    // custodians (witness post, supervisor, tenderer) hand in their shares.
    b.push(
        t.deadline + time::Duration::minutes(1),
        5,
        "opening",
        staff(),
        Cmd::Ready(TradeCommand::OpenBids),
    );
    b.push(
        t.deadline + time::Duration::minutes(3),
        5,
        SHARE_STEP,
        staff(),
        Cmd::Share,
    );
    b.push(
        t.deadline + time::Duration::minutes(5),
        5,
        SHARE_STEP,
        supervisor(),
        Cmd::Share,
    );
    let ranked: Vec<_> = plan.ranked.iter().map(|n| bidder_org(*n)).collect();
    b.push(
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
    b.push(t.node6.0, 6, first.2, first.1, Cmd::Ready(first.0));
    b.push(t.node6.1, 6, second.2, second.1, Cmd::Ready(second.0));
    let cert = TradeCommand::IssueConfirmation {
        certificate_no: format!("JYQR-{}", plan.id),
    };
    b.push(
        t.confirm,
        7,
        "transaction confirmation issued",
        staff(),
        Cmd::Ready(cert),
    );
    b.steps
}

/// Complete trades through all seven nodes (construction and procurement), one that fails
/// with too few bids and goes to re-tender; in time order.
pub fn demo_steps() -> Vec<Step> {
    let mut steps: Vec<Step> = [construction(), procurement(), consultation()]
        .iter()
        .flat_map(steps_of)
        .collect();
    steps.extend(failing());
    steps.sort_by_key(|s| s.at);
    steps
}

/// Trades left standing at nodes 1 to 6, on later dates than [`demo_steps`], for `serve --demo`.
pub fn standing_steps() -> Vec<Step> {
    // Node 1 stands as "registered, waiting for acceptance": only its first step runs.
    let waiting = Plan {
        stop_before: 2,
        ..standing(1)
    };
    let mut steps: Vec<Step> = steps_of(&waiting).into_iter().take(1).collect();
    steps.extend((2..=7u8).flat_map(|stop| steps_of(&standing(stop))));
    let last = steps.iter().map(|s| s.at).max().expect("steps");
    steps.extend(opening_soon(last));
    steps.extend(draw_soon(last));
    steps.extend(evaluation_soon(last));
    steps.sort_by_key(|s| s.at);
    steps
}

/// The demo procurement trade whose committee is in place and whose evaluation is under way
/// when `serve --demo` resumes (`last` + 1 h): announced in September, its five experts drawn
/// for real by the platform the day before (the demo experts of [`super::DEMO_SPECIALTY`],
/// all confirmed, the committee recorded), three bids opened in the morning, the slot
/// `last` + 30 min to `last` + 3 h (before [`DRAW_SOON`]'s, which needs the same experts).
/// Staff reveal the list, which opens the room; the committee scores and signs; the tenderer
/// awards, the agency publishes the result and the challenge window runs.
pub const EVALUATION_SOON: &str = "ZC-2026-0910";

fn evaluation_soon(last: OffsetDateTime) -> Vec<Step> {
    let d = time::Duration::days;
    let h = time::Duration::hours;
    let deadline = last - h(4);
    let eval = (last + time::Duration::minutes(30), last + h(3));
    let plan = Plan {
        id: EVALUATION_SOON,
        title: "城东体育馆照明设备采购",
        line: BusinessLine::Procurement,
        method: Method::OpenTendering,
        estimate: "1800000",
        tenderer: 14,
        green: false,
        deferred: None,
        bidders: vec![2, 4, 6],
        committee: 5,
        ranked: vec![2, 4, 6],
        rooms: ("opening-5", "evaluation-5"),
        t: Times {
            register: last - d(46),
            accept: last - d(46) + h(4),
            book: last - d(45),
            upload: last - d(45) + h(1),
            announce: last - d(44),
            deadline,
            eval,
            draw: last - h(20),
            bid: last - h(6),
            evaluate: eval.1,
            node6: (eval.1, eval.1),
            confirm: eval.1,
        },
        stop_before: 8,
    };
    steps_of(&plan)
        .into_iter()
        .take_while(|s| s.label != "evaluation report recorded")
        .map(|mut s| {
            if s.node == 4 {
                s.cmd = Cmd::Draw {
                    committee: plan.committee,
                    evaluation: eval,
                };
                s.label = format!(
                    "{} experts drawn by the platform and confirmed",
                    plan.committee
                );
            }
            s
        })
        .collect()
}

/// The demo trade whose experts are still to be drawn and whose evaluation slot starts two
/// demo hours after `serve --demo` resumes (`last` + 3 h): staff draw, the demo experts
/// (the only ones serving [`super::DEMO_SPECIALTY`]) confirm, the list is revealed when the
/// slot starts and the committee meets in the remote evaluation room.
pub const DRAW_SOON: &str = "GC-2026-0909";

fn draw_soon(last: OffsetDateTime) -> Vec<Step> {
    let mut plan = standing(4);
    plan.id = DRAW_SOON;
    plan.title = "城东体育馆照明改造工程";
    plan.rooms = ("opening-4", "evaluation-4");
    plan.t.deadline = last + time::Duration::minutes(150);
    plan.t.eval = (
        last + time::Duration::hours(3),
        last + time::Duration::hours(7),
    );
    steps_of(&plan)
}

/// The demo trade whose opening comes soon after `serve --demo` starts (its clock resumes
/// an hour after the last demo event, `last`): its deadline is nine demo hours after `last` (eight after the clock resumes: eight
/// minutes at the default 60x),
/// two bidders have sealed bids in, and a newcomer can add a third, then open it with the
/// custodians' demo keys.
pub const OPENING_SOON: &str = "GC-2026-0908";

fn opening_soon(last: OffsetDateTime) -> Vec<Step> {
    let deadline = last + time::Duration::hours(9);
    let mut plan = standing(5);
    plan.id = OPENING_SOON;
    plan.title = "滨江公园停车场改造工程施工";
    plan.rooms = ("opening-4", "evaluation-4");
    plan.t.deadline = deadline;
    plan.t.eval = (
        deadline + time::Duration::hours(1),
        deadline + time::Duration::hours(5),
    );
    plan.t.bid = plan.t.draw + time::Duration::hours(2);
    let estimate = plan.estimate.parse::<Money>().expect("valid amount").fen();
    let mut steps = steps_of(&plan);
    for n in [1u32, 3] {
        steps.push(Step {
            at: plan.t.bid,
            trade: trade_id(plan.id),
            title: plan.title.to_owned(),
            line: plan.line,
            node: 5,
            label: format!("bid submitted by bidder {n}"),
            actor: bidder(n),
            expect_refusal: None,
            cmd: Cmd::Bid {
                price_fen: demo_price(estimate, n),
            },
        });
    }
    steps
}

fn construction() -> Plan {
    Plan {
        id: "GC-2026-0301",
        title: "市第一中学教学楼改造工程施工",
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        estimate: "45000000.00",
        tenderer: 1,
        green: false,
        deferred: Some((
            "施工图审查合格书",
            date!(2026 - 03 - 13),
            datetime!(2026-03-10 10:00 +8),
        )),
        bidders: vec![1, 2, 3, 4],
        committee: 5,
        ranked: vec![2, 1, 3],
        rooms: ("opening-1", "evaluation-1"),
        t: Times {
            register: datetime!(2026-03-02 09:00 +8),
            accept: datetime!(2026-03-02 14:00 +8),
            book: datetime!(2026-03-03 10:00 +8),
            upload: datetime!(2026-03-03 11:00 +8),
            announce: datetime!(2026-03-04 10:00 +8),
            deadline: datetime!(2026-03-26 09:30 +8),
            eval: (
                datetime!(2026-03-26 13:00 +8),
                datetime!(2026-03-26 18:00 +8),
            ),
            draw: datetime!(2026-03-25 16:00 +8),
            bid: datetime!(2026-03-25 17:00 +8),
            evaluate: datetime!(2026-03-26 17:00 +8),
            node6: (
                datetime!(2026-03-27 10:00 +8),
                datetime!(2026-03-31 09:00 +8),
            ),
            confirm: datetime!(2026-04-01 10:00 +8),
        },
        stop_before: 8,
    }
}

fn procurement() -> Plan {
    Plan {
        id: "ZC-2026-0407",
        title: "区人民医院医疗设备采购",
        line: BusinessLine::Procurement,
        method: Method::OpenTendering,
        estimate: "12000000",
        tenderer: 2,
        green: true,
        deferred: None,
        bidders: vec![5, 6, 7, 8],
        committee: 7,
        ranked: vec![7, 5, 6],
        rooms: ("opening-1", "evaluation-2"),
        t: Times {
            register: datetime!(2026-04-07 09:00 +8),
            accept: datetime!(2026-04-07 15:00 +8),
            book: datetime!(2026-04-08 09:00 +8),
            upload: datetime!(2026-04-08 10:00 +8),
            announce: datetime!(2026-04-09 10:00 +8),
            deadline: datetime!(2026-04-29 09:30 +8),
            eval: (
                datetime!(2026-04-29 10:00 +8),
                datetime!(2026-04-29 17:00 +8),
            ),
            draw: datetime!(2026-04-27 10:00 +8),
            bid: datetime!(2026-04-27 11:00 +8),
            evaluate: datetime!(2026-04-29 16:00 +8),
            node6: (
                datetime!(2026-04-30 10:00 +8),
                datetime!(2026-05-06 09:00 +8),
            ),
            confirm: datetime!(2026-05-08 09:00 +8),
        },
        stop_before: 8,
    }
}

fn consultation() -> Plan {
    Plan {
        id: "ZC-2026-0601",
        title: "智慧政务平台运维服务",
        line: BusinessLine::Procurement,
        method: Method::CompetitiveConsultation,
        estimate: "800000",
        tenderer: 3,
        green: false,
        deferred: None,
        bidders: vec![9, 10, 11],
        committee: 3,
        ranked: vec![11, 9],
        rooms: ("opening-2", "evaluation-1"),
        t: Times {
            register: datetime!(2026-06-01 09:00 +8),
            accept: datetime!(2026-06-01 16:00 +8),
            book: datetime!(2026-06-02 09:00 +8),
            upload: datetime!(2026-06-02 10:00 +8),
            announce: datetime!(2026-06-02 15:00 +8),
            deadline: datetime!(2026-06-15 09:30 +8),
            eval: (
                datetime!(2026-06-15 10:00 +8),
                datetime!(2026-06-15 12:00 +8),
            ),
            draw: datetime!(2026-06-12 09:00 +8),
            bid: datetime!(2026-06-12 10:00 +8),
            evaluate: datetime!(2026-06-15 11:30 +8),
            node6: (
                datetime!(2026-06-16 09:00 +8),
                datetime!(2026-06-17 09:00 +8),
            ),
            confirm: datetime!(2026-06-22 09:00 +8),
        },
        stop_before: 8,
    }
}

/// Construction tender with two bids: no opening, re-tender (招标投标法 第28条).
fn failing() -> Vec<Step> {
    let mut plan = construction();
    plan.id = "GC-2026-0302";
    plan.title = "滨江路排水管网改造工程施工";
    plan.tenderer = 4;
    plan.deferred = None;
    plan.bidders = vec![12, 13];
    plan.rooms = ("opening-2", "evaluation-2");
    plan.stop_before = 8;
    let mut steps: Vec<Step> = steps_of(&plan)
        .into_iter()
        .take_while(|s| s.label != "evaluation report recorded")
        .filter(|s| s.label != SHARE_STEP)
        .collect();
    let mut retender = steps.last().map(|s| Step {
        at: s.at + time::Duration::hours(2),
        trade: s.trade.clone(),
        title: s.title.clone(),
        line: s.line,
        node: 2,
        label: "re-tender: a new round starts".into(),
        actor: agency(),
        expect_refusal: None,
        cmd: Cmd::Ready(TradeCommand::Retender),
    });
    steps.extend(retender.take());
    steps
}

/// A construction trade from September 2026 that stops before node `stop`. Trades that stop
/// before the opening have their deadline in late November, after the moment `serve --demo`
/// starts its clock, so bidders can still act on them; the others ran in October.
fn standing(stop: u8) -> Plan {
    let day = |d: u8, h: u8| {
        let date = Date::from_calendar_date(2026, time::Month::September, d).expect("valid");
        date.with_hms(h, 0, 0)
            .expect("valid")
            .assume_offset(legal_time::BEIJING)
    };
    let i = (stop - 1) as usize;
    let slot = i as u8;
    // Deadlines Nov 23–27 (Mon–Fri) for trades still before the opening; Oct 18–19 for the two
    // that ran further (an opening on a Sunday is only flagged, as local rules differ).
    let (month, first) = if stop <= 5 {
        (time::Month::November, 23)
    } else {
        (time::Month::October, 13)
    };
    let base = Date::from_calendar_date(2026, month, first).expect("valid");
    // `oct(13 + n, ..)` is n days after the base date (steps after the stop are built but never run).
    let oct = |d: u8, h: u8, m: u8| {
        let date = base + time::Duration::days(i64::from(d) - 13);
        date.with_hms(h, m, 0)
            .expect("valid")
            .assume_offset(legal_time::BEIJING)
    };
    let ids = [
        "GC-2026-0901",
        "GC-2026-0902",
        "GC-2026-0903",
        "GC-2026-0904",
        "GC-2026-0905",
        "GC-2026-0906",
        "GC-2026-0907",
    ];
    let titles = [
        "县道改扩建工程勘察设计",
        "城西污水处理厂提标改造",
        "老旧小区改造(二期)施工",
        "体育中心照明工程监理",
        "人民公园景观提升工程",
        "第三小学运动场改造",
        "市民中心智能化工程",
    ];
    Plan {
        id: ids[i],
        title: titles[i],
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        estimate: "6800000",
        tenderer: 10 + stop as u32,
        green: stop.is_multiple_of(3),
        deferred: None,
        bidders: vec![1, 3, 5],
        committee: 5,
        ranked: vec![3, 1, 5],
        rooms: ("opening-3", "evaluation-3"),
        t: Times {
            register: day(1, 9 + slot),
            accept: day(2, 9 + slot),
            book: day(3, 9 + slot),
            upload: day(4, 9 + slot),
            announce: day(7, 9 + slot),
            // 20 日 from 09-07 reaches 09-27: both months are past it
            deadline: oct(13 + slot, 9, 30),
            eval: (oct(13 + slot, 13, 0), oct(13 + slot, 17, 0)),
            draw: day(8, 9 + slot),
            bid: oct(12 + slot, 10, 0),
            evaluate: oct(13 + slot, 16, 0),
            node6: (oct(14 + slot, 10, 0), oct(19 + slot, 9, 0)),
            confirm: oct(20 + slot, 10, 0),
        },
        stop_before: stop,
    }
}
