//! The periods the publicity page shows: the trade's, and the supervisor's from a complaint,
//! each with its rule (computed by `evaluation::periods`).
use domain::TradeState;
use evaluation::challenge::{ChallengeBook, FilingKind, Regime, TradeFacts, Window};
use evaluation::periods::{self, ChallengeStart, Deadline};
use legal_time::beijing_date;
use serde::Serialize;
use time::OffsetDateTime;

/// A period shown on the publicity page: what, the rule, its last day and end.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PeriodView {
    pub what: String,
    pub rule: String,
    pub source: String,
    pub last_day: String,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    /// The act it limits is done (published, decided...).
    pub done: bool,
}

impl PeriodView {
    pub(super) fn of(d: &Deadline, done: bool) -> PeriodView {
        PeriodView::window(&Window::from(d), done)
    }
    pub(super) fn window(w: &Window, done: bool) -> PeriodView {
        PeriodView {
            what: w.what.clone(),
            rule: w.rule.clone(),
            source: w.source.clone(),
            last_day: w.last_day.to_string(),
            ends_at: w.ends_at,
            done,
        }
    }
}

/// The periods of the trade, done or not, with their rules.
pub(super) fn trade_periods(
    cal: &legal_time::Calendar,
    state: &TradeState,
    facts: &TradeFacts,
    book: &ChallengeBook,
) -> Vec<PeriodView> {
    let ext = domain::methods::WITHIN_EXTENSION;
    let report = state.round.evaluation.as_ref().map(|e| beijing_date(e.at));
    let decided = state.round.award.as_ref().map(|a| beijing_date(a.at));
    let mut out = Vec::new();
    let mut push = |d: Result<Deadline, evaluation::EvalError>, done: bool| {
        if let Ok(d) = d {
            out.push(PeriodView::of(&d, done));
        }
    };
    match facts.regime {
        Regime::Construction => {
            if let Some(r) = report {
                push(
                    periods::candidates_publish_by(cal, r, ext),
                    facts.published.is_some(),
                );
            }
            if let Some(p) = facts.published {
                push(periods::candidates_publicity_end(cal, p), false);
                push(
                    periods::objection_window(cal, p, facts.publicity_until),
                    false,
                );
            }
            if let Some(d) = decided {
                push(periods::supervisor_report_due(cal, d, ext), false);
            }
        }
        Regime::Procurement => {
            if let Some(r) = report {
                push(periods::award_decision_due(cal, r), decided.is_some());
            }
            if let Some(d) = decided {
                push(
                    periods::result_publish_by(cal, d),
                    facts.published.is_some(),
                );
            }
            if let Some(p) = facts.published {
                push(periods::announcement_end(cal, p), false);
                push(
                    periods::challenge_due(cal, ChallengeStart::ResultPublished(p)),
                    false,
                );
            }
        }
    }
    if let Some(n) = &book.notice {
        push(periods::contract_due(cal, beijing_date(n.at), ext), false);
    }
    out
}

/// The supervisor's limits from a complaint received at `at` (the rules are
/// `evaluation::periods`'): objections are construction's, challenges procurement's.
pub(super) fn supervisor_limits(
    kind: FilingKind,
    at: OffsetDateTime,
    cal: &legal_time::Calendar,
    handled: bool,
) -> Vec<PeriodView> {
    let construction = kind == FilingKind::Objection;
    let received = beijing_date(at);
    [
        (
            periods::complaint_acceptance_due(cal, construction, received),
            handled,
        ),
        (
            periods::complaint_decision_due(cal, construction, received),
            false,
        ),
    ]
    .into_iter()
    .filter_map(|(due, done)| Some(PeriodView::of(&due.ok()?, done)))
    .collect()
}
