//! Remote evaluation rooms in the app: open for a committee, join only with a signature by a
//! registered key over a room challenge, posts and supervision notes, clarifications to a
//! bidder of the opening and its answer, close; every action in the room's stream; reads
//! filtered (a bidder its own clarifications, strangers "not found"). SQLite, and PostgreSQL
//! when `DATABASE_URL` is set.

use app::Meta;
use app::demo::{bidder, bidder_org, staff, supervisor, tenderer};
use app::eval_room::eval_room_stream;
use domain::eval_room::{Attendee, EvalRoomEvent, Member, MemberKind, join_message};
use domain::trade::{TradeCommand, VenueBooking};
use domain::{Actor, BusinessLine, Method, RegionCode, Role, RoomId, TradeId};
use ed25519_dalek::Signer as _;
use test_support::*;
use time::Duration;
use time::macros::datetime;

const TRADE: &str = "ZC-2026-0601";

fn trade() -> TradeId {
    TradeId::parse(TRADE).unwrap()
}

fn meta() -> Meta {
    Meta {
        ip: Some("198.51.100.4".into()),
        expected_version: None,
    }
}

fn expert() -> Actor {
    Actor::new("expert-zhao", Role::Expert)
}

/// The demo accounts and ZC-2026-0601 up to its opening (bidders 9, 10 and 11), keys for
/// the room's people, and its room opened by staff-wang for expert-zhao and tenderer-3.
async fn room_world(backend: &Backend) -> TestApp {
    let w = TestApp::builder()
        .backend(backend)
        .steps(demo_before(TRADE, "evaluation report recorded"))
        .build()
        .await;
    let state = w.platform.trade_state(&trade()).await.unwrap();
    assert_eq!(state.round.opened_bidders.len(), 3, "bids were opened");
    for person in [
        "expert-zhao",
        "tenderer-3",
        "supervisor-zhou",
        "staff-wang",
        "staff-chen",
    ] {
        w.add_test_key(person).await;
    }
    let members = vec![
        Member {
            person: "expert-zhao".into(),
            kind: MemberKind::Expert,
            seat: 0,
        },
        Member {
            person: "tenderer-3".into(),
            kind: MemberKind::TendererRepresentative,
            seat: 1,
        },
    ];
    app::eval_room::open_with(
        &w.platform,
        &trade(),
        members,
        vec!["staff-wang".into()],
        &staff(),
        &meta(),
    )
    .await
    .unwrap();
    w
}

/// Join as `who`, signing a fresh room challenge with `who`'s test key.
async fn join(w: &TestApp, who: &Actor) -> Result<app::Outcome, app::AppError> {
    let c = app::eval_room::challenge(&w.platform, &trade(), None)
        .await
        .unwrap();
    let sig = test_key(&who.id).sign(c.message.as_bytes());
    app::eval_room::join(
        &w.platform,
        &trade(),
        &c.nonce_hex,
        "ed25519",
        &hex::encode(sig.to_bytes()),
        who,
        &meta(),
    )
    .await
}

fn code(r: Result<app::Outcome, app::AppError>) -> String {
    r.expect_err("refused").code().to_owned()
}

