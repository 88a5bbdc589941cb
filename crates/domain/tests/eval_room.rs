//! The remote evaluation room: every guard of open, join, leave, post, clarifications and
//! close, attendance, and who may read what.

use std::sync::OnceLock;

use domain::accounts::{KeyAlgorithm, PublicKey};
use domain::eval_room::*;
use domain::experts::TimeRange;
use domain::{
    Actor, Aggregate, Class, Context, DomainEvent, Refuse, Role, TradeId, UnifiedSocialCreditCode,
};
use legal_time::{Calendar, Duration, OffsetDateTime};
use time::macros::datetime;

const SLOT_FROM: OffsetDateTime = datetime!(2026-06-15 10:00 +8);
const NOW: OffsetDateTime = datetime!(2026-06-15 09:45 +8);

fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

fn trade() -> TradeId {
    TradeId::parse("ZC-2026-0601").unwrap()
}

fn usc(n: u8) -> UnifiedSocialCreditCode {
    domain::experts::bench::synthetic_org(u32::from(n))
}

fn staff() -> Actor {
    Actor::new("staff-wang", Role::CenterStaff)
}
fn expert(n: u32) -> Actor {
    Actor::new(format!("expert-{n}"), Role::Expert)
}
fn rep() -> Actor {
    Actor::new("tenderer-3", Role::Tenderer).with_org("X")
}
fn supervisor() -> Actor {
    Actor::new("supervisor-zhou", Role::Supervisor)
}
fn bidder(n: u8) -> Actor {
    Actor::new(format!("bidder-{n}"), Role::Bidder).with_org(usc(n).as_str().to_ascii_lowercase())
}

fn members() -> Vec<Member> {
    let mut m: Vec<Member> = (1..=2)
        .map(|n| Member {
            person: format!("expert-{n}"),
            kind: MemberKind::Expert,
            seat: n - 1,
        })
        .collect();
    m.push(Member {
        person: "tenderer-3".into(),
        kind: MemberKind::TendererRepresentative,
        seat: 2,
    });
    m
}

fn open_cmd() -> EvalRoomCommand {
    EvalRoomCommand::Open {
        trade: trade(),
        members: members(),
        witnesses: vec!["staff-wang".into()],
        scheduled: TimeRange {
            from: SLOT_FROM,
            to: SLOT_FROM + Duration::hours(2),
        },
    }
}

fn proof() -> KeyProof {
    KeyProof {
        key: PublicKey::parse(KeyAlgorithm::Ed25519, &"ab".repeat(32)).unwrap(),
        nonce: "01".repeat(32),
        signature: "cd".repeat(64),
    }
}

fn decide(
    s: &EvalRoomState,
    c: &EvalRoomCommand,
    who: &Actor,
    now: OffsetDateTime,
) -> Result<Vec<EvalRoomEvent>, EvalRoomError> {
    s.decide(
        c,
        &Context {
            now,
            actor: who,
            calendar: calendar(),
        },
    )
}

fn apply(
    s: &mut EvalRoomState,
    c: EvalRoomCommand,
    who: &Actor,
    now: OffsetDateTime,
) -> EvalRoomEvent {
    let mut events = decide(s, &c, who, now).unwrap_or_else(|e| panic!("{c:?} by {}: {e}", who.id));
    assert_eq!(events.len(), 1);
    s.evolve(&events[0]);
    events.remove(0)
}

fn refused(s: &EvalRoomState, c: EvalRoomCommand, who: &Actor, now: OffsetDateTime) -> String {
    decide(s, &c, who, now)
        .expect_err("refused")
        .code()
        .to_owned()
}

fn opened() -> EvalRoomState {
    let mut s = EvalRoomState::default();
    apply(&mut s, open_cmd(), &staff(), NOW);
    s
}

/// Open, with expert-1 and the supervisor inside.
fn busy() -> EvalRoomState {
    let mut s = opened();
    apply(&mut s, join(), &expert(1), NOW);
    apply(&mut s, join(), &supervisor(), NOW);
    s
}

fn join() -> EvalRoomCommand {
    EvalRoomCommand::Join { via: proof() }
}
fn post(t: &str) -> EvalRoomCommand {
    EvalRoomCommand::Post { text: t.into() }
}
fn ask(b: u8, due: OffsetDateTime) -> EvalRoomCommand {
    EvalRoomCommand::RequestClarification {
        bidder: usc(b),
        question: "请澄清报价中的运维人员数量".into(),
        due,
        bidders: vec![usc(9), usc(10)],
    }
}
fn answer(n: u32) -> EvalRoomCommand {
    EvalRoomCommand::AnswerClarification {
        request: n,
        text: "共 12 人".into(),
    }
}

