//! What the publicity page shows, filtered for the caller: the periods with their rules, the
//! filings (who filed only for the filer, the parties, staff and supervisors), the notice.

use domain::access::{Relation, relation_to_trade};
use domain::{Actor, Role, TradeId, TradeState, UnifiedSocialCreditCode};
use evaluation::challenge::{
    ChallengeBook, Filing, FilingKind, Handling, Regime, Subject, TradeFacts, Window,
};
use evaluation::periods::{self, ChallengeStart, Deadline};
use legal_time::beijing_date;
use serde::Serialize;
use time::OffsetDateTime;

use super::facts;
use crate::error::AppError;
use crate::platform::Platform;

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
    fn of(d: &Deadline, done: bool) -> PeriodView {
        PeriodView::window(&Window::from(d), done)
    }
    fn window(w: &Window, done: bool) -> PeriodView {
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

/// A filing as the caller may see it (`org`, `person` only for those who may know who filed).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FilingView {
    pub number: u32,
    pub kind: FilingKind,
    pub subject: Subject,
    pub org: Option<String>,
    pub person: Option<String>,
    pub text: String,
    pub window: PeriodView,
    pub reply_due: PeriodView,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub reply: Option<ReplyView>,
    pub complaint: Option<ComplaintView>,
    /// The caller filed it.
    pub yours: bool,
    /// The caller may complain about it now (its filer, no complaint yet).
    pub may_complain: bool,
    /// The complaint window, once it can be computed.
    pub complaint_due: Option<PeriodView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReplyView {
    pub text: String,
    pub late: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplaintView {
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub window: PeriodView,
    /// `accept`, `suspend`, `dismiss` in order, with the supervisor's note.
    pub handling: Vec<(Handling, String)>,
    pub dismissed: bool,
    /// The supervisor's own limits: decide whether to accept (construction: 3 个工作日,
    /// 招标投标法实施条例 第61条; procurement: review within 5 个工作日, 政府采购法 第56条) and
    /// decide (30 个工作日, both; time for testing or experts excluded, not counted here).
    pub handling_due: Vec<PeriodView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    pub winner: String,
    pub notice_sha256: String,
    pub notified: usize,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The caller may read the notice itself.
    pub readable: bool,
}

/// What the caller may do on the publicity page.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Abilities {
    pub file: bool,
    pub reply: bool,
    pub handle: bool,
    pub issue_notice: bool,
    /// The tenderer may decide the award now (rank 1, or another candidate with a reason).
    pub decide_award: bool,
    /// The tenderer or agency may publish the result now: the candidates once evaluated
    /// (construction), the result once awarded (procurement).
    pub publish_result: bool,
}

/// The publicity page's data.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicityView {
    pub trade: String,
    pub regime: Regime,
    pub phase: String,
    pub version: u64,
    pub published: Option<String>,
    /// Ranked candidates (construction) or all candidates (procurement), once published or
    /// for the parties.
    pub candidates: Vec<String>,
    pub winner: Option<String>,
    pub award_reason: Option<String>,
    pub award_rank: Option<u32>,
    pub periods: Vec<PeriodView>,
    pub filings: Vec<FilingView>,
    pub notice: Option<NoticeView>,
    /// Construction objections awaiting their reply: the process pauses (条例 第54条).
    pub paused_by: Vec<u32>,
    pub you: Abilities,
}

pub(super) fn insider(actor: &Actor, rel: Relation) -> bool {
    matches!(
        actor.role,
        Role::CenterStaff | Role::Supervisor | Role::Platform
    ) || matches!(rel, Relation::Tenderer | Relation::Agency)
}

pub(super) fn is_org(actor: &Actor, code: &UnifiedSocialCreditCode) -> bool {
    actor
        .org
        .as_deref()
        .is_some_and(|o| code.as_str().eq_ignore_ascii_case(o))
}

