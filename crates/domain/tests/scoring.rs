//! Distributed scoring: every guard of configure, submit, reveal, revise, reasons, the report
//! and signing, and what the state keeps.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use domain::accounts::{KeyAlgorithm, PublicKey};
use domain::eval_room::{Attendee, EvalRoomEvent, EvalRoomState, KeyProof, Member, MemberKind};
use domain::experts::TimeRange;
use domain::scoring::*;
use domain::{Actor, Aggregate, BlobRef, Class, Context, DomainEvent, Refuse, Role, TradeId};
use domain::{UnifiedSocialCreditCode, ValueError};
use legal_time::{Calendar, Duration, OffsetDateTime};
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-06-15 10:05 +8);

fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

fn trade() -> TradeId {
    TradeId::parse("ZC-2026-0601").unwrap()
}

fn usc(n: u8) -> UnifiedSocialCreditCode {
    domain::experts::bench::synthetic_org(u32::from(n))
}

fn member(n: u32) -> Actor {
    Actor::new(format!("expert-{n}"), Role::Expert)
}

fn staff() -> Actor {
    Actor::new("staff-wang", Role::CenterStaff)
}

fn blob(name: &str) -> Result<BlobRef, ValueError> {
    BlobRef::new(&"ab".repeat(32), 10, name)
}

fn proof() -> KeyProof {
    KeyProof {
        key: PublicKey::parse(KeyAlgorithm::Ed25519, &"ab".repeat(32)).unwrap(),
        nonce: "01".repeat(32),
        signature: "cd".repeat(64),
    }
}

/// A room with experts 1..=3 on seats 0..=2; `present` of them joined.
fn room(present: &[u32]) -> EvalRoomState {
    let mut r = EvalRoomState::default();
    r.evolve(&EvalRoomEvent::Opened {
        trade: trade(),
        members: (1..=3)
            .map(|n| Member {
                person: format!("expert-{n}"),
                kind: MemberKind::Expert,
                seat: n - 1,
            })
            .collect(),
        witnesses: vec!["staff-wang".into()],
        scheduled: TimeRange {
            from: NOW,
            to: NOW + Duration::hours(2),
        },
        at: NOW,
    });
    for n in present {
        r.evolve(&EvalRoomEvent::Joined {
            person: format!("expert-{n}"),
            attendee: Attendee::Member,
            via: proof(),
            at: NOW,
        });
    }
    r
}

fn configure() -> ScoringCommand {
    ScoringCommand::Configure {
        trade: trade(),
        bids: (1..=3)
            .map(|n| BidEntry {
                id: format!("B{n}"),
                bidder: usc(n),
            })
            .collect(),
        criteria: vec![
            CriterionEntry {
                id: "tech".into(),
                name: "技术".into(),
                points: "40".into(),
                objective: false,
            },
            CriterionEntry {
                id: "cert".into(),
                name: "证书".into(),
                points: "10".into(),
                objective: true,
            },
        ],
        input: blob("input.json").unwrap(),
    }
}

fn decide(
    state: &ScoringState,
    room: &EvalRoomState,
    actor: &Actor,
    command: ScoringCommand,
) -> Result<Vec<ScoringEvent>, ScoringError> {
    let ctx = Context {
        now: NOW,
        actor,
        calendar: calendar(),
    };
    state.decide(
        &ScoringRequest {
            room: room.clone(),
            command,
        },
        &ctx,
    )
}

fn apply(
    state: &mut ScoringState,
    room: &EvalRoomState,
    actor: &Actor,
    command: ScoringCommand,
) -> Vec<ScoringEvent> {
    let events = decide(state, room, actor, command).expect("accepted");
    for e in &events {
        state.evolve(e);
    }
    events
}

fn code(r: Result<Vec<ScoringEvent>, ScoringError>) -> &'static str {
    r.expect_err("refused").code()
}

fn sheet(n: u32, tech: &str, cert: &str) -> OpenedSheet {
    let mut scores = BTreeMap::new();
    for b in 1..=3 {
        let mut row = BTreeMap::new();
        row.insert("tech".to_owned(), tech.to_owned());
        row.insert("cert".to_owned(), cert.to_owned());
        scores.insert(format!("B{b}"), row);
    }
    OpenedSheet {
        member: format!("expert-{n}"),
        salt: format!("{n:064}"),
        scores,
    }
}

