//! Trades as summaries: the trades a caller may see, one trade's summary, the public
//! timeline, the staff queues and the portal's search. Every row is the typed
//! [`TradeSummary`] the trade projection stores.
use domain::queue::WorkItem;
use domain::trade::Phase;
use domain::{Actor, TradeEvent, TradeId, TradeSummary};
use serde::Serialize;

use crate::error::AppError;
use crate::platform::Platform;
use crate::projection::trade_stream;
use crate::stream::decode;

/// One public step of a trade, with where it sits in the log (so anyone can ask for its proof).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TimelineEntry {
    pub seq: u64,
    pub version: u64,
    pub kind: String,
    pub role: String,
    pub at_us: i64,
    pub leaf_hash: String,
    pub event: TradeEvent,
}

/// Whether `actor` may see a trade at all. A trade is public from its first announcement on
/// (also after a re-tender); before it only those who may read the full trade see it (the
/// access matrix's `view_trade_full` row: staff, supervisors, the tenderer and its agency),
/// and to everyone else it does not exist.
pub fn visible_to(summary: &TradeSummary, actor: &Actor) -> bool {
    // Published now, or in an earlier round (a re-tender follows a published failure).
    if summary.announced_at.is_some() || summary.round > 1 {
        return true;
    }
    let relation = domain::access::relation_to_summary(actor, summary);
    domain::access::authorize(
        actor.role,
        domain::Action::ViewTradeFull,
        Some(summary.phase),
        relation,
    )
    .is_ok()
}

/// Every trade's summary, as the trade projection holds it (unfiltered: for the app's own
/// use and for callers that filter with [`visible_to`]).
pub async fn summaries(p: &Platform) -> Result<Vec<TradeSummary>, AppError> {
    p.store
        .projections("trade")
        .await?
        .into_iter()
        .map(|row| {
            serde_json::from_value(row.doc)
                .map_err(|e| AppError::Corrupt(format!("projection trade/{}: {e}", row.key)))
        })
        .collect()
}

/// The trades `actor` may see (see [`visible_to`]).
pub async fn trades_for(p: &Platform, actor: &Actor) -> Result<Vec<TradeSummary>, AppError> {
    Ok(summaries(p)
        .await?
        .into_iter()
        .filter(|s| visible_to(s, actor))
        .collect())
}

/// One trade's summary for `actor`; not found if it may not see it.
pub async fn trade_for(
    p: &Platform,
    id: &TradeId,
    actor: &Actor,
) -> Result<TradeSummary, AppError> {
    let summary = summary(p, id).await?;
    if visible_to(&summary, actor) {
        Ok(summary)
    } else {
        Err(AppError::not_found(format!("trade {id}")))
    }
}

/// One trade's summary, unfiltered.
pub async fn summary(p: &Platform, id: &TradeId) -> Result<TradeSummary, AppError> {
    let doc = p
        .store
        .projection("trade", id.as_str())
        .await?
        .ok_or_else(|| AppError::not_found(format!("trade {id}")))?;
    serde_json::from_value(doc)
        .map_err(|e| AppError::Corrupt(format!("projection trade/{id}: {e}")))
}

/// The events of a trade that the public may see, in order.
pub async fn public_timeline(
    p: &Platform,
    trade: &TradeId,
) -> Result<Vec<TimelineEntry>, AppError> {
    let stored = p.store.load_stream(&trade_stream(trade)).await?;
    if stored.is_empty() {
        return Err(AppError::not_found(format!("trade {trade}")));
    }
    let mut entries = Vec::new();
    for s in &stored {
        let event: TradeEvent = decode(s)?;
        if event.is_public() {
            entries.push(TimelineEntry {
                seq: s.seq,
                version: s.record.version,
                kind: s.record.kind.clone(),
                role: s.record.role.clone(),
                at_us: s.record.at_us,
                leaf_hash: s.leaf_hash.to_hex(),
                event,
            });
        }
    }
    Ok(entries)
}