async fn a_whole_session_is_logged_and_read_by_who_may(backend: Backend) {
    let w = room_world(&backend).await;
    let p = &w.platform;
    let (t, now) = (trade(), legal_time::Clock::now(&w.clock));
    join(&w, &expert()).await.unwrap();
    join(&w, &supervisor()).await.unwrap();
    app::eval_room::post(p, &t, "先做资格审查。", &expert(), &meta())
        .await
        .unwrap();
    app::eval_room::post(p, &t, "请注意回避。", &supervisor(), &meta())
        .await
        .unwrap();
    let due = now + Duration::hours(2);
    app::eval_room::request_clarification(
        p,
        &t,
        bidder_org(9),
        "请说明驻场人数。",
        due,
        &expert(),
        &meta(),
    )
    .await
    .unwrap();
    app::eval_room::request_clarification(
        p,
        &t,
        bidder_org(10),
        "请说明报价构成。",
        due,
        &expert(),
        &meta(),
    )
    .await
    .unwrap();
    let stranger = app::eval_room::request_clarification(
        p,
        &t,
        app::demo::bidder_org(1),
        "?",
        due,
        &expert(),
        &meta(),
    )
    .await;
    assert_eq!(code(stranger), "eval_room.not_a_bidder");
    app::eval_room::answer_clarification(p, &t, 1, "驻场 12 人。", &bidder(9), &meta())
        .await
        .unwrap();
    app::eval_room::leave(p, &t, &expert(), &meta())
        .await
        .unwrap();
    app::eval_room::close(p, &t, &staff(), &meta())
        .await
        .unwrap();
    assert_eq!(
        code(app::eval_room::post(p, &t, "晚了", &supervisor(), &meta()).await),
        "eval_room.closed"
    );

    // Every action is an event of the room's stream, with who did it.
    let stored = p.store().load_stream(&eval_room_stream(&t)).await.unwrap();
    let got: Vec<(&str, &str)> = stored
        .iter()
        .map(|s| (s.record.kind.as_str(), s.record.actor.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("eval_room.opened", "staff-wang"),
            ("eval_room.joined", "expert-zhao"),
            ("eval_room.joined", "supervisor-zhou"),
            ("eval_room.posted", "expert-zhao"),
            ("eval_room.posted", "supervisor-zhou"),
            ("eval_room.clarification_requested", "expert-zhao"),
            ("eval_room.clarification_requested", "expert-zhao"),
            ("eval_room.clarification_answered", "bidder-9"),
            ("eval_room.left", "expert-zhao"),
            ("eval_room.closed", "staff-wang"),
        ]
    );
    assert!(
        stored
            .iter()
            .all(|s| s.record.ip.as_deref() == Some("198.51.100.4"))
    );
    // The join proof in the log checks offline against the platform's origin.
    let joined: EvalRoomEvent = serde_json::from_value(stored[1].record.payload.clone()).unwrap();
    let EvalRoomEvent::Joined { via, attendee, .. } = joined else {
        panic!("{joined:?}")
    };
    assert_eq!(attendee, Attendee::Member);
    let message = join_message(ORIGIN, &t, &via.nonce);
    let key = ed25519_dalek::VerifyingKey::from_bytes(
        &hex::decode(via.key.hex()).unwrap().try_into().unwrap(),
    )
    .unwrap();
    let sig = ed25519_dalek::Signature::from_slice(&hex::decode(&via.signature).unwrap()).unwrap();
    key.verify_strict(message.as_bytes(), &sig).unwrap();

    // The committee, the witness and supervisors read everything.
    for who in [expert(), tenderer(3), staff(), supervisor()] {
        let v = app::queries::room_view(p, &trade(), &who).await.unwrap();
        assert_eq!(
            (v.scope, v.entries.len(), v.clarifications.len()),
            ("all", 10, 2),
            "{}",
            who.id
        );
        assert!(v.closed);
        assert_eq!(v.attendance.len(), 2);
        assert!(v.attendance.iter().all(|a| a.left_at.is_some()));
        assert_eq!(v.clarifications[0].asked_by.as_deref(), Some("expert-zhao"));
    }
    // A bidder: its own request and answer, not who asked, nothing else.
    let v = app::queries::room_view(p, &trade(), &bidder(9))
        .await
        .unwrap();
    assert_eq!(
        (v.scope, v.entries.len(), v.members.len()),
        ("bidder", 0, 0)
    );
    assert_eq!(v.clarifications.len(), 1);
    let c = &v.clarifications[0];
    assert_eq!(
        (c.number, c.asked_by.as_ref(), c.answer.as_deref()),
        (1, None, Some("驻场 12 人。"))
    );
    assert_eq!(c.request_seq, stored[5].seq);
    assert_eq!(c.answer_seq, Some(stored[7].seq));
    let json = serde_json::to_string(&v).unwrap();
    assert!(
        !json.contains("expert-zhao") && !json.contains("报价构成"),
        "{json}"
    );
    assert_eq!(
        app::queries::room_view(p, &trade(), &bidder(10))
            .await
            .unwrap()
            .clarifications
            .len(),
        1
    );

    // Everyone else: the answer for a trade that does not exist.
    let missing = app::queries::room_view(p, &TradeId::parse("ZC-2026-0999").unwrap(), &bidder(11))
        .await
        .unwrap_err();
    for who in [
        bidder(11),
        tenderer(1),
        Actor::new("staff-chen", Role::CenterStaff),
        Actor::new("expert-qian", Role::Expert),
    ] {
        let e = app::queries::room_view(p, &trade(), &who)
            .await
            .unwrap_err();
        assert_eq!(
            (e.code(), e.to_string()),
            ("not_found", format!("trade {TRADE} not found")),
            "{}",
            who.id
        );
        assert_eq!(missing.code(), e.code());
    }
}

