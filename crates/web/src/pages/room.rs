//! The remote evaluation room page (`/trades/{id}/room`): attendance, the room's feed kept
//! live by server-sent events (`/api/trades/{id}/room/live`), posts, clarification requests
//! and the bidder's answers. Entering signs a room challenge with the person's key in the
//! browser (`static/room.js`); the other forms also work without JavaScript.
use app::eval_room::{RoomEntry, RoomView};
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::UnifiedSocialCreditCode;
use domain::eval_room::{Attendee, EvalRoomEvent, MemberKind, PostKind};

use super::common::{beijing, messages, script, when_us};
use super::opening::What;
use super::redirect;
use super::session::action_form;
use super::{PageContext, PageError, PageResult, Tr, render, when};
use crate::Shared;
use crate::extract::{PageTrade, PageUser};

#[path = "room_scoring/mod.rs"]
mod scoring;

use scoring::ScoringSection;

pub struct Seat {
    pub seat: u32,
    pub person: String,
    pub kind: String,
    pub present: bool,
}

pub struct Stay {
    pub person: String,
    pub capacity: String,
    pub joined: String,
    pub left: String,
}

pub struct FeedRow {
    pub seq: u64,
    pub when: String,
    pub who: String,
    pub what: String,
    pub text: String,
}

pub struct ClarRow {
    pub number: u32,
    pub bidder: String,
    pub question: String,
    pub asked: String,
    pub due: String,
    pub asked_by: String,
    pub answer: Option<String>,
    pub can_answer: bool,
}

#[derive(Template)]
#[template(path = "room.html")]
pub struct RoomPage {
    pub t: Tr,
    pub back: String,
    pub trade: String,
    pub title: String,
    pub who: String,
    pub person: String,
    pub csrf: String,
    pub version: u64,
    pub all: bool,
    pub status: String,
    pub scheduled: String,
    pub seats: Vec<Seat>,
    pub witnesses: String,
    pub stays: Vec<Stay>,
    pub feed: Vec<FeedRow>,
    pub clarifications: Vec<ClarRow>,
    /// (code, name) of the bidders a member may ask.
    pub bidders: Vec<(String, String)>,
    pub can_join: bool,
    pub can_leave: bool,
    pub can_post: bool,
    pub can_ask: bool,
    pub can_close: bool,
    /// The scoring (issue #6), for whoever may see it.
    pub scoring: Option<ScoringSection>,
    pub notice: Option<&'static str>,
    pub messages: String,
}

#[derive(serde::Deserialize, Default)]
pub struct Outcome {
    done: Option<String>,
}

fn capacity(t: &Tr, a: Attendee) -> String {
    let key = match a {
        Attendee::Member => "ui.eval_room.as.member",
        Attendee::Witness => "ui.eval_room.as.witness",
        Attendee::Supervisor => "ui.eval_room.as.supervisor",
    };
    t.s(key).to_owned()
}

/// What an entry says beyond its kind.
fn entry_text(t: &Tr, e: &RoomEntry) -> String {
    match &e.event {
        EvalRoomEvent::Joined { attendee, .. } => capacity(t, *attendee),
        EvalRoomEvent::Posted { kind, text, .. } => {
            let label = match kind {
                PostKind::Discussion => "ui.eval_room.post.discussion",
                PostKind::WitnessNote => "ui.eval_room.post.witness_note",
                PostKind::SupervisionNote => "ui.eval_room.post.supervision_note",
            };
            format!("[{}] {text}", t.s(label))
        }
        EvalRoomEvent::ClarificationRequested {
            number,
            bidder,
            question,
            ..
        } => format!("#{number} → {bidder}: {question}"),
        EvalRoomEvent::ClarificationAnswered { number, text, .. } => format!("#{number}: {text}"),
        _ => String::new(),
    }
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Query(q): Query<Outcome>,
) -> PageResult {
    show(&p, ctx, &user, &trade, q, None).await
}

