//! Given/when/then for the trade aggregate, plus a runner that drives a whole trade.
#![allow(dead_code)]

pub mod plan;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use domain::trade::sealed::{
    BidHandle, Custodian, OpeningKey, SealedLabel, UnsealResult, Unsealed,
};
use domain::trade::{
    DeferredDocument, ObtainedBy, Phase, TradeCommand, TradeError, TradeEvent, TradeState,
    VenueBooking,
};
use domain::{
    Actor, Aggregate, BlobRef, BusinessLine, Context, DomainEvent, Method, Money, PersonId,
    RegionCode, Role, RoomId, Sha256Hex, TradeId, UnifiedSocialCreditCode,
};
use legal_time::{Calendar, OffsetDateTime};

pub fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

// ----- parties -----

/// The `n` of a code made by [`bidder_org`].
pub fn bidder_number(code: &UnifiedSocialCreditCode) -> u32 {
    code.as_str()[10..16].parse().unwrap()
}

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
    UnifiedSocialCreditCode::complete(&format!("91320100MA{n:06}")).unwrap()
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

// ----- sealing (issue #4): made-up values, the domain checks no cryptography -----

/// 64 hex characters from a tag (what the value is) and a number.
pub fn hex64(tag: u8, n: u32) -> Sha256Hex {
    Sha256Hex::parse(&format!("{tag:02x}{}{n:08x}", "0".repeat(54))).unwrap()
}

/// The round's opening key id (SHA-256 of its public key).
pub fn key_id() -> Sha256Hex {
    hex64(0xc1, 1)
}

/// Another key's id (a bid sealed to the wrong key).
pub fn other_key_id() -> Sha256Hex {
    hex64(0xc1, 2)
}

/// The custodians of the standard opening key, in order: center staff, a supervisor and a
/// person of the tenderer. Threshold 2 of 3.
pub const CUSTODIANS: [&str; 3] = ["staff-wang", "supervisor-zhou", "tenderer-1"];

/// The commitment (SHA-256 of the share) published for custodian `i`.
pub fn share_commitment(i: usize) -> Sha256Hex {
    hex64(0x5e, i as u32 + 1)
}

pub fn custodian_entry(person: &str, i: usize) -> Custodian {
    Custodian {
        person: PersonId::parse(person).unwrap(),
        encrypted_share: format!("c2hhcmUt{i:04}"),
        commitment: share_commitment(i),
    }
}

/// An opening key naming `people` as custodians (commitment i for the i-th), k of n.
pub fn opening_key_of(people: &[&str], threshold: u8) -> OpeningKey {
    OpeningKey {
        suite: "x25519-hkdf-sha256-aes256gcm".into(),
        public_key: "8f".repeat(32),
        key_id: key_id(),
        threshold,
        custodians: people
            .iter()
            .enumerate()
            .map(|(i, p)| custodian_entry(p, i))
            .collect(),
        window_minutes: 60,
        max_bid_bytes: 0,
    }
}

/// The standard key: [`CUSTODIANS`], 2 of 3, a 60-minute decryption window.
pub fn opening_key() -> OpeningKey {
    opening_key_of(&CUSTODIANS, 2)
}

/// The actor of custodian `i` of [`CUSTODIANS`] (its id is the custodian's person id).
pub fn custodian(i: usize) -> Actor {
    match i {
        0 => Actor::new(CUSTODIANS[0], Role::CenterStaff),
        1 => Actor::new(CUSTODIANS[1], Role::Supervisor),
        2 => Actor::new(CUSTODIANS[2], Role::Tenderer).with_org(tenderer_org().as_str()),
        _ => panic!("no custodian {i}"),
    }
}

/// Custodian `i` hands in its (right) share.
pub fn share(i: usize) -> TradeCommand {
    TradeCommand::SubmitShare {
        commitment: share_commitment(i),
    }
}

pub fn announce_with(deadline: OffsetDateTime, key: Option<OpeningKey>) -> TradeCommand {
    TradeCommand::PublishAnnouncement {
        bid_deadline: deadline,
        opening_key: key,
        notice: None,
        sealing: None,
    }
}

/// The announcement with the standard opening key.
pub fn announce(deadline: OffsetDateTime) -> TradeCommand {
    announce_with(deadline, Some(opening_key()))
}

/// The handle of sealed bid number `h` (random in the app; here derived from `h`).
pub fn handle(h: u32) -> BidHandle {
    hex64(0x4a, h)
}

/// The number `h` of a handle made by [`handle`].
pub fn handle_number(handle: &BidHandle) -> u32 {
    u32::from_str_radix(&handle.as_str()[56..], 16).unwrap()
}

/// SHA-256 of the secret token of bid number `h` (given in the bidder's receipt).
pub fn token(h: u32) -> Sha256Hex {
    hex64(0x70, h)
}

/// A sealed label (base64, opaque): never the bidder's code in clear.
pub fn label(tag: &str, h: u32) -> SealedLabel {
    SealedLabel::parse(&format!("{tag}{h:08}")).unwrap()
}

