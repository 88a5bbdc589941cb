//! The command path through the app: refusals change nothing, optimistic concurrency, rooms
//! never double booked across trades, and the log is the state (a replay gives the projection).

use app::demo::{agency, staff};
use app::{AppError, Meta};
use domain::trade::{TradeCommand, VenueBooking};
use domain::{RoomId, TradeId};
use test_support::*;
use time::macros::datetime;

fn booking(room: &str) -> TradeCommand {
    TradeCommand::BookVenue(VenueBooking {
        opening_room: RoomId::parse(room).unwrap(),
        opening_at: datetime!(2026-03-26 09:30 +8),
        evaluation_room: RoomId::parse("evaluation-9").unwrap(),
        evaluation_from: datetime!(2026-03-26 13:00 +8),
        evaluation_to: datetime!(2026-03-26 17:00 +8),
    })
}

/// Center staff books `room` for `trade`.
async fn book(
    w: &TestApp,
    trade: &TradeId,
    room: &str,
) -> Result<app::trades::Outcome, app::AppError> {
    app::trades::execute(
        &w.platform,
        trade,
        booking(room),
        &staff(),
        &Meta::default(),
    )
    .await
}

/// A trade with its venue booked and its documents uploaded, the demo accounts seeded (the
/// custodians of the opening key need their sign-in keys).
async fn documents_ready(w: &TestApp, id: &str, room: &str) -> TradeId {
    app::demo::seed_accounts(&w.platform, &w.clock)
        .await
        .unwrap();
    let meta = Meta::default();
    let trade = accepted(w, id).await;
    w.clock.set(datetime!(2026-03-03 10:00 +8));
    app::trades::execute(&w.platform, &trade, booking(room), &staff(), &meta)
        .await
        .unwrap();
    app::trades::upload_tender_documents(
        &w.platform,
        &trade,
        "tender.txt",
        b"tender documents",
        None,
        &agency(),
        &meta,
    )
    .await
    .unwrap();
    trade
}

async fn accepted(w: &TestApp, id: &str) -> TradeId {
    let trade = TradeId::parse(id).unwrap();
    let meta = Meta::default();
    app::trades::execute(&w.platform, &trade, register(id), &agency(), &meta)
        .await
        .unwrap();
    app::trades::execute(
        &w.platform,
        &trade,
        TradeCommand::Accept {
            deferred: vec![],
            pledge: None,
        },
        &staff(),
        &meta,
    )
    .await
    .unwrap();
    trade
}

#[tokio::test]
async fn a_refused_command_appends_nothing() {
    let w = TestApp::empty(&Backend::Sqlite).await;
    let trade = accepted(&w, "T-1").await;
    let before = w.platform.store().tree_head().await.unwrap();
    // an agency may not accept; a bidder may not book rooms
    let err = app::trades::execute(
        &w.platform,
        &trade,
        TradeCommand::Accept {
            deferred: vec![],
            pledge: None,
        },
        &agency(),
        &Meta::default(),
    )
    .await
    .unwrap_err();
    // refused by the permission matrix, before the aggregate is asked
    assert_eq!(err.code(), "access.wrong_role");
    assert!(err.to_string().contains("role agency"), "{err}");
    let err = app::trades::execute(
        &w.platform,
        &trade,
        booking("opening-9"),
        &app::demo::bidder(1),
        &Meta::default(),
    )
    .await
    .unwrap_err();
    // a bidder does not see an unannounced trade: it answers as a missing one
    assert_eq!(err.code(), "not_found");
    // a tenderer that is not this trade's may not cancel it: before the announcement it
    // does not even see the trade, so it answers as a missing one
    let err = app::trades::execute(
        &w.platform,
        &trade,
        TradeCommand::Cancel {
            reason: "项目取消".into(),
        },
        &app::demo::tenderer(2),
        &Meta::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "not_found");
    // skipping node 2: publishing before the venue is booked
    let err = app::trades::execute(
        &w.platform,
        &trade,
        TradeCommand::PublishAnnouncement {
            bid_deadline: datetime!(2026-03-26 09:30 +8),
            opening_key: None,
            notice: None,
            sealing: None,
        },
        &agency(),
        &Meta::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Refused { .. }), "{err}");
    assert_eq!(
        w.platform.store().tree_head().await.unwrap(),
        before,
        "a refusal must not append"
    );
    w.platform.verify(None).await.unwrap();
}

