//! Node 5: sealed bids (deadline to the second, handles and tokens, modification and
//! withdrawal, nothing in the log names the bidder), the start of the opening (minimum
//! bidders), evaluation records. The opening itself is in `opening.rs`.

mod support;

use domain::Actor;
use domain::trade::sealed::SealedBid;
use domain::trade::{FailureReason, Phase, TradeCommand, TradeEvent};
use domain::{BusinessLine, DomainEvent, Method, Role};
use support::plan::{Plan, construction_open, procurement_open};
use support::*;
use time::Duration;

fn no_bids(mut plan: Plan) -> Plan {
    plan.bidders = vec![];
    plan
}

#[test]
fn a_bid_at_the_deadline_second_is_in_time_one_second_later_is_late() {
    let plan = no_bids(construction_open());
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    let events = g
        .when(submit_bid(1), &bidder(1), plan.t.opening)
        .then_kinds(&["trade.bid_submitted"]);
    assert!(!events[0].is_public(), "who bids is confidential");
    assert_eq!(events[0].at(), plan.t.opening);
    // still within the deadline second
    g.when(
        submit_bid(1),
        &bidder(1),
        plan.t.opening + Duration::milliseconds(999),
    )
    .then_kinds(&["trade.bid_submitted"]);
    let err = g
        .when(
            submit_bid(1),
            &bidder(1),
            plan.t.opening + Duration::seconds(1),
        )
        .then_error("trade.late");
    assert_eq!(
        err,
        domain::TradeError::Late {
            action: "submit_bid",
            deadline: plan.t.opening
        }
    );
}

/// The rule the commands above apply is the one the deposits and the pages ask: decided once,
/// in `domain::trade::deadline_second_over` and the state's `bidding_open`.
#[test]
fn the_deadline_second_rule_is_asked_in_one_place() {
    let plan = no_bids(construction_open());
    let deadline = plan.t.opening;
    let within = deadline + Duration::milliseconds(999);
    let after = deadline + Duration::seconds(1);
    assert!(!domain::trade::deadline_second_over(deadline, within));
    assert!(domain::trade::deadline_second_over(deadline, after));
    let state = plan.run_to(Phase::ExpertsDrawn).state;
    assert!(state.bidding_open(within) && !state.bid_deadline_over(within));
    assert!(!state.bidding_open(after) && state.bid_deadline_over(after));
    // Before the announcement there is no deadline: nothing is over, bidding is not open.
    let registered = plan.run_to(Phase::Accepted).state;
    assert!(!registered.bidding_open(within) && !registered.bid_deadline_over(after));
}

#[test]
fn only_a_bidder_for_its_own_org() {
    let plan = no_bids(construction_open());
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    g.when(submit_bid(1), &bidder(2), plan.t.bid)
        .then_error("trade.not_party");
    g.when(submit_bid(1), &agency(), plan.t.bid)
        .then_error("trade.wrong_role");
    let tenderer_as_bidder =
        domain::Actor::new("x", Role::Bidder).with_org(tenderer_org().as_str());
    let TradeCommand::SubmitBid {
        handle,
        envelope,
        key_id,
        label,
        token_hash,
        replaces,
        ..
    } = submit_bid(1)
    else {
        unreachable!()
    };
    let own = TradeCommand::SubmitBid {
        bidder: tenderer_org(),
        handle,
        envelope,
        key_id,
        label,
        token_hash,
        replaces,
    };
    g.when(own, &tenderer_as_bidder, plan.t.bid)
        .then_error("trade.bidder_is_party");
}

#[test]
fn bids_come_after_the_announcement() {
    let plan = construction_open();
    let err = plan
        .run_to(Phase::DocumentsReady)
        .given()
        .when(submit_bid(1), &bidder(1), plan.t.bid)
        .then_error("trade.node_skipped");
    assert!(matches!(
        err,
        domain::TradeError::NodeSkipped { node: 3, .. }
    ));
    // bids are also received before the draw
    plan.run_to(Phase::Announced)
        .given()
        .when(submit_bid(1), &bidder(1), plan.t.bid)
        .then_kinds(&["trade.bid_submitted"]);
}

