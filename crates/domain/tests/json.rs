//! The JSON shapes of commands and events (the API and the log payload).

mod support;

use domain::trade::{TradeCommand, TradeEvent};
use domain::{DomainEvent, Money};
use support::*;
use time::macros::datetime;

#[test]
fn commands_read_from_json() {
    let json = format!(
        r#"{{"type":"submit_bid","bidder":"{}","sealed":{{"sha256":"{}","size":10,"name":"bid.sealed"}}}}"#,
        bidder_org(1),
        "ab".repeat(32)
    );
    let cmd: TradeCommand = serde_json::from_str(&json).unwrap();
    assert_eq!(cmd.action(), "submit_bid");
    let deadline: TradeCommand = serde_json::from_str(
        r#"{"type":"publish_announcement","bid_deadline":"2026-03-26T09:30:00+08:00"}"#,
    )
    .unwrap();
    assert_eq!(
        deadline,
        TradeCommand::PublishAnnouncement {
            bid_deadline: datetime!(2026-03-26 09:30 +8)
        }
    );
    let resume: TradeCommand = serde_json::from_str(r#"{"type":"resume"}"#).unwrap();
    assert_eq!(resume, TradeCommand::Resume { new_deadline: None });
    // a bad check character is refused while parsing
    let bad = r#"{"type":"withdraw_bid","bidder":"914403001922038217"}"#;
    assert!(serde_json::from_str::<TradeCommand>(bad).is_err());
    for cmd in [
        TradeCommand::OpenBids,
        TradeCommand::BookVenue(construction_venue()),
    ] {
        let back: TradeCommand =
            serde_json::from_value(serde_json::to_value(&cmd).unwrap()).unwrap();
        assert_eq!(back, cmd);
    }
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
