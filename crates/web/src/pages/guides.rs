//! Entry guides per method, generated from the domain's rule table so the page and the rules
//! cannot drift apart.
use askama::Template;
use axum::response::Response;
use domain::methods::METHOD_TABLE;
use legal_time::{Period, PeriodUnit};

use super::{PageContext, Tr, render};

pub struct Guide {
    pub line: String,
    pub method: String,
    pub bid_period: String,
    pub min_bidders: u32,
    pub committee: u32,
    pub publicity: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "guides.html")]
pub struct Guides {
    pub t: Tr,
    pub back: String,
    pub guides: Vec<Guide>,
}

fn period(t: &Tr, p: Period) -> String {
    let key = match p.unit {
        PeriodUnit::Days => "ui.period.days",
        PeriodUnit::WorkingDays => "ui.period.working_days",
    };
    t.s(key).replace("{n}", &p.count.to_string())
}

pub async fn guides(ctx: PageContext) -> Response {
    let t = &ctx.t;
    let guides = METHOD_TABLE
        .iter()
        .map(|r| Guide {
            line: t.s(&format!("line.{}", r.line.as_str())).to_owned(),
            method: t.s(&format!("method.{}", r.method.as_str())).to_owned(),
            bid_period: period(t, r.min_bid_period.value),
            min_bidders: r.min_bidders.value,
            committee: r.committee.min_size,
            publicity: period(t, r.publicity_lasts.value),
            source: [
                r.min_bid_period.article,
                r.min_bidders.article,
                r.committee.article,
            ]
            .join("; "),
        })
        .collect();
    render(&Guides {
        guides,
        t: Tr { lang: ctx.t.lang },
        back: ctx.back,
    })
}
