//! Bad input on every endpoint and form — missing fields, wrong types, not JSON, unknown enum
//! values, oversized bodies, garbage ids, huge numbers, the wrong role, a stale version, a
//! replay, a missing CSRF token, a dead session — gets a documented 4xx with a specific code
//! and a message in the caller's language (Chinese by default), and changes nothing: the log
//! and the trades stay as they were. Pages answer with a page or a redirect to a page that
//! shows a localized message; never a 500, never a raw serde/axum message. The sealed-bid
//! routes (issue #4) too: unsealed or oversized uploads, malformed bid keys, unknown bids, bad
//! shares and the wrong people.
mod support;

use app::demo::{DEMO_PASSWORD, demo_steps, standing_steps};
use reqwest::RequestBuilder;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use support::{BOUNDARY, form, multipart};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MIB: usize = 1024 * 1024;

struct TestApp {
    base: String,
    addr: std::net::SocketAddr,
    client: reqwest::Client,
    openapi: Value,
    world: test_support::TestApp,
}

struct Resp {
    status: u16,
    headers: HeaderMap,
    text: String,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    fn location(&self) -> Option<String> {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Mostly English: several plain English words, and no more CJK than an article cited by
/// name (电子招标投标办法 第26条).
fn is_english(s: &str) -> bool {
    let words = s
        .split_whitespace()
        .filter(|w| {
            w.trim_matches(|c: char| c.is_ascii_punctuation())
                .chars()
                .all(|c| c.is_ascii_alphabetic())
        })
        .count();
    let cjk = s
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    words >= 3 && cjk <= 12
}

/// Words that only appear in axum's and serde's own (English) rejection texts.
fn raw_rejection(s: &str) -> bool {
    [
        "Failed to",
        "missing field",
        "deserialize",
        "invalid type",
        "Expected request",
        "Content-Type",
        "unknown variant",
        "length limit",
    ]
    .iter()
    .any(|w| s.contains(w))
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

async fn spawn_app() -> TestApp {
    spawn_app_with(app::bidding::OpeningPolicy::default(), None).await
}

/// The demo world under `policy`; with `hold`, that trade's opening is left waiting for the
/// custodians' shares (its share steps and everything after them do not run).
async fn spawn_app_with(policy: app::bidding::OpeningPolicy, hold: Option<&str>) -> TestApp {
    let mut steps = demo_steps();
    steps.extend(standing_steps());
    if let Some(held) = hold {
        let shares = steps
            .iter()
            .filter(|s| s.trade.as_str() == held && s.label == "opening key share handed in")
            .map(|s| s.at)
            .min()
            .expect("the held trade has an opening");
        steps.retain(|s| s.trade.as_str() != held || s.at < shares);
    }
    let world = test_support::TestApp::builder()
        .origin("bad-input.test/log")
        .platform(|p, _| p.with_opening_policy(policy))
        .steps(steps)
        .checkpoint()
        .at(time::macros::datetime!(2026-10-26 10:00 +8))
        .build()
        .await;
    let platform = world.platform.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    tokio::spawn(async move { axum::serve(listener, web::router(platform)).await.unwrap() });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let openapi: Value = client
        .get(format!("{base}/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    TestApp {
        base,
        addr,
        client,
        openapi,
        world,
    }
}

impl TestApp {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    fn post(&self, path: &str) -> RequestBuilder {
        self.client.post(self.url(path))
    }

    async fn send(&self, rb: RequestBuilder) -> Resp {
        let r = rb.send().await.unwrap();
        Resp {
            status: r.status().as_u16(),
            headers: r.headers().clone(),
            text: r.text().await.unwrap(),
        }
    }

    /// The log's size and every trade as the API shows it: what bad input must not change.
    async fn state(&self) -> (u64, Value) {
        let health = self.send(self.get("/health")).await.json();
        let trades = self.send(self.get("/api/trades")).await.json();
        (health["log_size"].as_u64().unwrap(), trades)
    }

    async fn sign_in(&self, person: &str) -> (String, String) {
        let r = self
            .send(
                self.post("/api/session")
                    .json(&json!({"person": person, "password": DEMO_PASSWORD})),
            )
            .await;
        assert_eq!(r.status, 200, "{person}: {}", r.text);
        let v = r.json();
        (
            v["token"].as_str().unwrap().to_owned(),
            v["csrf"].as_str().unwrap().to_owned(),
        )
    }

    fn documented(&self, method: &str, route: &str) -> Vec<u16> {
        self.openapi["paths"][route][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {route} is not documented"))
            .keys()
            .map(|k| k.parse().unwrap())
            .collect()
    }

    /// `rb` is refused with `status` and `code`, in Chinese by default and in English when
    /// asked, with a status the OpenAPI document lists for `method route`, and nothing changes.
    async fn refused(
        &self,
        what: &str,
        (method, route): (&str, &str),
        rb: RequestBuilder,
        status: u16,
        code: &str,
    ) {
        let before = self.state().await;
        let zh = self.send(rb.try_clone().unwrap()).await;
        let en = self.send(rb.header("accept-language", "en")).await;
        for (lang, r) in [("zh-CN", &zh), ("en", &en)] {
            assert_eq!(r.status, status, "{what} ({lang}): {}", r.text);
            let body = r.json();
            assert_eq!(body["error"]["code"], code, "{what} ({lang}): {}", r.text);
            let message = body["error"]["message"].as_str().unwrap_or("");
            assert!(!message.is_empty(), "{what} ({lang}): {}", r.text);
            // (an English message may cite a Chinese article by name)
            let in_lang = if lang == "zh-CN" {
                has_cjk(message)
            } else {
                is_english(message) && message != zh.json()["error"]["message"]
            };
            assert!(in_lang, "{what}: message not in {lang}: {message}");
            assert!(
                !raw_rejection(message),
                "{what} ({lang}): raw message {message}"
            );
            assert_eq!(
                r.headers.get("content-language").unwrap(),
                lang,
                "{what}: {lang}"
            );
        }
        assert!(
            self.documented(method, route).contains(&status),
            "{what}: {status} is not documented for {method} {route}"
        );
        assert_eq!(self.state().await, before, "{what} changed something");
    }

    /// A page answer to bad input: a page with a localized message, or a redirect to one.
    /// Returns the message shown.
    async fn page_refused(&self, what: &str, rb: RequestBuilder, cookie: Option<&str>) -> String {
        let before = self.state().await;
        let r = self.send(rb).await;
        assert!(
            r.status < 500,
            "{what}: {} {}",
            r.status,
            &r.text[..r.text.len().min(300)]
        );
        let shown = if (300..400).contains(&r.status) {
            let to = r.location().unwrap();
            assert!(
                to.starts_with("/work?error=") || to == "/signin" || to == "/",
                "{what}: redirected to {to}"
            );
            let mut follow = self.get(&to);
            if let Some(c) = cookie {
                follow = follow.header("cookie", c);
            }
            let page = self.send(follow).await;
            assert_eq!(page.status, 200, "{what}: {to}");
            page
        } else {
            assert!(
                r.status != 200 || r.text.contains("id=\"verify-result\""),
                "{what}: bad input accepted"
            );
            r
        };
        assert!(
            shown
                .headers
                .get("content-type")
                .is_some_and(|v| v.to_str().unwrap().starts_with("text/html")),
            "{what}: not a page: {}",
            &shown.text[..shown.text.len().min(300)]
        );
        assert!(!raw_rejection(&shown.text), "{what}: raw message in page");
        let message = shown
            .text
            .split_once("id=\"error-message\"")
            .or_else(|| shown.text.split_once("id=\"verify-result\""))
            .and_then(|(_, rest)| rest.split_once('>'))
            .map(|(_, rest)| strip_tags(rest.split("</p>").next().unwrap_or("")))
            .unwrap_or_default();
        if !shown.text.contains("action=\"/signin\"") || message.is_empty() {
            // the sign-in form itself is a fine answer to a dead session
            if !(shown.text.contains("action=\"/signin\"") && message.is_empty()) {
                assert!(
                    has_cjk(&message),
                    "{what}: message not localized: {message}"
                );
            }
        }
        assert_eq!(self.state().await, before, "{what} changed something");
        message
    }

    /// A raw HTTP/1.1 request with a chunked body of `size` bytes (no Content-Length, so the
    /// limit is hit while reading). Returns the status and the raw answer.
    async fn chunked(
        &self,
        path: &str,
        content_type: &str,
        auth: &str,
        size: usize,
    ) -> (u16, String) {
        let mut s = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\n{auth}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            self.addr
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b'a'; 64 * 1024];
        let mut sent = 0;
        while sent < size {
            let frame = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk.clone(),
                b"\r\n".to_vec(),
            ]
            .concat();
            if s.write_all(&frame).await.is_err() {
                break;
            }
            sent += chunk.len();
        }
        let _ = s.write_all(b"0\r\n\r\n").await;
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer).await;
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, answer)
    }
}

/// What, the documented route, the path asked for, the status and the code.
type ReadCase<'a> = (&'a str, (&'a str, &'a str), String, u16, &'a str);

const CMD: (&str, &str) = ("post", "/api/trades/{id}/commands");
const SESSION: (&str, &str) = ("post", "/api/session");
const KEY: (&str, &str) = ("post", "/api/session/key");

#[tokio::test]
async fn sign_in_bodies() {
    let app = spawn_app().await;
    let post = || app.post("/api/session");
    let cases: Vec<(&str, RequestBuilder, u16, &str)> = vec![
        (
            "missing password",
            post().json(&json!({"person": "agency-li"})),
            400,
            "invalid_request.missing_field",
        ),
        (
            "empty object",
            post().json(&json!({})),
            400,
            "invalid_request.missing_field",
        ),
        (
            "person is a number",
            post().json(&json!({"person": 7, "password": "x"})),
            400,
            "invalid_request.wrong_type",
        ),
        (
            "person is null",
            post().json(&json!({"person": null, "password": DEMO_PASSWORD})),
            400,
            "invalid_request.wrong_type",
        ),
        (
            "not JSON",
            post()
                .header("content-type", "application/json")
                .body("{person: agency-li"),
            400,
            "invalid_request.not_json",
        ),
        (
            "a form",
            post()
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form(&[
                    ("person", "agency-li"),
                    ("password", DEMO_PASSWORD),
                ])),
            415,
            "invalid_request.content_type",
        ),
        (
            "no content type",
            post().body(json!({"person": "agency-li", "password": DEMO_PASSWORD}).to_string()),
            415,
            "invalid_request.content_type",
        ),
        (
            "oversized",
            post()
                .header("content-type", "application/json")
                .body(format!(
                    "{{\"person\": \"{}\", \"password\": \"x\"}}",
                    "a".repeat(MIB + 10)
                )),
            413,
            "payload_too_large",
        ),
    ];
    for (what, rb, status, code) in cases {
        app.refused(what, SESSION, rb, status, code).await;
    }
    // over the limit without a Content-Length: the limit is hit while reading the body
    let (status, answer) = app
        .chunked("/api/session", "application/json", "", 2 * MIB)
        .await;
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");

