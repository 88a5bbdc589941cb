//! Price-score formulas. All exact; nothing here rounds.
//!
//! * Lowest price as the base (87号令 第55条; 214号 for consultation): the lowest valid
//!   evaluation price gets full points, others `base / price × points`.
//! * Base price with deviation (construction documents): base = average of the valid bids
//!   (optionally without extremes) × (1 − K); E1 points lost per 1% above the base, E2 per 1%
//!   below, linear in between ("不足1%的按插入法"), not below the floor.

use crate::error::{EvalError, Within};
use crate::method::BaseDeviation;
use crate::num::{Exact, Ratio};
use crate::rules::{self, Rule};
use crate::trace::Derivation;
use crate::values::{Percent, yuan};

/// `base / price × points`.
pub fn lowest_base_score(base: Ratio, price: Ratio, points: Ratio) -> Exact {
    base.div(price)?.mul(points)
}

/// The derivation of a lowest-as-base price score.
pub fn lowest_base(
    bid: &str,
    base: Ratio,
    price: Ratio,
    points: Ratio,
    rule: Rule,
) -> Result<(Ratio, Derivation), EvalError> {
    let s = lowest_base_score(base, price, points).under(rule)?;
    let d = Derivation::new(
        "price score",
        rule,
        "base price / evaluation price × price points",
    )
    .of(bid)
    .num(s)
    .input_money("base price (lowest valid evaluation price)", base)
    .input_money("evaluation price", price)
    .input("price points", points);
    Ok((s, d))
}

/// The base price of the deviation methods from the valid bids' prices (fen).
pub fn base_price(
    prices: &[(&str, Ratio)],
    cfg: &BaseDeviation,
    k: Percent,
) -> Result<(Ratio, Vec<Derivation>), EvalError> {
    let r = rules::BASE_AVERAGE;
    let mut sorted: Vec<(&str, Ratio)> = prices.to_vec();
    sorted.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
    let n = sorted.len();
    let (lo, hi) = (cfg.drop_lowest as usize, cfg.drop_highest as usize);
    let drop = (lo + hi > 0) && n >= cfg.drop_when_at_least as usize && n > lo + hi;
    let kept = if drop {
        &sorted[lo..n - hi]
    } else {
        &sorted[..]
    };
    if kept.is_empty() {
        return Err(EvalError::input(
            "bids",
            "no valid bid to compute the base price from",
        ));
    }
    let dropped: Vec<&str> = if drop {
        sorted[..lo]
            .iter()
            .chain(&sorted[n - hi..])
            .map(|p| p.0)
            .collect()
    } else {
        Vec::new()
    };
    let sum = Ratio::sum(kept.iter().map(|p| p.1)).under(r)?;
    let avg = sum.div_int(kept.len() as i128).under(r)?;
    let base = avg.mul(Ratio::ONE.sub(k.0).under(r)?).under(r)?;
    let avg_d = Derivation::new("average of valid bids", r, "Σ prices / n")
        .money(avg)
        .input("valid bids", n)
        .input("averaged", kept.len())
        .input(
            "dropped (extremes)",
            if dropped.is_empty() {
                "none".to_owned()
            } else {
                dropped.join(", ")
            },
        )
        .input("sum", yuan(sum));
    let base_d = Derivation::new("base price (评标基准价)", r, "average × (1 − K)")
        .money(base)
        .input_money("average", avg)
        .input("K (drawn at the opening)", k);
    Ok((base, vec![avg_d, base_d]))
}

/// Points lost for the deviation of `price` from `base`, and the resulting score.
pub fn deviation_score(price: Ratio, base: Ratio, points: Ratio, cfg: &BaseDeviation) -> Exact {
    let pct = price.sub(base)?.div(base)?.mul_int(100)?;
    let per = if pct.is_negative() {
        cfg.below_per_percent.0
    } else {
        cfg.above_per_percent.0
    };
    let lost = pct.abs().mul(per)?;
    let floor = cfg.floor.map_or(Ratio::ZERO, |f| f.0);
    Ok(points.sub(lost)?.max(floor))
}

