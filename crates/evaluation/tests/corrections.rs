//! 87号令 第59条 corrections, in order, and the bidder's confirmation.
mod common;

use common::*;
use domain::BusinessLine;
use evaluation::correction::{Confirmation, correct};
use evaluation::input::BidInput;
use evaluation::report::BidStatus;
use serde_json::{Value, json};

fn bid_of(v: Value) -> BidInput {
    serde_json::from_value(v).unwrap()
}

fn fen(c: &evaluation::correction::Corrected) -> String {
    c.price.to_string()
}

#[test]
fn summary_prevails_over_body() {
    let c = correct(
        &bid_of(json!({"id": "a", "price": "100.00", "body_price": "90.00"})),
        BusinessLine::Procurement,
    )
    .unwrap();
    assert_eq!(fen(&c), "10000");
    assert_eq!(c.confirmation, Confirmation::NotNeeded);
    assert_eq!(c.steps[0].rule.id, "correction.summary_prevails");
}

#[test]
fn words_prevail_over_figures_and_need_confirmation() {
    let b = bid_of(json!({"id": "a", "price": "1000000.00", "price_words": "壹佰壹拾万元整"}));
    let c = correct(&b, BusinessLine::Procurement).unwrap();
    assert_eq!(fen(&c), "110000000");
    assert_eq!(c.confirmation, Confirmation::Pending);
    assert_eq!(c.steps[0].rule.id, "correction.words_prevail");
}

#[test]
fn misplaced_decimal_keeps_the_total_and_fixes_the_unit_price() {
    // 2 × 50.00 + 10 × 3.00 = 130.00 stated; written as 10 × 0.30: a misplaced point
    let b = bid_of(json!({"id": "a", "price": "130.00", "lines": [
        {"item": "x", "quantity": "2", "unit_price": "50.00"},
        {"item": "y", "quantity": "10", "unit_price": "0.30"}]}));
    let c = correct(&b, BusinessLine::Procurement).unwrap();
    assert_eq!(fen(&c), "13000");
    assert_eq!(c.confirmation, Confirmation::NotNeeded);
    assert_eq!(c.steps[0].rule.id, "correction.misplaced_decimal");
    assert!(c.steps[0].value.contains("0.3 → 3"), "{}", c.steps[0].value);
}

#[test]
fn unit_prices_prevail_over_the_total() {
    let b = bid_of(
        json!({"id": "a", "price": "130.00", "correction_confirmed": true, "lines": [
        {"item": "x", "quantity": "2", "unit_price": "50.00"},
        {"item": "y", "quantity": "10", "unit_price": "3.10"}]}),
    );
    let c = correct(&b, BusinessLine::Procurement).unwrap();
    assert_eq!(fen(&c), "13100");
    assert_eq!(c.confirmation, Confirmation::Confirmed);
    assert_eq!(c.steps[0].rule.id, "correction.unit_prices_prevail");
}

#[test]
fn corrections_apply_in_order_words_then_unit_prices() {
    // words change 120 → 130; the items add up to 131: (四) follows (二)
    let b = bid_of(
        json!({"id": "a", "price": "120.00", "price_words": "壹佰叁拾元整", "lines": [
        {"item": "x", "quantity": "1", "unit_price": "131.00"}]}),
    );
    let c = correct(&b, BusinessLine::Procurement).unwrap();
    let ids: Vec<&str> = c.steps.iter().map(|d| d.rule.id).collect();
    assert_eq!(
        ids,
        [
            "correction.words_prevail",
            "correction.unit_prices_prevail",
            "correction.confirmation"
        ]
    );
    assert_eq!(fen(&c), "13100");
}

#[test]
fn construction_cites_its_own_rule() {
    let b = bid_of(json!({"id": "a", "price": "100.00", "price_words": "壹佰零伍元"}));
    let c = correct(&b, BusinessLine::Construction).unwrap();
    assert_eq!(c.steps[0].rule.id, "correction.construction");
}

#[test]
fn refused_correction_invalidates_pending_blocks() {
    let mut v = gp_lowest(&[
        ("a", "100.00"),
        ("b", "101.00"),
        ("c", "102.00"),
        ("d", "103.00"),
    ]);
    v["bids"][0]["price_words"] = json!("玖拾元整");
    v["bids"][0]["correction_confirmed"] = json!(false);
    v["bids"][1]["price_words"] = json!("玖拾玖元整");
    let r = ok(&v);
    assert!(matches!(bid(&r, "a").status, BidStatus::Invalid { .. }));
    assert!(matches!(bid(&r, "b").status, BidStatus::Pending { .. }));
    assert!(issue_codes(&r).contains(&"evaluation.confirmation_required"));
    assert_eq!(r.status, evaluation::Status::Blocked { blocking: 1 });
}

#[test]
fn unreadable_words_are_an_input_error() {
    let mut v = gp_lowest(&[("a", "100.00"), ("b", "101.00"), ("c", "102.00")]);
    v["bids"][0]["price_words"] = json!("一百元");
    assert_eq!(code(&v), "evaluation.amount_in_words");
}

#[test]
fn prices_above_the_maximum_or_budget_are_invalid() {
    let v = with(
        gp_lowest(&[
            ("a", "100.00"),
            ("b", "101.00"),
            ("c", "102.00"),
            ("d", "150.00"),
            ("e", "130.00"),
        ]),
        json!({"limits": {"max_price": "140.00", "budget": "120.00"}}),
    );
    let r = ok(&v);
    for id in ["d", "e"] {
        match &bid(&r, id).status {
            BidStatus::Invalid { rule, .. } => {
                assert_eq!(rule.unwrap().source, "财政部令第87号 第63条")
            }
            s => panic!("{id}: {s:?}"),
        }
    }
    assert_eq!(ranking(&r), ["a", "b", "c"]);
}
