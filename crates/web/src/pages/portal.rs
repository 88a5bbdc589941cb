//! The public portal: announcements of both business lines with search and filters, and a
//! trade's public page with its timeline.
use app::PublicFilter;
use askama::Template;
use axum::extract::{Query, State};
use domain::{BusinessLine, Method};

use super::common::{serde_plain, when_us};
use super::{PageContext, PageResult, Tr, render, when};
use crate::Shared;
use crate::extract::PageTrade;

pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

pub struct Row {
    pub id: String,
    pub title: String,
    pub line: String,
    pub method: String,
    pub status: String,
    pub region: String,
    pub announced: String,
    pub deadline: String,
    pub green: bool,
}

#[derive(Template)]
#[template(path = "portal.html")]
pub struct Portal {
    pub t: Tr,
    pub back: String,
    pub q: String,
    pub from: String,
    pub to: String,
    pub lines: Vec<Choice>,
    pub methods: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub regions: Vec<Choice>,
    pub rows: Vec<Row>,
}

const LINES: [BusinessLine; 2] = [BusinessLine::Procurement, BusinessLine::Construction];
const METHODS: [Method; 6] = [
    Method::OpenTendering,
    Method::InvitedTendering,
    Method::CompetitiveNegotiation,
    Method::CompetitiveConsultation,
    Method::RequestForQuotation,
    Method::SingleSource,
];

/// The search form's fields as typed; unknown values are ignored rather than refused, so a
/// stale bookmark still shows a page.
#[derive(serde::Deserialize, Default)]
pub struct Search {
    q: Option<String>,
    line: Option<String>,
    method: Option<String>,
    region: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn parse<T: serde::de::DeserializeOwned>(s: &Option<String>) -> Option<T> {
    s.as_deref()
        .filter(|v| !v.is_empty())
        .and_then(|v| serde_json::from_value(serde_json::Value::String(v.to_owned())).ok())
}

fn valid_date(s: &Option<String>) -> Option<String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    s.as_deref()
        .filter(|d| time::Date::parse(d, &fmt).is_ok())
        .map(str::to_owned)
}

/// A picked region's code as the prefix it stands for: 330000 is all of Zhejiang (33),
/// 330100 all of Hangzhou (3301).
fn region_prefix(code: &str) -> String {
    let mut p = code;
    while p.len() > 2 && p.ends_with("00") {
        p = &p[..p.len() - 2];
    }
    p.to_owned()
}

/// The region picker: provinces and cities by name, cities indented under their province.
fn region_choices(t: &Tr, picked: Option<&str>) -> Vec<Choice> {
    let zh = t.lang == crate::i18n::Lang::ZhCn;
    domain::values::known_regions()
        .map(|(code, name_zh, name_en)| {
            let name = if zh { name_zh } else { name_en };
            let indent = if code.ends_with("0000") {
                ""
            } else {
                "\u{3000}"
            };
            Choice {
                value: code,
                label: format!("{indent}{name}"),
                selected: picked == Some(code),
            }
        })
        .collect()
}

pub async fn portal(
    State(p): State<Shared>,
    ctx: PageContext,
    search: Result<Query<Search>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let search = search.map(|Query(s)| s).unwrap_or_default();
    let t = &ctx.t;
    let line: Option<BusinessLine> = parse(&search.line);
    let method: Option<Method> = parse(&search.method);
    let status = search
        .status
        .clone()
        .filter(|s| ["open", "ongoing", "ended"].contains(&s.as_str()));
    let region = search
        .region
        .clone()
        .filter(|r| !r.is_empty() && r.len() <= 6 && r.bytes().all(|b| b.is_ascii_digit()));
    let prefix = region.as_deref().map(region_prefix);
    let filter = PublicFilter {
        q: search.q.clone(),
        line,
        method,
        region: prefix,
        status: status.clone(),
        from: valid_date(&search.from),
        to: valid_date(&search.to),
    };
    let found = app::queries::public_trades(&p, &filter).await?;
    let rows = found
        .into_iter()
        .map(|s| Row {
            id: s.id.as_ref().map(|i| i.to_string()).unwrap_or_default(),
            title: s.title.clone(),
            line: s
                .line
                .map(|l| t.s(&format!("line.{}", l.as_str())).to_owned())
                .unwrap_or_default(),
            method: s
                .method
                .map(|m| t.s(&format!("method.{}", m.as_str())).to_owned())
                .unwrap_or_default(),
            status: t.status(app::queries::public_status(&p, &s)),
            region: s.region.as_ref().map(|r| t.region(r)).unwrap_or_default(),
            announced: s.announced_at.map(when).unwrap_or_default(),
            deadline: s.bid_deadline.map(when).unwrap_or_default(),
            green: s.green_channel,
        })
        .collect();
    let choice = |value: &'static str, key: String, selected: bool| Choice {
        value,
        label: t.s(&key).to_owned(),
        selected,
    };
    let page = Portal {
        lines: LINES
            .iter()
            .map(|l| choice(l.as_str(), format!("line.{}", l.as_str()), line == Some(*l)))
            .collect(),
        methods: METHODS
            .iter()
            .map(|m| {
                choice(
                    m.as_str(),
                    format!("method.{}", m.as_str()),
                    method == Some(*m),
                )
            })
            .collect(),
        statuses: ["open", "ongoing", "ended"]
            .into_iter()
            .map(|s| {
                choice(
                    s,
                    format!("ui.portal.status.{s}"),
                    status.as_deref() == Some(s),
                )
            })
            .collect(),
        regions: region_choices(t, region.as_deref()),
        q: search.q.unwrap_or_default(),
        from: valid_date(&search.from).unwrap_or_default(),
        to: valid_date(&search.to).unwrap_or_default(),
        rows,
        t: Tr { lang: ctx.t.lang },
        back: ctx.back,
    };
    Ok(render(&page))
}

