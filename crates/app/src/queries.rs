//! Reads for the API: trade summaries and the public timeline.
use domain::{TradeEvent, TradeId};
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
