//! Obtaining the tender documents (获取招标文件, issues #3 and #4): who, when, invitations,
//! confidentiality (each obtaining is a sealed event, revealed at the opening), and the
//! per-method table, which the opening record now reports instead of refusing a bid.

mod support;

use domain::access::{Action, Relation, may_read_event, read_action, relation_to_trade};
use domain::methods::METHOD_TABLE;
use domain::trade::obtain::OBTAIN_TABLE;
use domain::trade::{Phase, TradeCommand, TradeEvent, obtain_rule};
use domain::{BusinessLine, DomainEvent, Method, Role};
use support::plan::{Plan, construction_open, consultation, procurement_open};
use support::*;
use time::Duration;

fn no_bids(mut plan: Plan) -> Plan {
    plan.bidders = vec![];
    plan
}

#[test]
fn a_bidder_obtains_the_documents_in_a_private_event() {
    let plan = no_bids(construction_open());
    let run = plan.run_to(Phase::Announced);
    let events = run.given().when(obtain(1), &bidder(1), plan.t.bid).events();
    // who is sealed to the opening key: the event names nobody
    assert_eq!(
        events,
        [TradeEvent::DocumentsObtained {
            label: label("b2J0YWlu", 1),
            round: 1,
            holder: None,
            at: plan.t.bid,
        }]
    );
    assert_eq!(events[0].kind(), "trade.documents_obtained");
    assert!(
        !events[0].is_public(),
        "who obtained the documents is confidential until the opening (电子招标投标办法 第21条)"
    );
    assert!(events[0].hides_actor(), "the log records no actor either");
    let json = serde_json::to_string(&events[0]).unwrap();
    assert!(!json.contains(bidder_org(1).as_str()), "{json}");
    let run = run.obtained(&[1], plan.t.bid);
    assert_eq!(run.state.round.sealed_obtains, 1);
    assert!(
        run.state.round.obtainers.is_empty(),
        "known from the opening on"
    );
    // also after the draw
    plan.run_to(Phase::ExpertsDrawn)
        .given()
        .when(obtain(2), &bidder(2), plan.t.bid)
        .then_kinds(&["trade.documents_obtained"]);
}

#[test]
fn only_a_bidder_for_its_own_organisation() {
    let plan = no_bids(construction_open());
    let g = plan.run_to(Phase::Announced).given();
    g.when(obtain(1), &agency(), plan.t.bid)
        .then_error("trade.wrong_role");
    g.when(obtain(1), &staff(), plan.t.bid)
        .then_error("trade.wrong_role");
    g.when(obtain(1), &public(), plan.t.bid)
        .then_error("trade.wrong_role");
    g.when(obtain(1), &bidder(2), plan.t.bid)
        .then_error("trade.not_party");
    let tenderer_as_bidder =
        domain::Actor::new("x", Role::Bidder).with_org(tenderer_org().as_str());
    let own = TradeCommand::ObtainDocuments {
        bidder: tenderer_org(),
        label: Some(label("b2J0YWlu", 0)),
        holder: None,
    };
    g.when(own, &tenderer_as_bidder, plan.t.bid)
        .then_error("trade.bidder_is_party");
}

#[test]
fn only_while_bidding_is_open_and_until_the_deadline_second() {
    let plan = no_bids(construction_open());
    plan.run_to(Phase::DocumentsReady)
        .given()
        .when(obtain(1), &bidder(1), plan.t.bid)
        .then_error("trade.node_skipped");
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    g.when(obtain(1), &bidder(1), plan.t.opening)
        .then_kinds(&["trade.documents_obtained"]);
    let err = g
        .when(obtain(1), &bidder(1), plan.t.opening + Duration::seconds(1))
        .then_error("trade.late");
    assert_eq!(
        err,
        domain::TradeError::Late {
            action: "obtain_documents",
            deadline: plan.t.opening
        }
    );
    construction_open()
        .run_to(Phase::Opened)
        .given()
        .when(obtain(9), &bidder(9), plan.t.evaluate)
        .then_error("trade.wrong_phase");
    let mut suspended = plan.run_to(Phase::Announced);
    suspended.ok(
        TradeCommand::Suspend {
            reason: "异议".into(),
        },
        &supervisor(),
        plan.t.bid,
    );
    suspended
        .given()
        .when(obtain(1), &bidder(1), plan.t.bid)
        .then_error("trade.suspended");
}

