//! Publicity, objections and challenges in the app, both lines end to end from demo trades:
//! ZC-2026-0407 (procurement, result announced: challenge in the window, one refused late with
//! nothing logged, reply, complaint, the supervisor suspends the trade, the notice of award
//! read by the winner only among bidders) and GC-2026-0301 (construction, candidates
//! published: objection during the publicity, late refused, the process paused until the
//! reply). SQLite, and PostgreSQL when `DATABASE_URL` is set.

use app::Meta;
use app::challenges::challenge_stream;
use app::demo::{bidder, supervisor, tenderer};
use domain::TradeId;
use domain::trade::state::Phase;
use evaluation::challenge::{Handling, Subject};
use evaluation::periods::{self, ChallengeStart};
use legal_time::{Clock, beijing_date, end_of_beijing_day};
use test_support::*;
use time::Duration;

fn meta() -> Meta {
    Meta {
        ip: Some("198.51.100.7".into()),
        expected_version: None,
    }
}

/// The demo accounts and `trade` run up to (and including) the step labelled `last`.
async fn up_to(backend: &Backend, trade: &str, last: &str) -> TestApp {
    TestApp::builder()
        .backend(backend)
        .steps(demo_through(trade, last))
        .build()
        .await
}

async fn log_size(w: &TestApp) -> u64 {
    w.platform
        .store()
        .load_prefix(&challenge_stream(&TradeId::parse("ZC-2026-0407").unwrap()))
        .await
        .unwrap()
        .len() as u64
}

async fn procurement_line(backend: Backend) {
    let w = up_to(&backend, "ZC-2026-0407", "result announced").await;
    let p = &w.platform;
    let t = TradeId::parse("ZC-2026-0407").unwrap();
    let state = app::queries::trade_state(p, &t).await.unwrap();
    assert_eq!(state.phase, Phase::Publicized);
    let published = beijing_date(state.round.publicity.unwrap().0);
    let due =
        periods::challenge_due(p.calendar(), ChallengeStart::ResultPublished(published)).unwrap();

    // the tenderer shows the decision deadline and the challenge window on the page data
    let view = app::queries::publicity(p, &t, &tenderer(2)).await.unwrap();
    let rules: Vec<_> = view.periods.iter().map(|x| x.rule.as_str()).collect();
    assert!(rules.contains(&"period.award_decision"), "{rules:?}");
    assert!(rules.contains(&"period.challenge"), "{rules:?}");
    assert!(view.you.issue_notice && !view.you.file);

    // bidder 6 challenges on the last second of the window; bidder 8 one second late
    w.clock.set(due.ends_at - Duration::seconds(1));
    let subject = Subject::Result;
    app::challenges::file(p, &t, subject, "第一名业绩造假", &bidder(6), &meta())
        .await
        .unwrap();
    w.clock.set(due.ends_at);
    let before = log_size(&w).await;
    let head = p.store().tree_head().await.unwrap();
    let e = app::challenges::file(p, &t, subject, "迟到", &bidder(8), &meta())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "challenge.late");
    assert!(e.to_string().contains(&due.last_day.to_string()), "{e}");
    assert!(e.to_string().contains("政府采购法 第52条"), "{e}");
    assert_eq!(log_size(&w).await, before, "nothing logged on refusal");
    assert_eq!(p.store().tree_head().await.unwrap().size, head.size);

    // the public sees the text, not who filed; the filer and the tenderer see who
    let public = domain::Actor::new("public", domain::Role::Public);
    let pv = app::queries::publicity(p, &t, &public).await.unwrap();
    assert_eq!(pv.filings.len(), 1);
    assert_eq!(pv.filings[0].org, None);
    assert_eq!(pv.filings[0].text, "第一名业绩造假");
    let own = app::queries::publicity(p, &t, &bidder(6)).await.unwrap();
    assert!(own.filings[0].yours && own.filings[0].org.is_some());
    let tv = app::queries::publicity(p, &t, &tenderer(2)).await.unwrap();
    assert!(tv.filings[0].org.is_some() && tv.you.reply);

    // reply, complaint, the supervisor suspends the trade
    let wrong = app::challenges::reply(p, &t, 1, "不成立", &bidder(7), &meta())
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), "challenge.wrong_role");
    app::challenges::reply(p, &t, 1, "经核查，质疑不成立", &tenderer(2), &meta())
        .await
        .unwrap();
    app::challenges::complain(p, &t, 1, "对答复不满意", &bidder(6), &meta())
        .await
        .unwrap();
    app::challenges::handle_complaint(p, &t, 1, Handling::Accept, "受理", &supervisor(), &meta())
        .await
        .unwrap();
    app::challenges::handle_complaint(
        p,
        &t,
        1,
        Handling::Suspend,
        "调查期间暂停采购活动",
        &supervisor(),
        &meta(),
    )
    .await
    .unwrap();
    let state = app::queries::trade_state(p, &t).await.unwrap();
    assert_eq!(state.phase, Phase::Suspended);
    // a second suspension is refused before the trade is touched
    let again = app::challenges::handle_complaint(
        p,
        &t,
        1,
        Handling::Suspend,
        "再次",
        &supervisor(),
        &meta(),
    )
    .await
    .unwrap_err();
    assert_eq!(again.code(), "challenge.already_handled");

    // the notice of award: the tenderer issues it; the winner reads it, another bidder not
    app::challenges::issue_award_notice(p, &t, &tenderer(2), &meta())
        .await
        .unwrap();
    let winner = state.round.award.as_ref().unwrap().winner.clone();
    assert_eq!(winner, app::demo::bidder_org(7));
    let html =
        String::from_utf8(app::queries::award_notice(p, &t, &bidder(7)).await.unwrap()).unwrap();
    assert!(html.contains("中标通知书") && html.contains(winner.as_str()));
    let e = app::queries::award_notice(p, &t, &bidder(6))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    let v = app::queries::publicity(p, &t, &bidder(6)).await.unwrap();
    let n = v.notice.unwrap();
    assert_eq!((n.notified, n.readable), (3, false));

    // verify re-derives everything, the notice file included
    let report = p.verify(None).await.unwrap();
    assert!(report.blobs > 0);
}

