//! The evaluation configuration entered in the documents' form (issue 13): criteria as
//! rows, the price formula and the SME rates; a field that cannot be read is named with the
//! rest kept; a configuration the law does not allow is refused at publication naming the
//! article, nothing changed.
use super::*;

/// The documents' form with two criteria rows and `more` fields.
fn with_rows(more: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = vec![
        ("evaluation_kind", "comprehensive".into()),
        ("category", "goods".into()),
        ("total_points", "100".into()),
        ("price_points", "30".into()),
        ("c1_name", "技术方案".into()),
        ("c1_points", "50".into()),
        ("c1_kind", "subjective".into()),
        ("c2_name", "认证证书".into()),
        ("c2_points", "20".into()),
        ("c2_kind", "objective".into()),
        ("c2_step", "2".into()),
    ];
    for (k, val) in more {
        v.retain(|(name, _)| name != k);
        v.push((k, (*val).into()));
    }
    v
}

async fn upload(
    site: &Site,
    agency: &test_support::Caller,
    fields: &[(&'static str, String)],
) -> Answer {
    site.post(
        agency,
        "documents",
        &pairs(fields),
        Some(("tender.pdf", b"tender")),
        "zh-CN",
    )
    .await
}

#[tokio::test]
async fn a_criterion_row_that_cannot_be_read_is_named_and_the_other_rows_stay() {
    let site = site().await;
    let agency = site.world.sign_in("agency-li").await;
    let page = site
        .page(&agency, &format!("/work/trades/{TRADE}/steps"))
        .await;
    // blank rows to fill, labelled by their number, no script needed
    for field in [
        "c1_name",
        "c8_points",
        "c5_kind",
        "k_min",
        "e1",
        "sme_small",
    ] {
        assert!(page.text.contains(&format!("name=\"{field}\"")), "{field}");
    }
    assert!(page.text.contains("评分项8：分值"), "{}", page.text);
    let before = site.log_size().await;
    let r = upload(&site, &agency, &with_rows(&[("c2_points", "twenty")])).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("id=\"field-error-documents-c2_points\""),
        "{}",
        r.text
    );
    assert!(r.text.contains("分值应为数字"), "{}", r.text);
    for kept in ["value=\"twenty\"", "value=\"技术方案\"", "value=\"50\""] {
        assert!(r.text.contains(kept), "{kept}: {}", r.text);
    }
    // a row with points but no name
    let r = upload(&site, &agency, &with_rows(&[("c3_points", "5")])).await;
    assert!(
        r.text.contains("id=\"field-error-documents-c3_name\""),
        "{}",
        r.text
    );
    assert_eq!(site.log_size().await, before, "nothing is sent");
}

/// Uploads `fields`, then publishes: the refusal's page must say `said` and `article`.
async fn refused_at_publication(fields: &[(&'static str, String)], said: &str, article: &str) {
    let site = site().await;
    let agency = site.world.sign_in("agency-li").await;
    let up = upload(&site, &agency, fields).await;
    assert_eq!(up.status, 303, "{}", up.text);
    let before = site.log_size().await;
    let deadline = [("deadline", "2026-11-30T09:30")];
    let r = site
        .post(&agency, "publish", &deadline, None, "zh-CN")
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.text.contains("id=\"error-publish\""), "{}", r.text);
    assert!(r.text.contains(said), "{said}: {}", r.text);
    assert!(r.text.contains(article), "{article}: {}", r.text);
    assert_eq!(site.log_size().await, before, "a refusal changes nothing");
    assert_eq!(site.phase().await, "documents_ready");
}

#[tokio::test]
async fn criteria_that_do_not_add_up_to_the_total_are_refused_at_publication() {
    refused_at_publication(
        &with_rows(&[("c1_points", "40")]),
        "评分项分值之和与招标文件规定的总分不符",
        "财政部令第87号 第55条",
    )
    .await;
}

#[tokio::test]
async fn an_sme_rate_outside_the_range_in_force_is_refused_at_publication() {
    // goods from 2022-07-01: small or micro 10%–20% (财库〔2022〕19号)
    refused_at_publication(
        &with_rows(&[("sme_small", "25")]),
        "配置值超出法定范围",
        "财库〔2022〕19号",
    )
    .await;
}

#[tokio::test]
async fn a_lawful_configuration_is_recorded_with_the_documents_and_published() {
    let site = site().await;
    let agency = site.world.sign_in("agency-li").await;
    let up = upload(&site, &agency, &with_rows(&[("sme_small", "10")])).await;
    assert_eq!(up.status, 303, "{}", up.text);
    let state = app::queries::trade_state(&site.world.platform, &TradeId::parse(TRADE).unwrap())
        .await
        .unwrap();
    let choice = state.round.evaluation_method.expect("recorded");
    let rows: Vec<(String, String, bool, Option<String>)> = choice
        .criteria
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.points.to_string(),
                c.objective,
                c.step.map(|s| s.to_string()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("技术方案".into(), "50".into(), false, None),
            ("认证证书".into(), "20".into(), true, Some("2".into())),
        ]
    );
    assert_eq!(choice.sme.map(|s| s.small.to_string()), Some("10".into()));
    let deadline = [("deadline", "2026-11-30T09:30")];
    let r = site
        .post(&agency, "publish", &deadline, None, "zh-CN")
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(site.phase().await, "announced");
}