fn submit(s: &OpenedSheet) -> ScoringCommand {
    ScoringCommand::Submit {
        digest: sheet_digest(&trade(), s),
        sealed: "c2VhbGVk".into(),
    }
}

fn mismatch() -> ScoringIssue {
    ScoringIssue {
        code: "evaluation.objective_mismatch".into(),
        blocking: true,
        message: "cert differs".into(),
        members: vec!["expert-1".into(), "expert-2".into(), "expert-3".into()],
        cells: vec![Cell {
            bid: "B1".into(),
            criterion: "cert".into(),
        }],
    }
}

fn outlier(blocking: bool) -> ScoringIssue {
    ScoringIssue {
        code: if blocking {
            "evaluation.outlier_reason_required".into()
        } else {
            "evaluation.outlier_flagged".into()
        },
        blocking,
        message: "expert-3 scored B1/tech 5".into(),
        members: vec!["expert-3".into()],
        cells: vec![Cell {
            bid: "B1".into(),
            criterion: "tech".into(),
        }],
    }
}

/// Configured, all three submitted.
fn submitted() -> (ScoringState, EvalRoomState, Vec<OpenedSheet>) {
    let r = room(&[1, 2, 3]);
    let mut s = ScoringState::default();
    apply(&mut s, &r, &staff(), configure());
    let sheets = vec![
        sheet(1, "30", "10"),
        sheet(2, "32", "10"),
        sheet(3, "5", "8"),
    ];
    for (n, sh) in (1..=3).zip(&sheets) {
        apply(&mut s, &r, &member(n), submit(sh));
    }
    (s, r, sheets)
}

fn revealed(issues: Vec<ScoringIssue>) -> (ScoringState, EvalRoomState) {
    let (mut s, r, sheets) = submitted();
    apply(
        &mut s,
        &r,
        &Actor::platform(),
        ScoringCommand::Reveal { sheets, issues },
    );
    (s, r)
}

fn draft(ranked: Vec<UnifiedSocialCreditCode>) -> ScoringCommand {
    ScoringCommand::DraftReport {
        report: blob("report.json").unwrap(),
        digest: "ef".repeat(32),
        ranked,
    }
}

#[test]
fn configure_is_for_staff_and_checked_and_closes_with_the_first_sheet() {
    let r = room(&[1]);
    let s = ScoringState::default();
    assert_eq!(
        code(decide(&s, &r, &member(1), configure())),
        "scoring.wrong_role"
    );
    let mut bad = configure();
    if let ScoringCommand::Configure { bids, .. } = &mut bad {
        bids.push(bids[0].clone());
    }
    assert_eq!(code(decide(&s, &r, &staff(), bad)), "scoring.invalid_input");
    let mut bad = configure();
    if let ScoringCommand::Configure { criteria, .. } = &mut bad {
        criteria.clear();
    }
    assert_eq!(code(decide(&s, &r, &staff(), bad)), "scoring.invalid_input");
    let mut s = ScoringState::default();
    apply(&mut s, &r, &staff(), configure());
    apply(&mut s, &r, &Actor::platform(), configure());
    apply(&mut s, &r, &member(1), submit(&sheet(1, "30", "10")));
    assert_eq!(
        code(decide(&s, &r, &staff(), configure())),
        "scoring.already_started"
    );
}

