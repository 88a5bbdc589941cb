//! The draw: the stream, the selection, quotas, too few experts, declines and redraws.

mod experts_support;

use std::collections::BTreeSet;

use domain::experts::select::{ChaChaWords, pick, uniform_below};
use domain::experts::*;
use experts_support::*;

#[test]
fn the_stream_is_chacha20_as_specified() {
    // RFC 8439 A.1 test vector #1: all-zero key and nonce, block 0 starts 76 b8 e0 ad a0 f1 3d 90
    let w: Vec<u32> = ChaChaWords::new([0; 32], 0).take(2).collect();
    assert_eq!(w, [0xade0_b876, 0x903d_f1a0]);
    // and equals a from-the-spec implementation for other keys, rounds (nonces) and blocks
    for (key, round) in [
        ([7u8; 32], 0u32),
        ([0xa5; 32], 1),
        (seed(3), 7),
        (seed(9), 0x8000_0001),
    ] {
        let ours: Vec<u32> = ChaChaWords::new(key, round).take(200).collect();
        assert_eq!(
            ours,
            chacha_ref::words(&key, u64::from(round), 200),
            "{round}"
        );
    }
}

#[test]
fn randomness_is_sha256_of_seed_and_beacon() {
    let r = randomness(&[0u8; 32], b"").unwrap();
    // SHA-256 of 32 zero bytes
    assert_eq!(
        to_hex(&r),
        "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
    );
    assert_ne!(randomness(&seed(1), &BEACON), randomness(&seed(2), &BEACON));
    assert_eq!(
        randomness(&[0u8; 31], b"x").unwrap_err().code(),
        "draw.bad_seed"
    );
}

#[test]
fn selection_is_unbiased_rejection_sampling() {
    // n = 10: zone = 2^32 − 6; the top 6 words are rejected
    let mut w = [u32::MAX - 5, u32::MAX - 6].into_iter();
    assert_eq!(uniform_below(&mut w, 10), Some((u32::MAX - 6) % 10));
    let mut items = vec![1, 2, 3];
    assert_eq!(
        pick(&mut [5u32, 5, 5].into_iter(), &mut items, 3),
        Some(vec![3, 2, 1])
    );
}

fn pool() -> Vec<Expert> {
    let mut p = experts("A", 12, "A01.01");
    p.extend(experts("B", 6, "B02"));
    p
}

fn two_quotas() -> DrawRequest {
    let mut r = request();
    r.committee_size = 7;
    r.quotas = quotas(&[("B02", 2), ("A01", 4)]);
    r.tenderer_representatives = 1;
    r
}

#[test]
fn a_draw_is_deterministic_and_fills_each_quota_in_code_order() {
    let req = two_quotas();
    let judged = eligible(&pool(), &req).unwrap();
    let a = draw(&judged, &req, &seed(1), &BEACON).unwrap();
    let b = draw(&judged, &req, &seed(1), &BEACON).unwrap();
    assert_eq!(a, b);
    let picks = &a.rounds[0].picks;
    assert_eq!(picks.len(), 6);
    // A01 (4) before B02 (2), whatever the order in the request
    let codes: Vec<&str> = picks.iter().map(|p| p.specialty.as_str()).collect();
    assert_eq!(codes, ["A01", "A01", "A01", "A01", "B02", "B02"]);
    assert!(
        picks[..4]
            .iter()
            .all(|p| p.expert.as_str().starts_with('A'))
    );
    assert!(
        picks[4..]
            .iter()
            .all(|p| p.expert.as_str().starts_with('B'))
    );
    let distinct: BTreeSet<_> = picks.iter().map(|p| &p.expert).collect();
    assert_eq!(distinct.len(), 6);
    // another seed or another beacon gives another draw (with these pools, almost surely)
    let c = draw(&judged, &req, &seed(2), &BEACON).unwrap();
    let d = draw(&judged, &req, &seed(1), &[1, 2, 3]).unwrap();
    assert_ne!(a.rounds, c.rounds);
    assert_ne!(a.rounds, d.rounds);
    assert_eq!(a.commitment, commit(&judged, &seed(1)).unwrap().commitment);
    assert_eq!(a.committee().len(), 6);
}

