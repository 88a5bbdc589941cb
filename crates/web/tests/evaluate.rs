//! `POST /api/evaluate` gives the same report as `sunbid evaluate`, for anyone, and refuses a
//! bad input with the rule's code in the caller's language.
mod support;

use support::World;

#[tokio::test]
async fn anyone_recomputes_an_evaluation_over_http() {
    let world = World::copy().await;
    let s = &world.server;
    for example in ["procurement", "construction"] {
        let text = std::fs::read_to_string(format!(
            "{}/../evaluation/examples/{example}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let r = s
            .client
            .post(s.url("/api/evaluate"))
            .header("content-type", "application/json")
            .body(text.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{example}");
        let body: serde_json::Value = r.json().await.unwrap();
        let input = evaluation::EvaluationInput::from_json(&text).unwrap();
        let report = evaluation::evaluate(&input, &legal_time::Calendar::builtin()).unwrap();
        assert_eq!(body, serde_json::to_value(&report).unwrap(), "{example}");
    }
    let log = world.log_size().await;
    let r = s
        .client
        .post(s.url("/api/evaluate?lang=zh-CN"))
        .body("{\"method\": 1}")
        .send()
        .await
        .unwrap();
    // Not an evaluation input: invalid input, like any unreadable body.
    assert_eq!(r.status().as_u16(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"]["code"]
            .as_str()
            .unwrap()
            .starts_with("evaluation."),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("评审输入"),
        "{body}"
    );
    assert_eq!(world.log_size().await, log, "nothing is stored");
    world.close().await;
}