#[tokio::test]
async fn a_stale_expected_version_conflicts() {
    let w = TestApp::empty(&Backend::Sqlite).await;
    let trade = accepted(&w, "T-2").await;
    let stale = Meta {
        ip: None,
        expected_version: Some(1),
    };
    let err = app::trades::execute(&w.platform, &trade, booking("opening-9"), &staff(), &stale)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            AppError::Conflict {
                expected: 1,
                actual: 2,
                ..
            }
        ),
        "{err}"
    );
    let fresh = Meta {
        ip: Some("192.0.2.1".into()),
        expected_version: Some(2),
    };
    let outcome = app::trades::execute(&w.platform, &trade, booking("opening-9"), &staff(), &fresh)
        .await
        .unwrap();
    assert_eq!(outcome.version, 3);
    let stored = w.platform.store().load_stream("trade:T-2").await.unwrap();
    assert_eq!(
        stored.last().unwrap().record.ip.as_deref(),
        Some("192.0.2.1")
    );
    assert_eq!(stored.last().unwrap().record.role, "center_staff");
}

#[tokio::test]
async fn a_room_is_never_booked_twice_and_the_refusal_leaves_both_streams_untouched() {
    let w = TestApp::empty(&Backend::Sqlite).await;
    let first = accepted(&w, "T-3").await;
    let second = accepted(&w, "T-4").await;
    book(&w, &first, "opening-9").await.unwrap();
    let before = w.platform.store().tree_head().await.unwrap();
    let err = book(&w, &second, "opening-9").await.unwrap_err();
    assert_eq!(err.code(), "room.double_booked");
    assert!(
        err.to_string().contains("T-3"),
        "the refusal names the other trade: {err}"
    );
    assert_eq!(w.platform.store().tree_head().await.unwrap(), before);
    let trade = app::queries::summary(&w.platform, &TradeId::parse("T-4").unwrap())
        .await
        .unwrap();
    assert_eq!(
        trade.phase,
        domain::trade::Phase::Accepted,
        "the second trade did not move"
    );
    let room = w
        .platform
        .store()
        .projection("room", "opening-9")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(room["bookings"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn cancelling_releases_the_rooms() {
    let w = TestApp::empty(&Backend::Sqlite).await;
    let first = accepted(&w, "T-5").await;
    let second = accepted(&w, "T-6").await;
    book(&w, &first, "opening-9").await.unwrap();
    // the agency cancels: the platform releases the rooms on its behalf
    app::trades::execute(
        &w.platform,
        &first,
        TradeCommand::Cancel {
            reason: "项目取消".into(),
        },
        &agency(),
        &Meta::default(),
    )
    .await
    .unwrap();
    book(&w, &second, "opening-9").await.unwrap();
    let room = w
        .platform
        .store()
        .projection("room", "opening-9")
        .await
        .unwrap()
        .unwrap();
    let trades: Vec<&str> = room["bookings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["trade"].as_str().unwrap())
        .collect();
    assert_eq!(trades, ["T-6"]);
    w.platform.verify(None).await.unwrap();
}

#[tokio::test]
async fn the_demo_runs_on_both_backends_and_verifies() {
    for backend in Backend::all() {
        let w = TestApp::demo(&backend).await;
        let report = w.platform.verify(None).await.unwrap();
        assert_eq!(report.unsigned_tail, 0);
        let trades = app::queries::summaries(&w.platform).await.unwrap();
        let confirmed = |t: &&domain::TradeSummary| t.phase == domain::trade::Phase::Confirmed;
        let lines: std::collections::BTreeSet<_> = trades
            .iter()
            .filter(confirmed)
            .map(|t| t.line.unwrap())
            .collect();
        let confirmed = trades.iter().filter(confirmed).count();
        assert_eq!(confirmed, 3);
        assert_eq!(lines.len(), 2, "both business lines complete: {lines:?}");
        let failed = app::queries::summary(&w.platform, &TradeId::parse("GC-2026-0302").unwrap())
            .await
            .unwrap();
        assert_eq!(
            failed.round, 2,
            "the failed trade went to re-tender: {failed:?}"
        );
    }
}

#[tokio::test]
async fn green_channel_trades_go_first_in_the_staff_queues() {
    let w = TestApp::empty(&Backend::Sqlite).await;
    let meta = Meta::default();
    for (i, (id, green)) in [("Q-1", false), ("Q-2", false), ("Q-3", true)]
        .into_iter()
        .enumerate()
    {
        w.clock
            .set(datetime!(2026-03-02 09:00 +8) + time::Duration::hours(i as i64));
        let trade = TradeId::parse(id).unwrap();
        app::trades::execute(&w.platform, &trade, register(id), &agency(), &meta)
            .await
            .unwrap();
        if green {
            // Asked for by the applicant, granted by staff.
            let ask = TradeCommand::RequestGreenChannel {
                reason: "防汛抢险工程".into(),
            };
            app::trades::execute(&w.platform, &trade, ask, &agency(), &meta)
                .await
                .unwrap();
            let grant = TradeCommand::DecideGreenChannel {
                approve: true,
                reason: "属抢险救灾项目".into(),
            };
            app::trades::execute(&w.platform, &trade, grant, &staff(), &meta)
                .await
                .unwrap();
        }
    }
    let queue = app::queries::queue(&w.platform, app::Queue::Acceptance)
        .await
        .unwrap();
    let order: Vec<String> = queue
        .iter()
        .map(|s| s.id.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(
        order,
        ["Q-3", "Q-1", "Q-2"],
        "green channel first, then first come first served"
    );
    app::trades::execute(
        &w.platform,
        &TradeId::parse("Q-1").unwrap(),
        TradeCommand::Accept {
            deferred: vec![],
            pledge: None,
        },
        &staff(),
        &meta,
    )
    .await
    .unwrap();
    let venue = app::queries::queue(&w.platform, app::Queue::Venue)
        .await
        .unwrap();
    assert_eq!(venue.len(), 1);
    assert_eq!(
        app::queries::queue(&w.platform, app::Queue::Acceptance)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_supervisor_may_suspend_but_not_accept() {
    let w = TestApp::empty(&Backend::Sqlite).await;
    let trade = TradeId::parse("T-7").unwrap();
    let meta = Meta::default();
    app::trades::execute(&w.platform, &trade, register("T-7"), &agency(), &meta)
        .await
        .unwrap();
    let supervisor = domain::Actor::new("sup-1", domain::Role::Supervisor);
    let before = w.platform.store().tree_head().await.unwrap();
    let accept = TradeCommand::Accept {
        deferred: vec![],
        pledge: None,
    };
    let err = app::trades::execute(&w.platform, &trade, accept, &supervisor, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "access.wrong_role");
    assert!(matches!(err, AppError::Refused { .. }), "{err}");
    assert_eq!(w.platform.store().tree_head().await.unwrap(), before);
    let outcome = app::trades::execute(
        &w.platform,
        &trade,
        TradeCommand::Suspend {
            reason: "投诉处理".into(),
        },
        &supervisor,
        &meta,
    )
    .await
    .unwrap();
    assert_eq!(outcome.events, ["trade.suspended"]);
    // suspended: the matrix refuses writes by the phase, the supervisor resumes
    let err = app::trades::execute(
        &w.platform,
        &trade,
        TradeCommand::Accept {
            deferred: vec![],
            pledge: None,
        },
        &staff(),
        &meta,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "access.wrong_phase");
    app::trades::execute(
        &w.platform,
        &trade,
        TradeCommand::Resume { new_deadline: None },
        &supervisor,
        &meta,
    )
    .await
    .unwrap();
    assert_eq!(
        app::queries::summary(&w.platform, &TradeId::parse("T-7").unwrap())
            .await
            .unwrap()
            .phase,
        domain::trade::Phase::Registered
    );
}

#[tokio::test]
async fn obtaining_the_documents_is_sealed_and_names_nobody() {
    let w = TestApp::empty(&Backend::Sqlite).await;
    let meta = Meta::default();
    let trade = documents_ready(&w, "T-8", "opening-8").await;
    w.clock.set(datetime!(2026-03-04 10:00 +8));
    app::trades::execute(
        &w.platform,
        &trade,
        TradeCommand::PublishAnnouncement {
            bid_deadline: datetime!(2026-03-26 09:30 +8),
            opening_key: None,
            notice: None,
            sealing: None,
        },
        &agency(),
        &meta,
    )
    .await
    .unwrap();
    let bidder = app::demo::bidder(1);
    let code = app::demo::bidder_org(1);
    let obtain = TradeCommand::ObtainDocuments {
        bidder: code.clone(),
        label: None,
        holder: None,
    };
    // another bidder's organisation: the aggregate refuses after the matrix let a bidder in
    let err = app::trades::execute(
        &w.platform,
        &trade,
        obtain.clone(),
        &app::demo::bidder(2),
        &meta,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "trade.not_party");
    // Each obtaining is one sealed event: the log cannot tell a second one from another
    // bidder's, and names nobody.
    for _ in 0..2 {
        let outcome = app::trades::execute(&w.platform, &trade, obtain.clone(), &bidder, &meta)
            .await
            .unwrap();
        assert_eq!(outcome.events, ["trade.documents_obtained"]);
    }
    let stored = w
        .platform
        .store()
        .load_prefix(&format!("sealed:{trade}/"))
        .await
        .unwrap();
    let obtained: Vec<_> = stored
        .iter()
        .filter(|s| s.record.kind == "trade.documents_obtained")
        .collect();
    assert_eq!(obtained.len(), 2);
    // each in a stream of its own: no stream version counts the obtainings
    for s in obtained {
        assert_eq!(s.record.version, 1);
        assert_eq!(s.record.actor, "sealed");
        assert_eq!(s.record.ip, None);
        let text = serde_json::to_string(&s.record).unwrap();
        assert!(!text.contains(code.as_str()), "{text}");
    }
    w.platform.verify(None).await.unwrap();
}

/// A trade's documents may require the national suite (SM2 + SM4) and a smaller size limit:
/// the round's opening key follows them, a bid sealed with SM2 is accepted and opens.
#[tokio::test]
async fn a_trade_may_require_the_national_suite() {
    let w = TestApp::empty(&Backend::Sqlite).await;
    let meta = Meta::default();
    let trade = documents_ready(&w, "T-9", "opening-9").await;
    w.clock.set(datetime!(2026-03-04 10:00 +8));
    let publish = |suite: &str| TradeCommand::PublishAnnouncement {
        bid_deadline: datetime!(2026-03-26 09:30 +8),
        opening_key: None,
        notice: None,
        sealing: Some(domain::trade::sealed::SealingTerms {
            suite: Some(suite.into()),
            max_bid_mib: Some(1),
        }),
    };
    let err = app::trades::execute(&w.platform, &trade, publish("rot13"), &agency(), &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "seal.unknown_suite");
    app::trades::execute(&w.platform, &trade, publish("sm2-sm4"), &agency(), &meta)
        .await
        .unwrap();
    let state = app::queries::trade_state(&w.platform, &trade)
        .await
        .unwrap();
    let key = state.round.opening_key.clone().unwrap();
    assert_eq!(key.suite, "sm2-sm4");
    assert_eq!(key.max_bid_bytes, 1024 * 1024);
    let public = app::bidding::opening_public_key(&key).unwrap();
    let code = app::demo::bidder_org(1);
    let package = seal::BidPackage {
        trade: trade.to_string(),
        bidder: code.to_string(),
        price_fen: 123_456_789,
        period_days: 60,
        deposit_account: None,
        files: vec![seal::BidFile::new(
            "bid.txt",
            None,
            "国密投标".as_bytes().to_vec(),
        )],
    }
    .to_bytes()
    .unwrap();
    let envelope = seal::seal(&public, trade.as_str(), &package, &mut seal::os_rng()).unwrap();
    assert_eq!(
        seal::Envelope::parse(&envelope).unwrap().suite,
        seal::Suite::Sm2Sm4
    );
    let receipt = app::bidding::submit_bid(
        &w.platform,
        &trade,
        app::bidding::BidUpload {
            envelope: envelope.clone(),
            key: None,
            replaces: None,
        },
        &app::demo::bidder(1),
        &meta,
    )
    .await
    .unwrap()
    .receipt;
    // the custodians' shares (Ed25519) open the SM2 key
    let shares: Vec<seal::Share> = ["staff-wang", "supervisor-zhou"]
        .iter()
        .map(|person| {
            let c = key
                .custodians
                .iter()
                .find(|c| c.person.as_str() == *person)
                .unwrap();
            let sealed = app::bidding::decode_share(&c.encrypted_share).unwrap();
            seal::open_share_ed25519(&app::demo::demo_seed(person), &sealed)
                .unwrap()
                .1
        })
        .collect();
    let secret = seal::combine(&shares, &public).unwrap();
    let stored = w.platform.blobs().get(&receipt.envelope_sha256).unwrap();
    assert_eq!(seal::open(&secret, &stored).unwrap(), package);
}

/// Books `rooms` for `trade` on 2026-03-26, as [`booking`] does.
fn booking_of(rooms: (&str, &str)) -> TradeCommand {
    let TradeCommand::BookVenue(mut venue) = booking(rooms.0) else {
        unreachable!()
    };
    venue.evaluation_room = RoomId::parse(rooms.1).unwrap();
    TradeCommand::BookVenue(venue)
}

async fn a_booking_names_the_centers_rooms_fit_for_the_trade(backend: Backend) {
    // given the demo's center (its rooms) and a construction trade (a committee of 5 or more)
    let w = TestApp::builder()
        .backend(&backend)
        .accounts()
        .at(datetime!(2026-03-02 09:00 +8))
        .build()
        .await;
    let trade = accepted(&w, "T-20").await;
    let (meta, staff) = (Meta::default(), staff());
    let try_book =
        |rooms| app::trades::execute(&w.platform, &trade, booking_of(rooms), &staff, &meta);
    let before = w.platform.store().tree_head().await.unwrap();
    // when staff book a room the center lacks, one of the wrong kind, one too small
    let refused = [
        (("opening-77", "evaluation-8"), "center.unknown_venue"),
        (("evaluation-1", "evaluation-8"), "center.wrong_purpose"),
        (("opening-8", "opening-7"), "center.wrong_purpose"),
        (
            ("opening-8", app::demo::DEMO_SMALL_ROOM),
            "center.room_too_small",
        ),
    ];
    for (rooms, code) in refused {
        let err = try_book(rooms).await.unwrap_err();
        // then each is refused naming why, and nothing is appended
        assert_eq!(err.code(), code, "{rooms:?}: {err}");
        assert_eq!(w.platform.store().tree_head().await.unwrap(), before);
    }
    let small = try_book(("opening-8", app::demo::DEMO_SMALL_ROOM)).await;
    assert_eq!(small.unwrap_err().article(), Some("招标投标法 第37条"));
    // a retired room is not booked again
    let retire = domain::center::CenterCommand::RetireVenue {
        room: RoomId::parse("evaluation-8").unwrap(),
    };
    app::center::change(&w.platform, retire, &domain::Actor::platform(), &meta)
        .await
        .unwrap();
    let err = try_book(("opening-8", "evaluation-8")).await.unwrap_err();
    assert_eq!(err.code(), "center.venue_retired");
    let rooms = app::center::bookable_rooms(&w.platform).await.unwrap();
    assert!(rooms.iter().all(|v| v.room.as_str() != "evaluation-8"));
    // and the center's rooms of the right kind and size are booked
    try_book(("opening-8", "evaluation-7")).await.unwrap();
    w.close().await;
}

on_both_backends!(a_booking_names_the_centers_rooms_fit_for_the_trade);
