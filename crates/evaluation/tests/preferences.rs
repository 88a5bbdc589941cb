//! Policy price preferences: SME rates by rule version, the 30% gate, domestic products.
mod common;

use common::*;
use serde_json::{Value, json};

fn three() -> Value {
    gp_lowest(&[("a", "1000.00"), ("b", "1000.00"), ("c", "1000.00")])
}

fn with_sme(notice: &str, small: &str) -> Value {
    with(
        three(),
        json!({"dates": {"notice": notice}, "preferences": {"sme": {"small": small}}}),
    )
}

#[test]
fn sme_rate_ranges_follow_the_version_in_force() {
    // 46号 (from 2021-01-01): 6–10%; 19号 (from 2022-07-01): 10–20%.
    ok(&with_sme("2022-06-30", "10%"));
    assert_eq!(
        code(&with_sme("2022-06-30", "15%")),
        "evaluation.out_of_legal_range"
    );
    ok(&with_sme("2022-07-01", "15%"));
    assert_eq!(
        code(&with_sme("2022-07-01", "9%")),
        "evaluation.out_of_legal_range"
    );
    assert_eq!(
        code(&with_sme("2022-07-01", "21%")),
        "evaluation.out_of_legal_range"
    );
    assert_eq!(
        code(&with_sme("2020-12-31", "10%")),
        "evaluation.no_rule_in_force"
    );
    let mut v = with_sme("2022-06-30", "10%");
    v["preferences"]["sme"]["partners"] = json!("4%"); // 46号: 2–3%
    assert_eq!(code(&v), "evaluation.out_of_legal_range");
}

#[test]
fn partners_need_thirty_percent_without_control() {
    let mut v = with_sme("2026-03-02", "10%");
    v["preferences"]["sme"]["partners"] = json!("4%");
    v["bids"][0]["sme"] = json!({"kind": "partners", "small_share": "30%"});
    v["bids"][1]["sme"] = json!({"kind": "partners", "small_share": "29.99%"});
    v["bids"][2]["sme"] =
        json!({"kind": "partners", "small_share": "60%", "control_relation": true});
    let r = ok(&v);
    assert_eq!(bid(&r, "a").evaluation_price.as_deref(), Some("960.00"));
    assert_eq!(bid(&r, "b").evaluation_price.as_deref(), Some("1000.00"));
    assert_eq!(bid(&r, "c").evaluation_price.as_deref(), Some("1000.00"));
    assert_eq!(ranking(&r)[0], "a");
}

#[test]
fn goods_need_every_item_made_by_an_sme() {
    let mut v = with_sme("2026-03-02", "20%");
    v["bids"][0]["sme"] = json!({"kind": "small_or_micro"});
    v["bids"][1]["sme"] = json!({"kind": "small_or_micro", "all_items_by_sme": false});
    let r = ok(&v);
    assert_eq!(bid(&r, "a").evaluation_price.as_deref(), Some("800.00"));
    assert_eq!(bid(&r, "b").evaluation_price.as_deref(), Some("1000.00"));
}

#[test]
fn works_use_the_works_ranges() {
    let mut v = with_sme("2026-03-02", "5%");
    v["method"]["category"] = json!("works");
    v["preferences"]["sme"]["partners"] = json!("2%");
    ok(&v);
    v["preferences"]["sme"]["small"] = json!("10%");
    assert_eq!(code(&v), "evaluation.out_of_legal_range");
}

#[test]
fn reserved_packages_get_no_deduction() {
    let mut v = with_sme("2026-03-02", "10%");
    v["preferences"]["reserved_for_sme"] = json!(true);
    assert_eq!(code(&v), "evaluation.invalid_input");
}

#[test]
fn domestic_preference_from_2026_and_only_when_mixed() {
    let mut v = with(
        three(),
        json!({"preferences": {"domestic": "20%"}, "dates": {"notice": "2025-12-31"}}),
    );
    assert_eq!(code(&v), "evaluation.no_rule_in_force");
    v["dates"]["notice"] = json!("2026-01-01");
    v["bids"][0]["domestic_share"] = json!("80%");
    v["bids"][1]["domestic_share"] = json!("79%");
    let r = ok(&v);
    assert_eq!(bid(&r, "a").evaluation_price.as_deref(), Some("800.00"));
    assert_eq!(bid(&r, "b").evaluation_price.as_deref(), Some("1000.00"));
    // all domestic: no competition with non-domestic products, no deduction
    for i in 0..3 {
        v["bids"][i]["domestic_share"] = json!("100%");
    }
    let r = ok(&v);
    assert_eq!(bid(&r, "a").evaluation_price.as_deref(), Some("1000.00"));
    v["preferences"]["domestic"] = json!("15%");
    assert_eq!(code(&v), "evaluation.out_of_legal_range");
}

#[test]
fn construction_has_no_gp_preferences() {
    let v = json!({
        "method": {"kind": "construction_lowest_price"},
        "dates": {"notice": "2026-03-02"},
        "preferences": {"sme": {"small": "10%"}},
        "bids": bids(&[("a", "1.00"), ("b", "2.00"), ("c", "3.00")]),
    });
    assert_eq!(code(&v), "evaluation.not_for_this_line");
}

#[test]
fn works_bonus_adds_a_share_of_the_own_price_score() {
    let mut v = json!({
        "method": {"kind": "construction_comprehensive", "price_points": "100", "criteria": [],
                   "price_formula": {"kind": "lowest_is_base"}, "sme_bonus": {"small": "5%", "partners": "2%"}},
        "dates": {"notice": "2026-03-02"},
        "bids": bids(&[("a", "100.00"), ("b", "100.00"), ("c", "200.00")]),
        "tie_break": [],
    });
    v["bids"][0]["sme"] = json!({"kind": "small_or_micro"});
    let r = ok(&v);
    assert_eq!(bid(&r, "a").total.as_deref(), Some("105"));
    assert_eq!(bid(&r, "b").total.as_deref(), Some("100"));
    assert_eq!(ranking(&r), ["a", "b", "c"]);
    v["method"]["sme_bonus"]["small"] = json!("6%");
    assert_eq!(code(&v), "evaluation.out_of_legal_range");
}