#[test]
fn a_known_draw_never_changes() {
    // Pins the whole construction (encoding, hashes, stream, selection): if this changes,
    // old draws no longer re-check. Change it only with a new version tag (docs/DRAW.md §8).
    let req = two_quotas();
    let judged = eligible(&pool(), &req).unwrap();
    let r = draw(&judged, &req, &seed(1), &BEACON).unwrap();
    let got: Vec<String> = r.rounds[0]
        .picks
        .iter()
        .map(|p| format!("{}:{}", p.specialty, p.expert))
        .collect();
    insta_like(
        &format!(
            "{}\n{}\n{}\n{}",
            r.commitment,
            r.randomness,
            got.join(","),
            r.digest()
        ),
        include_str!("experts_support/known_draw.txt"),
    );
}

/// Compares with the pinned text; `SUNBID_PIN=1` prints the new value instead of failing.
fn insta_like(actual: &str, pinned: &str) {
    if std::env::var_os("SUNBID_PIN").is_some() {
        println!("---\n{actual}\n---");
        return;
    }
    assert_eq!(actual, pinned.trim_end());
}

#[test]
fn too_few_eligible_experts_is_a_clear_failure_and_nothing_is_drawn() {
    let req = two_quotas();
    let mut p = experts("A", 12, "A01.01");
    p.extend(experts("B", 1, "B02")); // B02 needs 2
    let judged = eligible(&p, &req).unwrap();
    let err = draw(&judged, &req, &seed(1), &BEACON).unwrap_err();
    assert_eq!(err.code(), "draw.too_few_eligible");
    assert!(matches!(
        &err,
        DrawError::TooFewEligible { specialty, needed: 2, eligible: 1, available: 1, .. } if specialty.as_str() == "B02"
    ));
    assert!(err.to_string().contains("nothing was drawn"), "{err}");
    assert!(err.to_string().contains("第39条"), "{err}");
    // excluded experts do not count
    let mut p = pool();
    p[12].active = false;
    p[13].active = false;
    p[14].active = false;
    p[15].active = false;
    p[16].active = false;
    let judged = eligible(&p, &req).unwrap();
    assert_eq!(
        draw(&judged, &req, &seed(1), &BEACON).unwrap_err().code(),
        "draw.too_few_eligible"
    );
}

#[test]
fn overlapping_quotas_are_refused_when_success_would_depend_on_luck() {
    // Five experts serve both A01 and B02, two serve only B02. A01 (drawn first) takes 3 of
    // the five; B02 needs 3 and is sure of only 2 + (5 − 3) = 4 ≥ 3: fine.
    let mut req = request();
    req.committee_size = 7;
    req.quotas = quotas(&[("A01", 3), ("B02", 3)]);
    let mut p: Vec<Expert> = (0..5)
        .map(|i| with_spec(expert(&format!("AB-{i}")), &["A01.01", "B02"]))
        .collect();
    p.extend(experts("B", 2, "B02"));
    let judged = eligible(&p, &req).unwrap();
    for s in 0..50 {
        let r = draw(&judged, &req, &seed(s), &BEACON).unwrap();
        assert_eq!(r.committee().len(), 6);
    }
    // with one B02-only expert fewer, B02 is sure of only 1 + 2 = 3... still fine; with B02
    // needing 4 (and A01 2), it is sure of 2 + 3 = 5; with A01 4 and B02 2, the five shared
    // experts minus 4 leave 1 + 2 = 3 ≥ 2.
    req.quotas = quotas(&[("A01", 4), ("B02", 2)]);
    let judged = eligible(&p, &req).unwrap();
    assert!(draw(&judged, &req, &seed(1), &BEACON).is_ok());
    // only the shared five: A01 takes 4, B02 is sure of 1 < 2 → refused before any randomness
    let shared: Vec<Expert> = p[..5].to_vec();
    let judged = eligible(&shared, &req).unwrap();
    let err = draw(&judged, &req, &seed(1), &BEACON).unwrap_err();
    assert!(matches!(
        err,
        DrawError::TooFewEligible {
            needed: 2,
            eligible: 5,
            available: 1,
            ..
        }
    ));
}

#[test]
fn eligibility_for_another_request_and_bad_seeds_are_refused() {
    let req = two_quotas();
    let judged = eligible(&pool(), &req).unwrap();
    let mut other = req.clone();
    other.bidders.push(bidder(9));
    assert_eq!(
        draw(&judged, &other, &seed(1), &BEACON).unwrap_err().code(),
        "draw.stale_eligibility"
    );
    assert_eq!(
        draw(&judged, &req, &[1; 16], &BEACON).unwrap_err().code(),
        "draw.bad_seed"
    );
    assert_eq!(
        commit(&judged, &[1; 33]).unwrap_err().code(),
        "draw.bad_seed"
    );
}

