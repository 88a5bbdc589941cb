//! The method table: every method has rules, and the values match rules.md.

mod support;

use domain::methods::{METHOD_TABLE, Participation, WITHIN_EXTENSION, rules_for};
use domain::{BusinessLine, Method, Money, ResultKind};
use legal_time::{Period, RestDayExtension};
use time::macros::date;

#[test]
fn every_valid_line_and_method_has_rules() {
    for method in Method::ALL {
        let r = rules_for(BusinessLine::Procurement, method).unwrap();
        assert_eq!((r.line, r.method), (BusinessLine::Procurement, method));
    }
    for method in [Method::OpenTendering, Method::InvitedTendering] {
        assert!(rules_for(BusinessLine::Construction, method).is_ok());
    }
    for method in [
        Method::CompetitiveNegotiation,
        Method::CompetitiveConsultation,
        Method::RequestForQuotation,
        Method::SingleSource,
    ] {
        let err = rules_for(BusinessLine::Construction, method).unwrap_err();
        assert!(err.to_string().contains("招标投标法 第10条"));
    }
    assert_eq!(METHOD_TABLE.len(), 8);
}

#[test]
fn every_rule_cites_its_source() {
    for r in &METHOD_TABLE {
        let mut articles = vec![
            r.min_bid_period.article,
            r.participation.article,
            r.min_bidders.article,
            r.committee.article,
            r.max_candidates.article,
            r.publish_within.article,
            r.publicity_lasts.article,
            r.winner_rule_article,
            r.opening_at_deadline_article,
            r.reject_all_article,
            r.within_extension.article,
        ];
        articles.extend(r.amendment_notice.map(|a| a.article));
        articles.extend(r.decide_within.map(|a| a.article));
        articles.extend(r.draw_not_before_evaluation.map(|a| a.article));
        assert!(
            articles
                .iter()
                .all(|a| a.contains('第') || a.contains('号')),
            "{:?} {:?}: {articles:?}",
            r.line,
            r.method
        );
        assert!(
            r.committee.min_size >= 3 && r.min_bidders.value >= 1 && r.max_candidates.value >= 1
        );
    }
    let json = serde_json::to_value(&METHOD_TABLE[..]).unwrap();
    support::assert_no_floats(&json);
}

#[test]
fn construction_tendering_values() {
    for method in [Method::OpenTendering, Method::InvitedTendering] {
        let r = rules_for(BusinessLine::Construction, method).unwrap();
        assert_eq!(r.min_bid_period.value, Period::days(20)); // 法 第24条
        assert_eq!(r.min_bid_period.article, "招标投标法 第24条");
        assert_eq!(r.amendment_notice.unwrap().value, Period::days(15)); // 法 第23条
        assert_eq!(r.min_bidders.value, 3); // 法 第28条
        assert_eq!(
            (r.committee.min_size, r.committee.odd, r.committee.large),
            (5, true, None)
        ); // 法 第37条
        assert_eq!(r.max_candidates.value, 3); // 条例 第53条
        assert_eq!(r.result, ResultKind::CandidatesPublicity);
        assert_eq!(r.publish_within.value, Period::days(3)); // 条例 第54条
        assert_eq!(r.publicity_lasts.value, Period::days(3)); // 条例 第54条
        assert_eq!(r.decide_within, None);
        assert_eq!(r.draw_not_before_evaluation, None);
    }
    assert_eq!(
        rules_for(BusinessLine::Construction, Method::OpenTendering)
            .unwrap()
            .participation
            .value,
        Participation::Open
    );
    assert_eq!(
        rules_for(BusinessLine::Construction, Method::InvitedTendering)
            .unwrap()
            .participation
            .value,
        Participation::InvitedOnly { min_invited: 3 }
    );
}