#[test]
fn invited_tendering_accepts_invited_bidders_only() {
    let mut plan = no_bids(construction_open());
    plan.method = Method::InvitedTendering;
    plan.invited = vec![bidder_org(1), bidder_org(2), bidder_org(3)];
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    g.when(submit_bid(2), &bidder(2), plan.t.bid)
        .then_kinds(&["trade.bid_submitted"]);
    let err = g
        .when(submit_bid(4), &bidder(4), plan.t.bid)
        .then_error("trade.not_invited");
    assert!(err.to_string().contains("第17条"));
}

#[test]
fn a_bid_is_withdrawn_with_the_token_of_its_receipt_until_the_deadline() {
    let plan = construction_open();
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    // the event names the handle only
    g.when(withdraw(1, 1, token(1)), &bidder(1), plan.t.opening)
        .then(&[TradeEvent::BidWithdrawn {
            handle: handle(1),
            at: plan.t.opening,
        }]);
    g.when(
        withdraw(1, 1, token(1)),
        &bidder(1),
        plan.t.opening + Duration::milliseconds(999),
    )
    .then_kinds(&["trade.bid_withdrawn"]);
    g.when(
        withdraw(1, 1, token(1)),
        &bidder(1),
        plan.t.opening + Duration::seconds(1),
    )
    .then_error("trade.late");
    // the token of another bid does not open this one
    g.when(withdraw(1, 1, token(2)), &bidder(1), plan.t.bid)
        .then_error("trade.bad_bid_token");
    g.when(withdraw(9, 9, token(9)), &bidder(9), plan.t.bid)
        .then_error("trade.unknown_bid");
    // the organisation named must be the caller's own
    g.when(withdraw(1, 1, token(1)), &bidder(2), plan.t.bid)
        .then_error("trade.not_party");
    g.when(withdraw(1, 1, token(1)), &staff(), plan.t.bid)
        .then_error("trade.wrong_role");
}

#[test]
fn a_withdrawn_bid_is_gone_and_its_handle_used_up() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(withdraw(1, 1, token(1)), &bidder(1), plan.t.bid);
    assert!(!run.state.round.bids.contains_key(&handle(1)));
    assert!(run.state.round.used_handles.contains(&handle(1)));
    run.given()
        .when(withdraw(1, 1, token(1)), &bidder(1), plan.t.bid)
        .then_error("trade.unknown_bid");
    // a handle is never used twice in a round, not even by its own bidder
    run.given()
        .when(submit_bid(1), &bidder(1), plan.t.bid)
        .then_error("trade.bid_handle_used");
    // a new bid takes a new handle
    run.given()
        .when(sealed_bid(1, 11), &bidder(1), plan.t.bid)
        .then_kinds(&["trade.bid_submitted"]);
}

#[test]
fn a_handle_in_use_is_refused() {
    let plan = construction_open();
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    g.when(submit_bid(2), &bidder(2), plan.t.bid)
        .then_error("trade.bid_handle_used");
    // whoever sends it
    g.when(sealed_bid(9, 2), &bidder(9), plan.t.bid)
        .then_error("trade.bid_handle_used");
    g.when(sealed_bid(9, 9), &bidder(9), plan.t.bid)
        .then_kinds(&["trade.bid_submitted"]);
}

#[test]
fn a_bid_sealed_to_another_key_is_refused() {
    let plan = no_bids(construction_open());
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    let TradeCommand::SubmitBid {
        bidder: org,
        handle,
        envelope,
        label,
        token_hash,
        replaces,
        ..
    } = submit_bid(1)
    else {
        unreachable!()
    };
    let wrong = TradeCommand::SubmitBid {
        bidder: org,
        handle,
        envelope,
        key_id: other_key_id(),
        label,
        token_hash,
        replaces,
    };
    let err = g
        .when(wrong, &bidder(1), plan.t.bid)
        .then_error("trade.wrong_opening_key");
    assert_eq!(
        err,
        domain::TradeError::WrongOpeningKey {
            expected: key_id().to_string(),
            found: other_key_id().to_string(),
        }
    );
}

