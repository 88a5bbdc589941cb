//! Node 1: project entry (registration, acceptance with deferred documents, rejection).

mod support;

use domain::trade::{DeferredDocument, Phase, TradeCommand, TradeEvent};
use domain::{BusinessLine, Method, Role};
use support::plan::construction_open;
use support::*;
use time::macros::{date, datetime};

const MON: time::OffsetDateTime = datetime!(2026-03-02 09:00 +8);

#[test]
fn tenderer_registers_with_an_acceptance_time_limit() {
    let events = given(&[])
        .when(construction_open().register_command(), &tenderer(), MON)
        .events();
    let TradeEvent::Registered {
        accept_by,
        tenderer: t,
        at,
        ..
    } = &events[0]
    else {
        panic!()
    };
    assert_eq!(*accept_by, Some(date!(2026 - 03 - 05)), "3 working days");
    assert_eq!(t, &tenderer_org());
    assert_eq!(*at, MON);
}

/// The green channel's shorter limit comes with staff's approval of a request
/// (`tests/intake.rs`); an entry cannot claim it at registration.
#[test]
fn an_entry_cannot_grant_itself_the_green_channel() {
    let mut cmd = construction_open().register_command();
    if let TradeCommand::Register { green_channel, .. } = &mut cmd {
        *green_channel = true;
    }
    given(&[])
        .when(cmd, &tenderer(), datetime!(2026-04-03 09:00 +8))
        .then_error("trade.green_channel_by_request");
}

#[test]
fn the_named_agency_may_register_for_its_own_org_only() {
    let cmd = construction_open().register_command();
    given(&[])
        .when(cmd.clone(), &agency(), MON)
        .then_kinds(&["trade.registered"]);
    let other_agency = domain::Actor::new("x", Role::Agency).with_org(bidder_org(9).as_str());
    given(&[])
        .when(cmd.clone(), &other_agency, MON)
        .then_error("trade.not_party");
    let wrong_tenderer = domain::Actor::new("x", Role::Tenderer).with_org(bidder_org(9).as_str());
    given(&[])
        .when(cmd.clone(), &wrong_tenderer, MON)
        .then_error("trade.not_party");
    let no_org = domain::Actor::new("x", Role::Tenderer);
    given(&[])
        .when(cmd.clone(), &no_org, MON)
        .then_error("trade.not_party");
    given(&[])
        .when(cmd.clone(), &bidder(1), MON)
        .then_error("trade.wrong_role");
    given(&[])
        .when(cmd, &staff(), MON)
        .then_error("trade.wrong_role");
}

#[test]
fn construction_knows_no_competitive_negotiation() {
    let cmd = register(
        BusinessLine::Construction,
        Method::CompetitiveNegotiation,
        "100000",
        vec![],
    );
    let err = given(&[])
        .when(cmd, &tenderer(), MON)
        .then_error("trade.invalid_method");
    assert!(err.to_string().contains("第10条"));
}

#[test]
fn invitations_follow_the_method() {
    let invite =
        |line, method, n: u32| register(line, method, "500000", (1..=n).map(bidder_org).collect());
    let g = given(&[]);
    g.when(
        invite(BusinessLine::Construction, Method::InvitedTendering, 2),
        &tenderer(),
        MON,
    )
    .then_error("trade.invitation");
    g.when(
        invite(BusinessLine::Construction, Method::InvitedTendering, 3),
        &tenderer(),
        MON,
    )
    .then_kinds(&["trade.registered"]);
    g.when(
        invite(BusinessLine::Procurement, Method::OpenTendering, 3),
        &tenderer(),
        MON,
    )
    .then_error("trade.invitation");
    g.when(
        invite(BusinessLine::Procurement, Method::SingleSource, 1),
        &tenderer(),
        MON,
    )
    .then_kinds(&["trade.registered"]);
    g.when(
        invite(BusinessLine::Procurement, Method::SingleSource, 2),
        &tenderer(),
        MON,
    )
    .then_error("trade.invitation");
    g.when(
        invite(BusinessLine::Procurement, Method::SingleSource, 0),
        &tenderer(),
        MON,
    )
    .then_error("trade.invitation");
    g.when(
        invite(BusinessLine::Procurement, Method::CompetitiveNegotiation, 0),
        &tenderer(),
        MON,
    )
    .then_kinds(&["trade.registered"]);
    g.when(
        invite(BusinessLine::Procurement, Method::CompetitiveNegotiation, 2),
        &tenderer(),
        MON,
    )
    .then_error("trade.invitation");
    let dup = register(
        BusinessLine::Procurement,
        Method::InvitedTendering,
        "1",
        vec![bidder_org(1), bidder_org(1), bidder_org(2)],
    );
    g.when(dup, &tenderer(), MON).then_error("trade.invitation");
}

#[test]
fn registration_input_is_checked() {
    let mut cmd = construction_open().register_command();
    if let TradeCommand::Register { title, .. } = &mut cmd {
        *title = "  ".into();
    }
    given(&[])
        .when(cmd, &tenderer(), MON)
        .then_error("trade.invalid_input");
    let zero = register(
        BusinessLine::Construction,
        Method::OpenTendering,
        "0",
        vec![],
    );
    given(&[])
        .when(zero, &tenderer(), MON)
        .then_error("trade.invalid_input");
}

