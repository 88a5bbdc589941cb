//! A deferred document (容缺) accepted with a pledge is handed in from the steps page by the
//! agency; the name must be one still outstanding (refused in the user's language, nothing
//! recorded), and once in, the trade owes nothing more.
use super::*;

#[tokio::test]
async fn a_deferred_document_is_handed_in_from_the_steps_page() {
    let site = site_with(false).await;
    let staff = site.world.sign_in("staff-wang").await;
    let accept = [("deferred_1", "施工图审查合格书"), ("due_1", "2026-11-20")];
    let pledge = Some(("pledge=承诺书.pdf", &b"pledge"[..]));
    let r = site.post(&staff, "accept", &accept, pledge, "zh-CN").await;
    assert_eq!(r.status, 303, "{}", r.text);
    let agency = site.world.sign_in("agency-li").await;
    let steps = format!("/work/trades/{TRADE}/steps");
    assert!(
        site.page(&agency, &steps)
            .await
            .text
            .contains("id=\"form-deferred\"")
    );

    // A name acceptance did not list: refused in Chinese, nothing recorded.
    let before = site.log_size().await;
    let wrong = [("document", "规划许可证")];
    let file = Some(("规划许可证.pdf", &b"x"[..]));
    let r = site.post(&agency, "deferred", &wrong, file, "zh-CN").await;
    assert_ne!(r.status, 303, "{}", r.text);
    assert!(r.text.contains("id=\"error-deferred\""), "{}", r.text);
    assert_eq!(site.log_size().await, before);

    let right = [("document", "施工图审查合格书")];
    let file = Some(("合格书.pdf", &b"ok"[..]));
    let r = site.post(&agency, "deferred", &right, file, "zh-CN").await;
    assert_eq!(r.status, 303, "{}", r.text);
    let t = TradeId::parse(TRADE).unwrap();
    let state = site.world.platform.trade_state(&t).await.unwrap();
    assert!(state.outstanding_deferred().is_empty());
}
