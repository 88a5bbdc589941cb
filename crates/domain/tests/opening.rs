//! The remote opening of sealed bids (issue #4): the opening key named in the announcement,
//! the custodians' shares, the platform's unsealing and the opening record (decryption
//! failures, superseded bids, distinct bidders, who obtained the documents), abandoning an
//! opening whose key was not recovered, and the bidders' confirmations and objections.

mod support;

use domain::trade::sealed::{
    DECRYPTION_FAILURE_ARTICLE, Fault, OpeningKey, OpeningLine, OpeningStatus, UnsealResult,
};
use domain::trade::{FailureReason, Phase, TradeCommand, TradeEvent};
use domain::{Actor, DomainEvent, PersonId, Role, TradeError};
use support::plan::{Plan, construction_open};
use support::*;
use time::{Duration, OffsetDateTime};

fn with_bidders(bidders: &[u32]) -> Plan {
    let mut plan = construction_open();
    plan.bidders = bidders.to_vec();
    plan
}

/// The bids are in and the opening has started (no share yet).
fn started(plan: &Plan) -> Run {
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    run
}

/// The opening has started and custodians 0 and 1 (k = 2) have handed in their shares.
fn unlocked(plan: &Plan) -> Run {
    let mut run = started(plan);
    run.shares(&[0, 1], plan.t.share(0));
    run
}

fn person(s: &str) -> PersonId {
    PersonId::parse(s).unwrap()
}

fn line(run: &Run, h: u32) -> &OpeningLine {
    run.state
        .round
        .opening_record
        .iter()
        .find(|l| l.handle == handle(h))
        .unwrap_or_else(|| panic!("no line for bid {h}"))
}

fn bidders_opened(events: &[TradeEvent]) -> Vec<u32> {
    let Some(TradeEvent::BidsOpened { bidders, .. }) = events.last() else {
        panic!("{events:?}")
    };
    bidders.iter().map(bidder_number).collect()
}

// ----- the opening key in the announcement -----

#[test]
fn the_announcement_carries_the_opening_key() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::DocumentsReady);
    let events = run.ok(announce(plan.t.opening), &agency(), plan.t.announce);
    assert_eq!(
        events,
        [TradeEvent::AnnouncementPublished {
            bid_deadline: plan.t.opening,
            round: 1,
            opening_key: Some(opening_key()),
            notice: None,
            at: plan.t.announce,
        }]
    );
    assert_eq!(run.state.round.opening_key, Some(opening_key()));
}

#[test]
fn an_announcement_without_an_opening_key_is_refused() {
    let plan = construction_open();
    let err = plan
        .run_to(Phase::DocumentsReady)
        .given()
        .when(
            announce_with(plan.t.opening, None),
            &agency(),
            plan.t.announce,
        )
        .then_error("trade.no_opening_key");
    assert_eq!(
        err,
        TradeError::NoOpeningKey {
            action: "publish_announcement",
            article: "电子招标投标办法 第26条",
        }
    );
}

#[test]
fn an_invalid_opening_key_is_refused() {
    let plan = construction_open();
    let g = plan.run_to(Phase::DocumentsReady).given();
    let publish = |key: OpeningKey| {
        g.when(
            announce_with(plan.t.opening, Some(key)),
            &agency(),
            plan.t.announce,
        )
    };
    let modified = |f: &dyn Fn(&mut OpeningKey)| {
        let mut key = opening_key();
        f(&mut key);
        key
    };
    let invalid = [
        ("threshold 0", modified(&|k| k.threshold = 0)),
        ("threshold above n", modified(&|k| k.threshold = 4)),
        (
            "a custodian twice",
            opening_key_of(&["staff-wang", "supervisor-zhou", "staff-wang"], 2),
        ),
        ("no custodian", opening_key_of(&[], 0)),
        ("no window", modified(&|k| k.window_minutes = 0)),
        ("no public key", modified(&|k| k.public_key = " ".into())),
        ("no suite", modified(&|k| k.suite = String::new())),
    ];
    for (what, key) in invalid {
        let err = publish(key).then_error("trade.opening_key_invalid");
        assert!(
            matches!(err, TradeError::OpeningKeyInvalid { .. }),
            "{what}"
        );
    }
    let twice = publish(opening_key_of(
        &["staff-wang", "supervisor-zhou", "staff-wang"],
        2,
    ))
    .then_error("trade.opening_key_invalid");
    assert!(twice.to_string().contains("twice"), "{twice}");
    // the edges: k = n, and 1 of 1
    publish(modified(&|k| k.threshold = 3)).then_kinds(&["trade.announcement_published"]);
    publish(opening_key_of(&["staff-wang"], 1)).then_kinds(&["trade.announcement_published"]);
}

