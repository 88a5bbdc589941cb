//! Enterprise registration on pages (issue 13): each bad input gets a clear localised error,
//! keeps what was typed, marks the wrong field and changes nothing: an invalid or a
//! duplicate unified social credit code on `/register`, an expired qualification on `/org`,
//! and an organisation not approved yet acting on a trade. Then the happy path: the file is
//! submitted and the registration post approves it from `/review`.
mod support;

use domain::UnifiedSocialCreditCode;
use domain::trade::TradeCommand;
use support::*;

/// A made-up code with a right check character.
fn new_code() -> String {
    UnifiedSocialCreditCode::complete("9132010050000077")
        .unwrap()
        .to_string()
}

fn sign_up_body(code: &str, person: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("kind", "bidder")
        .append_pair("code", code)
        .append_pair("name", "江苏某建设有限公司")
        .append_pair("region", "320100")
        .append_pair("person", person)
        .append_pair("person_name", "李娜")
        .append_pair("password", "correct horse 9")
        .finish()
}

/// POSTs a form; returns the status, the body and the session cookie set, if any.
async fn post_form(
    w: &World,
    path: &str,
    body: String,
    cookie: Option<&str>,
    lang: &str,
) -> (u16, String, Option<String>) {
    let mut request = w
        .server
        .client
        .post(w.server.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept-language", lang)
        .body(body);
    if let Some(c) = cookie {
        request = request.header("cookie", format!("sunbid_session={c}"));
    }
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.split(';')
                .next()?
                .trim()
                .strip_prefix("sunbid_session=")
                .map(str::to_owned)
        });
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = r.text().await.unwrap();
    (status, location.unwrap_or(text), session)
}

/// The `<input>` named `name` in `html`.
fn input<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no input {name}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

#[tokio::test]
async fn sign_up_refuses_bad_codes_with_the_field_marked_and_nothing_changed() {
    let w = World::copy().await;
    let before = w.log_size().await;
    let good = new_code();
    let last = if good.ends_with('0') { '1' } else { '0' };
    let bad = format!("{}{last}", &good[..17]);
    let (status, html, session) =
        post_form(&w, "/register", sign_up_body(&bad, "li-na"), None, "zh-CN").await;
    assert_eq!(status, 400);
    assert!(session.is_none());
    assert!(html.contains("统一社会信用代码有误"), "{html}");
    assert!(input(&html, "code").contains("aria-invalid"), "{html}");
    assert!(input(&html, "name").contains("江苏某建设有限公司"));
    assert!(!input(&html, "name").contains("aria-invalid"));
    // A code already registered (bidder-1's company): one registration serves everyone.
    let taken = template().people["bidder-1"].org.clone().unwrap();
    let (status, html, _) = post_form(
        &w,
        "/register",
        sign_up_body(&taken, "li-na"),
        None,
        "zh-CN",
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("一次登记、全平台通用"), "{html}");
    assert!(input(&html, "code").contains("aria-invalid"), "{html}");
    assert!(input(&html, "person").contains("li-na"));
    // The same in English.
    let (_, html, _) = post_form(&w, "/register", sign_up_body(&taken, "li-na"), None, "en").await;
    assert!(html.contains("already registered"), "{html}");
    assert_eq!(w.log_size().await, before);
    w.close().await;
}

