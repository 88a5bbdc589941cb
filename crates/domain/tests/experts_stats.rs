//! Over many draws from one pool, every eligible expert comes up as often as a uniform draw
//! would have it, every pair too, and no excluded expert ever comes up.

mod experts_support;

use std::collections::BTreeMap;

use domain::experts::select::{ChaChaWords, uniform_below};
use domain::experts::*;
use experts_support::*;
use time::macros::date;

const DRAWS: u64 = 20_000;
/// One-sided normal quantile of 1e-6: every bound below fails a correct draw once in a
/// million runs or less.
const Z: f64 = 4.753;

/// The `1 − 1e-6` quantile of χ² with `df` degrees of freedom (Wilson–Hilferty).
fn chi2_bound(df: f64) -> f64 {
    let a = 2.0 / (9.0 * df);
    df * (1.0 - a + Z * a.sqrt()).powi(3)
}

fn pool() -> Vec<Expert> {
    let mut p = experts("A", 30, "A01.02");
    p.extend(experts("B", 10, "B02"));
    // excluded, each for another reason, all serving A01
    let mut x1 = expert("X-1");
    x1.employers = vec![employment(
        bidder(1),
        EmploymentRole::Employee,
        date!(2025 - 01 - 01),
        None,
    )];
    let mut x2 = expert("X-2");
    x2.birth_date = date!(1950 - 01 - 01);
    let mut x3 = expert("X-3");
    x3.active = false;
    let mut x4 = expert("X-4");
    x4.conduct = vec![ConductRecord {
        date: date!(2025 - 06 - 01),
        kind: ConductKind::BadRecord,
        until: None,
        note: String::new(),
    }];
    let mut x5 = expert("X-5");
    x5.relations = vec![Relation {
        kind: RelationKind::Shareholding,
        target: RelationTarget::Org(bidder(2)),
    }];
    p.extend([x1, x2, x3, x4, x5]);
    p
}

#[test]
fn every_eligible_expert_and_pair_is_drawn_uniformly_and_no_excluded_one_ever() {
    let mut req = request();
    req.committee_size = 7;
    req.quotas = quotas(&[("A01", 4), ("B02", 2)]);
    let judged = eligible(&pool(), &req).unwrap();
    assert_eq!(judged.eligible.len(), 40);
    assert_eq!(judged.excluded.len(), 5);
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, String), u64> = BTreeMap::new();
    for s in 0..DRAWS {
        let r = draw(&judged, &req, &seed(s), &BEACON).unwrap();
        let mut b = Vec::new();
        for p in &r.rounds[0].picks {
            assert!(judged.is_eligible(&p.expert), "{} is excluded", p.expert);
            let group = &p.expert.as_str()[..1];
            assert_eq!(
                group,
                if p.specialty.as_str() == "A01" {
                    "A"
                } else {
                    "B"
                }
            );
            *counts.entry(p.expert.to_string()).or_default() += 1;
            if group == "B" {
                b.push(p.expert.to_string());
            }
        }
        b.sort();
        *pairs.entry((b[0].clone(), b[1].clone())).or_default() += 1;
    }
    assert!(counts.keys().all(|k| !k.starts_with('X')));
    for (group, n, k) in [("A", 30.0, 4.0), ("B", 10.0, 2.0)] {
        let p = k / n;
        let expected = DRAWS as f64 * p;
        let var = expected * (1.0 - p);
        let got: Vec<u64> = (0..n as usize)
            .map(|i| counts.get(&format!("{group}-{i:03}")).copied().unwrap_or(0))
            .collect();
        // per expert: binomial, within Z standard deviations
        for (i, c) in got.iter().enumerate() {
            let dev = (*c as f64 - expected).abs();
            assert!(
                dev <= Z * var.sqrt(),
                "{group}-{i:03}: {c} draws, expected {expected:.0}"
            );
        }
        // all together: Σ (c − Np)² (n − 1) / (n · Np(1 − p)) ~ χ²(n − 1) for k of n
        // without replacement
        let stat: f64 = got
            .iter()
            .map(|c| (*c as f64 - expected).powi(2))
            .sum::<f64>()
            * (n - 1.0)
            / (n * var);
        let bound = chi2_bound(n - 1.0);
        println!("{group}: χ² = {stat:.1} (df {}, bound {bound:.1})", n - 1.0);
        assert!(stat <= bound, "{group}: χ² {stat:.1} > {bound:.1}");
    }
    // the 45 pairs of B: each 1/45 (a uniform draw without replacement, not just uniform margins)
    assert_eq!(pairs.len(), 45);
    let e = DRAWS as f64 / 45.0;
    let stat: f64 = pairs.values().map(|c| (*c as f64 - e).powi(2) / e).sum();
    println!(
        "B pairs: χ² = {stat:.1} (df 44, bound {:.1})",
        chi2_bound(44.0)
    );
    assert!(stat <= chi2_bound(44.0));
}

#[test]
fn the_rejection_sampler_has_no_modulo_bias() {
    // n = 3·2^30: plain `x mod n` would give 0..2^30 twice the weight (1/2 instead of 1/3)
    let n = 3u32 << 30;
    let mut words = ChaChaWords::new(seed(1), 0);
    let low = (0..DRAWS)
        .filter(|_| uniform_below(&mut words, n).unwrap() < 1 << 30)
        .count() as f64;
    let p = 1.0 / 3.0;
    let expected = DRAWS as f64 * p;
    let sd = (expected * (1.0 - p)).sqrt();
    assert!(
        (low - expected).abs() <= Z * sd,
        "{low} of {DRAWS} below 2^30, expected {expected:.0}"
    );
}