// ----- the custodians' shares -----

#[test]
fn a_custodian_hands_in_its_share_once_the_opening_has_started() {
    let plan = construction_open();
    let before = plan.run_to(Phase::ExpertsDrawn).given();
    let err = before
        .when(share(0), &custodian(0), plan.t.bid)
        .then_error("trade.opening_not_started");
    assert_eq!(
        err,
        TradeError::OpeningNotStarted {
            action: "submit_share"
        }
    );
    let mut run = started(&plan);
    let events = run.ok(share(2), &custodian(2), plan.t.share(0));
    assert_eq!(
        events,
        [TradeEvent::ShareSubmitted {
            custodian: person("tenderer-1"),
            at: plan.t.share(0),
        }]
    );
    assert!(!events[0].is_public());
    let shares = &run.state.round.opening.as_ref().unwrap().shares;
    assert_eq!(shares.iter().collect::<Vec<_>>(), [&person("tenderer-1")]);
    // each custodian in its own role
    run.ok(share(1), &custodian(1), plan.t.share(1));
    assert_eq!(run.state.round.opening.as_ref().unwrap().shares.len(), 2);
}

#[test]
fn only_the_custodians_named_in_the_key_hand_in_shares() {
    let plan = construction_open();
    let g = started(&plan).given();
    let at = plan.t.share(0);
    let err = g
        .when(share(0), &staff(), at)
        .then_error("trade.not_custodian");
    assert_eq!(
        err,
        TradeError::NotCustodian {
            person: "staff-1".into()
        }
    );
    g.when(share(2), &tenderer(), at)
        .then_error("trade.not_custodian");
    g.when(share(0), &bidder(1), at)
        .then_error("trade.wrong_role");
    g.when(share(0), &expert(), at)
        .then_error("trade.wrong_role");
    // a custodian's id in a role the key's custodians never have
    let posing = Actor::new("staff-wang", Role::Bidder).with_org(bidder_org(1).as_str());
    g.when(share(0), &posing, at).then_error("trade.wrong_role");
}

#[test]
fn a_share_that_does_not_match_its_commitment_is_refused() {
    let plan = construction_open();
    let g = started(&plan).given();
    // custodian 0 hands in custodian 1's share
    let err = g
        .when(share(1), &custodian(0), plan.t.share(0))
        .then_error("trade.wrong_share");
    assert_eq!(
        err,
        TradeError::WrongShare {
            person: "staff-wang".into()
        }
    );
    g.when(
        TradeCommand::SubmitShare {
            commitment: hex64(0x5e, 99),
        },
        &custodian(0),
        plan.t.share(0),
    )
    .then_error("trade.wrong_share");
}

#[test]
fn a_share_is_handed_in_once() {
    let plan = construction_open();
    let mut run = started(&plan);
    run.ok(share(0), &custodian(0), plan.t.share(0));
    let err = run
        .given()
        .when(share(0), &custodian(0), plan.t.share(1))
        .then_error("trade.share_already_submitted");
    assert_eq!(
        err,
        TradeError::ShareAlreadySubmitted {
            person: "staff-wang".into()
        }
    );
    // also once the key is recovered, up to the unsealing; not after it
    run.ok(share(1), &custodian(1), plan.t.share(1));
    run.ok(share(2), &custodian(2), plan.t.share(2));
    run.unseal(plan.t.unseal());
    run.given()
        .when(share(0), &custodian(0), plan.t.unseal())
        .then_error("trade.wrong_phase");
}

// ----- the unsealing -----

