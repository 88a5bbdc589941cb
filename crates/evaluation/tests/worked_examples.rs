//! The worked examples of rules.md, through the whole evaluation.
mod common;

use common::*;
use legal_time::Calendar;
use serde_json::json;
use time::macros::date;

#[test]
fn price_score_87_55_example() {
    // rules.md §3.5: 100万, 95万 and 110万 with 30 points give 28.50, 30.00 and 25.91.
    let r = ok(&gp_scored(&[
        ("A", "1000000.00"),
        ("B", "950000.00"),
        ("C", "1100000.00"),
    ]));
    let totals: Vec<_> = ["A", "B", "C"]
        .iter()
        .map(|b| bid(&r, b).total_rounded.clone().unwrap())
        .collect();
    assert_eq!(totals, ["28.50", "30.00", "25.91"]);
    assert_eq!(bid(&r, "C").price_score.as_deref(), Some("285/11")); // exact: 95/110 × 30
    assert_eq!(ranking(&r), ["B", "A", "C"]);
    assert_eq!(r.candidates, ["B", "A", "C"]);
}

#[test]
fn abnormal_low_example_fires_second_lowest_and_maximum_not_average() {
    // rules.md §3.6: bids 100, 95, 42, 88, maximum 120.
    let v = with(
        gp_lowest(&[
            ("a", "100.00"),
            ("b", "95.00"),
            ("c", "42.00"),
            ("d", "88.00"),
        ]),
        json!({"limits": {"max_price": "120.00"}}),
    );
    let r = ok(&v);
    let fired: Vec<&str> = bid(&r, "c")
        .derivations
        .iter()
        .filter(|d| d.what.starts_with("abnormally low"))
        .map(|d| d.rule.id)
        .collect();
    assert_eq!(fired, ["low.second_lowest", "low.max_price"]);
    assert_eq!(issue_codes(&r), ["evaluation.explanation_required"]);
    assert!(
        matches!(
            bid(&r, "c").status,
            evaluation::report::BidStatus::Pending { .. }
        ),
        "never rejected automatically"
    );
    for other in ["a", "b", "d"] {
        assert!(
            bid(&r, other)
                .derivations
                .iter()
                .all(|d| !d.what.starts_with("abnormally low"))
        );
    }
}

#[test]
fn challenge_example_spans_mid_autumn_and_national_day() {
    // rules.md §3.2: result published Thu 2026-09-24, announcement ends 09-28, last 质疑 day 10-13.
    let cal = Calendar::builtin();
    let end = evaluation::periods::announcement_end(&cal, date!(2026 - 09 - 24)).unwrap();
    assert_eq!(end.last_day, date!(2026 - 09 - 28));
    let start = evaluation::periods::ChallengeStart::ResultPublished(date!(2026 - 09 - 24));
    let due = evaluation::periods::challenge_due(&cal, start).unwrap();
    assert_eq!(due.last_day, date!(2026 - 10 - 13));
    assert_eq!(due.rule.id, "period.challenge");
}

#[test]
fn stacked_sme_and_domestic_example() {
    // rules.md §3.8 [S]: 1000万 × (1 − 20% − 10%) = 700万, both on the original price.
    let v = with(
        gp_lowest(&[
            ("a", "10000000.00"),
            ("b", "9000000.00"),
            ("c", "9500000.00"),
        ]),
        json!({"preferences": {"sme": {"small": "10%"}, "domestic": "20%"},
               "dates": {"notice": "2026-03-02"}}),
    );
    let mut v = v;
    v["bids"][0]["sme"] = json!({"kind": "small_or_micro"});
    v["bids"][0]["domestic_share"] = json!("100%");
    let r = ok(&v);
    assert_eq!(bid(&r, "a").evaluation_price.as_deref(), Some("7000000.00"));
    assert_eq!(bid(&r, "b").evaluation_price.as_deref(), Some("9000000.00"));
    assert_eq!(ranking(&r), ["a", "b", "c"]);
}

#[test]
fn the_example_files_evaluate() {
    for (name, candidates) in [
        ("procurement", vec!["B3", "B4", "B1"]),
        ("construction", vec!["T2", "T3", "T7"]),
    ] {
        let text = std::fs::read_to_string(format!("examples/{name}.json")).unwrap();
        let input = evaluation::EvaluationInput::from_json(&text).unwrap();
        let r = evaluation::evaluate(&input, &Calendar::builtin()).unwrap();
        assert_eq!(r.candidates, candidates, "{name}");
        assert_eq!(
            r.challenges
                .iter()
                .map(|c| c.verdict.within)
                .collect::<Vec<_>>(),
            [true, false],
            "{name}"
        );
    }
}
