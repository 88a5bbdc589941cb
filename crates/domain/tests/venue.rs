//! Node 2: venue booking, and the Room aggregate (no double booking).

mod support;

use domain::trade::{Phase, TradeCommand, TradeEvent};
use domain::venue::{
    OPENING_SLOT, RoomCommand, RoomEvent, RoomPurpose, room_commands, room_requests,
};
use domain::{Aggregate, Context, RoomState, TradeId};
use support::plan::construction_open;
use support::*;
use time::macros::datetime;

const BOOK: time::OffsetDateTime = datetime!(2026-03-03 10:00 +8);

#[test]
fn staff_book_the_venue_after_acceptance() {
    let plan = construction_open();
    let run = plan.run_to(Phase::Accepted);
    run.given()
        .when(TradeCommand::BookVenue(plan.venue()), &staff(), BOOK)
        .then(&[TradeEvent::VenueBooked {
            venue: plan.venue(),
            previous: None,
            opening_on_rest_day: false,
            at: BOOK,
        }]);
    run.given()
        .when(TradeCommand::BookVenue(plan.venue()), &agency(), BOOK)
        .then_error("trade.wrong_role");
}

#[test]
fn booking_before_acceptance_skips_node_1() {
    let plan = construction_open();
    let run = plan.run_to(Phase::Registered);
    let err = run
        .given()
        .when(TradeCommand::BookVenue(plan.venue()), &staff(), BOOK)
        .then_error("trade.node_skipped");
    assert!(matches!(
        err,
        domain::TradeError::NodeSkipped { node: 1, .. }
    ));
}

#[test]
fn venue_times_are_checked() {
    let run = construction_open().run_to(Phase::Accepted);
    let g = run.given();
    let bad = |o, f, t| TradeCommand::BookVenue(venue(o, f, t));
    let o = datetime!(2026-03-26 09:30 +8);
    g.when(
        bad(datetime!(2026-03-03 09:00 +8), o, o + OPENING_SLOT),
        &staff(),
        BOOK,
    )
    .then_error("trade.venue_times");
    g.when(
        bad(o, datetime!(2026-03-26 09:00 +8), o + OPENING_SLOT),
        &staff(),
        BOOK,
    )
    .then_error("trade.venue_times");
    g.when(bad(o, o, o), &staff(), BOOK)
        .then_error("trade.venue_times");
    let mut same_room = venue(o, o, o + OPENING_SLOT);
    same_room.evaluation_room = same_room.opening_room.clone();
    g.when(TradeCommand::BookVenue(same_room), &staff(), BOOK)
        .then_error("trade.venue_times");
    // an opening in 2027 cannot be checked against a holiday notice that does not exist yet
    let next_year = datetime!(2027-01-11 09:30 +8);
    g.when(
        bad(next_year, next_year, next_year + OPENING_SLOT),
        &staff(),
        BOOK,
    )
    .then_error("trade.calendar_unknown_year");
}

#[test]
fn an_opening_on_a_rest_day_is_flagged() {
    let run = construction_open().run_to(Phase::Accepted);
    let sat = datetime!(2026-03-28 09:30 +8);
    let events = run
        .given()
        .when(
            TradeCommand::BookVenue(venue(sat, sat, sat + OPENING_SLOT)),
            &staff(),
            BOOK,
        )
        .events();
    assert!(matches!(
        events[0],
        TradeEvent::VenueBooked {
            opening_on_rest_day: true,
            ..
        }
    ));
}

#[test]
fn rebooking_before_the_announcement_names_the_previous_booking() {
    let plan = construction_open();
    let run = plan.run_to(Phase::DocumentsReady);
    let later = venue(
        datetime!(2026-03-27 09:30 +8),
        datetime!(2026-03-27 13:00 +8),
        datetime!(2026-03-27 17:00 +8),
    );
    let events = run
        .given()
        .when(TradeCommand::BookVenue(later.clone()), &staff(), BOOK)
        .events();
    assert_eq!(
        events[0],
        TradeEvent::VenueBooked {
            venue: later.clone(),
            previous: Some(plan.venue()),
            opening_on_rest_day: false,
            at: BOOK
        }
    );
    let commands = room_commands(&TradeId::parse("T-2026-0001").unwrap(), &run.state, &events);
    assert_eq!(
        commands.len(),
        4,
        "release both old rooms, book both new ones"
    );
    assert!(matches!(commands[0], RoomCommand::Release { .. }));
    let mut rebooked = run.given().state;
    rebooked.evolve(&events[0]);
    assert_eq!(
        rebooked.phase,
        Phase::DocumentsReady,
        "the uploaded documents stay"
    );
    let plan_after = plan.run_to(Phase::Announced);
    plan_after
        .given()
        .when(TradeCommand::BookVenue(later), &staff(), BOOK)
        .then_error("trade.wrong_phase");
}

