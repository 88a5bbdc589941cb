//! The challenge book (evaluation::challenge): objections to construction candidates,
//! procurement challenges, complaints, the supervisor's handling and the notice of award, on
//! the real 2026 calendar (中秋 09-25..27, 国庆 10-01..07, 调休 Saturday 10-10).
use domain::{Actor, Aggregate, Context, Refusal, Refuse, Role, TradeId, UnifiedSocialCreditCode};
use evaluation::challenge::*;
use legal_time::Calendar;
use time::OffsetDateTime;
use time::macros::{date, datetime};

fn code(s: &str) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::parse(s).unwrap()
}
fn tenderer() -> UnifiedSocialCreditCode {
    code("914403001922038216")
}
fn bidder(n: u32) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::complete(&format!("91320100MA{n:06}")).unwrap()
}

fn facts(regime: Regime) -> TradeFacts {
    TradeFacts {
        trade: TradeId::parse("GC-2026-0907").unwrap(),
        regime,
        tenderer: tenderer(),
        agency: None,
        bidders: vec![bidder(1), bidder(2), bidder(3)],
        published: Some(match regime {
            Regime::Procurement => date!(2026 - 09 - 24),
            Regime::Construction => date!(2026 - 06 - 15),
        }),
        publicity_until: None,
        winner: None,
    }
}

fn bidder_actor(n: u32) -> Actor {
    Actor::new(format!("b{n}"), Role::Bidder).with_org(bidder(n).as_str())
}
fn tenderer_actor() -> Actor {
    Actor::new("t1", Role::Tenderer).with_org(tenderer().as_str())
}
fn supervisor() -> Actor {
    Actor::new("s1", Role::Supervisor)
}

struct World {
    cal: Calendar,
    book: ChallengeBook,
    facts: TradeFacts,
}

impl World {
    fn new(regime: Regime) -> World {
        World {
            cal: Calendar::builtin(),
            book: ChallengeBook::default(),
            facts: facts(regime),
        }
    }
    fn try_act(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        act: Act,
    ) -> Result<Vec<ChallengeEvent>, ChallengeError> {
        let ctx = Context {
            now,
            actor,
            calendar: &self.cal,
        };
        let command = ChallengeCommand {
            facts: self.facts.clone(),
            act,
        };
        self.book.decide(&command, &ctx)
    }
    fn act(&mut self, actor: &Actor, now: OffsetDateTime, act: Act) -> Vec<ChallengeEvent> {
        let events = self.try_act(actor, now, act).unwrap();
        for e in &events {
            self.book.evolve(e);
        }
        events
    }
    fn refused(&self, actor: &Actor, now: OffsetDateTime, act: Act) -> ChallengeError {
        let before = self.book.clone();
        let e = self.try_act(actor, now, act).unwrap_err();
        assert_eq!(before, self.book);
        e
    }
}

fn file(text: &str) -> Act {
    Act::File {
        subject: Subject::Result,
        text: text.into(),
    }
}

#[test]
fn procurement_challenge_last_day_counts_the_working_saturday() {
    // result published Thu 09-24; announcement ends 09-28 (中秋 in between); 7 个工作日
    // from 09-28: 09-29, 09-30, 10-08, 10-09, 10-10 (调休), 10-12, 10-13.
    let mut w = World::new(Regime::Procurement);
    let ev = w.act(
        &bidder_actor(2),
        datetime!(2026-10-13 23:59:59 +8),
        file("第2名的业绩不实"),
    );
    let ChallengeEvent::Filed {
        window,
        reply_due,
        kind,
        number,
        ..
    } = &ev[0]
    else {
        panic!("{ev:?}")
    };
    assert_eq!((*kind, *number), (FilingKind::Challenge, 1));
    assert_eq!(window.last_day, date!(2026 - 10 - 13));
    assert_eq!(window.rule, "period.challenge");
    // reply: 7 个工作日 from 10-13 → 10-22
    assert_eq!(reply_due.last_day, date!(2026 - 10 - 22));

    let e = w.refused(
        &bidder_actor(3),
        datetime!(2026-10-14 00:00 +8),
        file("迟到的质疑"),
    );
    assert_eq!(e.code(), "challenge.late");
    let msg = e.to_string();
    assert!(msg.contains("2026-10-13"), "{msg}");
    assert!(msg.contains("政府采购法 第52条"), "{msg}");
    // The refusal carries its article to the boundary, apart from the message.
    assert_eq!(e.refusal().class, domain::Class::Rule);
    assert_eq!(
        e.refusal().article,
        Some("政府采购法 第52条; 政府采购法实施条例 第53条")
    );
}

