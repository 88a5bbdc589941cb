//! Node 3: tender documents and announcement; amendments.

mod support;

use domain::trade::{Phase, TradeCommand, TradeEvent};
use domain::venue::room_commands;
use domain::{Method, TradeId};
use support::plan::{Plan, construction_open, procurement_open};
use support::*;
use time::OffsetDateTime;
use time::macros::{date, datetime};

fn upload() -> TradeCommand {
    TradeCommand::UploadTenderDocuments {
        file: blob("tender.pdf"),
        evaluation: None,
    }
}

/// Accepted, venue booked with the opening at `opening`, documents uploaded.
fn ready_with_opening(plan: &Plan, opening: OffsetDateTime) -> Run {
    let mut run = plan.run_to(Phase::Accepted);
    run.ok(
        TradeCommand::BookVenue(venue(opening, opening, opening + time::Duration::hours(6))),
        &staff(),
        plan.t.book,
    );
    run.ok(upload(), &agency(), plan.t.upload);
    run
}

#[test]
fn documents_come_after_the_venue() {
    let plan = construction_open();
    let accepted = plan.run_to(Phase::Accepted);
    let err = accepted
        .given()
        .when(upload(), &agency(), plan.t.upload)
        .then_error("trade.node_skipped");
    assert!(matches!(
        err,
        domain::TradeError::NodeSkipped { node: 2, .. }
    ));
    let booked = plan.run_to(Phase::VenueBooked);
    booked
        .given()
        .when(upload(), &bidder(1), plan.t.upload)
        .then_error("trade.wrong_role");
    let stranger = domain::Actor::new("x", domain::Role::Agency).with_org(bidder_org(4).as_str());
    booked
        .given()
        .when(upload(), &stranger, plan.t.upload)
        .then_error("trade.not_party");
    booked
        .given()
        .when(upload(), &tenderer(), plan.t.upload)
        .then_kinds(&["trade.tender_documents_uploaded"]);
    booked
        .given()
        .when(announce(plan.t.opening), &agency(), plan.t.announce)
        .then_error("trade.node_skipped");
}

#[test]
fn the_bid_period_is_at_least_20_days_counted_from_publication() {
    let plan = construction_open();
    let published = datetime!(2026-03-04 10:00 +8);
    // 20 日 from 03-04 ends on 03-24
    let short = datetime!(2026-03-23 09:30 +8);
    let err = ready_with_opening(&plan, short)
        .given()
        .when(announce(short), &agency(), published)
        .then_error("trade.bid_period_too_short");
    let domain::TradeError::BidPeriodTooShort {
        required,
        earliest,
        article,
    } = err
    else {
        panic!()
    };
    assert_eq!(
        (required, earliest, article),
        (
            legal_time::Period::days(20),
            date!(2026 - 03 - 24),
            "招标投标法 第24条"
        )
    );
    let exact = datetime!(2026-03-24 09:30 +8);
    ready_with_opening(&plan, exact)
        .given()
        .when(announce(exact), &agency(), published)
        .then(&[TradeEvent::AnnouncementPublished {
            bid_deadline: exact,
            round: 1,
            opening_key: Some(opening_key()),
            notice: None,
            at: published,
        }]);
}

#[test]
fn negotiation_counts_3_working_days_across_labour_day() {
    let mut plan = procurement_open();
    plan.method = Method::CompetitiveNegotiation;
    plan.estimate = "900000";
    // published Thursday 04-30: working days 05-06, 05-07, 05-08
    let published = datetime!(2026-04-30 10:00 +8);
    let too_soon = datetime!(2026-05-07 09:30 +8);
    let err = ready_with_opening(&plan, too_soon)
        .given()
        .when(announce(too_soon), &agency(), published)
        .then_error("trade.bid_period_too_short");
    assert!(
        matches!(err, domain::TradeError::BidPeriodTooShort { earliest, .. } if earliest == date!(2026 - 05 - 08))
    );
    let ok = datetime!(2026-05-08 09:30 +8);
    ready_with_opening(&plan, ok)
        .given()
        .when(announce(ok), &agency(), published)
        .then_kinds(&["trade.announcement_published"]);
}

#[test]
fn single_source_waits_for_the_article_38_publicity() {
    let mut plan = procurement_open();
    plan.method = Method::SingleSource;
    plan.invited = vec![bidder_org(1)];
    plan.estimate = "500000";
    // published Thursday 04-30: 5 个工作日 are 05-06, 05-07, 05-08, 05-09 (Sat, 调休), 05-11
    let published = datetime!(2026-04-30 10:00 +8);
    let too_soon = datetime!(2026-05-08 09:30 +8);
    let err = ready_with_opening(&plan, too_soon)
        .given()
        .when(announce(too_soon), &agency(), published)
        .then_error("trade.bid_period_too_short");
    assert_eq!(
        err.to_string(),
        "the period from the announcement to the deadline must last at least 5 个工作日 \
         (政府采购法实施条例 第38条（单一来源公示，暂作最短期限）): \
         the deadline may be no earlier than 2026-05-11"
    );
}

