//! Sealed bids in the browser (issue #4): the bidder's page, where `static/bid.js` seals the
//! bid with the round's opening key before anything leaves the browser, and the opening room,
//! where custodians open their key shares in the browser (`static/opening.js`: the private
//! key never reaches the server), staff start the opening, and the bidders confirm the
//! opening record or object to it. Both pages are rendered here in full; the scripts seal,
//! open shares, send the API calls and keep the room current. Without JavaScript the room
//! still works through plain forms (a share opened with the offline tool can be pasted), and
//! the bid page says how to seal offline.
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::trade::Phase;
use domain::trade::sealed::OpeningStatus;
use domain::{Class, Role, TradeCommand, TradeId, TradeState, UnifiedSocialCreditCode};

use super::redirect;
use super::session::{PageSession, trade_form};
use super::{PageContext, PageError, PageResult, Tr, render, when};
use crate::Shared;
use crate::api_session::Peer;
use crate::i18n::{Lang, catalogue};

// ---------------------------------------------------------------- the scripts

/// The browser sealer (WebCrypto only, no build step), for bid.js and opening.js.
pub async fn seal_js() -> Response {
    script(include_str!("../../static/seal.js"))
}

pub async fn bid_js() -> Response {
    script(include_str!("../../static/bid.js"))
}

pub async fn opening_js() -> Response {
    script(include_str!("../../static/opening.js"))
}

pub(super) fn script(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

// ---------------------------------------------------------------- shared pieces

/// The signed-in person as the pages show them.
pub struct Viewer {
    pub person: String,
    pub name: String,
    pub role: Role,
    pub role_label: String,
    pub org: Option<String>,
    pub org_name: String,
    pub csrf: String,
}

pub(super) async fn viewer(p: &Shared, t: &Tr, session: &PageSession) -> Option<Viewer> {
    let (_, info) = session.0.as_ref()?;
    let person = info.person.to_string();
    let name = p
        .person(&person)
        .await
        .map(|v| v.name)
        .unwrap_or_else(|_| person.clone());
    let org = info.actor.org.clone();
    let org_name = match &org {
        Some(code) => p.org(code).await.map(|o| o.name).unwrap_or_default(),
        None => String::new(),
    };
    Some(Viewer {
        person,
        name,
        role: info.actor.role,
        role_label: t
            .s(&format!("role.{}", info.actor.role.as_str()))
            .to_owned(),
        org,
        org_name,
        csrf: info.csrf.clone(),
    })
}

/// An announced trade's state; before the announcement a trade is not public (the portal
/// shows it from then on), so it is not found like an unknown one.
pub(super) async fn announced(p: &Shared, id: &str) -> Result<(TradeId, TradeState), PageError> {
    let trade = TradeId::parse(id).map_err(|_| PageError::not_found())?;
    let state = p.trade_state(&trade).await?;
    if state.round.announced_at.is_none() {
        return Err(PageError::not_found());
    }
    Ok((trade, state))
}

pub(super) fn title(state: &TradeState) -> String {
    state
        .registration
        .as_ref()
        .map(|r| r.title.clone())
        .unwrap_or_default()
}

/// The catalogue entries under `prefixes`, as a JSON object for a script (`<` escaped so it
/// cannot close the script element).
fn messages(lang: Lang, prefixes: &[&str]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = catalogue(lang)
        .iter()
        .filter(|(k, _)| prefixes.iter().any(|p| k.starts_with(p)))
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map)
        .to_string()
        .replace('<', "\\u003c")
}

/// Fen as yuan with thousands separators: 612345678 → `6,123,456.78`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

// ---------------------------------------------------------------- the bid page

pub struct KeyView {
    pub suite: String,
    pub key_id: String,
    pub public_key: String,
    pub threshold: u8,
    pub custodians: String,
    pub max_bid_bytes: u64,
}

#[derive(Template)]
#[template(path = "bid.html")]
pub struct BidPage {
    pub t: Tr,
    pub back: String,
    pub trade: String,
    pub title: String,
    pub deadline: String,
    pub phase: String,
    /// Bids are taken now (phase and deadline).
    pub open: bool,
    pub key: Option<KeyView>,
    pub viewer: Option<Viewer>,
    /// The viewer may bid: a bidder of an organisation.
    pub bidder: bool,
    pub threshold_text: String,
    /// The `--bidder` of the offline command: the viewer's organisation, or a placeholder.
    pub offline_bidder: String,
    pub messages: String,
}

