//! Legal ranges of the method itself: points adding up, price weights (87号令 第55条; 214号),
//! K drawn within the documents' range and on its step, E1/E2 and the floor.

use std::collections::BTreeSet;

use crate::error::{EvalError, Within};
use crate::input::EvaluationInput;
use crate::method::{Category, MethodConfig};
use crate::num::Ratio;
use crate::rules;
use crate::values::Percent;

/// Σ criteria + price points = total; price weights within the legal ranges.
pub(crate) fn points(m: &MethodConfig) -> Result<(), EvalError> {
    let (total, price, criteria) = match m {
        MethodConfig::ProcurementComprehensive(s) | MethodConfig::CompetitiveConsultation(s) => {
            (s.total_points.0, s.price_points.0, &s.criteria)
        }
        MethodConfig::ConstructionComprehensive(c) => {
            (c.total_points.0, c.price_points.0, &c.criteria)
        }
        MethodConfig::ConstructionReasonableLow(r) => {
            return positive("price_points", r.price_points.0);
        }
        _ => return Ok(()),
    };
    positive("total_points", total)?;
    if price.is_negative() {
        return Err(EvalError::input("price_points", "must not be negative"));
    }
    let mut ids = BTreeSet::new();
    for c in criteria {
        positive(&format!("criterion {}", c.id), c.points.0)?;
        if !ids.insert(c.id.as_str()) || c.id.is_empty() || c.id.contains('/') {
            return Err(EvalError::input(
                "criteria",
                format!("criterion id {:?} is empty, repeated or contains '/'", c.id),
            ));
        }
        if let Some(step) = c.step {
            positive(&format!("criterion {} step", c.id), step.0)?;
        }
    }
    let sum = Ratio::sum(criteria.iter().map(|c| c.points.0))
        .and_then(|s| s.add(price))
        .under(rules::POINTS_TOTAL)?;
    if sum != total {
        return Err(EvalError::PointsDoNotAddUp {
            sum: sum.to_string(),
            total: total.to_string(),
            rule: rules::POINTS_TOTAL,
        });
    }
    let weight = Percent(price.div(total).under(rules::GP_PRICE_WEIGHT)?);
    match m {
        MethodConfig::ProcurementComprehensive(s) if s.fixed_price && !price.is_zero() => {
            return Err(EvalError::range(
                "price weight (fixed price)",
                weight,
                "0%",
                "0%",
                rules::GP_PRICE_WEIGHT,
            ));
        }
        MethodConfig::ProcurementComprehensive(s) if s.fixed_price => {}
        MethodConfig::ProcurementComprehensive(s) => {
            let min = match s.category {
                Category::Goods => Some(Percent::of(3, 10)),
                Category::Services => Some(Percent::of(1, 10)),
                Category::Works => None,
            };
            if let Some(min) = min.filter(|m| weight < *m) {
                return Err(EvalError::range(
                    "price weight",
                    weight,
                    min,
                    "100%",
                    rules::GP_PRICE_WEIGHT,
                ));
            }
        }
        MethodConfig::CompetitiveConsultation(s) if !s.price_weight_approved => {
            let r = match s.category {
                Category::Goods => Some((Percent::of(3, 10), Percent::of(3, 5))),
                Category::Services => Some((Percent::of(1, 10), Percent::of(3, 10))),
                Category::Works => None,
            };
            if let Some((min, max)) = r.filter(|(a, b)| weight < *a || weight > *b) {
                return Err(EvalError::range(
                    "price weight",
                    weight,
                    min,
                    max,
                    rules::CONSULT_PRICE_WEIGHT,
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

fn positive(what: &str, v: Ratio) -> Result<(), EvalError> {
    if v > Ratio::ZERO {
        Ok(())
    } else {
        Err(EvalError::input(what, "must be above zero"))
    }
}

/// K range, K drawn, E1/E2 and the floor of the base-price methods.
pub(crate) fn base_deviation(input: &EvaluationInput) -> Result<(), EvalError> {
    let Some(b) = input.method.base_deviation() else {
        return match input.opening.k {
            Some(_) => Err(EvalError::input("opening.k", "this method draws no K")),
            None => Ok(()),
        };
    };
    formula(input)?;
    let k = input.opening.k.ok_or_else(|| {
        EvalError::input(
            "opening.k",
            format!("K drawn at the opening is required ({})", rules::K_RANGE),
        )
    })?;
    let on_grid = match b.k_step {
        // formula() refused a zero step
        Some(step) => {
            let n =
                k.0.sub(b.k_min.0)
                    .and_then(|d| d.div(step.0))
                    .under(rules::K_RANGE)?;
            n.denom() == 1
        }
        None => true,
    };
    if k < b.k_min || k > b.k_max || !on_grid {
        return Err(EvalError::range(
            "K drawn at the opening",
            k,
            b.k_min,
            b.k_max,
            rules::K_RANGE,
        ));
    }
    Ok(())
}

/// The documents' base-deviation figures alone (K range, E1/E2, floor, K step): what can be
/// checked before K is drawn at the opening.
pub(crate) fn formula(input: &EvaluationInput) -> Result<(), EvalError> {
    let Some(b) = input.method.base_deviation() else {
        return Ok(());
    };
    let points = input.method.price_points().unwrap_or(Ratio::ZERO);
    if b.k_min > b.k_max || b.k_max.0 >= Ratio::ONE {
        return Err(EvalError::input(
            "k_min, k_max",
            "need 0% ≤ k_min ≤ k_max < 100%",
        ));
    }
    if b.above_per_percent.0.is_negative() || b.below_per_percent.0.is_negative() {
        return Err(EvalError::input(
            "above_per_percent, below_per_percent",
            "must not be negative",
        ));
    }
    if let Some(f) = b.floor.filter(|f| f.0.is_negative() || f.0 > points) {
        return Err(EvalError::input(
            "floor",
            format!("{} is not between 0 and the price points", f.0),
        ));
    }
    if b.k_step.is_some_and(|step| step.0.is_zero()) {
        return Err(EvalError::input("k_step", "must be above zero"));
    }
    Ok(())
}