// ----- the Room aggregate -----

fn room_ctx<'a>(actor: &'a domain::Actor, now: time::OffsetDateTime) -> Context<'a> {
    Context {
        now,
        actor,
        calendar: calendar(),
    }
}

fn book(trade: &str, from: time::OffsetDateTime, to: time::OffsetDateTime) -> RoomCommand {
    RoomCommand::Book {
        room: room("opening-1"),
        trade: TradeId::parse(trade).unwrap(),
        purpose: RoomPurpose::Opening,
        from,
        to,
    }
}

fn booked_room(trade: &str, from: time::OffsetDateTime, to: time::OffsetDateTime) -> RoomState {
    let mut state = RoomState::default();
    let s = staff();
    for e in state
        .decide(&book(trade, from, to), &room_ctx(&s, BOOK))
        .unwrap()
    {
        state.evolve(&e);
    }
    state
}

#[test]
fn a_room_is_never_double_booked() {
    let s = staff();
    let nine = datetime!(2026-03-26 09:00 +8);
    let eleven = datetime!(2026-03-26 11:00 +8);
    let state = booked_room("T-A", nine, eleven);
    let err = state
        .decide(
            &book(
                "T-B",
                datetime!(2026-03-26 10:59 +8),
                datetime!(2026-03-26 12:00 +8),
            ),
            &room_ctx(&s, BOOK),
        )
        .unwrap_err();
    assert_eq!(err.code(), "room.double_booked");
    assert!(
        err.to_string().contains("T-A"),
        "the error names the other booking: {err}"
    );
    // back to back is fine
    let ok = state
        .decide(
            &book("T-B", eleven, datetime!(2026-03-26 12:00 +8)),
            &room_ctx(&s, BOOK),
        )
        .unwrap();
    assert!(matches!(ok[0], RoomEvent::Booked { .. }));
    // the platform may book, a tenderer may not
    let t = tenderer();
    assert_eq!(
        state
            .decide(
                &book("T-B", eleven, datetime!(2026-03-26 12:00 +8)),
                &room_ctx(&t, BOOK)
            )
            .unwrap_err()
            .code(),
        "room.wrong_role"
    );
    // a past or empty slot is refused
    assert_eq!(
        state
            .decide(&book("T-B", eleven, eleven), &room_ctx(&s, BOOK))
            .unwrap_err()
            .code(),
        "room.invalid_slot"
    );
}

#[test]
fn a_released_room_can_be_booked_again() {
    let s = staff();
    let nine = datetime!(2026-03-26 09:00 +8);
    let eleven = datetime!(2026-03-26 11:00 +8);
    let mut state = booked_room("T-A", nine, eleven);
    let release = RoomCommand::Release {
        room: room("opening-1"),
        trade: TradeId::parse("T-A").unwrap(),
    };
    for e in state.decide(&release, &room_ctx(&s, BOOK)).unwrap() {
        state.evolve(&e);
    }
    assert!(state.bookings.is_empty());
    assert!(
        state
            .decide(&release, &room_ctx(&s, BOOK))
            .unwrap()
            .is_empty(),
        "nothing left to release"
    );
    assert!(
        state
            .decide(&book("T-B", nine, eleven), &room_ctx(&s, BOOK))
            .is_ok()
    );
    let other_room = RoomCommand::Release {
        room: room("other"),
        trade: TradeId::parse("T-A").unwrap(),
    };
    assert_eq!(
        state
            .decide(&other_room, &room_ctx(&s, BOOK))
            .unwrap_err()
            .code(),
        "room.wrong_room"
    );
}

#[test]
fn room_requests_cover_the_opening_slot_and_the_evaluation() {
    let plan = construction_open();
    let [opening, evaluation] = room_requests(&TradeId::parse("T-1").unwrap(), &plan.venue());
    assert!(
        matches!(opening, RoomCommand::Book { from, to, purpose: RoomPurpose::Opening, .. } if from == plan.t.opening && to == plan.t.opening + OPENING_SLOT)
    );
    assert!(
        matches!(evaluation, RoomCommand::Book { from, to, purpose: RoomPurpose::Evaluation, .. } if from == plan.t.eval_from && to == plan.t.eval_to)
    );
    let json = serde_json::to_value(RoomEvent::Released {
        room: room("r"),
        trade: TradeId::parse("T-1").unwrap(),
        at: BOOK,
    })
    .unwrap();
    assert_eq!(json["type"], "released");
}
