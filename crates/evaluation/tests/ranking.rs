//! Ranking, ties, the recorded draw, same brand, minimum competition, candidates.
mod common;

use common::*;
use evaluation::Status;
use evaluation::report::BidStatus;
use serde_json::{Value, json};

#[test]
fn comprehensive_ties_on_score_go_to_the_lower_price() {
    // Equal price scores need equal prices; give equal totals through the item instead.
    let mut v = gp_scored(&[("a", "100.00"), ("b", "120.00"), ("c", "150.00")]);
    // a: 30 price + 0; b: 25 price + 5 = 30: tie on score, a is cheaper
    for s in 0..3 {
        v["sheets"][s]["scores"]["b"]["q"] = json!("5");
    }
    let r = ok(&v);
    assert_eq!(bid(&r, "a").total.as_deref(), bid(&r, "b").total.as_deref());
    assert_eq!(ranking(&r), ["a", "b", "c"]);
    assert!(r.ranking.iter().all(|x| x.tie_broken_by.is_none()));
}

#[test]
fn rounding_can_create_a_tie_and_rank_on_exact_breaks_it() {
    // a: 30 exactly; b: 30 × 100/100.01 + 0.003 = 30.0000003…: both publish 30.00
    let mut v = gp_scored(&[("a", "100.00"), ("b", "100.01"), ("c", "200.00")]);
    v["method"]["criteria"][0]["points"] = json!("70");
    for s in 0..3 {
        v["sheets"][s]["scores"]["b"]["q"] = json!("0.003");
        v["sheets"][s]["scores"]["a"]["q"] = json!("0");
    }
    let r = ok(&v);
    assert_eq!(
        bid(&r, "a").total_rounded,
        bid(&r, "b").total_rounded,
        "both publish 30.00"
    );
    assert_eq!(
        ranking(&r),
        ["a", "b", "c"],
        "rounded tie → lower price first"
    );
    v["rounding"] = json!({"decimals": 2, "rank_on": "exact"});
    let r = ok(&v);
    assert_eq!(ranking(&r), ["b", "a", "c"], "exact: b 30.0000003 > a 30");
}

fn all_equal(n: usize) -> Value {
    let list: Vec<(String, &str)> = (0..n).map(|i| (format!("b{i}"), "100.00")).collect();
    let refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    gp_lowest(&refs)
}

#[test]
fn gp_tie_goes_to_the_recorded_draw_reproducibly() {
    let v = with(all_equal(4), json!({"draw_seed": "a1b2c3d4e5f60718"}));
    let r1 = ok(&v);
    let r2 = ok(&v);
    assert_eq!(ranking(&r1), ranking(&r2));
    assert!(
        r1.ranking
            .iter()
            .all(|x| x.tie_broken_by.as_deref() == Some("random draw"))
    );
    let draw = r1.common.iter().find(|d| d.rule.id == "tie.draw").unwrap();
    assert_eq!(draw.inputs[0].value, "a1b2c3d4e5f60718");
    let other = ok(&with(
        all_equal(4),
        json!({"draw_seed": "ffffffffffffffff"}),
    ));
    assert_eq!(other.ranking.len(), 4);
    assert_eq!(r1.status, Status::Complete);
}

#[test]
fn without_a_seed_the_tie_blocks() {
    let r = ok(&all_equal(3));
    assert_eq!(issue_codes(&r), ["evaluation.tie_unresolved"]);
    assert!(r.ranking.iter().all(|x| x.position == 1));
}

#[test]
fn the_documents_criterion_breaks_ties_first() {
    let mut v = gp_scored(&[("a", "100.00"), ("b", "100.00"), ("c", "100.00")]);
    v["method"]["criteria"] = json!([{"id": "tech", "points": "40", "kind": "subjective"}, {"id": "biz", "points": "30", "kind": "subjective"}]);
    let row = |t: &str, b: &str| json!({"tech": t, "biz": b});
    for s in 0..3 {
        v["sheets"][s]["scores"] =
            json!({"a": row("20", "20"), "b": row("25", "15"), "c": row("30", "10")});
    }
    v["tie_break"] = json!([{"kind": "criterion", "criterion": "tech"}]);
    let r = ok(&v);
    assert_eq!(ranking(&r), ["c", "b", "a"]);
    assert_eq!(
        r.ranking[0].tie_broken_by.as_deref(),
        Some("criterion tech")
    );
}

#[test]
fn construction_ties_stay_tied_without_a_documents_rule() {
    let v = json!({
        "method": {"kind": "construction_lowest_price"},
        "dates": {"notice": "2026-03-02"},
        "bids": bids(&[("a", "100.00"), ("b", "100.00"), ("c", "120.00")]),
    });
    let r = ok(&v);
    assert_eq!(issue_codes(&r), ["evaluation.tie_unresolved"]);
    assert_eq!(r.issues[0].rule.id, "tie.draw_construction");
}

#[test]
fn construction_lowest_price_uses_the_documents_adjustments() {
    let mut v = json!({
        "method": {"kind": "construction_lowest_price"},
        "dates": {"notice": "2026-03-02"},
        "bids": bids(&[("a", "100.00"), ("b", "103.00"), ("c", "120.00")]),
    });
    v["bids"][0]["adjustments"] = json!([{"reason": "工期每延长1天加价", "amount": "5.00"}]);
    let r = ok(&v);
    assert_eq!(bid(&r, "a").evaluation_price.as_deref(), Some("105.00"));
    assert_eq!(ranking(&r), ["b", "a", "c"]);
}

