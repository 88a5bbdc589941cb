//! Eligibility and avoidance (回避): one test per reason, with its article.

mod experts_support;

use domain::experts::*;
use domain::methods::{BusinessLine, Method};
use experts_support::*;
use time::macros::{date, datetime};

fn construction() -> DrawRequest {
    let mut r = request();
    r.line = BusinessLine::Construction;
    r.method = Method::OpenTendering;
    r
}

fn article(e: &Expert, req: &DrawRequest) -> String {
    exclusion(e, req).expect("excluded").reasons[0]
        .article
        .clone()
}

#[test]
fn a_plain_expert_is_eligible_for_the_quotas_it_serves() {
    let mut req = request();
    req.committee_size = 7;
    req.quotas = quotas(&[("A01", 3), ("A01.01.02", 1), ("B", 2)]);
    let e = with_spec(expert("E1"), &["A01.01.02.07", "C9"]);
    let judged = eligible(&[e], &req).unwrap();
    assert!(judged.excluded.is_empty());
    let codes: Vec<&str> = judged.eligible[0]
        .quotas
        .iter()
        .map(|q| q.as_str())
        .collect();
    assert_eq!(codes, ["A01", "A01.01.02"]);
    assert!(judged.pool[0].eligible);
    assert!(judged.is_eligible(&id("E1")));
}

#[test]
fn worked_for_the_tenderer_within_three_years() {
    let req = request(); // evaluation 2026-10-12: the look-back starts 2023-10-12
    let mut e = expert("E1");
    e.employers = vec![employment(
        tenderer(),
        EmploymentRole::Employee,
        date!(2010 - 01 - 01),
        Some(date!(2023 - 10 - 12)),
    )];
    assert_eq!(reasons(&e, &req), ["draw.excluded.tied_to_party"]);
    assert!(article(&e, &req).contains("财政部令第87号 第47条"));
    let x = exclusion(&e, &req).unwrap();
    assert!(matches!(
        &x.reasons[0].reason,
        ExclusionReason::TiedToParty {
            party: PartyRole::Tenderer,
            role: EmploymentRole::Employee,
            ..
        }
    ));
    // ended the day before the look-back starts: eligible again
    e.employers[0].to = Some(date!(2023 - 10 - 11));
    assert!(reasons(&e, &req).is_empty());
    // still employed, or starting only after the evaluation: in / out
    e.employers[0].to = None;
    assert_eq!(reasons(&e, &req), ["draw.excluded.tied_to_party"]);
    e.employers[0].from = date!(2026 - 10 - 13);
    assert!(reasons(&e, &req).is_empty());
}

#[test]
fn director_supervisor_or_controller_of_a_bidder_within_three_years() {
    let req = request();
    for role in [
        EmploymentRole::Employee,
        EmploymentRole::Director,
        EmploymentRole::BoardSupervisor,
        EmploymentRole::Controller,
    ] {
        let mut e = expert("E1");
        e.employers = vec![employment(
            bidder(2),
            role,
            date!(2020 - 01 - 01),
            Some(date!(2024 - 06 - 30)),
        )];
        let x = exclusion(&e, &req).unwrap();
        assert!(
            matches!(&x.reasons[0].reason, ExclusionReason::TiedToParty { party: PartyRole::Bidder, role: r, .. } if *r == role)
        );
        assert_eq!(x.reasons[0].article, "政府采购法实施条例 第9条");
    }
    // ties to organisations that are not parties do not matter
    let mut e = expert("E1");
    e.employers = vec![employment(
        org(555),
        EmploymentRole::Director,
        date!(2020 - 01 - 01),
        None,
    )];
    assert!(reasons(&e, &req).is_empty());
    // construction: 条例 第46条 and 12号令 第12条
    let mut e = expert("E1");
    e.employers = vec![employment(
        bidder(1),
        EmploymentRole::Employee,
        date!(2020 - 01 - 01),
        None,
    )];
    assert!(article(&e, &construction()).contains("招标投标法实施条例 第46条"));
}

#[test]
fn agency_staff() {
    let mut e = expert("E1");
    e.employers = vec![employment(
        agency(),
        EmploymentRole::Employee,
        date!(2025 - 01 - 01),
        None,
    )];
    let x = exclusion(&e, &request()).unwrap();
    assert!(matches!(
        &x.reasons[0].reason,
        ExclusionReason::TiedToParty {
            party: PartyRole::Agency,
            ..
        }
    ));
    assert_eq!(x.reasons[0].article, "财政部令第87号 第47条");
}

