//! Suspension and resumption, cancellation, re-tender.

mod support;

use domain::TradeId;
use domain::trade::{Phase, TradeCommand, TradeEvent};
use domain::venue::{RoomCommand, room_commands};
use support::plan::construction_open;
use support::*;
use time::Duration;
use time::macros::datetime;

fn suspend() -> TradeCommand {
    TradeCommand::Suspend {
        reason: "异议处理中（条例 第22条）".into(),
    }
}

fn resume(new_deadline: Option<time::OffsetDateTime>) -> TradeCommand {
    TradeCommand::Resume { new_deadline }
}

fn cancel() -> TradeCommand {
    TradeCommand::Cancel {
        reason: "项目调整".into(),
    }
}

#[test]
fn suspension_blocks_commands_and_resumption_restores_the_phase() {
    let plan = construction_open();
    let t = datetime!(2026-03-20 09:00 +8);
    let mut run = plan.run_to(Phase::ExpertsDrawn).obtained(&[4], t);
    run.given()
        .when(suspend(), &agency(), t)
        .then_error("trade.wrong_role");
    let events = run.ok(suspend(), &supervisor(), t);
    assert!(matches!(
        &events[0],
        TradeEvent::Suspended {
            previous: Phase::ExpertsDrawn,
            ..
        }
    ));
    assert_eq!(run.phase(), Phase::Suspended);
    let s = run.state.summary();
    assert_eq!((s.phase_before, s.node), (Some(Phase::ExpertsDrawn), 4));
    run.given()
        .when(submit_bid(4), &bidder(4), t)
        .then_error("trade.suspended");
    run.given()
        .when(
            TradeCommand::OpenBids,
            &staff(),
            plan.t.opening + Duration::seconds(1),
        )
        .then_error("trade.suspended");
    run.given()
        .when(suspend(), &staff(), t)
        .then_error("trade.wrong_phase");
    run.given()
        .when(resume(None), &tenderer(), t)
        .then_error("trade.wrong_role");
    run.ok(resume(None), &staff(), datetime!(2026-03-21 09:00 +8));
    assert_eq!(run.phase(), Phase::ExpertsDrawn);
    run.given()
        .when(submit_bid(4), &bidder(4), t)
        .then_kinds(&["trade.bid_submitted"]);
    run.given()
        .when(resume(None), &staff(), t)
        .then_error("trade.wrong_phase");
}

#[test]
fn a_deadline_passed_during_suspension_must_be_moved_on_resumption() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(suspend(), &staff(), datetime!(2026-03-20 09:00 +8));
    let after = plan.t.opening + Duration::days(2);
    run.given()
        .when(resume(None), &staff(), after)
        .then_error("trade.new_deadline_required");
    run.given()
        .when(resume(Some(after - Duration::hours(1))), &staff(), after)
        .then_error("trade.deadline_not_later");
    let new_deadline = datetime!(2026-04-08 09:30 +8);
    let before = run.state.clone();
    let events = run.ok(resume(Some(new_deadline)), &staff(), after);
    assert_eq!(run.phase(), Phase::ExpertsDrawn);
    assert_eq!(run.state.summary().bid_deadline, Some(new_deadline));
    assert_eq!(run.state.summary().venue.unwrap().opening_at, new_deadline);
    let rooms = room_commands(&TradeId::parse("T-2026-0001").unwrap(), &before, &events);
    assert_eq!(rooms.len(), 4);
}

#[test]
fn resumption_outside_bidding_takes_no_deadline() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::Opened);
    run.ok(suspend(), &staff(), plan.t.evaluate);
    run.given()
        .when(resume(Some(plan.t.confirm)), &staff(), plan.t.evaluate)
        .then_error("trade.invalid_input");
    run.ok(resume(None), &staff(), plan.t.evaluate);
    assert_eq!(run.phase(), Phase::Opened);
}

#[test]
fn nothing_to_suspend_before_registration_or_after_the_end() {
    let plan = construction_open();
    given(&[])
        .when(suspend(), &staff(), plan.t.register)
        .then_error("trade.node_skipped");
    plan.run_to(Phase::Confirmed)
        .given()
        .when(suspend(), &staff(), plan.t.confirm)
        .then_error("trade.wrong_phase");
}