#[test]
fn a_round_announced_without_an_opening_key_takes_no_bids() {
    // an announcement recorded before bids were sealed (the key defaults to none)
    let plan = no_bids(construction_open());
    let mut run = plan.run_to(Phase::DocumentsReady);
    let json = serde_json::json!({
        "type": "announcement_published",
        "bid_deadline": "2026-03-26T09:30:00+08:00",
        "round": 1,
        "at": "2026-03-04T10:00:00+08:00"
    });
    let old: TradeEvent = serde_json::from_value(json).unwrap();
    run.state.evolve(&old);
    assert_eq!(run.phase(), Phase::Announced);
    assert_eq!(run.state.round.opening_key, None);
    let g = run.given();
    let err = g
        .when(submit_bid(1), &bidder(1), plan.t.bid)
        .then_error("trade.no_opening_key");
    assert!(err.to_string().contains("第26条"), "{err}");
    g.when(obtain(1), &bidder(1), plan.t.bid)
        .then_error("trade.no_opening_key");
}

#[test]
fn a_bid_is_modified_by_replacing_it_with_the_token_of_the_old_one() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    let later = plan.t.bid + Duration::hours(1);
    let events = run.ok(replace_bid(1, 11, 1, token(1)), &bidder(1), later);
    let TradeEvent::BidSubmitted { bid, replaces } = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(replaces.as_ref(), Some(&handle(1)));
    assert_eq!(bid.handle, handle(11));
    // the old bid is gone, the new one counts; still 3 bids
    let bids = &run.state.round.bids;
    assert!(!bids.contains_key(&handle(1)) && bids.contains_key(&handle(11)));
    assert_eq!(bids.len(), 3);
    assert_eq!(bids[&handle(11)].at, later);
    // the old token is spent; the new bid has its own
    run.given()
        .when(replace_bid(1, 12, 1, token(1)), &bidder(1), later)
        .then_error("trade.unknown_bid");
    run.given()
        .when(withdraw(1, 11, token(1)), &bidder(1), later)
        .then_error("trade.bad_bid_token");
    run.given()
        .when(withdraw(1, 11, token(11)), &bidder(1), later)
        .then_kinds(&["trade.bid_withdrawn"]);
}

#[test]
fn a_replacement_with_a_wrong_token_or_after_the_deadline_is_refused() {
    let plan = construction_open();
    let run = plan.run_to(Phase::ExpertsDrawn);
    let g = run.given();
    g.when(replace_bid(1, 11, 1, token(2)), &bidder(1), plan.t.bid)
        .then_error("trade.bad_bid_token");
    g.when(replace_bid(1, 11, 1, token(1)), &bidder(1), plan.t.opening)
        .then_kinds(&["trade.bid_submitted"]);
    g.when(
        replace_bid(1, 11, 1, token(1)),
        &bidder(1),
        plan.t.opening + Duration::seconds(1),
    )
    .then_error("trade.late");
    // refused: nothing changed
    assert_eq!(g.state.round.bids.len(), 3);
    assert!(g.state.round.bids.contains_key(&handle(1)));
}

/// Serialises `event` and checks that no bidder's code appears anywhere in it.
fn assert_names_nobody(event: &TradeEvent) {
    let json = serde_json::to_string(event).unwrap();
    for n in 1..=9 {
        let code = bidder_org(n);
        assert!(
            !json.contains(code.as_str())
                && !json.to_lowercase().contains(&code.as_str().to_lowercase()),
            "{} names bidder {code}: {json}",
            event.kind()
        );
    }
    assert!(
        event.hides_actor(),
        "{}: the log records no actor",
        event.kind()
    );
    assert!(!event.is_public(), "{}", event.kind());
}