/// Signs (nonce, room message) somehow.
type Signer<'a> = dyn Fn(&str, &str) -> String + 'a;

async fn entering_needs_the_key_not_just_the_session(backend: Backend) {
    let w = room_world(&backend).await;
    let p = &w.platform;
    let t = trade();
    // No signature (a password session alone), another person's key, the sign-in message,
    // another room's message: all refused.
    let other = TradeId::parse("GC-2026-0301").unwrap();
    let signers: [&Signer<'_>; 4] = [
        &|_, _| String::new(),
        &|_, msg| hex::encode(test_key("staff-chen").sign(msg.as_bytes()).to_bytes()),
        &|nonce, _| {
            let msg = format!("sunbid sign-in\n{ORIGIN}\n{nonce}\n");
            hex::encode(test_key("expert-zhao").sign(msg.as_bytes()).to_bytes())
        },
        &|nonce, _| {
            let msg = join_message(ORIGIN, &other, nonce);
            hex::encode(test_key("expert-zhao").sign(msg.as_bytes()).to_bytes())
        },
    ];
    for (i, sign) in signers.iter().enumerate() {
        let c = app::eval_room::challenge(p, &t, None).await.unwrap();
        let sig = sign(&c.nonce_hex, &c.message);
        let r =
            app::eval_room::join(p, &t, &c.nonce_hex, "ed25519", &sig, &expert(), &meta()).await;
        assert_eq!(code(r), "eval_room.bad_key_proof", "attempt {i}");
    }
    let c = app::eval_room::challenge(p, &t, None).await.unwrap();
    let sig = hex::encode(
        test_key("expert-zhao")
            .sign(c.message.as_bytes())
            .to_bytes(),
    );
    // Refused attempts spend the nonce too.
    let r = app::eval_room::join(p, &t, &c.nonce_hex, "ed25519", "00", &expert(), &meta()).await;
    assert_eq!(code(r), "eval_room.bad_key_proof");
    // A good signature, but its nonce is spent or unknown.
    assert_eq!(
        code(app::eval_room::join(p, &t, &c.nonce_hex, "ed25519", &sig, &expert(), &meta()).await),
        "eval_room.bad_challenge"
    );
    assert_eq!(
        code(
            app::eval_room::join(p, &t, &"00".repeat(32), "ed25519", &sig, &expert(), &meta())
                .await
        ),
        "eval_room.bad_challenge"
    );
    let fresh = app::eval_room::challenge(p, &t, None).await.unwrap();
    assert!(
        app::eval_room::join(p, &t, &fresh.nonce_hex, "rsa", &sig, &expert(), &meta())
            .await
            .is_err()
    );
    // A valid key is not a seat.
    assert_eq!(
        code(join(&w, &Actor::new("staff-chen", Role::CenterStaff)).await),
        "eval_room.not_entitled"
    );
    let before = p
        .store()
        .load_stream(&eval_room_stream(&t))
        .await
        .unwrap()
        .len();
    assert_eq!(before, 1, "nothing but the opening was recorded");
    join(&w, &expert()).await.unwrap();
    assert_eq!(code(join(&w, &expert()).await), "eval_room.already_present");
    // Timed out challenges do not count.
    let c = app::eval_room::challenge(p, &t, None).await.unwrap();
    w.clock
        .set(legal_time::Clock::now(&w.clock) + Duration::minutes(6));
    let sig = hex::encode(test_key("tenderer-3").sign(c.message.as_bytes()).to_bytes());
    let late =
        app::eval_room::join(p, &t, &c.nonce_hex, "ed25519", &sig, &tenderer(3), &meta()).await;
    assert_eq!(code(late), "eval_room.bad_challenge");
}