async fn construction_line(backend: Backend) {
    let w = up_to(&backend, "GC-2026-0301", "candidates published").await;
    let p = &w.platform;
    let t = TradeId::parse("GC-2026-0301").unwrap();
    let state = app::queries::trade_state(p, &t).await.unwrap();
    let (from, until) = state.round.publicity.unwrap();
    let last = beijing_date(until - Duration::seconds(1));
    w.clock
        .set(end_of_beijing_day(last).unwrap() - Duration::seconds(1));
    let now = w.clock.now();
    assert!(now > from);
    app::challenges::file(
        p,
        &t,
        Subject::Result,
        "第一候选人资质不符",
        &bidder(4),
        &meta(),
    )
    .await
    .unwrap();
    let v = app::queries::publicity(p, &t, &tenderer(1)).await.unwrap();
    assert_eq!(v.paused_by, vec![1], "the process pauses until the reply");
    w.clock.set(end_of_beijing_day(last).unwrap());
    let e = app::challenges::file(p, &t, Subject::Result, "迟到", &bidder(3), &meta())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "challenge.late");
    assert!(e.to_string().contains("招标投标法实施条例 第54条"), "{e}");
    // the publicity is over but the objection waits for its reply: no award yet
    let ranked = state.round.evaluation.as_ref().unwrap().ranked.clone();
    let e = app::challenges::decide_award(p, &t, ranked[0].clone(), None, &tenderer(1), &meta())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "challenge.objection_pending");
    // ... not through the generic command route either
    let e = app::trades::execute(
        p,
        &t,
        domain::TradeCommand::DecideAward {
            winner: ranked[0].clone(),
            reason: None,
        },
        &tenderer(1),
        &meta(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "challenge.objection_pending");
    app::challenges::reply(p, &t, 1, "异议不成立", &tenderer(1), &meta())
        .await
        .unwrap();
    let v = app::queries::publicity(p, &t, &tenderer(1)).await.unwrap();
    assert!(v.paused_by.is_empty());
    assert!(v.filings[0].complaint_due.is_some());
    assert!(v.you.decide_award);
    // rank 1 fell away: rank 2 needs a reason
    let e = app::challenges::decide_award(p, &t, ranked[1].clone(), None, &tenderer(1), &meta())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "trade.winner_not_first");
    app::challenges::decide_award(
        p,
        &t,
        ranked[1].clone(),
        Some("第一中标候选人放弃中标".into()),
        &tenderer(1),
        &meta(),
    )
    .await
    .unwrap();
    app::challenges::issue_award_notice(p, &t, &app::demo::agency(), &meta())
        .await
        .unwrap();
    let html = String::from_utf8(
        app::queries::award_notice(p, &t, &tenderer(1))
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(html.contains("第一中标候选人放弃中标"), "{html}");
}

#[tokio::test]
async fn procurement_sqlite() {
    procurement_line(Backend::Sqlite).await;
}

#[tokio::test]
async fn construction_sqlite() {
    construction_line(Backend::Sqlite).await;
}

#[tokio::test]
async fn procurement_postgres() {
    if let Some(url) = pg_admin_url() {
        procurement_line(Backend::Postgres(url)).await;
    }
}
