//! Node 6 (award decision and publicity, order per method) and node 7 (confirmation).

mod support;

use domain::trade::{Phase, TradeCommand, TradeEvent};
use domain::{DomainEvent, ResultKind};
use support::plan::{construction_national_day, construction_open, procurement_open};
use support::*;
use time::Duration;
use time::macros::{date, datetime};

fn decide(n: u32, reason: Option<&str>) -> TradeCommand {
    TradeCommand::DecideAward {
        winner: bidder_org(n),
        reason: reason.map(str::to_owned),
    }
}

fn confirm() -> TradeCommand {
    TradeCommand::IssueConfirmation {
        certificate_no: "JYQR-2026-000123".into(),
    }
}

// ----- construction: candidates publicity, then the award -----

#[test]
fn construction_publicises_candidates_within_3_days_for_3_days() {
    let plan = construction_open(); // report 03-26 17:00, candidates 2, 1, 3
    let g = plan.run_to(Phase::Evaluated).given();
    let events = g
        .when(
            TradeCommand::PublishResult,
            &agency(),
            datetime!(2026-03-29 23:59:59 +8),
        )
        .events();
    assert_eq!(
        events,
        [TradeEvent::ResultPublished {
            kind: ResultKind::CandidatesPublicity,
            candidates: vec![bidder_org(2), bidder_org(1), bidder_org(3)],
            winner: None,
            until: datetime!(2026-04-02 00:00 +8),
            at: datetime!(2026-03-29 23:59:59 +8),
        }]
    );
    assert!(events[0].is_public());
    let err = g
        .when(
            TradeCommand::PublishResult,
            &agency(),
            datetime!(2026-03-30 00:00 +8),
        )
        .then_error("trade.publication_late");
    assert_eq!(
        err,
        domain::TradeError::PublicationLate {
            due: date!(2026 - 03 - 29),
            article: "条例 第54条"
        }
    );
    g.when(TradeCommand::PublishResult, &staff(), plan.t.node6_first)
        .then_error("trade.wrong_role");
    g.when(decide(2, None), &tenderer(), plan.t.node6_first)
        .then_error("trade.node_skipped");
    plan.run_to(Phase::Opened)
        .given()
        .when(TradeCommand::PublishResult, &agency(), plan.t.node6_first)
        .then_error("trade.node_skipped");
}

#[test]
fn the_3_day_publication_limit_moves_past_a_holiday_but_the_publicity_length_does_not() {
    // report Wednesday 09-30: the 3rd day, 10-03, is a National Day day off (10-01..10-07),
    // so "within 3 日" ends 24:00 of 10-08 (条例 第54条; 民法典 第203条)
    let plan = construction_national_day();
    let g = plan.run_to(Phase::Evaluated).given();
    assert_eq!(
        legal_time::last_day(
            calendar(),
            date!(2026 - 09 - 30),
            legal_time::Period::days(3),
            legal_time::RestDayExtension::StatutoryHolidays
        ),
        Ok(date!(2026 - 10 - 08))
    );
    let events = g
        .when(
            TradeCommand::PublishResult,
            &agency(),
            datetime!(2026-10-08 23:59:59 +8),
        )
        .events();
    // the publicity of ≥ 3 日 is a minimum: 10-09..10-11, not extended
    assert!(matches!(
        &events[0],
        TradeEvent::ResultPublished { until, .. } if *until == datetime!(2026-10-12 00:00 +8)
    ));
    let err = g
        .when(
            TradeCommand::PublishResult,
            &agency(),
            datetime!(2026-10-09 00:00 +8),
        )
        .then_error("trade.publication_late");
    assert_eq!(
        err,
        domain::TradeError::PublicationLate {
            due: date!(2026 - 10 - 08),
            article: "条例 第54条"
        }
    );
    assert_eq!(
        err.to_string(),
        "publication too late: due by the end of 2026-10-08 (条例 第54条)"
    );
    // the whole plan runs through
    assert_eq!(plan.run_to(Phase::Confirmed).phase(), Phase::Confirmed);
}

