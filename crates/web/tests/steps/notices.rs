//! An amendment (更正公告) made from the step form reaches every holder of the documents
//! through the outbox, as one message whatever their number, while nothing staff or anyone
//! else can read names a holder or counts them before the opening.
use super::*;
use app::demo::{bidder, bidder_org};

/// Publishes the trade (deadline 11-30) from the forms.
pub(super) async fn announced(site: &Site) {
    let agency = site.world.sign_in("agency-li").await;
    let up = site
        .post(
            &agency,
            "documents",
            &pairs(&documents("30")),
            Some(("t.pdf", b"t")),
            "zh-CN",
        )
        .await;
    assert_eq!(up.status, 303, "{}", up.text);
    let deadline = [("deadline", "2026-11-30T09:30")];
    let r = site
        .post(&agency, "publish", &deadline, None, "zh-CN")
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
}

#[tokio::test]
async fn an_amendment_notifies_every_holder_without_naming_or_counting_them() {
    let site = site().await;
    announced(&site).await;
    let p = &site.world.platform;
    let t = TradeId::parse(TRADE).unwrap();
    let meta = Meta::default();
    // bidder 1 obtains twice (one notice), bidder 2 once; bidder 3 has a phone but never
    // obtains the documents
    let phones = ["13800001111", "13800002222", "13800003333"];
    for (n, phone) in (1..=3).zip(phones) {
        let who = bidder(n);
        app::accounts::set_contact(p, who.id.as_str(), phone, &who, &meta)
            .await
            .unwrap();
    }
    let from = site.log_size().await;
    for n in [1, 2, 1] {
        let obtain = TradeCommand::ObtainDocuments {
            bidder: bidder_org(n),
            label: None,
            holder: None,
        };
        app::trades::execute(p, &t, obtain, &bidder(n), &meta)
            .await
            .unwrap();
    }
    let agency = site.world.sign_in("agency-li").await;
    let r = site
        .post(
            &agency,
            "amend",
            &[("new_deadline", "")],
            Some(("amendment.pdf", b"amendment")),
            "zh-CN",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    // staff see one amendment notice on the trade, not one per holder
    let staff = app::demo::staff();
    let messages = app::experts::trade_messages(p, &t, &staff).await.unwrap();
    let notices: Vec<_> = messages
        .iter()
        .filter(|m| m.purpose == app::trades::AMENDMENT_NOTICE)
        .collect();
    assert_eq!(notices.len(), 1, "{messages:?}");
    // nothing appended since the first obtaining names a holder or its phone
    let secrets: Vec<String> = vec![
        "bidder-1".into(),
        "bidder-2".into(),
        bidder_org(1).to_string(),
        bidder_org(2).to_string(),
        phones[0].into(),
        phones[1].into(),
    ];
    for stored in p.store().load_prefix("").await.unwrap() {
        if stored.seq < from {
            continue;
        }
        let record = format!("{:?}", stored.record);
        for s in &secrets {
            assert!(!record.contains(s.as_str()), "{s} in {record}");
        }
    }
    let shown = format!("{messages:?}");
    for s in &secrets {
        assert!(
            !shown.contains(s.as_str()),
            "{s} in the outbox view: {shown}"
        );
    }
    // delivered: each holder once, the bystander not at all
    assert!(app::experts::deliver_messages(p).await.unwrap() >= 1);
    let spool = std::fs::read_to_string(site.world.dir.join("sms/sms.jsonl")).unwrap();
    let texts: Vec<serde_json::Value> = spool
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["text"].as_str().unwrap().contains("更正公告"))
        .collect();
    let mut to: Vec<&str> = texts.iter().map(|v| v["to"].as_str().unwrap()).collect();
    to.sort();
    assert_eq!(to, [phones[0], phones[1]], "{spool}");
    assert!(texts[0]["text"].as_str().unwrap().contains(TRADE));
}
