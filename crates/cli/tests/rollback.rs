//! A server whose log lost a receipted bid, through the real binary (issue 12). The bidder's
//! `receipt verify --server` asks the server for a consistency proof from the receipt's
//! checkpoint to its current one and refuses a log that no longer holds the bid;
//! `verify --against RECEIPT` does the same from the data folder. Two attackers:
//! - one holding only the database: cuts the bid and sets the tree head and checkpoints to
//!   match. The signer's record (beside the key) shows it: `verify` fails, and the server
//!   signs nothing more.
//! - one holding the key and its record as well: the server signs the cut log again and
//!   `verify` passes; only the receipt, kept outside, still shows the bid was there.
mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Server, receipted_bid};
use ledger::Frontier;
use sqlx::Connection;

fn sunbid(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sunbid"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

/// Deletes the events from `seq` on and sets the tree head and the checkpoints to match:
/// what the database says agrees with itself again.
async fn cut_from(db: &Path, seq: u64) {
    let url = format!("sqlite://{}", db.display());
    let store = store_sqlite::SqliteStore::open(db).await.unwrap();
    let events = store::Store::events(&store, 0, u32::MAX).await.unwrap();
    store.close().await;
    let leaves: Vec<_> = events
        .iter()
        .take(seq as usize)
        .map(|e| e.leaf_hash)
        .collect();
    let frontier = Frontier::from_leaves(&leaves);
    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for sql in [
        format!("DELETE FROM events WHERE seq >= {seq}"),
        format!(
            "UPDATE tree_head SET size = {seq}, root = X'{}', frontier = X'{}'",
            hex::encode(frontier.root().0),
            hex::encode(frontier.to_bytes())
        ),
        format!("DELETE FROM checkpoints WHERE size > {seq}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut c)
            .await
            .unwrap();
    }
}

/// What a holder of the key can do: move the record away and sign (or serve) the cut log,
/// which starts a new record from it, as if it were the last the key signed.
fn forge_record(data: &Path) {
    let record = data.join("keys").join("checkpoint.key.last");
    std::fs::remove_file(&record).unwrap();
    let signed = sunbid(data, &["log", "checkpoint"]);
    assert!(signed.status.success(), "{}", text(&signed));
    assert!(record.exists(), "a new record was started");
}

/// `sunbid receipt verify` of the receipt at `receipt` with the published `key`, asking `base`.
fn receipt_verify(data: &Path, receipt: &str, key: &str, base: &str) -> Output {
    let args = ["receipt", "verify", receipt, "--key", key, "--server", base];
    sunbid(data, &args)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_whose_log_lost_the_bid_fails_receipt_verify_and_verify_against() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let http = common::client();
    let server = Server::start(&data, &http).await;
    let receipt = receipted_bid(&http, &server.base, "bidder-2").await;
    let receipt_file = dir.path().join("receipt.json");
    std::fs::write(&receipt_file, receipt.to_string()).unwrap();
    let receipt_path = receipt_file.to_str().unwrap();
    let base = server.base.clone();
    // The bidder pins the key the center published when it took the bid.
    let key = common::log_key(&http, &base).await;
    let check = receipt_verify(&data, receipt_path, &key, &base);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("server OK"), "{}", text(&check));
    server.stop();
    let ok = sunbid(&data, &["verify", "--against", receipt_path]);
    assert!(ok.status.success(), "{}", text(&ok));

    // The database alone: the bid cut, tree head and checkpoints set to match.
    let seq = receipt["inclusion"]["leaf_index"].as_u64().unwrap();
    cut_from(&data.join("sunbid.db"), seq).await;
    let caught = sunbid(&data, &["verify"]);
    assert_eq!(caught.status.code(), Some(1), "{}", text(&caught));
    assert!(
        text(&caught).contains("the last the key signed"),
        "{}",
        text(&caught)
    );
    let server = Server::start(&data, &http).await;
    let base = server.base.clone();
    let refused = receipt_verify(&data, receipt_path, &key, &base);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("server FAILED"),
        "{}",
        text(&refused)
    );
    server.stop();

    // The key's holder too: the record rewritten to match, the server serves the cut log
    // again, and the data folder agrees with itself; the receipt alone shows the bid was
    // there.
    forge_record(&data);
    let server = Server::start(&data, &http).await;
    let base = server.base.clone();
    let r = http
        .get(format!("{base}/api/log/checkpoint"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let refused = receipt_verify(&data, receipt_path, &key, &base);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("rolled back"), "{}", text(&refused));
    server.stop();
    let passes = sunbid(&data, &["verify"]);
    assert!(passes.status.success(), "{}", text(&passes));
    let against = sunbid(&data, &["verify", "--against", receipt_path]);
    assert_eq!(against.status.code(), Some(1), "{}", text(&against));
    assert!(text(&against).contains("rolled back"), "{}", text(&against));
}
