//! Trades for tests to start from: a plain registration, and the demo's own steps for one
//! trade cut at a named step.

use app::demo::{Step, agency_org, demo_steps, tenderer_org};
use domain::trade::TradeCommand;
use domain::{BusinessLine, Method, RegionCode, TradeId};

/// Registers `id`: construction, open tendering, 500万, demo tenderer 1 through the demo agency.
pub fn register(id: &str) -> TradeCommand {
    TradeCommand::Register {
        trade: TradeId::parse(id).expect("a trade id"),
        title: "道路维修工程".into(),
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        region: RegionCode::parse("330100").expect("a region code"),
        tenderer: tenderer_org(1),
        agency: Some(agency_org()),
        estimate: "5000000".parse().expect("an amount"),
        green_channel: false,
        invited_bidders: vec![],
    }
}

/// The demo steps of `trade` before the step labelled `label` (all of them if none is).
pub fn demo_before(trade: &str, label: &str) -> Vec<Step> {
    demo_steps()
        .into_iter()
        .filter(|s| s.trade.as_str() == trade)
        .take_while(|s| s.label != label)
        .collect()
}

/// The demo steps of `trade` up to and including the step labelled `label`.
pub fn demo_through(trade: &str, label: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for s in demo_steps()
        .into_iter()
        .filter(|s| s.trade.as_str() == trade)
    {
        let last = s.label == label;
        steps.push(s);
        if last {
            break;
        }
    }
    steps
}