pub async fn bid_page(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    Path(id): Path<String>,
) -> PageResult {
    let (trade, state) = announced(&p, &id).await?;
    let t = Tr { lang: ctx.t.lang };
    let now = p.clock().now();
    let open = state.bidding_open(now);
    let mut custodian_names = Vec::new();
    if let Some(k) = &state.round.opening_key {
        for c in &k.custodians {
            let id = c.person.to_string();
            let name = p.person(&id).await.map(|v| v.name).unwrap_or_default();
            custodian_names.push(if name.is_empty() { id } else { name });
        }
    }
    let key = state.round.opening_key.as_ref().map(|k| KeyView {
        suite: k.suite.clone(),
        key_id: k.key_id.to_string(),
        public_key: k.public_key.clone(),
        threshold: k.threshold,
        custodians: custodian_names.join("、"),
        max_bid_bytes: p.opening_policy().max_bid_bytes,
    });
    let threshold_text = key
        .as_ref()
        .map(|k| {
            t.s("ui.bid.threshold")
                .replace("{k}", &k.threshold.to_string())
                .replace("{n}", &custodian_names.len().to_string())
        })
        .unwrap_or_default();
    let viewer = viewer(&p, &t, &session).await;
    let bidder = viewer
        .as_ref()
        .is_some_and(|v| v.role == Role::Bidder && v.org.is_some());
    let offline_bidder = viewer
        .as_ref()
        .and_then(|v| v.org.clone())
        .unwrap_or_else(|| "<USCC>".to_owned());
    Ok(render(&BidPage {
        trade: trade.to_string(),
        title: title(&state),
        deadline: state.round.bid_deadline.map(when).unwrap_or_default(),
        phase: t.s(&format!("phase.{}", state.phase.as_str())).to_owned(),
        open,
        key,
        viewer,
        bidder,
        threshold_text,
        offline_bidder,
        messages: messages(t.lang, &["ui.bid.", "error.seal.", "error.bid."]),
        t,
        back: ctx.back,
    }))
}

// ---------------------------------------------------------------- the opening room

pub struct CustodianRow {
    pub person: String,
    pub name: String,
    pub submitted: bool,
    pub me: bool,
}

pub struct RecordRow {
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
    pub phase: String,
    /// One sentence: where the opening stands.
    pub state: String,
    pub started: bool,
    pub bids: u32,
    pub threshold: u32,
    pub held: u32,
    pub threshold_text: String,
    pub custodians: Vec<CustodianRow>,
    /// Center staff, after the deadline, before the opening.
    pub can_open: bool,
    /// Center staff before the deadline: when the button comes.
    pub open_later: Option<String>,
    /// The viewer is a custodian who still has to hand in a share.
    pub share_form: bool,
    /// The opening record lines, when the viewer may see them.
    pub record: Option<Vec<RecordRow>>,
    /// Why the record is not shown (sealed, or not a participant).
    pub sealed: Option<String>,
    pub confirmed: Vec<String>,
    pub can_confirm: bool,
    pub i_confirmed: bool,
    pub can_object: bool,
    pub objections: Vec<ObjectionRow>,
    pub can_answer: bool,
    pub viewer: Option<Viewer>,
    pub notice: Option<String>,
    pub messages: String,
}

#[derive(serde::Deserialize, Default)]
pub struct Flash {
    done: Option<String>,
}

async fn org_label(p: &Shared, code: &UnifiedSocialCreditCode) -> String {
    match p.org(code.as_str()).await {
        Ok(o) => o.name,
        Err(_) => code.to_string(),
    }
}