#[test]
fn the_platform_unseals_once_k_shares_are_in() {
    let plan = construction_open();
    let mut run = started(&plan);
    run.ok(share(0), &custodian(0), plan.t.share(0));
    let err = run
        .given()
        .when(run.unsealing(), &Actor::platform(), plan.t.unseal())
        .then_error("trade.shares_missing");
    assert_eq!(err, TradeError::SharesMissing { have: 1, need: 2 });
    run.ok(share(1), &custodian(1), plan.t.share(1));
    let cmd = run.unsealing();
    for actor in [staff(), custodian(0), supervisor(), tenderer(), bidder(1)] {
        run.given()
            .when(cmd.clone(), &actor, plan.t.unseal())
            .then_error("trade.wrong_role");
    }
    let events = run.ok(cmd, &Actor::platform(), plan.t.unseal());
    let kinds: Vec<_> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(kinds, ["trade.bids_unsealed", "trade.bids_opened"]);
    let TradeEvent::BidsUnsealed { lines, .. } = &events[0] else {
        unreachable!()
    };
    assert_eq!(
        lines[0],
        OpeningLine {
            handle: handle(1),
            bidder: Some(bidder_org(1)),
            status: OpeningStatus::Opened {
                price: price(1),
                period_days: 365,
                deposit_account: None,
                plaintext: blob("bid-1.zip"),
                obtained_documents: true,
            },
            submitted_at: plan.t.bid,
        }
    );
    assert!(!events[0].is_public() && events[1].is_public());
    assert_eq!(bidders_opened(&events), [1, 2, 3]);
    assert_eq!(run.phase(), Phase::Opened);
    assert_eq!(run.state.round.opening_record.len(), 3);
    assert_eq!(run.state.round.opened_at, Some(plan.t.unseal()));
    // once only
    run.given()
        .when(run.unsealing(), &Actor::platform(), plan.t.unseal())
        .then_error("trade.wrong_phase");
}

#[test]
fn no_unsealing_before_the_opening() {
    let plan = construction_open();
    let run = plan.run_to(Phase::ExpertsDrawn);
    run.given()
        .when(run.unsealing(), &Actor::platform(), plan.t.bid)
        .then_error("trade.opening_not_started");
}

#[test]
fn the_unsealing_covers_exactly_the_current_bids() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    // bid 1 was replaced by bid 11: bid 1 is no longer current
    run.ok(replace_bid(1, 11, 1, token(1)), &bidder(1), plan.t.bid);
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    run.shares(&[0, 1], plan.t.share(0));
    let g = run.given();
    let at = plan.t.unseal();
    let platform = Actor::platform();
    let cases: [(&str, Vec<UnsealResult>); 5] = [
        ("one missing", vec![opened(1, 11), opened(2, 2)]),
        (
            "one too many",
            vec![opened(1, 11), opened(2, 2), opened(3, 3), opened(4, 4)],
        ),
        (
            "the replaced bid instead of its replacement",
            vec![opened(1, 1), opened(2, 2), opened(3, 3)],
        ),
        (
            "a handle twice",
            vec![opened(1, 11), opened(2, 2), opened(2, 2)],
        ),
        ("nothing", vec![]),
    ];
    for (what, results) in cases {
        let err = g
            .when(unsealing(results, vec![]), &platform, at)
            .then_error("trade.unsealing_mismatch");
        assert!(
            matches!(err, TradeError::UnsealingMismatch { .. }),
            "{what}"
        );
    }
    let events = g
        .when(
            unsealing(vec![opened(3, 3), opened(1, 11), opened(2, 2)], vec![]),
            &platform,
            at,
        )
        .events();
    assert_eq!(bidders_opened(&events), [2, 3, 1], "in the order submitted");
}

#[test]
fn a_bid_that_fails_by_the_bidders_fault_is_revoked_and_the_opening_goes_on() {
    let plan = with_bidders(&[1, 2, 3, 4]);
    let mut run = unlocked(&plan);
    let results = vec![
        opened(1, 1),
        opened(2, 2),
        opened(3, 3),
        failed(Some(4), 4, Fault::Bidder),
    ];
    let events = run.ok(
        unsealing(results, vec![]),
        &Actor::platform(),
        plan.t.unseal(),
    );
    assert_eq!(
        line(&run, 4).status,
        OpeningStatus::Revoked {
            reason: "envelope does not decrypt".into(),
            article: "电子招标投标办法 第31条".into(),
        }
    );
    assert_eq!(DECRYPTION_FAILURE_ARTICLE, "电子招标投标办法 第31条");
    assert_eq!(line(&run, 4).bidder, Some(bidder_org(4)));
    assert_eq!(bidders_opened(&events), [1, 2, 3]);
    assert_eq!(run.state.round.opened_bidders.len(), 3);
    assert!(!run.state.round.opened_bidders.contains(&bidder_org(4)));
    // the revoked bidder is still in the record: it took part in the opening
    assert!(
        run.state
            .round
            .record_bidders()
            .any(|b| *b == bidder_org(4))
    );
    assert_eq!(run.state.round.opened_line_bidders().count(), 3);
    // and the evaluation ranks the opened bids only
    run.given()
        .when(
            TradeCommand::RecordEvaluation {
                report: blob("report.pdf"),
                ranked: vec![bidder_org(4)],
            },
            &expert(),
            plan.t.evaluate,
        )
        .then_error("trade.not_a_bidder");
}

