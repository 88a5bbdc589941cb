//! The draw aggregate: request → commit → draw (sealed) → answers → redraw → reveal.

mod experts_support;

use domain::experts::*;
use domain::trade::sealed::SealedLabel;
use domain::{Actor, Aggregate, Context, DomainEvent, Role};
use experts_support::*;
use legal_time::OffsetDateTime;
use time::macros::datetime;

fn staff() -> Actor {
    Actor::new("staff-1", Role::CenterStaff)
}

fn decide(
    s: &DrawState,
    c: DrawCommand,
    who: &Actor,
    now: OffsetDateTime,
) -> Result<Vec<DrawEvent>, DrawStateError> {
    let ctx = Context {
        now,
        actor: who,
        calendar: calendar(),
    };
    s.decide(&c, &ctx)
}

fn apply(s: &mut DrawState, c: DrawCommand, who: &Actor, now: OffsetDateTime) -> Vec<DrawEvent> {
    let events = decide(s, c, who, now).unwrap();
    for e in &events {
        s.evolve(e);
    }
    events
}

fn sealed(tag: &str) -> SealedLabel {
    use base64_like::encode;
    SealedLabel::parse(&encode(tag.as_bytes())).unwrap()
}

mod base64_like {
    /// Standard base64 (enough for test labels).
    pub fn encode(b: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for c in b.chunks(3) {
            let n = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= c.len() {
                    s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    s.push('=');
                }
            }
        }
        s
    }
}

const DAY_BEFORE: OffsetDateTime = datetime!(2026-10-09 10:00 +8);

#[test]
fn a_whole_draw_with_a_decline_and_the_reveal() {
    let pool = experts("A", 10, "A01.01");
    let req = request();
    let judged = eligible(&pool, &req).unwrap();
    let seed = seed(21);
    let mut s = DrawState::default();
    let ev = apply(
        &mut s,
        DrawCommand::Request {
            request: req.clone(),
        },
        &staff(),
        DAY_BEFORE,
    );
    assert_eq!(ev[0].kind(), "draw.requested");
    // the log holds no party of the trade
    let json = serde_json::to_string(&ev[0]).unwrap();
    assert!(!json.contains(bidder(1).as_str()) && !json.contains(tenderer().as_str()));
    // committing too early (before 10-09 for an evaluation on 10-12) is refused
    let commitment = commit(&judged, &seed).unwrap();
    let err = decide(
        &s,
        DrawCommand::Commit {
            commitment: commitment.clone(),
            secret: None,
        },
        &staff(),
        datetime!(2026-10-08 17:00 +8),
    )
    .unwrap_err();
    assert_eq!(err.code(), "draw.too_early");
    apply(
        &mut s,
        DrawCommand::Commit {
            commitment,
            secret: None,
        },
        &staff(),
        DAY_BEFORE,
    );
    // the beacon must come from a checkpoint that includes the commitment
    let result = draw(&judged, &req, &seed, &BEACON).unwrap();
    let draw_cmd = |size: u64, r: &DrawResult| DrawCommand::Draw {
        beacon: to_hex(&BEACON),
        beacon_tree_size: size,
        commitment_leaf: 40,
        list_digest: r.digest(),
        sealed_list: sealed("list-0"),
    };
    assert_eq!(
        decide(&s, draw_cmd(40, &result), &staff(), DAY_BEFORE)
            .unwrap_err()
            .code(),
        "draw.beacon_not_later"
    );
    let ev = apply(&mut s, draw_cmd(41, &result), &staff(), DAY_BEFORE);
    let json = serde_json::to_string(&ev[0]).unwrap();
    for p in &result.rounds[0].picks {
        assert!(
            !json.contains(p.expert.as_str()),
            "no drawn name in the log"
        );
    }
    assert!(
        !json.contains(result.randomness.as_str()),
        "nor the randomness"
    );
    assert_eq!(s.phase, Some(DrawPhase::Drawn));
    assert_eq!(s.seats.len(), 4);
    // seat answers: 0, 2, 3 accept, 1 declines
    let expert_actor = Actor::new("expert-x", Role::Expert);
    for (seat, accept) in [(0, true), (1, false), (2, true), (3, true)] {
        apply(
            &mut s,
            DrawCommand::Answer {
                seat,
                accept,
                reason: (!accept).then(|| sealed("ill")),
            },
            &expert_actor,
            DAY_BEFORE,
        );
    }
    assert!(!s.confirmed());
    let again = DrawCommand::Answer {
        seat: 1,
        accept: true,
        reason: None,
    };
    assert_eq!(
        decide(&s, again, &expert_actor, DAY_BEFORE)
            .unwrap_err()
            .code(),
        "draw.seat_answered"
    );
    let nine = DrawCommand::Answer {
        seat: 9,
        accept: true,
        reason: None,
    };
    assert_eq!(
        decide(&s, nine, &expert_actor, DAY_BEFORE)
            .unwrap_err()
            .code(),
        "draw.unknown_seat"
    );
    // no reveal with a declined seat, even once the evaluation has started
    let early = DrawCommand::Reveal {
        result: result.clone(),
    };
    assert_eq!(
        decide(&s, early, &staff(), EVAL_FROM).unwrap_err().code(),
        "draw.seats_declined"
    );
    // the redraw fills seat 1
    let declined = result.committee()[1].expert.clone();
    let result = redraw(&judged, &req, &seed, &BEACON, &result, &[declined]).unwrap();
    let ev = apply(
        &mut s,
        DrawCommand::Redraw {
            list_digest: result.digest(),
            sealed_list: sealed("list-1"),
        },
        &staff(),
        DAY_BEFORE,
    );
    assert!(matches!(&ev[0], DrawEvent::Redrawn { round: 1, seats, .. } if seats == &[1]));
    apply(
        &mut s,
        DrawCommand::Answer {
            seat: 1,
            accept: true,
            reason: None,
        },
        &expert_actor,
        DAY_BEFORE,
    );
    assert!(s.confirmed());
    // sealed until the evaluation starts; then only the list the log bound can come out
    let reveal = DrawCommand::Reveal {
        result: result.clone(),
    };
    assert_eq!(
        decide(
            &s,
            reveal.clone(),
            &staff(),
            EVAL_FROM - time::Duration::seconds(1)
        )
        .unwrap_err()
        .code(),
        "draw.still_sealed"
    );
    let mut forged = result.clone();
    forged.rounds[0].picks.swap(0, 1);
    assert_eq!(
        decide(
            &s,
            DrawCommand::Reveal { result: forged },
            &staff(),
            EVAL_FROM
        )
        .unwrap_err()
        .code(),
        "draw.list_mismatch"
    );
    apply(&mut s, reveal, &staff(), EVAL_FROM);
    assert_eq!(s.phase, Some(DrawPhase::Revealed));
    assert_eq!(s.revealed.as_ref().unwrap().committee().len(), 4);
}

