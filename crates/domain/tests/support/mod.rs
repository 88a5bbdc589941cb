//! Given/when/then for the trade aggregate, plus a runner that drives a whole trade.
#![allow(dead_code)]

pub mod plan;

use std::sync::OnceLock;

use domain::trade::{
    DeferredDocument, Phase, TradeCommand, TradeError, TradeEvent, TradeState, VenueBooking,
};
use domain::values::check_character;
use domain::{
    Actor, Aggregate, BlobRef, BusinessLine, Context, DomainEvent, Method, Money, RegionCode, Role,
    RoomId, Sha256Hex, TradeId, UnifiedSocialCreditCode,
};
use legal_time::{Calendar, OffsetDateTime};

pub fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

// ----- parties -----

/// Huawei Technologies Co., Ltd. (a real, valid code) as the tenderer.
pub fn tenderer_org() -> UnifiedSocialCreditCode {
    code("914403001922038216")
}

/// Alibaba (China) Co., Ltd. (a real, valid code) as the agency.
pub fn agency_org() -> UnifiedSocialCreditCode {
    code("91330100799655058B")
}

pub fn code(s: &str) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::parse(s).unwrap()
}

/// The n-th made-up but valid bidder code.
pub fn bidder_org(n: u32) -> UnifiedSocialCreditCode {
    let first17 = format!("91320100MA{n:07}");
    code(&format!("{first17}{}", check_character(&first17).unwrap()))
}

pub fn staff() -> Actor {
    Actor::new("staff-1", Role::CenterStaff)
}
pub fn supervisor() -> Actor {
    Actor::new("sup-1", Role::Supervisor)
}
pub fn expert() -> Actor {
    Actor::new("expert-1", Role::Expert)
}
pub fn public() -> Actor {
    Actor::new("anon", Role::Public)
}
pub fn tenderer() -> Actor {
    Actor::new("t-user", Role::Tenderer).with_org(tenderer_org().as_str())
}
pub fn agency() -> Actor {
    Actor::new("a-user", Role::Agency).with_org(agency_org().as_str())
}
pub fn bidder(n: u32) -> Actor {
    Actor::new(format!("b-user-{n}"), Role::Bidder).with_org(bidder_org(n).as_str())
}

// ----- values -----

pub fn blob(name: &str) -> BlobRef {
    let hex: String = name
        .bytes()
        .chain(std::iter::repeat(b'x'))
        .take(32)
        .map(|b| format!("{:02x}", b))
        .collect();
    BlobRef::new(&hex, 1024, name).unwrap()
}

pub fn commitment() -> Sha256Hex {
    Sha256Hex::parse(&"ab".repeat(32)).unwrap()
}

pub fn room(s: &str) -> RoomId {
    RoomId::parse(s).unwrap()
}

pub fn yuan(s: &str) -> Money {
    s.parse().unwrap()
}

// ----- commands -----

pub fn register(
    line: BusinessLine,
    method: Method,
    estimate: &str,
    invited: Vec<UnifiedSocialCreditCode>,
) -> TradeCommand {
    TradeCommand::Register {
        trade: TradeId::parse("T-2026-0001").unwrap(),
        title: "市第一中学教学楼改造".into(),
        line,
        method,
        region: RegionCode::parse("330100").unwrap(),
        tenderer: tenderer_org(),
        agency: Some(agency_org()),
        estimate: yuan(estimate),
        green_channel: false,
        invited_bidders: invited,
    }
}

pub fn accept_plain() -> TradeCommand {
    TradeCommand::Accept {
        deferred: vec![],
        pledge: None,
    }
}

pub fn accept_deferred(name: &str, due: time::Date) -> TradeCommand {
    TradeCommand::Accept {
        deferred: vec![DeferredDocument {
            name: name.into(),
            due,
        }],
        pledge: Some(blob("pledge.pdf")),
    }
}

pub fn venue(
    opening_at: OffsetDateTime,
    eval_from: OffsetDateTime,
    eval_to: OffsetDateTime,
) -> VenueBooking {
    VenueBooking {
        opening_room: room("opening-1"),
        opening_at,
        evaluation_room: room("evaluation-1"),
        evaluation_from: eval_from,
        evaluation_to: eval_to,
    }
}

pub fn submit_bid(n: u32) -> TradeCommand {
    TradeCommand::SubmitBid {
        bidder: bidder_org(n),
        sealed: blob(&format!("bid-{n}.sealed")),
    }
}