#[test]
fn invited_methods_give_the_documents_to_invitees_only() {
    let mut plan = no_bids(construction_open());
    plan.method = Method::InvitedTendering;
    plan.invited = vec![bidder_org(1), bidder_org(2), bidder_org(3)];
    let g = plan.run_to(Phase::Announced).given();
    g.when(obtain(2), &bidder(2), plan.t.bid)
        .then_kinds(&["trade.documents_obtained"]);
    let err = g
        .when(obtain(4), &bidder(4), plan.t.bid)
        .then_error("trade.not_invited");
    assert!(err.to_string().contains("第17条"), "{err}");
}

#[test]
fn the_platform_seals_who_obtained() {
    let plan = no_bids(construction_open());
    let g = plan.run_to(Phase::Announced).given();
    let unsealed = TradeCommand::ObtainDocuments {
        bidder: bidder_org(1),
        label: None,
        holder: None,
    };
    let err = g
        .when(unsealed, &bidder(1), plan.t.bid)
        .then_error("trade.invalid_input");
    assert!(err.to_string().contains("label"), "{err}");
}

#[test]
fn each_obtaining_is_one_sealed_event() {
    let plan = no_bids(construction_open());
    let mut run = plan
        .run_to(Phase::Announced)
        .obtained(&[1], plan.t.announce);
    // the domain cannot tell a second obtaining from a first: it is recorded too, and the
    // opening reveals the first
    let events = run.ok(obtain(1), &bidder(1), plan.t.bid);
    assert_eq!(events.len(), 1);
    assert_eq!(run.state.round.sealed_obtains, 2);
    assert!(run.state.round.obtainers.is_empty());
}

#[test]
fn tenders_take_a_bid_without_the_documents_obtained() {
    // the table still says tenders expect the documents first; the opening record reports
    // whether a bidder obtained them (`obtained_documents`), a bid is no longer refused
    for plan in [construction_open(), procurement_open()] {
        assert!(obtain_rule(plan.line, plan.method).value);
        let plan = no_bids(plan);
        let g = plan.run_to(Phase::ExpertsDrawn).given();
        g.when(submit_bid(1), &bidder(1), plan.t.bid)
            .then_kinds(&["trade.bid_submitted"]);
        // a late bid is refused for being late
        g.when(
            submit_bid(1),
            &bidder(1),
            plan.t.opening + Duration::seconds(1),
        )
        .then_error("trade.late");
    }
}

#[test]
fn other_methods_take_bids_without_obtaining() {
    let plan = no_bids(consultation());
    assert!(!obtain_rule(plan.line, plan.method).value);
    let g = plan.run_to(Phase::ExpertsDrawn).given();
    g.when(submit_bid(5), &bidder(5), plan.t.bid)
        .then_kinds(&["trade.bid_submitted"]);
    // obtaining is still possible (and still confidential)
    let events = g.when(obtain(5), &bidder(5), plan.t.bid).events();
    assert!(!events[0].is_public());
}

#[test]
fn the_rule_is_data_for_every_method() {
    assert_eq!(OBTAIN_TABLE.len(), METHOD_TABLE.len());
    for m in &METHOD_TABLE {
        let rule = obtain_rule(m.line, m.method);
        let tender = matches!(m.method, Method::OpenTendering | Method::InvitedTendering);
        assert_eq!(rule.value, tender, "{:?} {:?}", m.line, m.method);
        assert!(rule.article.contains("[D]"), "{}", rule.article);
    }
    assert!(obtain_rule(BusinessLine::Construction, Method::OpenTendering).value);
}

#[test]
fn a_new_round_starts_with_no_obtainers() {
    let plan = no_bids(construction_open());
    let mut run = plan.run_to(Phase::Announced);
    run.bid(1, plan.t.bid);
    run.ok(
        TradeCommand::OpenBids,
        &staff(),
        plan.t.opening + Duration::seconds(1),
    );
    assert_eq!(run.phase(), Phase::Failed);
    run.ok(retender(), &agency(), plan.t.evaluate);
    assert_eq!(run.state.round.number, 2);
    assert!(run.state.round.obtainers.is_empty());
    assert_eq!(run.state.round.sealed_obtains, 0);
}

