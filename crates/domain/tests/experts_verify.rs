//! Re-checking a published draw offline; one changed entry anywhere makes it fail.

mod experts_support;

use domain::experts::*;
use experts_support::*;
use time::macros::date;

fn pool() -> Vec<Expert> {
    let mut p = experts("A", 10, "A01.02");
    p.extend(experts("B", 5, "B02"));
    // two that are excluded: a bidder's director and an expert on leave
    let mut d = expert("X-1");
    d.employers = vec![employment(
        bidder(1),
        EmploymentRole::Director,
        date!(2025 - 01 - 01),
        None,
    )];
    let mut l = expert("X-2");
    l.leave = vec![DateRange {
        from: date!(2026 - 10 - 10),
        to: date!(2026 - 10 - 14),
    }];
    p.push(d);
    p.push(l);
    p
}

fn req() -> DrawRequest {
    let mut r = request();
    r.committee_size = 7;
    r.quotas = quotas(&[("A01", 4), ("B02", 2)]);
    r
}

fn published() -> PublishedDraw {
    publish(&pool(), &req(), &seed(11))
}

fn fails(p: &PublishedDraw) -> &'static str {
    verify_draw(p).unwrap_err().code()
}

#[test]
fn a_published_draw_re_checks_offline_even_through_json() {
    let p = published();
    verify_draw(&p).unwrap();
    let json = serde_json::to_string_pretty(&p).unwrap();
    assert!(!json.contains("专家"), "names are redacted");
    let back: PublishedDraw = serde_json::from_str(&json).unwrap();
    verify_draw(&back).unwrap();
    // no ineligible expert was drawn
    let drawn = p.result.drawn();
    assert!(!drawn.contains(&id("X-1")) && !drawn.contains(&id("X-2")));
}

#[test]
fn one_changed_pool_entry_fails_the_commitment() {
    let mut p = published();
    p.pool[0].region = region("330108");
    assert_eq!(fails(&p), "draw.verify.commitment_mismatch");
    // an excluded expert's record changed (to hide a wrong exclusion, say)
    let mut p = published();
    let x = p.pool.iter_mut().find(|e| e.id == id("X-2")).unwrap();
    x.leave.clear();
    assert_eq!(fails(&p), "draw.verify.commitment_mismatch");
    // one expert more or fewer
    let mut p = published();
    p.pool.push(expert("A-999"));
    assert_eq!(fails(&p), "draw.verify.commitment_mismatch");
    let mut p = published();
    p.pool.remove(3);
    assert_eq!(fails(&p), "draw.verify.commitment_mismatch");
    // the request changed (one more bidder)
    let mut p = published();
    p.request.bidders.push(bidder(7));
    assert_eq!(fails(&p), "draw.verify.commitment_mismatch");
    // the order of the published pool does not matter
    let mut p = published();
    p.pool.reverse();
    verify_draw(&p).unwrap();
}

#[test]
fn another_seed_fails() {
    let mut p = published();
    p.seed = to_hex(&seed(12));
    assert_eq!(fails(&p), "draw.verify.seed_mismatch");
    // even with its hash swapped in, the commitment no longer matches
    p.seed_sha256 = Sha256Of::of(&seed(12));
    assert_eq!(fails(&p), "draw.verify.commitment_mismatch");
    let mut p = published();
    p.seed = "abc".into();
    assert_eq!(fails(&p), "draw.verify.malformed");
}

struct Sha256Of;
impl Sha256Of {
    fn of(b: &[u8]) -> domain::Sha256Hex {
        use sha2::Digest;
        domain::Sha256Hex::parse(&to_hex(&sha2::Sha256::digest(b))).unwrap()
    }
}

#[test]
fn one_changed_result_entry_fails() {
    // another expert in one seat
    let mut p = published();
    let outsider = p
        .pool
        .iter()
        .map(|e| e.id.clone())
        .find(|i| i.as_str().starts_with('A') && !p.result.drawn().contains(i))
        .unwrap();
    p.result.rounds[0].picks[2].expert = outsider;
    let err = verify_draw(&p).unwrap_err();
    assert_eq!(err.code(), "draw.verify.result_mismatch");
    assert!(err.to_string().contains("pick 3"), "{err}");
    // two picks swapped
    let mut p = published();
    p.result.rounds[0].picks.swap(0, 1);
    assert_eq!(fails(&p), "draw.verify.result_mismatch");
    // a pick dropped, or an ineligible expert added
    let mut p = published();
    p.result.rounds[0].picks.pop();
    assert_eq!(fails(&p), "draw.verify.result_mismatch");
    let mut p = published();
    p.result.rounds[0].picks.push(Pick {
        specialty: spec("A01"),
        expert: id("X-1"),
    });
    assert_eq!(fails(&p), "draw.verify.result_mismatch");
}

#[test]
fn the_beacon_must_come_after_the_commitment_and_match_the_randomness() {
    let mut p = published();
    p.beacon_tree_size = p.commitment_leaf;
    assert_eq!(fails(&p), "draw.verify.beacon_not_later");
    let mut p = published();
    p.beacon = to_hex(&[0xbf; 32]);
    assert_eq!(fails(&p), "draw.verify.randomness_mismatch");
}

