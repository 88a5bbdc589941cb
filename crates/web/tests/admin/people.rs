//! `/admin/people`: staff and supervisors registered by name with their first sign-in link
//! sent through the outbox (its status shown, never the link), posts given their A and B,
//! people disabled (an old session of theirs is refused at once) and sent reset links, keys
//! bound from a PEM file or a certificate; the last administrator stays.
use crate::administrator;
use crate::pages::post;
use crate::support::World;

const KEY_PEM: &[u8] = b"-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAMIefxrD4IpW9jShdSB0SucAEqZDZCmASRMZm2V0/IY8=
-----END PUBLIC KEY-----
";

fn staff(
    role: &'static str,
    id: &'static str,
    name: &'static str,
) -> [(&'static str, &'static str); 4] {
    [
        ("role", role),
        ("person", id),
        ("name", name),
        ("contact", "13800000001"),
    ]
}

#[tokio::test]
async fn staff_are_registered_with_their_link_sent_and_posts_assigned() {
    let w = World::copy().await;
    let admin = administrator(&w).await;
    let before = w.log_size().await;
    let mut bad = staff("center_staff", "staff-gao", "高工作");
    bad[3] = ("contact", "no contact");
    let (status, page) = post(&w, &admin, "/admin/people/create", &bad, None).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("field-error-create-contact"), "{page}");
    assert!(page.contains("value=\"高工作\""), "{page}");
    assert_eq!(w.log_size().await, before);
    for (role, id, name) in [
        ("center_staff", "staff-gao", "高工作"),
        ("center_staff", "staff-sun", "孙工作"),
        ("supervisor", "sup-he", "何监督"),
    ] {
        let (status, to) = post(
            &w,
            &admin,
            "/admin/people/create",
            &staff(role, id, name),
            None,
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (303, "/admin/people?done=create"),
            "{id}"
        );
    }
    let (status, page) = w
        .server
        .get_with_cookie("/admin/people?done=create", Some(&admin))
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("高工作 <span class=\"code\">staff-gao</span>"),
        "{page}"
    );
    assert!(page.contains("何监督"), "{page}");
    // The link's purpose and its message's status, never the link.
    assert!(page.contains("首次登录链接有效至"), "{page}");
    assert!(page.contains("短信待发送"), "{page}");
    assert!(!page.contains("/link/staff-gao/"), "{page}");
    // A and B by name, on the post's Chinese label; the same person twice is refused.
    assert!(page.contains("项目受理岗"), "{page}");
    let same = [
        ("post", "acceptance"),
        ("primary", "staff-gao"),
        ("backup", "staff-gao"),
    ];
    let (status, page) = post(&w, &admin, "/admin/people/assign", &same, None).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("field-error-assign-acceptance-backup"),
        "{page}"
    );
    let ab = [
        ("post", "acceptance"),
        ("primary", "staff-gao"),
        ("backup", "staff-sun"),
    ];
    let (status, _) = post(&w, &admin, "/admin/people/assign", &ab, None).await;
    assert_eq!(status, 303);
    let view = app::queries::post(&w.platform, "acceptance").await.unwrap();
    assert_eq!(view.primary.as_deref(), Some("staff-gao"));
    assert_eq!(view.backup.as_deref(), Some("staff-sun"));
    let (_, page) = w
        .server
        .get_with_cookie("/admin/people", Some(&admin))
        .await;
    assert!(page.contains("A角：高工作 · B角：孙工作"), "{page}");
    w.close().await;
}

#[tokio::test]
async fn a_disabled_persons_page_session_ends_and_the_last_administrator_stays() {
    let w = World::copy().await;
    let admin = administrator(&w).await;
    let wang = w.server.page_sign_in("staff-wang").await;
    let (status, _) = w.server.get_with_cookie("/work", Some(&wang)).await;
    assert_eq!(status, 200);
    let (status, page) = post(
        &w,
        &admin,
        "/admin/people/disable",
        &[("person", "staff-wang")],
        None,
    )
    .await;
    assert_eq!(status, 422, "a reason is needed: {page}");
    let disable = [("person", "staff-wang"), ("reason", "调岗")];
    let (status, _) = post(&w, &admin, "/admin/people/disable", &disable, None).await;
    assert_eq!(status, 303);
    let (status, page) = w.server.get_with_cookie("/work", Some(&wang)).await;
    assert_eq!(status, 401, "the old session is refused at once: {page}");
    assert!(
        page.contains("id=\"error-sign-in\""),
        "the way to sign in: {page}"
    );
    // Removing the last administrator: refused, said in the reader's language.
    let before = w.log_size().await;
    let me = [("person", "admin-lin"), ("reason", "离职")];
    let (status, page) = post(&w, &admin, "/admin/people/disable", &me, None).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("不能停用或移除最后一名系统管理员"), "{page}");
    assert_eq!(w.log_size().await, before);
    let (status, _) = w.server.get_with_cookie("/admin", Some(&admin)).await;
    assert_eq!(status, 200, "the administrator is still signed in");
    w.close().await;
}