#[test]
fn who_obtained_is_sealed_until_the_opening() {
    let plan = construction_open();
    let run = plan.run_to(Phase::ExpertsDrawn);
    let event = run
        .log
        .iter()
        .find(|e| matches!(e, TradeEvent::DocumentsObtained { .. }))
        .unwrap();
    assert_eq!(read_action(event), Action::ViewDocumentObtainers);
    let read = |actor: &domain::Actor, state| {
        let rel = relation_to_trade(actor, state);
        may_read_event(actor.role, state, rel, event).map_err(|d| d.code())
    };
    let sealed = Err("access.sealed_until_opening");
    let s = &run.state;
    for actor in [
        public(),
        supervisor(),
        staff(),
        tenderer(),
        agency(),
        expert(),
        bidder(1),
        bidder(2),
    ] {
        // not even the bidder that obtained: nobody can tell whose the event is
        assert_eq!(read(&actor, s), sealed, "{:?}", actor.role);
    }
    assert_eq!(read(&domain::Actor::platform(), s), Ok(()));
    let opened = plan.run_to(Phase::Opened);
    let o = &opened.state;
    assert_eq!(read(&supervisor(), o), Ok(()));
    assert_eq!(read(&staff(), o), Ok(()));
    assert_eq!(read(&tenderer(), o), Ok(()));
    assert_eq!(read(&agency(), o), Ok(()));
    // the bidders read the opening record, not the list of obtainers; never the public
    assert_eq!(read(&bidder(1), o), Err("access.wrong_role"));
    assert_eq!(read(&public(), o), Err("access.wrong_role"));
    assert_eq!(
        may_read_event(Role::Tenderer, o, Relation::None, event).map_err(|d| d.code()),
        Err("access.not_party")
    );
}

fn ask(n: u32, text: &str) -> TradeCommand {
    TradeCommand::AskQuestion {
        bidder: bidder_org(n),
        text: text.into(),
        label: Some(label("cXVlc3Rp", n)),
    }
}

#[test]
fn a_bidder_asks_a_sealed_question_and_the_agency_answers_it_for_everyone() {
    let plan = no_bids(construction_open());
    let mut run = plan.run_to(Phase::Announced);
    let events = run
        .given()
        .when(ask(1, "第三章参数是否允许正偏离？"), &bidder(1), plan.t.bid)
        .events();
    assert!(matches!(
        &events[..],
        [TradeEvent::QuestionAsked { number: 1, .. }]
    ));
    assert!(!events[0].is_public(), "the question waits for its answer");
    assert!(events[0].hides_actor(), "who asked is sealed (第22条)");
    let json = serde_json::to_string(&events[0]).unwrap();
    assert!(!json.contains(bidder_org(1).as_str()), "{json}");
    run.ok(ask(1, "第三章参数是否允许正偏离？"), &bidder(1), plan.t.bid);
    run.ok(ask(2, "工期能否缩短？"), &bidder(2), plan.t.bid);
    let g = run.given();
    // only the tenderer or its agency answers, a question that exists, once
    g.when(
        TradeCommand::AnswerQuestion {
            number: 1,
            answer: "允许。".into(),
        },
        &bidder(2),
        plan.t.bid,
    )
    .then_error("trade.wrong_role");
    g.when(
        TradeCommand::AnswerQuestion {
            number: 3,
            answer: "允许。".into(),
        },
        &agency(),
        plan.t.bid,
    )
    .then_error("trade.unknown_question");
    let answered = g
        .when(
            TradeCommand::AnswerQuestion {
                number: 2,
                answer: "工期不得少于招标文件规定。".into(),
            },
            &agency(),
            plan.t.bid,
        )
        .events();
    assert_eq!(
        answered,
        [TradeEvent::QuestionAnswered {
            number: 2,
            question: "工期能否缩短？".into(),
            answer: "工期不得少于招标文件规定。".into(),
            at: plan.t.bid,
        }]
    );
    assert!(answered[0].is_public(), "published to all (第22条)");
    run.ok(
        TradeCommand::AnswerQuestion {
            number: 2,
            answer: "工期不得少于招标文件规定。".into(),
        },
        &agency(),
        plan.t.bid,
    );
    run.given()
        .when(
            TradeCommand::AnswerQuestion {
                number: 2,
                answer: "再答".into(),
            },
            &agency(),
            plan.t.bid,
        )
        .then_error("trade.question_answered");
    // empty, without a label, after the deadline second: refused
    let g = run.given();
    g.when(ask(1, "  "), &bidder(1), plan.t.bid)
        .then_error("trade.invalid_input");
    g.when(
        TradeCommand::AskQuestion {
            bidder: bidder_org(1),
            text: "无标签".into(),
            label: None,
        },
        &bidder(1),
        plan.t.bid,
    )
    .then_error("trade.invalid_input");
    g.when(
        ask(1, "迟到"),
        &bidder(1),
        plan.t.opening + Duration::seconds(1),
    )
    .then_error("trade.late");
}
