//! The administrator over HTTP (issue 13): not a super-user (a trade's bid room and
//! deposits are refused to it, as to anyone without a part in the trade), and a person it
//! disables loses an open session at once.
mod support;
// The administrator's pages, on the same seeded world and center.
#[path = "admin/pages.rs"]
mod pages;
#[path = "admin/people.rs"]
mod people;
#[path = "admin/venues.rs"]
mod venues;

use app::Meta;
use support::World;

const PASSWORD: &str = "correct horse battery";

/// `sunbid init` on a copy of the world, then the first administrator's link redeemed on
/// its page; returns the administrator's session token (also its page cookie).
pub async fn administrator(w: &World) -> String {
    let link = support::establish_center(w, "福州市公共资源交易中心", "admin-lin", "林管理").await;
    // The link's page shows the form; a too-short password is refused and the link stays.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = http.get(w.server.url(&link.path())).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let form = |pw: &str| {
        format!(
            "person={}&token={}&password={}",
            link.person,
            link.token,
            pw.replace(' ', "+")
        )
    };
    let post = |body: String| {
        http.post(w.server.url("/activate"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let r = post(form("short")).await.unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    assert!(r.text().await.unwrap().contains("error-message"));
    let r = post(form(PASSWORD)).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let grant = w
        .platform
        .sign_in_password("admin-lin", PASSWORD, None)
        .await
        .unwrap();
    grant.token
}

#[tokio::test]
async fn the_administrator_reads_no_sealed_bid_room() {
    let w = World::copy().await;
    let admin = administrator(&w).await;
    // (`/opening` answers anyone the same before the opening: no list, no count.)
    for path in ["/deposits", "/room", "/opening/record"] {
        let (status, body) = w
            .server
            .get(&format!("/api/trades/GC-2026-0905{path}"), Some(&admin))
            .await;
        assert!(
            status == 403 || status == 404,
            "{path}: the administrator got {status}: {body}"
        );
    }
    w.close().await;
}

#[tokio::test]
async fn a_disabled_persons_old_session_is_refused() {
    let w = World::copy().await;
    let admin_token = administrator(&w).await;
    let admin = w
        .platform
        .session(&admin_token)
        .await
        .unwrap()
        .unwrap()
        .actor;
    let staff = w
        .platform
        .sign_in_password("staff-wang", app::demo::DEMO_PASSWORD, None)
        .await
        .unwrap()
        .token;
    let (status, _) = w.server.get("/api/session", Some(&staff)).await;
    assert_eq!(status, 200);
    app::center::disable(&w.platform, "staff-wang", "调岗", &admin, &Meta::default())
        .await
        .unwrap();
    let (status, body) = w.server.get("/api/session", Some(&staff)).await;
    assert_eq!(status, 401, "{body}");
    w.close().await;
}
