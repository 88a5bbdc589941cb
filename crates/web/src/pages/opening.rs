//! The opening room (`/trades/{id}/opening`): custodians open their key shares in the
//! browser (`static/opening.js`: the private key never reaches the server), staff start the
//! opening, bidders confirm the opening record or object to it, the parties answer. What
//! the reader may do comes from the app ([`app::bidding::OpeningYou`]); this page renders
//! it. Without JavaScript the room still works through plain forms (a share opened with the
//! offline tool can be pasted).
use app::bidding::{OpeningRoom, RecordRow};
use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use domain::trade::sealed::OpeningStatus;
use domain::{Class, TradeCommand};

use super::common::{Flash, Viewer, messages, viewer};
use super::money::yuan;
use super::redirect;
use super::session::{Csrf, PageSession, action_form};
use super::{PageContext, PageError, PageResult, Tr, render, when};
use crate::Shared;
use crate::extract::{PageTrade, PageUser};

pub struct CustodianRow {
    pub person: String,
    pub name: String,
    pub submitted: bool,
    pub me: bool,
}

pub struct Row {
    pub no: usize,
    pub bidder: String,
    pub code: String,
    pub price: String,
    pub period: String,
    pub status: String,
    pub kind: &'static str,
    pub note: String,
    pub submitted_at: String,
    pub obtained: String,
    pub mine: bool,
}

pub struct ObjectionRow {
    pub number: u32,
    pub bidder: String,
    pub text: String,
    pub answer: Option<String>,
}

#[derive(Template)]
#[template(path = "opening.html")]
pub struct OpeningPage {
    pub t: Tr,
    pub back: String,
    pub trade: String,
    pub title: String,
    pub deadline: String,
    /// Milliseconds to the deadline by the server's clock (`None` once it passed), counted
    /// down by `static/countdown.js`; the text is the count at rendering.
    pub countdown: Option<(i64, String)>,
    /// Clock seconds per real second (a demo runs faster), for the script.
    pub rate: u32,
    pub phase: String,
    /// One sentence: where the opening stands.
    pub state: String,
    pub started: bool,
    pub bids: u32,
    pub threshold: u32,
    pub held: u32,
    pub threshold_text: String,
    pub custodians: Vec<CustodianRow>,
    /// What the reader may do, as the trade decides it.
    pub you: app::bidding::OpeningYou,
    /// Staff before the deadline: when the button comes.
    pub open_later: Option<String>,
    /// The opening record lines, when the viewer may see them.
    pub record: Option<Vec<Row>>,
    /// Why the record is not shown (sealed, or not a participant).
    pub sealed: Option<String>,
    pub confirmed: Vec<String>,
    pub objections: Vec<ObjectionRow>,
    pub viewer: Option<Viewer>,
    pub notice: Option<String>,
    pub messages: String,
}

/// Where the opening stands, in one sentence.
fn state_text(t: &Tr, room: &OpeningRoom, deadline: &str) -> String {
    if room.unsealed {
        t.s("ui.opening.state.opened").to_owned()
    } else if room.started {
        t.s("ui.opening.state.started")
            .replace("{held}", &room.held.to_string())
            .replace("{k}", &room.threshold.to_string())
    } else if room.bidding && !room.deadline_over {
        t.s("ui.opening.state.bidding")
            .replace("{deadline}", deadline)
    } else if room.bidding {
        t.s("ui.opening.state.due").to_owned()
    } else {
        t.s("ui.opening.state.closed").to_owned()
    }
}

/// One record line: its status as a CSS kind and its columns.
fn row(t: &Tr, no: usize, r: RecordRow) -> Row {
    let (kind, price, period, note, obtained) = match &r.line.status {
        OpeningStatus::Opened {
            price,
            period_days,
            obtained_documents,
            ..
        } => (
            "opened",
            yuan(price.fen()),
            period_days.to_string(),
            String::new(),
            t.s(if *obtained_documents {
                "ui.opening.yes"
            } else {
                "ui.opening.no"
            })
            .to_owned(),
        ),
        OpeningStatus::Revoked { reason, article } => (
            "revoked",
            String::new(),
            String::new(),
            format!("{reason} ({article})"),
            String::new(),
        ),
        OpeningStatus::Withdrawn { reason, article } => (
            "withdrawn",
            String::new(),
            String::new(),
            format!("{reason} ({article})"),
            String::new(),
        ),
        OpeningStatus::Superseded { by } => {
            let short = &by.as_str()[..12.min(by.as_str().len())];
            (
                "superseded",
                String::new(),
                String::new(),
                format!("→ {short}"),
                String::new(),
            )
        }
    };
    Row {
        no,
        bidder: r
            .bidder_name
            .unwrap_or_else(|| t.s("ui.opening.unknown_bidder").to_owned()),
        code: r
            .line
            .bidder
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        price,
        period,
        status: t.s(&format!("ui.opening.status.{kind}")).to_owned(),
        kind,
        note,
        submitted_at: when(r.line.submitted_at),
        obtained,
        mine: r.mine,
    }
}

