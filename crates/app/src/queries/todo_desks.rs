//! The staff's and the bidder's to-dos (see [`super::todos`]).
use domain::trade::Phase;
use domain::venue::RoomPurpose;
use domain::{Actor, TradeId, TradeSummary};
use legal_time::{Duration, OffsetDateTime};

use super::todos::{Due, Todo, TodoKind, todo};
use crate::error::AppError;
use crate::platform::Platform;

/// Rooms booked within this many days ahead are the staff's to-dos.
const ROOMS_AHEAD_DAYS: i64 = 7;

fn with_detail(t: Option<Todo>, detail: String, article: Option<&'static str>) -> Option<Todo> {
    t.map(|t| Todo {
        detail,
        article,
        ..t
    })
}

fn rules(s: &TradeSummary) -> Option<&'static domain::MethodRules> {
    s.line
        .zip(s.method)
        .and_then(|(l, m)| domain::rules_for(l, m).ok())
}

/// Staff: entries to accept (by the acceptance limit), rooms to book, deferred documents,
/// committees to draw (by the evaluation), openings (at the deadline), rooms in use soon,
/// refunds overdue.
pub(super) async fn staff(
    p: &Platform,
    actor: &Actor,
    all: &[TradeSummary],
    now: OffsetDateTime,
) -> Result<Vec<Todo>, AppError> {
    let mut out = Vec::new();
    for s in all {
        let article = rules(s).map(|r| r.opening_at_deadline_article);
        match s.phase {
            Phase::Registered => out.extend(todo(TodoKind::Entry, s, s.accept_by.map(Due::Day))),
            Phase::Accepted => out.extend(todo(TodoKind::Booking, s, None)),
            Phase::Announced if s.experts_drawn_at.is_none() => {
                let due = s.venue.as_ref().map(|v| Due::At(v.evaluation_from));
                out.extend(todo(TodoKind::Draw, s, due));
            }
            _ => {}
        }
        if matches!(s.phase, Phase::Announced | Phase::ExpertsDrawn) && s.opened_at.is_none() {
            let due = s.bid_deadline.map(Due::At);
            out.extend(with_detail(
                todo(TodoKind::Opening, s, due),
                String::new(),
                article,
            ));
        }
        for d in s
            .deferred_documents
            .iter()
            .filter(|d| d.submitted_at.is_none())
        {
            let t = todo(TodoKind::Deferred, s, Some(Due::Day(d.due)));
            out.extend(with_detail(t, d.name.clone(), None));
        }
    }
    let soon = now + Duration::days(ROOMS_AHEAD_DAYS);
    for b in super::calendar(p, now)
        .await?
        .into_iter()
        .filter(|b| b.from <= soon)
    {
        let Some(s) = all.iter().find(|s| s.id.as_ref() == Some(&b.trade)) else {
            continue;
        };
        let purpose = match b.purpose {
            RoomPurpose::Opening => "opening",
            RoomPurpose::Evaluation => "evaluation",
        };
        let t = todo(TodoKind::Room, s, Some(Due::At(b.from)));
        out.extend(with_detail(t, format!("{}|{purpose}", b.room), None));
    }
    for r in super::overdue_refunds(p, actor).await? {
        let Ok(id) = TradeId::parse(&r.trade) else {
            continue;
        };
        let title = all
            .iter()
            .find(|s| s.id.as_ref() == Some(&id))
            .map(|s| s.title.clone())
            .unwrap_or_default();
        out.push(Todo {
            kind: TodoKind::Refund,
            trade: id,
            title,
            detail: r.bidder,
            due: Some(Due::Day(r.due)),
            article: None,
            overdue: true,
        });
    }
    Ok(out)
}

/// A bidder: bids to submit on documents it obtained (by the deadline), the committee's
/// clarification requests addressed to it, and results in publicity on trades it bid in.
pub(super) async fn bidder(
    p: &Platform,
    actor: &Actor,
    all: &[TradeSummary],
    now: OffsetDateTime,
) -> Result<Vec<Todo>, AppError> {
    let Some(org) = actor.org.as_deref() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for s in all {
        let Some(id) = s.id.as_ref() else { continue };
        let bid_in = s.opened_bidders.iter().any(|b| b.as_str() == org);
        if matches!(s.phase, Phase::Announced | Phase::ExpertsDrawn)
            && s.bid_deadline.is_some_and(|d| now < d)
        {
            // Who obtained the documents is sealed from everyone else, not from the bidder.
            let state = p.trade_state(id).await?;
            if state.round.obtainers.keys().any(|b| b.as_str() == org) {
                let article = rules(s).map(|r| r.opening_at_deadline_article);
                let t = todo(TodoKind::Bid, s, s.bid_deadline.map(Due::At));
                out.extend(with_detail(t, String::new(), article));
            }
        }
        if bid_in && s.phase == Phase::Opened {
            let (_, room) = p.room_state(id).await?;
            for c in room
                .clarifications
                .iter()
                .filter(|c| c.bidder.as_str() == org && c.answer.is_none())
            {
                let t = todo(TodoKind::Clarification, s, Some(Due::At(c.due)));
                out.extend(with_detail(t, c.question.clone(), None));
            }
        }
        if bid_in && s.phase == Phase::Publicized {
            let article = rules(s).map(|r| r.publicity_lasts.article);
            let due = s.publicity_until.map(Due::At);
            // Not overdue once the publicity ended: the result simply stands.
            if s.publicity_until.is_some_and(|u| now < u) {
                out.extend(with_detail(
                    todo(TodoKind::Result, s, due),
                    String::new(),
                    article,
                ));
            }
        }
    }
    Ok(out)
}