#[test]
fn open_is_for_staff_or_the_platform_and_only_once() {
    let s = EvalRoomState::default();
    for who in [expert(1), supervisor(), bidder(9), rep()] {
        assert_eq!(refused(&s, open_cmd(), &who, NOW), "eval_room.wrong_role");
    }
    let mut by_platform = EvalRoomState::default();
    let e = apply(&mut by_platform, open_cmd(), &Actor::platform(), NOW);
    assert_eq!(e.kind(), "eval_room.opened");
    assert_eq!(by_platform.trade, Some(trade()));
    assert_eq!(
        refused(&opened(), open_cmd(), &staff(), NOW),
        "eval_room.already_opened"
    );
}

#[test]
fn open_no_earlier_than_half_an_hour_before_the_slot() {
    let s = EvalRoomState::default();
    let early = SLOT_FROM - EARLY_OPEN - Duration::seconds(1);
    assert_eq!(
        refused(&s, open_cmd(), &staff(), early),
        "eval_room.too_early"
    );
    assert!(decide(&s, &open_cmd(), &staff(), SLOT_FROM - EARLY_OPEN).is_ok());
    // Late is fine: an evaluation may start after its slot.
    assert!(decide(&s, &open_cmd(), &staff(), SLOT_FROM + Duration::days(1)).is_ok());
}

/// A change to the members, the witnesses or the slot of [`open_cmd`].
type Change = dyn Fn(&mut Vec<Member>, &mut Vec<String>, &mut TimeRange);

#[test]
fn open_checks_the_committee_and_the_slot() {
    let s = EvalRoomState::default();
    let with = |f: &Change| {
        let EvalRoomCommand::Open {
            trade,
            mut members,
            mut witnesses,
            mut scheduled,
        } = open_cmd()
        else {
            unreachable!()
        };
        f(&mut members, &mut witnesses, &mut scheduled);
        EvalRoomCommand::Open {
            trade,
            members,
            witnesses,
            scheduled,
        }
    };
    let cases: Vec<(&str, EvalRoomCommand)> = vec![
        ("no members", with(&|m, _, _| m.clear())),
        (
            "person twice",
            with(&|m, _, _| m[1].person = "expert-1".into()),
        ),
        (
            "member is witness",
            with(&|_, w, _| w.push("expert-2".into())),
        ),
        (
            "witness twice",
            with(&|_, w, _| w.push("staff-wang".into())),
        ),
        ("seat twice", with(&|m, _, _| m[2].seat = 0)),
        ("bad id", with(&|m, _, _| m[0].person = "Expert One".into())),
        ("bad witness id", with(&|_, w, _| w[0] = String::new())),
        ("empty slot", with(&|_, _, r| r.to = r.from)),
    ];
    for (what, c) in cases {
        assert_eq!(
            refused(&s, c, &staff(), NOW),
            "eval_room.invalid_input",
            "{what}"
        );
    }
    // No witness is allowed (the platform may open on its own).
    assert!(decide(&s, &with(&|_, w, _| w.clear()), &Actor::platform(), NOW).is_ok());
}