#[test]
fn challenge_reply_due_skips_national_day_and_counts_the_working_saturday() {
    let mut w = World::new(Regime::Procurement);
    w.facts.published = Some(date!(2026 - 09 - 28));
    let ev = w.act(&bidder_actor(1), datetime!(2026-09-30 10:00 +8), file("x"));
    let ChallengeEvent::Filed { reply_due, .. } = &ev[0] else {
        panic!()
    };
    // 10-08 (1), 10-09 (2), 10-10 Sat 调休 (3), 10-12..15 (4..7)
    assert_eq!(reply_due.last_day, date!(2026 - 10 - 15));
}

#[test]
fn only_suppliers_who_took_part_challenge_the_result_and_not_before_it() {
    let w = World::new(Regime::Procurement);
    let e = w.refused(&bidder_actor(9), datetime!(2026-09-29 10:00 +8), file("x"));
    assert_eq!(e.code(), "challenge.not_a_participant");
    assert_eq!(
        e.refusal(),
        Refusal::forbidden("challenge.not_a_participant").citing("政府采购法 第52条")
    );
    let e = w.refused(&bidder_actor(1), datetime!(2026-09-23 10:00 +8), file("x"));
    assert_eq!(e.code(), "challenge.not_open");
    let e = w.refused(&tenderer_actor(), datetime!(2026-09-29 10:00 +8), file("x"));
    assert_eq!(e.code(), "challenge.wrong_role");
    let mut unpublished = World::new(Regime::Procurement);
    unpublished.facts.published = None;
    let e = unpublished.refused(&bidder_actor(1), datetime!(2026-09-29 10:00 +8), file("x"));
    assert_eq!(e.code(), "challenge.not_published");
    let e = w.refused(&bidder_actor(1), datetime!(2026-09-29 10:00 +8), file("  "));
    assert_eq!(e.code(), "challenge.invalid_input");
}

#[test]
fn documents_challenge_counts_from_the_day_obtained() {
    // obtained Fri 2026-09-18: 09-21..24 (4), 09-28 (5), 09-29 (6), 09-30 (7);
    // 09-20 is a 调休 Sunday but comes before; 中秋 09-25..27 off.
    let w = World::new(Regime::Procurement);
    let docs = |text: &str| Act::File {
        subject: Subject::Documents {
            obtained: date!(2026 - 09 - 18),
        },
        text: text.into(),
    };
    let ok = w
        .try_act(
            &bidder_actor(7),
            datetime!(2026-09-29 23:59:59 +8),
            docs("x"),
        )
        .unwrap();
    let ChallengeEvent::Filed { window, .. } = &ok[0] else {
        panic!()
    };
    // 09-19 Sat rest, 09-20 Sun 调休 working (1), 09-21..24 (2..5), 09-28 (6), 09-29 (7)
    assert_eq!(window.last_day, date!(2026 - 09 - 29));
    let e = w.refused(&bidder_actor(7), datetime!(2026-09-30 00:00 +8), docs("x"));
    assert_eq!(e.code(), "challenge.late");
}

#[test]
fn construction_objection_only_during_the_publicity() {
    // published Mon 06-15, at least 3 日 → 06-18; announced until 06-22 (端午 06-19..21
    // does not move a minimum, the announced day rules).
    let mut w = World::new(Regime::Construction);
    let e = w.refused(
        &bidder_actor(2),
        datetime!(2026-06-14 23:59:59 +8),
        file("x"),
    );
    assert_eq!(e.code(), "challenge.not_open");
    w.act(
        &bidder_actor(2),
        datetime!(2026-06-18 23:59:59 +8),
        file("x"),
    );
    let e = w.refused(&bidder_actor(2), datetime!(2026-06-19 00:00 +8), file("x"));
    assert_eq!(e.code(), "challenge.late");
    assert!(e.to_string().contains("招标投标法实施条例 第54条"));
    w.facts.publicity_until = Some(date!(2026 - 06 - 22));
    let ev = w.act(&bidder_actor(4), datetime!(2026-06-22 23:00 +8), file("y"));
    let ChallengeEvent::Filed {
        kind, reply_due, ..
    } = &ev[0]
    else {
        panic!()
    };
    assert_eq!(*kind, FilingKind::Objection);
    // 3 日 from 06-22 → 06-25 (a Thursday)
    assert_eq!(reply_due.last_day, date!(2026 - 06 - 25));
    // any interested party may object, not only a bidder of the record
    w.act(&bidder_actor(99), datetime!(2026-06-22 23:30 +8), file("z"));
    // the first one's reply: 3 日 from 06-18 → 06-21 (端午) → moved to 06-22
    let pending = |at| w.book.pending_objections(at);
    assert_eq!(pending(datetime!(2026-06-22 23:59 +8)), vec![1, 2, 3]);
    assert_eq!(pending(datetime!(2026-06-23 00:00 +8)), vec![2, 3]);
    let e = w.refused(
        &bidder_actor(2),
        datetime!(2026-06-16 09:00 +8),
        Act::File {
            subject: Subject::Step {
                ended: date!(2026 - 06 - 15),
            },
            text: "x".into(),
        },
    );
    assert_eq!(e.code(), "challenge.not_applicable");
}