#[test]
fn procurement_tendering_values() {
    for method in [Method::OpenTendering, Method::InvitedTendering] {
        let r = rules_for(BusinessLine::Procurement, method).unwrap();
        assert_eq!(r.min_bid_period.value, Period::days(20)); // 法 第35条
        assert_eq!(r.amendment_notice.unwrap().value, Period::days(15)); // 条例 第31条
        assert_eq!(r.min_bidders.value, 3);
        assert_eq!(r.committee_minimum(Money::from_wan(999)).0, 5); // 87号令 第47条
        assert_eq!(r.committee_minimum(Money::from_wan(1000)).0, 7); // ≥ 1000万 (以上 includes)
        assert_eq!(r.result, ResultKind::ResultAnnouncement);
        assert_eq!(r.publish_within.value, Period::working_days(2)); // 条例 第43条
        assert_eq!(r.publicity_lasts.value, Period::working_days(1)); // 87号令 第69条
        assert_eq!(r.decide_within.unwrap().value, Period::working_days(5)); // 87号令 第68条
        assert_eq!(
            r.draw_not_before_evaluation.unwrap().value,
            Period::working_days(2)
        ); // 198号 [M]
    }
    assert_eq!(
        rules_for(BusinessLine::Procurement, Method::InvitedTendering)
            .unwrap()
            .participation
            .value,
        Participation::InvitedOnly { min_invited: 3 }
    );
}

#[test]
fn procurement_non_tender_methods() {
    let neg = rules_for(BusinessLine::Procurement, Method::CompetitiveNegotiation).unwrap();
    assert_eq!(neg.min_bid_period.value, Period::working_days(3)); // 74号令 [S]
    assert_eq!((neg.committee.min_size, neg.committee.odd), (3, true)); // 法 第38条
    assert_eq!(neg.draw_not_before_evaluation, None);

    let con = rules_for(BusinessLine::Procurement, Method::CompetitiveConsultation).unwrap();
    assert_eq!(con.min_bid_period.value, Period::days(10)); // 214号 [S]
    assert_eq!(con.amendment_notice.unwrap().value, Period::days(5)); // 214号 [S]
    assert_eq!(con.min_bidders.value, 3);

    let rfq = rules_for(BusinessLine::Procurement, Method::RequestForQuotation).unwrap();
    assert_eq!(rfq.min_bid_period.value, Period::working_days(3)); // 74号令 [S]
    assert_eq!(rfq.min_bidders.value, 3); // 法 第40条

    let single = rules_for(BusinessLine::Procurement, Method::SingleSource).unwrap();
    assert_eq!(single.min_bid_period.value, Period::working_days(5)); // 条例 第38条
    assert_eq!(single.min_bidders.value, 1);
    assert_eq!(single.participation.value, Participation::SingleSupplier);
    assert_eq!(single.max_candidates.value, 1);

    for r in [neg, con, rfq] {
        assert_eq!(
            r.participation.value,
            Participation::OpenOrInvited { min_invited: 3 }
        );
        assert_eq!(r.result, ResultKind::ResultAnnouncement);
    }
}

#[test]
fn single_source_period_is_the_article_38_publicity_marked_provisional() {
    let single = rules_for(BusinessLine::Procurement, Method::SingleSource).unwrap();
    let period = single.min_bid_period;
    assert_eq!(period.value, Period::working_days(5));
    assert_eq!(
        period.article,
        "政府采购法实施条例 第38条（单一来源公示，暂作最短期限）"
    );
}

#[test]
fn within_limits_extend_over_statutory_days_off_by_default_and_are_configurable() {
    assert_eq!(WITHIN_EXTENSION, RestDayExtension::StatutoryHolidays);
    let construction = rules_for(BusinessLine::Construction, Method::OpenTendering).unwrap();
    assert_eq!(construction.within_extension.article, "民法典 第203条");
    let gp = rules_for(BusinessLine::Procurement, Method::OpenTendering).unwrap();
    assert_eq!(gp.within_extension.article, "财政部令第87号 第85条");
    let cal = support::calendar();
    let three = Period::days(3);
    // report Thursday 03-26: the 3rd day is an ordinary Sunday, 03-29
    let within = |r: &domain::MethodRules, start| r.within_last_day(cal, start, three).unwrap();
    assert_eq!(
        within(construction, date!(2026 - 03 - 26)),
        date!(2026 - 03 - 29)
    );
    // the rules.md §5.7 reading "every rest day" moves it to Monday 03-30
    let mut any_rest_day = *construction;
    any_rest_day.within_extension.value = RestDayExtension::AnyRestDay;
    assert_eq!(
        within(&any_rest_day, date!(2026 - 03 - 26)),
        date!(2026 - 03 - 30)
    );
    // National Day: 10-03 is a day off, so 10-08 either way
    assert_eq!(
        within(construction, date!(2026 - 09 - 30)),
        date!(2026 - 10 - 08)
    );
}
