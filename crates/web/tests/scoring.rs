//! Distributed scoring over HTTP: who may configure, submit and read. A bidder or anyone off
//! the committee can neither see nor submit; before every member has submitted, no route shows
//! one member's scores to another (the scoring view, the room, the trade's log, the page).
mod support;

use app::demo::{bidder_org, demo_seed};
use domain::accounts::{KeyAlgorithm, PersonCommand};
use domain::eval_room::{Member, MemberKind};
use domain::{Actor, Role, TradeId};
use ed25519_dalek::{Signer as _, SigningKey};
use serde_json::{Value, json};
use support::*;

const TRADE: &str = "ZC-2026-0601";
const MEMBERS: [&str; 2] = ["expert-zhao", "expert-qian"];
/// A score nobody else gives: if it shows anywhere before the reveal, it leaked.
const SECRET: &str = "17.25";

fn path(p: &str) -> String {
    format!("/api/trades/{TRADE}/scoring{p}")
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

fn key_of(person: &str) -> SigningKey {
    SigningKey::from_bytes(&demo_seed(&format!("scoring-web/{person}")))
}

fn input() -> Value {
    json!({
        "trade": TRADE,
        "method": {
            "kind": "procurement_comprehensive",
            "category": "goods",
            "price_points": "30",
            "criteria": [
                {"id": "tech", "name": "技术方案", "points": "50", "kind": "subjective", "step": "0.25"},
                {"id": "cert", "name": "认证证书", "points": "20", "kind": "objective"}
            ]
        },
        "dates": {"notice": "2026-05-15"},
        "bids": [
            {"id": "B1", "bidder": bidder_org(9).as_str(), "price": "1000000.00"},
            {"id": "B2", "bidder": bidder_org(10).as_str(), "price": "950000.00"},
            {"id": "B3", "bidder": bidder_org(11).as_str(), "price": "1100000.00"}
        ]
    })
}

fn sheet(tech: &str) -> Value {
    json!({"scores": {
        "B1": {"tech": tech, "cert": "20"},
        "B2": {"tech": "30", "cert": "10"},
        "B3": {"tech": "28", "cert": "10"}
    }})
}

/// The template world with ZC-2026-0601's room open for two experts, their keys
/// registered, and the people signed in.
async fn opened() -> (World, std::collections::BTreeMap<String, Person>) {
    let world = World::copy().await;
    let p = &world.platform;
    let meta = app::Meta::default();
    for person in MEMBERS {
        let add = PersonCommand::AddKey {
            algorithm: KeyAlgorithm::Ed25519,
            public_key_hex: hex::encode(key_of(person).verifying_key().to_bytes()),
        };
        app::accounts::execute_person(p, person, add, &Actor::platform(), &meta)
            .await
            .unwrap();
    }
    let members = MEMBERS
        .iter()
        .enumerate()
        .map(|(i, m)| Member {
            person: (*m).into(),
            kind: MemberKind::Expert,
            seat: i as u32,
        })
        .collect();
    let trade = TradeId::parse(TRADE).unwrap();
    app::eval_room::open_with(
        p,
        &trade,
        members,
        vec!["staff-wang".into()],
        &app::demo::staff(),
        &meta,
    )
    .await
    .unwrap();
    let mut people = template().people.clone();
    for (id, role, org) in [
        ("expert-qian", Role::Expert, None),
        ("bidder-9", Role::Bidder, Some(bidder_org(9).to_string())),
    ] {
        let person = Person {
            id: id.into(),
            role,
            org,
            token: None,
            csrf: None,
        };
        people.insert(id.into(), world.server.sign_in(&person).await);
    }
    (world, people)
}

async fn join(world: &World, p: &Person) {
    let room = format!("/api/trades/{TRADE}/room");
    let (status, c) = world
        .server
        .get(&format!("{room}/challenge"), p.token.as_deref())
        .await;
    assert_eq!(status, 200, "{c}");
    let sig = key_of(&p.id).sign(c["message"].as_str().unwrap().as_bytes());
    let body = json!({"nonce": c["nonce"], "signature": hex::encode(sig.to_bytes())});
    let (status, body) = world
        .server
        .post_json(&format!("{room}/join"), p.token.as_deref(), &body)
        .await;
    assert_eq!(status, 200, "{body}");
}

/// A page's form sent with the session cookie, as a browser without JavaScript sends it.
async fn post_form(
    s: &Server,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    s.client
        .post(s.url(path))
        .header("cookie", format!("sunbid_session={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(fields))
        .send()
        .await
        .unwrap()
}

async fn post(world: &World, p: &Person, to: &str, body: Value) -> (u16, Value) {
    world
        .server
        .post_json(&path(to), p.token.as_deref(), &body)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_members_submit_and_nobody_sees_anothers_scores_before_all_are_in() {
    let (world, people) = opened().await;
    let s = &world.server;
    let who = |id: &str| people[id].clone();

    // Only center staff configure.
    let (status, body) = post(&world, &who("bidder-9"), "/configure", input()).await;
    assert_eq!((status, code(&body)), (403, "scoring.wrong_role"), "{body}");
    let (status, body) = post(&world, &who("expert-zhao"), "/configure", input()).await;
    assert_eq!((status, code(&body)), (403, "scoring.wrong_role"), "{body}");
    let (status, body) = post(&world, &who("staff-wang"), "/configure", json!({"x": 1})).await;
    assert_eq!(
        (status, code(&body)),
        (422, "scoring.invalid_input"),
        "{body}"
    );
    let (status, body) = post(&world, &who("staff-wang"), "/configure", input()).await;
    assert_eq!(status, 200, "{body}");

    join(&world, &who("expert-zhao")).await;
    // A bidder, the tenderer, a supervisor, staff: no seat, no sheet (403, translated).
    for id in ["bidder-9", "tenderer-1", "supervisor-zhou", "staff-wang"] {
        let (status, body) = post(&world, &who(id), "/sheet", sheet("40")).await;
        assert_eq!(
            (status, code(&body)),
            (403, "scoring.members_only"),
            "{id}: {body}"
        );
    }
    let (_, body) = post(&world, &who("bidder-9"), "/sheet", sheet("40")).await;
    assert_eq!(
        body["error"]["message"],
        "只有评标委员会成员可以评分和签署报告。"
    );
    // A member not in the room yet.
    let (status, body) = post(&world, &who("expert-qian"), "/sheet", sheet("40")).await;
    assert_eq!(
        (status, code(&body)),
        (422, "scoring.not_present"),
        "{body}"
    );
    // An incomplete sheet.
    let bad = json!({"scores": {"B1": {"tech": "40"}}});
    let (status, body) = post(&world, &who("expert-zhao"), "/sheet", bad).await;
    assert_eq!(
        (status, code(&body)),
        (422, "scoring.sheet_invalid"),
        "{body}"
    );
    let (status, body) = post(&world, &who("expert-zhao"), "/sheet", sheet(SECRET)).await;
    assert_eq!(status, 200, "{body}");

    // The author sees its own sheet; nobody else sees a score.
    let (status, body) = s.get(&path(""), who("expert-zhao").token.as_deref()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["own_sheet"]["B1"]["tech"], SECRET);
    assert_eq!(body["sheets"], json!([]));
    join(&world, &who("expert-qian")).await;
    for id in ["expert-qian", "supervisor-zhou", "staff-wang"] {
        let token = who(id).token;
        let (status, body) = s.get(&path(""), token.as_deref()).await;
        assert_eq!(status, 200, "{id}: {body}");
        assert_eq!(body["members"][0]["submitted"], true);
        assert_eq!(body["members"][0]["seat"], 0);
        for route in [
            path(""),
            format!("/api/trades/{TRADE}/room"),
            format!("/api/trades/{TRADE}/log"),
            format!("/api/trades/{TRADE}"),
        ] {
            let (_, body) = s.get(&route, token.as_deref()).await;
            assert!(!body.to_string().contains(SECRET), "{id} {route}: {body}");
        }
        let cookie = s.page_sign_in(id).await;
        let (_, html) = s
            .get_with_cookie(&format!("/trades/{TRADE}/room"), Some(&cookie))
            .await;
        assert!(!html.contains(SECRET), "{id}: the page shows a score");
    }
    // Bidders and strangers: as for a trade that does not exist.
    for id in ["bidder-9", "tenderer-1", "bidder-1"] {
        let (status, body) = s.get(&path(""), who(id).token.as_deref()).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{id}: {body}");
    }
    let (status, _) = s.get(&path(""), None).await;
    assert_eq!(status, 404);

    // The second sheet reveals both: now the committee and the supervisor see the scores.
    let (status, body) = post(&world, &who("expert-qian"), "/sheet", sheet("17.5")).await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = s
        .get(&path(""), who("supervisor-zhou").token.as_deref())
        .await;
    assert_eq!(body["revealed"], true, "{body}");
    assert!(body.to_string().contains(SECRET));
    let (status, body) = s.get(&path(""), who("bidder-9").token.as_deref()).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    let (status, body) = post(&world, &who("expert-zhao"), "/sheet", sheet("1")).await;
    assert_eq!(
        (status, code(&body)),
        (422, "scoring.already_revealed"),
        "{body}"
    );
    world.close().await;
}

fn csrf_of(html: &str) -> String {
    html.split("data-csrf=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

/// Sign the report as `p` through the API, as `room.js` does in the browser.
async fn sign(world: &World, p: &Person, dissent: Option<&str>) -> (u16, Value) {
    let (status, c) = world
        .server
        .get(&path("/challenge"), p.token.as_deref())
        .await;
    assert_eq!(status, 200, "{c}");
    let sig = key_of(&p.id).sign(c["message"].as_str().unwrap().as_bytes());
    let body =
        json!({"nonce": c["nonce"], "signature": hex::encode(sig.to_bytes()), "dissent": dissent});
    post(world, p, "/sign", body).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_takes_a_sheet_shows_the_report_and_the_signatures_record_it() {
    let (world, people) = opened().await;
    let s = &world.server;
    let who = |id: &str| people[id].clone();
    let (status, body) = post(&world, &who("staff-wang"), "/configure", input()).await;
    assert_eq!(status, 200, "{body}");
    join(&world, &who("expert-zhao")).await;
    join(&world, &who("expert-qian")).await;

    // The member's page: seats 1-based, a form per bid × criterion.
    let cookie = s.page_sign_in("expert-zhao").await;
    let room = format!("/trades/{TRADE}/room");
    let (_, html) = s.get_with_cookie(&room, Some(&cookie)).await;
    assert!(html.contains("id=\"sheet-form\""), "{html}");
    assert!(html.contains("name=\"s.2.1\""));
    assert!(
        html.contains("<td>1</td><td><span class=\"code\">expert-zhao</span></td>"),
        "seats are 1-based"
    );
    assert!(!html.contains("<td>0</td><td><span class=\"code\">expert-zhao</span></td>"));
    // each criterion's maximum and a running total per bid
    assert!(
        html.contains("满分 50") && html.contains("满分 70"),
        "{html}"
    );
    assert!(html.contains("id=\"total-B1\""), "{html}");
    let csrf = csrf_of(&html);
    // one cell above its maximum: marked with why, the other cells kept, nothing sealed
    let bad = [
        ("csrf", csrf.as_str()),
        ("s.0.0", "55"),
        ("s.0.1", "20"),
        ("s.1.0", "30"),
        ("s.1.1", "10"),
        ("s.2.0", "28.5"),
        ("s.2.1", "10"),
    ];
    let r = post_form(s, &cookie, &format!("{room}/sheet"), &bad).await;
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"cell-error-s.0.0\""), "{html}");
    assert!(html.contains("须在 0 至 50 分之间"), "{html}");
    assert_eq!(html.matches("class=\"field-error\"").count(), 1, "{html}");
    for kept in ["value=\"55\"", "value=\"28.5\""] {
        assert!(html.contains(kept), "{kept}");
    }
    // the running totals of what was typed
    assert!(html.contains("id=\"total-B1\">75<"), "{html}");
    assert!(html.contains("id=\"total-B3\">38.5<"), "{html}");
    assert!(html.contains("id=\"sheet-form\""), "not submitted");
    let fields = [
        ("csrf", csrf.as_str()),
        ("s.0.0", "40"),
        ("s.0.1", "20"),
        ("s.1.0", "30"),
        ("s.1.1", "10"),
        ("s.2.0", "28"),
        ("s.2.1", "10"),
    ];
    let r = post_form(s, &cookie, &format!("{room}/sheet"), &fields).await;
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with("done=sheet"), "{location}");
    let (_, html) = s.get_with_cookie(&location, Some(&cookie)).await;
    assert!(html.contains("评分表已密封提交。") && html.contains("id=\"sheet-sealed\""));
    assert!(!html.contains("id=\"sheet-form\""));

    // Expert qian scores B1's objective item differently: the recheck blocks.
    let mut qian = sheet("36");
    qian["scores"]["B1"]["cert"] = json!("10");
    let (status, body) = post(&world, &who("expert-qian"), "/sheet", qian).await;
    assert_eq!(status, 200, "{body}");
    let (_, html) = s.get_with_cookie(&room, Some(&cookie)).await;
    assert!(
        html.contains("客观分不一致") && html.contains("id=\"revise-B1-cert\""),
        "{html}"
    );
    assert!(!html.contains("id=\"ranking\""));
    let fields = [
        ("csrf", csrf.as_str()),
        ("bid", "B1"),
        ("criterion", "cert"),
        ("score", "10"),
    ];
    let r = post_form(s, &cookie, &format!("{room}/revise"), &fields).await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with("done=revise"), "{location}");
    // Resolved, nothing blocks: the report and its ranking, a sign form for the member.
    let (_, html) = s.get_with_cookie(&room, Some(&cookie)).await;
    assert!(
        html.contains("id=\"ranking\"") && html.contains("id=\"sign-form\""),
        "{html}"
    );
    let sup = s.page_sign_in("supervisor-zhou").await;
    let (_, html) = s
        .get_with_cookie(&format!("{room}?lang=en"), Some(&sup))
        .await;
    assert!(html.contains("Evaluation report") && !html.contains("id=\"sign-form\""));

    let (status, body) = s
        .get(&path("/challenge"), who("bidder-9").token.as_deref())
        .await;
    assert_eq!(
        (status, code(&body)),
        (403, "scoring.members_only"),
        "{body}"
    );
    let (status, body) = sign(&world, &who("expert-zhao"), None).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = sign(&world, &who("expert-qian"), Some("B2 技术分偏低。")).await;
    assert_eq!(status, 200, "{body}");
    let (state, _) = world.state(TRADE).await;
    assert_eq!(state.phase, domain::trade::Phase::Evaluated);
    let (_, html) = s.get_with_cookie(&room, Some(&sup)).await;
    assert!(html.contains("B2 技术分偏低。"));
    world.close().await;
}

/// Staff press one button in the room: the scoring is configured from the documents' own
/// evaluation configuration and the opened bids (nothing typed); a member then sees the
/// sheet with the documents' criteria.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_configure_the_scoring_from_the_documents_with_one_button() {
    let (world, people) = opened().await;
    let s = &world.server;
    let room = format!("/trades/{TRADE}/room");
    let staff = s.page_sign_in("staff-wang").await;
    let (_, html) = s.get_with_cookie(&room, Some(&staff)).await;
    assert!(html.contains("id=\"scoring-configure\""), "{html}");
    let expert = s.page_sign_in("expert-zhao").await;
    let (_, html) = s.get_with_cookie(&room, Some(&expert)).await;
    assert!(
        !html.contains("id=\"scoring-configure\""),
        "members do not configure"
    );

    let (_, html) = s.get_with_cookie(&room, Some(&staff)).await;
    let csrf = csrf_of(&html);
    let r = post_form(
        s,
        &staff,
        &format!("{room}/configure"),
        &[("csrf", csrf.as_str()), ("k", "")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with("done=configure"), "{location}");
    let (_, html) = s.get_with_cookie(&location, Some(&staff)).await;
    assert!(html.contains("评分已按招标文件配置"), "{html}");
    assert!(!html.contains("id=\"scoring-not-configured\""), "{html}");

    let (status, v) = world
        .server
        .get(&path(""), people["expert-qian"].token.as_deref())
        .await;
    assert_eq!(status, 200, "{v}");
    let names: Vec<&str> = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["技术方案", "售后服务", "认证证书"]);
    assert!(v["bids"].as_array().unwrap().len() >= 3, "{v}");

    // members read each opened bid from the sheet; a bidder is told nothing exists
    join(&world, &people["expert-zhao"]).await;
    let (_, html) = s.get_with_cookie(&room, Some(&expert)).await;
    assert!(html.contains("id=\"bid-doc-B1\""), "{html}");
    let doc = format!("/trades/{TRADE}/room/bid?n=B1");
    let r = s
        .client
        .get(s.url(&doc))
        .header("cookie", format!("sunbid_session={expert}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(!r.bytes().await.unwrap().is_empty());
    let bidder = s.page_sign_in("bidder-9").await;
    let (status, _) = s.get_with_cookie(&doc, Some(&bidder)).await;
    assert_eq!(status, 404);
}
