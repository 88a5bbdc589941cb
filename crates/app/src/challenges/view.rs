//! What the publicity page shows, filtered for the caller: the periods with their rules, the
//! filings (who filed only for the filer, the parties, staff and supervisors), the notice.

use domain::access::{Relation, relation_to_trade};
use domain::{Actor, Role, TradeId, TradeState, UnifiedSocialCreditCode};
use evaluation::challenge::{ChallengeBook, Regime, TradeFacts};
use serde::Serialize;
use time::OffsetDateTime;

use super::facts;
use super::filings_view::{FilingView, filing_view};
use super::periods_view::{PeriodView, trade_periods};
use crate::error::AppError;
use crate::platform::Platform;

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
    let you = abilities(actor, rel, &state, &f, &book);
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

/// What `actor` may do on the publicity page, by its relation to the trade and the phase.
fn abilities(
    actor: &Actor,
    rel: Relation,
    state: &TradeState,
    f: &TradeFacts,
    book: &ChallengeBook,
) -> Abilities {
    let award = state.round.award.as_ref();
    let bidder = actor.role == Role::Bidder && actor.org.is_some();
    let published = f.published.is_some();
    Abilities {
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
    }
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