/// The derivation of a deviation price score.
pub fn deviation(
    bid: &str,
    price: Ratio,
    base: Ratio,
    points: Ratio,
    cfg: &BaseDeviation,
) -> Result<(Ratio, Derivation), EvalError> {
    let r = rules::DEVIATION_SCORE;
    let s = deviation_score(price, base, points, cfg).under(r)?;
    let pct = price
        .sub(base)
        .and_then(|d| d.div(base))
        .and_then(|d| d.mul_int(100))
        .under(r)?;
    let d = Derivation::new(
        "price score",
        r,
        "max(floor, price points − E × |price − base| / base × 100), E = E1 above, E2 below",
    )
    .of(bid)
    .num(s)
    .input_money("price", price)
    .input_money("base price", base)
    .input("deviation %", crate::trace::show(pct).0)
    .input("E1 (per 1% above)", cfg.above_per_percent.0)
    .input("E2 (per 1% below)", cfg.below_per_percent.0)
    .input("price points", points);
    Ok((s, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Dec;

    fn cfg(e1: i64, e2: i64) -> BaseDeviation {
        BaseDeviation {
            drop_highest: 1,
            drop_lowest: 1,
            drop_when_at_least: 5,
            k_min: Percent::of(0, 1),
            k_max: Percent::of(1, 20),
            k_step: None,
            above_per_percent: Dec(Ratio::int(e1)),
            below_per_percent: Dec(Ratio::int(e2)),
            floor: None,
        }
    }

    #[test]
    fn rules_md_worked_example_of_87_55() {
        // 100万, 95万, 110万 with 30 points: 28.50, 30.00, 25.91 (rules.md §3.5 [D])
        let base = Ratio::int(95);
        let s = |p| lowest_base_score(base, Ratio::int(p), Ratio::int(30)).unwrap();
        assert_eq!(s(100).round(2).unwrap().to_string(), "28.50");
        assert_eq!(s(95).round(2).unwrap().to_string(), "30.00");
        assert_eq!(s(110).round(2).unwrap().to_string(), "25.91");
    }

    #[test]
    fn base_drops_extremes_only_with_enough_bids() {
        let p = [
            ("a", Ratio::int(90)),
            ("b", Ratio::int(100)),
            ("c", Ratio::int(110)),
            ("d", Ratio::int(200)),
        ];
        let (base, _) = base_price(&p, &cfg(1, 1), Percent::of(0, 1)).unwrap();
        assert_eq!(base, Ratio::int(125)); // 4 < 5: no drop
        let p5 = [p.as_slice(), &[("e", Ratio::int(10))]].concat();
        let (base, _) = base_price(&p5, &cfg(1, 1), Percent::of(1, 10)).unwrap();
        assert_eq!(base, Ratio::int(90)); // drop 10 and 200: avg 100 × 0.9
    }

    #[test]
    fn deviation_loses_e1_above_and_e2_below_linearly() {
        let c = cfg(2, 1);
        let base = Ratio::int(1000);
        let pts = Ratio::int(60);
        assert_eq!(deviation_score(base, base, pts, &c).unwrap(), pts);
        // 3% above: 60 − 2 × 3 = 54
        assert_eq!(
            deviation_score(Ratio::int(1030), base, pts, &c).unwrap(),
            Ratio::int(54)
        );
        // 2.5% below: 60 − 1 × 2.5 = 57.5 (linear within a percent)
        assert_eq!(
            deviation_score(Ratio::int(975), base, pts, &c).unwrap(),
            Ratio::frac(115, 2)
        );
        // far above: floored at 0
        assert_eq!(
            deviation_score(Ratio::int(2000), base, pts, &c).unwrap(),
            Ratio::ZERO
        );
    }
}
