//! The publicity page of a trade (`/trades/{id}/publicity`): the candidates (construction)
//! or the result (procurement), the periods with their rules and deadlines, the filings
//! (异议/质疑) with replies, complaints and the supervisor's handling, and the forms for who
//! may act: a bidder files and complains, the tenderer or agency publishes the result,
//! replies and issues the notice of award, a supervisor handles complaints. The public sees
//! every filing's text but not who filed (the filer, the parties, staff and supervisors do).
//! Plain forms: no script.
use super::common::{Viewer, viewer};
use super::opening::What;
use super::redirect;
use super::session::{PageSession, action_form};
use super::{PageContext, PageError, PageResult, Tr, render, when};
use crate::Shared;
use crate::extract::{PageTrade, PageUser};
use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};

pub struct PeriodRow {
    pub what: String,
    pub source: String,
    pub last_day: String,
    pub ends: String,
    pub done: bool,
}

pub struct FilingRow {
    pub number: u32,
    pub kind: String,
    pub subject: String,
    pub who: String,
    /// `who` is the filer's codes (shown as codes), not the hidden-filer note.
    pub who_known: bool,
    pub text: String,
    pub at: String,
    pub reply_due: String,
    pub reply: Option<(String, String, bool)>,
    pub complaint: Option<(String, String)>,
    pub complaint_due: String,
    pub handling: Vec<String>,
    pub handling_due: Vec<String>,
    pub may_complain: bool,
    pub open_complaint: bool,
}

#[derive(Template)]
#[template(path = "publicity.html")]
pub struct PublicityPage {
    pub t: Tr,
    pub back: String,
    pub trade: String,
    pub title: String,
    pub viewer: Option<Viewer>,
    pub notice: Option<String>,
    pub construction: bool,
    pub phase: String,
    pub published: String,
    pub candidates: Vec<(usize, String)>,
    pub winner: String,
    pub award_reason: String,
    pub periods: Vec<PeriodRow>,
    pub filings: Vec<FilingRow>,
    pub paused: String,
    pub award_notice: Option<(String, String, String, bool)>,
    pub can_file: bool,
    pub can_reply: bool,
    pub can_handle: bool,
    pub can_issue: bool,
    pub can_award: bool,
    pub can_publish: bool,
}

/// The redirect after a form: what was done, or the error with the rule's detail.
#[derive(serde::Deserialize, Default)]
pub struct Flash {
    done: Option<String>,
}

/// A serde unit variant's (or tag's) name, for catalogue keys.
fn plain<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Object(m)) => m
            .get("about")
            .and_then(|a| a.as_str())
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

fn period_row(t: &Tr, p: &app::challenges::PeriodView) -> PeriodRow {
    let key = format!("ui.publicity.{}", p.rule);
    PeriodRow {
        what: t.lang.get(&key).unwrap_or(&p.what).to_owned(),
        source: p.source.clone(),
        last_day: p.last_day.clone(),
        ends: when(p.ends_at),
        done: p.done,
    }
}