#[test]
fn declines_are_replaced_from_the_same_quota_never_by_anyone_drawn_before() {
    let req = two_quotas();
    let judged = eligible(&pool(), &req).unwrap();
    let first = draw(&judged, &req, &seed(4), &BEACON).unwrap();
    let seats: Vec<Pick> = first.committee().into_iter().cloned().collect();
    // seat 1 (A01) and seat 5 (B02) decline
    let declined = [seats[5].expert.clone(), seats[1].expert.clone()];
    let second = redraw(&judged, &req, &seed(4), &BEACON, &first, &declined).unwrap();
    assert_eq!(second.rounds.len(), 2);
    let round = &second.rounds[1];
    assert_eq!(round.round, 1);
    let mut sorted = declined.to_vec();
    sorted.sort();
    assert_eq!(round.declined, sorted);
    let codes: Vec<&str> = round.picks.iter().map(|p| p.specialty.as_str()).collect();
    assert_eq!(codes, ["A01", "B02"]);
    let before: BTreeSet<&ExpertId> = first.drawn();
    assert!(round.picks.iter().all(|p| !before.contains(&p.expert)));
    // the seats of the declined are filled in place; the others keep theirs
    let now = second.committee();
    assert_eq!(now.len(), 6);
    assert_eq!(now[1], &round.picks[0]);
    assert_eq!(now[5], &round.picks[1]);
    for i in [0, 2, 3, 4] {
        assert_eq!(now[i], &seats[i]);
    }
    // deterministic, and with its own stream (round 1), not the draw's
    assert_eq!(
        redraw(&judged, &req, &seed(4), &BEACON, &first, &declined).unwrap(),
        second
    );
    // a second decline of a replacement: round 2, excluding all six + the two declined
    let third = redraw(
        &judged,
        &req,
        &seed(4),
        &BEACON,
        &second,
        std::slice::from_ref(&round.picks[0].expert),
    )
    .unwrap();
    let drawn_before: BTreeSet<&ExpertId> = second.drawn();
    assert_eq!(third.rounds[2].picks.len(), 1);
    assert!(!drawn_before.contains(&third.rounds[2].picks[0].expert));
    assert_eq!(third.committee()[1], &third.rounds[2].picks[0]);
}

#[test]
fn redraw_errors() {
    let req = two_quotas();
    let judged = eligible(&pool(), &req).unwrap();
    let first = draw(&judged, &req, &seed(4), &BEACON).unwrap();
    let go = |declined: &[ExpertId], s: u64| {
        redraw(&judged, &req, &seed(s), &BEACON, &first, declined)
            .unwrap_err()
            .code()
    };
    assert_eq!(go(&[], 4), "draw.nothing_declined");
    let outsider = pool()
        .into_iter()
        .map(|e| e.id)
        .find(|i| !first.drawn().contains(i))
        .unwrap();
    assert_eq!(go(&[outsider], 4), "draw.not_a_member");
    // another seed than the draw's
    let member = first.rounds[0].picks[0].expert.clone();
    assert_eq!(
        go(std::slice::from_ref(&member), 5),
        "draw.stale_eligibility"
    );
    // B02 has 6 experts; 2 drawn; declining both leaves 4: fine, but after three rounds of
    // two declines B02 runs out (6 drawn) and the redraw fails without drawing anything
    let mut r = first.clone();
    for _ in 0..2 {
        let b: Vec<ExpertId> = r
            .committee()
            .iter()
            .filter(|p| p.specialty.as_str() == "B02")
            .map(|p| p.expert.clone())
            .collect();
        r = redraw(&judged, &req, &seed(4), &BEACON, &r, &b).unwrap();
    }
    let b: Vec<ExpertId> = r
        .committee()
        .iter()
        .filter(|p| p.specialty.as_str() == "B02")
        .map(|p| p.expert.clone())
        .collect();
    let err = redraw(&judged, &req, &seed(4), &BEACON, &r, &b).unwrap_err();
    assert!(
        matches!(err, DrawError::TooFewEligible { eligible: 0, .. }),
        "{err}"
    );
}

#[test]
fn results_serialise_and_digest_stably() {
    let req = two_quotas();
    let judged = eligible(&pool(), &req).unwrap();
    let r = draw(&judged, &req, &seed(1), &BEACON).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    let back: DrawResult = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    assert_eq!(back.digest(), r.digest());
    let mut changed = r.clone();
    changed.rounds[0].picks.swap(0, 1);
    assert_ne!(changed.digest(), r.digest());
}
