//! `sunbid draw verify` re-checks a published draw offline and fails on a one-entry change.
use std::process::Command;

use domain::experts::bench::{synthetic_pool, synthetic_request};
use domain::experts::{PublishedDraw, commit, draw, eligible};

fn published() -> PublishedDraw {
    let pool = synthetic_pool(300, 9);
    let request = synthetic_request();
    let judged = eligible(&pool, &request).unwrap();
    let seed = [7u8; 32];
    let beacon = [42u8; 32];
    let c = commit(&judged, &seed).unwrap();
    let result = draw(&judged, &request, &seed, &beacon).unwrap();
    PublishedDraw {
        request,
        pool: pool.iter().map(|e| e.redacted()).collect(),
        seed: hex::encode(seed),
        seed_sha256: c.seed_sha256,
        commitment: c.commitment,
        commitment_leaf: 10,
        beacon: hex::encode(beacon),
        beacon_tree_size: 11,
        result,
    }
}

fn verify(p: &PublishedDraw) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draw.json");
    std::fs::write(&file, serde_json::to_vec(p).unwrap()).unwrap();
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
