//! Issue #5 over HTTP: staff draw; before the evaluation starts no route, page or role (the
//! tenderer included, staff too) shows a drawn expert's name or id; experts see and answer
//! their own invitations only; the reveal is refused before the start; then the names come
//! out to those who may see them and the published draw re-checks.
mod support;

use app::demo::DEMO_EXPERTS;
use serde_json::{Value, json};
use support::{PEOPLE, Person, TRADES, World, template};
use time::macros::datetime;

const TRADE: &str = "GC-2026-0904";

fn draw_request() -> Value {
    json!({
        "committee_size": 5,
        "quotas": [{"specialty": app::demo::DEMO_SPECIALTY, "count": 5}],
        "region_rule": {"kind": "any"},
        "evaluation": {"from": "2026-11-26T13:00:00+08:00", "to": "2026-11-26T17:00:00+08:00"},
        "place": "远程异地评标"
    })
}

fn expert_person(id: &str) -> Person {
    Person {
        id: id.into(),
        role: domain::Role::Expert,
        org: None,
        token: None,
        csrf: None,
    }
}

/// Every GET route and page about the trades, for one caller.
fn paths() -> Vec<String> {
    let mut out = vec![
        "/api/trades".to_owned(),
        "/api/invitations".to_owned(),
        "/".to_owned(),
        "/work".to_owned(),
        "/experts/me".to_owned(),
    ];
    for (id, _) in TRADES {
        for suffix in [
            "",
            "/timeline",
            "/log",
            "/draw",
            "/draw/published",
            "/draw/messages",
            "/opening/record",
            "/room",
            "/live",
        ] {
            if suffix != "/live" {
                out.push(format!("/api/trades/{id}{suffix}"));
            }
        }
        for page in ["", "/draw", "/draw/check", "/opening", "/room"] {
            out.push(format!("/trades/{id}{page}"));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawn_names_stay_sealed_until_the_evaluation_starts() {
    let world = World::copy().await;
    let s = &world.server;
    let t = template();
    let staff = &t.people["staff-wang"];
    let tenderer = &t.people["tenderer-14"];

    // the tenderer may not draw; staff may
    let (status, body) = s
        .post_json(
            &format!("/api/trades/{TRADE}/draw"),
            tenderer.token.as_deref(),
            &draw_request(),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = s
        .post_json(
            &format!("/api/trades/{TRADE}/draw"),
            staff.token.as_deref(),
            &draw_request(),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["phase"], "drawn");

    // who is drawn: each expert sees only its own invitation
    let mut experts = Vec::new();
    let mut drawn = Vec::new();
    for (i, (id, name, _)) in DEMO_EXPERTS.iter().enumerate() {
        let p = s.sign_in(&expert_person(id)).await;
        let (status, inv) = s.get("/api/invitations", p.token.as_deref()).await;
        assert_eq!(status, 200);
        let mine: Vec<&Value> = inv
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["trade"] == TRADE)
            .collect();
        assert!(mine.len() <= 1);
        if !mine.is_empty() {
            drawn.push((id.to_string(), name.to_string(), format!("EX-{:03}", i + 1)));
        }
        experts.push(p);
    }
    assert_eq!(drawn.len(), 5);

    // before the evaluation: no route or page, for anyone, names a drawn expert
    let mut callers: Vec<(Person, Option<String>)> = Vec::new();
    for id in PEOPLE {
        callers.push((t.people[id].clone(), Some(s.page_sign_in(id).await)));
    }
    for p in &experts {
        callers.push((p.clone(), Some(s.page_sign_in(&p.id).await)));
    }
    callers.push((Person::public(), None));
    let mut leaks = Vec::new();
    for (person, cookie) in &callers {
        for path in paths() {
            let body = if path.starts_with("/api/") {
                s.get(&path, person.token.as_deref()).await.1.to_string()
            } else {
                s.get_with_cookie(&path, cookie.as_deref()).await.1
            };
            for (id, name, code) in &drawn {
                // an expert's own pages show its own name and id
                let own = &person.id == id;
                if !own && (body.contains(name.as_str()) || body.contains(code.as_str())) {
                    leaks.push(format!("{} GET {path} shows {name}/{code}", person.label()));
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));

    // the reveal waits for the evaluation; the published draw is not there yet
    let (status, body) = s
        .post_json(
            &format!("/api/trades/{TRADE}/draw/reveal"),
            staff.token.as_deref(),
            &json!({}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "draw.still_sealed");
    let (status, _) = s
        .get(&format!("/api/trades/{TRADE}/draw/published"), None)
        .await;
    assert_eq!(status, 404);

    // a decline needs a reason; an undrawn expert has nothing to answer
    let drawn_tokens: Vec<&Person> = experts
        .iter()
        .filter(|p| drawn.iter().any(|d| d.0 == p.id))
        .collect();
    let (status, body) = s
        .post_json(
            &format!("/api/trades/{TRADE}/draw/answer"),
            drawn_tokens[0].token.as_deref(),
            &json!({"accept": false}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("draw.decline_reason"))
    );
    let undrawn = experts
        .iter()
        .find(|p| !drawn.iter().any(|d| d.0 == p.id))
        .unwrap();
    let (status, _) = s
        .post_json(
            &format!("/api/trades/{TRADE}/draw/answer"),
            undrawn.token.as_deref(),
            &json!({"accept": true}),
        )
        .await;
    assert_eq!(status, 404);
    for p in &drawn_tokens {
        let (status, body) = s
            .post_json(
                &format!("/api/trades/{TRADE}/draw/answer"),
                p.token.as_deref(),
                &json!({"accept": true}),
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }
    let (status, body) = s
        .post_json(
            &format!("/api/trades/{TRADE}/draw/committee"),
            staff.token.as_deref(),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204, "{body}");

    // the evaluation starts: reveal; names for staff, not for the tenderer (until the award:
    // 招标投标法 第37条) nor the public
    world.clock.set(datetime!(2026-11-26 13:00 +8));
    let staff = s.sign_in(staff).await;
    let tenderer = s.sign_in(tenderer).await;
    let (status, body) = s
        .post_json(
            &format!("/api/trades/{TRADE}/draw/reveal"),
            staff.token.as_deref(),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    for (who, token, sees) in [
        ("staff", staff.token.as_deref(), true),
        ("tenderer", tenderer.token.as_deref(), false),
        ("public", None, false),
    ] {
        let (_, view) = s.get(&format!("/api/trades/{TRADE}/draw"), token).await;
        let text = view.to_string();
        for (_, name, _) in &drawn {
            assert_eq!(text.contains(name.as_str()), sees, "{who}: {text}");
        }
    }
    let (status, published) = s
        .get(&format!("/api/trades/{TRADE}/draw/published"), None)
        .await;
    assert_eq!(status, 200);
    for (id, name, code) in &drawn {
        let text = published.to_string();
        for needle in [id, name, code] {
            assert!(
                !text.contains(needle.as_str()),
                "the published draw names {needle}"
            );
        }
    }
    let published: domain::experts::PseudonymousDraw = serde_json::from_value(published).unwrap();
    domain::experts::verify_draw(&published).unwrap();
    let (status, page) = s
        .get_with_cookie(&format!("/trades/{TRADE}/draw/check"), None)
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("id=\"check-result\"") && page.contains("result ok"),
        "{page}"
    );
    world.close().await;
}

/// Staff import the pool from XLSX or CSV: a bad row is reported by line and column in the
/// caller's language and nothing changes; a good file adds every expert; other roles are
/// refused; an oversized file is refused before it is read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pool_imports_all_or_nothing_with_line_and_column() {
    let world = World::copy().await;
    let s = &world.server;
    let t = template();
    let staff = &t.people["staff-wang"];
    let count = |body: &Value| body.as_array().map_or(0, Vec::len);
    let (status, before) = s.get("/api/experts", staff.token.as_deref()).await;
    assert_eq!(status, 200);
    let before = count(&before);

    let mut rows = expert_import::synthetic(30, 5);
    for (i, r) in rows.iter_mut().enumerate() {
        // ids of their own, apart from the demo pool's
        r.expert.id = domain::experts::ExpertId::parse(&format!("IMP-{i:03}")).unwrap();
    }
    let mut csv = String::from_utf8(expert_import::write_csv(&rows)).unwrap();
    // line 7 (the 6th expert): a region that is not a code
    let bad = csv.lines().nth(6).unwrap().to_owned();
    let region = rows[5].expert.region.as_str().to_owned();
    csv = csv.replacen(&bad, &bad.replacen(&region, "99", 1), 1);
    let log_before = world.log_size().await;
    let (status, body) = s
        .post_bytes(
            "/api/experts/import?lang=zh-CN",
            staff.token.as_deref(),
            &[],
            csv.into_bytes(),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "import.invalid");
    let row = &body["rows"][0];
    assert_eq!(
        (row["line"].as_u64(), row["code"].as_str()),
        (Some(7), Some("import.bad_region"))
    );
    assert_eq!(row["column"], "region");
    assert!(
        row["message"].as_str().unwrap().contains("第 7 行"),
        "{row}"
    );
    assert_eq!(
        world.log_size().await,
        log_before,
        "a refused file changes nothing"
    );

    // the same pool as XLSX imports; importing it again changes nothing
    let xlsx = expert_import::write_xlsx(&rows);
    let (status, body) = s
        .post_bytes(
            "/api/experts/import",
            staff.token.as_deref(),
            &[],
            xlsx.clone(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["created"], 30);
    let (_, after) = s.get("/api/experts", staff.token.as_deref()).await;
    assert_eq!(count(&after), before + 30);
    let (status, body) = s
        .post_bytes(
            "/api/experts/import",
            staff.token.as_deref(),
            &[],
            xlsx.clone(),
        )
        .await;
    assert_eq!((status, body["unchanged"].as_u64()), (200, Some(30)));

    // other roles may not import or list; a file over the limit is refused unread
    let bidder = &t.people["bidder-1"];
    let (status, _) = s
        .post_bytes("/api/experts/import", bidder.token.as_deref(), &[], xlsx)
        .await;
    assert_eq!(status, 403);
    let (status, _) = s
        .get("/api/experts", t.people["tenderer-14"].token.as_deref())
        .await;
    assert_eq!(status, 403);
    let huge = vec![b'a'; web::MAX_IMPORT_BYTES + 1];
    let (status, _) = s
        .post_bytes("/api/experts/import", staff.token.as_deref(), &[], huge)
        .await;
    assert_eq!(status, 413);
    world.close().await;
}

/// The pages: staff see the pool and a refused file's rows; an expert declares on its own
/// page in the file's syntax, and a malformed declaration is refused with nothing changed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_and_declaration_pages() {
    let world = World::copy().await;
    let s = &world.server;
    let staff = s.page_sign_in("staff-wang").await;
    let (status, page) = s.get_with_cookie("/experts?q=EX-00", Some(&staff)).await;
    assert_eq!(status, 200);
    assert!(page.contains("赵立新") && page.contains("D09.01"), "{page}");
    let bidder = s.page_sign_in("bidder-1").await;
    let (status, _) = s.get_with_cookie("/experts", Some(&bidder)).await;
    assert_eq!(status, 403);

    // staff record a warning; it lands in the expert's file
    let staff_csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let r = s
        .client
        .post(s.url("/experts/conduct"))
        .header("cookie", format!("sunbid_session={staff}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={staff_csrf}&expert=EX-001&kind=warning&date=2026-10-20&until=&note=late"
        ))
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    assert!(text.contains("行为记录已记入专家档案"), "{text}");
    let file = world
        .platform
        .my_expert_file(&domain::Actor::new("expert-zhao", domain::Role::Expert))
        .await
        .unwrap();
    assert_eq!(file.expert.unwrap().conduct.len(), 1);

    let zhao = s.page_sign_in("expert-zhao").await;
    let (status, page) = s.get_with_cookie("/experts/me", Some(&zhao)).await;
    assert_eq!(status, 200);
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let post = |body: String| {
        s.client
            .post(s.url("/experts/me"))
            .header("cookie", format!("sunbid_session={zhao}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let log = world.log_size().await;
    let r = post(format!("csrf={csrf}&employers=nonsense&relations=&leave="))
        .await
        .unwrap();
    // A declaration the pool file's syntax does not read: 400, the error page.
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.unwrap().contains("id=\"error-message\""));
    assert_eq!(world.log_size().await, log);
    let r = post(format!(
        "csrf={csrf}&employers=&relations=relative%3Aperson%3A%E6%9D%8E%E5%A8%9C&leave=2026-12-01..2026-12-05"
    ))
    .await
    .unwrap();
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("done=declared")
    );
    let (_, page) = s.get_with_cookie("/experts/me", Some(&zhao)).await;
    assert!(
        page.contains("2026-12-01..2026-12-05") && page.contains("李娜"),
        "{page}"
    );
    world.close().await;
}
