//! `/admin`: the center's profile, policy and settings, its rooms, trusted keys and holiday
//! calendars, set from the page. A refused form keeps what was typed, marks the field and
//! changes nothing; a calendar is previewed before it is imported.
use crate::administrator;
use crate::support::{BOUNDARY, World, csrf_in, multipart};

/// What an administrator's form answers: the status, and the redirect or the page.
pub async fn post(
    w: &World,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> (u16, String) {
    let (_, page) = w
        .server
        .get_with_cookie("/admin/people", Some(cookie))
        .await;
    let csrf = csrf_in(&page);
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("csrf", None, csrf.as_bytes())];
    parts.extend(fields.iter().map(|(k, v)| (*k, None, v.as_bytes())));
    if let Some((name, bytes)) = file {
        parts.push((name, Some("upload.pem"), bytes));
    }
    let r = w
        .server
        .client
        .post(w.server.url(path))
        .header("cookie", format!("sunbid_session={cookie}"))
        .header("accept-language", "zh-CN")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(multipart(&parts))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = r.text().await.unwrap();
    (status, location.unwrap_or(text))
}

/// The center stream's last event kind and who appended it.
pub async fn last_center_event(w: &World) -> (String, String) {
    let records = w.platform.store().load_stream("center").await.unwrap();
    let last = &records.last().unwrap().record;
    (last.kind.clone(), last.actor.clone())
}

const BANK_PEM: &[u8] = b"-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAMIefxrD4IpW9jShdSB0SucAEqZDZCmASRMZm2V0/IY8=
-----END PUBLIC KEY-----
";

#[tokio::test]
async fn the_profile_form_keeps_what_was_typed_and_names_the_wrong_field() {
    let w = World::copy().await;
    let admin = administrator(&w).await;
    let (_, work) = w.server.get_with_cookie("/work", Some(&admin)).await;
    assert!(
        work.contains("href=\"/admin\""),
        "the workbench links the pages: {work}"
    );
    let (status, page) = w.server.get_with_cookie("/admin", Some(&admin)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("福州市公共资源交易中心"), "{page}");
    let before = w.log_size().await;
    let typed = [
        ("name", "福州市公共资源交易中心（新址）"),
        ("region", "35O1OO"),
    ];
    let (status, page) = post(&w, &admin, "/admin/profile", &typed, None).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("field-error-profile-region"), "{page}");
    assert!(page.contains("行政区划代码应为6位数字"), "{page}");
    assert!(
        page.contains("value=\"福州市公共资源交易中心（新址）\""),
        "{page}"
    );
    assert_eq!(w.log_size().await, before, "a refused form changes nothing");
    let (_, page) = post(&w, &admin, "/admin/profile?lang=en", &typed, None).await;
    assert!(page.contains("The region code is six digits"), "{page}");
    // A threshold one side could reach alone is the rule's refusal, with its article.
    let policy = [
        ("custodians", "witness,supervisor,party"),
        ("threshold", "1"),
        ("suite", "sm2-sm4"),
        ("window_minutes", "60"),
        ("max_bid_mib", "64"),
    ];
    let (status, page) = post(&w, &admin, "/admin/policy", &policy, None).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("field-error-policy-threshold"), "{page}");
    assert_eq!(w.log_size().await, before);
    let typed = [
        ("name", "福州市公共资源交易中心（新址）"),
        ("region", "350100"),
    ];
    let (status, to) = post(&w, &admin, "/admin/profile", &typed, None).await;
    assert_eq!((status, to.as_str()), (303, "/admin?done=profile"));
    assert_eq!(
        last_center_event(&w).await,
        ("center.profile_set".to_owned(), "admin-lin".to_owned())
    );
    let (_, page) = w.server.get_with_cookie(&to, Some(&admin)).await;
    assert!(page.contains("中心信息已保存"), "{page}");
    w.close().await;
}

