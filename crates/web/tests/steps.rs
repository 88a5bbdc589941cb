//! The step forms of `/work/trades/{id}/steps` and the rules issue 13 lists as bad input:
//! an illegal evaluation method refused at publication, an amendment that does not move the
//! deadline far enough, a committee below its legal size. Each refusal comes back as the
//! form again, what was typed kept, the wrong field named, the reason in the reader's
//! language with its article, and nothing changed in the log.
use app::Meta;
use app::demo::{agency_org, tenderer_org};
use domain::trade::{TradeCommand, VenueBooking};
use domain::{BusinessLine, Method, RegionCode, RoomId, TradeId};
use time::macros::datetime;

const TRADE: &str = "ZC-2026-1102";
const BOUNDARY: &str = "sunbid-steps-boundary";

struct Site {
    world: test_support::TestApp,
    base: String,
    client: reqwest::Client,
}

struct Answer {
    status: u16,
    location: String,
    text: String,
}

#[path = "steps/deposit.rs"]
mod deposit;
#[path = "steps/evaluation.rs"]
mod evaluation;
#[path = "steps/intake.rs"]
mod intake;
#[path = "steps/notices.rs"]
mod notices;

/// A procurement open tender of 1200万 registered by the demo agency, accepted and booked
/// (opening Monday 2026-11-30 09:30), the clock on Monday 2026-11-02.
async fn site() -> Site {
    site_with(true).await
}

