//! The remote evaluation room over HTTP: only the committee, the witness and supervisors
//! enter (a wrong role is a 403 with a translated message); entering needs a signature by a
//! registered key, not just a session; a bidder sees only its own clarifications and answers
//! them; strangers get the 404 of a trade that does not exist; every action is in the room's
//! stream; the page and its forms; the live feed.
mod support;

use app::demo::{DEMO_ED25519_SECRET_HEX, bidder_org, demo_seed};
use domain::accounts::{KeyAlgorithm, PersonCommand};
use domain::eval_room::{Member, MemberKind};
use domain::{Actor, Role, TradeId};
use ed25519_dalek::{Signer as _, SigningKey};
use serde_json::{Value, json};
use support::*;

const TRADE: &str = "ZC-2026-0601";
const MISSING: &str = "ZC-2026-0999";

fn seed_of(person: &str) -> [u8; 32] {
    match person {
        "expert-zhao" => demo_seed("room-test/expert-zhao"),
        "bidder-1" => hex::decode(DEMO_ED25519_SECRET_HEX)
            .unwrap()
            .try_into()
            .unwrap(),
        other => demo_seed(other),
    }
}

fn room(path: &str) -> String {
    format!("/api/trades/{TRADE}/room{path}")
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

/// A copy of the world with ZC-2026-0601's room open (expert-zhao and tenderer-3 on the
/// committee, staff-wang witnessing), expert-zhao's key registered, and the people signed in.
async fn opened() -> (World, std::collections::BTreeMap<String, Person>) {
    let world = World::copy().await;
    let p = &world.platform;
    let meta = app::Meta::default();
    let key = SigningKey::from_bytes(&seed_of("expert-zhao"));
    let add = PersonCommand::AddKey {
        algorithm: KeyAlgorithm::Ed25519,
        public_key_hex: hex::encode(key.verifying_key().to_bytes()),
    };
    app::accounts::execute_person(p, "expert-zhao", add, &Actor::platform(), &meta)
        .await
        .unwrap();
    let members = vec![
        Member {
            person: "expert-zhao".into(),
            kind: MemberKind::Expert,
            seat: 0,
        },
        Member {
            person: "tenderer-3".into(),
            kind: MemberKind::TendererRepresentative,
            seat: 1,
        },
    ];
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
        ("tenderer-3", Role::Tenderer, app::demo::tenderer_org(3)),
        ("bidder-9", Role::Bidder, bidder_org(9)),
        ("bidder-10", Role::Bidder, bidder_org(10)),
    ] {
        let person = Person {
            id: id.into(),
            role,
            org: Some(org.to_string()),
            token: None,
            csrf: None,
        };
        people.insert(id.into(), world.server.sign_in(&person).await);
    }
    (world, people)
}

/// Enter as `p`: a room challenge signed with `p`'s key.
async fn join(world: &World, p: &Person) -> (u16, Value) {
    let (status, c) = world
        .server
        .get(&room("/challenge"), p.token.as_deref())
        .await;
    assert_eq!(status, 200, "{c}");
    let key = SigningKey::from_bytes(&seed_of(&p.id));
    let sig = key.sign(c["message"].as_str().unwrap().as_bytes());
    let body = json!({"nonce": c["nonce"], "signature": hex::encode(sig.to_bytes())});
    world
        .server
        .post_json(&room("/join"), p.token.as_deref(), &body)
        .await
}

