//! `sunbid draw verify` re-checks a published draw offline and fails on a one-entry change.
use std::process::Command;

use domain::experts::bench::{synthetic_pool, synthetic_request};
use domain::experts::{Judged, PseudonymousDraw, PublishedDraw, commit, draw, pseudonymise};

fn published() -> PublishedDraw {
    let pool = synthetic_pool(300, 9);
    assemble(pool.iter().map(|e| e.redacted()).collect())
}

/// What the platform publishes (`sunbid-draw/2`): the pseudonymous pool.
fn pseudonymous() -> PseudonymousDraw {
    let (public, _) =
        pseudonymise(&synthetic_pool(300, 9), &synthetic_request(), &[3u8; 32]).unwrap();
    assemble(public)
}

/// A draw of `pool` for the synthetic request, judged, committed and drawn, as published.
fn assemble<P: Judged>(pool: Vec<P>) -> PublishedDraw<P> {
    let request = synthetic_request();
    let judged = P::judge(&pool, &request).unwrap();
    let (seed, beacon) = ([7u8; 32], [42u8; 32]);
    let c = commit(&judged, &seed).unwrap();
    PublishedDraw {
        format: P::FORMAT.map(str::to_owned),
        result: draw(&judged, &request, &seed, &beacon).unwrap(),
        request,
        pool,
        seed: hex::encode(seed),
        seed_sha256: c.seed_sha256,
        commitment: c.commitment,
        commitment_leaf: 10,
        beacon: hex::encode(beacon),
        beacon_tree_size: 11,
    }
}

fn verify(p: &PublishedDraw) -> (bool, String) {
    verify_json(serde_json::to_vec(p).unwrap())
}

fn verify_json(json: Vec<u8>) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draw.json");
    std::fs::write(&file, json).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sunbid"))
        .args(["draw", "verify"])
        .arg(&file)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_published_draw_verifies_and_any_change_fails() {
    let p = published();
    let (ok, text) = verify(&p);
    assert!(ok, "{text}");
    assert!(text.starts_with("OK"), "{text}");

    let mut pool = p.clone();
    pool.pool[3].region = domain::RegionCode::parse("999999").unwrap();
    let (ok, text) = verify(&pool);
    assert!(
        !ok && text.contains("draw.verify.commitment_mismatch"),
        "{text}"
    );

    let mut seed = p.clone();
    seed.seed = hex::encode([8u8; 32]);
    let (ok, text) = verify(&seed);
    assert!(!ok && text.contains("draw.verify.seed_mismatch"), "{text}");

    let mut result = p.clone();
    let other = result
        .pool
        .iter()
        .find(|e| !result.result.drawn().contains(&e.id))
        .unwrap()
        .id
        .clone();
    result.result.rounds[0].picks[0].expert = other;
    let (ok, text) = verify(&result);
    assert!(!ok && text.contains("draw.verify"), "{text}");
}

#[test]
fn the_pseudonymous_draw_verifies_and_a_flipped_outcome_fails() {
    let p = pseudonymous();
    let (ok, text) = verify_json(serde_json::to_vec(&p).unwrap());
    assert!(ok && text.starts_with("OK"), "{text}");
    let mut flipped = p.clone();
    let i = flipped.pool.iter().position(|e| !e.clear).unwrap();
    flipped.pool[i].clear = true;
    let (ok, text) = verify_json(serde_json::to_vec(&flipped).unwrap());
    assert!(
        !ok && text.contains("draw.verify.commitment_mismatch"),
        "{text}"
    );
}
