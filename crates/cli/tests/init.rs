//! `sunbid init` through the real binary (issue 13): it creates a center once, prints the
//! first administrator's one-time link, refuses a second run without `--update`, and
//! `--update` changes only what it names; every setting is an event that `verify` re-checks.

use std::path::Path;
use std::process::{Command, Output};

fn sunbid(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sunbid"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn init_creates_a_center_once_and_update_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let bank = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    let trust = format!("bank:ed25519:{bank}:某银行福州分行");
    let out = sunbid(
        data,
        &[
            "init",
            "--name",
            "福州市公共资源交易中心",
            "--region",
            "350100",
            "--admin",
            "admin-lin",
            "--admin-name",
            "林管理",
            "--venue",
            "kb-1:opening:40:第一开标室",
            "--trust",
            &trust,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    let link = printed
        .split_whitespace()
        .find(|w| w.contains("/link/admin-lin/"))
        .unwrap_or_else(|| panic!("no link in {printed}"));
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 64, "{link}");

    // A second run without --update is refused and appends nothing.
    let out = sunbid(data, &["init", "--name", "别的中心", "--region", "350100"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("--update"), "{}", text(&out));

    // --update changes what it names; a bad room is refused with its reason.
    let out = sunbid(
        data,
        &["init", "--update", "--venue", "pb-1:evaluation:0:评标室"],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("seats"), "{}", text(&out));
    let out = sunbid(
        data,
        &[
            "init",
            "--update",
            "--venue",
            "pb-1:evaluation:12:第一评标室",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));

    // The log re-checks, and names every setting.
    let out = sunbid(data, &["verify"]);
    assert!(out.status.success(), "{}", text(&out));
    let store = store_sqlite::SqliteStore::open(&data.join("sunbid.db"))
        .await
        .unwrap();
    let events = store::Store::events(&store, 0, u32::MAX).await.unwrap();
    store.close().await;
    let log: String = events
        .iter()
        .map(|e| {
            format!(
                "{} {} {}\n",
                e.record.kind, e.record.actor, e.record.payload
            )
        })
        .collect();
    for kind in [
        "center.established",
        "center.venue_added",
        "center.signer_trusted",
        "center.administrator_added",
        "person.registered",
        "person.link_issued",
    ] {
        assert!(log.contains(kind), "{kind} not in the log: {log}");
    }
    // The token itself is nowhere in the log.
    assert!(!log.contains(token));
}