/// The staff work queues: which trades wait for which step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Registered, waiting for acceptance (node 1).
    Acceptance,
    /// Accepted (or back after a re-tender), waiting for rooms (node 2).
    Venue,
}

/// A work queue in the order staff work through it: green channel first (domain::queue).
pub async fn queue(p: &Platform, queue: Queue) -> Result<Vec<TradeSummary>, AppError> {
    let phase = match queue {
        Queue::Acceptance => Phase::Registered,
        Queue::Venue => Phase::Accepted,
    };
    let mut items = Vec::new();
    for summary in summaries(p).await? {
        if summary.phase != phase {
            continue;
        }
        let (Some(trade), Some(since)) = (
            summary.id.clone(),
            summary.accepted_at.or(summary.registered_at),
        ) else {
            continue;
        };
        let requested_at = if queue == Queue::Acceptance {
            summary.registered_at.unwrap_or(since)
        } else {
            since
        };
        items.push((
            WorkItem {
                trade,
                green_channel: summary.green_channel,
                requested_at,
            },
            summary,
        ));
    }
    let mut work: Vec<WorkItem> = items.iter().map(|(w, _)| w.clone()).collect();
    domain::queue::order(&mut work);
    let mut by_id: std::collections::BTreeMap<_, _> =
        items.into_iter().map(|(w, s)| (w.trade, s)).collect();
    Ok(work
        .into_iter()
        .filter_map(|w| by_id.remove(&w.trade))
        .collect())
}

/// What the public portal searches by. Empty fields match everything.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PublicFilter {
    /// Words in the title, or the trade id.
    pub q: Option<String>,
    pub line: Option<domain::BusinessLine>,
    pub method: Option<domain::Method>,
    /// Region code prefix: "33" matches the whole province, "330100" one city.
    pub region: Option<String>,
    /// "open" (bids being received), "ongoing" (opened, not yet ended), "ended".
    pub status: Option<String>,
    /// Announcement date range, Beijing dates `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
}

fn ended(phase: Phase) -> bool {
    matches!(
        phase,
        Phase::Confirmed | Phase::Cancelled | Phase::Failed | Phase::Rejected
    )
}

impl PublicFilter {
    fn matches(&self, s: &TradeSummary) -> bool {
        let Some(announced) = s.announced_at else {
            return false; // not announced yet: not public
        };
        let day = legal_time::beijing_date(announced).to_string();
        let q_ok = self
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .is_none_or(|q| {
                s.title.contains(q)
                    || s.id
                        .as_ref()
                        .is_some_and(|id| id.as_str().eq_ignore_ascii_case(q))
            });
        let region_ok = self
            .region
            .as_deref()
            .filter(|r| !r.is_empty())
            .is_none_or(|r| {
                s.region
                    .as_ref()
                    .is_some_and(|code| code.as_str().starts_with(r))
            });
        let status_ok = match self.status.as_deref().unwrap_or("") {
            "open" => matches!(s.phase, Phase::Announced | Phase::ExpertsDrawn),
            "ongoing" => s.opened_at.is_some() && !ended(s.phase),
            "ended" => ended(s.phase),
            _ => true,
        };
        q_ok && region_ok
            && status_ok
            && self.line.is_none_or(|l| s.line == Some(l))
            && self.method.is_none_or(|m| s.method == Some(m))
            && self
                .from
                .as_deref()
                .filter(|d| !d.is_empty())
                .is_none_or(|d| day.as_str() >= d)
            && self
                .to
                .as_deref()
                .filter(|d| !d.is_empty())
                .is_none_or(|d| day.as_str() <= d)
    }
}

/// Announced trades matching `filter`, newest announcement first.
pub async fn public_trades(
    p: &Platform,
    filter: &PublicFilter,
) -> Result<Vec<TradeSummary>, AppError> {
    let mut found: Vec<TradeSummary> = summaries(p)
        .await?
        .into_iter()
        .filter(|s| filter.matches(s))
        .collect();
    found.sort_by(|a, b| {
        b.announced_at
            .cmp(&a.announced_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(found)
}