pub fn obtain(n: u32) -> TradeCommand {
    TradeCommand::ObtainDocuments {
        bidder: bidder_org(n),
    }
}

// ----- given / when / then -----

pub struct Given {
    pub state: TradeState,
}

pub fn given(events: &[TradeEvent]) -> Given {
    let mut state = TradeState::default();
    for e in events {
        state.evolve(e);
    }
    Given { state }
}

pub struct Then {
    pub result: Result<Vec<TradeEvent>, TradeError>,
}

impl Given {
    pub fn when(&self, command: TradeCommand, actor: &Actor, now: OffsetDateTime) -> Then {
        let ctx = Context {
            now,
            actor,
            calendar: calendar(),
        };
        Then {
            result: self.state.decide(&command, &ctx),
        }
    }
}

impl Then {
    pub fn events(self) -> Vec<TradeEvent> {
        match self.result {
            Ok(events) => events,
            Err(e) => panic!("expected events, got error {} ({e})", e.code()),
        }
    }

    pub fn then(self, expected: &[TradeEvent]) {
        assert_eq!(self.events(), expected);
    }

    pub fn then_kinds(self, expected: &[&str]) -> Vec<TradeEvent> {
        let events = self.events();
        let kinds: Vec<_> = events.iter().map(|e| e.kind()).collect();
        assert_eq!(kinds, expected);
        events
    }

    /// Expects an error with this machine code and returns it for further checks.
    pub fn then_error(self, code: &str) -> TradeError {
        match self.result {
            Ok(events) => panic!("expected error {code}, got events {events:?}"),
            Err(e) => {
                assert_eq!(e.code(), code, "got {e}");
                e
            }
        }
    }
}

// ----- a runner for whole trades -----

/// Drives one trade: each step must succeed; events are folded and kept.
pub struct Run {
    pub state: TradeState,
    pub log: Vec<TradeEvent>,
}

impl Default for Run {
    fn default() -> Self {
        Self::new()
    }
}

impl Run {
    pub fn new() -> Run {
        Run {
            state: TradeState::default(),
            log: vec![],
        }
    }

    pub fn ok(
        &mut self,
        command: TradeCommand,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Vec<TradeEvent> {
        self.try_(command.clone(), actor, now).unwrap_or_else(|e| {
            panic!(
                "{} at {now} by {:?} refused: {} ({e})",
                command.action(),
                actor.role,
                e.code()
            )
        })
    }

    pub fn try_(
        &mut self,
        command: TradeCommand,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Vec<TradeEvent>, TradeError> {
        let ctx = Context {
            now,
            actor,
            calendar: calendar(),
        };
        let events = self.state.decide(&command, &ctx)?;
        for e in &events {
            // Every event must round-trip through JSON, with no floats.
            let json = serde_json::to_value(e).unwrap();
            assert_no_floats(&json);
            let back: TradeEvent = serde_json::from_value(json).unwrap();
            assert_eq!(&back, e);
            self.state.evolve(e);
            self.log.push(e.clone());
        }
        Ok(events)
    }

    pub fn err(&self, command: TradeCommand, actor: &Actor, now: OffsetDateTime) -> TradeError {
        let ctx = Context {
            now,
            actor,
            calendar: calendar(),
        };
        match self.state.decide(&command, &ctx) {
            Ok(events) => panic!("{} should be refused, got {events:?}", command.action()),
            Err(e) => e,
        }
    }

    pub fn given(&self) -> Given {
        Given {
            state: self.state.clone(),
        }
    }

    pub fn phase(&self) -> Phase {
        self.state.phase
    }

    /// Bidders `ns` obtain the documents at `now` (the runner, for chaining into `given`).
    pub fn obtained(mut self, ns: &[u32], now: OffsetDateTime) -> Run {
        for n in ns {
            self.ok(obtain(*n), &bidder(*n), now);
        }
        self
    }

    /// Bidder `n` obtains the documents (if it has not yet), then bids.
    pub fn bid(&mut self, n: u32, now: OffsetDateTime) -> Vec<TradeEvent> {
        self.ok(obtain(n), &bidder(n), now);
        self.ok(submit_bid(n), &bidder(n), now)
    }
}

pub fn assert_no_floats(v: &serde_json::Value) {
    match v {
        serde_json::Value::Number(n) => {
            assert!(n.is_i64() || n.is_u64(), "float in event JSON: {n}")
        }
        serde_json::Value::Array(a) => a.iter().for_each(assert_no_floats),
        serde_json::Value::Object(o) => o.values().for_each(assert_no_floats),
        _ => {}
    }
}
