//! The supervisor's log page (操作日志): every entry of the trades the reader may read in full,
//! newest first: when, who (by name), what (the event in words), which trade (by title), with a
//! search box, a trade filter and pages. Raw JSON stays at `/api/trades/{id}/log`.
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use domain::TradeId;

use super::common::when_us;
use super::{PageContext, PageResult, Tr, render};
use crate::Shared;
use crate::extract::PageUser;

/// Entries on one page.
pub const PAGE_SIZE: usize = 50;

pub struct Row {
    pub seq: u64,
    pub when: String,
    pub who: String,
    pub person: String,
    pub what: String,
    pub trade: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "log.html")]
pub struct LogPage {
    pub t: Tr,
    pub back: String,
    pub q: String,
    /// The trade filter: (id, title, selected).
    pub trades: Vec<(String, String, bool)>,
    pub rows: Vec<Row>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    /// Links to the previous and next pages (with the search kept).
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// The search as typed; a bad trade id or page number is ignored rather than refused.
#[derive(serde::Deserialize, Default)]
pub struct Search {
    q: Option<String>,
    trade: Option<String>,
    page: Option<usize>,
}

/// Whether `row` matches every word of `q` (in who, what, the trade's id or title).
fn matches(row: &Row, q: &str) -> bool {
    let hay = format!(
        "{} {} {} {} {}",
        row.who, row.person, row.what, row.trade, row.title
    )
    .to_lowercase();
    q.split_whitespace()
        .all(|w| hay.contains(&w.to_lowercase()))
}

fn link(q: &str, trade: &str, page: usize) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", q)
        .append_pair("trade", trade)
        .append_pair("page", &page.to_string())
        .finish();
    format!("/work/log?{query}")
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    search: Result<Query<Search>, QueryRejection>,
) -> PageResult {
    let search = search.map(|Query(s)| s).unwrap_or_default();
    let t = Tr { lang: ctx.t.lang };
    let trade = search
        .trade
        .as_deref()
        .filter(|s| !s.is_empty())
        .and_then(|s| TradeId::parse(s).ok());
    let visible = app::queries::trades_for(&p, user.actor()).await?;
    let found = app::queries::log_rows(&p, user.actor(), trade.as_ref()).await?;
    let q = search.q.unwrap_or_default().trim().to_owned();
    let rows: Vec<Row> = found
        .into_iter()
        .map(|r| Row {
            seq: r.seq,
            when: when_us(r.at_us),
            who: match &r.on_behalf_of {
                Some((id, name)) => format!(
                    "{}（{}）",
                    t.actor(&r.actor, r.actor_name.as_deref()),
                    t.s("ui.work.acting_for")
                        .replace("{person}", &t.actor(id, name.as_deref()))
                ),
                None => t.actor(&r.actor, r.actor_name.as_deref()),
            },
            person: r.actor,
            what: t.s(&format!("event.{}", r.kind)).to_owned(),
            trade: r.trade.to_string(),
            title: r.title,
        })
        .filter(|r| matches(r, &q))
        .collect();
    let total = rows.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = search.page.unwrap_or(1).clamp(1, pages);
    let picked = trade.as_ref().map(ToString::to_string).unwrap_or_default();
    let page_view = LogPage {
        prev: (page > 1).then(|| link(&q, &picked, page - 1)),
        next: (page < pages).then(|| link(&q, &picked, page + 1)),
        rows: rows
            .into_iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .collect(),
        trades: visible
            .into_iter()
            .filter_map(|s| {
                let id = s.id?.to_string();
                let selected = id == picked;
                Some((id, s.title, selected))
            })
            .collect(),
        q,
        total,
        page,
        pages,
        t,
        back: ctx.back,
    };
    Ok(render(&page_view))
}
