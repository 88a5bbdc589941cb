//! Node 4: expert draw (committee size by method, timing).

mod support;

use domain::trade::{Phase, TradeCommand};
use support::plan::{Plan, construction_open, consultation, procurement_open};
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

fn postpone_to(deadline: time::OffsetDateTime) -> TradeCommand {
    TradeCommand::AmendDocuments {
        file: blob("amendment-1.pdf"),
        new_deadline: Some(deadline),
    }
}

#[test]
fn a_postponement_that_moves_the_evaluation_past_the_draw_window_voids_the_draw() {
    let plan = procurement_open(); // drawn Monday 04-27 for the evaluation on 04-29
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    // 15 日 from 04-27: the deadline, and the evaluation, move to Tuesday 05-12; its window
    // opens 05-09 (a 调休 working Saturday), so the draw of 04-27 is too early
    let new_deadline = datetime!(2026-05-12 09:30 +8);
    let events = run.ok(
        postpone_to(new_deadline),
        &agency(),
        datetime!(2026-04-27 15:00 +8),
    );
    assert_eq!(
        events[1],
        domain::TradeEvent::DrawVoided {
            earliest: date!(2026 - 05 - 09),
            article: "财库〔2016〕198号 第14条".into(),
            at: datetime!(2026-04-27 15:00 +8),
        }
    );
    assert!(events[0].is_public() && !events[1].is_public());
    assert_eq!(run.phase(), Phase::Announced);
    assert_eq!(run.state.summary().experts_drawn_at, None);
    // the bids stay; the opening waits for a new draw in the new window
    let opening = new_deadline + time::Duration::seconds(1);
    let err = run
        .given()
        .when(TradeCommand::OpenBids, &staff(), opening)
        .then_error("trade.node_skipped");
    assert!(matches!(
        err,
        domain::TradeError::NodeSkipped { node: 4, .. }
    ));
    run.given()
        .when(draw(7), &staff(), datetime!(2026-05-08 17:00 +8))
        .then_error("trade.draw_too_early");
    run.ok(draw(7), &staff(), datetime!(2026-05-09 09:00 +8));
    run.given()
        .when(TradeCommand::OpenBids, &staff(), opening)
        .then_kinds(&["trade.opening_started"]);
}

#[test]
fn without_a_draw_window_a_postponement_keeps_the_draw() {
    let plan = construction_open(); // drawn 03-25, no national window
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(
        postpone_to(datetime!(2026-04-09 09:30 +8)),
        &agency(),
        datetime!(2026-03-25 17:00 +8),
    );
    assert_eq!(run.phase(), Phase::ExpertsDrawn);
    assert!(run.state.summary().experts_drawn_at.is_some());
}

#[test]
fn resuming_with_a_new_deadline_re_checks_the_draw_window() {
    let plan = procurement_open(); // drawn 04-27 for the evaluation on 04-29
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    let suspend = TradeCommand::Suspend {
        reason: "质疑处理中".into(),
    };
    run.ok(suspend, &supervisor(), datetime!(2026-04-28 09:00 +8));
    let resume = |d| TradeCommand::Resume {
        new_deadline: Some(d),
    };
    // two hours later on the same day: the window still opens 04-27, the draw stands
    run.given()
        .when(
            resume(datetime!(2026-04-29 11:30 +8)),
            &staff(),
            datetime!(2026-04-28 10:00 +8),
        )
        .then_kinds(&["trade.resumed"]);
    // to Thursday 05-07: its window opens 04-30 (05-01..05-05 off), the draw is void
    let events = run.ok(
        resume(datetime!(2026-05-07 09:30 +8)),
        &staff(),
        datetime!(2026-04-28 10:00 +8),
    );
    assert!(matches!(
        &events[..],
        [
            domain::TradeEvent::Resumed { .. },
            domain::TradeEvent::DrawVoided { earliest, .. }
        ] if *earliest == date!(2026 - 04 - 30)
    ));
    assert_eq!(run.phase(), Phase::Announced);
    run.ok(draw(7), &staff(), datetime!(2026-04-30 09:00 +8));
    assert_eq!(run.phase(), Phase::ExpertsDrawn);
}

/// 财政部令第74号 第7条: a negotiation or quotation group is ≥ 3, odd, and ≥ 5 for a purchase
/// at or above the open-tender threshold (200万, the central default); consultation keeps 3.
#[test]
fn negotiation_and_quotation_groups_need_5_at_or_above_the_open_tender_threshold() {
    use domain::Method::*;
    for method in [
        CompetitiveNegotiation,
        RequestForQuotation,
        CompetitiveConsultation,
    ] {
        for (estimate, large) in [("1999999.99", false), ("2000000", true)] {
            let plan = Plan {
                method,
                estimate,
                ..consultation()
            };
            let minimum = if large && method != CompetitiveConsultation {
                5
            } else {
                3
            };
            let g = plan.run_to(Phase::Announced).given();
            let err = g
                .when(draw(minimum - 2), &staff(), plan.t.draw)
                .then_error("trade.committee_too_small");
            if minimum == 5 {
                assert!(err.to_string().contains("财政部令第74号 第7条"), "{err}");
            }
            g.when(draw(minimum + 1), &staff(), plan.t.draw)
                .then_error("trade.committee_not_odd");
            g.when(draw(minimum), &staff(), plan.t.draw)
                .then_kinds(&["trade.experts_drawn"]);
        }
    }
}
