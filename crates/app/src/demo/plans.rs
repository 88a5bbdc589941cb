//! The demo's trades as timed steps. Dates are real 2026 dates chosen around the State
//! Council holidays, so every period check of the domain runs for real.
use domain::trade::TradeCommand;
use domain::{Actor, BlobRef, BusinessLine, Method, Money, TradeId};
use legal_time::{Date, OffsetDateTime};

use super::builder::{demo_price, steps_of};
use super::catalogue::{construction, consultation, failing, procurement, standing};
use super::parties::*;
use super::trade_id;
use crate::error::AppError;
use crate::trades::Outcome;

pub(super) type WithFile = Box<dyn Fn(BlobRef) -> TradeCommand + Send + Sync>;

pub(super) enum Cmd {
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
    /// A trade command, with the files it names (stored once it is accepted).
    Command {
        command: Box<TradeCommand>,
        files: Vec<Vec<u8>>,
    },
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
    pub(super) cmd: Cmd,
}

pub enum StepOutcome {
    Accepted(Outcome),
    Refused { code: &'static str, message: String },
}

impl Step {
    pub fn action(&self) -> Result<Action, AppError> {
        Ok(match &self.cmd {
            Cmd::Ready(c) => Action::Command {
                command: Box::new(c.clone()),
                files: Vec::new(),
            },
            Cmd::WithFile { name, bytes, make } => Action::Command {
                command: Box::new(make(crate::trades::file_ref(name, bytes)?)),
                files: vec![bytes.clone()],
            },
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

pub(super) struct Times {
    pub(super) register: OffsetDateTime,
    pub(super) accept: OffsetDateTime,
    pub(super) book: OffsetDateTime,
    pub(super) upload: OffsetDateTime,
    pub(super) announce: OffsetDateTime,
    pub(super) deadline: OffsetDateTime,
    pub(super) eval: (OffsetDateTime, OffsetDateTime),
    pub(super) draw: OffsetDateTime,
    pub(super) bid: OffsetDateTime,
    pub(super) evaluate: OffsetDateTime,
    pub(super) node6: (OffsetDateTime, OffsetDateTime),
    pub(super) confirm: OffsetDateTime,
}

pub(super) struct Plan {
    pub(super) id: &'static str,
    pub(super) title: &'static str,
    pub(super) line: BusinessLine,
    pub(super) method: Method,
    pub(super) estimate: &'static str,
    pub(super) tenderer: u32,
    pub(super) green: bool,
    pub(super) deferred: Option<(&'static str, Date, OffsetDateTime)>,
    pub(super) bidders: Vec<u32>,
    pub(super) committee: u32,
    pub(super) ranked: Vec<u32>,
    pub(super) rooms: (&'static str, &'static str),
    pub(super) t: Times,
    /// Stop before this node (8 = run to the end).
    pub(super) stop_before: u8,
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