#[test]
fn same_brand_lowest_price_only_the_cheapest_is_evaluated() {
    let mut v = with(
        gp_lowest(&[
            ("a", "100.00"),
            ("b", "90.00"),
            ("c", "95.00"),
            ("d", "99.00"),
        ]),
        json!({}),
    );
    for (i, brand) in ["X", "X", "Y", "Z"].iter().enumerate() {
        v["bids"][i]["brand"] = json!(brand);
    }
    let r = ok(&v);
    assert!(matches!(
        bid(&r, "a").status,
        BidStatus::NotEvaluated { .. }
    ));
    assert_eq!(ranking(&r), ["b", "c", "d"]);
}

#[test]
fn same_brand_comprehensive_counts_once_and_only_the_best_is_a_candidate() {
    let mut v = gp_scored(&[
        ("a", "100.00"),
        ("b", "101.00"),
        ("c", "102.00"),
        ("d", "103.00"),
    ]);
    for (i, brand) in ["X", "X", "Y", "Z"].iter().enumerate() {
        v["bids"][i]["brand"] = json!(brand);
    }
    let r = ok(&v);
    assert_eq!(ranking(&r), ["a", "b", "c", "d"]);
    assert_eq!(r.candidates, ["a", "c", "d"]);
    assert!(!bid(&r, "b").eligible);
    v["bids"][3]["brand"] = json!("Y");
    let r = ok(&v);
    assert!(
        matches!(r.status, Status::Failed { .. }),
        "two brands count as two bids"
    );
}

#[test]
fn fewer_than_three_valid_bids() {
    // GP tendering: the tender fails (废标)
    let r = ok(&gp_lowest(&[("a", "1.00"), ("b", "2.00")]));
    match &r.status {
        Status::Failed { rule, .. } => {
            assert_eq!(rule.source, "政府采购法 第36条; 财政部令第87号 第43条")
        }
        s => panic!("{s:?}"),
    }
    assert!(r.ranking.is_empty());
    // negotiation: two allowed in a listed case
    let mut v = gp_lowest(&[("a", "1.00"), ("b", "2.00")]);
    v["method"]["kind"] = json!("competitive_negotiation");
    assert!(matches!(ok(&v).status, Status::Failed { .. }));
    v["two_suppliers_allowed"] = json!("政府购买服务项目 (财库〔2015〕124号)");
    assert_eq!(ok(&v).candidates, ["a", "b"]);
    // construction: the committee decides
    let mut c = json!({"method": {"kind": "construction_lowest_price"}, "dates": {"notice": "2026-03-02"}, "bids": bids(&[("a", "1.00"), ("b", "2.00")])});
    assert_eq!(
        issue_codes(&ok(&c)),
        ["evaluation.few_bids_decision_required"]
    );
    c["few_bids_decision"] = json!({"reject_all": false, "reasoning": "两家报价均合理，竞争充分"});
    assert_eq!(ok(&c).status, Status::Complete);
    c["few_bids_decision"] = json!({"reject_all": true, "reasoning": "明显缺乏竞争"});
    assert!(matches!(ok(&c).status, Status::Failed { .. }));
}

#[test]
fn reasonable_low_price_ranks_by_closeness_to_the_base() {
    let v = json!({
        "method": {"kind": "construction_reasonable_low", "price_points": "100",
                   "base": {"k_min": "0%", "k_max": "5%", "above_per_percent": "2", "below_per_percent": "1"}},
        "dates": {"notice": "2026-03-02"},
        "opening": {"k": "0%"},
        "bids": bids(&[("a", "90.00"), ("b", "100.00"), ("c", "110.00"), ("d", "104.00")]),
    });
    // average 101: b is 0.99% below (−0.99), d 2.97% above (−5.94), a 10.9% below, c 8.9% above
    let r = ok(&v);
    assert_eq!(ranking(&r), ["b", "d", "a", "c"]);
    assert_eq!(r.candidates, ["b", "d", "a"]);
}

#[test]
fn an_explanation_not_justified_makes_the_bid_invalid() {
    let v = with(
        gp_lowest(&[
            ("a", "100.00"),
            ("b", "95.00"),
            ("c", "42.00"),
            ("d", "88.00"),
        ]),
        json!({"limits": {"max_price": "120.00"}, "explanations": [{"bid": "c", "accepted": false, "note": "无法提供成本证明"}]}),
    );
    let r = ok(&v);
    assert!(matches!(bid(&r, "c").status, BidStatus::Invalid { .. }));
    assert_eq!(ranking(&r), ["d", "b", "a"]);
    assert_eq!(r.status, Status::Complete);
}

#[test]
fn the_committee_may_flag_a_price_in_construction_too() {
    let v = json!({
        "method": {"kind": "construction_lowest_price"},
        "dates": {"notice": "2026-03-02"},
        "bids": bids(&[("a", "60.00"), ("b", "100.00"), ("c", "101.00")]),
        "committee_low_price": [{"bid": "a", "reason": "主要材料报价低于市场价"}],
    });
    let r = ok(&v);
    assert_eq!(issue_codes(&r), ["evaluation.explanation_required"]);
    let d = bid(&r, "a")
        .derivations
        .iter()
        .find(|d| d.rule.id == "low.committee")
        .unwrap();
    assert_eq!(d.inputs[0].value, "主要材料报价低于市场价");
}