#[tokio::test]
async fn reset_links_go_through_the_outbox_and_keys_bind_from_files() {
    let w = World::copy().await;
    let admin = administrator(&w).await;
    let (status, _) = post(
        &w,
        &admin,
        "/admin/people/create",
        &staff("supervisor", "sup-he", "何监督"),
        None,
    )
    .await;
    assert_eq!(status, 303);
    let (status, to) = post(
        &w,
        &admin,
        "/admin/people/reset",
        &[("person", "sup-he")],
        None,
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/admin/people?done=reset"));
    let (_, page) = w.server.get_with_cookie(&to, Some(&admin)).await;
    assert!(page.contains("重置密码链接已通过短信发出"), "{page}");
    assert!(page.contains("重置密码链接有效至"), "{page}");
    // A certificate outside its validity (it starts 2026-12-07; the world is in October).
    let cert = include_bytes!("../../../app/tests/data/ed25519-cert.pem");
    let before = w.log_size().await;
    let (status, page) = post(
        &w,
        &admin,
        "/admin/people/key",
        &[("person", "sup-he")],
        Some(("file", cert)),
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("error-message"), "{page}");
    assert_eq!(w.log_size().await, before);
    let (status, _) = post(
        &w,
        &admin,
        "/admin/people/key",
        &[("person", "sup-he")],
        Some(("file", KEY_PEM)),
    )
    .await;
    assert_eq!(status, 303);
    let person = app::queries::person(&w.platform, "sup-he").await.unwrap();
    assert_eq!(person.active_keys, 1);
    w.close().await;
}

/// The messages spooled to `<dir>/sms/sms.jsonl`, as (to, text).
fn spooled(dir: &std::path::Path) -> Vec<(String, String)> {
    let spool = std::fs::read_to_string(dir.join("sms/sms.jsonl")).unwrap();
    spool
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| {
            (
                v["to"].as_str().unwrap().into(),
                v["text"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// The full link in a message text (it stands between spaces), and its token.
fn link_in(text: &str, base: &str, person: &str) -> String {
    let start = format!("{base}/link/{person}/");
    let url = text
        .split_whitespace()
        .find(|w| w.starts_with(&start))
        .unwrap_or_else(|| panic!("no full link for {person} in {text:?}"));
    let token = &url[start.len()..];
    assert_eq!(token.len(), 64, "{url}");
    token.to_owned()
}

#[tokio::test]
async fn link_messages_read_as_a_message_with_the_full_address() {
    use domain::{Actor, Role};
    const BASE: &str = "https://bids.example.test";
    let w = test_support::TestApp::builder()
        .accounts()
        .platform(|p, dir| {
            let sms = app::experts::FileGateway {
                dir: dir.join("sms"),
            };
            p.with_gateway(std::sync::Arc::new(sms))
                .with_link_texts(web::i18n::link_texts(&format!("{BASE}/")))
        })
        .build()
        .await;
    let (p, meta) = (&w.platform, app::Meta::default());
    let admin = Actor::new("admin-lin", Role::Administrator);
    // A supervisor's first sign-in link, then a reset link.
    app::center::register_staff(
        p,
        "sup-he",
        "何监督",
        Role::Supervisor,
        "13800000001",
        &admin,
        &meta,
    )
    .await
    .unwrap();
    app::center::send_reset_link(p, "sup-he", &admin, &meta)
        .await
        .unwrap();
    // An organisation's colleague, invited by its own person.
    let invitation = app::registration::Invitation {
        person: "bidder-1b".into(),
        name: "张强".into(),
        title: "投标专员".into(),
        phone: "13800000002".into(),
    };
    let org = app::demo::bidder_org(1);
    app::registration::invite(p, org.as_str(), invitation, &app::demo::bidder(1), &meta)
        .await
        .unwrap();
    app::experts::deliver_messages(p).await.unwrap();
    let sent = spooled(&w.dir);
    let [(to1, first), (to2, reset), (to3, invited)] = &sent[..] else {
        panic!("three messages: {sent:?}");
    };
    assert_eq!((to1.as_str(), to2.as_str()), ("13800000001", "13800000001"));
    assert_eq!(to3, "13800000002");
    // Words from the catalogue (zh-CN by default), to the person by name, from the center.
    let zh = web::i18n::Lang::ZhCn;
    for (text, key) in [
        (first, "message.link.first_sign_in"),
        (reset, "message.link.password_reset"),
    ] {
        assert!(
            text.starts_with("【杭州市公共资源交易中心】何监督，您好："),
            "{text}"
        );
        let opening = zh.get(key).unwrap().split("{until}").next().unwrap();
        let opening = opening
            .replace("{center}", "杭州市公共资源交易中心")
            .replace("{name}", "何监督");
        assert!(text.starts_with(&opening), "{text} from {key}");
        assert!(!text.contains('{'), "every placeholder filled: {text}");
    }
    assert!(
        invited.starts_with("【杭州市公共资源交易中心】张强，您好："),
        "{invited}"
    );
    // The full address on the public base URL; the reset link is the one that works.
    link_in(first, BASE, "sup-he");
    let token = link_in(reset, BASE, "sup-he");
    app::center::redeem_link(p, "sup-he", &token, "correct horse battery", None, &meta)
        .await
        .unwrap();
    link_in(invited, BASE, "bidder-1b");
    w.close().await;
}