#[test]
fn the_sealed_events_name_no_bidder() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(replace_bid(2, 12, 2, token(2)), &bidder(2), plan.t.bid);
    run.ok(withdraw(3, 3, token(3)), &bidder(3), plan.t.bid);
    let sealed: Vec<&TradeEvent> = run
        .log
        .iter()
        .filter(|e| {
            matches!(
                e,
                TradeEvent::BidSubmitted { .. }
                    | TradeEvent::BidWithdrawn { .. }
                    | TradeEvent::DocumentsObtained { .. }
            )
        })
        .collect();
    // 3 obtained, 3 bids, 1 replacement, 1 withdrawal
    assert_eq!(sealed.len(), 8);
    for e in sealed {
        assert_names_nobody(e);
    }
    // the other events do not hide who acted
    for e in run.log.iter().filter(|e| {
        !matches!(
            e,
            TradeEvent::BidSubmitted { .. }
                | TradeEvent::BidWithdrawn { .. }
                | TradeEvent::DocumentsObtained { .. }
        )
    }) {
        assert!(!e.hides_actor(), "{}", e.kind());
    }
    // the state before the opening knows no bidder either
    let state = format!("{:?}", run.state.round);
    for n in 1..=3 {
        assert!(!state.contains(bidder_org(n).as_str()), "{state}");
    }
}

#[test]
fn a_sealed_bid_is_what_the_command_sealed() {
    let plan = construction_open();
    let g = plan.run_to(Phase::Announced).given();
    g.when(submit_bid(4), &bidder(4), plan.t.bid)
        .then(&[TradeEvent::BidSubmitted {
            bid: SealedBid {
                handle: handle(4),
                envelope: blob("envelope-4.sealed"),
                label: label("YmlkLWxhYmVs", 4),
                token_hash: token(4),
                at: plan.t.bid,
            },
            replaces: None,
        }]);
}

#[test]
fn the_opening_waits_for_the_deadline() {
    let plan = construction_open();
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    let err = g
        .when(TradeCommand::OpenBids, &staff(), plan.t.opening)
        .then_error("trade.too_early");
    // the deadline second itself still belongs to the bidders
    assert_eq!(
        err,
        domain::TradeError::TooEarly {
            action: "open_bids",
            not_before: plan.t.opening + Duration::seconds(1)
        }
    );
    g.when(
        TradeCommand::OpenBids,
        &bidder(1),
        plan.t.opening + Duration::seconds(1),
    )
    .then_error("trade.wrong_role");
    let events = g
        .when(
            TradeCommand::OpenBids,
            &domain::Actor::platform(),
            plan.t.opening + Duration::seconds(1),
        )
        .events();
    // the opening starts and waits for the custodians: no bidder is named yet
    assert_eq!(
        events,
        [TradeEvent::OpeningStarted {
            bids: 3,
            round: 1,
            at: plan.t.opening + Duration::seconds(1)
        }]
    );
    assert!(events[0].is_public());
    g.when(
        TradeCommand::OpenBids,
        &staff(),
        plan.t.opening + Duration::seconds(1),
    )
    .then_kinds(&["trade.opening_started"]);
}

#[test]
fn the_opening_starts_once() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    let opening = run.state.round.opening.clone().unwrap();
    assert_eq!((opening.started_at, opening.bids), (plan.t.open(), 3));
    assert!(opening.shares.is_empty());
    assert_eq!(run.phase(), Phase::ExpertsDrawn, "no bid is open yet");
    let err = run
        .given()
        .when(TradeCommand::OpenBids, &Actor::platform(), plan.t.share(3))
        .then_error("trade.opening_started");
    assert_eq!(
        err,
        domain::TradeError::OpeningStarted {
            action: "open_bids"
        }
    );
    // and no bid is taken or withdrawn any more (the deadline has passed)
    run.given()
        .when(withdraw(1, 1, token(1)), &bidder(1), plan.t.share(0))
        .then_error("trade.late");
}