#[test]
fn roles_phases_and_requests_are_checked() {
    let s = DrawState::default();
    let bidder_actor = Actor::new("b", Role::Bidder);
    let tenderer_actor = Actor::new("t", Role::Tenderer);
    for who in [&bidder_actor, &tenderer_actor] {
        let err = decide(
            &s,
            DrawCommand::Request { request: request() },
            who,
            DAY_BEFORE,
        )
        .unwrap_err();
        assert_eq!(err.code(), "draw.wrong_role");
    }
    let mut bad = request();
    bad.committee_size = 6;
    assert_eq!(
        decide(
            &s,
            DrawCommand::Request { request: bad },
            &staff(),
            DAY_BEFORE
        )
        .unwrap_err()
        .code(),
        "draw.committee_not_odd"
    );
    let redraw = DrawCommand::Redraw {
        list_digest: domain::Sha256Hex::parse(&"0".repeat(64)).unwrap(),
        sealed_list: sealed("x"),
    };
    assert_eq!(
        decide(&s, redraw, &staff(), DAY_BEFORE).unwrap_err().code(),
        "draw.wrong_phase"
    );
    let mut s = DrawState::default();
    apply(
        &mut s,
        DrawCommand::Request { request: request() },
        &staff(),
        DAY_BEFORE,
    );
    let ev = apply(
        &mut s,
        DrawCommand::Cancel {
            reason: "项目终止".into(),
        },
        &staff(),
        DAY_BEFORE,
    );
    assert_eq!(ev[0].kind(), "draw.cancelled");
    assert_eq!(s.phase, Some(DrawPhase::Cancelled));
    // events round-trip through JSON
    let back: DrawEvent = serde_json::from_str(&serde_json::to_string(&ev[0]).unwrap()).unwrap();
    assert_eq!(back, ev[0]);
}
