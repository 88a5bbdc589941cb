//! The workbench's to-do list (待办事项): what this person must do, each with its due date
//! from the rule table ([`domain::MethodRules`], counted by `legal-time`) and whether it is
//! overdue. Pages render these rows; they compute nothing.
use domain::trade::Phase;
use domain::{Actor, Role, TradeId, TradeSummary};
use legal_time::{Date, OffsetDateTime, beijing_date};

use crate::error::AppError;
use crate::platform::Platform;

/// What kind of work a to-do is; `as_str` is its catalogue key suffix (`todo.<key>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodoKind {
    /// Staff: accept or reject a registered entry.
    Entry,
    /// Staff: book the opening and evaluation rooms.
    Booking,
    /// Staff: a deferred document (容缺) still to come.
    Deferred,
    /// Staff: draw the committee before the evaluation.
    Draw,
    /// Staff: hold the opening at the bid deadline.
    Opening,
    /// Staff: a room booked in the coming days.
    Room,
    /// Staff: a deposit refund past its due date.
    Refund,
    /// Tenderer or agency: publish the candidates or the result.
    Publish,
    /// Tenderer: decide the award.
    Award,
    /// Bidder: submit a bid on documents it obtained.
    Bid,
    /// Bidder: answer the committee's clarification request.
    Clarification,
    /// Bidder: a result in its publicity period (the time to challenge it).
    Result,
}

impl TodoKind {
    pub fn as_str(self) -> &'static str {
        use TodoKind::*;
        match self {
            Entry => "entry",
            Booking => "booking",
            Deferred => "deferred",
            Draw => "draw",
            Opening => "opening",
            Room => "room",
            Refund => "refund",
            Publish => "publish",
            Award => "award",
            Bid => "bid",
            Clarification => "clarification",
            Result => "result",
        }
    }
}

/// When a to-do falls due: the last day of a limit counted in days, or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Day(Date),
    At(OffsetDateTime),
}

impl Due {
    fn passed(self, now: OffsetDateTime) -> bool {
        match self {
            Due::Day(d) => beijing_date(now) > d,
            Due::At(t) => now > t,
        }
    }

    /// For sorting: the instant the to-do falls due.
    fn instant(self) -> OffsetDateTime {
        match self {
            Due::Day(d) => legal_time::beijing_midnight(d.next_day().unwrap_or(d)),
            Due::At(t) => t,
        }
    }
}

/// One thing to do.
#[derive(Debug, Clone)]
pub struct Todo {
    pub kind: TodoKind,
    pub trade: TradeId,
    pub title: String,
    /// What exactly (a document's name, a room, a bidder's name, a question); may be empty.
    pub detail: String,
    pub due: Option<Due>,
    /// The article that sets the due date, when a rule does.
    pub article: Option<&'static str>,
    pub overdue: bool,
}

/// The caller's to-dos, soonest due first (those without a due date last).
pub async fn todos(p: &Platform, actor: &Actor) -> Result<Vec<Todo>, AppError> {
    let all = super::summaries(p).await?;
    let now = p.clock.now();
    let mut list = match actor.role {
        Role::CenterStaff => super::todo_desks::staff(p, actor, &all, now).await?,
        Role::Tenderer | Role::Agency => party(p, actor, &all, now),
        Role::Bidder => super::todo_desks::bidder(p, actor, &all, now).await?,
        _ => Vec::new(),
    };
    for t in &mut list {
        t.overdue = t.due.is_some_and(|d| d.passed(now));
    }
    list.sort_by_key(|t| (t.due.is_none(), t.due.map(Due::instant)));
    Ok(list)
}

/// A to-do on `s` (overdue is set by [`todos`]).
pub(super) fn todo(kind: TodoKind, s: &TradeSummary, due: Option<Due>) -> Option<Todo> {
    Some(Todo {
        kind,
        trade: s.id.clone()?,
        title: s.title.clone(),
        detail: String::new(),
        due,
        article: None,
        overdue: false,
    })
}

/// The tenderer's or agency's: publishing the evaluation's outcome and deciding the award,
/// due within the periods the method's rules set from the report (or the award).
fn party(p: &Platform, actor: &Actor, all: &[TradeSummary], now: OffsetDateTime) -> Vec<Todo> {
    let org = actor.org.as_deref().unwrap_or_default();
    let mine = all.iter().filter(|s| {
        s.tenderer.as_ref().is_some_and(|c| c.as_str() == org)
            || s.agency.as_ref().is_some_and(|c| c.as_str() == org)
    });
    let mut out = Vec::new();
    for s in mine {
        let Some(rules) = s
            .line
            .zip(s.method)
            .and_then(|(l, m)| domain::rules_for(l, m).ok())
        else {
            continue;
        };
        let within = |from: Option<OffsetDateTime>, limit: legal_time::Period| {
            from.and_then(|at| {
                rules
                    .within_last_day(&p.calendar, beijing_date(at), limit)
                    .ok()
            })
            .map(Due::Day)
        };
        let publish_from = match rules.result {
            domain::ResultKind::CandidatesPublicity => {
                (s.phase == Phase::Evaluated).then_some(s.evaluated_at)
            }
            domain::ResultKind::ResultAnnouncement => {
                (s.phase == Phase::Awarded).then_some(s.awarded_at)
            }
        };
        if let Some(from) = publish_from {
            let due = within(from, rules.publish_within.value);
            out.extend(todo(TodoKind::Publish, s, due).map(|t| Todo {
                article: Some(rules.publish_within.article),
                ..t
            }));
        }
        let award = match rules.result {
            // Once the publicity has ended; no rule sets a last day for the decision.
            domain::ResultKind::CandidatesPublicity => (s.phase == Phase::Publicized
                && s.publicity_until.is_some_and(|u| now >= u))
            .then_some(None),
            domain::ResultKind::ResultAnnouncement => (s.phase == Phase::Evaluated).then(|| {
                rules.decide_within.and_then(|limit| {
                    within(s.evaluated_at, limit.value).map(|d| (d, limit.article))
                })
            }),
        };
        if let Some(due) = award {
            out.extend(todo(TodoKind::Award, s, due.map(|d| d.0)).map(|t| Todo {
                article: due.map(|d| d.1),
                ..t
            }));
        }
    }
    out
}