/// The same trade, only registered (`accepted` false) or also accepted and booked.
async fn site_with(accepted: bool) -> Site {
    let world = test_support::TestApp::builder()
        .accounts()
        .at(datetime!(2026-11-02 09:00 +8))
        // texts (amendment notices) are spooled to `<data>/sms/sms.jsonl`
        .platform(|p, dir| {
            let sms = app::experts::FileGateway {
                dir: dir.join("sms"),
            };
            p.with_gateway(std::sync::Arc::new(sms))
        })
        .build()
        .await;
    let trade = TradeId::parse(TRADE).unwrap();
    let register = TradeCommand::Register {
        trade: trade.clone(),
        title: "办公设备采购".into(),
        line: BusinessLine::Procurement,
        method: Method::OpenTendering,
        region: RegionCode::parse("330100").unwrap(),
        tenderer: tenderer_org(1),
        agency: Some(agency_org()),
        estimate: "12000000".parse().unwrap(),
        green_channel: false,
        invited_bidders: vec![],
    };
    let booking = VenueBooking {
        opening_room: RoomId::parse("opening-1").unwrap(),
        opening_at: datetime!(2026-11-30 09:30 +8),
        evaluation_room: RoomId::parse("evaluation-1").unwrap(),
        evaluation_from: datetime!(2026-11-30 13:00 +8),
        evaluation_to: datetime!(2026-11-30 17:00 +8),
    };
    let steps = [
        (register, app::demo::agency()),
        (
            TradeCommand::Accept {
                deferred: vec![],
                pledge: None,
            },
            app::demo::staff(),
        ),
        (TradeCommand::BookVenue(booking), app::demo::staff()),
    ];
    let take = if accepted { steps.len() } else { 1 };
    for (command, actor) in steps.into_iter().take(take) {
        app::trades::execute(&world.platform, &trade, command, &actor, &Meta::default())
            .await
            .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = web::router(world.platform.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Site {
        world,
        base,
        client,
    }
}

fn multipart(csrf: &str, parts: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    let mut part = |disposition: String, bytes: &[u8]| {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    };
    part("form-data; name=\"csrf\"".into(), csrf.as_bytes());
    for (name, value) in parts {
        part(format!("form-data; name=\"{name}\""), value.as_bytes());
    }
    if let Some((name, bytes)) = file {
        part(
            format!("form-data; name=\"file\"; filename=\"{name}\""),
            bytes,
        );
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

impl Site {
    async fn log_size(&self) -> u64 {
        let health: serde_json::Value = self
            .client
            .get(format!("{}/health", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        health["log_size"].as_u64().unwrap()
    }

    async fn phase(&self) -> String {
        let t = TradeId::parse(TRADE).unwrap();
        let state = self.world.platform.trade_state(&t).await.unwrap();
        state.phase.as_str().to_owned()
    }

    async fn answer(r: reqwest::RequestBuilder) -> Answer {
        let r = r.send().await.unwrap();
        Answer {
            status: r.status().as_u16(),
            location: r
                .headers()
                .get("location")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default(),
            text: r.text().await.unwrap(),
        }
    }

    /// Posts the form `step` as `person` (in `lang`).
    async fn post(
        &self,
        person: &test_support::Caller,
        step: &str,
        parts: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        lang: &str,
    ) -> Answer {
        let r = self
            .client
            .post(format!("{}/work/trades/{TRADE}/steps/{step}", self.base))
            .header("cookie", format!("sunbid_session={}", person.token))
            .header("accept-language", lang)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart(&person.csrf, parts, file));
        Site::answer(r).await
    }

    async fn page(&self, person: &test_support::Caller, path: &str) -> Answer {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", format!("sunbid_session={}", person.token));
        Site::answer(r).await
    }
}

/// The documents' form: comprehensive scoring of goods, `price` points for the price and
/// one criterion row with the rest of 100 (70 when `price` is not a number).
fn documents(price: &str) -> Vec<(&'static str, String)> {
    let rest = price.parse::<u32>().map_or(70, |p| 100 - p);
    vec![
        ("evaluation_kind", "comprehensive".into()),
        ("category", "goods".into()),
        ("total_points", "100".into()),
        ("price_points", price.into()),
        ("c1_name", "技术方案".into()),
        ("c1_points", rest.to_string()),
        ("c1_kind", "subjective".into()),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

#[tokio::test]
async fn an_illegal_price_weight_is_refused_at_publication_and_an_early_amendment_must_postpone() {
    let site = site().await;
    let agency = site.world.sign_in("agency-li").await;
    // the page says who may act: the agency may not accept, and why
    let page = site
        .page(&agency, &format!("/work/trades/{TRADE}/steps"))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("id=\"form-documents\""), "{}", page.text);
    assert!(page.text.contains("id=\"why-not-accept\""), "{}", page.text);
    assert!(
        page.text.contains("您的角色无权执行此操作"),
        "{}",
        page.text
    );

    // 20 points of 100 for goods: entered with the documents, refused only at publication
    let fields = documents("20");
    let up = site
        .post(
            &agency,
            "documents",
            &pairs(&fields),
            Some(("tender.pdf", b"tender")),
            "zh-CN",
        )
        .await;
    assert_eq!(up.status, 303, "{}", up.text);
    assert!(
        up.location.ends_with("/steps?done=documents"),
        "{}",
        up.location
    );
    assert_eq!(site.phase().await, "documents_ready");
    let before = site.log_size().await;
    let deadline = [("deadline", "2026-11-30T09:30")];
    for (lang, said) in [
        ("zh-CN", "价格分权重不在法定范围内"),
        ("en", "price weight"),
    ] {
        let r = site.post(&agency, "publish", &deadline, None, lang).await;
        assert_eq!(r.status, 422, "{lang}: {}", r.text);
        assert!(r.text.contains("id=\"error-publish\""), "{}", r.text);
        assert!(r.text.contains(said), "{lang}: {}", r.text);
        assert!(
            r.text.contains("财政部令第87号 第55条"),
            "{lang}: {}",
            r.text
        );
        // what was typed stays in the form
        assert!(r.text.contains("value=\"2026-11-30T09:30\""), "{}", r.text);
    }
    assert_eq!(
        site.log_size().await,
        before,
        "a refused publication changes nothing"
    );
    assert_eq!(site.phase().await, "documents_ready");

    // a points value that is not a number is named before anything is sent
    let mut bad = documents("thirty");
    bad.push(("fixed_price", String::new()));
    let r = site
        .post(
            &agency,
            "documents",
            &pairs(&bad),
            Some(("tender.pdf", b"tender")),
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("id=\"field-error-documents-price_points\""),
        "{}",
        r.text
    );
    assert!(r.text.contains("value=\"thirty\""), "{}", r.text);
    assert_eq!(site.log_size().await, before);

    // 30 points: lawful, published
    let fields = documents("30");
    let up = site
        .post(
            &agency,
            "documents",
            &pairs(&fields),
            Some(("tender.pdf", b"tender v2")),
            "zh-CN",
        )
        .await;
    assert_eq!(up.status, 303, "{}", up.text);
    let r = site
        .post(&agency, "publish", &deadline, None, "zh-CN")
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(site.phase().await, "announced");

    // 11-20 is less than 15 日 before the 11-30 deadline: the amendment must postpone it
    site.world.clock.set(datetime!(2026-11-20 10:00 +8));
    let agency = site.world.sign_in("agency-li").await; // the old session has expired
    let before = site.log_size().await;
    for (new_deadline, field_marked) in [("", true), ("2026-12-01T09:30", true)] {
        let r = site
            .post(
                &agency,
                "amend",
                &[("new_deadline", new_deadline)],
                Some(("amendment.pdf", b"amendment")),
                "zh-CN",
            )
            .await;
        assert_eq!(r.status, 422, "{new_deadline}: {}", r.text);
        assert!(r.text.contains("须将截止时间顺延"), "{}", r.text);
        assert!(r.text.contains("政府采购法实施条例 第31条"), "{}", r.text);
        assert_eq!(
            r.text.contains("id=\"field-error-amend-new_deadline\""),
            field_marked,
            "{}",
            r.text
        );
        assert!(
            r.text.contains(&format!("value=\"{new_deadline}\"")),
            "{}",
            r.text
        );
    }
    assert_eq!(
        site.log_size().await,
        before,
        "a refused amendment changes nothing"
    );
    // postponed to Monday 12-07 (15 日 from 11-20 end on Saturday 12-05): accepted
    let r = site
        .post(
            &agency,
            "amend",
            &[("new_deadline", "2026-12-07T09:30")],
            Some(("amendment.pdf", b"amendment")),
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let t = TradeId::parse(TRADE).unwrap();
    let state = site.world.platform.trade_state(&t).await.unwrap();
    assert_eq!(
        state.round.bid_deadline,
        Some(datetime!(2026-12-07 09:30 +8))
    );
    assert_eq!(state.round.amendments, 1);
}

#[tokio::test]
async fn a_committee_below_its_legal_size_is_refused_on_the_draw_page() {
    let site = site().await;
    notices::announced(&site).await;
    // within the draw window of an evaluation on 11-30
    site.world.clock.set(datetime!(2026-11-26 09:00 +8));
    let staff = site.world.sign_in("staff-wang").await; // the old session has expired
    let before = site.log_size().await;
    let form = [
        ("csrf", staff.csrf.as_str()),
        ("committee_size", "5"), // 1200万: 7 at least (87号令 第47条)
        ("quotas", "A01:5"),
        ("region", "any"),
        ("from", "2026-11-30T13:00"),
        ("to", "2026-11-30T17:00"),
        ("place", "evaluation-1"),
    ];
    let r = Site::answer(
        site.client
            .post(format!("{}/trades/{TRADE}/draw/request", site.base))
            .header("cookie", format!("sunbid_session={}", staff.token))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                form.iter()
                    .map(|(k, v)| format!("{k}={}", v.replace(':', "%3A")))
                    .collect::<Vec<_>>()
                    .join("&"),
            ),
    )
    .await;
    // The refusal is the draw page's error page: the rule's status, its code and article.
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("data-code=\"draw.committee_too_small\""),
        "{}",
        r.text
    );
    let shown = r;
    assert!(
        shown.text.contains("财政部令第87号 第47条"),
        "{}",
        shown.text
    );
    assert!(shown.text.contains("7人以上"), "{}", shown.text);
    assert_eq!(
        site.log_size().await,
        before,
        "a refused draw changes nothing"
    );
}

#[tokio::test]
async fn deposit_terms_take_separators_show_capitals_and_name_the_cap() {
    let site = site().await;
    let agency = site.world.sign_in("agency-li").await;
    let staff = site.world.sign_in("staff-wang").await;
    let before = site.log_size().await;
    // 2% of a 1200万 budget is 24万: 100万 is over the cap
    let form = [("amount", "1,000,000"), ("subject", "goods")];
    let r = site
        .post(&agency, "deposit_terms", &form, None, "zh-CN")
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(
        r.text.contains("id=\"field-error-deposit_terms-amount\""),
        "{}",
        r.text
    );
    assert!(r.text.contains("投标保证金超过上限"), "{}", r.text);
    assert!(r.text.contains("value=\"1,000,000\""), "{}", r.text);
    assert!(r.text.contains("¥1,000,000.00（壹佰万元整）"), "{}", r.text);
    // not an amount at all: named before anything is sent
    let r = site
        .post(
            &agency,
            "deposit_terms",
            &[("amount", "lots"), ("subject", "goods")],
            None,
            "en",
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.text.contains("An amount in yuan"), "{}", r.text);
    assert_eq!(
        site.log_size().await,
        before,
        "refused terms change nothing"
    );
    // staff are told why they may not set them
    let page = site
        .page(&staff, &format!("/work/trades/{TRADE}/steps"))
        .await;
    assert!(
        page.text.contains("id=\"why-not-deposit_terms\""),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("您的角色无权执行此操作"),
        "{}",
        page.text
    );
    let r = site
        .post(
            &agency,
            "deposit_terms",
            &[("amount", "240,000.00"), ("subject", "goods")],
            None,
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert!(site.log_size().await > before);
}