#[test]
fn only_a_present_member_submits_once_before_the_reveal() {
    let r = room(&[1]);
    let mut s = ScoringState::default();
    let sh = sheet(1, "30", "10");
    assert_eq!(
        code(decide(&s, &r, &member(1), submit(&sh))),
        "scoring.not_configured"
    );
    apply(&mut s, &r, &staff(), configure());
    assert_eq!(
        code(decide(&s, &r, &staff(), submit(&sh))),
        "scoring.members_only"
    );
    let bidder = Actor::new("bidder-9", Role::Bidder);
    assert_eq!(
        code(decide(&s, &r, &bidder, submit(&sh))),
        "scoring.members_only"
    );
    // Expert 2 sits on the committee but has not joined.
    assert_eq!(
        code(decide(&s, &r, &member(2), submit(&sh))),
        "scoring.not_present"
    );
    let bad = ScoringCommand::Submit {
        digest: "xyz".into(),
        sealed: "c2VhbGVk".into(),
    };
    assert_eq!(
        code(decide(&s, &r, &member(1), bad)),
        "scoring.invalid_input"
    );
    let bad = ScoringCommand::Submit {
        digest: "ab".repeat(32),
        sealed: String::new(),
    };
    assert_eq!(
        code(decide(&s, &r, &member(1), bad)),
        "scoring.invalid_input"
    );
    let events = apply(&mut s, &r, &member(1), submit(&sh));
    assert_eq!(events[0].kind(), "scoring.sheet_submitted");
    // The log holds no score: only who, the digest and the sealed sheet.
    let json = serde_json::to_string(&events[0]).unwrap();
    assert!(!json.contains("\"30\"") && !json.contains("tech"), "{json}");
    assert_eq!(
        code(decide(&s, &r, &member(1), submit(&sh))),
        "scoring.already_submitted"
    );
    assert_eq!(s.missing(&r), vec!["expert-2", "expert-3"]);
}

#[test]
fn a_member_who_left_or_a_closed_room_cannot_score() {
    let mut r = room(&[1]);
    let mut s = ScoringState::default();
    apply(&mut s, &r, &staff(), configure());
    r.evolve(&EvalRoomEvent::Left {
        person: "expert-1".into(),
        at: NOW,
    });
    let sh = sheet(1, "30", "10");
    assert_eq!(
        code(decide(&s, &r, &member(1), submit(&sh))),
        "scoring.not_present"
    );
    let mut r = room(&[1]);
    r.evolve(&EvalRoomEvent::Closed { at: NOW });
    assert_eq!(
        code(decide(&s, &r, &member(1), submit(&sh))),
        "scoring.not_present"
    );
}

#[test]
fn the_reveal_needs_every_sheet_and_matching_digests() {
    let r = room(&[1, 2, 3]);
    let mut s = ScoringState::default();
    let reveal = |sheets: Vec<OpenedSheet>| ScoringCommand::Reveal {
        sheets,
        issues: vec![],
    };
    assert_eq!(
        code(decide(&s, &r, &Actor::platform(), reveal(vec![]))),
        "scoring.not_configured"
    );
    apply(&mut s, &r, &staff(), configure());
    apply(&mut s, &r, &member(1), submit(&sheet(1, "30", "10")));
    assert_eq!(
        code(decide(&s, &r, &staff(), reveal(vec![]))),
        "scoring.wrong_role"
    );
    let err = decide(&s, &r, &Actor::platform(), reveal(vec![])).unwrap_err();
    assert_eq!(
        err,
        ScoringError::SheetsMissing {
            missing: vec!["expert-2".into(), "expert-3".into()]
        }
    );
    // A room not opened has no members: nothing to reveal.
    let mut c = ScoringState::default();
    apply(&mut c, &EvalRoomState::default(), &staff(), configure());
    assert_eq!(
        code(decide(
            &c,
            &EvalRoomState::default(),
            &Actor::platform(),
            reveal(vec![])
        )),
        "scoring.sheets_missing"
    );
    let (s, r, sheets) = submitted();
    let mut forged = sheets.clone();
    forged[2]
        .scores
        .get_mut("B1")
        .unwrap()
        .insert("tech".into(), "35".into());
    let err = decide(&s, &r, &Actor::platform(), reveal(forged)).unwrap_err();
    assert_eq!(err.code(), "scoring.digest_mismatch");
    assert_eq!(
        code(decide(
            &s,
            &r,
            &Actor::platform(),
            reveal(sheets[..2].to_vec())
        )),
        "scoring.digest_mismatch"
    );
    let mut extra = sheets.clone();
    extra.push(sheet(4, "1", "1"));
    assert_eq!(
        code(decide(&s, &r, &Actor::platform(), reveal(extra))),
        "scoring.digest_mismatch"
    );
    let mut s2 = s.clone();
    apply(&mut s2, &r, &Actor::platform(), reveal(sheets.clone()));
    assert_eq!(s2.sheet("expert-3").unwrap().scores["B1"]["tech"], "5");
    assert_eq!(
        code(decide(&s2, &r, &Actor::platform(), reveal(sheets.clone()))),
        "scoring.already_revealed"
    );
    assert_eq!(
        code(decide(&s2, &r, &member(1), submit(&sheet(1, "1", "1")))),
        "scoring.already_revealed"
    );
}