#[test]
fn redraws_re_check_too() {
    let pool = pool();
    let r = req();
    let judged = eligible(&pool, &r).unwrap();
    let mut p = published();
    let first = p.result.clone();
    let declined = [
        first.committee()[0].expert.clone(),
        first.committee()[5].expert.clone(),
    ];
    p.result = redraw(&judged, &r, &seed(11), &BEACON, &first, &declined).unwrap();
    verify_draw(&p).unwrap();
    // the replacement changed, or the declined list changed
    let mut q = p.clone();
    q.result.rounds[1].picks[0].expert = declined[0].clone();
    assert_eq!(fails(&q), "draw.verify.result_mismatch");
    let mut q = p.clone();
    q.result.rounds[1].declined = vec![declined[0].clone()];
    assert_eq!(fails(&q), "draw.verify.result_mismatch");
    let mut q = p.clone();
    q.result.rounds[1].declined = vec![id("X-1")];
    assert_eq!(fails(&q), "draw.verify.redraw");
}

// ----- the pseudonymous publication (sunbid-draw/2, docs/DRAW.md §7.2) -----

const SALT: [u8; 32] = [0x5a; 32];

#[test]
fn the_pseudonymous_draw_re_checks_and_publishes_no_personal_data() {
    let (p, roster) = publish_pseudonymous(&pool(), &req(), &seed(11), &SALT);
    verify_draw(&p).unwrap();
    let json = serde_json::to_string_pretty(&p).unwrap();
    let back: PseudonymousDraw = serde_json::from_str(&json).unwrap();
    verify_draw(&back).unwrap();
    for field in [
        "birth_date",
        "employers",
        "relations",
        "leave",
        "bookings",
        "conduct",
        "credit",
        "active",
        "name",
        "title",
    ] {
        assert!(
            !json.contains(&format!("\"{field}\"")),
            "{field} is published"
        );
    }
    for real in ["A-000", "B-004", "X-1", "X-2", "专家"] {
        assert!(!json.contains(real), "{real} is published");
    }
    // the two excluded on private facts are there, flagged, with their public facts
    let mut withheld: Vec<&ExpertId> = roster
        .iter()
        .filter(|(pseudonym, _)| p.pool.iter().any(|e| &e.id == *pseudonym && !e.clear))
        .map(|(_, real)| real)
        .collect();
    withheld.sort();
    assert_eq!(withheld, [&id("X-1"), &id("X-2")]);
    // every drawn pseudonym is an expert the records find eligible
    let real = eligible(&pool(), &req()).unwrap();
    for pick in p.result.drawn() {
        assert!(real.is_eligible(&roster[pick]), "{pick} is not eligible");
    }
}

#[test]
fn every_published_fact_is_bound_by_the_commitment() {
    let (p, _) = publish_pseudonymous(&pool(), &req(), &seed(11), &SALT);
    let excluded = p.pool.iter().position(|e| !e.clear).unwrap();
    let mut cleared = p.clone();
    cleared.pool[excluded].clear = true;
    assert_eq!(fails_v2(&cleared), "draw.verify.commitment_mismatch");
    let mut moved = p.clone();
    moved.pool[0].region = domain::RegionCode::parse("110101").unwrap();
    assert_eq!(fails_v2(&moved), "draw.verify.commitment_mismatch");
    let mut respecialised = p.clone();
    respecialised.pool[0].specialties = vec![SpecialtyCode::parse("B02").unwrap()];
    assert_eq!(fails_v2(&respecialised), "draw.verify.commitment_mismatch");
    let mut resealed = p.clone();
    resealed.pool[0].sealed = domain::Sha256Hex::parse(&"0".repeat(64)).unwrap();
    assert_eq!(fails_v2(&resealed), "draw.verify.commitment_mismatch");
    let mut unformatted = p.clone();
    unformatted.format = None;
    assert_eq!(fails_v2(&unformatted), "draw.verify.malformed");
}

fn fails_v2(p: &PseudonymousDraw) -> &'static str {
    verify_draw(p).unwrap_err().code()
}

#[test]
fn pseudonyms_are_per_draw_and_the_records_audit_the_outcomes() {
    let (a, _) = pseudonymise(&pool(), &req(), &SALT).unwrap();
    let (b, _) = pseudonymise(&pool(), &req(), &[0x17; 32]).unwrap();
    assert!(
        a.iter()
            .all(|x| b.iter().all(|y| x.id != y.id && x.sealed != y.sealed)),
        "another draw's pseudonyms and seals link to nothing"
    );
    // whoever holds the records and the salt recomputes the published pool exactly...
    let (p, _) = publish_pseudonymous(&pool(), &req(), &seed(11), &SALT);
    assert_eq!(a, p.pool);
    // ...and a record changed afterwards no longer matches it
    let mut changed = pool();
    changed
        .iter_mut()
        .find(|e| e.id == id("X-2"))
        .unwrap()
        .leave
        .clear();
    let (c, _) = pseudonymise(&changed, &req(), &SALT).unwrap();
    assert_ne!(c, p.pool);
}

#[test]
fn pseudonymous_redraws_re_check_too() {
    let (mut p, _) = publish_pseudonymous(&pool(), &req(), &seed(11), &SALT);
    let judged = eligible_published(&p.pool, &req()).unwrap();
    let first = p.result.clone();
    let declined = [first.committee()[2].expert.clone()];
    p.result = redraw(&judged, &req(), &seed(11), &BEACON, &first, &declined).unwrap();
    verify_draw(&p).unwrap();
    let mut q = p.clone();
    q.result.rounds[1].picks[0].expert = declined[0].clone();
    assert_eq!(fails_v2(&q), "draw.verify.result_mismatch");
}
