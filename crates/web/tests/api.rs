//! The JSON API over a real socket: health, trades, the public timeline (no bids on it),
//! checkpoints and proofs that check offline, the error shape, and the OpenAPI document
//! against the routes served.
use app::demo::demo_steps;
use ledger::{ConsistencyBundle, InclusionBundle, NoteVerifier};
use serde_json::Value;

struct TestApp {
    base: String,
    client: reqwest::Client,
    _world: test_support::TestApp,
}

impl TestApp {
    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn text(&self, path: &str) -> String {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

async fn spawn_app() -> TestApp {
    // The custodians of the opening keys (the witness post, a supervisor, the tenderer or
    // agency) are demo people with keys. A checkpoint half-way, none at the end.
    let steps = demo_steps();
    let half = steps.len() / 2;
    let mut steps = steps.into_iter();
    let world = test_support::TestApp::builder()
        .origin("api.test/log")
        .steps(steps.by_ref().take(half).collect())
        .checkpoint()
        .steps(steps.collect())
        .build()
        .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let platform = world.platform.clone();
    tokio::spawn(async move { axum::serve(listener, web::router(platform)).await.unwrap() });
    TestApp {
        base,
        client: reqwest::Client::new(),
        _world: world,
    }
}

#[tokio::test]
async fn health_and_trades() {
    let app = spawn_app().await;
    let (status, body) = app.get("/health").await;
    assert_eq!(status, 200);
    assert!(body["log_size"].as_u64().unwrap() > 50);
    let (status, body) = app.get("/api/trades").await;
    assert_eq!(status, 200);
    let trades = body["trades"].as_array().unwrap();
    let ids: Vec<&str> = trades.iter().filter_map(|t| t["id"].as_str()).collect();
    for id in ["GC-2026-0301", "ZC-2026-0407", "ZC-2026-0601"] {
        assert!(ids.contains(&id), "{id} is listed: {ids:?}");
    }
    // GC-2026-0302 failed for too few bids and went to a re-tender: its published failure
    // stays public while the new round waits for its announcement.
    assert_eq!(
        trades.len(),
        4,
        "three complete trades and one failed: {ids:?}"
    );
    let (status, _) = app.get("/api/trades/GC-2026-0302/timeline").await;
    assert_eq!(status, 200);
    let (status, trade) = app.get("/api/trades/GC-2026-0301").await;
    assert_eq!(status, 200);
    assert_eq!(trade["phase"], "confirmed");
    assert_eq!(trade["node"], 7);
}

#[tokio::test]
async fn public_timeline_shows_no_bids() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/trades/ZC-2026-0407/timeline").await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"trade.announcement_published"), "{kinds:?}");
    assert!(kinds.contains(&"trade.confirmation_issued"), "{kinds:?}");
    assert!(
        !kinds.iter().any(|k| k.starts_with("trade.bid_")),
        "bids leak on the public timeline: {kinds:?}"
    );
    // the opening shows, not who bid before it nor the shares and the record
    assert!(kinds.contains(&"trade.opening_started"), "{kinds:?}");
    assert!(kinds.contains(&"trade.bids_opened"), "{kinds:?}");
    for sealed in [
        "trade.documents_obtained",
        "trade.share_submitted",
        "trade.bids_unsealed",
    ] {
        assert!(
            !kinds.contains(&sealed),
            "{sealed} on the public timeline: {kinds:?}"
        );
    }
}

#[tokio::test]
async fn proofs_from_the_server_check_offline() {
    let app = spawn_app().await;
    let key = app.text("/api/log/key").await;
    let verifier = NoteVerifier::new(key.trim()).unwrap();
    let note = app.text("/api/log/checkpoint").await;
    let latest = verifier.verify(&note).unwrap();
    for index in [0, 7, latest.size - 1] {
        let (status, body) = app
            .get(&format!("/api/log/proof/inclusion?index={index}"))
            .await;
        assert_eq!(status, 200, "{body}");
        let bundle: InclusionBundle = serde_json::from_value(body).unwrap();
        assert_eq!(bundle.check(&verifier).unwrap().size, latest.size);
    }
    let (status, body) = app.get("/api/log/proof/consistency?from=1").await;
    assert_eq!(status, 404, "no checkpoint of size 1 was signed: {body}");
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn consistency_between_two_checkpoints_checks() {
    let app = spawn_app().await;
    let key = app.text("/api/log/key").await;
    let verifier = NoteVerifier::new(key.trim()).unwrap();
    // find the half-way checkpoint by asking for proofs from each size until one exists
    let latest = verifier
        .verify(&app.text("/api/log/checkpoint").await)
        .unwrap();
    let mut checked = false;
    for from in 1..latest.size {
        let (status, body) = app
            .get(&format!("/api/log/proof/consistency?from={from}"))
            .await;
        if status == 200 {
            let bundle: ConsistencyBundle = serde_json::from_value(body).unwrap();
            let (old, new) = bundle.check(&verifier).unwrap();
            assert_eq!((old.size, new.size), (from, latest.size));
            checked = true;
            break;
        }
    }
    assert!(checked, "no earlier checkpoint found");
}

#[tokio::test]
async fn errors_have_one_shape() {
    let app = spawn_app().await;
    for (path, status, code) in [
        ("/api/trades/NOPE-1", 404, "not_found"),
        ("/api/trades/NOPE-1/timeline", 404, "not_found"),
        ("/api/trades/bad%20id/timeline", 400, "invalid_request"),
        ("/api/log/proof/inclusion?index=abc", 400, "invalid_request"),
        (
            "/api/log/proof/inclusion?index=99999999",
            400,
            "invalid_request",
        ),
        ("/api/no/such/route", 404, "not_found"),
    ] {
        let (got, body) = app.get(path).await;
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{path}: {body}"
        );
    }
    // Outside the API an unknown address is a page: the error page, 404, in the reader's
    // language; a fault-free refusal carries no request id.
    let (got, page) = app.get("/no/such/route").await;
    assert_eq!(got, 404);
    let page = page.as_str().unwrap();
    assert!(
        page.contains("id=\"error-message\"") && page.contains("data-code=\"not_found\""),
        "{page}"
    );
    assert!(!page.contains("error-request-id"), "{page}");
    let (_, body) = app.get("/api/trades/NOPE-1").await;
    assert!(body["error"].get("request_id").is_none(), "{body}");
}

#[tokio::test]
async fn errors_speak_the_callers_language_chinese_first() {
    let app = spawn_app().await;
    let url = format!("{}/api/trades/NOPE-1", app.base);
    let zh = app.client.get(&url).send().await.unwrap();
    assert_eq!(zh.headers()["content-language"], "zh-CN");
    let zh: Value = zh.json().await.unwrap();
    assert_eq!(zh["error"]["message"], "未找到所请求的内容。");
    let en: Value = app
        .client
        .get(&url)
        .header("accept-language", "en-US,en;q=0.8")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(en["error"]["message"], "Nothing was found here.");
    let by_query: Value = app
        .client
        .get(format!("{url}?lang=en"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_query["error"]["message"], "Nothing was found here.");
    assert_eq!(zh["error"]["code"], en["error"]["code"]);
}

/// Every documented operation exists on the server and answers with a documented status;
/// every API route the server has is documented.
#[tokio::test]
async fn the_openapi_document_matches_the_server() {
    let app = spawn_app().await;
    let (status, doc) = app.get("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let mut url = path.replace("{id}", "GC-2026-0301");
            let required: Vec<String> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "query" && p["required"] == true)
                        .map(|p| format!("{}=1", p["name"].as_str().unwrap()))
                        .collect()
                })
                .unwrap_or_default();
            if !required.is_empty() {
                url = format!("{url}?{}", required.join("&"));
            }
            let full = format!("{}{url}", app.base);
            let request = match method.as_str() {
                "get" => app.client.get(&full),
                "post" => app.client.post(&full).json(&serde_json::json!({})),
                "put" => app.client.put(&full).json(&serde_json::json!({})),
                "delete" => app.client.delete(&full),
                other => panic!("{path}: undocumented method {other}"),
            };
            let response = request.send().await.unwrap();
            let got = response.status().as_u16().to_string();
            let documented: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            assert!(
                documented.contains(&&got),
                "{path} answered {got}, documented {documented:?}"
            );
        }
    }
    // The routes the router serves, read from its source: each API route is documented.
    let source = [
        include_str!("../src/lib.rs"),
        include_str!("../src/api_routes/mod.rs"),
        include_str!("../src/api_routes/evaluating.rs"),
    ]
    .concat();
    let served: Vec<&str> = source
        .split(".route(")
        .skip(1)
        .filter_map(|r| r.trim_start().strip_prefix('"')?.split('"').next())
        .filter(|r| (r.starts_with("/api/") || *r == "/health") && *r != "/api/openapi.json")
        .collect();
    for route in [
        "/api/trades/{id}/bids",
        "/api/trades/{id}/bids/withdraw",
        "/api/trades/{id}/opening-key",
        "/api/trades/{id}/opening",
        "/api/trades/{id}/opening/shares",
        "/api/trades/{id}/opening/record",
    ] {
        assert!(served.contains(&route), "{route} is not served: {served:?}");
    }
    for route in served {
        assert!(
            paths.contains_key(route),
            "{route} is served but not documented"
        );
    }
}
