//! A person's signing key made by the browser (issue 13, "keys are never typed"): the one-time
//! link's page sends the public half the page's script made with the password, and the link
//! binds it in the same step; a key that is not one is refused and the link stays usable.
mod support;

use support::World;

const PASSWORD: &str = "correct horse battery";
/// RFC 8032 §7.1, test 1: a valid Ed25519 public key.
const PUBLIC_KEY: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

#[tokio::test]
async fn the_link_binds_the_key_the_browser_made() {
    let w = World::copy().await;
    let link = support::establish_center(&w, "福州市公共资源交易中心", "admin-lin", "林管理").await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // The page carries the field the script fills and loads the script.
    let page = http.get(w.server.url(&link.path())).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"name="public_key""#), "{html}");
    assert!(html.contains("/static/keys.js"));
    let post = |key: &str| {
        let body = format!(
            "person={}&token={}&password={}&public_key={key}",
            link.person,
            link.token,
            PASSWORD.replace(' ', "+")
        );
        http.post(w.server.url("/activate"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let keys = || async {
        app::queries::person(&w.platform, "admin-lin")
            .await
            .unwrap()
            .active_keys
    };
    let r = post(&"zz".repeat(32)).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("error-message"));
    assert_eq!(keys().await, 0, "a refused link binds nothing");
    let r = post(PUBLIC_KEY).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(keys().await, 1);
    w.platform
        .sign_in_password("admin-lin", PASSWORD, None)
        .await
        .unwrap();
}