/// "2天 03:04:05": the time left as `static/countdown.js` writes it too.
fn countdown_text(t: &Tr, ms: i64) -> String {
    let s = ms / 1000;
    let (days, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    let clock = format!("{h:02}:{m:02}:{sec:02}");
    if days > 0 {
        format!(
            "{} {clock}",
            t.s("ui.opening.days").replace("{d}", &days.to_string())
        )
    } else {
        clock
    }
}

pub async fn opening_page(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    PageTrade(trade): PageTrade,
    flash: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    let actor = super::common::actor(&session);
    let room = app::queries::opening_room(&p, &trade, &actor).await?;
    let flash = Flash::from(flash);
    let t = Tr { lang: ctx.t.lang };
    let deadline = room.deadline.map(when).unwrap_or_default();
    let (record, sealed) = match room.record.clone() {
        Ok(rows) if !rows.is_empty() => {
            let rows = rows.into_iter().enumerate().map(|(i, r)| row(&t, i + 1, r));
            (Some(rows.collect()), None)
        }
        // Opened with nothing to show yet (the unsealing is under way), or refused.
        Ok(_) => (None, Some(t.s("ui.opening.not_yet").to_owned())),
        Err(code) => {
            let text = t.lang.get(&format!("error.{code}"));
            (
                None,
                Some(text.unwrap_or_else(|| t.s("ui.opening.not_yet")).to_owned()),
            )
        }
    };
    let custodians: Vec<CustodianRow> = room
        .custodians
        .iter()
        .map(|c| CustodianRow {
            person: c.person.clone(),
            name: c.name.clone(),
            submitted: c.submitted,
            me: c.me,
        })
        .collect();
    let countdown = room.deadline.and_then(|d| {
        let ms = (d - p.clock().now()).whole_milliseconds();
        (ms > 0).then(|| (ms as i64, countdown_text(&t, ms as i64)))
    });
    Ok(render(&OpeningPage {
        countdown,
        rate: p.clock().rate(),
        trade: trade.to_string(),
        title: room.title.clone(),
        phase: t.status(room.status),
        state: state_text(&t, &room, &deadline),
        open_later: room.you.may_open_after_deadline.then(|| {
            t.s("ui.opening.open_after")
                .replace("{deadline}", &deadline)
        }),
        deadline,
        started: room.started,
        bids: room.bids,
        threshold: room.threshold,
        held: room.held,
        threshold_text: t
            .s("ui.opening.threshold")
            .replace("{k}", &room.threshold.to_string())
            .replace("{n}", &custodians.len().to_string()),
        custodians,
        you: room.you,
        record,
        sealed,
        confirmed: room.confirmed,
        objections: room
            .objections
            .into_iter()
            .map(|o| ObjectionRow {
                number: o.number,
                bidder: o.bidder_name,
                text: o.text,
                answer: o.answer,
            })
            .collect(),
        viewer: viewer(&p, &t, &session).await,
        notice: flash.notice(&t, "ui.opening.done.", Some("ui.opening.done")),
        messages: messages(
            t.lang,
            &["ui.opening.", "error.seal.", "error.trade.not_custodian"],
        ),
        t,
        back: ctx.back,
    }))
}

/// The room's forms, for browsers without JavaScript (with it, opening.js calls the API).
#[derive(serde::Deserialize, Default)]
pub struct RoomForm {
    #[serde(default)]
    csrf: String,
    share: Option<String>,
    text: Option<String>,
    number: Option<String>,
    answer: Option<String>,
}

impl Csrf for RoomForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `/trades/{id}/opening/{what}`: the opening room's forms without JavaScript.
pub const ACTIONS: &[&str] = &["open", "share", "confirm", "object", "answer"];

/// The `{what}` of a form's address.
#[derive(serde::Deserialize)]
pub struct What {
    pub what: String,
}

pub async fn opening_action(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Path(What { what }): Path<What>,
    form: Result<axum::Form<RoomForm>, FormRejection>,
) -> PageResult {
    let form = action_form(&user, &what, ACTIONS, form)?;
    let (meta, actor) = (user.meta(), user.actor());
    let command = match what.as_str() {
        "open" => TradeCommand::OpenBids,
        "share" => {
            let share = app::bidding::decode_share(form.share.as_deref().unwrap_or("").trim())
                .map_err(|_| PageError::new(Class::Rule, "seal.bad_share"))?;
            app::bidding::submit_share(&p, &trade, &share, actor, &meta).await?;
            return Ok(redirect::to(&format!(
                "/trades/{trade}/opening?done={what}"
            )));
        }
        "confirm" => TradeCommand::ConfirmOpeningRecord {
            bidder: app::bidding::caller_org(actor)?,
        },
        "object" => TradeCommand::RaiseOpeningObjection {
            bidder: app::bidding::caller_org(actor)?,
            text: form.text.unwrap_or_default(),
        },
        "answer" => {
            let number = form.number.as_deref().map(str::trim).unwrap_or_default();
            let number = number.parse::<u32>().map_err(|_| PageError::bad_form())?;
            let answer = form.answer.unwrap_or_default();
            TradeCommand::AnswerOpeningObjection { number, answer }
        }
        _ => return Err(PageError::not_found()),
    };
    app::trades::execute(&p, &trade, command, actor, &meta).await?;
    Ok(redirect::to(&format!(
        "/trades/{trade}/opening?done={what}"
    )))
}

pub async fn countdown_js() -> axum::response::Response {
    super::common::script(include_str!("../../static/countdown.js"))
}
