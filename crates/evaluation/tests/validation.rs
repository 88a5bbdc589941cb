//! The documents' configuration checked against the legal ranges; inputs checked for shape.
mod common;

use common::*;
use serde_json::{Value, json};

fn scored(price_points: &str, other: &str, category: &str) -> Value {
    let mut v = gp_scored(&[("a", "100.00"), ("b", "110.00"), ("c", "120.00")]);
    v["method"]["price_points"] = json!(price_points);
    v["method"]["criteria"][0]["points"] = json!(other);
    v["method"]["category"] = json!(category);
    v
}

#[test]
fn gp_price_weight_floors() {
    ok(&scored("30", "70", "goods"));
    assert_eq!(
        code(&scored("29", "71", "goods")),
        "evaluation.out_of_legal_range"
    );
    ok(&scored("10", "90", "services"));
    assert_eq!(
        code(&scored("9.99", "90.01", "services")),
        "evaluation.out_of_legal_range"
    );
    assert_eq!(
        code(&scored("30", "60", "goods")),
        "evaluation.points_do_not_add_up"
    );
}

#[test]
fn fixed_price_projects_do_not_score_price() {
    let mut v = scored("30", "70", "goods");
    v["method"]["fixed_price"] = json!(true);
    assert_eq!(code(&v), "evaluation.out_of_legal_range");
    v["method"]["price_points"] = json!("0");
    v["method"]["criteria"][0]["points"] = json!("100");
    let r = ok(&v);
    assert_eq!(bid(&r, "a").total.as_deref(), Some("0"));
}

#[test]
fn consultation_weight_ranges_unless_approved() {
    let mut v = scored("61", "39", "goods");
    v["method"]["kind"] = json!("competitive_consultation");
    assert_eq!(code(&v), "evaluation.out_of_legal_range");
    v["method"]["price_weight_approved"] = json!(true);
    ok(&v);
    let mut v = scored("31", "69", "services");
    v["method"]["kind"] = json!("competitive_consultation");
    assert_eq!(code(&v), "evaluation.out_of_legal_range");
}

fn reasonable_low(k: Option<&str>) -> Value {
    let mut v = json!({
        "method": {"kind": "construction_reasonable_low", "price_points": "100",
                   "base": {"k_min": "1%", "k_max": "3%", "k_step": "0.5%", "above_per_percent": "2", "below_per_percent": "1"}},
        "dates": {"notice": "2026-03-02"},
        "bids": bids(&[("a", "100.00"), ("b", "101.00"), ("c", "102.00")]),
    });
    if let Some(k) = k {
        v["opening"] = json!({"k": k});
    }
    v
}

#[test]
fn k_must_be_drawn_within_the_range_and_on_its_step() {
    ok(&reasonable_low(Some("2.5%")));
    assert_eq!(code(&reasonable_low(None)), "evaluation.invalid_input");
    assert_eq!(
        code(&reasonable_low(Some("3.5%"))),
        "evaluation.out_of_legal_range"
    );
    assert_eq!(
        code(&reasonable_low(Some("2.2%"))),
        "evaluation.out_of_legal_range"
    );
    let mut v = gp_lowest(&[("a", "1.00"), ("b", "2.00"), ("c", "3.00")]);
    v["opening"] = json!({"k": "1%"});
    assert_eq!(code(&v), "evaluation.invalid_input");
}

#[test]
fn construction_may_not_draw_without_a_local_rule() {
    let mut v = reasonable_low(Some("2%"));
    v["tie_break"] = json!([{"kind": "draw"}]);
    assert_eq!(code(&v), "evaluation.draw_not_allowed");
    v["tie_break"] = json!([{"kind": "draw", "local_rule": "某省评标办法 第12条"}]);
    ok(&v);
}

#[test]
fn abnormal_thresholds_may_only_be_raised_up_to_65_percent() {
    let base = gp_lowest(&[("a", "100.00"), ("b", "101.00"), ("c", "102.00")]);
    ok(&with(
        base.clone(),
        json!({"abnormal_low": {"average": "65%"}}),
    ));
    assert_eq!(
        code(&with(
            base.clone(),
            json!({"abnormal_low": {"average": "66%"}})
        )),
        "evaluation.out_of_legal_range"
    );
    assert_eq!(
        code(&with(
            base.clone(),
            json!({"abnormal_low": {"max_price": "40%"}})
        )),
        "evaluation.out_of_legal_range"
    );
    let before = with(
        base,
        json!({"abnormal_low": {"average": "60%"}, "dates": {"notice": "2026-01-31"}}),
    );
    assert_eq!(code(&before), "evaluation.no_rule_in_force");
}

#[test]
fn references_and_shapes() {
    let base = gp_lowest(&[("a", "100.00"), ("b", "101.00"), ("c", "102.00")]);
    let mut dup = base.clone();
    dup["bids"][1]["id"] = json!("a");
    assert_eq!(code(&dup), "evaluation.duplicate_id");
    assert_eq!(
        code(&with(
            base.clone(),
            json!({"explanations": [{"bid": "zz", "accepted": true}]})
        )),
        "evaluation.unknown_reference"
    );
    assert_eq!(
        code(&with(base.clone(), json!({"candidates": 4}))),
        "evaluation.out_of_legal_range"
    );
    let mut float = base.clone();
    float["bids"][0]["price"] = json!(100.5);
    assert_eq!(code(&float), "evaluation.invalid_json");
    assert_eq!(
        code(&with(base.clone(), json!({"unknown_field": 1}))),
        "evaluation.invalid_json"
    );
    let sheets = with(
        base.clone(),
        json!({"sheets": [{"member": "E1", "scores": {}}]}),
    );
    assert_eq!(code(&sheets), "evaluation.invalid_input");
    let mut s = gp_scored(&[("a", "1.00"), ("b", "2.00"), ("c", "3.00")]);
    s["sheets"][0]["scores"]["a"]["nope"] = json!("1");
    assert_eq!(code(&s), "evaluation.unknown_reference");
    let two = with(base, json!({"two_suppliers_allowed": "科研项目"}));
    assert_eq!(code(&two), "evaluation.invalid_input");
}