#[test]
fn fewer_than_3_bids_no_opening_re_tender() {
    let mut plan = construction_open();
    plan.bidders = vec![1, 2];
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    let events = run.ok(
        TradeCommand::OpenBids,
        &staff(),
        plan.t.opening + Duration::seconds(1),
    );
    let TradeEvent::TradeFailed {
        reason:
            FailureReason::TooFewBids {
                bids,
                minimum,
                article,
            },
        round: 1,
        ..
    } = &events[0]
    else {
        panic!("{events:?}")
    };
    assert_eq!((*bids, *minimum), (2, 3));
    assert!(article.contains("第28条"));
    assert_eq!(run.phase(), Phase::Failed);
    assert!(
        run.state
            .summary()
            .end_reason
            .unwrap()
            .contains("fewer than 3 bids")
    );
    assert!(events[0].releases_rooms());
    assert_eq!(run.state.round.opening, None, "no opening");
    assert!(run.state.round.opening_record.is_empty());
    assert!(run.state.round.obtainers.is_empty(), "nobody unsealed");
}

#[test]
fn a_withdrawn_bid_does_not_count() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(withdraw(3, 3, token(3)), &bidder(3), plan.t.bid);
    run.given()
        .when(
            TradeCommand::OpenBids,
            &staff(),
            plan.t.opening + Duration::seconds(1),
        )
        .then_kinds(&["trade.failed"]);
}

#[test]
fn without_a_draw_only_the_failure_can_be_declared() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::Announced);
    run.bid(1, plan.t.bid);
    run.given()
        .when(
            TradeCommand::OpenBids,
            &staff(),
            plan.t.opening + Duration::seconds(1),
        )
        .then_kinds(&["trade.failed"]);
    run.bid(2, plan.t.bid);
    run.bid(3, plan.t.bid);
    let err = run
        .given()
        .when(
            TradeCommand::OpenBids,
            &staff(),
            plan.t.opening + Duration::seconds(1),
        )
        .then_error("trade.node_skipped");
    assert!(matches!(
        err,
        domain::TradeError::NodeSkipped { node: 4, .. }
    ));
}

#[test]
fn single_source_opens_with_one_bid() {
    let mut plan = procurement_open();
    plan.method = Method::SingleSource;
    plan.invited = vec![bidder_org(1)];
    plan.bidders = vec![1];
    plan.committee = 3;
    plan.estimate = "500000";
    assert_eq!(plan.line, BusinessLine::Procurement);
    let run = plan.run_to(Phase::ExpertsDrawn);
    run.given()
        .when(
            TradeCommand::OpenBids,
            &staff(),
            plan.t.opening + Duration::seconds(1),
        )
        .then_kinds(&["trade.opening_started"]);
    let opened = plan.run_to(Phase::Opened);
    assert_eq!(opened.state.round.opened_bidders, [bidder_org(1)]);
}

fn evaluate(ranked: &[u32]) -> TradeCommand {
    TradeCommand::RecordEvaluation {
        report: blob("report.pdf"),
        ranked: ranked.iter().map(|n| bidder_org(*n)).collect(),
    }
}

#[test]
fn the_report_ranks_1_to_3_bidders_whose_bids_were_opened() {
    let plan = construction_open();
    let g = plan.run_to(Phase::Opened).given();
    let t = plan.t.evaluate;
    g.when(evaluate(&[2, 1, 3]), &expert(), t)
        .then_kinds(&["trade.evaluation_recorded"]);
    g.when(evaluate(&[2]), &staff(), t)
        .then_kinds(&["trade.evaluation_recorded"]);
    let err = g
        .when(evaluate(&[1, 2, 3, 4]), &expert(), t)
        .then_error("trade.candidate_count");
    assert!(err.to_string().contains("第53条"));
    g.when(evaluate(&[]), &expert(), t)
        .then_error("trade.candidate_count");
    g.when(evaluate(&[1, 1]), &expert(), t)
        .then_error("trade.candidate_count");
    g.when(evaluate(&[1, 9]), &expert(), t)
        .then_error("trade.not_a_bidder");
    g.when(evaluate(&[1]), &tenderer(), t)
        .then_error("trade.wrong_role");
    let before = plan.run_to(Phase::ExpertsDrawn).given();
    before
        .when(evaluate(&[1]), &expert(), t)
        .then_error("trade.node_skipped");
}

