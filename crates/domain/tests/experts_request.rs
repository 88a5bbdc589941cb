//! Draw requests: committee size and composition, quotas, the rest; the canonical encoding.

mod experts_support;

use domain::Money;
use domain::experts::*;
use domain::methods::{BusinessLine, Method};
use experts_support::*;

fn code(r: &DrawRequest) -> &'static str {
    r.validate().unwrap_err().code()
}

#[test]
fn the_default_request_is_valid() {
    let r = request();
    r.validate().unwrap();
    assert_eq!(r.experts(), 4);
    assert_eq!(r.lookback_from(), time::macros::date!(2023 - 10 - 12));
}

#[test]
fn committee_at_least_5_odd_and_7_from_10_million_or_when_complex() {
    let mut r = request();
    r.committee_size = 3;
    r.quotas = quotas(&[("A01", 2)]);
    let err = r.validate().unwrap_err();
    assert!(matches!(
        err,
        RequestError::CommitteeTooSmall {
            size: 3,
            minimum: 5,
            article: "财政部令第87号 第47条"
        }
    ));
    r.committee_size = 6;
    r.quotas = quotas(&[("A01", 5)]);
    assert_eq!(code(&r), "draw.committee_not_odd");
    // 1000万 is "以上": 7 at least
    let mut r = request();
    r.budget = Money::from_wan(1000);
    assert!(matches!(
        r.validate().unwrap_err(),
        RequestError::CommitteeTooSmall { minimum: 7, .. }
    ));
    r.budget = Money::from_fen(Money::from_wan(1000).fen() - 1);
    r.validate().unwrap();
    r.complex = true; // 技术复杂 / 社会影响较大
    assert!(matches!(
        r.validate().unwrap_err(),
        RequestError::CommitteeTooSmall { minimum: 7, .. }
    ));
    r.committee_size = 7;
    r.quotas = quotas(&[("A01", 6)]);
    r.validate().unwrap();
    // construction: ≥ 5, odd, whatever the estimate
    let mut r = request();
    r.line = BusinessLine::Construction;
    r.budget = Money::from_wan(50_000);
    r.validate().unwrap();
    r.committee_size = 3;
    r.quotas = quotas(&[("A01", 3)]);
    r.tenderer_representatives = 0;
    assert!(
        r.validate()
            .unwrap_err()
            .to_string()
            .contains("招标投标法 第37条")
    );
    // a negotiation group: ≥ 3 (政府采购法 第38条) under the open-tender threshold, and
    // "technically complex" does not raise it (87号令 第47条 is about tender committees)
    let mut r = request();
    r.method = Method::CompetitiveNegotiation;
    r.budget = Money::from_wan(199);
    r.complex = true;
    r.committee_size = 3;
    r.tenderer_representatives = 1;
    r.quotas = quotas(&[("A01", 2)]);
    r.validate().unwrap();
    // ≥ 5 at or above it (财政部令第74号 第7条)
    r.budget = domain::methods::OPEN_TENDER_THRESHOLD;
    assert!(matches!(
        r.validate().unwrap_err(),
        RequestError::CommitteeTooSmall {
            minimum: 5,
            article: "财政部令第74号 第7条",
            ..
        }
    ));
    r.budget = Money::from_wan(199);
    r.line = BusinessLine::Construction;
    assert_eq!(code(&r), "draw.invalid_method");
}

#[test]
fn experts_are_at_least_two_thirds_of_the_members() {
    // 5 members need 4 experts, 7 need 5, 9 need 6
    for (size, reps, ok) in [
        (5, 1, true),
        (5, 2, false),
        (7, 2, true),
        (7, 3, false),
        (9, 3, true),
        (9, 4, false),
    ] {
        let mut r = request();
        r.committee_size = size;
        r.tenderer_representatives = reps;
        r.quotas = quotas(&[("A01", size - reps)]);
        assert_eq!(
            r.validate().is_ok(),
            ok,
            "{size} members, {reps} representatives"
        );
        if !ok {
            let err = r.validate().unwrap_err();
            assert_eq!(err.code(), "draw.too_few_expert_members");
            assert!(err.to_string().contains("第47条"), "{err}");
        }
    }
    let mut r = request();
    r.line = BusinessLine::Construction;
    r.tenderer_representatives = 2;
    r.quotas = quotas(&[("A01", 3)]);
    let err = r.validate().unwrap_err();
    assert!(
        err.to_string()
            .contains("评标委员会和评标方法暂行规定 第9条"),
        "{err}"
    );
}