#[test]
fn revising_needs_the_reveal_and_a_blocking_issue_of_ones_own() {
    let (s, r, _) = submitted();
    let revise = |bid: &str, crit: &str, score: &str| ScoringCommand::Revise {
        bid: bid.into(),
        criterion: crit.into(),
        score: score.into(),
        issues: vec![],
    };
    assert_eq!(
        code(decide(&s, &r, &member(3), revise("B1", "cert", "10"))),
        "scoring.not_revealed"
    );
    let (mut s, r) = revealed(vec![mismatch(), outlier(true)]);
    assert_eq!(s.blocking(), 2);
    // Not an item under an issue; an outlier is answered with a reason, not revised.
    assert_eq!(
        code(decide(&s, &r, &member(3), revise("B2", "cert", "10"))),
        "scoring.not_flagged"
    );
    assert_eq!(
        code(decide(&s, &r, &member(3), revise("B1", "tech", "30"))),
        "scoring.not_flagged"
    );
    assert_eq!(
        code(decide(&s, &r, &staff(), revise("B1", "cert", "10"))),
        "scoring.members_only"
    );
    assert_eq!(
        code(decide(&s, &r, &member(3), revise("B1", "cert", "ten"))),
        "scoring.invalid_input"
    );
    let cmd = ScoringCommand::Revise {
        bid: "B1".into(),
        criterion: "cert".into(),
        score: "10".into(),
        issues: vec![outlier(true)],
    };
    apply(&mut s, &r, &member(3), cmd);
    assert_eq!(s.sheet("expert-3").unwrap().scores["B1"]["cert"], "10");
    assert_eq!(s.blocking(), 1);
}

#[test]
fn an_outlier_reason_comes_from_its_author_and_is_a_flag() {
    let (mut s, r) = revealed(vec![outlier(true)]);
    let reason = |text: &str| ScoringCommand::GiveReason {
        bid: "B1".into(),
        criterion: "tech".into(),
        reason: text.into(),
        issues: vec![outlier(false)],
    };
    assert_eq!(
        code(decide(&s, &r, &member(1), reason("因为"))),
        "scoring.not_flagged"
    );
    assert_eq!(
        code(decide(&s, &r, &member(3), reason("  "))),
        "scoring.invalid_input"
    );
    assert_eq!(
        code(decide(
            &s,
            &r,
            &member(3),
            reason(&"长".repeat(MAX_REASON_CHARS + 1))
        )),
        "scoring.too_long"
    );
    let events = apply(&mut s, &r, &member(3), reason("技术方案缺少关键章节。"));
    assert_eq!(events[0].kind(), "scoring.outlier_flagged");
    assert_eq!(s.blocking(), 0);
    assert_eq!(s.reasons.len(), 1);
    assert_eq!(s.reasons[0].2, "技术方案缺少关键章节。");
}