async fn opening_needs_staff_a_trade_and_its_slot(backend: Backend) {
    let w = room_world(&backend).await;
    let p = &w.platform;
    let member = || {
        vec![Member {
            person: "expert-zhao".into(),
            kind: MemberKind::Expert,
            seat: 0,
        }]
    };
    let again = app::eval_room::open_with(p, &trade(), member(), vec![], &staff(), &meta()).await;
    assert_eq!(code(again), "eval_room.already_opened");
    for who in [bidder(9), expert(), supervisor(), tenderer(3)] {
        let r = app::eval_room::open_with(p, &trade(), member(), vec![], &who, &meta()).await;
        assert_eq!(code(r), "eval_room.wrong_role", "{}", who.id);
        assert_eq!(
            code(app::eval_room::close(p, &trade(), &who, &meta()).await),
            "eval_room.wrong_role"
        );
    }
    let unknown = TradeId::parse("ZC-2026-0999").unwrap();
    assert_eq!(
        code(app::eval_room::open_with(p, &unknown, member(), vec![], &staff(), &meta()).await),
        "not_found"
    );
    assert_eq!(
        code(app::eval_room::post(p, &unknown, "x", &expert(), &meta()).await),
        "not_found"
    );

    // A new trade: no slot until the venue is booked, then not before half an hour ahead.
    let id = TradeId::parse("GC-2026-0777").unwrap();
    let register = TradeCommand::Register {
        trade: id.clone(),
        title: "评标室测试".into(),
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        region: RegionCode::parse("330100").unwrap(),
        tenderer: app::demo::tenderer_org(1),
        agency: None,
        estimate: "1000000".parse().unwrap(),
        green_channel: false,
        invited_bidders: vec![],
    };
    w.clock.set(datetime!(2026-09-01 09:00 +8));
    app::trades::execute(p, &id, register, &tenderer(1), &meta())
        .await
        .unwrap();
    app::trades::execute(
        p,
        &id,
        TradeCommand::Accept {
            deferred: vec![],
            pledge: None,
        },
        &staff(),
        &meta(),
    )
    .await
    .unwrap();
    assert_eq!(
        code(app::eval_room::open_with(p, &id, member(), vec![], &staff(), &meta()).await),
        "eval_room.no_evaluation_slot"
    );
    let from = datetime!(2026-12-15 13:00 +8);
    let booking = VenueBooking {
        opening_room: RoomId::parse("opening-8").unwrap(),
        opening_at: datetime!(2026-12-15 09:30 +8),
        evaluation_room: RoomId::parse("evaluation-8").unwrap(),
        evaluation_from: from,
        evaluation_to: datetime!(2026-12-15 17:00 +8),
    };
    app::trades::execute(p, &id, TradeCommand::BookVenue(booking), &staff(), &meta())
        .await
        .unwrap();
    assert_eq!(
        code(app::eval_room::open_with(p, &id, member(), vec![], &staff(), &meta()).await),
        "eval_room.too_early"
    );
    w.clock.set(from - Duration::minutes(30));
    app::eval_room::open_with(p, &id, member(), vec![], &Actor::platform(), &meta())
        .await
        .unwrap();
    // The committee from the expert draw (app::experts) for the API's open.
    assert!(
        app::eval_room::open(p, &id, &bidder(9), &meta())
            .await
            .is_err()
    );
}

async fn a_stale_version_is_a_conflict(backend: Backend) {
    let w = room_world(&backend).await;
    let stale = Meta {
        ip: None,
        expected_version: Some(0),
    };
    let r = app::eval_room::post(&w.platform, &trade(), "x", &expert(), &stale).await;
    assert_eq!(code(r), "conflict.stale_version");
}

on_both_backends!(
    a_whole_session_is_logged_and_read_by_who_may,
    entering_needs_the_key_not_just_the_session,
    opening_needs_staff_a_trade_and_its_slot,
    a_stale_version_is_a_conflict,
);

/// `verify` replays every stream; the room's needs its branch in `app::projection::Replay`.
#[tokio::test]
async fn verify_replays_the_room() {
    let w = room_world(&Backend::Sqlite).await;
    join(&w, &expert()).await.unwrap();
    w.platform.checkpoint().await.unwrap();
    w.platform.verify(None).await.unwrap();
}
