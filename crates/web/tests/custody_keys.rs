//! A custodian's custody key made by the browser (issue 13, "keys are never typed"): bound on
//! "my keys" (`/work/keys`) with one click, or on the one-time link's page with the password;
//! a key that is not one is refused and binds nothing; a bidder has no such page.
mod support;

use support::World;

/// RFC 7748 §6.1: Alice's and Bob's X25519 public keys.
const ALICE: &str = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const BOB: &str = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";

fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned()
}

async fn custody_key(w: &World, person: &str) -> Option<String> {
    app::queries::person(&w.platform, person)
        .await
        .unwrap()
        .custody_key
}

#[tokio::test]
async fn my_keys_binds_the_custody_key_the_browser_made() {
    let w = World::copy().await;
    let cookie = w.server.page_sign_in("supervisor-zhou").await;
    let (status, html) = w.server.get_with_cookie("/work/keys", Some(&cookie)).await;
    assert_eq!(status, 200);
    // The page names the bound key, carries the field the script fills, loads the script.
    let before = custody_key(&w, "supervisor-zhou").await.unwrap();
    assert!(html.contains(&before), "{html}");
    assert!(html.contains(r#"id="custody-make""#));
    assert!(html.contains(r#"name="public_key""#));
    assert!(html.contains("/static/keys.js"));
    let (_, work) = w.server.get_with_cookie("/work", Some(&cookie)).await;
    assert!(
        work.contains(r#"href="/work/keys""#),
        "the workbench links it"
    );
    let csrf = csrf_of(&html);
    let post = |key: &str| {
        w.server
            .client
            .post(w.server.url("/work/keys/custody"))
            .header("cookie", format!("sunbid_session={cookie}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf={csrf}&public_key={key}"))
            .send()
    };
    // Not a key, a point of small order: refused with the message, nothing changed.
    let size = w.log_size().await;
    for bad in [
        "zz".repeat(32),
        format!("01{}", "00".repeat(31)),
        String::new(),
    ] {
        let r = post(&bad).await.unwrap();
        assert_eq!(r.status().as_u16(), 422, "{bad}");
        assert!(r.text().await.unwrap().contains("公钥格式不正确"));
    }
    assert_eq!(w.log_size().await, size);
    assert_eq!(custody_key(&w, "supervisor-zhou").await.unwrap(), before);
    let r = post(ALICE).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(to, "/work/keys?done=custody");
    assert_eq!(
        custody_key(&w, "supervisor-zhou").await.as_deref(),
        Some(ALICE)
    );
    let (_, html) = w.server.get_with_cookie(&to, Some(&cookie)).await;
    assert!(html.contains("保管密钥已绑定"), "{html}");

    // A bidder is never a custodian: no page, no binding.
    let bidder = w.server.page_sign_in("bidder-1").await;
    let (status, _) = w.server.get_with_cookie("/work/keys", Some(&bidder)).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_link_binds_the_custody_key_with_the_password() {
    let w = World::copy().await;
    let link = support::establish_center(&w, "福州市公共资源交易中心", "admin-lin", "林管理").await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http.get(w.server.url(&link.path())).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"name="custody_key""#), "{html}");
    let post = |key: &str| {
        let body = format!(
            "person={}&token={}&password=correct+horse+battery&custody_key={key}",
            link.person, link.token,
        );
        http.post(w.server.url("/activate"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    // An administrator is never a custodian: the key the page made is not kept.
    let r = post(BOB).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(custody_key(&w, "admin-lin").await, None);
}
