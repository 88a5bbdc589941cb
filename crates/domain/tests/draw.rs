//! Node 4: expert draw (committee size by method, timing).

mod support;

use domain::trade::{Phase, TradeCommand};
use support::plan::{construction_open, consultation, procurement_open};
use support::*;
use time::macros::{date, datetime};

fn draw(size: u32) -> TradeCommand {
    TradeCommand::RecordExpertDraw {
        committee_size: size,
        experts_commitment: commitment(),
    }
}

#[test]
fn construction_committee_is_at_least_5_and_odd() {
    let plan = construction_open();
    let g = plan.run_to(Phase::Announced).given();
    let err = g
        .when(draw(3), &staff(), plan.t.draw)
        .then_error("trade.committee_too_small");
    assert!(err.to_string().contains("招标投标法 第37条"));
    g.when(draw(6), &staff(), plan.t.draw)
        .then_error("trade.committee_not_odd");
    g.when(draw(5), &staff(), plan.t.draw)
        .then_kinds(&["trade.experts_drawn"]);
    g.when(draw(5), &agency(), plan.t.draw)
        .then_error("trade.wrong_role");
}

#[test]
fn procurement_of_10_million_or_more_needs_7() {
    let plan = procurement_open(); // 1200万
    let g = plan.run_to(Phase::Announced).given();
    let err = g
        .when(draw(5), &staff(), plan.t.draw)
        .then_error("trade.committee_too_small");
    assert!(matches!(
        err,
        domain::TradeError::CommitteeTooSmall {
            minimum: 7,
            article: "财政部令第87号 第47条",
            ..
        }
    ));
    g.when(draw(7), &staff(), plan.t.draw)
        .then_kinds(&["trade.experts_drawn"]);
    // exactly 1000万 is "以上": 7 as well; just below: 5
    for (estimate, size, ok) in [("10000000", 5, false), ("9999999.99", 5, true)] {
        let mut p = procurement_open();
        p.estimate = estimate;
        let r = p
            .run_to(Phase::Announced)
            .given()
            .when(draw(size), &staff(), p.t.draw);
        assert_eq!(r.result.is_ok(), ok, "{estimate}");
    }
}

#[test]
fn procurement_draw_not_earlier_than_2_working_days_before_the_evaluation() {
    let plan = procurement_open(); // evaluation Wednesday 04-29
    let g = plan.run_to(Phase::Announced).given();
    let err = g
        .when(draw(7), &staff(), datetime!(2026-04-24 17:00 +8))
        .then_error("trade.draw_too_early");
    assert!(
        matches!(err, domain::TradeError::DrawTooEarly { earliest, .. } if earliest == date!(2026 - 04 - 27))
    );
    g.when(draw(7), &staff(), datetime!(2026-04-27 08:00 +8))
        .then_kinds(&["trade.experts_drawn"]);
}

#[test]
fn consultation_group_is_at_least_3_and_has_no_draw_window() {
    let plan = consultation();
    let g = plan.run_to(Phase::Announced).given();
    g.when(draw(1), &staff(), plan.t.draw)
        .then_error("trade.committee_too_small");
    g.when(draw(3), &staff(), datetime!(2026-06-03 09:00 +8))
        .then_kinds(&["trade.experts_drawn"]);
}

#[test]
fn the_draw_comes_after_the_announcement_and_before_the_opening() {
    let plan = construction_open();
    let err = plan
        .run_to(Phase::DocumentsReady)
        .given()
        .when(draw(5), &staff(), plan.t.draw)
        .then_error("trade.node_skipped");
    assert!(matches!(
        err,
        domain::TradeError::NodeSkipped { node: 3, .. }
    ));
    let g = plan.run_to(Phase::Announced).given();
    g.when(draw(5), &staff(), plan.t.opening)
        .then_error("trade.late");
    let mut no_bids = construction_open();
    no_bids.bidders = vec![];
    no_bids
        .run_to(Phase::ExpertsDrawn)
        .given()
        .when(draw(5), &staff(), plan.t.draw)
        .then_error("trade.wrong_phase");
}