#[test]
fn the_party_cancels_before_the_opening_staff_at_any_stage() {
    let plan = construction_open();
    let announced = plan.run_to(Phase::Announced);
    let events = announced
        .given()
        .when(cancel(), &agency(), plan.t.draw)
        .events();
    assert!(matches!(
        &events[0],
        TradeEvent::Cancelled {
            previous: Phase::Announced,
            ..
        }
    ));
    assert!(events[0].is_public() && events[0].releases_rooms());
    let rooms = room_commands(
        &TradeId::parse("T-2026-0001").unwrap(),
        &announced.state,
        &events,
    );
    assert!(
        rooms
            .iter()
            .all(|c| matches!(c, RoomCommand::Release { .. }))
            && rooms.len() == 2
    );

    let opened = plan.run_to(Phase::Opened);
    opened
        .given()
        .when(cancel(), &agency(), plan.t.evaluate)
        .then_error("trade.wrong_phase");
    opened
        .given()
        .when(cancel(), &bidder(1), plan.t.evaluate)
        .then_error("trade.wrong_role");
    opened
        .given()
        .when(cancel(), &supervisor(), plan.t.evaluate)
        .then_error("trade.wrong_role");
    opened
        .given()
        .when(cancel(), &staff(), plan.t.evaluate)
        .then_kinds(&["trade.cancelled"]);
    plan.run_to(Phase::Confirmed)
        .given()
        .when(cancel(), &staff(), plan.t.confirm)
        .then_error("trade.wrong_phase");
}

#[test]
fn a_cancelled_trade_takes_no_more_commands() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(suspend(), &staff(), plan.t.bid);
    run.ok(cancel(), &tenderer(), plan.t.bid);
    assert_eq!(run.phase(), Phase::Cancelled);
    let s = run.state.summary();
    assert_eq!((s.phase_before, s.node), (Some(Phase::ExpertsDrawn), 4));
    run.given()
        .when(submit_bid(4), &bidder(4), plan.t.bid)
        .then_error("trade.wrong_phase");
    run.given()
        .when(resume(None), &staff(), plan.t.bid)
        .then_error("trade.wrong_phase");
    run.given()
        .when(cancel(), &staff(), plan.t.bid)
        .then_error("trade.wrong_phase");
}

#[test]
fn after_a_failure_a_new_round_starts_at_the_venue() {
    let mut plan = construction_open();
    plan.bidders = vec![1, 2];
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(
        TradeCommand::OpenBids,
        &staff(),
        plan.t.opening + Duration::seconds(1),
    );
    run.given()
        .when(retender(), &bidder(1), plan.t.evaluate)
        .then_error("trade.wrong_role");
    // the reason is recorded; none given, none started
    let err = run
        .given()
        .when(
            TradeCommand::Retender {
                reason: "  ".into(),
            },
            &agency(),
            plan.t.evaluate,
        )
        .then_error("trade.invalid_input");
    assert!(err.to_string().contains("reason"), "{err}");
    let events = run.ok(retender(), &agency(), plan.t.evaluate);
    assert!(matches!(
        &events[0],
        domain::TradeEvent::RetenderStarted { reason, .. } if reason == "有效投标不足三家"
    ));
    assert_eq!(run.phase(), Phase::Accepted);
    let s = run.state.summary();
    assert_eq!(
        (s.round, s.venue.is_none(), s.bid_deadline),
        (2, true, None)
    );
    run.given()
        .when(retender(), &agency(), plan.t.evaluate)
        .then_error("trade.wrong_phase");

    // round 2: April 2026 (Qingming 04-04..04-06), opening 20 日 after the announcement
    let opening = datetime!(2026-04-20 09:30 +8);
    run.ok(
        TradeCommand::BookVenue(venue(
            opening,
            opening + Duration::hours(1),
            opening + Duration::hours(8),
        )),
        &staff(),
        datetime!(2026-03-27 09:00 +8),
    );
    run.ok(
        TradeCommand::UploadTenderDocuments {
            file: blob("tender-v2.pdf"),
            evaluation: None,
        },
        &agency(),
        datetime!(2026-03-27 10:00 +8),
    );
    let ev = run.ok(announce(opening), &agency(), datetime!(2026-03-31 10:00 +8));
    assert!(matches!(
        ev[0],
        TradeEvent::AnnouncementPublished { round: 2, .. }
    ));
    run.ok(
        TradeCommand::RecordExpertDraw {
            committee_size: 5,
            experts_commitment: commitment(),
        },
        &staff(),
        datetime!(2026-04-17 15:00 +8),
    );
    // a new round: no bid of round 1 is current, the handles may be used again
    assert!(run.state.round.bids.is_empty() && run.state.round.used_handles.is_empty());
    for b in [1, 2, 3] {
        // the documents are obtained again
        run.bid(b, datetime!(2026-04-17 16:00 +8));
    }
    let ev = run.ok(
        TradeCommand::OpenBids,
        &staff(),
        opening + Duration::seconds(1),
    );
    assert!(matches!(
        &ev[0],
        TradeEvent::OpeningStarted {
            round: 2,
            bids: 3,
            ..
        }
    ));
    run.shares(&[0, 2], opening + Duration::minutes(2));
    let ev = run.unseal(opening + Duration::minutes(3));
    assert!(
        matches!(&ev[1], TradeEvent::BidsOpened { round: 2, bidders, .. } if bidders.len() == 3)
    );
    assert_eq!(run.state.round.obtainers.len(), 3);
}