pub async fn opening_page(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    Path(id): Path<String>,
    flash: Result<Query<Flash>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let (trade, state) = announced(&p, &id).await?;
    let flash = flash.map(|Query(f)| f).unwrap_or_default();
    let t = Tr { lang: ctx.t.lang };
    let now = p.clock().now();
    let viewer = viewer(&p, &t, &session).await;
    let round = &state.round;
    let key = round.opening_key.as_ref();
    let opening = round.opening.as_ref();
    let started = opening.is_some();
    let unsealed = !round.opening_record.is_empty() || round.opened_at.is_some();
    let held = opening.map_or(0, |o| o.shares.len() as u32);
    let threshold = key.map_or(0, |k| u32::from(k.threshold));
    let me = viewer.as_ref().map(|v| v.person.as_str());
    let mut custodians = Vec::new();
    for c in key.map(|k| k.custodians.as_slice()).unwrap_or_default() {
        let person = c.person.to_string();
        custodians.push(CustodianRow {
            name: p.person(&person).await.map(|v| v.name).unwrap_or_default(),
            submitted: opening.is_some_and(|o| o.shares.contains(&c.person)),
            me: me == Some(person.as_str()),
            person,
        });
    }
    let bidding = matches!(state.phase, Phase::Announced | Phase::ExpertsDrawn);
    let over = state.bid_deadline_over(now);
    let deadline = round.bid_deadline.map(when).unwrap_or_default();
    let staff = viewer.as_ref().is_some_and(|v| v.role == Role::CenterStaff);
    let can_open = staff && bidding && over && !started;
    let open_later = (staff && bidding && !over).then(|| {
        t.s("ui.opening.open_after")
            .replace("{deadline}", &deadline)
    });
    let share_form = started
        && !unsealed
        && state.phase == Phase::ExpertsDrawn
        && custodians.iter().any(|c| c.me && !c.submitted);
    let state_text = if unsealed {
        t.s("ui.opening.state.opened").to_owned()
    } else if started {
        t.s("ui.opening.state.started")
            .replace("{held}", &held.to_string())
            .replace("{k}", &threshold.to_string())
    } else if bidding && !over {
        t.s("ui.opening.state.bidding")
            .replace("{deadline}", &deadline)
    } else if bidding {
        t.s("ui.opening.state.due").to_owned()
    } else {
        t.s("ui.opening.state.closed").to_owned()
    };
    // The record as the access matrix lets this viewer see it (sealed before the opening).
    let actor = session
        .0
        .as_ref()
        .map(|(_, info)| info.actor.clone())
        .unwrap_or_else(|| domain::Actor::new("public", Role::Public));
    let (mut record, mut sealed, mut confirmed, mut objections) = (None, None, vec![], vec![]);
    let mut my_line = false;
    let mut i_confirmed = false;
    match p.opening_record(&trade, &actor).await {
        Ok(view) if !view.lines.is_empty() => {
            let mine = |b: Option<&UnifiedSocialCreditCode>| {
                b.is_some_and(|b| {
                    viewer
                        .as_ref()
                        .and_then(|v| v.org.as_deref())
                        .is_some_and(|o| o.eq_ignore_ascii_case(b.as_str()))
                })
            };
            let mut rows = Vec::new();
            for (i, line) in view.lines.iter().enumerate() {
                let (kind, price, period, note, obtained) = match &line.status {
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
                    OpeningStatus::Superseded { by } => (
                        "superseded",
                        String::new(),
                        String::new(),
                        format!("→ {}", &by.as_str()[..12.min(by.as_str().len())]),
                        String::new(),
                    ),
                };
                let is_mine = mine(line.bidder.as_ref());
                my_line |= is_mine;
                rows.push(RecordRow {
                    no: i + 1,
                    bidder: match &line.bidder {
                        Some(b) => org_label(&p, b).await,
                        None => t.s("ui.opening.unknown_bidder").to_owned(),
                    },
                    code: line
                        .bidder
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    price,
                    period,
                    status: t.s(&format!("ui.opening.status.{kind}")).to_owned(),
                    kind,
                    note,
                    submitted_at: when(line.submitted_at),
                    obtained,
                    mine: is_mine,
                });
            }
            for b in &round.confirmed_by {
                i_confirmed |= mine(Some(b));
                confirmed.push(org_label(&p, b).await);
            }
            for o in &round.objections {
                objections.push(ObjectionRow {
                    number: o.number,
                    bidder: org_label(&p, &o.bidder).await,
                    text: o.text.clone(),
                    answer: o.answer.as_ref().map(|(a, _)| a.clone()),
                });
            }
            record = Some(rows);
        }
        // Opened with nothing to show yet (the unsealing is under way), or refused.
        Ok(_) => sealed = Some(t.s("ui.opening.not_yet").to_owned()),
        // A refusal is why the record is not shown; a fault is no page at all.
        Err(e) if e.class() == Class::Fault => return Err(e.into()),
        Err(e) => {
            sealed = Some(
                t.lang
                    .get(&format!("error.{}", e.code()))
                    .unwrap_or_else(|| t.s("ui.opening.not_yet"))
                    .to_owned(),
            )
        }
    }
    let in_opened = state.phase == Phase::Opened;
    let bidder = viewer.as_ref().is_some_and(|v| v.role == Role::Bidder);
    let can_confirm = in_opened && bidder && my_line && !i_confirmed;
    let can_object = in_opened && bidder && my_line;
    let party = viewer.as_ref().is_some_and(|v| {
        let org = v.org.as_deref().unwrap_or_default();
        let reg = state.registration.as_ref();
        match v.role {
            Role::Tenderer => reg.is_some_and(|r| r.tenderer.as_str() == org),
            Role::Agency => reg
                .and_then(|r| r.agency.as_ref())
                .is_some_and(|a| a.as_str() == org),
            _ => false,
        }
    });
    let can_answer = in_opened && party && objections.iter().any(|o| o.answer.is_none());
    let notice = flash
        .done
        .as_deref()
        .map(|d| match t.lang.get(&format!("ui.opening.done.{d}")) {
            Some(m) => m.to_owned(),
            None => t.s("ui.opening.done").to_owned(),
        });
    Ok(render(&OpeningPage {
        trade: trade.to_string(),
        title: title(&state),
        deadline,
        phase: t.s(&format!("phase.{}", state.phase.as_str())).to_owned(),
        state: state_text,
        started,
        bids: opening.map_or(0, |o| o.bids),
        threshold,
        held,
        threshold_text: t
            .s("ui.opening.threshold")
            .replace("{k}", &threshold.to_string())
            .replace("{n}", &custodians.len().to_string()),
        custodians,
        can_open,
        open_later,
        share_form,
        record,
        sealed,
        confirmed,
        can_confirm,
        i_confirmed,
        can_object,
        objections,
        can_answer,
        viewer,
        notice,
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

impl super::session::Csrf for RoomForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `/trades/{id}/opening/{what}`: the opening room's forms without JavaScript.
pub const ACTIONS: &[&str] = &["open", "share", "confirm", "object", "answer"];

pub async fn opening_action(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    Path((id, what)): Path<(String, String)>,
    form: Result<axum::Form<RoomForm>, FormRejection>,
) -> PageResult {
    let (info, trade, form) = trade_form(session, &id, &what, ACTIONS, form)?;
    let meta = app::Meta {
        ip,
        expected_version: None,
    };
    let actor = &info.actor;
    match what.as_str() {
        "open" => {
            app::trades::execute(&p, &trade, TradeCommand::OpenBids, actor, &meta).await?;
        }
        "share" => {
            let share = app::bidding::decode_share(form.share.as_deref().unwrap_or("").trim())
                .map_err(|_| PageError::new(Class::Rule, "seal.bad_share"))?;
            app::bidding::submit_share(&p, &trade, &share, actor, &meta).await?;
        }
        "confirm" => {
            let bidder = app::bidding::caller_org(actor)?;
            let command = TradeCommand::ConfirmOpeningRecord { bidder };
            app::trades::execute(&p, &trade, command, actor, &meta).await?;
        }
        "object" => {
            let bidder = app::bidding::caller_org(actor)?;
            let text = form.text.unwrap_or_default();
            let command = TradeCommand::RaiseOpeningObjection { bidder, text };
            app::trades::execute(&p, &trade, command, actor, &meta).await?;
        }
        "answer" => {
            let number = form.number.as_deref().map(str::trim).unwrap_or_default();
            let number = number.parse::<u32>().map_err(|_| PageError::bad_form())?;
            let answer = form.answer.unwrap_or_default();
            let command = TradeCommand::AnswerOpeningObjection { number, answer };
            app::trades::execute(&p, &trade, command, actor, &meta).await?;
        }
        _ => return Err(PageError::not_found()),
    }
    Ok(redirect::to(&format!(
        "/trades/{trade}/opening?done={what}"
    )))
}

#[cfg(test)]
mod tests {
    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(super::yuan(612_345_678), "6,123,456.78");
        assert_eq!(super::yuan(5), "0.05");
        assert_eq!(super::yuan(100_000), "1,000.00");
        assert_eq!(super::yuan(-123_456), "-1,234.56");
    }
}