/// The room page; `typed`: a sheet that came back with its wrong cells marked.
async fn show(
    p: &Shared,
    ctx: PageContext,
    user: &PageUser,
    trade: &domain::TradeId,
    q: Outcome,
    typed: Option<&scoring::Typed>,
) -> PageResult {
    let (p, trade) = (p.clone(), trade.clone());
    let actor = user.actor();
    let view = app::queries::room_view(&p, &trade, actor).await?;
    let state = app::queries::trade_state(&p, &trade).await?;
    let t = &ctx.t;
    let lang = t.lang;
    let who = app::queries::who(&p, actor).await;
    let role = t.s(&format!("role.{}", actor.role.as_str())).to_owned();
    let mut page = fill(t, &view, trade.as_str());
    for code in &view.bidders {
        let org = app::queries::org(&p, code).await.map(|o| o.name);
        page.bidders.push((code.clone(), org.unwrap_or_default()));
    }
    page.title = app::bidding::title(&state);
    page.who = format!(
        "{} · {role}",
        if who.name.is_empty() {
            &actor.id
        } else {
            &who.name
        }
    );
    page.person = actor.id.clone();
    page.csrf = user.info.csrf.clone();
    if let Ok(v) = app::queries::scoring_view(&p, &trade, actor).await {
        let mut section = scoring::section(t, &v, view.you_present && !view.closed, typed);
        // Staff make the configuration from the documents' (and the opened bids) in one step.
        section.can_configure = !v.configured
            && matches!(
                actor.role,
                domain::Role::CenterStaff | domain::Role::Platform
            );
        page.scoring = Some(section);
    }
    page.notice = q
        .done
        .and_then(|d| lang.get(&format!("ui.eval_room.done.{d}")));
    page.messages = messages(
        lang,
        &["ui.eval_room.", "error.eval_room.", "error.scoring."],
    );
    page.back = ctx.back;
    Ok(render(&page))
}

/// The parts of the page that come from the view alone.
fn fill(t: &Tr, v: &RoomView, id: &str) -> RoomPage {
    let all = v.scope == "all";
    let seats = v
        .members
        .iter()
        .map(|m| Seat {
            // 1-based, as on the draw page.
            seat: m.seat + 1,
            person: m.person.clone(),
            kind: t
                .s(match m.kind {
                    MemberKind::Expert => "ui.eval_room.kind.expert",
                    MemberKind::TendererRepresentative => {
                        "ui.eval_room.kind.tenderer_representative"
                    }
                })
                .to_owned(),
            present: v.present.contains(&m.person),
        })
        .collect();
    let stays = v
        .attendance
        .iter()
        .map(|a| Stay {
            person: a.person.clone(),
            capacity: capacity(t, a.attendee),
            joined: when(a.joined_at),
            left: a.left_at.map(when).unwrap_or_default(),
        })
        .collect();
    let feed = v
        .entries
        .iter()
        .map(|e| FeedRow {
            seq: e.seq,
            when: when_us(e.at_us),
            who: e.actor.clone(),
            what: t.s(&format!("event.{}", e.kind)).to_owned(),
            text: entry_text(t, e),
        })
        .collect();
    let clarifications = v
        .clarifications
        .iter()
        .map(|c| ClarRow {
            number: c.number,
            bidder: c.bidder.clone(),
            question: c.question.clone(),
            asked: when(c.asked_at),
            due: when(c.due),
            asked_by: c.asked_by.clone().unwrap_or_default(),
            answer: c.answer.clone(),
            can_answer: c.may_answer,
        })
        .collect();
    RoomPage {
        t: Tr { lang: t.lang },
        back: String::new(),
        trade: id.to_owned(),
        title: String::new(),
        who: String::new(),
        person: String::new(),
        csrf: String::new(),
        version: v.version,
        all,
        status: t
            .s(if v.closed {
                "ui.eval_room.closed"
            } else {
                "ui.eval_room.open"
            })
            .to_owned(),
        scheduled: v
            .scheduled
            .map(|s| format!("{} – {}", when(s.from), when(s.to)))
            .unwrap_or_default(),
        seats,
        witnesses: v.witnesses.join("、"),
        stays,
        feed,
        clarifications,
        bidders: vec![],
        can_join: v.may.join,
        can_leave: v.may.leave,
        can_post: v.may.post,
        can_ask: v.may.ask,
        can_close: v.may.close,
        scoring: None,
        notice: None,
        messages: String::new(),
    }
}

/// The fields of the page's forms (the sheet form's scores are read from the pairs).
pub struct RoomForm {
    text: Option<String>,
    bidder: Option<String>,
    question: Option<String>,
    /// `YYYY-MM-DDTHH:MM`, Beijing time (an `<input type=datetime-local>`).
    due: Option<String>,
    number: Option<u32>,
    bid: Option<String>,
    criterion: Option<String>,
    score: Option<String>,
    k: Option<String>,
}

