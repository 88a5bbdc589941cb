//! The JSON shapes of commands and events (the API and the log payload).

mod support;

use domain::trade::sealed::{Fault, OpeningLine, OpeningStatus, SealedBid};
use domain::trade::{TradeCommand, TradeEvent};
use domain::{DomainEvent, Money};
use support::*;
use time::macros::datetime;

#[test]
fn commands_read_from_json() {
    let json = serde_json::json!({
        "type": "submit_bid",
        "bidder": bidder_org(1).as_str(),
        "handle": handle(1).as_str(),
        "envelope": {"sha256": "ab".repeat(32), "size": 10, "name": "bid.sealed"},
        "key_id": key_id().as_str(),
        "label": "YmlkLWxhYmVs",
        "token_hash": token(1).as_str(),
    });
    let cmd: TradeCommand = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(cmd.action(), "submit_bid");
    let TradeCommand::SubmitBid { replaces, .. } = &cmd else {
        unreachable!()
    };
    assert_eq!(*replaces, None, "a new bid replaces nothing by default");
    // a label that is not base64 is refused while parsing
    let mut bad_label = json.clone();
    bad_label["label"] = "not base64!".into();
    assert!(serde_json::from_value::<TradeCommand>(bad_label).is_err());
    let mut modify = json;
    modify["replaces"] = serde_json::json!([handle(9).as_str(), token(9).as_str()]);
    let cmd: TradeCommand = serde_json::from_value(modify).unwrap();
    assert!(matches!(
        cmd,
        TradeCommand::SubmitBid {
            replaces: Some((ref h, ref t)),
            ..
        } if *h == handle(9) && *t == token(9)
    ));
    // without a key (the app puts it in)
    let deadline: TradeCommand = serde_json::from_str(
        r#"{"type":"publish_announcement","bid_deadline":"2026-03-26T09:30:00+08:00"}"#,
    )
    .unwrap();
    assert_eq!(
        deadline,
        TradeCommand::PublishAnnouncement {
            bid_deadline: datetime!(2026-03-26 09:30 +8),
            opening_key: None,
            notice: None,
            sealing: None,
        }
    );
    let resume: TradeCommand = serde_json::from_str(r#"{"type":"resume"}"#).unwrap();
    assert_eq!(resume, TradeCommand::Resume { new_deadline: None });
    // a bad check character is refused while parsing
    let bad = serde_json::json!({
        "type": "withdraw_bid",
        "bidder": "914403001922038217",
        "handle": handle(1).as_str(),
        "token_hash": token(1).as_str(),
    });
    assert!(serde_json::from_value::<TradeCommand>(bad.clone()).is_err());
    let mut good = bad;
    good["bidder"] = tenderer_org().as_str().into();
    assert!(serde_json::from_value::<TradeCommand>(good).is_ok());
    for cmd in [
        TradeCommand::OpenBids,
        TradeCommand::BookVenue(construction_venue()),
        announce(datetime!(2026-03-26 09:30 +8)),
        obtain(1),
        share(0),
        unsealing(
            vec![
                opened(1, 1),
                failed(Some(2), 2, Fault::Bidder),
                failed(None, 3, Fault::NotBidder),
            ],
            vec![obtained_by(1, datetime!(2026-03-05 10:00 +8))],
        ),
        TradeCommand::AbandonOpening { reason: "x".into() },
        TradeCommand::ConfirmOpeningRecord {
            bidder: bidder_org(1),
        },
        TradeCommand::RaiseOpeningObjection {
            bidder: bidder_org(1),
            text: "x".into(),
        },
        TradeCommand::AnswerOpeningObjection {
            number: 1,
            answer: "y".into(),
        },
    ] {
        let value = serde_json::to_value(&cmd).unwrap();
        assert_no_floats(&value);
        let back: TradeCommand = serde_json::from_value(value).unwrap();
        assert_eq!(back, cmd);
    }
}

#[test]
fn sealed_event_payloads() {
    let at = datetime!(2026-03-25 17:00 +8);
    let bid = TradeEvent::BidSubmitted {
        bid: SealedBid {
            handle: handle(1),
            envelope: blob("envelope-1.sealed"),
            label: label("YmlkLWxhYmVs", 1),
            token_hash: token(1),
            at,
        },
        replaces: None,
    };
    let value = serde_json::to_value(&bid).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "type": "bid_submitted",
            "bid": {
                "handle": handle(1).as_str(),
                "envelope": serde_json::to_value(blob("envelope-1.sealed")).unwrap(),
                "label": "YmlkLWxhYmVs00000001",
                "token_hash": token(1).as_str(),
                "at": "2026-03-25T17:00:00+08:00",
            },
            "replaces": null,
        })
    );
    assert_eq!(bid.at(), at);
    assert_eq!(
        bid.blob_hashes(),
        [blob("envelope-1.sealed").sha256.as_str()]
    );
    let line = OpeningLine {
        handle: handle(2),
        bidder: Some(bidder_org(2)),
        status: OpeningStatus::Revoked {
            reason: "r".into(),
            article: "电子招标投标办法 第31条".into(),
        },
        submitted_at: at,
    };
    assert_eq!(
        serde_json::to_value(&line).unwrap()["status"],
        serde_json::json!({"type": "revoked", "reason": "r", "article": "电子招标投标办法 第31条"})
    );
    let superseded = OpeningStatus::Superseded { by: handle(3) };
    assert_eq!(
        serde_json::to_value(&superseded).unwrap(),
        serde_json::json!({"type": "superseded", "by": handle(3).as_str()})
    );
    let failed = domain::trade::FailureReason::KeyNotRecovered {
        shares: 1,
        threshold: 2,
        reason: "超时".into(),
        article: "电子招标投标办法 第31条".into(),
    };
    assert_eq!(
        serde_json::to_value(&failed).unwrap()["type"],
        "key_not_recovered"
    );
    assert_eq!(
        failed.describe(),
        "opening key not recovered (1 of 2 shares): 超时; bids count as withdrawn, re-tender (电子招标投标办法 第31条)"
    );
    // an announcement recorded before issue #4 reads with no key
    let old = serde_json::json!({
        "type": "announcement_published",
        "bid_deadline": "2026-03-26T09:30:00+08:00",
        "round": 1,
        "at": "2026-03-04T10:00:00+08:00"
    });
    let old: TradeEvent = serde_json::from_value(old).unwrap();
    assert!(matches!(
        old,
        TradeEvent::AnnouncementPublished {
            opening_key: None,
            notice: None,
            ..
        }
    ));
}