#[test]
fn declared_relatives_of_a_principal() {
    let mut req = request();
    let mut e = expert("E1");
    e.relations = vec![Relation {
        kind: RelationKind::Relative,
        target: RelationTarget::Org(bidder(1)),
    }];
    assert_eq!(reasons(&e, &req), ["draw.excluded.relative_of_principal"]);
    assert_eq!(article(&e, &req), "政府采购法实施条例 第9条(四)");
    assert!(article(&e, &construction()).contains("评标委员会和评标方法暂行规定 第12条(一)"));
    // a relative named as a person: matched against the principals the request names
    e.relations = vec![Relation {
        kind: RelationKind::Relative,
        target: RelationTarget::Person("王 五".into()),
    }];
    assert!(reasons(&e, &req).is_empty());
    req.principals = vec![Principal {
        org: bidder(2),
        name: "王五".into(),
    }];
    let x = exclusion(&e, &req).unwrap();
    assert!(matches!(
        &x.reasons[0].reason,
        ExclusionReason::RelativeOfPrincipal { party: PartyRole::Bidder, org } if *org == bidder(2)
    ));
    // relatives of the tenderer's principal: a derived rule, marked [D]
    e.relations = vec![Relation {
        kind: RelationKind::Relative,
        target: RelationTarget::Org(tenderer()),
    }];
    assert!(article(&e, &request()).contains("[D]"));
}

#[test]
fn shareholdings_and_other_interests() {
    let req = request();
    let mut e = expert("E1");
    e.relations = vec![Relation {
        kind: RelationKind::Shareholding,
        target: RelationTarget::Org(bidder(2)),
    }];
    assert_eq!(reasons(&e, &req), ["draw.excluded.economic_interest"]);
    assert!(article(&e, &construction()).contains("第12条(三)"));
    e.relations[0].kind = RelationKind::Other;
    assert_eq!(reasons(&e, &req), ["draw.excluded.other_interest"]);
    assert_eq!(article(&e, &req), "政府采购法实施条例 第9条(五)");
    e.relations[0].target = RelationTarget::Org(org(777));
    assert!(reasons(&e, &req).is_empty());
}

#[test]
fn staff_of_the_supervising_department() {
    let req = construction();
    let mut e = expert("E1");
    e.employers = vec![employment(
        supervisor_org(),
        EmploymentRole::Employee,
        date!(2001 - 01 - 01),
        None,
    )];
    assert_eq!(reasons(&e, &req), ["draw.excluded.supervisory_staff"]);
    assert_eq!(
        article(&e, &req),
        "招标投标法实施条例 第46条; 评标委员会和评标方法暂行规定 第12条(二)"
    );
    // former staff may sit (the text says 人员, i.e. current staff) [D]
    e.employers[0].to = Some(date!(2026 - 10 - 11));
    assert!(reasons(&e, &req).is_empty());
}

#[test]
fn bad_records_in_the_last_three_years() {
    let req = request();
    let mut e = expert("E1");
    e.conduct = vec![ConductRecord {
        date: date!(2023 - 10 - 12),
        kind: ConductKind::BadRecord,
        until: None,
        note: "泄露评审情况".into(),
    }];
    assert_eq!(reasons(&e, &req), ["draw.excluded.bad_record"]);
    assert!(article(&e, &req).contains("财库〔2016〕198号"));
    e.conduct[0].date = date!(2023 - 10 - 11);
    assert!(reasons(&e, &req).is_empty());
    // reminders and warnings do not exclude
    e.conduct = vec![
        ConductRecord {
            date: date!(2026 - 01 - 01),
            kind: ConductKind::Warning,
            until: None,
            note: String::new(),
        },
        ConductRecord {
            date: date!(2026 - 02 - 01),
            kind: ConductKind::Reminder,
            until: None,
            note: String::new(),
        },
    ];
    assert!(reasons(&e, &request()).is_empty());
}

#[test]
fn penalties_and_bans() {
    let mut e = expert("E1");
    e.conduct = vec![ConductRecord {
        date: date!(2015 - 05 - 01),
        kind: ConductKind::Penalty,
        until: None,
        note: String::new(),
    }];
    // construction: ever penalised (12号令 第12条(四)); procurement: within the look-back
    assert_eq!(reasons(&e, &construction()), ["draw.excluded.penalised"]);
    assert_eq!(
        article(&e, &construction()),
        "评标委员会和评标方法暂行规定 第12条(四)"
    );
    assert!(reasons(&e, &request()).is_empty());
    e.conduct[0].date = date!(2025 - 05 - 01);
    assert_eq!(reasons(&e, &request()), ["draw.excluded.penalised"]);
    // a ban until a day: excluded through that day
    e.conduct = vec![ConductRecord {
        date: date!(2024 - 01 - 01),
        kind: ConductKind::Ban,
        until: Some(date!(2026 - 10 - 12)),
        note: String::new(),
    }];
    assert_eq!(reasons(&e, &request()), ["draw.excluded.banned"]);
    assert_eq!(article(&e, &request()), "政府采购法实施条例 第75条");
    assert!(article(&e, &construction()).contains("第71条"));
    e.conduct[0].until = Some(date!(2026 - 10 - 11));
    assert!(reasons(&e, &request()).is_empty());
    e.conduct[0].until = None; // 取消资格
    assert_eq!(reasons(&e, &request()), ["draw.excluded.banned"]);
}

