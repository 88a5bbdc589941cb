//! The evaluation method entered with the tender documents, refused at publication when the
//! law does not allow it (naming the article).

mod support;

use domain::trade::{
    Category, ChoiceRefused, EvaluationChoice, EvaluationKind, Phase, TradeCommand, TradeEvent,
};
use domain::{BusinessLine, Method};
use support::plan::{Plan, construction_open, consultation, procurement_open};
use support::*;

fn choice(kind: EvaluationKind, category: Category, price: &str) -> EvaluationChoice {
    EvaluationChoice {
        kind,
        category,
        total_points: "100".parse().unwrap(),
        price_points: price.parse().unwrap(),
        fixed_price: false,
        weight_approved: false,
        criteria: vec![],
        price_formula: None,
        sme: None,
    }
}

/// The plan's trade with documents uploaded choosing `c`, then published.
fn publish_with(plan: &Plan, c: EvaluationChoice) -> support::Then {
    let mut run = plan.run_to(Phase::DocumentsReady);
    let events = run.ok(
        TradeCommand::UploadTenderDocuments {
            file: blob("tender.pdf"),
            evaluation: Some(c.clone()),
        },
        &agency(),
        plan.t.upload,
    );
    // the choice is recorded with the documents, as entered
    assert!(matches!(
        &events[0],
        TradeEvent::TenderDocumentsUploaded { evaluation: Some(e), .. } if *e == c
    ));
    run.given()
        .when(announce(plan.t.opening), &agency(), plan.t.announce)
}

#[test]
fn a_goods_price_weight_under_30_percent_is_refused_at_publication() {
    let plan = procurement_open();
    let err = publish_with(
        &plan,
        choice(EvaluationKind::Comprehensive, Category::Goods, "29.5"),
    )
    .then_error("trade.price_weight_out_of_range");
    assert!(err.to_string().contains("财政部令第87号 第55条"), "{err}");
    publish_with(
        &plan,
        choice(EvaluationKind::Comprehensive, Category::Goods, "30"),
    )
    .then_kinds(&["trade.announcement_published"]);
    // services: 10% is enough
    publish_with(
        &plan,
        choice(EvaluationKind::Comprehensive, Category::Services, "10"),
    )
    .then_kinds(&["trade.announcement_published"]);
    let mut fixed = choice(EvaluationKind::Comprehensive, Category::Goods, "30");
    fixed.fixed_price = true; // 统一定价: the price is not a scoring factor
    publish_with(&plan, fixed.clone()).then_error("trade.price_weight_out_of_range");
    fixed.price_points = "0".parse().unwrap();
    publish_with(&plan, fixed).then_kinds(&["trade.announcement_published"]);
}

#[test]
fn consultation_weights_are_bounded_above_and_comprehensive_only() {
    let plan = consultation();
    let err = publish_with(
        &plan,
        choice(EvaluationKind::Comprehensive, Category::Goods, "61"),
    )
    .then_error("trade.price_weight_out_of_range");
    assert!(err.to_string().contains("214号"), "{err}");
    publish_with(
        &plan,
        choice(EvaluationKind::Comprehensive, Category::Goods, "60"),
    )
    .then_kinds(&["trade.announcement_published"]);
    let mut approved = choice(EvaluationKind::Comprehensive, Category::Goods, "61");
    approved.weight_approved = true; // the finance department approved it
    publish_with(&plan, approved).then_kinds(&["trade.announcement_published"]);
    publish_with(
        &plan,
        choice(EvaluationKind::LowestPrice, Category::Goods, "0"),
    )
    .then_error("trade.evaluation_method_not_allowed");
}

#[test]
fn construction_knows_no_price_weight_floor_but_only_its_methods() {
    let plan = construction_open();
    publish_with(
        &plan,
        choice(EvaluationKind::Comprehensive, Category::Works, "5"),
    )
    .then_kinds(&["trade.announcement_published"]);
    publish_with(
        &plan,
        choice(EvaluationKind::ReasonableLow, Category::Works, "0"),
    )
    .then_kinds(&["trade.announcement_published"]);
    // procurement tendering has no 合理低价法 (87号令 第53条)
    let err = publish_with(
        &procurement_open(),
        choice(EvaluationKind::ReasonableLow, Category::Goods, "0"),
    )
    .then_error("trade.evaluation_method_not_allowed");
    assert!(err.to_string().contains("第53条"), "{err}");
}

#[test]
fn every_method_has_its_allowed_kinds_with_an_article() {
    use EvaluationKind::*;
    // negotiation and quotation: the lowest offer wins (政府采购法 第38条, 第40条)
    for (method, article) in [
        (Method::CompetitiveNegotiation, "第38条"),
        (Method::RequestForQuotation, "第40条"),
    ] {
        let c = choice(Comprehensive, Category::Goods, "50");
        let err = c.check(BusinessLine::Procurement, method).unwrap_err();
        assert!(
            matches!(err, ChoiceRefused::MethodNotAllowed { article: a, .. } if a.contains(article)),
            "{method:?}: {err}"
        );
        choice(LowestPrice, Category::Goods, "0")
            .check(BusinessLine::Procurement, method)
            .unwrap();
    }
    for line in BusinessLine::ALL {
        for method in Method::ALL {
            if domain::methods::rules_for(line, method).is_err() {
                continue;
            }
            let (kinds, article) = domain::trade::allowed_kinds(line, method);
            assert!(
                !kinds.is_empty() && !article.is_empty(),
                "{line:?} {method:?}"
            );
        }
    }
}

#[test]
fn points_parse_as_decimals_with_two_places() {
    let p: domain::trade::Points = "12.5".parse().unwrap();
    assert_eq!((p.hundredths(), p.to_string()), (1250, "12.5".to_owned()));
    for bad in ["", "1.234", "-3", "1e2", "abc"] {
        assert!(bad.parse::<domain::trade::Points>().is_err(), "{bad}");
    }
    let json = serde_json::to_string(&choice(
        EvaluationKind::Comprehensive,
        Category::Goods,
        "30",
    ))
    .unwrap();
    assert!(json.contains(r#""price_points":"30""#), "{json}");
}
