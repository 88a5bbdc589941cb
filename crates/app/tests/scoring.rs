//! Distributed scoring in the app: five members score alone in the evaluation room, the
//! sheets stay sealed until the last is in, an objective mismatch blocks until revised, an
//! outlier waits for its author's reason (then is flagged), every member signs the report's
//! digest with its key, and the trade gets `RecordEvaluation` with at most 3 ranked bidders.

use std::collections::BTreeMap;

use app::Meta;
use app::demo::{bidder, bidder_org, staff, supervisor};
use app::scoring::scoring_stream;
use domain::eval_room::{Member, MemberKind};
use domain::scoring::{Scores, ScoringEvent, sign_message};
use domain::trade::Phase;
use domain::{Actor, Role, TradeEvent, TradeId};
use ed25519_dalek::Signer as _;
use evaluation::EvaluationInput;
use test_support::*;

const TRADE: &str = "ZC-2026-0601";
const MEMBERS: [&str; 5] = [
    "expert-zhao",
    "expert-qian",
    "expert-sun",
    "expert-li",
    "expert-zhou",
];

fn trade() -> TradeId {
    TradeId::parse(TRADE).unwrap()
}

fn meta() -> Meta {
    Meta {
        ip: Some("198.51.100.4".into()),
        expected_version: None,
    }
}

fn member(n: usize) -> Actor {
    Actor::new(MEMBERS[n], Role::Expert)
}

/// What the documents say: GP comprehensive scoring, three opened bids (bidders 9–11).
pub fn input() -> EvaluationInput {
    let json = serde_json::json!({
        "trade": TRADE,
        "method": {
            "kind": "procurement_comprehensive",
            "category": "goods",
            "price_points": "30",
            "criteria": [
                {"id": "tech", "name": "技术方案", "points": "40", "kind": "subjective"},
                {"id": "service", "name": "售后服务", "points": "20", "kind": "subjective"},
                {"id": "cert", "name": "认证证书", "points": "10", "kind": "objective", "step": "2"}
            ]
        },
        "dates": {"notice": "2026-05-15"},
        "bids": [
            {"id": "B1", "bidder": bidder_org(9).as_str(), "price": "1000000.00"},
            {"id": "B2", "bidder": bidder_org(10).as_str(), "price": "950000.00"},
            {"id": "B3", "bidder": bidder_org(11).as_str(), "price": "1100000.00"}
        ]
    });
    EvaluationInput::from_json(&json.to_string()).unwrap()
}

/// The demo trade up to its opening, keys for five experts, the room opened for them and
/// all five in it, the scoring configured by staff.
async fn scoring_world(backend: &Backend) -> TestApp {
    let w = TestApp::builder()
        .backend(backend)
        .steps(demo_before(TRADE, "evaluation report recorded"))
        .build()
        .await;
    for person in MEMBERS {
        w.add_test_key(person).await;
    }
    let members = MEMBERS
        .iter()
        .enumerate()
        .map(|(i, p)| Member {
            person: (*p).into(),
            kind: MemberKind::Expert,
            seat: i as u32,
        })
        .collect();
    let p = &w.platform;
    app::eval_room::open_with(
        p,
        &trade(),
        members,
        vec!["staff-wang".into()],
        &staff(),
        &meta(),
    )
    .await
    .unwrap();
    for (n, person) in MEMBERS.iter().enumerate() {
        let c = app::eval_room::challenge(p, &trade(), None).await.unwrap();
        let sig = test_key(person).sign(c.message.as_bytes());
        app::eval_room::join(
            p,
            &trade(),
            &c.nonce_hex,
            "ed25519",
            &hex::encode(sig.to_bytes()),
            &member(n),
            &meta(),
        )
        .await
        .unwrap();
    }
    app::scoring::configure(p, &trade(), input(), &staff(), &meta())
        .await
        .unwrap();
    w
}