#[test]
fn a_bid_that_fails_through_no_fault_of_the_bidder_counts_as_withdrawn() {
    let plan = with_bidders(&[1, 2, 3, 4]);
    let run = unlocked(&plan);
    let g = run.given();
    let results = vec![
        opened(1, 1),
        failed(Some(2), 2, Fault::NotBidder),
        opened(3, 3),
        opened(4, 4),
    ];
    let events = g
        .when(
            unsealing(results, vec![]),
            &Actor::platform(),
            plan.t.unseal(),
        )
        .events();
    let TradeEvent::BidsUnsealed { lines, .. } = &events[0] else {
        panic!("{events:?}")
    };
    let two = lines.iter().find(|l| l.handle == handle(2)).unwrap();
    assert_eq!(
        two.status,
        OpeningStatus::Withdrawn {
            reason: "envelope does not decrypt".into(),
            article: DECRYPTION_FAILURE_ARTICLE.into(),
        }
    );
    assert_eq!(bidders_opened(&events), [1, 3, 4]);
    // a package that opened under a label that did not: never the bidder's fault
    let mut unlabelled = opened(2, 2);
    unlabelled.bidder = None;
    let events = g
        .when(
            unsealing(
                vec![opened(1, 1), unlabelled, opened(3, 3), opened(4, 4)],
                vec![],
            ),
            &Actor::platform(),
            plan.t.unseal(),
        )
        .events();
    let TradeEvent::BidsUnsealed { lines, .. } = &events[0] else {
        panic!("{events:?}")
    };
    let two = lines.iter().find(|l| l.handle == handle(2)).unwrap();
    assert!(
        matches!(&two.status, OpeningStatus::Withdrawn { article, .. } if article == DECRYPTION_FAILURE_ARTICLE),
        "{two:?}"
    );
    assert_eq!(two.bidder, None);
    assert_eq!(bidders_opened(&events), [1, 3, 4]);
}

#[test]
fn of_two_separate_bids_of_one_bidder_the_later_counts() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    // bidder 1 bids again, without replacing its first bid (it lost the receipt, say)
    let later = plan.t.bid + Duration::hours(2);
    run.ok(sealed_bid(1, 11), &bidder(1), later);
    assert_eq!(run.state.round.bids.len(), 4, "the domain cannot tell");
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    assert_eq!(run.state.round.opening.as_ref().unwrap().bids, 4);
    run.shares(&[0, 1], plan.t.share(0));
    let events = run.unseal(plan.t.unseal());
    assert_eq!(
        line(&run, 1).status,
        OpeningStatus::Superseded { by: handle(11) }
    );
    assert!(matches!(
        line(&run, 11).status,
        OpeningStatus::Opened { .. }
    ));
    assert_eq!(line(&run, 11).submitted_at, later);
    // bidder 1 once, with its later bid
    assert_eq!(bidders_opened(&events), [2, 3, 1]);
    let TradeEvent::BidsUnsealed { lines, .. } = &events[0] else {
        unreachable!()
    };
    let order: Vec<_> = lines.iter().map(|l| handle_number(&l.handle)).collect();
    assert_eq!(order, [1, 2, 3, 11], "by submission time");
}

#[test]
fn three_bids_from_two_bidders_are_too_few() {
    let plan = with_bidders(&[1, 2]);
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(
        sealed_bid(1, 11),
        &bidder(1),
        plan.t.bid + Duration::hours(1),
    );
    // three handles: the opening starts
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    run.shares(&[0, 1], plan.t.share(0));
    let events = run.unseal(plan.t.unseal());
    assert!(matches!(events[0], TradeEvent::BidsUnsealed { .. }));
    let TradeEvent::TradeFailed {
        reason:
            FailureReason::TooFewBids {
                bids,
                minimum,
                article,
            },
        round: 1,
        ..
    } = &events[1]
    else {
        panic!("{events:?}")
    };
    assert_eq!((*bids, *minimum), (2, 3));
    assert!(article.contains("第28条"), "{article}");
    assert_eq!(events.len(), 2, "no BidsOpened");
    assert_eq!(run.phase(), Phase::Failed);
    assert!(run.state.round.opened_bidders.is_empty());
    assert_eq!(run.state.round.opening_record.len(), 3);
    assert!(events[1].releases_rooms());
}

