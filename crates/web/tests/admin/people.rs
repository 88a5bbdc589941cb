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