/// A sheet: B1 and B2 and B3 by `tech`, `service` and `cert`.
pub fn sheet(rows: [[&str; 3]; 3]) -> Scores {
    let mut s = BTreeMap::new();
    for (bid, row) in ["B1", "B2", "B3"].iter().zip(rows) {
        let mut items = BTreeMap::new();
        for (c, v) in ["tech", "service", "cert"].iter().zip(row) {
            items.insert((*c).to_owned(), v.to_owned());
        }
        s.insert((*bid).to_owned(), items);
    }
    s
}

fn code<T: std::fmt::Debug>(r: Result<T, app::AppError>) -> String {
    r.expect_err("refused").code().to_owned()
}

fn sheets() -> Vec<Scores> {
    let usual = |tech: &str| sheet([[tech, "16", "10"], ["30", "15", "8"], ["25", "14", "6"]]);
    vec![
        usual("34"),
        // Expert qian gives B2 a different objective score: a mismatch.
        sheet([["33", "16", "10"], ["30", "15", "10"], ["25", "14", "6"]]),
        usual("35"),
        usual("33"),
        // Expert zhou scores B1's technical plan far below the others: an outlier.
        usual("12"),
    ]
}

async fn sign(w: &TestApp, n: usize, dissent: Option<&str>) -> Result<app::Outcome, app::AppError> {
    let p = &w.platform;
    let c = app::scoring::challenge(p, &trade(), &member(n), None).await?;
    let sig = test_key(MEMBERS[n]).sign(c.message.as_bytes());
    app::scoring::sign_report(
        p,
        &trade(),
        &c.nonce_hex,
        "ed25519",
        &hex::encode(sig.to_bytes()),
        dissent,
        &member(n),
        &meta(),
    )
    .await
}