#[test]
fn the_opening_is_at_the_bid_deadline() {
    let plan = construction_open();
    let run = plan.run_to(Phase::DocumentsReady);
    let err = run
        .given()
        .when(
            announce(plan.t.opening + time::Duration::hours(1)),
            &agency(),
            plan.t.announce,
        )
        .then_error("trade.opening_not_at_deadline");
    assert!(err.to_string().contains("第34条"));
    run.given()
        .when(announce(plan.t.announce), &agency(), plan.t.announce)
        .then_error("trade.invalid_input");
}

#[test]
fn a_deadline_in_an_unknown_year_is_refused() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::Accepted);
    // inject a booking in 2027 (as if made with a calendar that knew 2027), then announce
    let opening = datetime!(2027-01-12 09:30 +8);
    let booked = TradeEvent::VenueBooked {
        venue: venue(opening, opening, opening + time::Duration::hours(4)),
        previous: None,
        opening_on_rest_day: false,
        at: datetime!(2026-12-10 09:00 +8),
    };
    run.state.evolve(&booked);
    run.ok(upload(), &agency(), datetime!(2026-12-10 10:00 +8));
    let err = run
        .given()
        .when(announce(opening), &agency(), datetime!(2026-12-11 10:00 +8))
        .then_error("trade.calendar_unknown_year");
    assert_eq!(
        err,
        domain::TradeError::Calendar(legal_time::CalendarError::UnknownYear(2027))
    );
}

#[test]
fn an_amendment_15_days_ahead_needs_no_postponement() {
    let plan = construction_open();
    let run = plan.run_to(Phase::Announced);
    // deadline 03-26: an amendment on 03-11 leaves 15 日
    let amend = TradeCommand::AmendDocuments {
        file: blob("amendment-1.pdf"),
        new_deadline: None,
    };
    run.given()
        .when(amend.clone(), &agency(), datetime!(2026-03-11 18:00 +8))
        .then_kinds(&["trade.documents_amended"]);
    let err = run
        .given()
        .when(amend.clone(), &agency(), datetime!(2026-03-12 09:00 +8))
        .then_error("trade.amendment_needs_postponement");
    let domain::TradeError::AmendmentNeedsPostponement {
        earliest, article, ..
    } = err
    else {
        panic!()
    };
    assert_eq!(earliest, date!(2026 - 03 - 27));
    assert!(article.contains("第23条"));
    run.given()
        .when(amend.clone(), &staff(), datetime!(2026-03-11 09:00 +8))
        .then_error("trade.wrong_role");
    run.given()
        .when(amend, &agency(), plan.t.opening)
        .then_error("trade.late");
}

#[test]
fn a_late_amendment_postpones_the_deadline_and_moves_the_venue() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::Announced);
    let now = datetime!(2026-03-20 09:00 +8);
    let postpone = |d| TradeCommand::AmendDocuments {
        file: blob("amendment-1.pdf"),
        new_deadline: Some(d),
    };
    // 15 日 from 03-20: 04-04
    run.given()
        .when(postpone(datetime!(2026-04-03 09:30 +8)), &agency(), now)
        .then_error("trade.amendment_needs_postponement");
    let new_deadline = datetime!(2026-04-07 09:30 +8);
    let before = run.state.clone();
    let events = run.ok(postpone(new_deadline), &agency(), now);
    let TradeEvent::DocumentsAmended {
        venue: Some(moved), ..
    } = &events[0]
    else {
        panic!()
    };
    assert_eq!(moved.opening_at, new_deadline);
    assert_eq!(
        moved.evaluation_from - moved.opening_at,
        plan.t.eval_from - plan.t.opening
    );
    assert_eq!(run.state.summary().bid_deadline, Some(new_deadline));
    assert_eq!(run.state.summary().amendments, 1);
    assert_eq!(
        room_commands(&TradeId::parse("T-2026-0001").unwrap(), &before, &events).len(),
        4
    );
    // a postponement must be later
    run.given()
        .when(postpone(datetime!(2026-04-06 09:30 +8)), &agency(), now)
        .then_error("trade.deadline_not_later");
}

#[test]
fn amendments_come_after_the_announcement() {
    let plan = construction_open();
    let run = plan.run_to(Phase::DocumentsReady);
    let amend = TradeCommand::AmendDocuments {
        file: blob("a.pdf"),
        new_deadline: None,
    };
    run.given()
        .when(amend, &agency(), plan.t.announce)
        .then_error("trade.node_skipped");
}