#[test]
fn replies_by_the_tenderer_late_ones_recorded() {
    let mut w = World::new(Regime::Construction);
    w.act(&bidder_actor(2), datetime!(2026-06-16 10:00 +8), file("x"));
    w.act(&bidder_actor(3), datetime!(2026-06-16 11:00 +8), file("y"));
    let reply = |n: u32| Act::Reply {
        number: n,
        text: "经核查，异议不成立".into(),
    };
    let e = w.refused(&bidder_actor(2), datetime!(2026-06-17 10:00 +8), reply(1));
    assert_eq!(e.code(), "challenge.wrong_role");
    let other = Actor::new("t9", Role::Tenderer).with_org(bidder(5).as_str());
    let e = w.refused(&other, datetime!(2026-06-17 10:00 +8), reply(1));
    assert_eq!(e.code(), "challenge.not_the_tenderer");
    // 3 日 from 06-16 → 06-19 is 端午 (a statutory day off) → moved to 06-22
    let ev = w.act(&tenderer_actor(), datetime!(2026-06-22 23:59 +8), reply(1));
    assert!(matches!(ev[0], ChallengeEvent::Replied { late: false, .. }));
    let ev = w.act(&tenderer_actor(), datetime!(2026-06-23 00:00 +8), reply(2));
    assert!(matches!(ev[0], ChallengeEvent::Replied { late: true, .. }));
    let e = w.refused(&tenderer_actor(), datetime!(2026-06-23 00:00 +8), reply(2));
    assert_eq!(e.code(), "challenge.already_replied");
    let e = w.refused(&tenderer_actor(), datetime!(2026-06-23 00:00 +8), reply(7));
    assert_eq!(e.code(), "challenge.unknown");
}

fn complain(n: u32) -> Act {
    Act::Complain {
        number: n,
        text: "对答复不满意".into(),
    }
}

#[test]
fn procurement_complaint_within_15_working_days_after_the_reply_period() {
    let mut w = World::new(Regime::Procurement);
    w.act(&bidder_actor(2), datetime!(2026-09-30 10:00 +8), file("x"));
    // reply due 10-15; not answered: too early before its end
    let e = w.refused(
        &bidder_actor(2),
        datetime!(2026-10-15 12:00 +8),
        complain(1),
    );
    assert_eq!(e.code(), "challenge.complaint_too_early");
    let e = w.refused(
        &bidder_actor(3),
        datetime!(2026-10-16 12:00 +8),
        complain(1),
    );
    assert_eq!(e.code(), "challenge.not_the_filer");
    // 15 个工作日 from 10-15: 10-16 (1) … 11-05 (15)
    let e = w.refused(
        &bidder_actor(2),
        datetime!(2026-11-06 00:00 +8),
        complain(1),
    );
    assert_eq!(e.code(), "challenge.late");
    assert!(e.to_string().contains("2026-11-05"), "{e}");
    assert!(e.to_string().contains("政府采购法 第55条"), "{e}");
    let ev = w.act(
        &bidder_actor(2),
        datetime!(2026-11-05 23:59:59 +8),
        complain(1),
    );
    let ChallengeEvent::Complained { window, .. } = &ev[0] else {
        panic!()
    };
    assert_eq!(window.last_day, date!(2026 - 11 - 05));
    let e = w.refused(
        &bidder_actor(2),
        datetime!(2026-11-05 23:59:59 +8),
        complain(1),
    );
    assert_eq!(e.code(), "challenge.already_complained");
}

#[test]
fn a_reply_opens_the_complaint_at_once() {
    let mut w = World::new(Regime::Procurement);
    w.act(&bidder_actor(2), datetime!(2026-09-30 10:00 +8), file("x"));
    w.act(
        &tenderer_actor(),
        datetime!(2026-10-08 10:00 +8),
        Act::Reply {
            number: 1,
            text: "不成立".into(),
        },
    );
    w.act(
        &bidder_actor(2),
        datetime!(2026-10-08 11:00 +8),
        complain(1),
    );
}