#[test]
fn construction_award_after_the_publicity_rank_1_unless_a_reason() {
    let plan = construction_open(); // publicity ends 03-31 00:00
    let g = plan.run_to(Phase::Publicized).given();
    let end = datetime!(2026-03-31 00:00 +8);
    g.when(decide(2, None), &tenderer(), end - Duration::seconds(1))
        .then_error("trade.publicity_not_ended");
    let events = g.when(decide(2, None), &tenderer(), end).events();
    assert!(matches!(
        &events[0],
        TradeEvent::AwardDecided {
            rank: 1,
            reason: None,
            ..
        }
    ));
    assert!(events[0].is_public());
    g.when(decide(2, None), &agency(), end)
        .then_error("trade.wrong_role");
    let other = domain::Actor::new("x", domain::Role::Tenderer).with_org(bidder_org(8).as_str());
    g.when(decide(2, None), &other, end)
        .then_error("trade.not_party");
    let err = g
        .when(decide(1, None), &tenderer(), end)
        .then_error("trade.winner_not_first");
    assert!(err.to_string().contains("第55条"));
    g.when(decide(1, Some("第一名放弃中标")), &tenderer(), end)
        .then_kinds(&["trade.award_decided"]);
    g.when(decide(9, None), &tenderer(), end)
        .then_error("trade.not_a_candidate");
}

// ----- procurement: decision, then result announcement -----

#[test]
fn procurement_decides_first_then_announces_within_2_working_days() {
    let plan = procurement_open(); // report 04-29, candidates 3, 1, 2
    let evaluated = plan.run_to(Phase::Evaluated);
    evaluated
        .given()
        .when(TradeCommand::PublishResult, &agency(), plan.t.node6_first)
        .then_error("trade.node_skipped");
    let awarded = plan.run_to(Phase::Awarded);
    let g = awarded.given();
    // decided Thursday 04-30: 2 个工作日 are 05-06 and 05-07 (Labour Day 05-01..05-05)
    let events = g
        .when(
            TradeCommand::PublishResult,
            &agency(),
            datetime!(2026-05-07 18:00 +8),
        )
        .events();
    let TradeEvent::ResultPublished {
        kind,
        winner,
        until,
        ..
    } = &events[0]
    else {
        panic!()
    };
    assert_eq!(
        (*kind, winner.clone()),
        (ResultKind::ResultAnnouncement, Some(bidder_org(3)))
    );
    assert_eq!(*until, datetime!(2026-05-09 00:00 +8), "1 个工作日: 05-08");
    let err = g
        .when(
            TradeCommand::PublishResult,
            &agency(),
            datetime!(2026-05-08 09:00 +8),
        )
        .then_error("trade.publication_late");
    assert!(
        matches!(err, domain::TradeError::PublicationLate { due, .. } if due == date!(2026 - 05 - 07))
    );
    assert!(err.to_string().contains("第69条"));
}

#[test]
fn procurement_award_is_private_until_announced() {
    let plan = procurement_open();
    let events = plan
        .run_to(Phase::Evaluated)
        .given()
        .when(decide(3, None), &tenderer(), plan.t.node6_first)
        .events();
    assert!(!events[0].is_public());
}

#[test]
fn after_5_working_days_rank_1_is_deemed_the_winner() {
    let plan = procurement_open(); // report 04-29; 5 个工作日: 04-30, 05-06, 05-07, 05-08, 05-09 (Sat, 调休)
    let g = plan.run_to(Phase::Evaluated).given();
    g.when(
        decide(1, Some("第一名放弃")),
        &tenderer(),
        datetime!(2026-05-09 17:00 +8),
    )
    .then_kinds(&["trade.award_decided"]);
    let err = g
        .when(
            decide(1, Some("第一名放弃")),
            &tenderer(),
            datetime!(2026-05-11 09:00 +8),
        )
        .then_error("trade.award_deemed_rank_one");
    assert!(
        matches!(err, domain::TradeError::AwardDeemedRankOne { ended, .. } if ended == date!(2026 - 05 - 09))
    );
    g.when(decide(3, None), &tenderer(), datetime!(2026-05-11 09:00 +8))
        .then_kinds(&["trade.award_decided"]);
}

#[test]
fn procurement_confirmation_waits_for_the_announcement_period() {
    let plan = procurement_open(); // announcement ends 05-08 00:00
    let g = plan.run_to(Phase::Publicized).given();
    let err = g
        .when(confirm(), &staff(), datetime!(2026-05-07 23:59:59 +8))
        .then_error("trade.publicity_not_ended");
    assert!(err.to_string().contains("第69条"));
    g.when(confirm(), &staff(), datetime!(2026-05-08 00:00 +8))
        .then_kinds(&["trade.confirmation_issued"]);
}

