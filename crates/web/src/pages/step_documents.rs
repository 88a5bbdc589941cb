//! The documents' evaluation configuration as form fields: the method and its points, one
//! row per scored criterion (a fixed number of blank rows: adding one needs no script), the
//! construction price formula and the SME rates, read into [`EvaluationChoice`]. A field
//! that cannot be read is named ([`Wrong`]) and nothing is sent.

use domain::trade::{
    BaseDeviationChoice, Category, CriterionChoice, EvaluationChoice, EvaluationKind, Points,
    PriceFormulaChoice, SmeRates,
};

use super::step_forms::{Field, Kind, Sent, Wrong, f, wrong};

/// How many criterion rows the documents' form shows (blank rows are ignored).
pub const CRITERION_ROWS: usize = 8;

/// The fields of each criterion row: name, points, kind (objective or not), step.
pub const CRITERION_FIELDS: [[&str; 4]; CRITERION_ROWS] = [
    ["c1_name", "c1_points", "c1_kind", "c1_step"],
    ["c2_name", "c2_points", "c2_kind", "c2_step"],
    ["c3_name", "c3_points", "c3_kind", "c3_step"],
    ["c4_name", "c4_points", "c4_kind", "c4_step"],
    ["c5_name", "c5_points", "c5_kind", "c5_step"],
    ["c6_name", "c6_points", "c6_kind", "c6_step"],
    ["c7_name", "c7_points", "c7_kind", "c7_step"],
    ["c8_name", "c8_points", "c8_kind", "c8_step"],
];

const CRITERION_KINDS: &[(&str, &str)] = &[
    ("subjective", "ui.steps.criterion.subjective"),
    ("objective", "ui.steps.criterion.objective"),
];

/// Field `i` (name, points, kind, step) of criterion row `n` (from 0); the labels say the
/// row's number (`{n}`, see [`row_number`]).
pub const fn crit(n: usize, i: usize) -> Field {
    let name = CRITERION_FIELDS[n][i];
    match i {
        0 => f(name, Kind::Text, "ui.steps.field.criterion_name"),
        1 => f(name, Kind::Text, "ui.steps.field.criterion_points"),
        2 => f(
            name,
            Kind::Pick(CRITERION_KINDS),
            "ui.steps.field.criterion_kind",
        ),
        _ => f(name, Kind::Text, "ui.steps.field.criterion_step"),
    }
}

/// The row number of a criterion field (`c3_points` → 3).
pub fn row_number(field: &str) -> Option<usize> {
    let rest = field.strip_prefix('c')?;
    let (n, _) = rest.split_once('_')?;
    n.parse().ok()
}

fn points(sent: &Sent, field: &'static str) -> Result<Option<Points>, Wrong> {
    match sent.get(field) {
        "" => Ok(None),
        s => s.parse().map(Some).map_err(|_| wrong(field, "form.points")),
    }
}

fn required(sent: &Sent, field: &'static str) -> Result<Points, Wrong> {
    points(sent, field)?.ok_or(wrong(field, "form.required"))
}

fn count(sent: &Sent, field: &'static str) -> Result<u32, Wrong> {
    match sent.get(field) {
        "" => Ok(0),
        s => s.parse().map_err(|_| wrong(field, "form.count")),
    }
}

/// The criterion rows that were filled in, in order.
fn criteria(sent: &Sent) -> Result<Vec<CriterionChoice>, Wrong> {
    let mut rows = Vec::new();
    for [name, pts, kind, step] in CRITERION_FIELDS {
        if sent.get(name).is_empty() && sent.get(pts).is_empty() && sent.get(step).is_empty() {
            continue;
        }
        if sent.get(name).is_empty() {
            return Err(wrong(name, "form.required"));
        }
        rows.push(CriterionChoice {
            name: sent.get(name).to_owned(),
            points: required(sent, pts)?,
            objective: sent.get(kind) == "objective",
            step: points(sent, step)?,
        });
    }
    Ok(rows)
}

fn price_formula(sent: &Sent) -> Result<Option<PriceFormulaChoice>, Wrong> {
    Ok(match sent.get("price_formula") {
        "" => None,
        "lowest_is_base" => Some(PriceFormulaChoice::LowestIsBase),
        "base_deviation" => Some(PriceFormulaChoice::BaseDeviation(BaseDeviationChoice {
            k_min: required(sent, "k_min")?,
            k_max: required(sent, "k_max")?,
            k_step: points(sent, "k_step")?,
            above_per_percent: required(sent, "e1")?,
            below_per_percent: required(sent, "e2")?,
            drop_highest: count(sent, "drop_highest")?,
            drop_lowest: count(sent, "drop_lowest")?,
            drop_when_at_least: count(sent, "drop_when_at_least")?,
        })),
        _ => return Err(wrong("price_formula", "form.pick")),
    })
}

/// The evaluation configuration chosen with the documents (no method chosen: `None`).
pub fn evaluation(sent: &Sent) -> Result<Option<EvaluationChoice>, Wrong> {
    let kind = match sent.get("evaluation_kind") {
        "" => return Ok(None),
        k => EvaluationKind::ALL
            .into_iter()
            .find(|e| e.as_str() == k)
            .ok_or(wrong("evaluation_kind", "form.pick"))?,
    };
    let category = Category::ALL
        .into_iter()
        .find(|c| c.as_str() == sent.get("category"))
        .ok_or(wrong("category", "form.pick"))?;
    let sme = match points(sent, "sme_small")? {
        Some(small) => Some(SmeRates {
            small,
            partners: points(sent, "sme_partners")?,
        }),
        None if !sent.get("sme_partners").is_empty() => {
            return Err(wrong("sme_small", "form.required"));
        }
        None => None,
    };
    Ok(Some(EvaluationChoice {
        kind,
        category,
        total_points: points(sent, "total_points")?.unwrap_or("100".parse().expect("100")),
        price_points: points(sent, "price_points")?.unwrap_or("0".parse().expect("0")),
        fixed_price: !sent.get("fixed_price").is_empty(),
        weight_approved: !sent.get("weight_approved").is_empty(),
        criteria: criteria(sent)?,
        price_formula: price_formula(sent)?,
        sme,
    }))
}