#[test]
fn the_unsealing_reveals_who_obtained_the_documents() {
    let plan = with_bidders(&[]);
    let mut run = plan.run_to(Phase::Announced);
    let first = plan.t.announce + Duration::days(1);
    run.ok(obtain(1), &bidder(1), first);
    run.ok(
        TradeCommand::RecordExpertDraw {
            committee_size: plan.committee,
            experts_commitment: commitment(),
        },
        &staff(),
        plan.t.draw,
    );
    // obtaining again is one more sealed event (who, the domain cannot tell)
    let again = run.ok(obtain(1), &bidder(1), plan.t.bid);
    assert_eq!(again.len(), 1);
    run.ok(obtain(2), &bidder(2), plan.t.bid);
    // bidder 5 obtains and does not bid; bidder 3 bids without obtaining
    run.ok(obtain(5), &bidder(5), plan.t.bid);
    for n in [1, 2, 3] {
        run.ok(submit_bid(n), &bidder(n), plan.t.bid);
    }
    assert_eq!(run.state.round.sealed_obtains, 4);
    assert!(run.state.round.obtainers.is_empty(), "nobody knows who yet");
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    run.shares(&[0, 1], plan.t.share(0));
    assert!(run.state.round.obtainers.is_empty());
    let events = run.unseal(plan.t.unseal());
    let TradeEvent::BidsUnsealed { obtainers, .. } = &events[0] else {
        unreachable!()
    };
    assert_eq!(obtainers.len(), 4, "every obtaining");
    let round = &run.state.round;
    assert_eq!(
        round.obtainers.iter().collect::<Vec<_>>(),
        [
            (&bidder_org(1), &first),
            (&bidder_org(2), &plan.t.bid),
            (&bidder_org(5), &plan.t.bid)
        ],
        "each obtainer once, with its first obtaining"
    );
    let obtained = |h| match line(&run, h).status {
        OpeningStatus::Opened {
            obtained_documents, ..
        } => obtained_documents,
        ref s => panic!("{s:?}"),
    };
    assert!(obtained(1) && obtained(2));
    assert!(!obtained(3), "reported, not refused");
    assert_eq!(bidders_opened(&events), [1, 2, 3]);
}

// ----- a key that was not recovered -----

fn abandon() -> TradeCommand {
    TradeCommand::AbandonOpening {
        reason: "监督人未在解密时限内提交密钥分片".into(),
    }
}

#[test]
fn the_opening_is_abandoned_only_after_the_window_without_k_shares() {
    let plan = construction_open();
    let mut run = started(&plan);
    run.ok(share(0), &custodian(0), plan.t.share(0));
    let until = plan.t.open() + Duration::minutes(60);
    let g = run.given();
    let err = g
        .when(abandon(), &staff(), until - Duration::seconds(1))
        .then_error("trade.window_not_over");
    assert_eq!(err, TradeError::WindowNotOver { until });
    g.when(abandon(), &bidder(1), until)
        .then_error("trade.wrong_role");
    g.when(abandon(), &supervisor(), until)
        .then_error("trade.wrong_role");
    g.when(
        TradeCommand::AbandonOpening { reason: " ".into() },
        &staff(),
        until,
    )
    .then_error("trade.invalid_input");
    g.when(abandon(), &Actor::platform(), until)
        .then_kinds(&["trade.failed"]);
    let events = run.ok(abandon(), &staff(), until);
    assert_eq!(
        events,
        [TradeEvent::TradeFailed {
            reason: FailureReason::KeyNotRecovered {
                shares: 1,
                threshold: 2,
                reason: "监督人未在解密时限内提交密钥分片".into(),
                article: "电子招标投标办法 第31条".into(),
            },
            round: 1,
            at: until,
        }]
    );
    assert!(events[0].is_public() && events[0].releases_rooms());
    assert_eq!(run.phase(), Phase::Failed);
    let end = run.state.summary().end_reason.unwrap();
    assert!(
        end.contains("1 of 2 shares") && end.contains("第31条"),
        "{end}"
    );
    // a new round may follow
    run.ok(retender(), &agency(), plan.t.evaluate);
    assert_eq!(run.state.round.number, 2);
    assert_eq!(run.state.round.opening_key, None);
}