// ----- node 7 -----

#[test]
fn confirmation_by_staff_after_the_award() {
    let plan = construction_open();
    let g = plan.run_to(Phase::Awarded).given();
    let events = g.when(confirm(), &staff(), plan.t.confirm).events();
    assert_eq!(
        events,
        [TradeEvent::ConfirmationIssued {
            certificate_no: "JYQR-2026-000123".into(),
            winner: bidder_org(2),
            at: plan.t.confirm
        }]
    );
    g.when(confirm(), &agency(), plan.t.confirm)
        .then_error("trade.wrong_role");
    g.when(
        TradeCommand::IssueConfirmation {
            certificate_no: " ".into(),
        },
        &staff(),
        plan.t.confirm,
    )
    .then_error("trade.invalid_input");
    let err = plan
        .run_to(Phase::Publicized)
        .given()
        .when(confirm(), &staff(), plan.t.confirm)
        .then_error("trade.node_skipped");
    assert!(matches!(
        err,
        domain::TradeError::NodeSkipped { node: 6, .. }
    ));
    plan.run_to(Phase::Confirmed)
        .given()
        .when(confirm(), &staff(), plan.t.confirm)
        .then_error("trade.wrong_phase");
    given(&[])
        .when(confirm(), &staff(), plan.t.confirm)
        .then_error("trade.node_skipped");
}

#[test]
fn outstanding_deferred_documents_block_the_confirmation() {
    let plan = construction_open();
    // accept with a deferred document instead of a plain acceptance
    let mut run = plan.run_to(Phase::Registered);
    run.ok(
        accept_deferred("规划许可证", date!(2026 - 03 - 20)),
        &staff(),
        plan.t.accept,
    );
    let full = plan.run_to(Phase::Awarded);
    for e in full.log.iter().skip(2) {
        run.state.evolve(e);
    }
    assert_eq!(run.phase(), Phase::Awarded);
    let err = run
        .given()
        .when(confirm(), &staff(), plan.t.confirm)
        .then_error("trade.deferred_documents_outstanding");
    assert_eq!(
        err,
        domain::TradeError::DeferredDocumentsOutstanding {
            names: vec!["规划许可证".into()]
        }
    );
    run.ok(
        TradeCommand::SubmitDeferredDocument {
            name: "规划许可证".into(),
            file: blob("permit.pdf"),
        },
        &tenderer(),
        plan.t.confirm,
    );
    run.given()
        .when(confirm(), &staff(), plan.t.confirm)
        .then_kinds(&["trade.confirmation_issued"]);
    assert_eq!(
        run.log.last().unwrap().kind(),
        "trade.deferred_document_submitted"
    );
}

// ----- who knows the committee's names (招标投标法 第37条; 财政部令第87号 第69条) -----

#[test]
fn committee_names_stay_confidential_until_the_result_is_determined_or_announced() {
    use domain::Role;
    use domain::access::{committee_names_public, sees_committee_names};
    // Construction: the result is determined by the award, after the candidates' publicity;
    // procurement: the result announcement, after the award, names the experts.
    let cases = [
        (construction_open(), &[Phase::Awarded, Phase::Confirmed][..]),
        (
            procurement_open(),
            &[Phase::Publicized, Phase::Confirmed][..],
        ),
    ];
    for (plan, public_in) in cases {
        for phase in [
            Phase::ExpertsDrawn,
            Phase::Opened,
            Phase::Evaluated,
            Phase::Publicized,
            Phase::Awarded,
            Phase::Confirmed,
        ] {
            let state = plan.run_to(phase).state;
            assert_eq!(state.phase, phase);
            let public = public_in.contains(&phase);
            let line = format!("{:?} in {phase:?}", plan.line);
            assert_eq!(committee_names_public(&state), public, "{line}");
            for role in [Role::Tenderer, Role::Agency, Role::Bidder, Role::Public] {
                assert_eq!(
                    sees_committee_names(role, false, &state),
                    public,
                    "{role:?}, {line}"
                );
            }
            assert_eq!(
                sees_committee_names(Role::Expert, false, &state),
                public,
                "{line}"
            );
            assert!(
                sees_committee_names(Role::Expert, true, &state),
                "a member, {line}"
            );
            for role in [Role::CenterStaff, Role::Supervisor] {
                assert!(
                    sees_committee_names(role, false, &state),
                    "{role:?}, {line}"
                );
            }
        }
    }
}