/// The periods of the trade, done or not, with their rules.
fn trade_periods(
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

fn filing_view(
    x: &Filing,
    actor: &Actor,
    inside: bool,
    facts: &TradeFacts,
    cal: &legal_time::Calendar,
    now: OffsetDateTime,
) -> FilingView {
    let yours = actor.role == Role::Bidder && is_org(actor, &x.org);
    let who = inside || yours;
    let complaint_due = ChallengeBook::complaint_window(facts, x, cal)
        .ok()
        .map(|d| PeriodView::of(&d, x.complaint.is_some()));
    FilingView {
        number: x.number,
        kind: x.kind,
        subject: x.subject,
        org: who.then(|| x.org.to_string()),
        person: who.then(|| x.person.clone()),
        text: x.text.clone(),
        window: PeriodView::window(&x.window, true),
        reply_due: PeriodView::window(&x.reply_due, x.reply.is_some()),
        at: x.at,
        reply: x.reply.as_ref().map(|r| ReplyView {
            text: r.text.clone(),
            late: r.late,
            at: r.at,
        }),
        complaint: x.complaint.as_ref().map(|c| ComplaintView {
            text: c.text.clone(),
            at: c.at,
            window: PeriodView::window(&c.window, true),
            handling: c
                .handling
                .iter()
                .map(|h| (h.decision, h.note.clone()))
                .collect(),
            dismissed: c.dismissed(),
            handling_due: supervisor_limits(x.kind, c.at, cal, !c.handling.is_empty()),
        }),
        yours,
        may_complain: yours
            && x.complaint.is_none()
            && (x.reply.is_some() || now >= x.reply_due.ends_at),
        complaint_due,
    }
}

/// The supervisor's limits from a complaint received at `at` (the rules are
/// `evaluation::periods`'): objections are construction's, challenges procurement's.
fn supervisor_limits(
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

/// The publicity page's data as `actor` may see it.
pub async fn publicity(
    p: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<PublicityView, AppError> {
    let state = p.trade_state(trade).await?;
    let f = facts(trade, &state)?;
    let (book, version) = p.load_book(trade).await?;
    let rel = relation_to_trade(actor, &state);
    let inside = insider(actor, rel);
    // Before its announcement a trade is not public (as on the portal).
    if state.round.announced_at.is_none() && !inside {
        return Err(AppError::not_found(format!("trade {trade}")));
    }
    let now = p.clock.now();
    let cal = &p.calendar;
    let filings = book
        .filings
        .iter()
        .map(|x| filing_view(x, actor, inside, &f, cal, now))
        .collect();
    let shown = f.published.is_some() || inside;
    let evaluation = state.round.evaluation.as_ref();
    let award = state.round.award.as_ref();
    let notice = book.notice.as_ref().map(|n| NoticeView {
        winner: n.winner.to_string(),
        notice_sha256: n.notice_sha256.clone(),
        notified: n.notified.len(),
        at: n.at,
        readable: inside || is_org(actor, &n.winner),
    });
    let bidder = actor.role == Role::Bidder && actor.org.is_some();
    let published = f.published.is_some();
    let you = Abilities {
        file: bidder && published && (f.regime == Regime::Construction || rel == Relation::Bidder),
        reply: matches!(rel, Relation::Tenderer | Relation::Agency) && !book.filings.is_empty(),
        handle: actor.role == Role::Supervisor,
        issue_notice: matches!(rel, Relation::Tenderer | Relation::Agency)
            && award.is_some()
            && book.notice.is_none(),
        decide_award: rel == Relation::Tenderer
            && award.is_none()
            && match f.regime {
                Regime::Construction => state.phase == domain::trade::state::Phase::Publicized,
                Regime::Procurement => state.phase == domain::trade::state::Phase::Evaluated,
            },
        publish_result: matches!(rel, Relation::Tenderer | Relation::Agency)
            && !published
            && match f.regime {
                Regime::Construction => state.phase == domain::trade::state::Phase::Evaluated,
                Regime::Procurement => state.phase == domain::trade::state::Phase::Awarded,
            },
    };
    Ok(PublicityView {
        trade: trade.to_string(),
        regime: f.regime,
        phase: state.phase.as_str().to_owned(),
        version,
        published: f.published.map(|d| d.to_string()),
        candidates: match evaluation {
            Some(e) if shown => e.ranked.iter().map(|c| c.to_string()).collect(),
            _ => Vec::new(),
        },
        winner: award
            .filter(|_| shown || book.notice.is_some())
            .map(|a| a.winner.to_string()),
        award_reason: award.and_then(|a| a.reason.clone()).filter(|_| shown),
        award_rank: award.map(|a| a.rank).filter(|_| shown),
        periods: trade_periods(cal, &state, &f, &book),
        filings,
        notice,
        paused_by: book.pending_objections(now),
        you,
    })
}

/// The notice of award (HTML) for those who may read it; others get "not found".
pub async fn award_notice(
    p: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<Vec<u8>, AppError> {
    let state = p.trade_state(trade).await?;
    let (book, _) = p.load_book(trade).await?;
    let missing = || AppError::not_found(format!("notice of award of {trade}"));
    let notice = book.notice.as_ref().ok_or_else(missing)?;
    let rel = relation_to_trade(actor, &state);
    if !(insider(actor, rel) || is_org(actor, &notice.winner)) {
        return Err(missing());
    }
    Ok(p.blobs.get(&notice.notice_sha256)?)
}
