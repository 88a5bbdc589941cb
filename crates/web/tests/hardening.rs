//! Web hygiene of issue #12: security headers and a strict CSP on every response (and pages
//! with nothing inline for it to forbid), sign-in refused across sites (login CSRF),
//! `Secure` cookies when browsers come over TLS, redirects only to this site, uploads
//! refused before their body is read, and live streams that end with their session.
mod support;
// Issue 13's "pages people can use" share this binary and its seeded world.
#[path = "people/pages.rs"]
mod people_pages;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::accounts::PersonCommand;
use serde_json::{Value, json};
use support::*;
use tower::ServiceExt as _;

fn signed(person: &str) -> Person {
    template().people[person].clone()
}

/// Every `<script>` loads a file or is inert data; no `<style>`, `style=` or `on…=`.
fn inline_code(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..i + html[i..].find('>').unwrap_or(0)];
        if !tag.contains(" src=") && !tag.contains("type=\"application/json\"") {
            found.push(tag.to_owned());
        }
    }
    if html.contains("<style") {
        found.push("<style>".into());
    }
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices(" style=") {
        found.push(lower[i..(i + 30).min(lower.len())].to_owned());
    }
    for (i, _) in lower.match_indices(" on") {
        let name: String = lower[i + 1..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        if name.len() > 2 && lower[i + 1 + name.len()..].starts_with('=') {
            found.push(name);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers_and_pages_have_nothing_inline() {
    let world = World::copy().await;
    let s = &world.server;
    let staff = s.page_sign_in("staff-wang").await;
    let bidder = s.page_sign_in("bidder-1").await;
    let pages: [(&str, Option<&str>); 12] = [
        ("/", None),
        ("/trades/GC-2026-0904", None),
        ("/signin", None),
        ("/verify", None),
        ("/guides", None),
        ("/work", Some(&staff)),
        ("/work", Some(&bidder)),
        ("/work/trades/GC-2026-0906/live", Some(&staff)),
        ("/trades/GC-2026-0904/bid", Some(&bidder)),
        ("/trades/ZC-2026-0601/opening", Some(&staff)),
        ("/trades/GC-2026-0905/draw", Some(&staff)),
        ("/experts", Some(&staff)),
    ];
    let others = [
        "/api/trades",
        "/api/trades/NO-SUCH-0001",
        "/static/site.css",
        "/static/live.js",
        "/health",
        "/no/such/page",
    ];
    let all = pages
        .iter()
        .copied()
        .chain(others.iter().map(|p| (*p, None)));
    for (path, cookie) in all {
        let mut request = s.client.get(s.url(path));
        if let Some(c) = cookie {
            request = request.header("cookie", format!("sunbid_session={c}"));
        }
        let r = request.send().await.unwrap();
        let h = r.headers().clone();
        let status = r.status();
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert_eq!(csp, web::site::CONTENT_SECURITY_POLICY, "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(
            h.get("strict-transport-security").is_none(),
            "{path}: no TLS here"
        );
        let html = r.text().await.unwrap();
        if pages.iter().any(|(p, c)| *p == path && *c == cookie) {
            assert_eq!(status, 200, "{path}: {html}");
            assert_eq!(inline_code(&html), Vec::<String>::new(), "{path}");
        }
    }
    world.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_refused_across_sites() {
    let world = World::copy().await;
    let s = &world.server;
    let form = format!("person=bidder-1&password={}", app::demo::DEMO_PASSWORD);
    let page = |headers: &[(&str, &str)]| {
        let mut r = s
            .client
            .post(s.url("/signin"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone());
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r
    };
    let api = |headers: &[(&str, &str)]| {
        let mut r = s
            .client
            .post(s.url("/api/session"))
            .json(&json!({"person": "bidder-1", "password": app::demo::DEMO_PASSWORD}));
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r
    };
    let own_origin = s.base.clone();
    let cross: [&[(&str, &str)]; 3] = [
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site")],
        &[("origin", "https://evil.example")],
    ];
    for headers in cross {
        // The API answers JSON; the sign-in page shows an error page with the same message.
        for (request, is_page) in [(page(headers), true), (api(headers), false)] {
            let r = request.send().await.unwrap();
            let status = r.status();
            assert!(r.headers().get("set-cookie").is_none(), "{headers:?}");
            let text = r.text().await.unwrap();
            assert_eq!(status, 403, "{headers:?}: {text}");
            let message = "请求来自其他网站，已被拒绝。请直接打开本站后重试。";
            if is_page {
                assert!(text.contains(message), "{headers:?}: {text}");
            } else {
                let body: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(body["error"]["code"], "auth.cross_origin");
                assert_eq!(body["error"]["message"], message);
            }
        }
    }
    // The browser's own page, and clients that are no browser, sign in.
    let same: [&[(&str, &str)]; 3] = [
        &[("sec-fetch-site", "same-origin")],
        &[("origin", own_origin.as_str())],
        &[],
    ];
    for headers in same {
        assert_eq!(
            page(headers).send().await.unwrap().status(),
            303,
            "{headers:?}"
        );
        assert_eq!(
            api(headers).send().await.unwrap().status(),
            200,
            "{headers:?}"
        );
    }
    world.close().await;
}

fn session_cookie(r: &axum::response::Response) -> String {
    r.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("sunbid_session="))
        .unwrap_or_default()
}

async fn api_sign_in(
    app: &axum::Router,
    person: &str,
    password: &str,
    peer: &str,
    headers: &[(&str, &str)],
) -> axum::response::Response {
    let mut request = Request::post("/api/session").header("content-type", "application/json");
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let mut request = request
        .body(Body::from(
            json!({"person": person, "password": password}).to_string(),
        ))
        .unwrap();
    let peer: std::net::SocketAddr = peer.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    app.clone().oneshot(request).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_are_secure_when_browsers_come_over_tls() {
    let world = World::copy().await;
    let p = world.platform.clone();
    let pw = app::demo::DEMO_PASSWORD;
    // Plain HTTP: no `Secure` (the browser would drop the cookie).
    let plain = web::router(p.clone());
    let r = api_sign_in(&plain, "bidder-1", pw, "192.0.2.1:5000", &[]).await;
    assert!(
        !session_cookie(&r).contains("Secure"),
        "{}",
        session_cookie(&r)
    );
    // Behind a TLS proxy, named by --public-url: Secure, and HSTS.
    let tls = web::router_with(
        p.clone(),
        &web::Settings {
            public_url: Some(web::PublicUrl::parse("https://bids.example.gov.cn").unwrap()),
            ..web::Settings::default()
        },
    );
    let r = api_sign_in(&tls, "bidder-1", pw, "192.0.2.1:5000", &[]).await;
    assert!(
        session_cookie(&r).ends_with("; Secure"),
        "{}",
        session_cookie(&r)
    );
    assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
    let form = Request::post("/signin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("person=bidder-2&password={pw}")))
        .unwrap();
    let r = tls.clone().oneshot(form).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        session_cookie(&r).ends_with("; Secure"),
        "{}",
        session_cookie(&r)
    );
    // The public origin is trusted by the cross-origin check even if the proxy rewrites Host.
    let r = api_sign_in(
        &tls,
        "bidder-3",
        pw,
        "192.0.2.1:5000",
        &[
            ("origin", "https://bids.example.gov.cn"),
            ("host", "127.0.0.1:8080"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    // A trusted proxy says the browser came over TLS, and who it is.
    let proxied = web::router_with(
        p.clone(),
        &web::Settings {
            trusted_proxies: vec!["10.0.0.1".parse().unwrap()],
            ..web::Settings::default()
        },
    );
    let https = [("x-forwarded-proto", "https")];
    let r = api_sign_in(&proxied, "bidder-4", pw, "10.0.0.1:4000", &https).await;
    assert!(session_cookie(&r).ends_with("; Secure"));
    let r = api_sign_in(&proxied, "bidder-4", pw, "192.0.2.9:4000", &https).await;
    assert!(
        !session_cookie(&r).contains("Secure"),
        "an untrusted peer's X-Forwarded-Proto is not believed"
    );
    // Failures behind the proxy count against the forwarded address, not the proxy's: one
    // client's guessing does not lock the others behind the same proxy out.
    let from = |ip: &'static str| [("x-forwarded-for", ip)];
    for _ in 0..app::PAIR_MAX_FAILURES {
        api_sign_in(
            &proxied,
            "bidder-5",
            "wrong",
            "10.0.0.1:1",
            &from("203.0.113.5"),
        )
        .await;
    }
    let r = api_sign_in(&proxied, "bidder-5", pw, "10.0.0.1:1", &from("203.0.113.5")).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = api_sign_in(
        &proxied,
        "bidder-5",
        pw,
        "10.0.0.1:1",
        &from("198.51.100.5"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    world.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_go_only_to_this_site() {
    let world = World::copy().await;
    let s = &world.server;
    let location = |r: &reqwest::Response| {
        r.headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    for (back, expected) in [
        ("/%5Cevil.example", "/"),
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("%2F%2Fevil.example", "/"),
        ("https://evil.example/", "/"),
        ("/x%0D%0ASet-Cookie:%20a=1", "/"),
        (
            "/trades/GC-2026-0904%3Flang%3Den%26q%3D1",
            "/trades/GC-2026-0904?q=1",
        ),
    ] {
        let r = s
            .client
            .get(s.url(&format!("/lang/zh-CN?back={back}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{back}");
        assert_eq!(location(&r).as_deref(), Some(expected), "{back}");
    }
    // Sign-in comes back to the page that asked for it, and only to this site: the page
    // answers 401 with a sign-in link carrying it.
    let r = s.client.get(s.url("/work?lang=en")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="error-sign-in" href="/signin?next=%2Fwork%3Flang%3Den""#),
        "{html}"
    );
    let page = s
        .client
        .get(s.url("/signin?next=%2Fwork%3Flang%3Den"))
        .send();
    let html = page.await.unwrap().text().await.unwrap();
    assert!(
        html.contains(r#"name="next" value="/work?lang=en""#),
        "{html}"
    );
    for (next, expected) in [
        ("%2Fexperts", "/experts"),
        ("%2F%5Cevil.example", "/work"),
        ("%2F%09%2Fevil.example", "/work"),
        ("https%3A%2F%2Fevil.example", "/work"),
    ] {
        let r = s
            .client
            .post(s.url("/signin"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "person=staff-wang&password={}&next={next}",
                app::demo::DEMO_PASSWORD
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{next}");
        assert_eq!(location(&r).as_deref(), Some(expected), "{next}");
    }
    world.close().await;
}

/// A body that counts the bytes the server pulled from it.
fn counted(bytes: usize, pulled: Arc<AtomicUsize>) -> Body {
    const CHUNK: usize = 64 * 1024;
    let chunks = (0..bytes.div_ceil(CHUNK)).map(move |_| {
        pulled.fetch_add(CHUNK, Ordering::SeqCst);
        Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![0u8; CHUNK]))
    });
    Body::from_stream(futures_util::stream::iter(chunks))
}

async fn upload(
    app: &axum::Router,
    path: &str,
    who: &Person,
    bytes: usize,
    announced: Option<usize>,
) -> (StatusCode, usize) {
    let pulled = Arc::new(AtomicUsize::new(0));
    let mut request = Request::post(path)
        .header(
            "authorization",
            format!("Bearer {}", who.token.as_deref().unwrap()),
        )
        .header("content-type", "application/octet-stream");
    if let Some(n) = announced {
        request = request.header("content-length", n);
    }
    let request = request.body(counted(bytes, pulled.clone())).unwrap();
    let r = app.clone().oneshot(request).await.unwrap();
    (r.status(), pulled.load(Ordering::SeqCst))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_refused_before_their_body_is_read() {
    let world = World::copy().await;
    let app = web::router(world.platform.clone());
    let bids = "/api/trades/GC-2026-0904/bids";
    const MIB: usize = 1024 * 1024;
    // Roles that may not bid: refused with nothing read.
    for who in ["expert-zhao", "supervisor-zhou", "agency-li", "staff-wang"] {
        let (status, pulled) = upload(&app, bids, &signed(who), 8 * MIB, None).await;
        assert_eq!((status, pulled), (StatusCode::FORBIDDEN, 0), "{who}");
    }
    // A bidder announcing more than the limit: refused with nothing read.
    let bidder = signed("bidder-1");
    let (status, pulled) = upload(&app, bids, &bidder, MIB, Some(200 * MIB)).await;
    assert_eq!((status, pulled), (StatusCode::PAYLOAD_TOO_LARGE, 0));
    // A bidder's upload is read (and this one, being no envelope, refused after).
    let (status, pulled) = upload(&app, bids, &bidder, 64 * 1024, None).await;
    assert_eq!(
        (status, pulled),
        (StatusCode::UNPROCESSABLE_ENTITY, 64 * 1024)
    );
    // Pool files: only centre staff's are read.
    let pool = "/api/experts/import";
    let (status, pulled) = upload(&app, pool, &bidder, 8 * MIB, None).await;
    assert_eq!((status, pulled), (StatusCode::FORBIDDEN, 0));
    world.close().await;
}

/// Anyone may post an evaluation input (up to 32 MiB): only a few are read at once, the
/// others wait with their input unread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_evaluations_are_read_a_few_at_a_time() {
    let world = World::copy().await;
    let app = web::router(world.platform.clone());
    let pulled: Vec<Arc<AtomicUsize>> = (0..5).map(|_| Arc::default()).collect();
    let tasks: Vec<_> = pulled
        .iter()
        .map(|counter| {
            let counter = counter.clone();
            // A client that sends a first piece, then nothing more.
            let body = futures_util::stream::StreamExt::chain(
                futures_util::stream::once(async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"{"))
                }),
                futures_util::stream::pending(),
            );
            let request = Request::post("/api/evaluate")
                .header("content-type", "application/json")
                .body(Body::from_stream(body))
                .unwrap();
            tokio::spawn(app.clone().oneshot(request))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let read: usize = pulled.iter().map(|c| c.load(Ordering::SeqCst)).sum();
    for t in tasks {
        t.abort();
    }
    assert_eq!(read, web::EVALUATIONS_AT_ONCE, "inputs read at once");
    world.close().await;
}

/// Reads `stream` until it ends; `true` if it ended within `within`.
async fn ends_within(r: &mut reqwest::Response, within: Duration) -> bool {
    tokio::time::timeout(within, async { while let Ok(Some(_)) = r.chunk().await {} })
        .await
        .is_ok()
}

async fn open_stream(s: &Server, path: &str, token: &str) -> reqwest::Response {
    let mut r = s
        .client
        .get(s.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let first = r.chunk().await.unwrap().unwrap_or_default();
    assert!(
        String::from_utf8_lossy(&first).contains("event: entry"),
        "{path} sends entries"
    );
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_streams_end_when_their_session_does() {
    let world = World::copy().await;
    let s = &world.server;
    let trade_live = "/api/trades/GC-2026-0906/live";
    let supervisor = signed("supervisor-zhou");
    let token = supervisor.token.as_deref().unwrap();
    let mut live = open_stream(s, trade_live, token).await;
    let mut second = open_stream(s, trade_live, token).await;
    let staff = signed("staff-wang");
    let mut others = open_stream(s, trade_live, staff.token.as_deref().unwrap()).await;
    assert!(
        !ends_within(&mut second, Duration::from_millis(500)).await,
        "streams stay open while their session does"
    );
    // Signed out (through the API): both streams of that session end at once, no other.
    let r = s
        .client
        .delete(s.url("/api/session"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(
        ends_within(&mut live, Duration::from_secs(3)).await,
        "ended at sign-out"
    );
    assert!(
        ends_within(&mut second, Duration::from_secs(3)).await,
        "ended at sign-out"
    );
    assert!(
        !ends_within(&mut others, Duration::from_millis(500)).await,
        "another session's stream goes on"
    );
    // A person disabled while watching: the stream ends when the account changes.
    let agency = signed("agency-li");
    let mut live = open_stream(s, trade_live, agency.token.as_deref().unwrap()).await;
    let disable = PersonCommand::Disable {
        reason: "离职".into(),
    };
    app::accounts::execute_person(
        &world.platform,
        "agency-li",
        disable,
        &app::demo::staff(),
        &app::Meta::default(),
    )
    .await
    .unwrap();
    assert!(
        ends_within(&mut live, Duration::from_secs(3)).await,
        "ended at deactivation"
    );
    world.close().await;
}
