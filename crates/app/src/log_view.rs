//! A trade's log as one caller may read it: the access matrix decides whether the caller may
//! read the trade's log at all, then each event is filtered (bids and document obtainers stay
//! sealed until the opening; a bidder sees only its own bid).
use domain::access::{Action, authorize_on, may_read_event, relation_to_trade};
use domain::{Actor, TradeEvent, TradeId};
use serde::Serialize;

use crate::error::AppError;
use crate::platform::Platform;
use crate::projection::trade_stream;
use crate::stream::decode;

#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub seq: u64,
    pub version: u64,
    pub kind: String,
    pub actor: String,
    pub role: String,
    /// The primary (A) post holder when a backup (B) acted.
    pub on_behalf_of: Option<String>,
    pub at_us: i64,
    pub leaf_hash: String,
    pub event: TradeEvent,
}

pub(crate) fn denied(e: domain::access::Denied) -> AppError {
    AppError::refused(&e)
}

impl Platform {
    /// The events of a trade `actor` may read, in order.
    pub async fn trade_log(&self, id: &str, actor: &Actor) -> Result<Vec<LogEntry>, AppError> {
        let trade = TradeId::parse(id).map_err(|e| AppError::Invalid(e.to_string()))?;
        let state = self.trade_state(&trade).await?;
        let relation = relation_to_trade(actor, &state);
        authorize_on(actor.role, Action::ViewLogFull, &state, relation).map_err(denied)?;
        // The sealed streams are read only for a caller who may read sealed events (after
        // the opening): before it, neither the answer nor its time depends on them.
        let sealed_readable = [Action::ViewBidders, Action::ViewDocumentObtainers]
            .into_iter()
            .any(|a| authorize_on(actor.role, a, &state, relation).is_ok());
        let stored = if sealed_readable {
            self.trade_events(&trade).await?
        } else {
            self.store.load_stream(&trade_stream(&trade)).await?
        };
        let mut entries = Vec::new();
        for s in &stored {
            let event: TradeEvent = decode(s)?;
            if may_read_event(actor.role, &state, relation, &event).is_ok() {
                entries.push(LogEntry {
                    seq: s.seq,
                    version: s.record.version,
                    kind: s.record.kind.clone(),
                    actor: s.record.actor.clone(),
                    role: s.record.role.clone(),
                    on_behalf_of: s.record.on_behalf_of.clone(),
                    at_us: s.record.at_us,
                    leaf_hash: s.leaf_hash.to_hex(),
                    event,
                });
            }
        }
        Ok(entries)
    }
}

impl Platform {
    /// The current tender documents of a trade, for a caller allowed to have them: a bidder
    /// that obtained them this round, or a party or staff who may read the full trade. Returns
    /// the file's name and bytes.
    pub async fn tender_documents(
        &self,
        id: &str,
        actor: &Actor,
    ) -> Result<(String, Vec<u8>), AppError> {
        let trade = TradeId::parse(id).map_err(|e| AppError::Invalid(e.to_string()))?;
        let state = self.trade_state(&trade).await?;
        // Any bidder may have the documents while bidding is open (free, no registration:
        // 电子招标投标办法 第20条; who obtained them is sealed, so it cannot be checked here),
        // and a bidder of the opening record after it.
        let bidding = matches!(
            state.phase,
            domain::trade::Phase::Announced | domain::trade::Phase::ExpertsDrawn
        );
        let bidder = actor.role == domain::Role::Bidder
            && (bidding || relation_to_trade(actor, &state) == domain::Relation::Bidder);
        if !bidder {
            let relation = relation_to_trade(actor, &state);
            // A bidder is told to obtain the documents first (the domain's rule, by its
            // code); anyone else is refused by the matrix.
            authorize_on(actor.role, Action::ViewTradeFull, &state, relation).map_err(|d| {
                if actor.role == domain::Role::Bidder {
                    AppError::rule(
                        "trade.documents_not_obtained",
                        "obtain the tender documents first",
                    )
                } else {
                    AppError::refused(&d)
                }
            })?;
        }
        let file = state
            .round
            .documents
            .as_ref()
            .ok_or_else(|| AppError::not_found("tender documents"))?;
        let bytes = self.blobs.get(file.sha256.as_str())?;
        Ok((file.name.clone(), bytes))
    }
}