/// Bidder `n` submits sealed bid number `h` (its handle and token derive from `h`).
pub fn sealed_bid(n: u32, h: u32) -> TradeCommand {
    TradeCommand::SubmitBid {
        bidder: bidder_org(n),
        handle: handle(h),
        envelope: blob(&format!("envelope-{h}.sealed")),
        key_id: key_id(),
        label: label("YmlkLWxhYmVs", h),
        token_hash: token(h),
        replaces: None,
    }
}

/// Bidder `n` submits bid number `n`.
pub fn submit_bid(n: u32) -> TradeCommand {
    sealed_bid(n, n)
}

/// Bidder `n` replaces bid number `old` (proven by the token `proof`) with bid number `h`.
pub fn replace_bid(n: u32, h: u32, old: u32, proof: Sha256Hex) -> TradeCommand {
    match sealed_bid(n, h) {
        TradeCommand::SubmitBid {
            bidder,
            handle,
            envelope,
            key_id,
            label,
            token_hash,
            ..
        } => TradeCommand::SubmitBid {
            bidder,
            handle,
            envelope,
            key_id,
            label,
            token_hash,
            replaces: Some((self::handle(old), proof)),
        },
        _ => unreachable!(),
    }
}

/// Bidder `n` withdraws bid number `h`, proving it with the token `proof`.
pub fn withdraw(n: u32, h: u32, proof: Sha256Hex) -> TradeCommand {
    TradeCommand::WithdrawBid {
        bidder: bidder_org(n),
        handle: handle(h),
        token_hash: proof,
    }
}

pub fn obtain(n: u32) -> TradeCommand {
    TradeCommand::ObtainDocuments {
        bidder: bidder_org(n),
        label: Some(label("b2J0YWlu", n)),
        holder: None,
    }
}

/// The price bidder `n` offers: 4000万 + n万.
pub fn price(n: u32) -> Money {
    Money::from_wan(4000 + i64::from(n))
}

/// Bid number `h` of bidder `n`, opened.
pub fn opened(n: u32, h: u32) -> UnsealResult {
    UnsealResult {
        handle: handle(h),
        bidder: Some(bidder_org(n)),
        outcome: Unsealed::Opened {
            price: price(n),
            period_days: 365,
            deposit_account: None,
            plaintext: blob(&format!("bid-{h}.zip")),
        },
    }
}

/// Bid number `h` of bidder `n` (if its label opened) could not be decrypted.
pub fn failed(n: Option<u32>, h: u32, fault: domain::trade::sealed::Fault) -> UnsealResult {
    UnsealResult {
        handle: handle(h),
        bidder: n.map(bidder_org),
        outcome: Unsealed::Failed {
            fault,
            reason: "envelope does not decrypt".into(),
        },
    }
}

pub fn unsealing(results: Vec<UnsealResult>, obtainers: Vec<ObtainedBy>) -> TradeCommand {
    TradeCommand::RecordUnsealing { results, obtainers }
}

pub fn obtained_by(n: u32, at: OffsetDateTime) -> ObtainedBy {
    ObtainedBy {
        bidder: bidder_org(n),
        at,
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
    /// Whose each handle is: what the sealed labels say (the app's knowledge, not the
    /// domain's), for building the unsealing.
    pub owners: BTreeMap<BidHandle, UnifiedSocialCreditCode>,
    /// Every obtaining, in order: what the sealed obtain labels say.
    pub obtains: Vec<ObtainedBy>,
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
            owners: BTreeMap::new(),
            obtains: vec![],
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
        match &command {
            TradeCommand::SubmitBid { bidder, handle, .. } => {
                self.owners.insert(handle.clone(), bidder.clone());
            }
            TradeCommand::ObtainDocuments { bidder, .. } if !events.is_empty() => {
                self.obtains.push(ObtainedBy {
                    bidder: bidder.clone(),
                    at: now,
                });
            }
            _ => {}
        }
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

    /// Bidder `n` obtains the documents, then bids.
    pub fn bid(&mut self, n: u32, now: OffsetDateTime) -> Vec<TradeEvent> {
        self.ok(obtain(n), &bidder(n), now);
        self.ok(submit_bid(n), &bidder(n), now)
    }

    /// Custodians `is` (of [`CUSTODIANS`]) hand in their shares at `now`.
    pub fn shares(&mut self, is: &[usize], now: OffsetDateTime) {
        for i in is {
            self.ok(share(*i), &custodian(*i), now);
        }
    }

    /// What the app would unseal now: every current bid opened, with its owner from the
    /// labels, and every obtaining.
    pub fn unsealing(&self) -> TradeCommand {
        let results = self
            .state
            .round
            .bids
            .keys()
            .map(|h| opened(bidder_number(&self.owners[h]), handle_number(h)))
            .collect();
        unsealing(results, self.obtains.clone())
    }

    /// The platform records [`Run::unsealing`].
    pub fn unseal(&mut self, now: OffsetDateTime) -> Vec<TradeEvent> {
        let cmd = self.unsealing();
        self.ok(cmd, &Actor::platform(), now)
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

/// A re-tender with its reason.
pub fn retender() -> TradeCommand {
    TradeCommand::Retender {
        reason: "有效投标不足三家".into(),
    }
}