#[test]
fn the_age_limit_on_the_evaluation_date() {
    let mut req = request(); // 2026-10-12; default limit 70 (不满70周岁)
    let mut e = expert("E1");
    e.birth_date = date!(1956 - 10 - 13); // 69 on the day
    assert!(reasons(&e, &req).is_empty());
    e.birth_date = date!(1956 - 10 - 12); // 70 that day
    assert_eq!(reasons(&e, &req), ["draw.excluded.over_age_limit"]);
    let x = exclusion(&e, &req).unwrap();
    assert_eq!(
        x.reasons[0].reason,
        ExclusionReason::OverAgeLimit { age: 70, limit: 70 }
    );
    assert!(x.reasons[0].article.contains("[M]"));
    req.age_limit = Some(75); // relaxed for a rare specialty (198号 第6条 [M])
    assert!(reasons(&e, &req).is_empty());
    req.age_limit = None;
    e.birth_date = date!(1920 - 01 - 01);
    assert!(reasons(&e, &req).is_empty());
    // born on 29 February: a year older on 1 March of common years
    let mut e = expert("E2");
    e.birth_date = date!(1956 - 02 - 29);
    assert_eq!(e.age_on(date!(2026 - 02 - 28)), 69);
    assert_eq!(e.age_on(date!(2026 - 03 - 01)), 70);
}

#[test]
fn on_leave_or_already_booked_during_the_evaluation() {
    let req = request(); // 2026-10-12 09:00–17:00
    let mut e = expert("E1");
    e.leave = vec![DateRange {
        from: date!(2026 - 10 - 12),
        to: date!(2026 - 10 - 12),
    }];
    assert_eq!(reasons(&e, &req), ["draw.excluded.on_leave"]);
    e.leave = vec![DateRange {
        from: date!(2026 - 10 - 01),
        to: date!(2026 - 10 - 11),
    }];
    assert!(reasons(&e, &req).is_empty());
    e.bookings = vec![TimeRange {
        from: datetime!(2026-10-12 16:59 +8),
        to: datetime!(2026-10-12 20:00 +8),
    }];
    assert_eq!(reasons(&e, &req), ["draw.excluded.already_booked"]);
    // back to back is fine: [from, to) intervals
    e.bookings[0].from = datetime!(2026-10-12 17:00 +8);
    assert!(reasons(&e, &req).is_empty());
    e.bookings[0] = TimeRange {
        from: datetime!(2026-10-12 00:00 UTC),  // 08:00 Beijing
        to: datetime!(2026-10-12 01:00:01 UTC), // 09:00:01 Beijing
    };
    assert_eq!(reasons(&e, &req), ["draw.excluded.already_booked"]);
}

#[test]
fn specialty_must_serve_a_quota() {
    let req = request(); // A01
    let e = with_spec(expert("E1"), &["A02.01", "A0"]);
    assert_eq!(reasons(&e, &req), ["draw.excluded.no_matching_specialty"]);
    assert!(article(&e, &construction()).contains("相关专业"));
    let e = with_spec(expert("E1"), &["A"]); // above the requested code: too general
    assert_eq!(reasons(&e, &req), ["draw.excluded.no_matching_specialty"]);
}

#[test]
fn region_rules() {
    let mut req = request(); // trade in Hangzhou 330100
    let in_city = expert("E1"); // 330106, a district of Hangzhou
    let mut in_province = expert("E2");
    in_province.region = region("330200"); // Ningbo
    let mut elsewhere = expert("E3");
    elsewhere.region = region("320100"); // Nanjing
    let judge = |req: &DrawRequest| -> Vec<bool> {
        [&in_city, &in_province, &elsewhere]
            .iter()
            .map(|e| reasons(e, req).is_empty())
            .collect()
    };
    assert_eq!(judge(&req), [true, true, true]);
    req.region_rule = RegionRule::InsideTradeRegion;
    assert_eq!(judge(&req), [true, false, false]);
    req.region_rule = RegionRule::OutsideTradeRegion;
    assert_eq!(judge(&req), [false, true, true]);
    assert_eq!(
        reasons(&in_city, &req),
        ["draw.excluded.outside_region_rule"]
    );
    req.region_rule = RegionRule::FromRegions {
        regions: vec![region("320000")], // Jiangsu province
    };
    assert_eq!(judge(&req), [false, false, true]);
    assert!(req.off_site());
    req.region_rule = RegionRule::FromRegions {
        regions: vec![region("330000")], // Zhejiang: contains the trade's region
    };
    assert_eq!(judge(&req), [true, true, false]);
    assert!(!req.off_site());
}

