//! Rolling the log back (issue 12). Whoever holds the database can delete the last events
//! and set the tree head to match, delete checkpoints, or, holding the key as well, rewrite
//! the middle and sign it all again. What catches each: the numbered chain of checkpoints
//! (a deleted middle one), the signer's record kept beside the key (the last one deleted, a
//! log cut short), and a checkpoint held outside (`verify --against`: a cut or a rewrite
//! even when everything stored agrees). Runs on SQLite and PostgreSQL.
use app::demo::{demo_steps, standing_steps};
use app::{KeyRecord, Meta, VerifyError};
use ledger::Frontier;
use test_support::*;
use time::macros::datetime;

const TRADE: &str = "GC-2026-0905";

/// Keeps the signer's record at `<data folder>/checkpoint.key.last` when `record`.
fn with_record(builder: Builder, record: bool) -> Builder {
    if !record {
        return builder;
    }
    builder.platform(|p, dir| p.with_key_record(KeyRecord::new(dir.join("checkpoint.key.last"))))
}

/// The demo trades signed as a chain of checkpoints (one every 30 steps, and at the end).
async fn chained(backend: &Backend, record: bool) -> TestApp {
    let mut builder = TestApp::builder().backend(backend).accounts();
    let mut steps = demo_steps().into_iter().peekable();
    while steps.peek().is_some() {
        builder = builder
            .steps(steps.by_ref().take(30).collect())
            .checkpoint();
    }
    with_record(builder, record).build().await
}

/// A trade taking bids, and one receipted bid as the last event of the log.
async fn with_a_receipted_bid(
    backend: &Backend,
    record: bool,
) -> (TestApp, app::bidding::BidReceipt) {
    let steps: Vec<_> = standing_steps()
        .into_iter()
        .filter(|s| s.trade.as_str() == TRADE)
        .collect();
    let builder = TestApp::builder()
        .backend(backend)
        .steps(steps)
        .checkpoint()
        .at(datetime!(2026-11-26 10:00 +8));
    let w = with_record(builder, record).build().await;
    let trade = domain::TradeId::parse(TRADE).unwrap();
    let key = w
        .platform
        .trade_state(&trade)
        .await
        .unwrap()
        .round
        .opening_key
        .unwrap();
    let public = app::bidding::opening_public_key(&key).unwrap();
    let code = app::demo::bidder_org(1);
    let package = seal::BidPackage {
        trade: TRADE.into(),
        bidder: code.to_string(),
        price_fen: 432_100_000,
        period_days: 90,
        deposit_account: None,
        files: vec![seal::BidFile::new("bid.txt", None, b"bid".to_vec())],
    };
    let envelope = seal::seal(
        &public,
        TRADE,
        &package.to_bytes().unwrap(),
        &mut seal::os_rng(),
    )
    .unwrap();
    let upload = app::bidding::BidUpload {
        envelope,
        key: None,
        replaces: None,
    };
    let receipt = app::bidding::submit_bid(
        &w.platform,
        &trade,
        upload,
        &app::demo::bidder(1),
        &Meta::default(),
    )
    .await
    .unwrap()
    .receipt;
    (w, receipt)
}

fn hex_bytes(url: &str, bytes: &[u8]) -> String {
    if url.starts_with("sqlite:") {
        format!("X'{}'", hex::encode(bytes))
    } else {
        format!("decode('{}', 'hex')", hex::encode(bytes))
    }
}

/// The attacker's finishing touch: the tree head row set to exactly what the stored events
/// give, so that `verify` finds nothing wrong with it.
async fn set_tree_head_to_match(w: &TestApp) {
    let events = w.platform.store().events(0, u32::MAX).await.unwrap();
    let frontier = Frontier::from_leaves(&events.iter().map(|e| e.leaf_hash).collect::<Vec<_>>());
    let sql = format!(
        "UPDATE tree_head SET size = {}, root = {}, frontier = {}",
        frontier.size(),
        hex_bytes(&w.url, &frontier.root().0),
        hex_bytes(&w.url, &frontier.to_bytes())
    );
    w.raw_sql(&sql).await;
}

/// Deletes the last event, sets the tree head to match and deletes the checkpoints that
/// covered it: everything stored agrees again.
async fn cut_the_last_event(w: &TestApp) {
    let size = w.platform.store().tree_head().await.unwrap().size;
    w.raw_sql(&format!("DELETE FROM events WHERE seq = {}", size - 1))
        .await;
    set_tree_head_to_match(w).await;
    w.raw_sql(&format!("DELETE FROM checkpoints WHERE size >= {size}"))
        .await;
}

