//! The expert draw's page (`/trades/{id}/draw`): its public status for anyone who can see
//! the trade (commitment, beacon, seats without names), the request form and the steps
//! after it for center staff, names once revealed for those who may see them, and the
//! re-check page (`/trades/{id}/draw/check`). The expert's own invitations are a queue on
//! its workbench ([`invitation_queue`]). Plain forms: no script needed.
use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use domain::experts::{DrawPhase, Quota, RegionRule, SpecialtyCode, TimeRange};
use domain::{Class, RegionCode, Role};

use super::common::{Flash, Viewer, beijing, local_input, serde_plain, viewer};
use super::opening::What;
use super::redirect;
use super::session::{PageSession, action_form};
use super::{PageContext, PageError, PageResult, Tr, render, when};
use crate::Shared;
use crate::extract::{PageTrade, PageUser};

pub struct SeatRow {
    pub seat: u32,
    pub specialty: String,
    pub status: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "draw.html")]
pub struct DrawPage {
    pub t: Tr,
    pub back: String,
    pub trade: String,
    pub title: String,
    pub viewer: Option<Viewer>,
    pub notice: Option<String>,
    pub phase: String,
    pub facts: Vec<(String, String)>,
    pub seats: Vec<SeatRow>,
    pub staff: bool,
    pub can_request: bool,
    pub messages: Vec<(u32, String, u32)>,
    pub revealed: bool,
    /// Signed in and not staff: the mutual-rating form shows once the list is revealed (the
    /// platform checks who may rate and when).
    pub can_rate: bool,
    pub default_from: String,
    pub default_to: String,
}

/// The draw's facts as label and value, for whoever may see them.
fn facts(t: &Tr, view: &app::experts::DrawView) -> Vec<(String, String)> {
    let mut facts = Vec::new();
    let mut fact = |k: &str, v: String| facts.push((t.s(k).to_owned(), v));
    if let Some(ev) = view.evaluation {
        fact(
            "ui.draw.evaluation",
            format!("{} – {}", when(ev.from), when(ev.to)),
        );
    }
    if let (Some(c), Some(e)) = (view.committee_size, view.experts) {
        fact("ui.draw.committee", format!("{c} ({e})"));
    }
    if let (Some(pool), Some(el)) = (view.pool_size, view.eligible) {
        fact("ui.draw.eligible", format!("{el} / {pool}"));
    }
    if let Some(c) = &view.commitment {
        fact("ui.draw.commitment", c.clone());
    }
    if let Some(s) = &view.seed_sha256 {
        fact("ui.draw.seed_hash", s.clone());
    }
    if let (Some(b), Some(n), Some(l)) = (&view.beacon, view.beacon_tree_size, view.commitment_leaf)
    {
        fact("ui.draw.beacon", format!("{b} (#{l} → {n})"));
    }
    if let Some(d) = &view.list_digest {
        fact("ui.draw.list_digest", d.clone());
    }
    facts
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    PageTrade(trade): PageTrade,
    flash: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    let actor = super::common::actor(&session);
    let desk = app::queries::draw_desk(&p, &trade, &actor).await?;
    let t = Tr { lang: ctx.t.lang };
    let viewer = viewer(&p, &t, &session).await;
    let flash = Flash::from(flash);
    let view = &desk.view;
    let phase = match view.phase {
        None => t.s("ui.draw.phase.none").to_owned(),
        Some(ph) => t
            .s(&format!("ui.draw.phase.{}", serde_plain(&ph)))
            .to_owned(),
    };
    let seats = view
        .seats
        .iter()
        .map(|s| SeatRow {
            seat: s.seat + 1,
            specialty: s.specialty.clone(),
            status: t
                .s(&format!("ui.draw.seat.{}", serde_plain(&s.status)))
                .to_owned(),
            name: match (&s.name, &s.expert) {
                (Some(n), Some(e)) => format!("{n} ({e})"),
                _ => t.s("ui.draw.sealed").to_owned(),
            },
        })
        .collect();
    let messages = desk
        .messages
        .iter()
        .map(|m| {
            let key = format!("ui.draw.message.{}", serde_plain(&m.status));
            (m.seat + 1, t.s(&key).to_owned(), m.attempts)
        })
        .collect();
    let page = DrawPage {
        back: ctx.back,
        trade: trade.to_string(),
        title: desk.title.clone(),
        viewer,
        notice: flash.notice(&t, "ui.draw.done.", None),
        phase,
        facts: facts(&t, view),
        seats,
        can_request: desk.you.request,
        staff: desk.you.steps,
        messages,
        revealed: view.phase == Some(DrawPhase::Revealed),
        can_rate: desk.you.rate,
        default_from: local_input(desk.slot.0),
        default_to: local_input(desk.slot.1),
        t,
    };
    Ok(render(&page))
}

#[derive(serde::Deserialize)]
pub struct DrawForm {
    csrf: String,
    committee_size: Option<String>,
    quotas: Option<String>,
    region: Option<String>,
    regions: Option<String>,
    from: Option<String>,
    to: Option<String>,
    place: Option<String>,
    complex: Option<String>,
    accept: Option<String>,
    reason: Option<String>,
    seat: Option<String>,
    score: Option<String>,
    note: Option<String>,
}