#[test]
fn the_report_waits_for_nothing_blocking_and_ranks_one_to_three_bidders() {
    let (s, r, _) = submitted();
    assert_eq!(
        code(decide(&s, &r, &Actor::platform(), draft(vec![usc(1)]))),
        "scoring.not_revealed"
    );
    let (s, r) = revealed(vec![mismatch()]);
    assert_eq!(
        code(decide(&s, &r, &Actor::platform(), draft(vec![usc(1)]))),
        "scoring.blocked"
    );
    let (mut s, r) = revealed(vec![outlier(false)]);
    assert_eq!(
        code(decide(&s, &r, &staff(), draft(vec![usc(1)]))),
        "scoring.wrong_role"
    );
    assert_eq!(
        code(decide(&s, &r, &Actor::platform(), draft(vec![]))),
        "scoring.invalid_input"
    );
    assert_eq!(
        code(decide(
            &s,
            &r,
            &Actor::platform(),
            draft(vec![usc(1), usc(2), usc(3), usc(1)])
        )),
        "scoring.invalid_input"
    );
    assert_eq!(
        code(decide(
            &s,
            &r,
            &Actor::platform(),
            draft(vec![usc(1), usc(1)])
        )),
        "scoring.invalid_input"
    );
    assert_eq!(
        code(decide(&s, &r, &Actor::platform(), draft(vec![usc(7)]))),
        "scoring.not_a_bid"
    );
    let bad = ScoringCommand::DraftReport {
        report: blob("report.json").unwrap(),
        digest: "nope".into(),
        ranked: vec![usc(1)],
    };
    assert_eq!(
        code(decide(&s, &r, &Actor::platform(), bad)),
        "scoring.invalid_input"
    );
    let events = apply(&mut s, &r, &Actor::platform(), draft(vec![usc(2), usc(1)]));
    assert_eq!(events[0].blob_hashes(), vec!["ab".repeat(32)]);
    assert_eq!(
        code(decide(&s, &r, &Actor::platform(), draft(vec![usc(1)]))),
        "scoring.report_drafted"
    );
    let revise = ScoringCommand::Revise {
        bid: "B1".into(),
        criterion: "cert".into(),
        score: "10".into(),
        issues: vec![],
    };
    assert_eq!(
        code(decide(&s, &r, &member(1), revise)),
        "scoring.report_drafted"
    );
}

#[test]
fn every_member_signs_once_or_dissents_with_a_reason() {
    let (mut s, r) = revealed(vec![]);
    let sign = |dissent: Option<&str>| ScoringCommand::Sign {
        via: proof(),
        dissent: dissent.map(str::to_owned),
    };
    assert_eq!(
        code(decide(&s, &r, &member(1), sign(None))),
        "scoring.no_report"
    );
    apply(&mut s, &r, &Actor::platform(), draft(vec![usc(1)]));
    assert_eq!(
        code(decide(&s, &r, &staff(), sign(None))),
        "scoring.members_only"
    );
    let absent = room(&[1, 2]);
    assert_eq!(
        code(decide(&s, &absent, &member(3), sign(None))),
        "scoring.not_present"
    );
    let mut bad = proof();
    bad.signature = "00".into();
    let cmd = ScoringCommand::Sign {
        via: bad,
        dissent: None,
    };
    assert_eq!(
        code(decide(&s, &r, &member(1), cmd)),
        "scoring.invalid_input"
    );
    assert_eq!(
        code(decide(&s, &r, &member(1), sign(Some(" ")))),
        "scoring.invalid_input"
    );
    apply(&mut s, &r, &member(1), sign(None));
    assert_eq!(
        code(decide(&s, &r, &member(1), sign(None))),
        "scoring.already_signed"
    );
    apply(&mut s, &r, &member(2), sign(None));
    assert!(!s.all_signed(&r));
    apply(&mut s, &r, &member(3), sign(Some("价格分计算方法有异议。")));
    assert!(s.all_signed(&r));
    assert_eq!(
        s.signatures[2].dissent.as_deref(),
        Some("价格分计算方法有异议。")
    );
}

#[test]
fn the_digest_is_salted_and_covers_every_score() {
    let a = sheet(1, "30", "10");
    let mut b = a.clone();
    b.salt = format!("{:064}", 9);
    assert_ne!(sheet_digest(&trade(), &a), sheet_digest(&trade(), &b));
    let mut c = a.clone();
    c.scores
        .get_mut("B3")
        .unwrap()
        .insert("cert".into(), "9".into());
    assert_ne!(sheet_digest(&trade(), &a), sheet_digest(&trade(), &c));
    assert_eq!(sheet_digest(&trade(), &a).len(), 64);
    let m = sign_message("https://sunbid.example", &trade(), "ef", "01");
    assert!(m.starts_with("sunbid evaluation report\n"));
}

#[test]
fn who_may_score_is_forbidden_and_the_rest_are_rules() {
    let e = ScoringError::WrongRole {
        action: "x",
        role: Role::Bidder,
    };
    assert_eq!(e.refusal().class, Class::Forbidden);
    assert_eq!(ScoringError::BadKeyProof.refusal().class, Class::Forbidden);
    assert_eq!(ScoringError::NotConfigured.refusal().class, Class::Rule);
    for code in ScoringError::CODES {
        assert!(code.starts_with("scoring."));
    }
}
