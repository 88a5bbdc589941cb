//! Whole trades through all seven nodes, with realistic 2026 dates.

mod support;

use domain::trade::Phase;
use domain::{Aggregate, DomainEvent};
use support::plan::{Plan, construction_open, consultation, procurement_open};
use support::*;

fn run_whole(plan: &Plan) -> Run {
    let run = plan.run_to(Phase::Confirmed);
    // The fold of the log gives the same state, and the summary depends on events only.
    let mut replay = domain::TradeState::default();
    for e in &run.log {
        Aggregate::evolve(&mut replay, e);
    }
    assert_eq!(replay, run.state);
    assert_eq!(replay.summary(), run.state.summary());
    let summary = serde_json::to_value(run.state.summary()).unwrap();
    assert_no_floats(&summary);
    run
}

#[test]
fn construction_open_tendering_end_to_end() {
    let plan = construction_open();
    let run = run_whole(&plan);
    let kinds: Vec<_> = run.log.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [
            "trade.registered",
            "trade.accepted",
            "trade.venue_booked",
            "trade.tender_documents_uploaded",
            "trade.announcement_published",
            "trade.experts_drawn",
            "trade.documents_obtained",
            "trade.bid_submitted",
            "trade.documents_obtained",
            "trade.bid_submitted",
            "trade.documents_obtained",
            "trade.bid_submitted",
            "trade.opening_started",
            "trade.share_submitted",
            "trade.share_submitted",
            "trade.bids_unsealed",
            "trade.bids_opened",
            "trade.evaluation_recorded",
            "trade.result_published",
            "trade.award_decided",
            "trade.confirmation_issued",
        ]
    );
    let s = run.state.summary();
    assert_eq!(s.node, 7);
    assert_eq!(s.winner, Some(bidder_org(2)));
    assert_eq!(s.certificate_no.as_deref(), Some("JYQR-2026-000123"));
    assert_eq!(
        s.publicity_until,
        Some(time::macros::datetime!(2026-03-31 00:00 +8))
    );
    assert_eq!(s.accept_by, Some(time::macros::date!(2026 - 03 - 05)));
    // bids stay off the public timeline
    let public: Vec<_> = run
        .log
        .iter()
        .filter(|e| e.is_public())
        .map(|e| e.kind())
        .collect();
    assert_eq!(
        public,
        [
            "trade.announcement_published",
            "trade.opening_started",
            "trade.bids_opened",
            "trade.result_published",
            "trade.award_decided",
            "trade.confirmation_issued"
        ]
    );
}

#[test]
fn procurement_open_tendering_end_to_end() {
    let plan = procurement_open();
    let run = run_whole(&plan);
    let kinds: Vec<_> = run.log.iter().map(|e| e.kind()).skip(19).collect();
    // procurement: the purchaser decides, then the result is announced
    assert_eq!(
        kinds,
        [
            "trade.evaluation_recorded",
            "trade.award_decided",
            "trade.result_published",
            "trade.confirmation_issued"
        ]
    );
    let s = run.state.summary();
    assert_eq!(s.winner, Some(bidder_org(3)));
    assert_eq!(s.committee_size, Some(7));
    // published Wednesday 05-06, 1 个工作日: ends at 24:00 of Thursday 05-07
    assert_eq!(
        s.publicity_until,
        Some(time::macros::datetime!(2026-05-08 00:00 +8))
    );
}

#[test]
fn competitive_consultation_end_to_end() {
    let plan = consultation();
    let run = run_whole(&plan);
    let s = run.state.summary();
    assert_eq!(s.method, Some(domain::Method::CompetitiveConsultation));
    assert_eq!(s.winner, Some(bidder_org(7)));
    assert_eq!(s.phase, Phase::Confirmed);
    assert_eq!(
        s.publicity_until,
        Some(time::macros::datetime!(2026-06-19 00:00 +8))
    );
}

#[test]
fn every_event_has_a_kind_and_payload_without_floats() {
    let run = procurement_open().run_to(Phase::Confirmed);
    for e in &run.log {
        assert!(e.kind().starts_with("trade."));
        assert_no_floats(&serde_json::to_value(e).unwrap());
    }
    let hashes: Vec<_> = run.log.iter().flat_map(|e| e.blob_hashes()).collect();
    assert_eq!(
        hashes.len(),
        1 + 4 + 4 + 1,
        "documents, 4 sealed envelopes, their 4 opened packages, report"
    );
}