#[test]
fn the_committee_may_reject_all_bids() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::Opened);
    let reject = TradeCommand::RejectAllBids {
        report: blob("report.pdf"),
        reason: "均未实质性响应".into(),
    };
    let events = run.ok(reject, &expert(), plan.t.evaluate);
    assert!(matches!(
        &events[0],
        TradeEvent::TradeFailed {
            reason: FailureReason::AllBidsRejected { .. },
            ..
        }
    ));
    assert_eq!(run.phase(), Phase::Failed);
}

#[test]
fn error_messages_show_beijing_time_to_the_second() {
    let plan = construction_open(); // deadline 2026-03-26 09:30 Beijing
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    let err = g
        .when(
            submit_bid(1),
            &bidder(1),
            plan.t.opening + Duration::seconds(1),
        )
        .then_error("trade.late");
    assert_eq!(
        err.to_string(),
        "submit_bid: too late, the deadline was 2026-03-26 09:30:00"
    );
    let err = g
        .when(TradeCommand::OpenBids, &staff(), plan.t.opening)
        .then_error("trade.too_early");
    assert_eq!(
        err.to_string(),
        "open_bids: too early, not before 2026-03-26 09:30:01"
    );
    // an instant held in UTC (or with fractions) still reads as Beijing time to the second
    let utc = time::macros::datetime!(2026-03-25 17:30:00.5 UTC);
    let late = domain::TradeError::Late {
        action: "withdraw_bid",
        deadline: utc,
    };
    assert_eq!(
        late.to_string(),
        "withdraw_bid: too late, the deadline was 2026-03-26 01:30:00"
    );
}

#[test]
fn the_candidate_cap_cites_the_rule_of_its_line() {
    let mut negotiation = procurement_open();
    negotiation.method = Method::CompetitiveNegotiation;
    negotiation.estimate = "900000";
    negotiation.committee = 3;
    // (plan, must cite, must not cite)
    let cases = [
        (construction_open(), "条例 第53条", "87号令"),
        (procurement_open(), "财政部令第87号 第68条", "条例 第53条"),
        (negotiation, "财政部令第74号 [M]", "条例 第53条"),
    ];
    for (plan, cites, not) in cases {
        let err = plan
            .run_to(Phase::Opened)
            .given()
            .when(evaluate(&[1, 2, 3, 4]), &expert(), plan.t.evaluate)
            .then_error("trade.candidate_count");
        let message = err.to_string();
        assert!(
            message.contains(cites) && !message.contains(not),
            "{message}"
        );
        if plan.line == BusinessLine::Procurement {
            // no procurement text caps the list at 3: the cap is a marked default
            assert!(message.contains("3 is a default"), "{message}");
        }
    }
}

#[test]
fn rejecting_all_bids_cites_the_rule_of_its_line() {
    let mut consultation = procurement_open();
    consultation.method = Method::CompetitiveConsultation;
    consultation.estimate = "900000";
    consultation.committee = 3;
    let cases = [
        (construction_open(), "招标投标法 第42条"),
        (
            procurement_open(),
            "政府采购法 第36条; 财政部令第87号 第43条",
        ),
        (consultation, "财库〔2014〕214号 [M]"),
    ];
    for (plan, article) in cases {
        let mut run = plan.run_to(Phase::Opened);
        let reject = TradeCommand::RejectAllBids {
            report: blob("report.pdf"),
            reason: "均未实质性响应".into(),
        };
        run.ok(reject, &expert(), plan.t.evaluate);
        let end = run.state.summary().end_reason.unwrap();
        assert_eq!(
            end,
            format!("all bids rejected: 均未实质性响应; re-tender ({article})")
        );
        if plan.line == BusinessLine::Procurement {
            assert!(!end.contains("招标投标法"), "{end}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Any second up to and including the deadline is in time; any later second is late.
    #[test]
    fn bids_are_in_time_iff_not_after_the_deadline_second(offset in -86_400i64..86_400) {
        let plan = no_bids(construction_open());
        let g = plan.run_to(Phase::ExpertsDrawn).given();
        let result = g.when(submit_bid(1), &bidder(1), plan.t.opening + Duration::seconds(offset)).result;
        proptest::prop_assert_eq!(result.is_ok(), offset <= 0);
    }
}
