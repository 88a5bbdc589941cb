//! Distributed scoring: sheet checks, objective agreement, outliers, aggregation, recheck,
//! missing sheets, dissents.
mod common;

use common::*;
use evaluation::input::{OutlierConfig, Sheet};
use evaluation::method::Criterion;
use evaluation::scoring::{ScoreTable, check_sheet, objective_mismatches, outliers, recheck};
use serde_json::{Value, json};

fn criteria() -> Vec<Criterion> {
    serde_json::from_value(json!([
        {"id": "tech", "points": "40", "kind": "subjective", "step": "0.5"},
        {"id": "cert", "points": "10", "kind": "objective"}
    ]))
    .unwrap()
}

fn sheet(member: &str, tech: &str, cert: &str) -> Sheet {
    serde_json::from_value(json!({"member": member, "scores": {"A": {"tech": tech, "cert": cert}}}))
        .unwrap()
}

#[test]
fn a_sheet_is_checked_alone() {
    let c = criteria();
    assert!(check_sheet(&sheet("E1", "30", "8"), &c, &["A"]).is_empty());
    let codes = |s: &Sheet| {
        check_sheet(s, &c, &["A", "B"])
            .iter()
            .map(|i| i.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(&sheet("E1", "41", "8")),
        ["evaluation.score_missing", "evaluation.score_out_of_range"]
    );
    assert_eq!(
        codes(&sheet("E1", "30.25", "-1")),
        ["evaluation.score_missing", "evaluation.score_out_of_range"]
    );
    let mut s = sheet("E1", "30", "8");
    s.totals
        .insert("A".into(), evaluation::values::Dec::parse("39").unwrap());
    let issues = check_sheet(&s, &c, &["A"]);
    assert_eq!(issues[0].code, "evaluation.arithmetic_error");
    assert_eq!(issues[0].rule.source, "财政部令第87号 第64条");
}

#[test]
fn objective_items_must_agree() {
    let sheets = vec![
        sheet("E1", "30", "8"),
        sheet("E2", "31", "8"),
        sheet("E3", "30", "6"),
    ];
    let t = ScoreTable::new(&sheets);
    let issues = objective_mismatches(&t, &criteria(), &["A"]);
    assert_eq!(issues.len(), 1);
    assert!(issues[0].blocking);
    assert_eq!(issues[0].items, ["cert"]);
    assert_eq!(issues[0].members, ["E1", "E2", "E3"]);
}

#[test]
fn outliers_are_strictly_beyond_the_share_and_need_a_reason() {
    let cfg = OutlierConfig::default(); // 30% of 40 = 12
    let on_line = vec![
        sheet("E1", "30", "8"),
        sheet("E2", "30", "8"),
        sheet("E3", "18", "8"),
    ];
    assert!(
        outliers(
            &ScoreTable::new(&on_line),
            &on_line,
            &criteria(),
            &["A"],
            &cfg
        )
        .unwrap()
        .is_empty()
    );
    let mut beyond = vec![
        sheet("E1", "30", "8"),
        sheet("E2", "30", "8"),
        sheet("E3", "17.5", "8"),
    ];
    let found = outliers(
        &ScoreTable::new(&beyond),
        &beyond,
        &criteria(),
        &["A"],
        &cfg,
    )
    .unwrap();
    let flagged: Vec<(&str, bool)> = found
        .iter()
        .map(|i| (i.members[0].as_str(), i.blocking))
        .collect();
    // E3 deviates 12.5 from 30; E1 and E2 deviate 6.25 from the others' mean 23.75
    assert_eq!(flagged, [("E3", true)]);
    assert_eq!(found[0].code, "evaluation.outlier_reason_required");
    beyond[2]
        .reasons
        .insert("A/tech".into(), "方案缺少关键章节".into());
    let found = outliers(
        &ScoreTable::new(&beyond),
        &beyond,
        &criteria(),
        &["A"],
        &cfg,
    )
    .unwrap();
    assert_eq!(
        (found[0].code, found[0].blocking),
        ("evaluation.outlier_flagged", false)
    );
    let all = recheck(&beyond, &criteria(), &["A"], &cfg).unwrap();
    assert_eq!(all.len(), 1);
}

fn committee(tech: [&str; 5]) -> Value {
    let sheets: Vec<Value> = tech
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({"member": format!("E{}", i + 1), "scores": {
            "a": {"q": t}, "b": {"q": "50"}, "c": {"q": "50"}}})
        })
        .collect();
    let mut v = gp_scored(&[("a", "100.00"), ("b", "100.00"), ("c", "100.00")]);
    v["sheets"] = json!(sheets);
    v["outliers"] = json!({"share": "50%", "min_members": 3});
    v
}

#[test]
fn item_scores_are_exact_means_or_trimmed_means() {
    let r = ok(&committee(["60", "61", "61", "62", "20"]));
    // mean = 264 / 5 = 52.8; + 30 price points
    assert_eq!(bid(&r, "a").total.as_deref(), Some("82.8"));
    let mut v = committee(["60", "61", "61", "62", "20"]);
    v["member_scores"] = json!("drop_high_low");
    let r = ok(&v);
    assert_eq!(bid(&r, "a").total.as_deref(), Some("272/3")); // (60 + 61 + 61) / 3 + 30
    let item = bid(&r, "a")
        .derivations
        .iter()
        .find(|d| d.what == "item q")
        .unwrap();
    assert_eq!(item.rule.id, "score.member_trimmed_mean");
    assert_eq!(item.approx.as_deref(), Some("60.666667"));
}

#[test]
fn missing_sheets_block_and_dissents_are_recorded() {
    let mut v = committee(["60", "61", "61", "62", "60"]);
    v["members"] = json!([{"id": "E1"}, {"id": "E2"}, {"id": "E3"}, {"id": "E4"}, {"id": "E5"}, {"id": "E6"}, {"id": "E7"}]);
    v["dissents"] = json!([{"member": "E2", "reason": "价格分计算口径有异议"}, {"member": "E3"}]);
    let r = ok(&v);
    let missing = r
        .issues
        .iter()
        .find(|i| i.code == "evaluation.sheet_missing")
        .unwrap();
    assert_eq!(missing.members, ["E6", "E7"]);
    assert!(matches!(r.status, evaluation::Status::Blocked { .. }));
    assert!(!r.dissents[0].deemed_to_agree);
    assert!(r.dissents[1].deemed_to_agree);
    assert_eq!(r.dissents[1].rule.source, "招标投标法实施条例 第53条");
}

#[test]
fn an_objective_mismatch_blocks_the_whole_report() {
    let mut v = gp_scored(&[("a", "100.00"), ("b", "100.00"), ("c", "100.00")]);
    v["method"]["criteria"][0]["kind"] = json!("objective");
    v["sheets"][1]["scores"]["b"]["q"] = json!("5");
    let r = ok(&v);
    assert_eq!(issue_codes(&r), ["evaluation.objective_mismatch"]);
    assert_eq!(r.status, evaluation::Status::Blocked { blocking: 1 });
}