#[tokio::test]
async fn rooms_and_trusted_keys_are_added_from_files_and_listed_by_name() {
    let w = World::copy().await;
    let admin = administrator(&w).await;
    let room = [
        ("room", "evaluation-19"),
        ("name", "第十九评标室"),
        ("purpose", "evaluation"),
        ("capacity", "0"),
    ];
    let (status, page) = post(&w, &admin, "/admin/venue", &room, None).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("field-error-venue-capacity"), "{page}");
    assert!(page.contains("value=\"第十九评标室\""), "{page}");
    let room = [room[0], room[1], room[2], ("capacity", "13")];
    let (status, _) = post(&w, &admin, "/admin/venue", &room, None).await;
    assert_eq!(status, 303);
    let signer = [("name", "某银行福州分行"), ("kind", "bank")];
    let (status, page) = post(
        &w,
        &admin,
        "/admin/signer",
        &signer,
        Some(("file", b"hello")),
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("field-error-signer-file"), "{page}");
    let (status, _) = post(
        &w,
        &admin,
        "/admin/signer",
        &signer,
        Some(("file", BANK_PEM)),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(last_center_event(&w).await.0, "center.signer_trusted");
    let (_, page) = w.server.get_with_cookie("/admin", Some(&admin)).await;
    assert!(page.contains("第十九评标室"), "{page}");
    assert!(page.contains("19号评标室"), "{page}");
    assert!(page.contains("某银行福州分行"), "{page}");
    // The same key twice is refused, naming the file.
    let (status, page) = post(
        &w,
        &admin,
        "/admin/signer",
        &signer,
        Some(("file", BANK_PEM)),
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("field-error-signer-file"), "{page}");
    w.close().await;
}

#[tokio::test]
async fn a_calendar_is_previewed_then_imported() {
    let w = World::copy().await;
    let admin = administrator(&w).await;
    let before = w.log_size().await;
    let (status, page) = post(&w, &admin, "/admin/calendar", &[], Some(("file", b"{}"))).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("field-error-calendar-file"), "{page}");
    let json = r#"{"year": 2027, "days": [
        {"date": "2027-10-01", "name": "国庆节", "isOffDay": true},
        {"date": "2027-10-02", "name": "国庆节", "isOffDay": true},
        {"date": "2027-09-26", "name": "国庆节", "isOffDay": false}]}"#;
    let (status, page) = post(
        &w,
        &admin,
        "/admin/calendar",
        &[],
        Some(("file", json.as_bytes())),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("放假2天，调休上班1天"), "{page}");
    assert!(page.contains("2027-10-01"), "{page}");
    assert_eq!(w.log_size().await, before, "a preview changes nothing");
    let confirmed = page
        .split("name=\"json\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .replace("&#34;", "\"")
        .replace("&quot;", "\"");
    let (status, to) = post(
        &w,
        &admin,
        "/admin/calendar_import",
        &[("json", &confirmed)],
        None,
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/admin?done=calendar_import"));
    assert_eq!(last_center_event(&w).await.0, "center.calendar_imported");
    let (_, page) = w.server.get_with_cookie("/admin", Some(&admin)).await;
    assert!(page.contains("2027年：2天假日"), "{page}");
    w.close().await;
}

#[tokio::test]
async fn only_the_administrator_has_the_pages() {
    let w = World::copy().await;
    administrator(&w).await;
    let staff = w.server.page_sign_in("staff-wang").await;
    for path in ["/admin", "/admin/people"] {
        let (status, page) = w.server.get_with_cookie(path, Some(&staff)).await;
        assert_eq!(status, 403, "{path}: {page}");
        let (status, _) = w.server.get_with_cookie(path, None).await;
        assert_eq!(status, 401, "{path}");
    }
    let (status, _) = post(
        &w,
        &staff,
        "/admin/profile",
        &[("name", "x"), ("region", "350100")],
        None,
    )
    .await;
    assert_eq!(status, 403);
    w.close().await;
}