#[test]
fn a_trade_registers_once() {
    let run = construction_open().run_to(Phase::Registered);
    run.given()
        .when(construction_open().register_command(), &tenderer(), MON)
        .then_error("trade.already_registered");
}

#[test]
fn staff_accept_with_deferred_documents_and_a_pledge() {
    let run = construction_open().run_to(Phase::Registered);
    let g = run.given();
    let now = datetime!(2026-03-02 14:00 +8);
    g.when(
        accept_deferred("施工许可审批意见", date!(2026 - 03 - 20)),
        &staff(),
        now,
    )
    .then(&[TradeEvent::Accepted {
        deferred: vec![DeferredDocument {
            name: "施工许可审批意见".into(),
            due: date!(2026 - 03 - 20),
        }],
        pledge: Some(blob("pledge.pdf")),
        at: now,
    }]);
    g.when(accept_plain(), &tenderer(), now)
        .then_error("trade.wrong_role");
    let no_pledge = TradeCommand::Accept {
        deferred: vec![DeferredDocument {
            name: "x".into(),
            due: date!(2026 - 03 - 20),
        }],
        pledge: None,
    };
    g.when(no_pledge, &staff(), now)
        .then_error("trade.pledge_required");
    g.when(accept_deferred("x", date!(2026 - 03 - 02)), &staff(), now)
        .then_error("trade.due_date_not_in_future");
    let err = g
        .when(accept_deferred("x", date!(2027 - 01 - 15)), &staff(), now)
        .then_error("trade.calendar_unknown_year");
    assert_eq!(
        err,
        domain::TradeError::Calendar(legal_time::CalendarError::UnknownYear(2027))
    );
    let twice = TradeCommand::Accept {
        deferred: vec![
            DeferredDocument {
                name: "x".into(),
                due: date!(2026 - 03 - 20),
            },
            DeferredDocument {
                name: "x".into(),
                due: date!(2026 - 03 - 21),
            },
        ],
        pledge: Some(blob("p.pdf")),
    };
    g.when(twice, &staff(), now)
        .then_error("trade.invalid_input");
}

#[test]
fn acceptance_needs_a_registration_and_happens_once() {
    given(&[])
        .when(accept_plain(), &staff(), MON)
        .then_error("trade.node_skipped");
    let run = construction_open().run_to(Phase::Accepted);
    run.given()
        .when(accept_plain(), &staff(), MON)
        .then_error("trade.wrong_phase");
}

#[test]
fn rejected_entry_ends_the_trade() {
    let mut run = construction_open().run_to(Phase::Registered);
    run.given()
        .when(
            TradeCommand::RejectEntry { reason: "x".into() },
            &agency(),
            MON,
        )
        .then_error("trade.wrong_role");
    run.given()
        .when(
            TradeCommand::RejectEntry { reason: " ".into() },
            &staff(),
            MON,
        )
        .then_error("trade.invalid_input");
    run.ok(
        TradeCommand::RejectEntry {
            reason: "资金来源证明缺失".into(),
        },
        &staff(),
        MON,
    );
    assert_eq!(run.phase(), Phase::Rejected);
    run.given()
        .when(accept_plain(), &staff(), MON)
        .then_error("trade.wrong_phase");
    assert!(run.state.summary().end_reason.unwrap().contains("资金来源"));
}

#[test]
fn deferred_documents_are_handed_in_by_the_party() {
    let mut run = construction_open().run_to(Phase::Registered);
    run.ok(
        accept_deferred("施工许可审批意见", date!(2026 - 03 - 20)),
        &staff(),
        datetime!(2026-03-02 14:00 +8),
    );
    let submit = |name: &str| TradeCommand::SubmitDeferredDocument {
        name: name.into(),
        file: blob("permit.pdf"),
    };
    let day = datetime!(2026-03-10 10:00 +8);
    run.given()
        .when(submit("其他"), &tenderer(), day)
        .then_error("trade.deferred_document_not_outstanding");
    run.given()
        .when(submit("施工许可审批意见"), &bidder(1), day)
        .then_error("trade.wrong_role");
    let stranger = domain::Actor::new("x", Role::Agency).with_org(bidder_org(3).as_str());
    run.given()
        .when(submit("施工许可审批意见"), &stranger, day)
        .then_error("trade.not_party");
    // late on 03-21, but still accepted and marked late
    let late = run.ok(
        submit("施工许可审批意见"),
        &agency(),
        datetime!(2026-03-21 10:00 +8),
    );
    assert!(matches!(
        late[0],
        TradeEvent::DeferredDocumentSubmitted { late: true, .. }
    ));
    let summary = run.state.summary();
    assert!(summary.deferred_documents[0].submitted_late);
    assert!(!summary.deferred_documents[0].is_overdue(date!(2026 - 03 - 25)));
    run.given()
        .when(submit("施工许可审批意见"), &agency(), day)
        .then_error("trade.deferred_document_not_outstanding");
}

#[test]
fn the_summary_tells_the_workbench_what_is_overdue() {
    let mut run = construction_open().run_to(Phase::Registered);
    run.ok(
        accept_deferred("资金证明", date!(2026 - 03 - 20)),
        &staff(),
        datetime!(2026-03-02 14:00 +8),
    );
    let doc = &run.state.summary().deferred_documents[0];
    assert!(!doc.is_overdue(date!(2026 - 03 - 20)));
    assert!(doc.is_overdue(date!(2026 - 03 - 21)));
}