#[test]
fn construction_complaint_10_days_from_publication_plus_the_wait_for_the_reply() {
    // published 06-15; objection 06-16, reply 06-18: 2 days paused → 10 + 2 日 from 06-15
    // → 06-27 (a Saturday: not a statutory day off, not moved)
    let mut w = World::new(Regime::Construction);
    w.act(&bidder_actor(2), datetime!(2026-06-16 10:00 +8), file("x"));
    w.act(
        &tenderer_actor(),
        datetime!(2026-06-18 10:00 +8),
        Act::Reply {
            number: 1,
            text: "不成立".into(),
        },
    );
    let e = w.refused(
        &bidder_actor(2),
        datetime!(2026-06-28 00:00 +8),
        complain(1),
    );
    assert_eq!(e.code(), "challenge.late");
    assert!(e.to_string().contains("第60条"), "{e}");
    w.act(
        &bidder_actor(2),
        datetime!(2026-06-27 23:59:59 +8),
        complain(1),
    );
}

#[test]
fn the_supervisor_accepts_suspends_or_dismisses_once() {
    let mut w = World::new(Regime::Procurement);
    w.act(&bidder_actor(2), datetime!(2026-09-30 10:00 +8), file("x"));
    let handle = |d: Handling| Act::Handle {
        number: 1,
        decision: d,
        note: "依法处理".into(),
    };
    let at = datetime!(2026-10-20 10:00 +8);
    let e = w.refused(&supervisor(), at, handle(Handling::Accept));
    assert_eq!(e.code(), "challenge.no_complaint");
    w.act(
        &bidder_actor(2),
        datetime!(2026-10-16 10:00 +8),
        complain(1),
    );
    let e = w.refused(&tenderer_actor(), at, handle(Handling::Accept));
    assert_eq!(e.code(), "challenge.wrong_role");
    w.act(&supervisor(), at, handle(Handling::Accept));
    let e = w.refused(&supervisor(), at, handle(Handling::Accept));
    assert_eq!(e.code(), "challenge.already_handled");
    w.act(&supervisor(), at, handle(Handling::Suspend));
    let e = w.refused(&supervisor(), at, handle(Handling::Suspend));
    assert_eq!(e.code(), "challenge.already_handled");
    w.act(&supervisor(), at, handle(Handling::Dismiss));
    let e = w.refused(&supervisor(), at, handle(Handling::Suspend));
    assert_eq!(e.code(), "challenge.already_handled");
    assert_eq!(
        w.book.filings[0].complaint.as_ref().unwrap().handling.len(),
        3
    );
}

#[test]
fn the_notice_of_award_once_decided_others_notified() {
    let mut w = World::new(Regime::Procurement);
    let sha = "ab".repeat(32);
    let issue = || Act::IssueNotice {
        notice_sha256: "ab".repeat(32),
    };
    let at = datetime!(2026-09-24 10:00 +8);
    assert_eq!(
        w.refused(&tenderer_actor(), at, issue()).code(),
        "challenge.not_awarded"
    );
    w.facts.winner = Some(bidder(2));
    assert_eq!(
        w.refused(&bidder_actor(2), at, issue()).code(),
        "challenge.wrong_role"
    );
    let ev = w.act(&tenderer_actor(), at, issue());
    let ChallengeEvent::NoticeIssued { notified, .. } = &ev[0] else {
        panic!()
    };
    assert_eq!(notified, &vec![bidder(1), bidder(3)]);
    assert_eq!(domain::DomainEvent::blob_hashes(&ev[0]), vec![sha]);
    assert_eq!(
        w.refused(&tenderer_actor(), at, issue()).code(),
        "challenge.notice_issued"
    );
}

#[test]
fn every_code_is_listed() {
    for c in ChallengeError::CODES {
        assert!(c.starts_with("challenge."));
    }
    let unique: std::collections::BTreeSet<_> = ChallengeError::CODES.iter().collect();
    assert_eq!(unique.len(), ChallengeError::CODES.len());
}

#[test]
fn events_round_trip_through_json() {
    let mut w = World::new(Regime::Procurement);
    let ev = w.act(&bidder_actor(2), datetime!(2026-09-30 10:00 +8), file("x"));
    let json = serde_json::to_value(&ev[0]).unwrap();
    assert_eq!(json["type"], "filed");
    assert_eq!(json["window"]["last_day"], "2026-10-13");
    let back: ChallengeEvent = serde_json::from_value(json).unwrap();
    assert_eq!(back, ev[0]);
}