pub struct Step {
    pub seq: u64,
    pub when: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "trade.html")]
pub struct TradePage {
    pub t: Tr,
    pub back: String,
    pub title: String,
    pub facts: Vec<(String, String)>,
    pub timeline: Vec<Step>,
    /// The announcement as published (from the standard template).
    pub notice: Option<String>,
    /// Published answers to questions on the documents: (question, answer).
    pub answers: Vec<(String, String)>,
    /// The deposit table after the opening: bidder, how covered, amount, refund due,
    /// refunded, overdue.
    pub deposits: Vec<[String; 6]>,
}

pub async fn trade(
    State(p): State<Shared>,
    ctx: PageContext,
    PageTrade(trade): PageTrade,
) -> PageResult {
    let page = app::queries::public_trade(&p, &trade).await?;
    let s = &page.summary;
    let id = trade.to_string();
    let t = &ctx.t;
    let mut facts = vec![
        (t.s("ui.trade.id").to_owned(), id.clone()),
        (
            t.s("ui.portal.line").to_owned(),
            s.line
                .map(|l| t.s(&format!("line.{}", l.as_str())).to_owned())
                .unwrap_or_default(),
        ),
        (
            t.s("ui.portal.method").to_owned(),
            s.method
                .map(|m| t.s(&format!("method.{}", m.as_str())).to_owned())
                .unwrap_or_default(),
        ),
        (
            t.s("ui.trade.status").to_owned(),
            t.status(app::queries::public_status(&p, s)),
        ),
        (
            t.s("ui.trade.node").to_owned(),
            format!("{}/7 {}", s.node, t.s(&format!("node.{}", s.node))),
        ),
        (
            t.s("ui.trade.region").to_owned(),
            s.region
                .as_ref()
                .map(|r| format!("{}（{}）", t.region(r), r.as_str()))
                .unwrap_or_default(),
        ),
        (
            t.s("ui.trade.tenderer").to_owned(),
            s.tenderer
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ),
        (
            t.s("ui.trade.estimate").to_owned(),
            format!("¥{}", s.estimate),
        ),
        (
            t.s("ui.trade.announced").to_owned(),
            s.announced_at.map(when).unwrap_or_default(),
        ),
        (
            t.s("ui.trade.deadline").to_owned(),
            s.bid_deadline.map(when).unwrap_or_default(),
        ),
        (t.s("ui.trade.round").to_owned(), s.round.to_string()),
    ];
    if let Some(agency) = &s.agency {
        facts.insert(7, (t.s("ui.trade.agency").to_owned(), agency.to_string()));
    }
    if !s.candidates.is_empty() {
        let names: Vec<String> = s.candidates.iter().map(ToString::to_string).collect();
        facts.push((t.s("ui.trade.candidates").to_owned(), names.join("、")));
    }
    if let Some(cert) = &s.certificate_no {
        facts.push((t.s("ui.trade.certificate").to_owned(), cert.clone()));
    }
    let deposits = page
        .deposits
        .into_iter()
        .map(|r| {
            let d = r.disclosure;
            let how = d
                .covered_by
                .map(|c| t.s(&format!("ui.deposit.{}", serde_plain(&c))).to_owned())
                .unwrap_or_else(|| t.s("ui.deposit.missing").to_owned());
            [
                d.bidder_name,
                how,
                format!("¥{}", d.amount),
                d.refund_due.map(|x| x.to_string()).unwrap_or_default(),
                d.refunded_on.map(|x| x.to_string()).unwrap_or_default(),
                if d.overdue {
                    t.s("ui.work.overdue").to_owned()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    let steps = page
        .timeline
        .iter()
        .map(|e| Step {
            seq: e.seq,
            when: when_us(e.at_us),
            what: t.s(&format!("event.{}", e.kind)).to_owned(),
        })
        .collect();
    Ok(render(&TradePage {
        title: s.title.clone(),
        facts,
        timeline: steps,
        notice: page.notice,
        answers: page.answers,
        deposits,
        t: Tr { lang: ctx.t.lang },
        back: ctx.back,
    }))
}
