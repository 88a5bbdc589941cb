//! Reads for the API: trade summaries and the public timeline.
use domain::queue::WorkItem;
use domain::trade::Phase;
use domain::{TradeEvent, TradeId, TradeSummary};
use serde::Serialize;
use serde_json::Value;

use crate::error::AppError;
use crate::platform::Platform;
use crate::projection::trade_stream;
use crate::stream::decode;

/// One public step of a trade, with where it sits in the log (so anyone can ask for its proof).
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub seq: u64,
    pub version: u64,
    pub kind: String,
    pub role: String,
    pub at_us: i64,
    pub leaf_hash: String,
    pub event: TradeEvent,
}

impl Platform {
    pub async fn trades(&self) -> Result<Vec<Value>, AppError> {
        Ok(self
            .store
            .projections("trade")
            .await?
            .into_iter()
            .map(|r| r.doc)
            .collect())
    }

    pub async fn trade(&self, id: &str) -> Result<Value, AppError> {
        self.store
            .projection("trade", id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("trade {id}")))
    }

    /// The events of a trade that the public may see, in order.
    pub async fn public_timeline(&self, id: &str) -> Result<Vec<TimelineEntry>, AppError> {
        let trade = TradeId::parse(id).map_err(|e| AppError::Invalid(e.to_string()))?;
        let stored = self.store.load_stream(&trade_stream(&trade)).await?;
        if stored.is_empty() {
            return Err(AppError::not_found(format!("trade {id}")));
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
}

/// The staff work queues: which trades wait for which step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Registered, waiting for acceptance (node 1).
    Acceptance,
    /// Accepted (or back after a re-tender), waiting for rooms (node 2).
    Venue,
}

impl Platform {
    /// A work queue in the order staff work through it: green channel first (domain::queue).
    pub async fn queue(&self, queue: Queue) -> Result<Vec<TradeSummary>, AppError> {
        let phase = match queue {
            Queue::Acceptance => Phase::Registered,
            Queue::Venue => Phase::Accepted,
        };
        let mut items = Vec::new();
        for row in self.store.projections("trade").await? {
            let summary: TradeSummary = serde_json::from_value(row.doc)
                .map_err(|e| AppError::Corrupt(format!("projection trade/{}: {e}", row.key)))?;
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
}
