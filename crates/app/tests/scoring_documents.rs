//! The scoring configured from the tender documents (issue 13): the method and criteria the
//! agency entered with the documents, and the bids opened, become the evaluation input when
//! staff press one button; nobody types JSON. Only staff may, and only once the documents
//! configure a comparative evaluation.

use app::Meta;
use app::demo::{agency, bidder_org, staff};
use domain::TradeId;
use test_support::*;

const TRADE: &str = "ZC-2026-0601";

fn trade() -> TradeId {
    TradeId::parse(TRADE).unwrap()
}

async fn configured_from_the_documents(backend: Backend) {
    let w = TestApp::builder()
        .backend(&backend)
        .steps(demo_before(TRADE, "evaluation report recorded"))
        .build()
        .await;
    let (p, t, meta) = (&w.platform, trade(), Meta::default());
    // the scoring lives with the room: opened when the committee list is revealed
    let members = (0..5)
        .map(|i| domain::eval_room::Member {
            person: format!("expert-{i}"),
            kind: domain::eval_room::MemberKind::Expert,
            seat: i,
        })
        .collect();
    app::eval_room::open_with(p, &t, members, vec!["staff-wang".into()], &staff(), &meta)
        .await
        .unwrap();
    let refused = app::scoring::configure_from_documents(p, &t, None, &agency(), &meta).await;
    assert_eq!(refused.unwrap_err().code(), "scoring.wrong_role");
    app::scoring::configure_from_documents(p, &t, None, &staff(), &meta)
        .await
        .unwrap();
    let v = app::queries::scoring_view(p, &t, &staff()).await.unwrap();
    assert!(v.configured);
    // the criteria as the agency entered them with the documents (the demo's data)
    let criteria: Vec<(&str, &str, &str, bool)> = v
        .criteria
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.name.as_str(),
                c.points.as_str(),
                c.objective,
            )
        })
        .collect();
    assert_eq!(
        criteria,
        vec![
            ("c1", "技术方案", "40", false),
            ("c2", "售后服务", "20", false),
            ("c3", "认证证书", "10", true),
        ]
    );
    // every bid opened, by its bidder, numbered in the opening record's order
    let state = app::queries::trade_state(p, &t).await.unwrap();
    let opened: Vec<_> = state.round.opened_line_bidders().cloned().collect();
    assert!(opened.len() >= 3, "{opened:?}");
    let bids: Vec<_> = v.bids.iter().map(|b| b.bidder.clone()).collect();
    assert_eq!(bids, opened);
    assert_eq!(v.bids[0].id, "B1");
    assert!(opened.contains(&bidder_org(9)), "{opened:?}");
}

on_both_backends!(configured_from_the_documents);