#[test]
fn an_opening_with_k_shares_is_not_abandoned() {
    let plan = construction_open();
    let late = plan.t.open() + Duration::hours(3);
    let err = unlocked(&plan)
        .given()
        .when(abandon(), &staff(), late)
        .then_error("trade.shares_complete");
    assert_eq!(err, TradeError::SharesComplete { have: 2, need: 2 });
    // nor one that has not started
    plan.run_to(Phase::ExpertsDrawn)
        .given()
        .when(abandon(), &staff(), late)
        .then_error("trade.opening_not_started");
    // with no share at all it is
    started(&plan)
        .given()
        .when(abandon(), &staff(), late)
        .then_kinds(&["trade.failed"]);
}

// ----- confirmations and objections -----

fn confirm(n: u32) -> TradeCommand {
    TradeCommand::ConfirmOpeningRecord {
        bidder: bidder_org(n),
    }
}

fn object(n: u32, text: &str) -> TradeCommand {
    TradeCommand::RaiseOpeningObjection {
        bidder: bidder_org(n),
        text: text.into(),
    }
}

fn answer(number: u32) -> TradeCommand {
    TradeCommand::AnswerOpeningObjection {
        number,
        answer: "已当场复核，开标记录无误".into(),
    }
}

fn after_unsealing(plan: &Plan) -> OffsetDateTime {
    plan.t.unseal() + Duration::minutes(5)
}

#[test]
fn a_bidder_in_the_record_confirms_it_once() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::Opened);
    let at = after_unsealing(&plan);
    let events = run.ok(confirm(1), &bidder(1), at);
    assert_eq!(
        events,
        [TradeEvent::OpeningRecordConfirmed {
            bidder: bidder_org(1),
            at,
        }]
    );
    assert!(run.state.round.confirmed_by.contains(&bidder_org(1)));
    let err = run
        .given()
        .when(confirm(1), &bidder(1), at)
        .then_error("trade.already_confirmed");
    assert_eq!(
        err,
        TradeError::AlreadyConfirmed {
            bidder: bidder_org(1)
        }
    );
    let g = run.given();
    g.when(confirm(2), &bidder(2), at)
        .then_kinds(&["trade.opening_record_confirmed"]);
    let err = g
        .when(confirm(9), &bidder(9), at)
        .then_error("trade.not_in_opening_record");
    assert_eq!(
        err,
        TradeError::NotInOpeningRecord {
            bidder: bidder_org(9)
        }
    );
    g.when(confirm(2), &bidder(1), at)
        .then_error("trade.not_party");
    g.when(confirm(1), &staff(), at)
        .then_error("trade.wrong_role");
    // not before the unsealing
    unlocked(&plan)
        .given()
        .when(confirm(1), &bidder(1), at)
        .then_error("trade.node_skipped");
}

#[test]
fn a_revoked_bidder_may_still_confirm_or_object() {
    let plan = with_bidders(&[1, 2, 3, 4]);
    let mut run = unlocked(&plan);
    let results = vec![
        opened(1, 1),
        opened(2, 2),
        opened(3, 3),
        failed(Some(4), 4, Fault::Bidder),
    ];
    run.ok(
        unsealing(results, vec![]),
        &Actor::platform(),
        plan.t.unseal(),
    );
    let g = run.given();
    let at = after_unsealing(&plan);
    g.when(confirm(4), &bidder(4), at)
        .then_kinds(&["trade.opening_record_confirmed"]);
    g.when(object(4, "我方投标文件解密失败系平台原因"), &bidder(4), at)
        .then_kinds(&["trade.opening_objection_raised"]);
}

