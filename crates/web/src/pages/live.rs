//! Remote supervision: a trade's log as the caller may read it, kept current by server-sent
//! events (`/api/trades/{id}/live`). The first rows are rendered on the server.
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::common::when_us;
use super::{PageContext, PageResult, Tr, render};
use crate::Shared;
use crate::extract::{PageTrade, PageUser};

pub struct Row {
    pub seq: u64,
    pub when: String,
    pub what: String,
    pub who: String,
}

#[derive(Template)]
#[template(path = "live.html")]
pub struct LivePage {
    pub t: Tr,
    pub back: String,
    pub trade: String,
    pub entries: Vec<Row>,
    /// JSON object kind → label, for rows added by the script.
    pub labels: String,
}

pub async fn live_js() -> Response {
    super::common::script(include_str!("../../static/live.js"))
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
) -> PageResult {
    let entries = app::queries::trade_log(&p, &trade, user.actor()).await?;
    // People by name (the same rows as the log page reads).
    let names: std::collections::HashMap<u64, String> =
        app::queries::log_rows(&p, user.actor(), Some(&trade))
            .await?
            .into_iter()
            .filter_map(|r| Some((r.seq, r.actor_name?)))
            .collect();
    let t = &ctx.t;
    let label = |kind: &str| t.s(&format!("event.{kind}")).to_owned();
    let labels: serde_json::Map<String, serde_json::Value> = entries
        .iter()
        .map(|e| e.kind.clone())
        .chain(domain::TradeEvent::KINDS.iter().map(|k| (*k).to_owned()))
        .map(|k| (k.clone(), serde_json::Value::String(label(&k))))
        .collect();
    let rows = entries
        .iter()
        .map(|e| Row {
            seq: e.seq,
            when: when_us(e.at_us),
            what: label(&e.kind),
            who: match &e.on_behalf_of {
                Some(a) => format!(
                    "{} ({})",
                    t.actor(&e.actor, names.get(&e.seq).map(String::as_str)),
                    t.s("ui.work.acting_for").replace("{person}", a)
                ),
                None => t.actor(&e.actor, names.get(&e.seq).map(String::as_str)),
            },
        })
        .collect();
    // Escape `<` so the JSON cannot close its script element.
    let json = |v: serde_json::Value| v.to_string().replace('<', "\\u003c");
    let page = LivePage {
        labels: json(serde_json::Value::Object(labels)),
        trade: trade.to_string(),
        entries: rows,
        t: Tr { lang: ctx.t.lang },
        back: ctx.back,
    };
    Ok(render(&page))
}