async fn post(world: &World, p: &Person, path: &str, body: Value) -> (u16, Value) {
    world
        .server
        .post_json(&room(path), p.token.as_deref(), &body)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_committee_witness_and_supervisors_enter_and_all_is_logged() {
    let (world, people) = opened().await;
    let s = &world.server;
    let who = |id: &str| people[id].clone();
    let size = world.log_size().await;

    // Reading: the committee, the witness and supervisors; everyone else as for no trade.
    for id in ["expert-zhao", "tenderer-3", "staff-wang", "supervisor-zhou"] {
        let (status, body) = s.get(&room(""), who(id).token.as_deref()).await;
        assert_eq!(
            (status, body["scope"].as_str()),
            (200, Some("all")),
            "{id}: {body}"
        );
    }
    for p in people
        .values()
        .filter(|p| {
            !["expert-zhao", "tenderer-3", "staff-wang", "supervisor-zhou"].contains(&p.id.as_str())
        })
        .chain([&Person::public()])
    {
        let (status, body) = s.get(&room(""), p.token.as_deref()).await;
        let (none_status, none) = s
            .get(&format!("/api/trades/{MISSING}/room"), p.token.as_deref())
            .await;
        assert_eq!(
            (status, code(&body)),
            (404, "not_found"),
            "{}: {body}",
            p.label()
        );
        assert_eq!((none_status, code(&none)), (404, "not_found"));
        let msg = |b: &Value| {
            b["error"]["detail"]
                .as_str()
                .unwrap_or("")
                .replace(MISSING, TRADE)
        };
        assert_eq!(msg(&body), msg(&none), "{}", p.label());
    }

    // A wrong role is a 403 with a message in the caller's language.
    let bidder = who("bidder-1");
    let (status, body) = post(&world, &bidder, "/open", json!({})).await;
    assert_eq!(
        (status, code(&body)),
        (403, "eval_room.wrong_role"),
        "{body}"
    );
    assert_eq!(body["error"]["message"], "您的角色不能办理此项评标室操作。");
    let r = s
        .client
        .post(s.url(&room("/open")))
        .bearer_auth(bidder.token.as_deref().unwrap())
        .header("accept-language", "en")
        .json(&json!({}));
    let (status, body) = s.send(r).await;
    assert_eq!(status, 403);
    assert_eq!(
        body["error"]["message"],
        "Your role may not do this in the evaluation room."
    );
    // A valid key is not a seat; a tenderer's or a stranger's session is no seat either.
    let (status, body) = join(&world, &bidder).await;
    assert_eq!(
        (status, code(&body)),
        (403, "eval_room.not_entitled"),
        "{body}"
    );
    let (status, body) = post(&world, &who("tenderer-2"), "/posts", json!({"text": "x"})).await;
    assert_eq!(
        (status, code(&body)),
        (403, "eval_room.not_entitled"),
        "{body}"
    );
    let (status, body) = s
        .post_json(&room("/posts"), None, &json!({"text": "x"}))
        .await;
    assert_eq!((status, code(&body)), (401, "auth.required"), "{body}");
    assert_eq!(
        world.log_size().await,
        size,
        "refusals leave no trace in the log"
    );

    // The session.
    let expert = who("expert-zhao");
    let supervisor = who("supervisor-zhou");
    let (status, body) = post(&world, &expert, "/posts", json!({"text": "x"})).await;
    assert_eq!(
        (status, code(&body)),
        (422, "eval_room.not_present"),
        "{body}"
    );
    for p in [&expert, &supervisor, &who("staff-wang")] {
        let (status, body) = join(&world, p).await;
        assert_eq!(status, 200, "{}: {body}", p.id);
    }
    assert_eq!(
        post(&world, &expert, "/posts", json!({"text": "先做资格审查。"}))
            .await
            .0,
        200
    );
    assert_eq!(
        post(
            &world,
            &supervisor,
            "/posts",
            json!({"text": "请注意回避。"})
        )
        .await
        .0,
        200
    );
    let due = "2026-10-26T12:00:00+08:00";
    let ask =
        |b: u32, q: &str| json!({"bidder": bidder_org(b).to_string(), "question": q, "due": due});
    let (status, body) = post(&world, &supervisor, "/clarifications", ask(9, "?")).await;
    assert_eq!(
        (status, code(&body)),
        (403, "eval_room.members_only"),
        "{body}"
    );
    let (status, body) = post(&world, &expert, "/clarifications", ask(1, "?")).await;
    assert_eq!(
        (status, code(&body)),
        (422, "eval_room.not_a_bidder"),
        "{body}"
    );
    assert_eq!(
        post(
            &world,
            &expert,
            "/clarifications",
            ask(9, "请说明驻场人数。")
        )
        .await
        .0,
        200
    );

    // The bidder: its own request only, then a second request to another bidder.
    let (b9, b10) = (who("bidder-9"), who("bidder-10"));
    let (status, _) = s.get(&room(""), b10.token.as_deref()).await;
    assert_eq!(status, 404, "no request to bidder-10 yet");
    assert_eq!(
        post(
            &world,
            &expert,
            "/clarifications",
            ask(10, "请说明报价构成。")
        )
        .await
        .0,
        200
    );
    let (status, view) = s.get(&room(""), b9.token.as_deref()).await;
    assert_eq!(
        (status, view["scope"].as_str()),
        (200, Some("bidder")),
        "{view}"
    );
    let text = view.to_string();
    assert!(
        text.contains("驻场人数") && !text.contains("报价构成") && !text.contains("expert-zhao"),
        "{text}"
    );
    assert_eq!(view["entries"].as_array().unwrap().len(), 0);
    let (status, body) = post(
        &world,
        &b10,
        "/clarifications/1/answer",
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(
        (status, code(&body)),
        (422, "eval_room.unknown_request"),
        "{body}"
    );
    let (status, body) = post(
        &world,
        &expert,
        "/clarifications/1/answer",
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(
        (status, code(&body)),
        (403, "eval_room.wrong_role"),
        "{body}"
    );
    assert_eq!(
        post(
            &world,
            &b9,
            "/clarifications/1/answer",
            json!({"text": "驻场 12 人。"})
        )
        .await
        .0,
        200
    );
    let (status, body) = post(
        &world,
        &b9,
        "/clarifications/1/answer",
        json!({"text": "again"}),
    )
    .await;
    assert_eq!(
        (status, code(&body)),
        (422, "eval_room.already_answered"),
        "{body}"
    );
    assert_eq!(post(&world, &expert, "/leave", json!({})).await.0, 200);
    let (status, body) = post(&world, &supervisor, "/close", json!({})).await;
    assert_eq!(
        (status, code(&body)),
        (403, "eval_room.wrong_role"),
        "{body}"
    );
    assert_eq!(
        post(&world, &who("staff-wang"), "/close", json!({}))
            .await
            .0,
        200
    );

    // Every action is in the room's stream and the log, in order, with who did it.
    let kinds = [
        ("opened", "staff-wang"),
        ("joined", "expert-zhao"),
        ("joined", "supervisor-zhou"),
        ("joined", "staff-wang"),
        ("posted", "expert-zhao"),
        ("posted", "supervisor-zhou"),
        ("clarification_requested", "expert-zhao"),
        ("clarification_requested", "expert-zhao"),
        ("clarification_answered", "bidder-9"),
        ("left", "expert-zhao"),
        ("closed", "staff-wang"),
    ];
    let (_, view) = s.get(&room(""), supervisor.token.as_deref()).await;
    let got: Vec<(String, String)> = view["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("eval_room.")
                    .to_owned(),
                e["actor"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = kinds
        .iter()
        .map(|(k, a)| ((*k).into(), (*a).into()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        world.log_size().await,
        size + kinds.len() as u64 - 1,
        "one leaf per action (the opening came before)"
    );
    let stream = app::eval_room::eval_room_stream(&TradeId::parse(TRADE).unwrap());
    let stored = world.platform.store().load_stream(&stream).await.unwrap();
    assert_eq!(stored.len(), kinds.len());
    for (e, s) in view["entries"].as_array().unwrap().iter().zip(&stored) {
        assert_eq!(
            (e["seq"].as_u64(), e["leaf_hash"].as_str()),
            (Some(s.seq), Some(s.leaf_hash.to_hex().as_str()))
        );
    }
    world.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_without_a_valid_key_signature_is_refused() {
    let (world, people) = opened().await;
    let s = &world.server;
    let expert = people["expert-zhao"].clone();
    let token = expert.token.as_deref();
    let size = world.log_size().await;
    let key = SigningKey::from_bytes(&seed_of("expert-zhao"));
    // A password session alone: no signature, a made-up one, one over the sign-in challenge.
    let (_, c) = s.get(&room("/challenge"), token).await;
    let (_, signin) = s.get("/api/session/challenge", None).await;
    let wrong = SigningKey::from_bytes(&demo_seed("someone-else"));
    let attempts = [
        json!({"nonce": c["nonce"], "signature": ""}),
        json!({"nonce": signin["nonce"], "signature": hex::encode(key.sign(signin["message"].as_str().unwrap().as_bytes()).to_bytes())}),
    ];
    for (i, body) in attempts.iter().enumerate() {
        let (status, body) = s.post_json(&room("/join"), token, body).await;
        // A sign-in signature names another purpose: no use for entering.
        let want = (403, "eval_room.bad_key_proof");
        assert_eq!((status, code(&body)), want, "attempt {i}: {body}");
    }
    let (_, c) = s.get(&room("/challenge"), token).await;
    let sig = wrong.sign(c["message"].as_str().unwrap().as_bytes());
    let (status, body) = s
        .post_json(
            &room("/join"),
            token,
            &json!({"nonce": c["nonce"], "signature": hex::encode(sig.to_bytes())}),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (403, "eval_room.bad_key_proof"),
        "{body}"
    );
    assert_eq!(
        body["error"]["message"],
        "签名与您登记的密钥不符：进入评标室须使用本人的数字证书（密钥）签名。"
    );
    // The right key on a spent nonce.
    let sig = key.sign(c["message"].as_str().unwrap().as_bytes());
    let body = json!({"nonce": c["nonce"], "signature": hex::encode(sig.to_bytes())});
    let (status, reply) = s.post_json(&room("/join"), token, &body).await;
    assert_eq!(
        (status, code(&reply)),
        (422, "eval_room.bad_challenge"),
        "{reply}"
    );
    assert_eq!(world.log_size().await, size);
    // A cookie session must send the CSRF header too.
    let cookie = s.page_sign_in("expert-zhao").await;
    let r = s
        .client
        .post(s.url(&room("/leave")))
        .header("cookie", format!("sunbid_session={cookie}"))
        .json(&json!({}));
    let (status, body) = s.send(r).await;
    assert_eq!((status, code(&body)), (403, "auth.csrf"), "{body}");
    let (status, body) = join(&world, &expert).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(world.log_size().await, size + 1);
    world.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_its_forms() {
    let (world, people) = opened().await;
    let s = &world.server;
    let (status, _) = s
        .get_with_cookie(&format!("/trades/{TRADE}/room"), None)
        .await;
    assert_eq!(status, 401, "sign in first");
    let cookie = s.page_sign_in("supervisor-zhou").await;
    join(&world, &people["supervisor-zhou"]).await;
    let (status, html) = s
        .get_with_cookie(&format!("/trades/{TRADE}/room"), Some(&cookie))
        .await;
    assert_eq!(status, 200, "{html}");
    for text in [
        "远程评标室",
        "评标委员会",
        "expert-zhao",
        "招标人代表",
        "监督人员（观察）",
        "/static/room.js",
    ] {
        assert!(html.contains(text), "page lacks {text}");
    }
    let (_, en) = s
        .get_with_cookie(&format!("/trades/{TRADE}/room?lang=en"), Some(&cookie))
        .await;
    assert!(en.contains("Remote evaluation room") && en.contains("supervisor (observer)"));
    // A supervision note through the plain form.
    let csrf = html
        .split("data-csrf=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let size = world.log_size().await;
    let r = s
        .client
        .post(s.url(&format!("/trades/{TRADE}/room/post")))
        .header("cookie", format!("sunbid_session={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[("csrf", csrf.as_str()), ("text", "全程监督中")]));
    let r = r.send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("done=post")
    );
    assert_eq!(world.log_size().await, size + 1);
    let (_, html) = s
        .get_with_cookie(&format!("/trades/{TRADE}/room?done=post"), Some(&cookie))
        .await;
    assert!(
        html.contains("全程监督中") && html.contains("监督意见"),
        "the note shows as one"
    );
    // A bad token changes nothing.
    let r = s
        .client
        .post(s.url(&format!("/trades/{TRADE}/room/post")))
        .header("cookie", format!("sunbid_session={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[("csrf", "nope"), ("text", "x")]));
    assert_eq!(r.send().await.unwrap().status().as_u16(), 403);
    assert_eq!(world.log_size().await, size + 1);
    // Strangers: not found.
    let other = s.page_sign_in("bidder-2").await;
    let (status, _) = s
        .get_with_cookie(&format!("/trades/{TRADE}/room"), Some(&other))
        .await;
    assert_eq!(status, 404);
    // The bidder: its request and the answer form, not who asked nor the committee.
    let expert = &people["expert-zhao"];
    join(&world, expert).await;
    let ask = json!({"bidder": bidder_org(9).to_string(), "question": "请说明驻场人数。", "due": "2026-10-26T12:00:00+08:00"});
    assert_eq!(post(&world, expert, "/clarifications", ask).await.0, 200);
    let b9 = s.page_sign_in("bidder-9").await;
    let (status, html) = s
        .get_with_cookie(&format!("/trades/{TRADE}/room"), Some(&b9))
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("请说明驻场人数。") && html.contains("data-api=\"answer\""));
    assert!(!html.contains("expert-zhao") && !html.contains("id=\"seats\""));
    let (status, js) = s.get_with_cookie("/static/room.js", None).await;
    assert!(status == 200 && js.contains("crypto.subtle.sign"));
    world.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_feed_follows_the_room() {
    let (world, people) = opened().await;
    let supervisor = &people["supervisor-zhou"];
    join(&world, supervisor).await;
    let (status, text) = world
        .server
        .read_events(&room("/live"), supervisor.token.as_deref(), 2)
        .await;
    assert_eq!(status, 200);
    assert_eq!(text.matches("event: entry").count(), 2, "{text}");
    assert!(text.contains("eval_room.joined"));
    let (status, _) = world
        .server
        .read_events(&room("/live"), people["bidder-1"].token.as_deref(), 1)
        .await;
    assert_eq!(status, 404);
    world.close().await;
}

/// Every code and event kind of the room has a message in both languages.
#[test]
fn every_room_code_and_kind_is_translated() {
    let sources = [
        (
            include_str!("../../domain/src/eval_room/error.rs"),
            "error.",
        ),
        (
            include_str!("../../domain/src/eval_room/event.rs"),
            "event.",
        ),
    ];
    let mut n = 0;
    for (source, prefix) in sources {
        for code in source.split('"').filter(|s| s.starts_with("eval_room.")) {
            for lang in [web::i18n::Lang::ZhCn, web::i18n::Lang::En] {
                assert!(
                    lang.get(&format!("{prefix}{code}")).is_some(),
                    "{} lacks {prefix}{code}",
                    lang.tag()
                );
            }
            n += 1;
        }
    }
    assert!(n >= 26, "found {n}");
}
