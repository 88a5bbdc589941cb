//! The append the benchmark repeats: one trade's `registered` event and its projection, as a
//! real command writes them.
use app::projection::{trade_row, trade_stream};
use domain::{BusinessLine, Method, RegionCode, TradeEvent, TradeId, TradeState};
use ledger::EventRecord;
use store::{AppendBatch, StreamAppend};
use time::macros::datetime;

/// One append as a real command makes it: a trade's `registered` event and its projection.
pub(super) fn batch(i: u64) -> (AppendBatch, Vec<u8>) {
    let trade = TradeId::parse(&format!("BENCH-{i:08}")).expect("valid id");
    let event = TradeEvent::Registered {
        trade: trade.clone(),
        title: format!("基准测试项目 {i}"),
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        region: RegionCode::parse("330100").expect("valid"),
        tenderer: app::demo::tenderer_org(1),
        agency: Some(app::demo::tenderer_org(2)),
        estimate: "4500000.00".parse().expect("valid"),
        green_channel: i.is_multiple_of(7),
        invited_bidders: vec![],
        accept_by: None,
        at: datetime!(2026-03-02 09:00 +8),
    };
    let mut state = TradeState::default();
    state.evolve(&event);
    let stream = trade_stream(&trade);
    let record = EventRecord {
        stream: stream.clone(),
        version: 1,
        kind: domain::DomainEvent::kind(&event).to_owned(),
        payload: serde_json::to_value(&event).expect("serialises"),
        actor: "bench".into(),
        role: "agency".into(),
        on_behalf_of: None,
        at_us: 1_772_413_200_000_000 + i as i64,
        ip: Some("127.0.0.1".into()),
    };
    let bytes = record.canonical_bytes().expect("canonical");
    let batch = AppendBatch {
        streams: vec![StreamAppend {
            stream,
            expected_version: 0,
            events: vec![record],
        }],
        projections: vec![trade_row(trade.as_str(), &state)],
    };
    (batch, bytes)
}