fn construction_venue() -> domain::trade::VenueBooking {
    support::plan::construction_open().venue()
}

#[test]
fn event_payloads_are_plain_json() {
    let e = TradeEvent::BidsOpened {
        bidders: vec![bidder_org(1)],
        round: 1,
        at: datetime!(2026-03-26 09:30 +8),
    };
    assert_eq!(e.kind(), "trade.bids_opened");
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        serde_json::json!({"type": "bids_opened", "bidders": [bidder_org(1).as_str()], "round": 1, "at": "2026-03-26T09:30:00+08:00"})
    );
    let accepted = TradeEvent::Accepted {
        deferred: vec![domain::trade::DeferredDocument {
            name: "x".into(),
            due: time::macros::date!(2026 - 03 - 20),
        }],
        pledge: None,
        at: datetime!(2026-03-02 14:00 +8),
    };
    assert_eq!(
        serde_json::to_value(&accepted).unwrap()["deferred"][0]["due"],
        "2026-03-20"
    );
    assert_eq!(
        serde_json::to_value(Money::from_fen(4_500_000_000)).unwrap(),
        4_500_000_000i64
    );
}

#[test]
fn a_failure_recorded_before_articles_were_kept_still_reads() {
    let json = serde_json::json!({
        "type": "all_bids_rejected",
        "reason": "均未实质性响应",
        "report": {"sha256": "ab".repeat(32), "size": 10, "name": "report.pdf"}
    });
    let reason: domain::trade::FailureReason = serde_json::from_value(json).unwrap();
    assert_eq!(
        reason.describe(),
        "all bids rejected: 均未实质性响应; re-tender"
    );
}

/// `TradeEvent::KINDS` (the list pages label live rows with) and `kind()` come from one
/// table: every event of a whole trade has a listed kind, each listed once.
#[test]
fn every_trade_event_kind_is_listed_once() {
    let run = support::plan::construction_open().run_to(domain::trade::Phase::Confirmed);
    for event in &run.log {
        assert!(
            TradeEvent::KINDS.contains(&event.kind()),
            "{}",
            event.kind()
        );
    }
    let unique: std::collections::BTreeSet<_> = TradeEvent::KINDS.iter().collect();
    assert_eq!(unique.len(), TradeEvent::KINDS.len());
    assert!(TradeEvent::KINDS.iter().all(|k| k.starts_with("trade.")));
}
