//! The documents' evaluation configuration (entered in a form with the tender documents) as
//! the evaluation crate reads it: checked against the law in force at publication, then made
//! into the evaluation input with the opened bids and the K drawn at the opening.

use domain::trade::EvaluationChoice;
use domain::{BusinessLine, Method};
use evaluation::documents::{check, input_for};
use evaluation::input::BidInput;
use time::macros::date;

const CONSTRUCTION: (BusinessLine, Method) = (BusinessLine::Construction, Method::OpenTendering);
const GP_OPEN: (BusinessLine, Method) = (BusinessLine::Procurement, Method::OpenTendering);

fn choice(v: serde_json::Value) -> EvaluationChoice {
    serde_json::from_value(v).unwrap()
}

fn base_deviation(k_min: &str, k_max: &str) -> EvaluationChoice {
    choice(serde_json::json!({
        "kind": "comprehensive", "category": "works", "total_points": "100",
        "price_points": "60",
        "criteria": [{"name": "施工组织设计", "points": "40"}],
        "price_formula": {"kind": "base_deviation", "k_min": k_min, "k_max": k_max,
            "k_step": "0.5", "above_per_percent": "1", "below_per_percent": "0.5"},
        "sme": {"small": "4"}
    }))
}

fn bids() -> Vec<BidInput> {
    ["1000000.00", "980000.00", "1050000.00"]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            serde_json::from_value(serde_json::json!({"id": format!("B{}", i + 1), "price": p}))
                .unwrap()
        })
        .collect()
}

#[test]
fn a_construction_base_deviation_is_checked_before_k_is_drawn_and_used_after() {
    let on = date!(2026 - 10 - 01);
    check(&base_deviation("1", "3"), CONSTRUCTION, on).unwrap();
    let err = check(&base_deviation("3", "1"), CONSTRUCTION, on).unwrap_err();
    assert_eq!(err.code(), "evaluation.invalid_input", "{err}");
    // after the opening: the input carries the bids and K, and plans as a whole
    let input = input_for(
        &base_deviation("1", "3"),
        CONSTRUCTION,
        on,
        bids(),
        Some("2.5".parse().unwrap()),
    )
    .unwrap()
    .unwrap();
    assert_eq!(input.method.criteria()[0].id, "c1");
    assert_eq!(input.bids.len(), 3);
    evaluation::validate::plan(&input).unwrap();
    // a K outside the documents' range is refused naming the rule
    let input = input_for(
        &base_deviation("1", "3"),
        CONSTRUCTION,
        on,
        bids(),
        Some("4".parse().unwrap()),
    )
    .unwrap()
    .unwrap();
    let err = evaluation::validate::plan(&input).unwrap_err();
    assert_eq!(err.code(), "evaluation.out_of_legal_range", "{err}");
}

#[test]
fn a_works_sme_bonus_outside_3_to_5_percent_is_refused() {
    let mut c = base_deviation("1", "3");
    c.sme = Some(serde_json::from_value(serde_json::json!({"small": "6"})).unwrap());
    let err = check(&c, CONSTRUCTION, date!(2026 - 10 - 01)).unwrap_err();
    assert_eq!(err.code(), "evaluation.out_of_legal_range", "{err}");
    assert!(err.to_string().contains("46号"), "{err}");
}

#[test]
fn reasonable_low_price_needs_its_base_formula() {
    let c = choice(serde_json::json!({
        "kind": "reasonable_low", "category": "works", "total_points": "100",
        "price_points": "100"
    }));
    let err = check(&c, CONSTRUCTION, date!(2026 - 10 - 01)).unwrap_err();
    assert_eq!(err.code(), "evaluation.invalid_input", "{err}");
}

#[test]
fn a_gp_price_weight_under_30_percent_for_goods_names_article_55() {
    let c = choice(serde_json::json!({
        "kind": "comprehensive", "category": "goods", "total_points": "100",
        "price_points": "20", "criteria": [{"name": "技术", "points": "80"}]
    }));
    let err = check(&c, GP_OPEN, date!(2026 - 10 - 01)).unwrap_err();
    assert_eq!(err.code(), "evaluation.out_of_legal_range", "{err}");
    assert!(err.to_string().contains("财政部令第87号 第55条"), "{err}");
}
