//! Properties: a lower price never gets a lower price score; totals are exact sums rounded
//! once at the end; ranking does not depend on input order; exact arithmetic is consistent.
mod common;

use common::*;
use evaluation::Ratio;
use evaluation::method::BaseDeviation;
use evaluation::num::parse_decimal;
use evaluation::price::{deviation_score, lowest_base_score};
use evaluation::values::{Dec, Percent};
use proptest::prelude::*;
use serde_json::json;

/// Parse an exact value from the report (`28.5` or `2850/97`).
fn exact(s: &str) -> Ratio {
    match s.split_once('/') {
        Some((n, d)) => Ratio::new(n.parse().unwrap(), d.parse().unwrap()).unwrap(),
        None => parse_decimal(s, 40).unwrap(),
    }
}

fn yuan(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn lower_price_never_lower_price_score_formula(base in 1i64..1_000_000_000, a in 0i64..1_000_000_000, b in 0i64..1_000_000_000, pts in 1i64..100) {
        let (pa, pb) = (base + a, base + b);
        let sa = lowest_base_score(Ratio::int(base), Ratio::int(pa), Ratio::int(pts)).unwrap();
        let sb = lowest_base_score(Ratio::int(base), Ratio::int(pb), Ratio::int(pts)).unwrap();
        prop_assert_eq!(pa < pb, sa > sb);
        prop_assert!(sa <= Ratio::int(pts));
    }

    #[test]
    fn lower_price_never_lower_price_score_in_an_evaluation(
        prices in prop::collection::vec(1u64..10_000_000_000, 3..9),
        small in prop::collection::vec(any::<bool>(), 9),
    ) {
        let list: Vec<(String, String)> = prices.iter().enumerate().map(|(i, p)| (format!("b{i}"), yuan(*p))).collect();
        let refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let mut v = with(gp_scored(&refs), json!({"preferences": {"sme": {"small": "15%"}}}));
        for (i, s) in small.iter().take(prices.len()).enumerate() {
            if *s { v["bids"][i]["sme"] = json!({"kind": "small_or_micro"}); }
        }
        let r = ok(&v);
        let score = |i: usize| exact(r.bids[i].price_score.as_deref().unwrap());
        for i in 0..prices.len() {
            for j in 0..prices.len() {
                if prices[i] < prices[j] && small[i] == small[j] {
                    prop_assert!(score(i) >= score(j), "{} < {} but {} < {}", prices[i], prices[j], score(i), score(j));
                }
            }
        }
    }

    #[test]
    fn totals_are_exact_sums_rounded_once(
        prices in prop::collection::vec(1u64..100_000_000, 3..6),
        scores in prop::collection::vec(0u32..7_000, 18),
    ) {
        let list: Vec<(String, String)> = prices.iter().enumerate().map(|(i, p)| (format!("b{i}"), yuan(*p))).collect();
        let refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let mut v = gp_scored(&refs);
        v["outliers"] = json!({"share": "100%", "min_members": 3});
        for m in 0..3 {
            for i in 0..prices.len() {
                let s = scores[m * 6 + i];
                v["sheets"][m]["scores"][format!("b{i}")]["q"] = json!(format!("{}.{:02}", s / 100, s % 100));
            }
        }
        let r = ok(&v);
        let min = *prices.iter().min().unwrap() as i64;
        for (i, p) in prices.iter().enumerate() {
            let b = &r.bids[i];
            let item: i64 = (0..3).map(|m| i64::from(scores[m * 6 + i])).sum();
            let item = Ratio::new(item.into(), 300).unwrap();
            let price = Ratio::new((min * 30).into(), (*p).into()).unwrap();
            let total = price.add(item).unwrap();
            prop_assert_eq!(exact(b.total.as_deref().unwrap()), total);
            prop_assert_eq!(b.total_rounded.clone().unwrap(), total.round(2).unwrap().to_string());
        }
    }

    #[test]
    fn ranking_does_not_depend_on_input_order(prices in prop::collection::vec(1u64..50, 3..8), rot in 0usize..8) {
        let list: Vec<(String, String)> = prices.iter().enumerate().map(|(i, p)| (format!("b{i}"), yuan(*p * 100))).collect();
        let mut refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let seed = json!({"draw_seed": "0011223344556677"});
        let r1 = ok(&with(gp_lowest(&refs), seed.clone()));
        let n = refs.len();
        refs.rotate_left(rot % n);
        let r2 = ok(&with(gp_lowest(&refs), seed));
        prop_assert_eq!(ranking(&r1), ranking(&r2));
    }

    #[test]
    fn deviation_score_falls_away_from_the_base(base in 1_000i64..1_000_000, d1 in 0i64..100_000, d2 in 0i64..100_000, above in any::<bool>()) {
        let cfg = BaseDeviation {
            drop_highest: 0, drop_lowest: 0, drop_when_at_least: 0,
            k_min: Percent::of(0, 1), k_max: Percent::of(0, 1), k_step: None,
            above_per_percent: Dec(Ratio::int(2)), below_per_percent: Dec(Ratio::int(1)), floor: None,
        };
        let (near, far) = (d1.min(d2), d1.max(d2));
        let at = |d: i64| if above { base + d } else { (base - d).max(1) };
        let s = |p: i64| deviation_score(Ratio::int(p), Ratio::int(base), Ratio::int(100), &cfg).unwrap();
        prop_assert!(s(at(near)) >= s(at(far)));
        prop_assert!(s(at(far)) >= Ratio::ZERO);
    }

    #[test]
    fn exact_arithmetic_is_consistent(a in -1_000_000i64..1_000_000, b in 1i64..1_000_000, c in -1_000_000i64..1_000_000, d in 1i64..1_000_000) {
        let x = Ratio::new(a.into(), b.into()).unwrap();
        let y = Ratio::new(c.into(), d.into()).unwrap();
        prop_assert_eq!(x.add(y).unwrap(), y.add(x).unwrap());
        prop_assert_eq!(x.mul(y).unwrap(), y.mul(x).unwrap());
        prop_assert_eq!(x < y, x.sub(y).unwrap().is_negative());
        prop_assert_eq!(x.add(y).unwrap().sub(y).unwrap(), x);
        let r = x.round(2).unwrap().to_ratio();
        prop_assert!(r.sub(x).unwrap().abs() <= Ratio::new(1, 200).unwrap());
    }
}