fn failure(result: Result<impl std::fmt::Debug, VerifyError>) -> app::Mismatch {
    match result {
        Err(VerifyError::Mismatch(m)) => m,
        other => panic!("not caught: {other:?}"),
    }
}

async fn deleting_a_middle_checkpoint_is_caught(backend: Backend) {
    let w = chained(&backend, false).await;
    let report = w.platform.verify(None).await.unwrap();
    assert!(report.checkpoints >= 4, "{report}");
    w.raw_sql("DELETE FROM checkpoints WHERE size = (SELECT min(size) FROM checkpoints WHERE size > (SELECT min(size) FROM checkpoints))",
    )
    .await;
    let m = failure(w.platform.verify(None).await);
    assert_eq!(m.table, "checkpoints", "{m}");
    assert!(m.detail.contains("missing"), "{m}");
}

async fn deleting_the_last_checkpoint_is_caught_by_the_signers_record(backend: Backend) {
    let w = chained(&backend, true).await;
    let report = w.platform.verify(None).await.unwrap();
    assert!(format!("{report}").contains("is stored"), "{report}");
    w.raw_sql("DELETE FROM checkpoints WHERE size = (SELECT max(size) FROM checkpoints)")
        .await;
    let m = failure(w.platform.verify(None).await);
    assert_eq!(m.table, "checkpoints", "{m}");
    assert!(m.detail.contains("the last the key signed"), "{m}");
    // And the platform signs nothing on top of it.
    let err = w.platform.checkpoint().await.unwrap_err();
    assert_eq!(err.code(), "internal.corrupt", "{err}");
}

async fn a_cut_log_is_caught_by_the_record_and_against_the_receipt(backend: Backend) {
    // Without the signer's record, what is stored agrees with itself after the cut: only a
    // checkpoint kept outside (the receipt's) shows that the bid is gone.
    let (w, receipt) = with_a_receipted_bid(&backend, false).await;
    w.platform.verify(None).await.unwrap();
    cut_the_last_event(&w).await;
    w.platform.verify(None).await.unwrap();
    let held = app::held_checkpoints(&serde_json::to_string(&receipt).unwrap()).unwrap();
    let m = failure(w.platform.verify_against(&held, None).await);
    assert_eq!(m.table, "against", "{m}");
    assert!(m.detail.contains("rolled back"), "{m}");

    // With the record kept beside the key, verify itself sees it, and no new checkpoint
    // is signed over the cut.
    let (w, receipt) = with_a_receipted_bid(&backend, true).await;
    let held = app::held_checkpoints(&serde_json::to_string(&receipt).unwrap()).unwrap();
    assert_eq!(
        w.platform.verify_against(&held, None).await.unwrap().len(),
        1
    );
    cut_the_last_event(&w).await;
    let m = failure(w.platform.verify(None).await);
    assert!(m.detail.contains("the last the key signed"), "{m}");
    assert_eq!(
        w.platform.checkpoint().await.unwrap_err().code(),
        "internal.corrupt"
    );
}

async fn a_rewritten_middle_signed_again_is_caught_against_a_held_checkpoint(backend: Backend) {
    // The attacker holds the database and the key (no record apart): it changes an event in
    // the middle, recomputes its leaf and the tree head, and signs new checkpoints.
    let w = chained(&backend, false).await;
    let held = vec![
        w.platform.store().checkpoints().await.unwrap()[1]
            .note
            .clone(),
    ];
    assert_eq!(
        w.platform.verify_against(&held, None).await.unwrap().len(),
        1
    );
    w.raw_sql("UPDATE events SET ip = '198.51.100.66' WHERE seq = 7")
        .await;
    let event = w.platform.store().events(7, 1).await.unwrap().remove(0);
    let leaf = ledger::leaf_hash(&event.record.canonical_bytes().unwrap());
    w.raw_sql(&format!(
        "UPDATE events SET leaf_hash = {} WHERE seq = 7",
        hex_bytes(&w.url, &leaf.0)
    ))
    .await;
    set_tree_head_to_match(&w).await;
    w.raw_sql("DELETE FROM checkpoints").await;
    w.platform.checkpoint().await.unwrap();
    w.platform.verify(None).await.unwrap();
    let m = failure(w.platform.verify_against(&held, None).await);
    assert_eq!(m.table, "against", "{m}");
    assert!(m.detail.contains("no longer lead to the root"), "{m}");
}

on_both_backends!(
    deleting_a_middle_checkpoint_is_caught,
    deleting_the_last_checkpoint_is_caught_by_the_signers_record,
    a_cut_log_is_caught_by_the_record_and_against_the_receipt,
    a_rewritten_middle_signed_again_is_caught_against_a_held_checkpoint,
);