#[test]
fn quotas_add_up_to_the_experts() {
    let mut r = request();
    r.quotas = quotas(&[("A01", 2), ("B02", 1)]);
    assert!(matches!(
        r.validate().unwrap_err(),
        RequestError::QuotaSum { sum: 3, experts: 4 }
    ));
    r.quotas = quotas(&[("A01", 2), ("B02", 2)]);
    r.validate().unwrap();
    r.quotas = quotas(&[("A01", 4), ("B02", 0)]);
    assert_eq!(code(&r), "draw.empty_quota");
    r.quotas = quotas(&[("A01", 2), ("a01", 2)]);
    assert_eq!(code(&r), "draw.duplicate");
    r.quotas.clear();
    assert_eq!(code(&r), "draw.no_quotas");
}

#[test]
fn other_checks() {
    let mut r = request();
    r.evaluation.to = r.evaluation.from;
    assert_eq!(code(&r), "draw.evaluation_window");
    let mut r = request();
    r.region_rule = RegionRule::FromRegions { regions: vec![] };
    assert_eq!(code(&r), "draw.region_list");
    let mut r = request();
    r.lookback_years = 2;
    let err = r.validate().unwrap_err();
    assert_eq!(err.code(), "draw.lookback_too_short");
    assert!(err.to_string().contains("政府采购法实施条例 第9条"));
    r.lookback_years = 5; // a stricter local rule is fine
    r.validate().unwrap();
    let mut r = request();
    r.age_limit = Some(0);
    assert_eq!(code(&r), "draw.age_limit");
    let mut r = request();
    r.bidders.push(bidder(1));
    assert_eq!(code(&r), "draw.duplicate");
    let mut r = request();
    r.principals = vec![Principal {
        org: org(999),
        name: "赵六".into(),
    }];
    assert_eq!(code(&r), "draw.principal");
}

#[test]
fn requests_round_trip_through_json_with_defaults() {
    let r = request();
    let mut json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["region_rule"]["kind"], "any");
    assert_eq!(json["evaluation"]["from"], "2026-10-12T09:00:00+08:00");
    let back: DrawRequest = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, r);
    let obj = json.as_object_mut().unwrap();
    obj.remove("age_limit");
    obj.remove("lookback_years");
    let back: DrawRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back.age_limit, Some(70));
    assert_eq!(back.lookback_years, 3);
}

#[test]
fn the_digest_ignores_the_order_of_sets_but_not_their_content() {
    let r = request();
    let mut reordered = r.clone();
    reordered.bidders.reverse();
    reordered.quotas = quotas(&[("A01", 4)]);
    assert_eq!(reordered.digest(), r.digest());
    let mut two = r.clone();
    two.quotas = quotas(&[("B02", 2), ("A01", 2)]);
    let mut two_reordered = r.clone();
    two_reordered.quotas = quotas(&[("A01", 2), ("B02", 2)]);
    assert_eq!(two.digest(), two_reordered.digest());
    let changes: Vec<fn(&mut DrawRequest)> = vec![
        |r| r.bidders.push(bidder(3)),
        |r| r.agency = None,
        |r| r.age_limit = Some(65),
        |r| r.region_rule = RegionRule::OutsideTradeRegion,
        |r| r.evaluation.to += time::Duration::seconds(1),
        |r| r.budget = Money::from_fen(r.budget.fen() + 1),
        |r| r.supervising_orgs.clear(),
        |r| r.complex = true,
    ];
    for (i, change) in changes.iter().enumerate() {
        let mut c = r.clone();
        change(&mut c);
        assert_ne!(c.digest(), r.digest(), "change {i}");
    }
}

/// Every method of both lines, negotiation, consultation and quotation groups included: one
/// member under the legal minimum is refused naming the article, the minimum itself passes,
/// an even size is refused where the rule wants odd, and too few experts are refused.
#[test]
fn every_method_refuses_a_committee_below_its_legal_size() {
    for rules in domain::methods::METHOD_TABLE.iter() {
        for budget in [Money::from_wan(50), Money::from_wan(1000)] {
            let (minimum, article) = rules.committee_minimum(budget);
            let sized = |size: u32, reps: u32| {
                let mut r = request();
                (r.line, r.method, r.budget) = (rules.line, rules.method, budget);
                r.committee_size = size;
                r.tenderer_representatives = reps;
                r.quotas = quotas(&[("A01", size - reps)]);
                r
            };
            let what = format!("{:?} {:?} {budget}", rules.line, rules.method);
            let below = sized(minimum - 2, 0).validate().unwrap_err();
            assert!(
                matches!(below, RequestError::CommitteeTooSmall { minimum: m, article: a, .. } if m == minimum && a == article),
                "{what}: {below}"
            );
            sized(minimum, 0).validate().unwrap();
            if rules.committee.odd {
                assert_eq!(
                    code(&sized(minimum + 1, 0)),
                    "draw.committee_not_odd",
                    "{what}"
                );
            }
            // more than a third of the members sent by the tenderer
            let reps = minimum / 3 + 1;
            assert_eq!(
                code(&sized(minimum, reps)),
                "draw.too_few_expert_members",
                "{what}"
            );
        }
    }
}