#[test]
fn objections_are_numbered_and_answered_once_by_the_tenderer_or_agency() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::Opened);
    let at = after_unsealing(&plan);
    let first = run.ok(object(2, "第1号投标人报价唱标有误"), &bidder(2), at);
    assert_eq!(
        first,
        [TradeEvent::OpeningObjectionRaised {
            number: 1,
            bidder: bidder_org(2),
            text: "第1号投标人报价唱标有误".into(),
            at,
        }]
    );
    let second = run.ok(object(3, "开标时间有误"), &bidder(3), at);
    assert!(matches!(
        second[0],
        TradeEvent::OpeningObjectionRaised { number: 2, .. }
    ));
    assert!(!second[0].is_public());
    run.given()
        .when(object(9, "x"), &bidder(9), at)
        .then_error("trade.not_in_opening_record");
    run.given()
        .when(object(1, "  "), &bidder(1), at)
        .then_error("trade.invalid_input");

    let g = run.given();
    g.when(answer(1), &bidder(2), at)
        .then_error("trade.wrong_role");
    g.when(answer(1), &staff(), at)
        .then_error("trade.wrong_role");
    let stranger = Actor::new("x", Role::Agency).with_org(bidder_org(8).as_str());
    g.when(answer(1), &stranger, at)
        .then_error("trade.not_party");
    let err = g
        .when(answer(3), &agency(), at)
        .then_error("trade.unknown_objection");
    assert_eq!(err, TradeError::UnknownObjection { number: 3 });
    g.when(answer(0), &agency(), at)
        .then_error("trade.unknown_objection");

    let events = run.ok(answer(1), &agency(), at);
    assert_eq!(
        events,
        [TradeEvent::OpeningObjectionAnswered {
            number: 1,
            answer: "已当场复核，开标记录无误".into(),
            at,
        }]
    );
    let err = run
        .given()
        .when(answer(1), &tenderer(), at)
        .then_error("trade.objection_answered");
    assert_eq!(err, TradeError::ObjectionAnswered { number: 1 });
    run.ok(answer(2), &tenderer(), at);
    let objections = &run.state.round.objections;
    assert_eq!(objections.len(), 2);
    assert!(objections.iter().all(|o| o.answer.is_some()));
    assert_eq!(
        (objections[0].number, &objections[0].bidder),
        (1, &bidder_org(2))
    );
    // the opening is over once the committee has reported
    run.ok(
        TradeCommand::RecordEvaluation {
            report: blob("report.pdf"),
            ranked: vec![bidder_org(2)],
        },
        &expert(),
        plan.t.evaluate,
    );
    run.given()
        .when(object(1, "迟到的异议"), &bidder(1), plan.t.evaluate)
        .then_error("trade.wrong_phase");
    run.given()
        .when(confirm(1), &bidder(1), plan.t.evaluate)
        .then_error("trade.wrong_phase");
}

// ----- a suspension during the opening -----

#[test]
fn an_opening_suspended_and_resumed_goes_on_without_a_new_deadline() {
    let plan = construction_open();
    let mut run = started(&plan);
    run.ok(share(0), &custodian(0), plan.t.share(0));
    let suspend = TradeCommand::Suspend {
        reason: "开标现场异议".into(),
    };
    run.ok(suspend, &supervisor(), plan.t.share(1));
    let later = plan.t.share(1) + Duration::minutes(10);
    // the bid period is over: a resumption must not reopen it
    let new_deadline = plan.t.opening + Duration::days(7);
    run.given()
        .when(
            TradeCommand::Resume {
                new_deadline: Some(new_deadline),
            },
            &staff(),
            later,
        )
        .then_error("trade.invalid_input");
    run.ok(TradeCommand::Resume { new_deadline: None }, &staff(), later);
    assert_eq!(run.phase(), Phase::ExpertsDrawn);
    run.ok(share(1), &custodian(1), later);
    run.unseal(later);
    assert_eq!(run.phase(), Phase::Opened);
}

#[test]
fn an_opening_record_of_a_round_that_failed_after_the_unsealing_can_be_read() {
    use domain::access::{may_read_event, relation_to_trade};
    let plan = with_bidders(&[1, 2]);
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(
        sealed_bid(1, 11),
        &bidder(1),
        plan.t.bid + Duration::hours(1),
    );
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    run.shares(&[0, 1], plan.t.share(0));
    run.unseal(plan.t.unseal());
    assert_eq!(run.phase(), Phase::Failed);
    let record = run
        .log
        .iter()
        .find(|e| matches!(e, TradeEvent::BidsUnsealed { .. }))
        .unwrap();
    let s = &run.state;
    for actor in [bidder(1), bidder(2), supervisor(), staff()] {
        let rel = relation_to_trade(&actor, s);
        assert_eq!(
            may_read_event(actor.role, s, rel, record).map_err(|d| d.code()),
            Ok(()),
            "{actor:?}"
        );
    }
}
