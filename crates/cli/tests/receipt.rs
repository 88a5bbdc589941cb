//! One receipt format (issue 13): the receipt the bid page issues (the upload's answer without
//! what only the bidder keeps, its secret `key` and `round`) passes `sunbid receipt verify`
//! given the published log key, and the public check page `/verify` of the real server; a
//! receipt changed in any field fails on both, and the right receipt fails against a key the
//! center did not publish.
mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{Server, receipted_bid};
use serde_json::{Value, json};

fn verify_cli(dir: &Path, receipt: &Value, key: &str) -> Output {
    let file = dir.join("receipt.json");
    std::fs::write(&file, serde_json::to_vec_pretty(receipt).unwrap()).unwrap();
    Command::new(env!("CARGO_BIN_EXE_sunbid"))
        .args(["receipt", "verify"])
        .arg(&file)
        .args(["--key", key])
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The check page's answer to `receipt` pasted into its one field.
async fn check_page(http: &reqwest::Client, base: &str, receipt: &Value) -> String {
    let r = http
        .post(format!("{base}/verify?lang=en"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "proof={}",
            urlencoded(&serde_json::to_string_pretty(receipt).unwrap())
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

/// `text` as a form value (reqwest here is built without its form encoder).
fn urlencoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What `sha256sum` shows for `bytes`: the fingerprint a person compares by hand.
fn sha256sum(bytes: &[u8]) -> String {
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

/// The receipt changed one field at a time, each a claim the log does not back.
fn changed(receipt: &Value) -> Vec<(&'static str, Value)> {
    let flip = |s: &str| {
        let mut s = s.to_owned();
        let last = if s.ends_with('0') { "1" } else { "0" };
        s.replace_range(s.len() - 1.., last);
        s
    };
    let mut out = Vec::new();
    let mut edit = |what, f: &dyn Fn(&mut Value)| {
        let mut r = receipt.clone();
        f(&mut r);
        assert_ne!(&r, receipt, "{what} changed nothing");
        out.push((what, r));
    };
    edit("ciphertext hash", &|r| {
        r["envelope_sha256"] = json!(flip(r["envelope_sha256"].as_str().unwrap()))
    });
    edit("size", &|r| {
        r["envelope_size"] = json!(r["envelope_size"].as_u64().unwrap() + 1)
    });
    edit("time", &|r| {
        r["received_at"] = json!("2026-01-02T03:04:05Z")
    });
    edit("handle", &|r| {
        r["handle"] = json!(flip(r["handle"].as_str().unwrap()))
    });
    edit("trade", &|r| r["trade"] = json!("GC-2026-0904"));
    edit("record", &|r| {
        let h = flip(
            r["record"]["payload"]["bid"]["token_hash"]
                .as_str()
                .unwrap(),
        );
        r["record"]["payload"]["bid"]["token_hash"] = json!(h)
    });
    edit("leaf index", &|r| {
        r["inclusion"]["leaf_index"] = json!(r["inclusion"]["leaf_index"].as_u64().unwrap() + 1)
    });
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_issued_receipt_passes_the_cli_and_the_check_page_and_a_changed_one_fails_both() {
    let dir = tempfile::tempdir().unwrap();
    let http = common::client();
    let server = Server::start(&dir.path().join("data"), &http).await;
    let base = server.base.clone();
    let mut answer = receipted_bid(&http, &base, "bidder-2").await;
    let secret = answer["key"].as_str().unwrap().to_owned();
    let answer_map = answer.as_object_mut().unwrap();
    answer_map.remove("key");
    answer_map.remove("round");
    let receipt = answer;
    let receipt_text = receipt.to_string();
    assert!(!receipt_text.contains(&secret), "no bid key in the receipt");
    let served = common::text_of(http.get(format!("{base}/api/log/key"))).await;
    let key = served.trim();
    // The key is `<name>+<key id>+<base64>`; the base64 may itself hold a '+', so the public
    // key is everything after the second '+' (all 44 characters, never a chance fragment).
    let public = key.splitn(3, '+').nth(2).unwrap();
    assert_eq!(public.len(), 44, "{key}");
    assert!(
        receipt.get("verifier_key").is_none() && !receipt_text.contains(public),
        "no log key in the receipt: the checker pins the published one: {key} in {receipt_text}"
    );
    let fingerprint = sha256sum(served.as_bytes());

    let ok = verify_cli(dir.path(), &receipt, key);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("receipt OK"), "{}", text(&ok));
    assert!(text(&ok).contains(&fingerprint), "{}", text(&ok));
    let page = check_page(&http, &base, &receipt).await;
    assert!(page.contains(r#"class="result ok""#), "{page}");
    assert!(page.contains(receipt["handle"].as_str().unwrap()), "{page}");
    assert!(
        page.contains(&fingerprint),
        "the page shows the fingerprint"
    );
    // The bid page names the same published key and fingerprint; the offline instructions
    // (for integrators, on the guide page) fetch it from where it is published.
    let token = common::sign_in(&http, &base, "bidder-2").await;
    let bid_page = format!("{base}/trades/{}/bid", common::TRADE);
    let bid_page = common::text_of(http.get(bid_page).bearer_auth(token)).await;
    assert!(bid_page.contains(key) && bid_page.contains(&fingerprint));
    let guide = common::text_of(http.get(format!("{base}/guides"))).await;
    assert!(guide.contains("/api/log/key"));

    for (what, bad) in changed(&receipt) {
        let cli = verify_cli(dir.path(), &bad, key);
        assert_eq!(cli.status.code(), Some(1), "{what}: {}", text(&cli));
        assert!(
            text(&cli).contains("receipt FAILED"),
            "{what}: {}",
            text(&cli)
        );
        let page = check_page(&http, &base, &bad).await;
        assert!(page.contains(r#"class="result bad""#), "{what}: {page}");
        assert!(!page.contains(r#"class="result ok""#), "{what}: {page}");
    }
    // A key of the same name that the center did not publish: the receipt fails with it.
    let name = key.split('+').next().unwrap();
    let other = ledger::NoteSigner::generate(name).unwrap().verifier_key();
    let cli = verify_cli(dir.path(), &receipt, &other);
    assert_eq!(cli.status.code(), Some(1), "{}", text(&cli));
    server.stop();
}