async fn five_members_score_and_sign(backend: Backend) {
    let w = scoring_world(&backend).await;
    let (p, t) = (&w.platform, trade());
    let sheets = sheets();

    // A sheet with an item missing or out of range is refused before it is sealed.
    let mut bad = sheets[0].clone();
    bad.get_mut("B1").unwrap().remove("tech");
    assert_eq!(
        code(app::scoring::submit_sheet(p, &t, bad, &member(0), &meta()).await),
        "scoring.sheet_invalid"
    );
    let bad = sheet([["41", "16", "10"], ["30", "15", "8"], ["25", "14", "6"]]);
    assert_eq!(
        code(app::scoring::submit_sheet(p, &t, bad, &member(0), &meta()).await),
        "scoring.sheet_invalid"
    );
    // Strangers and bidders cannot submit.
    for who in [bidder(9), supervisor(), staff()] {
        assert_eq!(
            code(app::scoring::submit_sheet(p, &t, sheets[0].clone(), &who, &meta()).await),
            "scoring.members_only"
        );
    }

    for (n, s) in sheets.iter().enumerate().take(4) {
        app::scoring::submit_sheet(p, &t, s.clone(), &member(n), &meta())
            .await
            .unwrap();
    }
    assert_eq!(
        code(app::scoring::submit_sheet(p, &t, sheets[0].clone(), &member(0), &meta()).await),
        "scoring.already_submitted"
    );
    // Before the last sheet: each member sees its own sheet only, nobody sees scores.
    let v = app::queries::scoring_view(p, &t, &member(1)).await.unwrap();
    assert_eq!(v.own_sheet.as_ref(), Some(&sheets[1]));
    assert!(!v.revealed && v.sheets.is_empty() && v.issues.is_empty());
    let submitted: Vec<bool> = v.members.iter().map(|m| m.submitted).collect();
    assert_eq!(submitted, [true, true, true, true, false]);
    assert_eq!(v.members[0].seat, 0, "seats are 0-based in the view");
    let v = app::queries::scoring_view(p, &t, &supervisor())
        .await
        .unwrap();
    assert!(v.own_sheet.is_none() && v.sheets.is_empty());
    let json = serde_json::to_string(&v).unwrap();
    assert!(!json.contains("\"34\""), "{json}");
    assert_eq!(
        code(app::queries::scoring_view(p, &t, &bidder(9)).await),
        "not_found",
        "a bidder sees nothing"
    );
    // The log holds no score before the reveal.
    let stored = p.store().load_stream(&scoring_stream(&t)).await.unwrap();
    for e in &stored {
        let text = e.record.payload.to_string();
        assert!(
            !text.contains("\"tech\":\"34\"") && !text.contains("\"34\""),
            "{text}"
        );
    }
    // The last sheet reveals all five; the recheck blocks on the mismatch and the outlier.
    app::scoring::submit_sheet(p, &t, sheets[4].clone(), &member(4), &meta())
        .await
        .unwrap();
    let v = app::queries::scoring_view(p, &t, &supervisor())
        .await
        .unwrap();
    assert!(v.revealed);
    assert_eq!(v.sheets.len(), 5);
    let codes: Vec<&str> = v.issues.iter().map(|i| i.code.as_str()).collect();
    assert!(
        codes.contains(&"evaluation.objective_mismatch"),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"evaluation.outlier_reason_required"),
        "{codes:?}"
    );
    assert!(v.report.is_none());
    assert_eq!(code(sign(&w, 0, None).await), "scoring.no_report");

    // Only the members named may revise; zhou answers its outlier with a reason.
    assert_eq!(
        code(app::scoring::revise_score(p, &t, "B1", "tech", "30", &member(4), &meta()).await),
        "scoring.not_flagged"
    );
    assert_eq!(
        code(
            app::scoring::give_outlier_reason(p, &t, "B1", "tech", "理由", &member(0), &meta())
                .await
        ),
        "scoring.not_flagged"
    );
    app::scoring::revise_score(p, &t, "B2", "cert", "8", &member(1), &meta())
        .await
        .unwrap();
    let v = app::queries::scoring_view(p, &t, &member(0)).await.unwrap();
    assert!(
        v.issues
            .iter()
            .all(|i| i.code != "evaluation.objective_mismatch")
    );
    assert!(v.report.is_none(), "the outlier still blocks");
    app::scoring::give_outlier_reason(
        p,
        &t,
        "B1",
        "tech",
        "技术方案未响应第3.2条，关键设备参数缺失。",
        &member(4),
        &meta(),
    )
    .await
    .unwrap();
    let v = app::queries::scoring_view(p, &t, &supervisor())
        .await
        .unwrap();
    assert_eq!(v.flags.len(), 1);
    assert_eq!(v.flags[0].member, "expert-zhou");
    assert!(
        v.issues
            .iter()
            .any(|i| i.code == "evaluation.outlier_flagged")
    );
    let report = v.report.expect("drafted once nothing blocks");
    assert!((1..=3).contains(&report.ranked.len()));
    assert_eq!(report.digest.len(), 64);

    // A signature over another digest does not verify; then all sign, one dissenting.
    let c = app::scoring::challenge(p, &t, &member(0), None)
        .await
        .unwrap();
    let wrong = sign_message(app_origin(p), &t, &"00".repeat(32), &c.nonce_hex);
    let sig = test_key(MEMBERS[0]).sign(wrong.as_bytes());
    let r = app::scoring::sign_report(
        p,
        &t,
        &c.nonce_hex,
        "ed25519",
        &hex::encode(sig.to_bytes()),
        None,
        &member(0),
        &meta(),
    )
    .await;
    assert_eq!(code(r), "scoring.bad_key_proof");
    assert_eq!(
        code(app::scoring::record(p, &t, &staff(), &meta()).await),
        "scoring.unsigned"
    );
    for n in 0..4 {
        sign(&w, n, None).await.unwrap();
    }
    assert_eq!(code(sign(&w, 0, None).await), "scoring.already_signed");
    assert_eq!(
        app::queries::trade_state(p, &t).await.unwrap().phase,
        Phase::Opened
    );
    sign(&w, 4, Some("对B1技术分的评议结论保留意见。"))
        .await
        .unwrap();

    // The trade has its evaluation: the report blob and at most 3 ranked bidders.
    let state = app::queries::trade_state(p, &t).await.unwrap();
    assert_eq!(state.phase, Phase::Evaluated);
    let stored = p
        .store()
        .load_stream(&format!("trade:{TRADE}"))
        .await
        .unwrap();
    let last = stored
        .iter()
        .rev()
        .find(|e| e.record.kind == "trade.evaluation_recorded")
        .expect("recorded");
    let event: TradeEvent = serde_json::from_value(last.record.payload.clone()).unwrap();
    let json = serde_json::to_string(&event).unwrap();
    assert!(json.contains(&report.digest), "{json}");
    assert!(json.contains(bidder_org(10).as_str()) || json.contains(bidder_org(9).as_str()));

    let stored = p.store().load_stream(&scoring_stream(&t)).await.unwrap();
    let kinds: Vec<&str> = stored.iter().map(|e| e.record.kind.as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "scoring.signed").count(), 5);
    assert!(kinds.contains(&"scoring.outlier_flagged"));
    let dissent = stored.iter().rev().find_map(|e| {
        match serde_json::from_value::<ScoringEvent>(e.record.payload.clone()).ok()? {
            ScoringEvent::Signed { dissent, .. } => dissent,
            _ => None,
        }
    });
    assert_eq!(dissent.as_deref(), Some("对B1技术分的评议结论保留意见。"));
    // Everything replays.
    p.checkpoint().await.unwrap();
    p.verify(None).await.unwrap();
}