#[test]
fn inactive_and_credit_restricted_experts() {
    let req = request();
    let mut e = expert("E1");
    e.active = false;
    assert_eq!(reasons(&e, &req), ["draw.excluded.inactive"]);
    let mut e = expert("E1");
    e.credit = ExpertCredit::Restricted;
    assert_eq!(reasons(&e, &req), ["draw.excluded.credit_restricted"]);
    e.credit = ExpertCredit::Watch;
    assert!(reasons(&e, &req).is_empty());
}

#[test]
fn every_reason_is_listed_with_its_article() {
    let req = request();
    let mut e = with_spec(expert("E1"), &["Z9"]);
    e.active = false;
    e.birth_date = date!(1940 - 01 - 01);
    e.employers = vec![employment(
        bidder(1),
        EmploymentRole::Controller,
        date!(2024 - 01 - 01),
        None,
    )];
    e.leave = vec![DateRange {
        from: date!(2026 - 10 - 12),
        to: date!(2026 - 10 - 20),
    }];
    let x = exclusion(&e, &req).unwrap();
    assert_eq!(
        x.codes(),
        [
            "draw.excluded.inactive",
            "draw.excluded.tied_to_party",
            "draw.excluded.over_age_limit",
            "draw.excluded.on_leave",
            "draw.excluded.no_matching_specialty",
        ]
    );
    assert!(x.reasons.iter().all(|r| !r.article.is_empty()));
    let json = serde_json::to_value(&x).unwrap();
    assert_eq!(json["reasons"][1]["reason"]["kind"], "tied_to_party");
    assert_eq!(json["reasons"][1]["reason"]["role"], "controller");
    let back: Exclusion = serde_json::from_value(json).unwrap();
    assert_eq!(back, x);
}

#[test]
fn the_pool_is_judged_whole_and_sorted_by_id() {
    let req = request();
    let mut p = vec![expert("E3"), expert("E1"), expert("E2")];
    p[0].active = false;
    let judged = eligible(&p, &req).unwrap();
    let ids: Vec<&str> = judged.pool.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["E1", "E2", "E3"]);
    assert_eq!(judged.eligible.len(), 2);
    assert_eq!(judged.excluded[0].expert, id("E3"));
    assert!(!judged.pool[2].eligible);
    p.push(expert("E1"));
    assert_eq!(
        eligible(&p, &req).unwrap_err().code(),
        "draw.duplicate_expert"
    );
    let mut bad = req.clone();
    bad.quotas.clear();
    assert_eq!(eligible(&p, &bad).unwrap_err().code(), "draw.no_quotas");
}

#[test]
fn experts_round_trip_through_json_and_redaction_keeps_the_hash() {
    let mut e = expert("E1");
    e.conduct = vec![ConductRecord {
        date: date!(2026 - 01 - 01),
        kind: ConductKind::Warning,
        until: None,
        note: "迟到".into(),
    }];
    e.relations = vec![Relation {
        kind: RelationKind::Relative,
        target: RelationTarget::Person("李四".into()),
    }];
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["birth_date"], "1976-05-20");
    assert_eq!(json["relations"][0]["target"]["person"], "李四");
    let back: Expert = serde_json::from_value(json).unwrap();
    assert_eq!(back, e);
    let r = e.redacted();
    assert!(r.name.is_empty() && r.conduct[0].note.is_empty());
    assert_eq!(r.attributes_hash(), e.attributes_hash());
    // the order of list entries does not change the hash; any attribute does
    let mut shuffled = e.clone();
    shuffled.specialties = vec![spec("B1"), spec("A01.01")];
    let mut other = e.clone();
    other.specialties = vec![spec("A01.01"), spec("B1")];
    assert_eq!(shuffled.attributes_hash(), other.attributes_hash());
    let mut older = e.clone();
    older.birth_date = date!(1976 - 05 - 19);
    assert_ne!(older.attributes_hash(), e.attributes_hash());
    assert!(serde_json::from_str::<SpecialtyCode>("\"A01..2\"").is_err());
}
