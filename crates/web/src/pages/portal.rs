//! The public portal: announcements of both business lines with search and filters, and a
//! trade's public page with its timeline.
use app::PublicFilter;
use askama::Template;
use axum::extract::{Path, Query, State};
use domain::{BusinessLine, Method, TradeId};

use super::{PageContext, PageError, PageResult, Tr, render, when};
use crate::Shared;

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
    pub phase: String,
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
    pub region: String,
    pub from: String,
    pub to: String,
    pub lines: Vec<Choice>,
    pub methods: Vec<Choice>,
    pub statuses: Vec<Choice>,
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
    let filter = PublicFilter {
        q: search.q.clone(),
        line,
        method,
        region: region.clone(),
        status: status.clone(),
        from: valid_date(&search.from),
        to: valid_date(&search.to),
    };
    let found = p.public_trades(&filter).await?;
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
            phase: t.s(&format!("phase.{}", s.phase.as_str())).to_owned(),
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
        q: search.q.unwrap_or_default(),
        region: region.unwrap_or_default(),
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
    Path(id): Path<String>,
) -> PageResult {
    TradeId::parse(&id).map_err(|_| PageError::not_found())?;
    // Only announced trades are public.
    let filter = PublicFilter {
        q: Some(id.clone()),
        ..Default::default()
    };
    let s = p
        .public_trades(&filter)
        .await?
        .into_iter()
        .find(|s| s.id.as_ref().is_some_and(|i| i.as_str() == id))
        .ok_or_else(PageError::not_found)?;
    let timeline = p.public_timeline(&id).await?;
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
            t.s("ui.trade.phase").to_owned(),
            t.s(&format!("phase.{}", s.phase.as_str())).to_owned(),
        ),
        (
            t.s("ui.trade.node").to_owned(),
            format!("{}/7 {}", s.node, t.s(&format!("node.{}", s.node))),
        ),
        (
            t.s("ui.trade.region").to_owned(),
            s.region
                .as_ref()
                .map(|r| r.as_str().to_owned())
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
    let mut notice = None;
    let mut answers = Vec::new();
    for e in &timeline {
        match &e.event {
            domain::TradeEvent::AnnouncementPublished {
                notice: Some(file), ..
            } => {
                notice = p
                    .blobs()
                    .get(file.sha256.as_str())
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
            }
            domain::TradeEvent::QuestionAnswered {
                question, answer, ..
            } => answers.push((question.clone(), answer.clone())),
            _ => {}
        }
    }
    let deposits = match TradeId::parse(&id) {
        Ok(tid) => p
            .deposit_table(&tid)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|r| {
                let d = r.disclosure;
                let how = d
                    .covered_by
                    .map(|c| {
                        let key = serde_json::to_value(c)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default();
                        t.s(&format!("ui.deposit.{key}")).to_owned()
                    })
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
            .collect(),
        Err(_) => Vec::new(),
    };
    let steps = timeline
        .into_iter()
        .map(|e| Step {
            seq: e.seq,
            when: time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(e.at_us) * 1_000)
                .map(when)
                .unwrap_or_default(),
            what: t.s(&format!("event.{}", e.kind)).to_owned(),
        })
        .collect();
    Ok(render(&TradePage {
        title: s.title.clone(),
        facts,
        timeline: steps,
        notice,
        answers,
        deposits,
        t: Tr { lang: ctx.t.lang },
        back: ctx.back,
    }))
}