#[test]
fn only_the_committee_witnesses_and_supervisors_enter() {
    let mut s = opened();
    let other_staff = Actor::new("staff-chen", Role::CenterStaff);
    let other_expert = expert(9);
    let other_tenderer = Actor::new("tenderer-2", Role::Tenderer);
    for who in [
        bidder(9),
        other_staff,
        other_expert,
        other_tenderer,
        Actor::platform(),
    ] {
        assert_eq!(
            refused(&s, join(), &who, NOW),
            "eval_room.not_entitled",
            "{}",
            who.id
        );
    }
    for (who, capacity) in [
        (expert(1), Attendee::Member),
        (rep(), Attendee::Member),
        (staff(), Attendee::Witness),
        (supervisor(), Attendee::Supervisor),
    ] {
        match apply(&mut s, join(), &who, NOW) {
            EvalRoomEvent::Joined {
                person,
                attendee,
                via,
                ..
            } => {
                assert_eq!((person, attendee, via), (who.id.clone(), capacity, proof()));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(refused(&s, join(), &who, NOW), "eval_room.already_present");
    }
}

#[test]
fn join_needs_an_open_room_and_a_well_formed_proof() {
    // Before the opening nobody is seated: a member is a stranger, a supervisor learns the
    // room is not open.
    let s = EvalRoomState::default();
    assert_eq!(
        refused(&s, join(), &expert(1), NOW),
        "eval_room.not_entitled"
    );
    assert_eq!(
        refused(&s, join(), &supervisor(), NOW),
        "eval_room.not_opened"
    );
    let s = opened();
    let mut bad = proof();
    bad.signature.pop();
    assert_eq!(
        refused(&s, EvalRoomCommand::Join { via: bad }, &expert(1), NOW),
        "eval_room.invalid_input"
    );
    let mut bad = proof();
    bad.nonce = "zz".repeat(32);
    assert_eq!(
        refused(&s, EvalRoomCommand::Join { via: bad }, &expert(1), NOW),
        "eval_room.invalid_input"
    );
}

#[test]
fn attendance_records_who_joined_and_left_when() {
    let mut s = busy();
    let later = NOW + Duration::minutes(40);
    assert_eq!(
        refused(&s, EvalRoomCommand::Leave, &expert(2), later),
        "eval_room.not_present"
    );
    assert_eq!(
        refused(&s, EvalRoomCommand::Leave, &bidder(9), later),
        "eval_room.not_entitled"
    );
    apply(&mut s, EvalRoomCommand::Leave, &expert(1), later);
    assert!(!s.present("expert-1"));
    assert_eq!(
        refused(&s, post("还在吗"), &expert(1), later),
        "eval_room.not_present"
    );
    apply(&mut s, join(), &expert(1), later + Duration::minutes(5));
    assert!(s.present("expert-1"));
    let stays: Vec<_> = s
        .attendance
        .iter()
        .filter(|a| a.person == "expert-1")
        .collect();
    assert_eq!(stays.len(), 2);
    assert_eq!(stays[0].left_at, Some(later));
    assert_eq!(stays[1].left_at, None);
}

#[test]
fn posts_need_presence_and_say_who_wrote_in_what_capacity() {
    let mut s = busy();
    assert_eq!(
        refused(&s, post("先看资格审查"), &expert(2), NOW),
        "eval_room.not_present"
    );
    assert_eq!(
        refused(&s, post("hi"), &bidder(9), NOW),
        "eval_room.not_entitled"
    );
    assert_eq!(
        refused(&s, post("   "), &expert(1), NOW),
        "eval_room.invalid_input"
    );
    let long = "评".repeat(MAX_POST_CHARS + 1);
    assert_eq!(
        refused(&s, post(&long), &expert(1), NOW),
        "eval_room.too_long"
    );
    // The limit counts characters, not bytes.
    apply(&mut s, post(&"评".repeat(MAX_POST_CHARS)), &expert(1), NOW);
    match apply(&mut s, post(" 注意回避要求 "), &supervisor(), NOW) {
        EvalRoomEvent::Posted {
            number,
            kind,
            text,
            person,
            ..
        } => {
            assert_eq!(
                (number, kind, text.as_str()),
                (2, PostKind::SupervisionNote, "注意回避要求")
            );
            assert_eq!(person, "supervisor-zhou");
        }
        other => panic!("{other:?}"),
    }
    apply(&mut s, join(), &staff(), NOW);
    match apply(&mut s, post("评标开始"), &staff(), NOW) {
        EvalRoomEvent::Posted {
            number: 3,
            kind: PostKind::WitnessNote,
            ..
        } => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn clarifications_are_asked_by_present_members_of_opened_bidders() {
    let mut s = busy();
    let due = NOW + Duration::hours(1);
    assert_eq!(
        refused(&s, ask(9, due), &supervisor(), NOW),
        "eval_room.members_only"
    );
    apply(&mut s, join(), &staff(), NOW);
    assert_eq!(
        refused(&s, ask(9, due), &staff(), NOW),
        "eval_room.members_only"
    );
    assert_eq!(
        refused(&s, ask(9, due), &expert(2), NOW),
        "eval_room.not_present"
    );
    assert_eq!(
        refused(&s, ask(9, due), &bidder(9), NOW),
        "eval_room.not_entitled"
    );
    assert_eq!(
        refused(&s, ask(11, due), &expert(1), NOW),
        "eval_room.not_a_bidder"
    );
    assert_eq!(
        refused(&s, ask(9, NOW), &expert(1), NOW),
        "eval_room.due_not_ahead"
    );
    let mut empty = ask(9, due);
    if let EvalRoomCommand::RequestClarification { question, .. } = &mut empty {
        question.clear();
    }
    assert_eq!(
        refused(&s, empty, &expert(1), NOW),
        "eval_room.invalid_input"
    );
    let mut long = ask(9, due);
    if let EvalRoomCommand::RequestClarification { question, .. } = &mut long {
        *question = "x".repeat(MAX_CLARIFICATION_CHARS + 1);
    }
    assert_eq!(refused(&s, long, &expert(1), NOW), "eval_room.too_long");
    apply(&mut s, ask(9, due), &expert(1), NOW);
    match apply(&mut s, ask(10, due), &expert(1), NOW) {
        EvalRoomEvent::ClarificationRequested {
            number: 2,
            by,
            bidder,
            ..
        } => {
            assert_eq!((by.as_str(), bidder), ("expert-1", usc(10)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_bidder_answers_its_own_request_once_before_it_is_due() {
    let mut s = busy();
    let due = NOW + Duration::hours(1);
    apply(&mut s, ask(9, due), &expert(1), NOW);
    apply(&mut s, ask(10, due), &expert(1), NOW);
    assert_eq!(
        refused(&s, answer(1), &expert(1), NOW),
        "eval_room.wrong_role"
    );
    assert_eq!(
        refused(&s, answer(1), &supervisor(), NOW),
        "eval_room.wrong_role"
    );
    // Another bidder's request is as unknown as a missing one.
    assert_eq!(
        refused(&s, answer(1), &bidder(10), NOW),
        "eval_room.unknown_request"
    );
    assert_eq!(
        refused(&s, answer(7), &bidder(9), NOW),
        "eval_room.unknown_request"
    );
    assert_eq!(
        refused(
            &s,
            EvalRoomCommand::AnswerClarification {
                request: 1,
                text: " ".into()
            },
            &bidder(9),
            NOW
        ),
        "eval_room.invalid_input"
    );
    assert_eq!(
        refused(&s, answer(2), &bidder(10), due + Duration::seconds(1)),
        "eval_room.past_due"
    );
    // Codes are compared without case; the answer at the due instant still counts.
    let e = apply(&mut s, answer(1), &bidder(9), due);
    assert_eq!(e.kind(), "eval_room.clarification_answered");
    assert_eq!(s.clarifications[0].answer, Some(("共 12 人".into(), due)));
    assert_eq!(
        refused(&s, answer(1), &bidder(9), due),
        "eval_room.already_answered"
    );
}

#[test]
fn after_close_nothing_but_reads() {
    let mut s = busy();
    apply(&mut s, ask(9, NOW + Duration::hours(1)), &expert(1), NOW);
    for who in [expert(1), supervisor(), bidder(9)] {
        assert_eq!(
            refused(&s, EvalRoomCommand::Close, &who, NOW),
            "eval_room.wrong_role"
        );
    }
    assert_eq!(
        refused(
            &EvalRoomState::default(),
            EvalRoomCommand::Close,
            &staff(),
            NOW
        ),
        "eval_room.not_opened"
    );
    let closing = NOW + Duration::hours(2);
    apply(&mut s, EvalRoomCommand::Close, &staff(), closing);
    assert!(
        s.attendance.iter().all(|a| a.left_at == Some(closing)),
        "attendance ends with the room"
    );
    assert_eq!(s.present_member("expert-1"), None);
    assert_eq!(
        refused(&s, EvalRoomCommand::Close, &staff(), closing),
        "eval_room.closed"
    );
    assert_eq!(refused(&s, join(), &expert(1), closing), "eval_room.closed");
    assert_eq!(
        refused(&s, post("x"), &expert(1), closing),
        "eval_room.closed"
    );
    assert_eq!(
        refused(&s, EvalRoomCommand::Leave, &expert(1), closing),
        "eval_room.closed"
    );
    assert_eq!(
        refused(
            &s,
            ask(9, closing + Duration::hours(1)),
            &expert(1),
            closing
        ),
        "eval_room.closed"
    );
    assert_eq!(refused(&s, answer(1), &bidder(9), NOW), "eval_room.closed");
    // A stranger still learns nothing.
    assert_eq!(
        refused(&s, answer(1), &bidder(10), NOW),
        "eval_room.unknown_request"
    );
    assert_eq!(
        refused(&s, post("x"), &bidder(9), closing),
        "eval_room.not_entitled"
    );
    assert_eq!(s.visibility(&expert(2)), Visibility::All);
}

#[test]
fn present_member_is_the_scoring_guard() {
    let mut s = opened();
    assert_eq!(s.present_member("expert-1"), None, "not joined");
    apply(&mut s, join(), &expert(1), NOW);
    apply(&mut s, join(), &supervisor(), NOW);
    assert_eq!(s.present_member("expert-1").map(|m| m.seat), Some(0));
    assert_eq!(
        s.present_member("supervisor-zhou"),
        None,
        "observers never score"
    );
    apply(&mut s, EvalRoomCommand::Leave, &expert(1), NOW);
    assert_eq!(s.present_member("expert-1"), None);
}

#[test]
fn who_may_read_what() {
    let mut s = EvalRoomState::default();
    assert_eq!(s.visibility(&staff()), Visibility::None, "no room yet");
    s = busy();
    for who in [expert(2), rep(), staff(), supervisor(), Actor::platform()] {
        assert_eq!(s.visibility(&who), Visibility::All, "{}", who.id);
    }
    let other_staff = Actor::new("staff-chen", Role::CenterStaff);
    for who in [
        bidder(9),
        other_staff,
        Actor::new("tenderer-2", Role::Tenderer),
        expert(9),
    ] {
        assert_eq!(s.visibility(&who), Visibility::None, "{}", who.id);
    }
    apply(&mut s, ask(9, NOW + Duration::hours(1)), &expert(1), NOW);
    assert_eq!(s.visibility(&bidder(9)), Visibility::Bidder(usc(9)));
    assert_eq!(s.visibility(&bidder(10)), Visibility::None);
    // The bidder's organisation code in another role is not the bidder.
    let tenderer_of_9 = Actor::new("t", Role::Tenderer).with_org(usc(9).as_str());
    assert_eq!(s.visibility(&tenderer_of_9), Visibility::None);
}

#[test]
fn events_and_commands_keep_their_json_shape() {
    let mut s = busy();
    apply(&mut s, ask(9, NOW + Duration::hours(1)), &expert(1), NOW);
    let e = apply(&mut s, answer(1), &bidder(9), NOW);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["type"], "clarification_answered");
    assert_eq!(serde_json::from_value::<EvalRoomEvent>(json).unwrap(), e);
    let c: EvalRoomCommand = serde_json::from_str(r#"{"type":"leave"}"#).unwrap();
    assert_eq!(c, EvalRoomCommand::Leave);
    let open = serde_json::to_value(open_cmd()).unwrap();
    assert_eq!(open["members"][2]["kind"], "tenderer_representative");
    assert_eq!(
        serde_json::from_value::<EvalRoomCommand>(open).unwrap(),
        open_cmd()
    );
    assert_eq!(
        join_message("o.example/log", &trade(), "ab"),
        "sunbid room join\no.example/log\nZC-2026-0601\nab\n"
    );
}

#[test]
fn codes_are_stable_distinct_and_name_who_is_forbidden() {
    let errors = [
        EvalRoomError::WrongRole {
            action: "a",
            role: Role::Public,
        },
        EvalRoomError::NotEntitled { action: "a" },
        EvalRoomError::MembersOnly { action: "a" },
        EvalRoomError::NotOpened,
        EvalRoomError::AlreadyOpened,
        EvalRoomError::TooEarly { opens_at: NOW },
        EvalRoomError::Closed,
        EvalRoomError::NotPresent { action: "a" },
        EvalRoomError::AlreadyPresent,
        EvalRoomError::TooLong { field: "f", max: 1 },
        EvalRoomError::Invalid {
            field: "f",
            reason: "r".into(),
        },
        EvalRoomError::NotABidder { bidder: usc(1) },
        EvalRoomError::DueNotAhead,
        EvalRoomError::UnknownRequest { number: 1 },
        EvalRoomError::AlreadyAnswered { number: 1 },
        EvalRoomError::PastDue {
            number: 1,
            due: NOW,
        },
        EvalRoomError::BadChallenge,
        EvalRoomError::BadKeyProof,
        EvalRoomError::NoEvaluationSlot,
    ];
    let codes: std::collections::BTreeSet<_> = errors.iter().map(EvalRoomError::code).collect();
    assert_eq!(codes.len(), errors.len());
    assert_eq!(codes, EvalRoomError::CODES.iter().copied().collect());
    assert!(codes.iter().all(|c| c.starts_with("eval_room.")));
    let forbidden: Vec<_> = errors
        .iter()
        .filter(|e| e.refusal().class == Class::Forbidden)
        .map(EvalRoomError::code)
        .collect();
    assert_eq!(
        forbidden,
        [
            "eval_room.wrong_role",
            "eval_room.not_entitled",
            "eval_room.members_only",
            "eval_room.bad_key_proof"
        ]
    );
}
