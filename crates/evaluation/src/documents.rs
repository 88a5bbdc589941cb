//! The evaluation configuration the tender documents chose (entered in a form with them,
//! [`EvaluationChoice`]) as this crate computes it: checked against the law in force on the
//! announcement date at publication, and, after the opening, made into the evaluation input
//! with the opened bids, so nobody types the configuration twice.

use domain::trade::{
    BaseDeviationChoice, EvaluationChoice, EvaluationKind, Points, PriceFormulaChoice,
};
use domain::{BusinessLine, Method};
use serde_json::{Value, json};
use time::Date;

use crate::error::EvalError;
use crate::input::{BidInput, EvaluationInput};

/// The criterion id of the `n`th row (from 1): `c1`, `c2`, …
pub fn criterion_id(n: usize) -> String {
    format!("c{n}")
}

fn percent(p: Points) -> String {
    format!("{p}%")
}

fn base(b: &BaseDeviationChoice) -> Value {
    json!({
        "drop_highest": b.drop_highest,
        "drop_lowest": b.drop_lowest,
        "drop_when_at_least": b.drop_when_at_least,
        "k_min": percent(b.k_min),
        "k_max": percent(b.k_max),
        "k_step": b.k_step.map(percent),
        "above_per_percent": b.above_per_percent.to_string(),
        "below_per_percent": b.below_per_percent.to_string(),
    })
}

fn criteria(c: &EvaluationChoice) -> Value {
    c.criteria
        .iter()
        .enumerate()
        .map(|(i, k)| {
            json!({
                "id": criterion_id(i + 1),
                "name": k.name,
                "points": k.points.to_string(),
                "kind": if k.objective { "objective" } else { "subjective" },
                "step": k.step.map(|s| s.to_string()),
            })
        })
        .collect()
}

fn no_formula() -> EvalError {
    EvalError::input(
        "price_formula",
        "合理低价法 needs the base-deviation formula (K range, E1, E2)",
    )
}

/// The method as the evaluation crate reads it (JSON, docs/EVALUATE.md §2). `None`: the
/// choice names no method this crate computes (single source: no comparison).
fn method(c: &EvaluationChoice, line: BusinessLine, m: Method) -> Result<Option<Value>, EvalError> {
    use EvaluationKind::*;
    let (total, price) = (c.total_points.to_string(), c.price_points.to_string());
    let scored = |kind: &str| {
        json!({
            "kind": kind, "category": c.category.as_str(), "total_points": total,
            "price_points": price, "criteria": criteria(c), "fixed_price": c.fixed_price,
            "price_weight_approved": c.weight_approved,
        })
    };
    let category = |kind: &str| json!({"kind": kind, "category": c.category.as_str()});
    let sme = c
        .sme
        .map(|s| json!({"small": percent(s.small), "partners": s.partners.map(percent)}));
    Ok(Some(match (line, m, c.kind) {
        (BusinessLine::Construction, _, LowestPrice) => {
            json!({"kind": "construction_lowest_price"})
        }
        (BusinessLine::Construction, _, Comprehensive) => json!({
            "kind": "construction_comprehensive", "total_points": total, "price_points": price,
            "criteria": criteria(c),
            "price_formula": match &c.price_formula {
                Some(PriceFormulaChoice::BaseDeviation(b)) => {
                    let mut v = base(b);
                    v["kind"] = json!("base_deviation");
                    v
                }
                _ => json!({"kind": "lowest_is_base"}),
            },
            "sme_bonus": sme,
        }),
        (BusinessLine::Construction, _, ReasonableLow) => match &c.price_formula {
            Some(PriceFormulaChoice::BaseDeviation(b)) => json!({
                "kind": "construction_reasonable_low", "price_points": price, "base": base(b),
            }),
            _ => return Err(no_formula()),
        },
        (_, Method::CompetitiveConsultation, _) => scored("competitive_consultation"),
        (_, Method::CompetitiveNegotiation, _) => category("competitive_negotiation"),
        (_, Method::RequestForQuotation, _) => category("request_for_quotation"),
        (_, Method::SingleSource, _) => return Ok(None),
        (_, _, Comprehensive) => scored("procurement_comprehensive"),
        (_, _, _) => category("procurement_lowest_price"),
    }))
}

/// The evaluation input of the documents' configuration with these bids (none: a skeleton
/// for [`check`]) and the K drawn at the opening, on the rule date `notice`. `None` for a
/// choice no evaluation is computed for (single source).
pub fn input_for(
    c: &EvaluationChoice,
    (line, m): (BusinessLine, Method),
    notice: Date,
    bids: Vec<BidInput>,
    k: Option<Points>,
) -> Result<Option<EvaluationInput>, EvalError> {
    let Some(method) = method(c, line, m)? else {
        return Ok(None);
    };
    let sme = match (line, c.sme) {
        (BusinessLine::Procurement, Some(s)) => {
            json!({"small": percent(s.small), "partners": s.partners.map(percent)})
        }
        _ => Value::Null,
    };
    let mut input = json!({
        "method": method,
        "dates": {"notice": notice.to_string()},
        "preferences": {"sme": sme},
        "bids": bids,
        "opening": {"k": k.map(percent)},
    });
    strip_nulls(&mut input);
    serde_json::from_value(input)
        .map(Some)
        .map_err(|e| EvalError::Json(e.to_string()))
}

/// Whether the law in force on `notice` allows the documents' configuration (points adding
/// up to the total, the price weight, the K range and E1/E2, the SME rates), each refusal
/// naming its rule and article.
pub fn check(
    c: &EvaluationChoice,
    line_method: (BusinessLine, Method),
    notice: Date,
) -> Result<(), EvalError> {
    match input_for(c, line_method, notice, vec![], None)? {
        Some(input) => crate::validate::documents(&input),
        None => Ok(()),
    }
}

/// Absent optional values are omitted rather than `null` (the input refuses nothing else).
fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, x| !x.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}
