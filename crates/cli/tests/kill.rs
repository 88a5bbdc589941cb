//! Kill the server (SIGKILL) in the middle of sealed-bid uploads, again and again: every bid
//! that got a receipt is in the log with its file and opens; nothing without a receipt is
//! half there (no event without its file, no half-written file left in the blob folder).
mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::{TRADE, free_port, opening_key, sign_in, start, wait_healthy};
use serde_json::Value;

const ROUNDS: usize = 5;
const UPLOADS_PER_ROUND: usize = 120;
const BID_BYTES: usize = 64 * 1024;

/// One upload the test made: its bid key, the bidder, the sealed bytes and the plaintext.
#[derive(Clone)]
struct Upload {
    key: String,
    person: String,
    envelope: Vec<u8>,
    plaintext: Vec<u8>,
}

fn make_upload(public: &seal::OpeningPublicKey, round: usize, j: usize) -> Upload {
    let n = (j % 13) + 1;
    let person = format!("bidder-{n}");
    let code = app::demo::bidder_org(n as u32);
    let mut content = vec![0u8; BID_BYTES];
    getrandom::fill(&mut content).unwrap();
    let plaintext = seal::BidPackage {
        trade: TRADE.into(),
        bidder: code.as_str().into(),
        price_fen: (round * 1000 + j) as i64,
        period_days: 90,
        deposit_account: None,
        files: vec![seal::BidFile::new("bid.bin", None, content)],
    }
    .to_bytes()
    .unwrap();
    let envelope = seal::seal(public, TRADE, &plaintext, &mut seal::os_rng()).unwrap();
    Upload {
        key: format!("kill-test-round-{round}-upload-{j:04}"),
        person,
        envelope,
        plaintext,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_during_uploads_loses_no_receipted_bid_and_leaves_nothing_half_there() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut receipted: BTreeMap<String, (Upload, Value)> = BTreeMap::new();
    let mut pending: Vec<Upload> = Vec::new();
    let mut public = None;
    for round in 0..ROUNDS {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut child = start(&data, port, &[], None);
        wait_healthy(&http, &base).await;
        if public.is_none() {
            public = Some(opening_key(&http, &base, TRADE).await);
        }
        let public = public.as_ref().unwrap();
        let mut tokens = BTreeMap::new();
        for n in 1..=13 {
            let person = format!("bidder-{n}");
            tokens.insert(person.clone(), sign_in(&http, &base, &person).await);
        }
        // New uploads, plus retries of the ones the last kill cut off (same key, same bytes).
        let mut batch: Vec<Upload> = std::mem::take(&mut pending);
        batch.extend((0..UPLOADS_PER_ROUND).map(|j| make_upload(public, round, j)));
        let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
        let tasks: Vec<_> = batch
            .iter()
            .cloned()
            .map(|u| {
                let http = http.clone();
                let url = format!("{base}/api/trades/{TRADE}/bids");
                let token = tokens[&u.person].clone();
                let done = done_tx.clone();
                tokio::spawn(async move {
                    let r = http
                        .post(url)
                        .bearer_auth(token)
                        .header("idempotency-key", &u.key)
                        .header("content-type", "application/octet-stream")
                        .body(u.envelope.clone())
                        .send()
                        .await;
                    let receipt = match r {
                        Ok(r) if r.status() == 201 => r.json::<Value>().await.ok(),
                        _ => None,
                    };
                    if receipt.is_some() {
                        let _ = done.send(());
                    }
                    (u, receipt)
                })
            })
            .collect();
        drop(done_tx);
        // Kill while uploads are in flight: after a few receipts (a different number each
        // round), however fast the machine is, most of the batch is still on its way.
        let want = 3 + 4 * round;
        let mut got = 0;
        while got < want {
            match tokio::time::timeout(Duration::from_secs(60), done_rx.recv()).await {
                Ok(Some(())) => got += 1,
                _ => break,
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let mut acknowledged = 0;
        for t in tasks {
            let (u, receipt) = t.await.unwrap();
            match receipt {
                Some(r) => {
                    acknowledged += 1;
                    receipted.insert(u.key.clone(), (u, r));
                }
                None if !receipted.contains_key(&u.key) => pending.push(u),
                None => {}
            }
        }
        println!(
            "round {round}: {acknowledged} receipts, {} cut off",
            pending.len()
        );
    }
    assert!(!receipted.is_empty(), "some uploads got receipts");
    assert!(
        !pending.is_empty(),
        "some uploads were cut off by the kills"
    );

    // After the last kill: open the folder as the server would.
    let signer =
        app::load_or_create_signer(&data.join("keys").join("checkpoint.key"), "x").unwrap();
    let world = test_support::TestApp::builder()
        .in_dir(&data)
        .origin("sunbid.local/log")
        .signer(Arc::new(signer))
        .at(time::macros::datetime!(2026-11-27 09:30:01 +8))
        .build()
        .await;
    let platform = &world.platform;
    platform.verify(None).await.unwrap();
    // nothing half written is left in the blob folder
    for entry in walk(&data.join("blobs")) {
        let name = entry.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(!name.ends_with(".tmp"), "half-written file left: {name}");
    }
    let trade = domain::TradeId::parse(TRADE).unwrap();
    let state = platform.load_trade(&trade).await.unwrap().state;
    // every bid the log holds has its complete file
    for bid in state.round.bids.values() {
        platform
            .blobs()
            .check(bid.envelope.sha256.as_str())
            .unwrap();
    }
    // every receipt is a bid in the log, and it opens to what was sealed
    let key = state.round.opening_key.clone().unwrap();
    let shares: Vec<seal::Share> = ["staff-wang", "supervisor-zhou"]
        .iter()
        .map(|person| {
            let c = key
                .custodians
                .iter()
                .find(|c| c.person.as_str() == *person)
                .unwrap();
            let sealed = app::bidding::decode_share(&c.encrypted_share).unwrap();
            seal::open_share_ed25519(&app::demo::demo_seed(person), &sealed)
                .unwrap()
                .1
        })
        .collect();
    let secret = seal::combine(&shares, public.as_ref().unwrap()).unwrap();
    for (key, (upload, receipt)) in &receipted {
        let handle = domain::Sha256Hex::parse(receipt["handle"].as_str().unwrap()).unwrap();
        let bid = state
            .round
            .bids
            .get(&handle)
            .unwrap_or_else(|| panic!("receipted bid {key} is not in the log"));
        let stored = platform.blobs().get(bid.envelope.sha256.as_str()).unwrap();
        assert_eq!(
            stored, upload.envelope,
            "{key}: the stored ciphertext is the uploaded one"
        );
        assert_eq!(
            seal::open(&secret, &stored).unwrap(),
            upload.plaintext,
            "{key} opens"
        );
    }
    println!(
        "{} receipted bids all present and opening; {} bids in the log",
        receipted.len(),
        state.round.bids.len()
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