fn filing_row(t: &Tr, f: &app::challenges::FilingView) -> FilingRow {
    let mut subject = t
        .s(&format!("ui.publicity.about.{}", plain(&f.subject)))
        .to_owned();
    match f.subject {
        app::challenges::Subject::Documents { obtained: d }
        | app::challenges::Subject::Step { ended: d } => subject.push_str(&format!(" ({d})")),
        app::challenges::Subject::Result => {}
    }
    FilingRow {
        number: f.number,
        kind: t
            .s(&format!("ui.publicity.kind.{}", plain(&f.kind)))
            .to_owned(),
        subject,
        who_known: f.org.is_some() && f.person.is_some(),
        who: match (&f.org, &f.person) {
            (Some(o), Some(p)) => format!("{o} ({p})"),
            _ => t.s("ui.publicity.who_hidden").to_owned(),
        },
        text: f.text.clone(),
        at: when(f.at),
        reply_due: format!("{} ({})", when(f.reply_due.ends_at), f.reply_due.source),
        reply: f
            .reply
            .as_ref()
            .map(|r| (r.text.clone(), when(r.at), r.late)),
        complaint: f.complaint.as_ref().map(|c| (c.text.clone(), when(c.at))),
        complaint_due: f
            .complaint_due
            .as_ref()
            .map(|d| format!("{} ({})", when(d.ends_at), d.source))
            .unwrap_or_default(),
        handling: f
            .complaint
            .iter()
            .flat_map(|c| c.handling.iter())
            .map(|(d, note)| {
                format!(
                    "{}: {note}",
                    t.s(&format!("ui.publicity.handling.{}", plain(d)))
                )
            })
            .collect(),
        handling_due: f
            .complaint
            .iter()
            .flat_map(|c| c.handling_due.iter())
            .map(|d| {
                let row = period_row(t, d);
                format!("{}: {} ({})", row.what, row.ends, row.source)
            })
            .collect(),
        may_complain: f.may_complain,
        open_complaint: f.complaint.as_ref().is_some_and(|c| !c.dismissed),
    }
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    PageTrade(trade): PageTrade,
    flash: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    let actor = super::common::actor(&session);
    let state = app::queries::announced_state(&p, &trade).await?;
    let view = app::queries::publicity(&p, &trade, &actor).await?;
    let t = Tr { lang: ctx.t.lang };
    let viewer = viewer(&p, &t, &session).await;
    let flash = flash.map(|Query(f)| f).unwrap_or_default();
    let construction = view.regime == app::challenges::Regime::Construction;
    let page = PublicityPage {
        back: ctx.back,
        trade: trade.to_string(),
        title: app::bidding::title(&state),
        viewer,
        notice: flash
            .done
            .as_deref()
            .map(|d| t.s(&format!("ui.publicity.done.{d}")).to_owned()),
        construction,
        phase: t.s(&format!("phase.{}", view.phase)).to_owned(),
        published: view.published.clone().unwrap_or_default(),
        candidates: view
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (i + 1, c.clone()))
            .collect(),
        winner: view.winner.clone().unwrap_or_default(),
        award_reason: view.award_reason.clone().unwrap_or_default(),
        periods: view.periods.iter().map(|x| period_row(&t, x)).collect(),
        filings: view.filings.iter().map(|f| filing_row(&t, f)).collect(),
        paused: view
            .paused_by
            .iter()
            .map(|n| format!("#{n}"))
            .collect::<Vec<_>>()
            .join(", "),
        award_notice: view.notice.as_ref().map(|n| {
            (
                n.winner.clone(),
                n.notice_sha256.clone(),
                when(n.at),
                n.readable,
            )
        }),
        can_file: view.you.file,
        can_reply: view.you.reply,
        can_handle: view.you.handle,
        can_issue: view.you.issue_notice,
        can_award: view.you.decide_award,
        can_publish: view.you.publish_result,
        t,
    };
    Ok(render(&page))
}

#[derive(serde::Deserialize)]
pub struct ActionForm {
    csrf: String,
    number: Option<u32>,
    text: Option<String>,
    about: Option<String>,
    date: Option<String>,
    decision: Option<String>,
    winner: Option<String>,
}

impl super::session::Csrf for ActionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `/trades/{id}/publicity/{what}`: file, reply, complain, handle, award, publish, notice.
pub const ACTIONS: &[&str] = &[
    "file", "reply", "complain", "handle", "award", "publish", "notice",
];

pub async fn action(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Path(What { what }): Path<What>,
    form: Result<axum::Form<ActionForm>, FormRejection>,
) -> PageResult {
    let form = action_form(&user, &what, ACTIONS, form)?;
    let (meta, actor) = (user.meta(), user.actor());
    let text = form.text.clone().unwrap_or_default();
    // Replies, complaints and handling name their filing.
    let n = || form.number.ok_or_else(PageError::bad_form);
    match what.as_str() {
        "file" => {
            let about = crate::api_challenges::subject(form.about.as_deref(), form.date.as_deref())
                .map_err(|_| PageError::bad_form())?;
            app::challenges::file(&p, &trade, about, &text, actor, &meta).await?;
        }
        "reply" => {
            app::challenges::reply(&p, &trade, n()?, &text, actor, &meta).await?;
        }
        "complain" => {
            app::challenges::complain(&p, &trade, n()?, &text, actor, &meta).await?;
        }
        "handle" => {
            let decision = crate::api_challenges::handling(form.decision.as_deref().unwrap_or(""))
                .map_err(|_| PageError::bad_form())?;
            app::challenges::handle_complaint(&p, &trade, n()?, decision, &text, actor, &meta)
                .await?;
        }
        "notice" => {
            app::challenges::issue_award_notice(&p, &trade, actor, &meta).await?;
        }
        "publish" => {
            app::trades::execute(
                &p,
                &trade,
                domain::TradeCommand::PublishResult,
                actor,
                &meta,
            )
            .await?;
        }
        "award" => {
            let winner = form.winner.as_deref().unwrap_or("").trim();
            let winner = domain::UnifiedSocialCreditCode::parse(winner)
                .map_err(|_| PageError::bad_form())?;
            app::challenges::decide_award(&p, &trade, winner, Some(text), actor, &meta).await?;
        }
        _ => return Err(PageError::not_found()),
    }
    Ok(redirect::to(&format!(
        "/trades/{trade}/publicity?done={what}"
    )))
}
