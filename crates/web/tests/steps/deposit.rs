//! The deposit from pages (`/trades/{id}/deposit`): a bidder opens its sub-account and reads
//! its number, claims the exemption, has a malformed guarantee named on its field; staff
//! are told why the bidder's forms and the refunds are not theirs now.
use super::*;

impl Site {
    /// Posts a deposit form as `person`.
    async fn deposit(
        &self,
        person: &test_support::Caller,
        what: &str,
        parts: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Answer {
        let r = self
            .client
            .post(format!("{}/trades/{TRADE}/deposit/{what}", self.base))
            .header("cookie", format!("sunbid_session={}", person.token))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart(&person.csrf, parts, file));
        Site::answer(r).await
    }
}

#[tokio::test]
async fn a_bidder_opens_its_sub_account_and_claims_exemption_from_the_deposit_page() {
    let site = site().await;
    let agency = site.world.sign_in("agency-li").await;
    let terms = [
        ("amount", "240,000.00"),
        ("subject", "goods"),
        ("exemption_by_credit", "1"),
        ("accepts_guarantee", "1"),
    ];
    let r = site
        .post(&agency, "deposit_terms", &terms, None, "zh-CN")
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    super::notices::announced(&site).await;
    let path = format!("/trades/{TRADE}/deposit");
    let bidder = site.world.sign_in("bidder-1").await;
    let staff = site.world.sign_in("staff-wang").await;
    // the terms in words, the bidder's forms open to it and shut to staff, and why
    let page = site.page(&bidder, &path).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains("¥240,000.00（贰拾肆万元整）"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("id=\"form-open_account\""),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("id=\"why-not-refunds_due\""),
        "{}",
        page.text
    );
    let page = site.page(&staff, &path).await;
    assert!(
        page.text.contains("id=\"why-not-open_account\""),
        "{}",
        page.text
    );
    assert!(page.text.contains("开标前保证金情况保密"), "{}", page.text);
    let before = site.log_size().await;
    let r = site.deposit(&staff, "open_account", &[], None).await;
    assert_eq!(r.status, 403, "{}", r.text);
    // a file that is no signed guarantee is named on its field, nothing lodged
    let r = site
        .deposit(&bidder, "guarantee", &[], Some(("g.json", b"not a letter")))
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("id=\"field-error-guarantee-file\""),
        "{}",
        r.text
    );
    assert_eq!(site.log_size().await, before);
    // the sub-account: its number on the page the bidder lands on
    let r = site.deposit(&bidder, "open_account", &[], None).await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert!(
        r.location.contains(&format!("account=SB-{TRADE}-")),
        "{}",
        r.location
    );
    let account = r.location.split("account=").nth(1).unwrap().to_owned();
    let page = site.page(&bidder, &r.location).await;
    assert!(page.text.contains(&account), "{}", page.text);
    assert!(page.text.contains("id=\"notice\""), "{}", page.text);
    let r = site.deposit(&bidder, "exemption", &[], None).await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert!(site.log_size().await > before);
}
