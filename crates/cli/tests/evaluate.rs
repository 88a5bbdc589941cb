//! `sunbid evaluate` on the example inputs: every number with its rule, JSON on request, a
//! clear error and a nonzero exit on invalid input.
use std::process::Command;

fn sunbid(args: &[&str]) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_sunbid"))
        .args(["--data", data.path().to_str().unwrap()])
        .args(args)
        .output()
        .unwrap()
}

fn example(name: &str) -> String {
    format!(
        "{}/../evaluation/examples/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn evaluate_prints_every_number_with_its_rule() {
    let out = sunbid(&["evaluate", &example("procurement")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "status complete",
        "price score = 1008/95 (≈ 10.610526)",
        "rule score.gp_price — 财政部令第87号 第55条 [T]",
        "price after (二) = 985000.00",
        "trigger line: 45% of the maximum price = 540000.00",
        "Candidates: B3, B4, B1",
        "[flag] evaluation.outlier_flagged",
        "challenge (质疑) by: 2026-10-13",
        "OUTSIDE the window: refused",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }

    let out = sunbid(&["evaluate", "--json", &example("construction")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["candidates"], serde_json::json!(["T2", "T3", "T7"]));
    assert_eq!(report["status"]["kind"], "complete");
    let base = report["common"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["what"] == "base price (评标基准价)")
        .unwrap();
    assert_eq!(base["value"], "4674600.00");
}

#[test]
fn invalid_input_fails_with_the_rule_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("procurement")).unwrap()).unwrap();
    doc["method"]["price_points"] = serde_json::json!("20");
    doc["method"]["criteria"][0]["points"] = serde_json::json!("50");
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = sunbid(&["evaluate", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("evaluation.out_of_legal_range") && err.contains("财政部令第87号 第55条"),
        "{err}"
    );
    let out = sunbid(&[
        "evaluate",
        dir.path().join("missing.json").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
}
