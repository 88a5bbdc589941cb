//! Publicity, objections and complaints over HTTP (issue #6) on the standing construction
//! trade GC-2026-0907 (candidates published 2026-10-20, publicity to 10-23): an objection in
//! the window, one after it refused with 422 naming the rule and the deadline and nothing
//! logged, roles (403), what the public and the parties see, the reply, the complaint, the
//! supervisor's handling, and the page with its forms.
mod support;

use serde_json::{Value, json};
use support::{NOW, Person, World, template};
use time::macros::datetime;

const TRADE: &str = "GC-2026-0907";

fn person(id: &str) -> Person {
    template().people[id].clone()
}

async fn post(w: &World, path: &str, who: &Person, body: Value) -> (u16, Value) {
    w.server
        .post_json(
            &format!("/api/trades/{TRADE}{path}"),
            who.token.as_deref(),
            &body,
        )
        .await
}

async fn publicity(w: &World, who: &Person) -> Value {
    let (status, body) = w
        .server
        .get(
            &format!("/api/trades/{TRADE}/publicity"),
            who.token.as_deref(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn objections_in_the_window_late_refused_roles_and_visibility() {
    let w = World::copy().await;
    // within the publicity
    w.clock.set(datetime!(2026-10-22 12:00 +8));
    let bidder1 = w.server.sign_in(&person("bidder-1")).await;
    let tenderer = w.server.sign_in(&person("tenderer-17")).await;
    let expert = w.server.sign_in(&person("expert-zhao")).await;
    let (status, body) = post(
        &w,
        "/challenges",
        &bidder1,
        json!({"text": "第一候选人业绩不实"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(&w, "/challenges", &expert, json!({"text": "x"})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("challenge.wrong_role"))
    );
    let (status, body) = post(&w, "/challenges", &tenderer, json!({"text": "x"})).await;
    assert_eq!(status, 403, "{body}");

    // after the publicity: refused with the rule and the deadline, nothing logged
    w.clock.set(NOW);
    let bidder3 = w.server.sign_in(&person("bidder-3")).await;
    let bidder1 = w.server.sign_in(&bidder1).await;
    let tenderer = w.server.sign_in(&tenderer).await;
    let supervisor = w.server.sign_in(&person("supervisor-zhou")).await;
    let before = w.log_size().await;
    let (status, body) = post(&w, "/challenges", &bidder3, json!({"text": "迟到的异议"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "challenge.late");
    let detail = body["error"]["detail"].as_str().unwrap();
    assert!(detail.contains("招标投标法实施条例 第54条"), "{detail}");
    assert!(detail.contains("2026-10-23"), "{detail}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("法定期限")
    );
    assert_eq!(w.log_size().await, before, "nothing logged on refusal");

    // the public sees the text, not who; the tenderer and the filer see who
    let public = publicity(&w, &Person::public()).await;
    assert_eq!(public["regime"], "construction");
    assert_eq!(public["filings"][0]["text"], "第一候选人业绩不实");
    assert!(public["filings"][0]["org"].is_null());
    assert!(
        public["periods"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["rule"] == "period.objection")
    );
    let other = publicity(&w, &bidder3).await;
    assert!(other["filings"][0]["org"].is_null());
    let own = publicity(&w, &bidder1).await;
    assert_eq!(own["filings"][0]["person"], "bidder-1");
    let seen = publicity(&w, &tenderer).await;
    assert_eq!(seen["filings"][0]["person"], "bidder-1");
    assert_eq!(seen["you"]["reply"], true);

    // reply (late: its 3 日 ended 10-25), complaint by the filer only, handling
    let (status, _) = post(&w, "/challenges/1/reply", &bidder3, json!({"text": "x"})).await;
    assert_eq!(status, 403);
    let (status, body) = post(
        &w,
        "/challenges/1/reply",
        &tenderer,
        json!({"text": "经核查，异议不成立"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = post(
        &w,
        "/challenges/1/complaint",
        &bidder3,
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = post(
        &w,
        "/challenges/1/complaint",
        &bidder1,
        json!({"text": "对答复不满意"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = post(
        &w,
        "/challenges/1/handling",
        &bidder1,
        json!({"decision": "accept", "note": "x"}),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = post(
        &w,
        "/challenges/1/handling",
        &supervisor,
        json!({"decision": "accept", "note": "受理"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = post(
        &w,
        "/challenges/1/handling",
        &supervisor,
        json!({"decision": "maybe", "note": "x"}),
    )
    .await;
    assert_eq!(status, 400);
    let view = publicity(&w, &Person::public()).await;
    let f = &view["filings"][0];
    assert_eq!(f["reply"]["late"], true);
    assert_eq!(f["complaint"]["handling"][0][0], "accept");
    // the supervisor's own limits: accept within 3 working days (第61条), accepted
    let due = &f["complaint"]["handling_due"];
    assert_eq!(due[0]["rule"], "period.complaint_acceptance");
    assert_eq!(due[0]["source"], "招标投标法实施条例 第61条");
    assert_eq!(due[0]["done"], true);
    // complaint on Mon 10-26: 3 个工作日 → Thu 10-29; 30 → 12-07
    assert_eq!(due[0]["last_day"], "2026-10-29");
    assert_eq!(due[1]["last_day"], "2026-12-07");

    // a trade before its announcement is not public
    let (status, _) = w
        .server
        .get("/api/trades/GC-2026-0901/publicity", None)
        .await;
    assert_eq!(status, 404);

    // no notice before the award; not for the public either way
    let (status, _) = w
        .server
        .get(&format!("/api/trades/{TRADE}/award-notice"), None)
        .await;
    assert_eq!(status, 404);
    let (status, body) = post(&w, "/award-notice", &tenderer, json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("challenge.not_awarded"))
    );
    w.close().await;
}

#[tokio::test]
async fn the_page_shows_periods_filings_and_refuses_late_with_the_rule() {
    let w = World::copy().await;
    let cookie = w.server.page_sign_in("bidder-1").await;
    let (status, html) = w
        .server
        .get_with_cookie(&format!("/trades/{TRADE}/publicity"), Some(&cookie))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("公示与异议"), "{html}");
    assert!(html.contains("招标投标法实施条例 第54条"));
    assert!(
        html.contains("id=\"file-form\""),
        "a bidder sees the filing form"
    );
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let before = w.log_size().await;
    let r = w
        .server
        .client
        .post(w.server.url(&format!("/trades/{TRADE}/publicity/file")))
        .header("cookie", format!("sunbid_session={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&text=%E8%BF%9F%E5%88%B0"))
        .send()
        .await
        .unwrap();
    // A rule refusal: 422, the error page with the message, the rule's detail and its
    // article, a way back to the publicity page.
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(w.log_size().await, before);
    assert!(html.contains("id=\"error-detail\""), "{html}");
    assert!(html.contains("id=\"error-article\""), "{html}");
    assert!(
        html.contains(&format!("href=\"/trades/{TRADE}/publicity\"")),
        "{html}"
    );
    // the public page: no form
    let (status, html) = w
        .server
        .get_with_cookie(&format!("/trades/{TRADE}/publicity"), None)
        .await;
    assert_eq!(status, 200);
    assert!(!html.contains("id=\"file-form\""));

    // in the window, through the form; the tenderer then sees the reply form, the public
    // the text without the filer
    w.clock.set(datetime!(2026-10-22 12:00 +8));
    let cookie = w.server.page_sign_in("bidder-1").await;
    let (_, html) = w
        .server
        .get_with_cookie(&format!("/trades/{TRADE}/publicity"), Some(&cookie))
        .await;
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let r = w
        .server
        .client
        .post(w.server.url(&format!("/trades/{TRADE}/publicity/file")))
        .header("cookie", format!("sunbid_session={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&text=%E8%B5%84%E8%B4%A8"))
        .send()
        .await
        .unwrap();
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with("done=file"), "{location}");
    let tenderer = w.server.page_sign_in("tenderer-17").await;
    let (_, html) = w
        .server
        .get_with_cookie(&format!("/trades/{TRADE}/publicity"), Some(&tenderer))
        .await;
    assert!(html.contains("id=\"reply-1\""), "{html}");
    assert!(html.contains("bidder-1"));
    let (_, html) = w
        .server
        .get_with_cookie(&format!("/trades/{TRADE}/publicity?lang=en"), None)
        .await;
    assert!(html.contains("Filer not public"), "{html}");
    assert!(!html.contains("bidder-1"));
    w.close().await;
}

#[tokio::test]
async fn award_with_a_reason_then_the_notice_for_the_winner_only() {
    let w = World::copy().await;
    let tenderer = person("tenderer-17");
    let rank1 = app::demo::bidder_org(3).to_string();
    let rank2 = app::demo::bidder_org(1).to_string();
    let view = publicity(&w, &tenderer).await;
    assert_eq!(view["you"]["decide_award"], true);
    assert_eq!(view["candidates"][0], rank1.as_str());
    let (status, _) = post(&w, "/award", &person("bidder-1"), json!({"winner": rank2})).await;
    assert_eq!(status, 403);
    let (status, body) = post(&w, "/award", &tenderer, json!({"winner": rank2})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("trade.winner_not_first"))
    );
    let (status, body) = post(
        &w,
        "/award",
        &tenderer,
        json!({"winner": rank2, "reason": "第一中标候选人放弃中标"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(&w, "/award-notice", &tenderer, json!({})).await;
    assert_eq!(status, 200, "{body}");
    let path = format!("/api/trades/{TRADE}/award-notice");
    let winner = person("bidder-1");
    let (status, html) = w.server.get(&path, winner.token.as_deref()).await;
    assert_eq!(status, 200);
    assert!(html.as_str().unwrap().contains("中标通知书"));
    let (status, _) = w
        .server
        .get(&path, person("bidder-3").token.as_deref())
        .await;
    assert_eq!(status, 404);
    let (status, _) = w.server.get(&path, None).await;
    assert_eq!(status, 404);
    let public = publicity(&w, &Person::public()).await;
    assert_eq!(public["winner"], rank2.as_str());
    assert_eq!(public["notice"]["readable"], false);
    assert_eq!(public["notice"]["notified"], 2);
    w.close().await;
}