impl RoomForm {
    fn from_pairs(pairs: &[(String, String)]) -> RoomForm {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        RoomForm {
            text: get("text"),
            bidder: get("bidder"),
            question: get("question"),
            due: get("due"),
            number: get("number").and_then(|n| n.trim().parse().ok()),
            bid: get("bid"),
            criterion: get("criterion"),
            score: get("score"),
            k: get("k"),
        }
    }
}

/// `/trades/{id}/room/{what}`: the forms without JavaScript.
pub const ACTIONS: &[&str] = &[
    "leave",
    "close",
    "post",
    "sheet",
    "revise",
    "reason",
    "answer",
    "ask",
    "configure",
];

/// The forms without JavaScript: leave, post, ask, answer, close; back to the page.
pub async fn action(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Path(What { what }): Path<What>,
    form: Result<axum::Form<Vec<(String, String)>>, FormRejection>,
) -> PageResult {
    let pairs = action_form(&user, &what, ACTIONS, form)?;
    let form = RoomForm::from_pairs(&pairs);
    let meta = user.meta();
    let (actor, text) = (user.actor(), form.text.unwrap_or_default());
    let result = match what.as_str() {
        "leave" => app::eval_room::leave(&p, &trade, actor, &meta).await,
        "close" => app::eval_room::close(&p, &trade, actor, &meta).await,
        "post" => app::eval_room::post(&p, &trade, &text, actor, &meta).await,
        "sheet" => match app::queries::scoring_view(&p, &trade, actor).await {
            Ok(v) => {
                // A cell out of range comes back marked, the rest of the sheet kept.
                let typed = scoring::check_cells(&ctx.t, &v, &pairs);
                if !typed.wrong.is_empty() {
                    let page = show(&p, ctx, &user, &trade, Outcome::default(), Some(&typed));
                    let page = page.await?;
                    return Ok(axum::response::IntoResponse::into_response((
                        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                        page,
                    )));
                }
                let scores = scoring::scores_from_form(&v, &pairs);
                app::scoring::submit_sheet(&p, &trade, scores, actor, &meta).await
            }
            Err(e) => Err(e),
        },
        "revise" => {
            let (bid, criterion) = (
                form.bid.unwrap_or_default(),
                form.criterion.unwrap_or_default(),
            );
            let score = form.score.unwrap_or_default();
            app::scoring::revise_score(&p, &trade, &bid, &criterion, &score, actor, &meta).await
        }
        "reason" => {
            let (bid, criterion) = (
                form.bid.unwrap_or_default(),
                form.criterion.unwrap_or_default(),
            );
            app::scoring::give_outlier_reason(&p, &trade, &bid, &criterion, &text, actor, &meta)
                .await
        }
        "configure" => {
            // K drawn at the opening, in percent (base-price formulas only).
            let k = match form.k.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(k) => Some(k.parse().map_err(|_| PageError::bad_form())?),
            };
            app::scoring::configure_from_documents(&p, &trade, k, actor, &meta).await
        }
        "answer" => {
            let n = form.number.ok_or_else(PageError::bad_form)?;
            app::eval_room::answer_clarification(&p, &trade, n, &text, actor, &meta).await
        }
        "ask" => {
            let bidder = UnifiedSocialCreditCode::parse(form.bidder.as_deref().unwrap_or(""));
            let due = form.due.as_deref().and_then(beijing);
            let (Ok(bidder), Some(due)) = (bidder, due) else {
                return Err(PageError::bad_form());
            };
            let question = form.question.unwrap_or_default();
            app::eval_room::request_clarification(&p, &trade, bidder, &question, due, actor, &meta)
                .await
        }
        _ => return Err(PageError::not_found()),
    };
    result?;
    Ok(redirect::to(&format!("/trades/{trade}/room?done={what}")))
}

#[derive(serde::Deserialize)]
pub struct BidQuery {
    #[serde(default)]
    n: String,
}

/// `/trades/{id}/room/bid?n=B1`: an opened bid's document, for the committee (and staff,
/// the supervisor) to read from the score sheet.
pub async fn opened_bid(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Query(q): Query<BidQuery>,
) -> PageResult {
    let (name, bytes) = app::scoring::opened_bid(&p, &trade, &q.n, user.actor()).await?;
    Ok(super::common::download(&name, bytes))
}

pub async fn room_js() -> Response {
    script(include_str!("../../static/room.js"))
}

pub async fn keys_js() -> Response {
    script(include_str!("../../static/keys.js"))
}