impl super::session::Csrf for DrawForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `A01.01:3, B02:2` → quotas.
fn parse_quotas(text: &str) -> Option<Vec<Quota>> {
    text.split([',', '，', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|q| {
            let (code, n) = q.split_once([':', '：', '×', 'x'])?;
            Some(Quota {
                specialty: SpecialtyCode::parse(code.trim()).ok()?,
                count: n.trim().parse().ok()?,
            })
        })
        .collect()
}

fn input(form: &DrawForm) -> Option<app::experts::DrawInput> {
    let region_rule = match form.region.as_deref().unwrap_or("any") {
        "inside" => RegionRule::InsideTradeRegion,
        "outside" => RegionRule::OutsideTradeRegion,
        "from" => RegionRule::FromRegions {
            regions: form
                .regions
                .as_deref()
                .unwrap_or("")
                .split([',', '，', ' '])
                .filter(|s| !s.is_empty())
                .map(RegionCode::parse)
                .collect::<Result<_, _>>()
                .ok()?,
        },
        _ => RegionRule::Any,
    };
    Some(app::experts::DrawInput {
        committee_size: form.committee_size.as_deref()?.trim().parse().ok()?,
        tenderer_representatives: 0,
        quotas: parse_quotas(form.quotas.as_deref()?)?,
        region_rule,
        evaluation: TimeRange {
            from: beijing(form.from.as_deref()?)?,
            to: beijing(form.to.as_deref()?)?,
        },
        place: form.place.clone().unwrap_or_default(),
        complex: form.complex.is_some(),
        supervising_orgs: vec![],
        principals: vec![],
    })
}

/// `/trades/{id}/draw/{what}`: the draw's steps and the experts' answers and ratings.
pub const ACTIONS: &[&str] = &["request", "answer", "redraw", "committee", "reveal", "rate"];

pub async fn action(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Path(What { what }): Path<What>,
    form: Result<axum::Form<DrawForm>, FormRejection>,
) -> PageResult {
    let form = action_form(&user, &what, ACTIONS, form)?;
    // An expert answers from its workbench and goes back there.
    let home = if user.actor().role == Role::Expert {
        "/work".to_owned()
    } else {
        format!("/trades/{trade}/draw")
    };
    let fail = |e: PageError| e.back(home.clone());
    let (meta, actor) = (user.meta(), user.actor());
    let bad_input = || fail(PageError::new(Class::Invalid, "draw.invalid_input"));
    let result = match what.as_str() {
        "request" => {
            let input = input(&form).ok_or_else(bad_input)?;
            app::experts::draw(&p, &trade, &input, actor, &meta)
                .await
                .map(drop)
        }
        "answer" => {
            let accept = form.accept.as_deref() == Some("yes");
            let seq = app::experts::answer_invitation(
                &p,
                &trade,
                accept,
                form.reason.clone(),
                actor,
                &meta,
            )
            .await
            .map_err(|e| fail(e.into()))?;
            return Ok(redirect::to(&format!(
                "{home}?done=draw.answered&seq={seq}"
            )));
        }
        "redraw" => app::experts::redraw(&p, &trade, actor, &meta)
            .await
            .map(drop),
        "committee" => app::experts::record_committee(&p, &trade, actor, &meta)
            .await
            .map(drop),
        "reveal" => app::experts::start_evaluation(&p, &trade, actor, &meta).await,
        "rate" => {
            // Seats show 1-based.
            let seat = form
                .seat
                .as_deref()
                .and_then(|s| s.trim().parse::<u32>().ok());
            let score = form
                .score
                .as_deref()
                .and_then(|s| s.trim().parse::<u8>().ok());
            let (Some(seat @ 1..), Some(score)) = (seat, score) else {
                return Err(bad_input());
            };
            let note = form.note.clone().unwrap_or_default();
            app::experts::rate_member(&p, &trade, seat - 1, score, note, actor, &meta).await
        }
        _ => return Err(PageError::not_found()),
    };
    result.map_err(|e| fail(e.into()))?;
    Ok(redirect::to(&format!("{home}?done={what}")))
}

#[derive(Template)]
#[template(path = "draw_check.html")]
pub struct CheckPage {
    pub t: Tr,
    pub back: String,
    pub trade: String,
    pub ok: bool,
    pub problem: String,
    pub facts: Vec<(String, String)>,
    pub picks: Vec<(u32, String, String)>,
}

/// The public re-check: the platform recomputes the published draw here; the JSON and the
/// offline command let anyone do it without trusting the platform.
pub async fn check(
    State(p): State<Shared>,
    ctx: PageContext,
    PageTrade(trade): PageTrade,
) -> PageResult {
    app::queries::announced_state(&p, &trade).await?;
    let published = app::queries::published_draw(&p, &trade)
        .await?
        .ok_or_else(|| PageError::new(Class::NotFound, "draw.not_revealed"))?;
    let t = Tr { lang: ctx.t.lang };
    let d = &published.published;
    let facts = vec![
        (
            t.s("ui.draw.eligible").to_owned(),
            format!("{}", d.pool.len()),
        ),
        (
            t.s("ui.draw.commitment").to_owned(),
            d.commitment.to_string(),
        ),
        (t.s("ui.draw.seed").to_owned(), d.seed.clone()),
        (
            t.s("ui.draw.seed_hash").to_owned(),
            d.seed_sha256.to_string(),
        ),
        (
            t.s("ui.draw.beacon").to_owned(),
            format!(
                "{} (#{} → {})",
                d.beacon, d.commitment_leaf, d.beacon_tree_size
            ),
        ),
        (
            t.s("ui.draw.randomness").to_owned(),
            d.result.randomness.to_string(),
        ),
    ];
    let picks = d
        .result
        .rounds
        .iter()
        .flat_map(|r| {
            r.picks.iter().map(move |p| {
                (
                    r.round,
                    p.specialty.as_str().to_owned(),
                    p.expert.as_str().to_owned(),
                )
            })
        })
        .collect();
    Ok(render(&CheckPage {
        back: ctx.back,
        trade: trade.to_string(),
        ok: published.problem.is_none(),
        problem: published.problem.clone().unwrap_or_default(),
        facts,
        picks,
        t,
    }))
}