    let key = || app.post("/api/session/key");
    let cases: Vec<(&str, RequestBuilder, u16, &str)> = vec![
        (
            "key: missing signature",
            key().json(&json!({"person": "bidder-1", "nonce": "00", "algorithm": "ed25519"})),
            400,
            "invalid_request.missing_field",
        ),
        (
            "key: nonce is a list",
            key().json(&json!({"person": "bidder-1", "nonce": [1], "algorithm": "ed25519", "signature": "00"})),
            400,
            "invalid_request.wrong_type",
        ),
        (
            "key: not JSON",
            key().header("content-type", "application/json").body("nope"),
            400,
            "invalid_request.not_json",
        ),
        (
            "key: spent or unknown nonce",
            key().json(&json!({"person": "bidder-1", "nonce": "00", "algorithm": "ed25519", "signature": "00"})),
            401,
            "auth.bad_challenge",
        ),
    ];
    for (what, rb, status, code) in cases {
        app.refused(what, KEY, rb, status, code).await;
    }
}

#[tokio::test]
async fn sessions_that_are_dead_or_missing() {
    let app = spawn_app().await;
    let (token, csrf) = app.sign_in("staff-wang").await;
    let accept = json!({"command": {"type": "accept", "deferred": [], "pledge": null}});
    let path = "/api/trades/GC-2026-0901/commands";
    app.refused(
        "not signed in",
        CMD,
        app.post(path).json(&accept),
        401,
        "auth.required",
    )
    .await;
    app.refused(
        "invalid bearer token",
        CMD,
        app.post(path).bearer_auth("not-a-token").json(&accept),
        401,
        "auth.session_expired",
    )
    .await;
    app.refused(
        "invalid cookie",
        CMD,
        app.post(path)
            .header("cookie", "sunbid_session=deadbeef")
            .json(&accept),
        401,
        "auth.session_expired",
    )
    .await;
    app.refused(
        "cookie write without CSRF",
        CMD,
        app.post(path)
            .header("cookie", format!("sunbid_session={token}"))
            .json(&accept),
        403,
        "auth.csrf",
    )
    .await;
    app.refused(
        "cookie write with a wrong CSRF",
        CMD,
        app.post(path)
            .header("cookie", format!("sunbid_session={token}"))
            .header("x-csrf-token", "0".repeat(csrf.len()))
            .json(&accept),
        403,
        "auth.csrf",
    )
    .await;
    app.refused(
        "sign out by cookie without CSRF",
        ("delete", "/api/session"),
        app.client
            .delete(app.url("/api/session"))
            .header("cookie", format!("sunbid_session={token}")),
        403,
        "auth.csrf",
    )
    .await;
    app.refused(
        "sign out with a dead token",
        ("delete", "/api/session"),
        app.client
            .delete(app.url("/api/session"))
            .bearer_auth("not-a-token"),
        401,
        "auth.session_expired",
    )
    .await;
    app.refused(
        "who am I, with a dead token",
        ("get", "/api/session"),
        app.get("/api/session").bearer_auth("not-a-token"),
        401,
        "auth.required",
    )
    .await;
    // the session survived all of that
    let r = app.send(app.get("/api/session").bearer_auth(&token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    // signed out, the token is dead
    let r = app
        .send(
            app.client
                .delete(app.url("/api/session"))
                .bearer_auth(&token),
        )
        .await;
    assert_eq!(r.status, 204);
    app.refused(
        "a signed-out token",
        CMD,
        app.post(path).bearer_auth(&token).json(&accept),
        401,
        "auth.session_expired",
    )
    .await;
}

#[tokio::test]
async fn command_bodies() {
    let app = spawn_app().await;
    let (staff, _) = app.sign_in("staff-wang").await;
    let (bidder, _) = app.sign_in("bidder-2").await;
    let (agency, _) = app.sign_in("agency-li").await;
    let path = "/api/trades/GC-2026-0901/commands";
    let cmd = |body: Value| app.post(path).bearer_auth(&staff).json(&body);
    let cases: Vec<(&str, RequestBuilder, u16, &str)> = vec![
        (
            "no command",
            cmd(json!({"expected_version": 1})),
            400,
            "invalid_request.missing_field",
        ),
        (
            "command without a type",
            cmd(json!({"command": {"deferred": []}})),
            400,
            "invalid_request.missing_field",
        ),
        (
            "unknown command type",
            cmd(json!({"command": {"type": "nope"}})),
            400,
            "invalid_request.unknown_value",
        ),
        (
            "command is a string",
            cmd(json!({"command": "accept"})),
            400,
            "invalid_request.wrong_type",
        ),
        (
            "expected_version is a string",
            cmd(json!({"command": {"type": "accept", "deferred": [], "pledge": null}, "expected_version": "1"})),
            400,
            "invalid_request.wrong_type",
        ),
        (
            "expected_version is negative",
            cmd(json!({"command": {"type": "accept", "deferred": [], "pledge": null}, "expected_version": -1})),
            400,
            "invalid_request.bad_value",
        ),
        (
            "expected_version overflows",
            app.post(path)
                .bearer_auth(&staff)
                .header("content-type", "application/json")
                .body(r#"{"command": {"type": "accept", "deferred": [], "pledge": null}, "expected_version": 99999999999999999999999}"#),
            400,
            "invalid_request.wrong_type",
        ),
        (
            "not JSON",
            app.post(path)
                .bearer_auth(&staff)
                .header("content-type", "application/json")
                .body("accept please"),
            400,
            "invalid_request.not_json",
        ),
        (
            "wrong content type",
            app.post(path)
                .bearer_auth(&staff)
                .header("content-type", "text/plain")
                .body(r#"{"command": {"type": "accept"}}"#),
            415,
            "invalid_request.content_type",
        ),
        (
            "oversized",
            app.post(path)
                .bearer_auth(&staff)
                .header("content-type", "application/json")
                .body(vec![b' '; MIB + 1]),
            413,
            "payload_too_large",
        ),
        (
            "stale expected_version",
            cmd(json!({"command": {"type": "accept", "deferred": [], "pledge": null}, "expected_version": 0})),
            409,
            "conflict.stale_version",
        ),
        (
            "unknown post",
            cmd(json!({"command": {"type": "accept", "deferred": [], "pledge": null}, "post": "nope"})),
            422,
            "account.post_vacant",
        ),
        (
            "wrong role",
            app.post(path)
                .bearer_auth(&agency)
                .json(&json!({"command": {"type": "accept", "deferred": [], "pledge": null}})),
            403,
            "access.wrong_role",
        ),
        (
            // a bidder does not see an unannounced trade: it answers as a missing one
            "bidder on an unannounced trade",
            app.post(path)
                .bearer_auth(&bidder)
                .json(&json!({"command": {"type": "accept", "deferred": [], "pledge": null}})),
            404,
            "not_found",
        ),
        (
            "garbage trade id",
            app.post("/api/trades/%E2%98%83%00x/commands")
                .bearer_auth(&staff)
                .json(&json!({"command": {"type": "accept", "deferred": [], "pledge": null}})),
            400,
            "invalid_request",
        ),
        (
            "a withdrawal through the generic route",
            app.post("/api/trades/GC-2026-0905/commands")
                .bearer_auth(&bidder)
                .json(&json!({"command": {"type": "withdraw_bid", "bidder": app::demo::bidder_org(2),
                    "handle": "ab".repeat(32), "token_hash": "cd".repeat(32)}})),
            422,
            "invalid_request.dedicated_route",
        ),
        (
            "a key share through the generic route",
            app.post("/api/trades/GC-2026-0905/commands")
                .bearer_auth(&staff)
                .json(&json!({"command": {"type": "submit_share", "commitment": "ef".repeat(32)}})),
            422,
            "invalid_request.dedicated_route",
        ),
        (
            "no such trade",
            app.post("/api/trades/GC-2099-9999/commands")
                .bearer_auth(&staff)
                .json(&json!({"command": {"type": "accept", "deferred": [], "pledge": null}})),
            // only its registration may name a trade that does not exist
            404,
            "not_found",
        ),
    ];
    for (what, rb, status, code) in cases {
        app.refused(what, CMD, rb, status, code).await;
    }
    let (status, answer) = app
        .chunked(
            path,
            "application/json",
            &format!("Authorization: Bearer {staff}\r\n"),
            2 * MIB,
        )
        .await;
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
}

#[tokio::test]
async fn replays_are_refused() {
    let app = spawn_app().await;
    let (agency, _) = app.sign_in("agency-li").await;
    let register = json!({"command": {
        "type": "register", "trade": "GC-2026-0301", "title": "重复登记", "line": "construction",
        "method": "open_tendering", "region": "330100", "tenderer": app::demo::tenderer_org(1),
        "agency": app::demo::agency_org(), "estimate": 10000, "green_channel": false,
        "invited_bidders": []
    }});
    let r = app
        .send(
            app.post("/api/trades/GC-2026-0301/commands")
                .bearer_auth(&agency)
                .json(&register),
        )
        .await;
    // the command's shape is right: only the replay is wrong
    assert_eq!(r.status, 403, "{}", r.text);
    app.refused(
        "registering a registered trade",
        CMD,
        app.post("/api/trades/GC-2026-0301/commands")
            .bearer_auth(&agency)
            .json(&register),
        403,
        "access.wrong_phase",
    )
    .await;

    // A bidder obtains the documents of an open trade twice. Who obtained is sealed to the
    // opening key (the platform cannot tell the second time from another bidder's first), so
    // each obtaining is one sealed event; the opening reveals who, and when first.
    let (bidder, _) = app.sign_in("bidder-9").await;
    let open = app.send(app.get("/api/trades/GC-2026-0905")).await.json();
    assert!(open["phase"].is_string(), "{open}");
    let obtain =
        json!({"command": {"type": "obtain_documents", "bidder": app::demo::bidder_org(9)}});
    let path = "/api/trades/GC-2026-0905/commands";
    let first = app
        .send(app.post(path).bearer_auth(&bidder).json(&obtain))
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = app
        .send(app.post(path).bearer_auth(&bidder).json(&obtain))
        .await;
    assert_eq!(second.status, 200, "a second obtain: {}", second.text);
    assert_eq!(
        second.json()["events"],
        json!(["trade.documents_obtained"]),
        "{}",
        second.text
    );
    for r in [&first, &second] {
        assert!(
            !r.text.contains(&app::demo::bidder_org(9).to_string()),
            "the outcome names the bidder: {}",
            r.text
        );
    }
    // replaying a command with the version it was first sent with is a conflict
    let version = first.json()["version"].as_u64();
    if let Some(v) = version {
        app.refused(
            "replay with the old version",
            CMD,
            app.post(path).bearer_auth(&bidder).json(&json!({
                "command": obtain["command"], "expected_version": v - 1
            })),
            409,
            "conflict.stale_version",
        )
        .await;
    }
}

#[tokio::test]
async fn reads_with_garbage_paths_and_queries() {
    let app = spawn_app().await;
    let long = "A".repeat(5000);
    let cases: Vec<ReadCase> = vec![
        (
            "garbage timeline id",
            ("get", "/api/trades/{id}/timeline"),
            "/api/trades/%00%FF/timeline".into(),
            400,
            "invalid_request",
        ),
        (
            "long trade id",
            ("get", "/api/trades/{id}"),
            format!("/api/trades/{long}"),
            404,
            "not_found",
        ),
        (
            "long timeline id",
            ("get", "/api/trades/{id}/timeline"),
            format!("/api/trades/{long}/timeline"),
            400,
            "invalid_request",
        ),
        (
            "garbage log id",
            ("get", "/api/trades/{id}/log"),
            "/api/trades/%00%FF/log".into(),
            400,
            "invalid_request",
        ),
        (
            "huge index",
            ("get", "/api/log/proof/inclusion"),
            "/api/log/proof/inclusion?index=99999999999999999999999999".into(),
            400,
            "invalid_request",
        ),
        (
            "index beyond the tree",
            ("get", "/api/log/proof/inclusion"),
            format!("/api/log/proof/inclusion?index={}", u64::MAX),
            400,
            "invalid_request",
        ),
        (
            "negative index",
            ("get", "/api/log/proof/inclusion"),
            "/api/log/proof/inclusion?index=-1".into(),
            400,
            "invalid_request",
        ),
        (
            "missing index",
            ("get", "/api/log/proof/inclusion"),
            "/api/log/proof/inclusion".into(),
            400,
            "invalid_request",
        ),
        (
            "huge size",
            ("get", "/api/log/proof/inclusion"),
            format!("/api/log/proof/inclusion?index=0&size={}", u64::MAX),
            404,
            "not_found",
        ),
        (
            "missing from",
            ("get", "/api/log/proof/consistency"),
            "/api/log/proof/consistency".into(),
            400,
            "invalid_request",
        ),
        (
            "huge from",
            ("get", "/api/log/proof/consistency"),
            format!("/api/log/proof/consistency?from={}", u64::MAX),
            404,
            "not_found",
        ),
        (
            "from is text",
            ("get", "/api/log/proof/consistency"),
            "/api/log/proof/consistency?from=abc&to=1".into(),
            400,
            "invalid_request",
        ),
    ];
    for (what, route, path, status, code) in cases {
        app.refused(what, route, app.get(&path), status, code).await;
    }
    // the log of a trade is not the public's to read
    let r = app.send(app.get("/api/trades/GC-2026-0301/log")).await;
    assert!(r.status == 403 || r.status == 200, "{}", r.text);
}

#[tokio::test]
async fn page_forms() {
    let app = spawn_app().await;
    let urlenc = "application/x-www-form-urlencoded";
    let post_form =
        |path: &str, body: String| app.post(path).header("content-type", urlenc).body(body);
    // sign in
    for (what, rb) in [
        (
            "signin: no password",
            post_form("/signin", form(&[("person", "agency-li")])),
        ),
        ("signin: empty body", post_form("/signin", String::new())),
        (
            "signin: JSON",
            app.post("/signin")
                .json(&json!({"person": "agency-li", "password": DEMO_PASSWORD})),
        ),
        (
            "signin: oversized",
            post_form(
                "/signin",
                form(&[("person", &"a".repeat(MIB)), ("password", "x")]),
            ),
        ),
    ] {
        let message = app.page_refused(what, rb, None).await;
        assert!(!message.is_empty(), "{what}: no message");
    }
    // verify
    for (what, rb) in [
        ("verify: no proof", post_form("/verify", String::new())),
        (
            "verify: JSON",
            app.post("/verify").json(&json!({"proof": "x"})),
        ),
        (
            "verify: oversized",
            post_form("/verify", form(&[("proof", &"a".repeat(MIB + 1))])),
        ),
        (
            "verify: not JSON",
            post_form("/verify", form(&[("proof", "hello")])),
        ),
        (
            "verify: not a proof",
            post_form("/verify", form(&[("proof", r#"{"leaf_index": "x"}"#)])),
        ),
    ] {
        app.page_refused(what, rb, None).await;
    }
    // English when asked
    let r = app.send(post_form("/verify?lang=en", String::new())).await;
    assert!(r.status < 500 && r.status != 200, "{}", r.status);
    assert!(!raw_rejection(&r.text), "{}", r.text);

    // the workbench
    let (staff, staff_csrf) = app.sign_in("staff-wang").await;
    let (agency, agency_csrf) = app.sign_in("agency-li").await;
    let (bidder, bidder_csrf) = app.sign_in("bidder-2").await;
    let staff_cookie = format!("sunbid_session={staff}");
    let agency_cookie = format!("sunbid_session={agency}");
    let bidder_cookie = format!("sunbid_session={bidder}");
    let as_ = |cookie: &str, path: &str, body: String| {
        post_form(path, body).header("cookie", cookie.to_owned())
    };
    let tenderer = app::demo::tenderer_org(1).to_string();
    let register = |csrf: &str, trade: &str| {
        form(&[
            ("csrf", csrf),
            ("trade", trade),
            ("title", "测试项目"),
            ("line", "construction"),
            ("method", "open_tendering"),
            ("region", "330100"),
            ("tenderer", &tenderer),
            ("estimate", "100.00"),
        ])
    };
    let cases: Vec<(&str, RequestBuilder, &str)> = vec![
        (
            "register: no csrf",
            as_(
                &agency_cookie,
                "/work/register",
                form(&[("trade", "GC-2026-1001")]),
            ),
            "auth.csrf",
        ),
        (
            "register: missing fields",
            as_(
                &agency_cookie,
                "/work/register",
                form(&[("csrf", &agency_csrf), ("trade", "GC-2026-1001")]),
            ),
            "bad_form",
        ),
        (
            "register: bad estimate",
            as_(
                &agency_cookie,
                "/work/register",
                register(&agency_csrf, "GC-2026-1001").replace("estimate=100.00", "estimate=lots"),
            ),
            "bad_form",
        ),
        (
            "register: unknown method",
            as_(
                &agency_cookie,
                "/work/register",
                register(&agency_csrf, "GC-2026-1001").replace("open_tendering", "nope"),
            ),
            "bad_form",
        ),
        (
            "register: an existing trade",
            as_(
                &agency_cookie,
                "/work/register",
                register(&agency_csrf, "GC-2026-0301"),
            ),
            // the access matrix refuses a register outside the phase before registration
            "access.wrong_phase",
        ),
        (
            "register: JSON",
            app.post("/work/register")
                .header("cookie", agency_cookie.clone())
                .json(&json!({"csrf": agency_csrf})),
            "bad_form",
        ),
        (
            "register: wrong role",
            as_(
                &bidder_cookie,
                "/work/register",
                register(&bidder_csrf, "GC-2026-1002"),
            ),
            "access.wrong_role",
        ),
        (
            "accept: no csrf",
            as_(
                &staff_cookie,
                "/work/trades/GC-2026-0901/accept",
                String::new(),
            ),
            "auth.csrf",
        ),
        (
            "accept: wrong csrf",
            as_(
                &staff_cookie,
                "/work/trades/GC-2026-0901/accept",
                form(&[("csrf", "nope")]),
            ),
            "auth.csrf",
        ),
        (
            "accept: wrong role",
            as_(
                &bidder_cookie,
                "/work/trades/GC-2026-0901/accept",
                form(&[("csrf", &bidder_csrf)]),
            ),
            // a bidder does not see an unannounced trade: it answers as a missing one
            "not_found",
        ),
        (
            "accept: garbage id",
            as_(
                &staff_cookie,
                "/work/trades/%00%FF/accept",
                form(&[("csrf", &staff_csrf)]),
            ),
            "not_found",
        ),
        (
            "unknown action",
            as_(
                &staff_cookie,
                "/work/trades/GC-2026-0901/nope",
                form(&[("csrf", &staff_csrf)]),
            ),
            "not_found",
        ),
        (
            "book: missing times",
            as_(
                &staff_cookie,
                "/work/trades/GC-2026-0902/book",
                form(&[("csrf", &staff_csrf), ("opening_room", "opening-1")]),
            ),
            "bad_form",
        ),
        (
            "book: garbage time",
            as_(
                &staff_cookie,
                "/work/trades/GC-2026-0902/book",
                form(&[
                    ("csrf", &staff_csrf),
                    ("opening_room", "opening-1"),
                    ("evaluation_room", "evaluation-1"),
                    ("opening_at", "99999-99-99T99:99"),
                    ("evaluation_from", "x"),
                    ("evaluation_to", "y"),
                ]),
            ),
            "bad_form",
        ),
        (
            "publish: no deadline",
            as_(
                &agency_cookie,
                "/work/trades/GC-2026-0904/publish",
                form(&[("csrf", &agency_csrf)]),
            ),
            "bad_form",
        ),
        (
            "publish: JSON",
            app.post("/work/trades/GC-2026-0904/publish")
                .header("cookie", agency_cookie.clone())
                .json(&json!({"csrf": agency_csrf, "deadline": "2026-11-30T09:30"})),
            "bad_form",
        ),
        (
            "obtain: wrong role",
            as_(
                &agency_cookie,
                "/work/trades/GC-2026-0905/obtain",
                form(&[("csrf", &agency_csrf)]),
            ),
            "access.wrong_role",
        ),
        (
            "post away: no csrf",
            as_(&staff_cookie, "/work/posts/acceptance/away", String::new()),
            "auth.csrf",
        ),
        (
            "post: unknown toggle",
            as_(
                &staff_cookie,
                "/work/posts/acceptance/sideways",
                form(&[("csrf", &staff_csrf)]),
            ),
            "not_found",
        ),
        (
            "work: oversized form",
            as_(
                &staff_cookie,
                "/work/trades/GC-2026-0901/accept",
                form(&[("csrf", &staff_csrf), ("x", &"a".repeat(MIB))]),
            ),
            "payload_too_large",
        ),
    ];
    for (what, rb, code) in cases {
        let before = app.state().await;
        let r = app.send(rb.try_clone().unwrap()).await;
        // No redirect: the error page itself, with the status of the refusal's class.
        assert!(
            (400..500).contains(&r.status),
            "{what}: {} {}",
            r.status,
            r.text
        );
        let cookie =
            if what.starts_with("accept: wrong role") || what.starts_with("register: wrong") {
                &bidder_cookie
            } else if what.starts_with("register")
                || what.starts_with("publish")
                || what.starts_with("obtain")
            {
                &agency_cookie
            } else {
                &staff_cookie
            };
        let shown = app.page_refused(what, rb, Some(cookie)).await;
        let expected = web::i18n::Lang::ZhCn.get(&format!("error.{code}")).unwrap();
        assert!(shown.starts_with(expected), "{what}: {shown}");
        assert_eq!(app.state().await, before, "{what}");
    }

    // a dead session on a page write goes to sign in and changes nothing
    app.page_refused(
        "accept: dead session",
        as_(
            "sunbid_session=deadbeef",
            "/work/trades/GC-2026-0901/accept",
            form(&[("csrf", &staff_csrf)]),
        ),
        None,
    )
    .await;
    // sign out without the csrf keeps the session
    let r = app
        .send(as_(&staff_cookie, "/signout", String::new()))
        .await;
    assert!(r.status < 500, "{}", r.text);
    assert!(!raw_rejection(&r.text), "{}", r.text);
    let r = app.send(app.get("/api/session").bearer_auth(&staff)).await;
    assert_eq!(
        r.status, 200,
        "signing out without the csrf ended the session"
    );

    // obtaining twice on the page: the second is refused with a message
    let first = app
        .send(as_(
            &bidder_cookie,
            "/work/trades/GC-2026-0905/obtain",
            form(&[("csrf", &bidder_csrf)]),
        ))
        .await;
    assert!(
        first.location().unwrap().starts_with("/work?done="),
        "{:?}",
        first.location()
    );
    let again = app
        .send(as_(
            &bidder_cookie,
            "/work/trades/GC-2026-0905/obtain",
            form(&[("csrf", &bidder_csrf)]),
        ))
        .await;
    // each obtaining is one sealed event (see `replays_are_refused`)
    let again_to = again.location().unwrap_or_default();
    assert!(
        again_to.starts_with("/work?done=trade.documents_obtained"),
        "obtain twice: {again_to}"
    );
    let page = app
        .send(app.get(&again_to).header("cookie", bidder_cookie.clone()))
        .await;
    let notice = page
        .text
        .split_once("id=\"notice\">")
        .map(|(_, rest)| rest.split('<').next().unwrap().to_owned())
        .unwrap();
    assert!(has_cjk(&notice) && !notice.contains("event."), "{notice}");
}

#[tokio::test]
async fn document_uploads() {
    let app = spawn_app().await;
    let (agency, csrf) = app.sign_in("agency-li").await;
    let (bidder, bidder_csrf) = app.sign_in("bidder-2").await;
    let cookie = format!("sunbid_session={agency}");
    let bidder_cookie = format!("sunbid_session={bidder}");
    let path = "/work/trades/GC-2026-0903/documents";
    let upload = |cookie: &str, body: Vec<u8>| {
        app.post(path)
            .header("cookie", cookie.to_owned())
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body)
    };
    let big = vec![b'x'; MIB + 1];
    let cases: Vec<(&str, RequestBuilder, &str, &str)> = vec![
        (
            "upload: no file",
            upload(&cookie, multipart(&[("csrf", None, csrf.as_bytes())])),
            "bad_upload",
            &cookie,
        ),
        (
            "upload: empty file",
            upload(
                &cookie,
                multipart(&[
                    ("csrf", None, csrf.as_bytes()),
                    ("file", Some("a.pdf"), b""),
                ]),
            ),
            "bad_upload",
            &cookie,
        ),
        (
            "upload: no csrf",
            upload(&cookie, multipart(&[("file", Some("a.pdf"), b"%PDF")])),
            "auth.csrf",
            &cookie,
        ),
        (
            "upload: wrong role",
            upload(
                &bidder_cookie,
                multipart(&[
                    ("csrf", None, bidder_csrf.as_bytes()),
                    ("file", Some("a.pdf"), b"%PDF"),
                ]),
            ),
            // a bidder does not see an unannounced trade: it answers as a missing one
            "not_found",
            &bidder_cookie,
        ),
        (
            "upload: not multipart",
            app.post(path)
                .header("cookie", cookie.clone())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form(&[("csrf", &csrf)])),
            "bad_upload",
            &cookie,
        ),
        (
            "upload: broken multipart",
            upload(&cookie, b"--nope\r\n garbage".to_vec()),
            "bad_upload",
            &cookie,
        ),
        (
            "upload: oversized",
            upload(
                &cookie,
                multipart(&[
                    ("csrf", None, csrf.as_bytes()),
                    ("file", Some("a.pdf"), &big),
                ]),
            ),
            "payload_too_large",
            &cookie,
        ),
    ];
    for (what, rb, code, c) in cases {
        let r = app.send(rb.try_clone().unwrap()).await;
        assert!(
            (400..500).contains(&r.status),
            "{what}: {} {}",
            r.status,
            r.text
        );
        let shown = app.page_refused(what, rb, Some(c)).await;
        let expected = web::i18n::Lang::ZhCn.get(&format!("error.{code}")).unwrap();
        assert!(shown.starts_with(expected), "{what}: {shown}");
    }
    // oversized without a Content-Length
    let before = app.state().await;
    let (status, answer) = app
        .chunked(
            path,
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            &format!("Cookie: {cookie}\r\n"),
            2 * MIB,
        )
        .await;
    assert!((300..500).contains(&status), "{status} {answer}");
    assert!(!raw_rejection(&answer), "{answer}");
    assert_eq!(app.state().await, before);
    // Downloads of garbage ids, or by a bidder once bidding is over and it is not in the
    // opening record, go back with a message. (While bidding is open any bidder may have the
    // documents: who obtained them is sealed, so it cannot be checked.)
    for (what, p) in [
        ("download: garbage id", "/work/trades/%00%FF/documents"),
        (
            "download: not a bidder of a closed trade",
            "/work/trades/ZC-2026-0407/documents",
        ),
    ] {
        app.page_refused(
            what,
            app.get(p).header("cookie", bidder_cookie.clone()),
            Some(&bidder_cookie),
        )
        .await;
    }
}

#[tokio::test]
async fn public_pages_with_garbage() {
    let app = spawn_app().await;
    for path in [
        "/trades/%00%FF",
        "/trades/GC-2099-0001",
        "/?from=99999-99-99&to=x&line=nope&method=nope&status=nope&region=%00",
        "/?q=%FF%FE",
        "/lang/xx?back=//evil.example",
        "/work?error=auth.csrf",
        "/verify?lang=nope",
    ] {
        let r = app.send(app.get(path)).await;
        assert!(r.status < 500, "{path}: {}", r.status);
        assert!(!raw_rejection(&r.text), "{path}: {}", r.text);
        if let Some(to) = r.location() {
            assert!(to.starts_with('/') && !to.starts_with("//"), "{path}: {to}");
        }
    }
    app.page_refused("no such trade page", app.get("/trades/GC-2099-0001"), None)
        .await;
}

/// What, the documented route, the request, the status and the code.
type RouteCase<'a> = (&'a str, (&'a str, &'a str), RequestBuilder, u16, &'a str);

const BIDS: (&str, &str) = ("post", "/api/trades/{id}/bids");
const WITHDRAW: (&str, &str) = ("post", "/api/trades/{id}/bids/withdraw");
const SHARES: (&str, &str) = ("post", "/api/trades/{id}/opening/shares");

/// The round's opening key as a bidder's client reads it.
async fn opening_key(app: &TestApp, trade: &str) -> seal::OpeningPublicKey {
    let key = app
        .send(app.get(&format!("/api/trades/{trade}/opening-key")))
        .await
        .json();
    let suite = seal::Suite::ALL
        .into_iter()
        .find(|s| key["suite"] == s.name())
        .unwrap_or_else(|| panic!("{trade}: {key}"));
    let bytes = hex::decode(key["public_key"].as_str().unwrap()).unwrap();
    seal::OpeningPublicKey::from_bytes(suite, &bytes).unwrap()
}

/// A real bid of `bidder` for `trade`, sealed to the key of `to` (the same trade, unless the
/// test wants it addressed elsewhere).
async fn sealed(app: &TestApp, to: &str, trade: &str, bidder: &str) -> Vec<u8> {
    let package = seal::BidPackage {
        trade: trade.to_owned(),
        bidder: bidder.to_owned(),
        price_fen: 650_000_000,
        period_days: 90,
        deposit_account: None,
        files: vec![seal::BidFile::new(
            "投标函.pdf",
            None,
            b"%PDF-1.7 bid".to_vec(),
        )],
    };
    let public = opening_key(app, to).await;
    seal::seal(
        &public,
        trade,
        &package.to_bytes().unwrap(),
        &mut seal::os_rng(),
    )
    .unwrap()
}

fn files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.file_type().is_ok_and(|t| t.is_dir()) {
                        files_under(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn sealed_bid_routes() {
    // A small size limit, and GC-2026-0906 left at its opening, waiting for the shares.
    let limit = 16 * 1024;
    let policy = app::bidding::OpeningPolicy {
        max_bid_bytes: limit,
        ..Default::default()
    };
    let app = spawn_app_with(policy, Some("GC-2026-0906")).await;
    let (bidder, bidder_csrf) = app.sign_in("bidder-2").await;
    let (tenderer, _) = app.sign_in("tenderer-1").await;
    let (staff, _) = app.sign_in("staff-wang").await;
    let (other_staff, _) = app.sign_in("staff-chen").await;
    let (agency, _) = app.sign_in("agency-li").await;
    let open = "GC-2026-0905";
    let held = "GC-2026-0906";
    let bids = format!("/api/trades/{open}/bids");
    let org = app::demo::bidder_org(2).to_string();
    let envelope = sealed(&app, open, open, &org).await;
    let upload = |token: Option<&str>, body: Vec<u8>| {
        let rb = app
            .post(&bids)
            .header("content-type", "application/octet-stream")
            .body(body);
        match token {
            Some(t) => rb.bearer_auth(t.to_owned()),
            None => rb,
        }
    };
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\n".to_vec();
    pdf.resize(4096, b' ');
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let truncated = envelope[..envelope.len().min(40)].to_vec();
    let too_big = vec![0x5a; limit as usize + 1];
    let cases: Vec<RouteCase> = vec![
        (
            "bid: not signed in",
            BIDS,
            upload(None, envelope.clone()),
            401,
            "auth.required",
        ),
        (
            "bid: a dead token",
            BIDS,
            upload(Some("not-a-token"), envelope.clone()),
            401,
            "auth.session_expired",
        ),
        (
            "bid: by cookie without CSRF",
            BIDS,
            app.post(&bids)
                .header("cookie", format!("sunbid_session={bidder}"))
                .body(envelope.clone()),
            403,
            "auth.csrf",
        ),
        (
            "bid: as a tenderer",
            BIDS,
            upload(Some(&tenderer), envelope.clone()),
            403,
            "access.wrong_role",
        ),
        (
            "bid: a PDF",
            BIDS,
            upload(Some(&bidder), pdf),
            422,
            "seal.not_sealed",
        ),
        (
            "bid: random bytes",
            BIDS,
            upload(Some(&bidder), random),
            422,
            "seal.not_sealed",
        ),
        (
            "bid: an empty body",
            BIDS,
            upload(Some(&bidder), Vec::new()),
            422,
            "seal.not_sealed",
        ),
        (
            "bid: a truncated envelope",
            BIDS,
            upload(Some(&bidder), truncated),
            422,
            "seal.malformed",
        ),
        (
            "bid: sealed for another trade",
            BIDS,
            upload(
                Some(&bidder),
                sealed(&app, "GC-2026-0904", "GC-2026-0904", &org).await,
            ),
            422,
            "seal.wrong_trade",
        ),
        (
            "bid: sealed to another trade's key",
            BIDS,
            upload(
                Some(&bidder),
                sealed(&app, "GC-2026-0904", open, &org).await,
            ),
            422,
            "seal.wrong_key",
        ),
        (
            "bid: over the limit",
            BIDS,
            upload(Some(&bidder), too_big),
            413,
            "bid.too_large",
        ),
        (
            "bid: a malformed bid key",
            BIDS,
            upload(Some(&bidder), envelope.clone()).header("idempotency-key", "short"),
            422,
            "bid.bad_key",
        ),
        (
            "bid: a bid key with odd characters",
            BIDS,
            upload(Some(&bidder), envelope.clone())
                .header("idempotency-key", "a-bid-key-with/slash+plus=="),
            422,
            "bid.bad_key",
        ),
        (
            "bid: a malformed key of the bid replaced",
            BIDS,
            upload(Some(&bidder), envelope.clone()).header("x-replaces-bid-key", "!"),
            422,
            "bid.bad_key",
        ),
        (
            "bid: replacing a bid that does not exist",
            BIDS,
            upload(Some(&bidder), envelope.clone())
                .header("x-replaces-bid-key", "no-such-bid-key-0000000000"),
            422,
            "trade.unknown_bid",
        ),
        (
            "bid: after the deadline",
            BIDS,
            app.post(&format!("/api/trades/{held}/bids"))
                .bearer_auth(&bidder)
                .body(sealed(&app, held, held, &org).await),
            422,
            "trade.late",
        ),
    ];
    let blobs = app.world.dir.join("blobs");
    for (what, route, rb, status, code) in cases {
        let stored = files_under(&blobs);
        app.refused(what, route, rb, status, code).await;
        // A refused upload leaves no file behind (stored only once accepted).
        assert_eq!(files_under(&blobs), stored, "{what}: a file was stored");
    }
    // A garbage trade id: 400 and nothing changes.
    // A garbage trade id (400, documented).
    let before = app.state().await;
    let r = app
        .send(
            app.post("/api/trades/%00%FF/bids")
                .bearer_auth(&bidder)
                .body(envelope.clone()),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.json()["error"]["code"], "invalid_request", "{}", r.text);
    assert!(
        has_cjk(r.json()["error"]["message"].as_str().unwrap_or("")),
        "{}",
        r.text
    );
    assert_eq!(
        app.state().await,
        before,
        "a garbage trade id changed something"
    );
    // English by query too
    let r = app
        .send(
            app.post(&format!("{bids}?lang=en"))
                .bearer_auth(&bidder)
                .body(b"%PDF-1.4".to_vec()),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    let message = r.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(is_english(&message), "{message}");
    // over the limit without a Content-Length: refused while the body streams in
    let before = app.state().await;
    let (status, answer) = app
        .chunked(
            &bids,
            "application/octet-stream",
            &format!("Authorization: Bearer {bidder}\r\n"),
            4 * limit as usize,
        )
        .await;
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("bid.too_large"), "{answer}");
    assert_eq!(app.state().await, before, "a chunked upload over the limit");

    // A bid that is accepted, then its key reused for other bytes.
    let key = "bad-input-bid-key-0000000001";
    let first = app
        .send(upload(Some(&bidder), envelope.clone()).header("idempotency-key", key))
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let retry = app
        .send(upload(Some(&bidder), envelope.clone()).header("idempotency-key", key))
        .await;
    assert_eq!(retry.status, 201, "a retry: {}", retry.text);
    assert_eq!(retry.json()["handle"], first.json()["handle"], "a retry");
    app.refused(
        "bid: a bid key reused for another file",
        BIDS,
        upload(Some(&bidder), sealed(&app, open, open, &org).await).header("idempotency-key", key),
        422,
        "bid.key_reused",
    )
    .await;

    // Withdrawals.
    let withdraw = format!("/api/trades/{open}/bids/withdraw");
    let w = || app.post(&withdraw).bearer_auth(&bidder);
    let cases: Vec<(&str, RequestBuilder, u16, &str)> = vec![
        (
            "withdraw: not JSON",
            w().header("content-type", "application/json")
                .body("{bid_key: nope"),
            400,
            "invalid_request.not_json",
        ),
        (
            "withdraw: no bid key",
            w().json(&json!({})),
            400,
            "invalid_request.missing_field",
        ),
        (
            "withdraw: the bid key is a number",
            w().json(&json!({"bid_key": 7})),
            400,
            "invalid_request.wrong_type",
        ),
        (
            "withdraw: not signed in",
            app.post(&withdraw).json(&json!({"bid_key": key})),
            401,
            "auth.required",
        ),
        (
            "withdraw: a malformed bid key",
            w().json(&json!({"bid_key": "short"})),
            422,
            "bid.bad_key",
        ),
        (
            "withdraw: an unknown bid key",
            w().json(&json!({"bid_key": "no-such-bid-key-0000000000"})),
            422,
            "trade.unknown_bid",
        ),
        (
            "withdraw: as a tenderer",
            app.post(&withdraw)
                .bearer_auth(&tenderer)
                .json(&json!({"bid_key": key})),
            403,
            "access.wrong_role",
        ),
        (
            "withdraw: by cookie without CSRF",
            app.post(&withdraw)
                .header("cookie", format!("sunbid_session={bidder}"))
                .json(&json!({"bid_key": key})),
            403,
            "auth.csrf",
        ),
        (
            "withdraw: after the deadline",
            app.post(&format!("/api/trades/{held}/bids/withdraw"))
                .bearer_auth(&bidder)
                .json(&json!({"bid_key": key})),
            422,
            "trade.late",
        ),
    ];
    for (what, rb, status, code) in cases {
        app.refused(what, WITHDRAW, rb, status, code).await;
    }
    // the same by cookie with the CSRF token works: the bid is withdrawn
    let r = app
        .send(
            app.post(&withdraw)
                .header("cookie", format!("sunbid_session={bidder}"))
                .header("x-csrf-token", bidder_csrf.clone())
                .json(&json!({"bid_key": key})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.refused(
        "withdraw: twice",
        WITHDRAW,
        w().json(&json!({"bid_key": key})),
        422,
        "trade.unknown_bid",
    )
    .await;

    // Key shares, on the opening waiting for them.
    let shares = format!("/api/trades/{held}/opening/shares");
    let share = |token: &str, share: &str| {
        app.post(&shares)
            .bearer_auth(token.to_owned())
            .json(&json!({ "share": share }))
    };
    let b64 = |bytes: &[u8]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(bytes)
    };
    let mut fake = vec![1u8];
    fake.extend([7u8; 32]);
    let fake = b64(&fake);
    let cases: Vec<(&str, RequestBuilder, u16, &str)> = vec![
        (
            "share: not base64",
            share(&staff, "this is not base64!"),
            422,
            "seal.bad_share",
        ),
        (
            "share: too short",
            share(&staff, &b64(&[1, 2, 3])),
            422,
            "seal.bad_share",
        ),
        (
            "share: index 0",
            share(&staff, &b64(&[0u8; 33])),
            422,
            "seal.bad_share",
        ),
        (
            "share: not JSON",
            app.post(&shares)
                .bearer_auth(&staff)
                .header("content-type", "application/json")
                .body("share"),
            400,
            "invalid_request.not_json",
        ),
        (
            "share: no share",
            app.post(&shares).bearer_auth(&staff).json(&json!({})),
            400,
            "invalid_request.missing_field",
        ),
        (
            "share: not signed in",
            app.post(&shares).json(&json!({ "share": fake })),
            401,
            "auth.required",
        ),
        (
            "share: by a bidder",
            share(&bidder, &fake),
            403,
            "access.wrong_role",
        ),
        (
            "share: by staff who hold no share",
            share(&other_staff, &fake),
            403,
            "trade.not_custodian",
        ),
        (
            "share: by the agency, not a custodian of this trade",
            share(&agency, &fake),
            403,
            "trade.not_custodian",
        ),
        (
            "share: the wrong share of a custodian",
            share(&staff, &fake),
            422,
            "trade.wrong_share",
        ),
        (
            "share: before the opening",
            app.post(&format!("/api/trades/{open}/opening/shares"))
                .bearer_auth(&staff)
                .json(&json!({ "share": fake })),
            422,
            "trade.opening_not_started",
        ),
    ];
    for (what, rb, status, code) in cases {
        app.refused(what, SHARES, rb, status, code).await;
    }

    // Reads of the opening.
    let cases: Vec<ReadCase> = vec![
        (
            "opening key: none before the announcement",
            ("get", "/api/trades/{id}/opening-key"),
            "/api/trades/GC-2026-0901/opening-key".into(),
            404,
            "not_found",
        ),
        (
            "opening key: garbage id",
            ("get", "/api/trades/{id}/opening-key"),
            "/api/trades/%00%FF/opening-key".into(),
            400,
            "invalid_request",
        ),
        (
            "opening: no such trade",
            ("get", "/api/trades/{id}/opening"),
            "/api/trades/GC-2099-0001/opening".into(),
            404,
            "not_found",
        ),
        (
            "opening record: sealed before the opening",
            ("get", "/api/trades/{id}/opening/record"),
            format!("/api/trades/{open}/opening/record"),
            403,
            "access.sealed_until_opening",
        ),
        (
            "opening record: garbage id",
            ("get", "/api/trades/{id}/opening/record"),
            "/api/trades/%00%FF/opening/record".into(),
            400,
            "invalid_request",
        ),
    ];
    for (what, route, path, status, code) in cases {
        app.refused(what, route, app.get(&path), status, code).await;
    }
}