/// Five members submitting and signing at the same moment: every sheet and signature lands
/// (decided again on the fresh stream), the reveal and the report happen once.
async fn simultaneous_members_all_land(backend: Backend) {
    let w = scoring_world(&backend).await;
    let (p, t) = (&w.platform, trade());
    let s = sheets();
    let usual = sheet([["34", "16", "10"], ["30", "15", "8"], ["25", "14", "6"]]);
    let submit = |n: usize, sheet: Scores| async move {
        app::scoring::submit_sheet(p, &trade(), sheet, &member(n), &meta()).await
    };
    let (a, b, c, d, e) = tokio::join!(
        submit(0, s[0].clone()),
        submit(1, usual.clone()),
        submit(2, s[2].clone()),
        submit(3, s[3].clone()),
        submit(4, usual.clone()),
    );
    for r in [a, b, c, d, e] {
        r.unwrap();
    }
    let v = app::queries::scoring_view(p, &t, &supervisor())
        .await
        .unwrap();
    assert!(v.revealed, "{v:?}");
    assert!(v.issues.iter().all(|i| !i.blocking), "{:?}", v.issues);
    assert!(v.report.is_some());
    let (a, b, c, d, e) = tokio::join!(
        sign(&w, 0, None),
        sign(&w, 1, None),
        sign(&w, 2, None),
        sign(&w, 3, None),
        sign(&w, 4, None),
    );
    for r in [a, b, c, d, e] {
        r.unwrap();
    }
    let v = app::queries::scoring_view(p, &t, &supervisor())
        .await
        .unwrap();
    assert!(v.members.iter().all(|m| m.signed));
    let stored = p.store().load_stream(&scoring_stream(&t)).await.unwrap();
    let count = |k: &str| stored.iter().filter(|e| e.record.kind == k).count();
    assert_eq!(
        (
            count("scoring.sheets_revealed"),
            count("scoring.report_drafted")
        ),
        (1, 1)
    );
    // The last signer (or staff, if that one lost a race) records the evaluation.
    app::scoring::record(p, &t, &staff(), &meta())
        .await
        .unwrap();
    assert_eq!(
        app::queries::trade_state(p, &t).await.unwrap().phase,
        Phase::Evaluated
    );
}

fn app_origin(p: &app::Platform) -> &str {
    p.origin()
}

on_both_backends!(five_members_score_and_sign, simultaneous_members_all_land);