/// A `multipart/form-data` body of text fields and one file (what a browser sends).
fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----sunbid-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/pdf\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_qualification(w: &World, cookie: &str, csrf: &str, until: &str) -> String {
    let fields = [
        ("csrf", csrf),
        ("kind", "建筑工程施工总承包"),
        ("grade", "一级"),
        ("number", "D132000001"),
        ("issuer", "江苏省住房和城乡建设厅"),
        ("valid_from", "2024-01-01"),
        ("valid_until", until),
    ];
    let (content_type, body) = multipart(&fields, ("scan.pdf", b"%PDF-1.7 scan"));
    let r = w
        .server
        .client
        .post(w.server.url("/org/qualifications"))
        .header("cookie", format!("sunbid_session={cookie}"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    r.headers()["location"].to_str().unwrap().to_owned()
}

fn csrf_of(html: &str) -> String {
    let field = input(html, "csrf");
    let v = field.split("value=\"").nth(1).unwrap();
    v[..v.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn an_unapproved_organisation_completes_its_file_but_cannot_act_on_trades() {
    let w = World::copy().await;
    let code = new_code();
    let (status, location, session) =
        post_form(&w, "/register", sign_up_body(&code, "li-na"), None, "zh-CN").await;
    assert_eq!(status, 303, "{location}");
    assert!(location.starts_with("/org"), "{location}");
    let cookie = session.expect("signed in at once");
    let (status, html) = w.server.get_with_cookie("/org", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(html.contains("待完善"), "{html}");
    let csrf = csrf_of(&html);

    // An expired qualification: refused with the date field named, nothing stored.
    let before = w.log_size().await;
    let location = post_qualification(&w, &cookie, &csrf, "2025-12-31").await;
    assert!(
        location.contains("error=account.qualification_expired"),
        "{location}"
    );
    assert!(location.contains("field=valid_until"), "{location}");
    let (_, html) = w.server.get_with_cookie(&location, Some(&cookie)).await;
    assert!(html.contains("该资质已过有效期"), "{html}");
    assert!(
        input(&html, "valid_until").contains("aria-invalid"),
        "{html}"
    );
    assert_eq!(w.log_size().await, before);

    // Acting on a trade: refused in the caller's language, before the trade is read.
    let obtain = TradeCommand::ObtainDocuments {
        bidder: UnifiedSocialCreditCode::parse(&code).unwrap(),
        label: None,
        holder: None,
    };
    let (status, body) = w
        .server
        .command("GC-2026-0904", &obtain, Some(&cookie))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "access.org_not_approved", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("尚未审核通过"),
        "{body}"
    );
    assert_eq!(w.log_size().await, before);

    // A valid one, the details, submit; the registration post approves from its desk.
    let location = post_qualification(&w, &cookie, &csrf, "2029-12-31").await;
    assert!(
        location.contains("done=org.qualification_added"),
        "{location}"
    );
    let details = form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", &csrf)
        .append_pair("name", "江苏某建设有限公司")
        .append_pair("legal_representative", "王强")
        .append_pair("contact_name", "李娜")
        .append_pair("phone", "139 0000 0000")
        .finish();
    let (_, location, _) = post_form(&w, "/org/details", details, Some(&cookie), "zh-CN").await;
    assert!(location.contains("done=org.details_updated"), "{location}");
    let submit = format!("csrf={csrf}");
    let (_, location, _) = post_form(&w, "/org/submit", submit, Some(&cookie), "zh-CN").await;
    assert!(location.contains("done=org.submitted"), "{location}");

    let staff = w.server.page_sign_in("staff-wang").await;
    let (status, desk) = w.server.get_with_cookie("/review", Some(&staff)).await;
    assert_eq!(status, 200);
    assert!(desk.contains(&code) && desk.contains("首次登记"), "{desk}");
    let staff_csrf = csrf_of(&desk);
    let none = format!("csrf={staff_csrf}&decision=return&reasons=");
    let path = format!("/review/{code}");
    let (_, location, _) = post_form(&w, &path, none, Some(&staff), "zh-CN").await;
    assert!(
        location.contains("error=account.reasons_required"),
        "{location}"
    );
    let approve = format!("csrf={staff_csrf}&decision=approve");
    let (_, location, _) = post_form(&w, &path, approve, Some(&staff), "zh-CN").await;
    assert!(location.contains("done=org.approved"), "{location}");
    let (_, html) = w.server.get_with_cookie("/org", Some(&cookie)).await;
    assert!(html.contains("已审核通过"), "{html}");
    w.close().await;
}
