//! Returning an entry with reasons (the applicant fixes and resubmits it) against rejecting
//! it, and the green channel asked for by the applicant and decided by staff, from the step
//! forms; the applicant reads the reasons and the decision on its own page.
use super::*;

fn steps_path() -> String {
    format!("/work/trades/{TRADE}/steps")
}

/// The staff queue's row of the trade, as the work page shows it.
fn queue_row(page: &str) -> &str {
    let start = page
        .find(&format!("-{TRADE}\""))
        .unwrap_or_else(|| panic!("no queue row for {TRADE}: {page}"));
    let end = page[start..].find("</tr>").unwrap() + start;
    &page[start..end]
}

#[tokio::test]
async fn a_returned_entry_shows_its_reasons_to_the_applicant_and_comes_back_corrected() {
    let site = site_with(false).await;
    let staff = site.world.sign_in("staff-wang").await;
    let agency = site.world.sign_in("agency-li").await;
    let before = site.log_size().await;
    // a return without reasons is named on its field, nothing sent
    let r = site
        .post(
            &staff,
            "return_entry",
            &[("reasons", " \n ")],
            None,
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("id=\"field-error-return_entry-reasons\""),
        "{}",
        r.text
    );
    assert_eq!(site.log_size().await, before);
    let reasons = "缺资金来源证明\n法人授权委托书未盖章";
    let r = site
        .post(
            &staff,
            "return_entry",
            &[("reasons", reasons)],
            None,
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    // the applicant reads every reason on its page and may resubmit; it may not accept
    let page = site.page(&agency, &steps_path()).await;
    assert!(
        page.text.contains("id=\"returned-reasons\""),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("<li>缺资金来源证明</li>"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("<li>法人授权委托书未盖章</li>"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("id=\"form-resubmit_entry\""),
        "{}",
        page.text
    );
    // staff wait for the corrections: the page says why, and a forced acceptance is refused
    // naming the article, changing nothing
    let page = site.page(&staff, &steps_path()).await;
    assert!(page.text.contains("id=\"why-not-accept\""), "{}", page.text);
    assert!(page.text.contains("行政许可法 第32条"), "{}", page.text);
    let before = site.log_size().await;
    let r = site.post(&staff, "accept", &[], None, "zh-CN").await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.text.contains("id=\"error-accept\""), "{}", r.text);
    assert!(r.text.contains("须待申请人补正后重新提交"), "{}", r.text);
    assert_eq!(site.log_size().await, before);
    // resubmitted with a note: the return is over and staff may accept again
    let r = site
        .post(
            &agency,
            "resubmit_entry",
            &[("note", "已补充资金证明")],
            None,
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let page = site.page(&agency, &steps_path()).await;
    assert!(
        !page.text.contains("id=\"returned-reasons\""),
        "{}",
        page.text
    );
    assert_eq!(site.phase().await, "registered");
    // rejecting ends it, and the applicant reads why
    let r = site
        .post(
            &staff,
            "reject_entry",
            &[("reason", "不属于进场交易范围")],
            None,
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(site.phase().await, "rejected");
    let page = site.page(&agency, &steps_path()).await;
    assert!(
        page.text.contains("id=\"rejected-reason\""),
        "{}",
        page.text
    );
    assert!(page.text.contains("不属于进场交易范围"), "{}", page.text);
    assert!(
        page.text.contains("id=\"why-not-resubmit_entry\""),
        "{}",
        page.text
    );
}

#[tokio::test]
async fn the_green_channel_is_requested_by_the_applicant_and_approved_by_staff() {
    let site = site_with(false).await;
    let staff = site.world.sign_in("staff-wang").await;
    let agency = site.world.sign_in("agency-li").await;
    // nothing to decide yet: staff are told so
    let page = site.page(&staff, &steps_path()).await;
    assert!(
        page.text.contains("id=\"why-not-decide_green\""),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("没有待审批的绿色通道申请"),
        "{}",
        page.text
    );
    let before = site.log_size().await;
    let r = site
        .post(&agency, "request_green", &[("reason", "")], None, "en")
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("id=\"field-error-request_green-reason\""),
        "{}",
        r.text
    );
    assert_eq!(site.log_size().await, before);
    let r = site
        .post(
            &agency,
            "request_green",
            &[("reason", "防汛应急工程")],
            None,
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    // requested, not granted: the queue does not put it first yet
    let work = site.page(&staff, "/work").await;
    assert!(!queue_row(&work.text).contains("绿色通道"), "{}", work.text);
    let page = site.page(&agency, &steps_path()).await;
    assert!(page.text.contains("绿色通道申请待审批"), "{}", page.text);
    assert!(
        page.text.contains("id=\"why-not-request_green\""),
        "{}",
        page.text
    );
    // a decision needs a reason; what was picked stays picked
    let r = site
        .post(
            &staff,
            "decide_green",
            &[("decision", "approve")],
            None,
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("<option value=\"approve\" selected>"),
        "{}",
        r.text
    );
    let r = site
        .post(
            &staff,
            "decide_green",
            &[("decision", "approve"), ("reason", "列入市重点防汛项目")],
            None,
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let page = site.page(&agency, &steps_path()).await;
    assert!(
        page.text.contains("绿色通道已获批准：列入市重点防汛项目"),
        "{}",
        page.text
    );
    let work = site.page(&staff, "/work").await;
    assert!(queue_row(&work.text).contains("绿色通道"), "{}", work.text);
}
