//! Builders of evaluation inputs for the tests: a base JSON document, patched per test.
#![allow(dead_code)]

use evaluation::report::Report;
use evaluation::{EvalError, EvaluationInput};
use serde_json::{Value, json};

/// Merge `patch` into `base` (objects recursively; anything else replaces).
pub fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p,
    }
}

/// Bids `(id, yuan)` with no other field.
pub fn bids(list: &[(&str, &str)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(id, p)| json!({"id": id, "price": p}))
            .collect(),
    )
}

/// GP comprehensive scoring of goods: 30 price points and one 70-point subjective item that
/// every member (E1..E3) scores 0, so the total is the price score.
pub fn gp_scored(list: &[(&str, &str)]) -> Value {
    let sheets: Vec<Value> = ["E1", "E2", "E3"]
        .iter()
        .map(|m| {
            let scores: serde_json::Map<String, Value> = list
                .iter()
                .map(|(id, _)| (id.to_string(), json!({"q": "0"})))
                .collect();
            json!({"member": m, "scores": scores})
        })
        .collect();
    json!({
        "method": {"kind": "procurement_comprehensive", "category": "goods", "price_points": "30",
                   "criteria": [{"id": "q", "points": "70", "kind": "subjective"}]},
        "dates": {"notice": "2026-03-02"},
        "bids": bids(list),
        "sheets": sheets,
        "draw_seed": "00112233445566778899aabbccddeeff",
    })
}

/// GP lowest evaluated price.
pub fn gp_lowest(list: &[(&str, &str)]) -> Value {
    json!({
        "method": {"kind": "procurement_lowest_price", "category": "goods"},
        "dates": {"notice": "2026-03-02"},
        "bids": bids(list),
    })
}

pub fn parse(v: &Value) -> Result<EvaluationInput, EvalError> {
    EvaluationInput::from_json(&v.to_string())
}

pub fn run(v: &Value) -> Result<Report, EvalError> {
    evaluation::evaluate(&parse(v)?, &legal_time::Calendar::builtin())
}

pub fn ok(v: &Value) -> Report {
    run(v).unwrap_or_else(|e| panic!("{}: {e}", e.code()))
}

pub fn code(v: &Value) -> &'static str {
    match run(v) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.code(),
    }
}

pub fn with(mut v: Value, patch: Value) -> Value {
    merge(&mut v, patch);
    v
}

pub fn bid<'a>(r: &'a Report, id: &str) -> &'a evaluation::report::BidReport {
    r.bids.iter().find(|b| b.id == id).expect("bid in report")
}

pub fn issue_codes(r: &Report) -> Vec<&'static str> {
    r.issues.iter().map(|i| i.code).collect()
}

pub fn ranking(r: &Report) -> Vec<&str> {
    r.ranking.iter().map(|x| x.bid.as_str()).collect()
}
