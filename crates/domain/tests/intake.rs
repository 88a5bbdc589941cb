//! Node 1's back and forth: an entry returned for corrections (退回补正) and resubmitted,
//! unlike a rejection that ends it; the green channel (绿色通道) asked for by the applicant
//! and decided by staff.

mod support;

use domain::Refuse;
use domain::trade::{Phase, TradeCommand, TradeEvent};
use support::plan::construction_open;
use support::*;
use time::macros::{date, datetime};

const MON: time::OffsetDateTime = datetime!(2026-03-02 09:00 +8);

fn give_back(reasons: &[&str]) -> TradeCommand {
    TradeCommand::ReturnEntry {
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
    }
}

fn resubmit() -> TradeCommand {
    TradeCommand::ResubmitEntry {
        note: "已补资金证明".into(),
        file: Some(blob("funds.pdf")),
    }
}

#[test]
fn a_returned_entry_waits_for_the_applicant_and_comes_back_with_a_new_time_limit() {
    let mut run = construction_open().run_to(Phase::Registered);
    // a return names every correction, at least one, citing the article
    let e = run
        .given()
        .when(give_back(&["", "  "]), &staff(), MON)
        .then_error("trade.reasons_required");
    assert_eq!(e.refusal().article, Some("行政许可法 第32条"));
    run.given()
        .when(give_back(&["x"]), &tenderer(), MON)
        .then_error("trade.wrong_role");
    // nothing to resubmit yet
    run.given()
        .when(resubmit(), &tenderer(), MON)
        .then_error("trade.entry_not_returned");
    run.ok(
        give_back(&["缺资金来源证明", " 法人授权书未盖章 "]),
        &staff(),
        MON,
    );
    assert_eq!(run.phase(), Phase::Registered, "returned, not ended");
    let returned = run.state.returned.clone().unwrap();
    assert_eq!(returned.reasons, ["缺资金来源证明", "法人授权书未盖章"]);
    // staff wait for the applicant: no acceptance and no second return meanwhile
    for cmd in [accept_plain(), give_back(&["再退"])] {
        let e = run
            .given()
            .when(cmd, &staff(), MON)
            .then_error("trade.awaiting_corrections");
        assert_eq!(e.refusal().article, Some("行政许可法 第32条"));
    }
    // only a party resubmits, with a note
    run.given()
        .when(resubmit(), &bidder(1), MON)
        .then_error("trade.wrong_role");
    run.given()
        .when(
            TradeCommand::ResubmitEntry {
                note: " ".into(),
                file: None,
            },
            &tenderer(),
            MON,
        )
        .then_error("trade.invalid_input");
    // Thursday 03-05: the 3 working days run again from the resubmission (to Tuesday 03-10)
    let events = run.ok(resubmit(), &tenderer(), datetime!(2026-03-05 10:00 +8));
    let TradeEvent::EntryResubmitted { accept_by, .. } = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(*accept_by, Some(date!(2026 - 03 - 10)));
    assert!(run.state.returned.is_none());
    run.ok(accept_plain(), &staff(), datetime!(2026-03-06 10:00 +8));
    assert_eq!(run.phase(), Phase::Accepted);
}

#[test]
fn a_green_channel_request_is_decided_by_staff_and_shortens_the_time_limit() {
    let mut run = construction_open().run_to(Phase::Registered);
    let ask = |reason: &str| TradeCommand::RequestGreenChannel {
        reason: reason.into(),
    };
    let decide = |approve: bool| TradeCommand::DecideGreenChannel {
        approve,
        reason: "抢险救灾工程".into(),
    };
    run.given()
        .when(decide(true), &staff(), MON)
        .then_error("trade.green_channel_not_requested");
    run.given()
        .when(ask(" "), &tenderer(), MON)
        .then_error("trade.invalid_input");
    run.given()
        .when(ask("x"), &staff(), MON)
        .then_error("trade.wrong_role");
    run.ok(ask("防汛应急工程"), &agency(), MON);
    run.given()
        .when(ask("再次申请"), &tenderer(), MON)
        .then_error("trade.green_channel_pending");
    run.given()
        .when(decide(true), &tenderer(), MON)
        .then_error("trade.wrong_role");
    // refused: the trade keeps the ordinary lane; the applicant may ask again
    run.ok(decide(false), &staff(), MON);
    assert!(!run.state.summary().green_channel);
    run.ok(ask("防汛应急工程，附批文"), &tenderer(), MON);
    // approved on Friday 04-03 before acceptance: 1 working day, Tuesday 04-07 (Qingming)
    let events = run.ok(decide(true), &staff(), datetime!(2026-04-03 09:00 +8));
    let TradeEvent::GreenChannelDecided { accept_by, .. } = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(*accept_by, Some(date!(2026 - 04 - 07)));
    assert!(run.state.summary().green_channel, "the queue puts it first");
    run.given()
        .when(ask("又一次"), &tenderer(), MON)
        .then_error("trade.green_channel_granted");
}
