//! What a caller may learn of a trade without a right to its sealed parts (issue #12).
//!
//! * Reads judge a trade by its own stream only ([`Platform::trade_state`]): the sealed
//!   streams (`sealed:<trade>/…`: bids, withdrawals, obtainings) are never read to answer a
//!   query, so no answer's size, time or error depends on how many there are. Commands still
//!   load everything (`load_trade`); the opening publishes the count (`OpeningStarted`).
//! * A trade that a caller may not see (before its announcement: everyone but staff,
//!   supervisors and its own parties) answers every route exactly like a trade that does not
//!   exist: [`Platform::sight`] tells the web layer which it is, and
//!   [`Platform::as_seen_by`] makes a command on a hidden trade meet the empty state a
//!   missing trade has.

use domain::{Actor, TradeCommand, TradeId, TradeState};

use crate::error::AppError;
use crate::platform::Platform;
use crate::projection::trade_stream;
use crate::queries::visible_to;
use crate::stream::{Loaded, fold};
use crate::trades::LoadedTrade;

/// How a trade looks to one caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// The caller may see it.
    Visible,
    /// No trade has this id.
    Missing,
    /// It exists, but the caller may not know that: answer as for [`Sight::Missing`].
    Hidden,
}

impl Sight {
    pub fn seen(self) -> bool {
        self == Sight::Visible
    }
}

/// Whether `actor` may see a trade in `state` (the rule of [`visible_to`], on the state).
fn sees(state: &TradeState, actor: &Actor) -> bool {
    visible_to(&state.summary(), actor)
}

impl Platform {
    /// The trade as its own stream tells it: public and party steps, the opening key, the
    /// opening's count once it started, the opening record. No sealed stream is read, so the
    /// state has no sealed bid (`round.bids`, `used_handles` and `sealed_obtains` are empty):
    /// commands, which need them, load the whole trade. Not found if it has no events.
    pub async fn trade_state(&self, trade: &TradeId) -> Result<TradeState, AppError> {
        let loaded = self.public_trade(trade).await?;
        if loaded.version == 0 {
            return Err(AppError::not_found(format!("trade {trade}")));
        }
        Ok(loaded.state)
    }

    /// [`Platform::trade_state`] with the trade stream's version (0: no such trade).
    pub(crate) async fn public_trade(
        &self,
        trade: &TradeId,
    ) -> Result<Loaded<TradeState>, AppError> {
        fold(&self.store.load_stream(&trade_stream(trade)).await?)
    }

    /// How trade `id` looks to `actor`: visible, missing, or hidden from it.
    pub async fn sight(&self, id: &TradeId, actor: &Actor) -> Result<Sight, AppError> {
        match self.store.projection("trade", id.as_str()).await? {
            None => Ok(Sight::Missing),
            Some(doc) => {
                let summary: domain::TradeSummary = serde_json::from_value(doc)
                    .map_err(|e| AppError::Corrupt(format!("projection trade/{id}: {e}")))?;
                Ok(if visible_to(&summary, actor) {
                    Sight::Visible
                } else {
                    Sight::Hidden
                })
            }
        }
    }

    /// A write meets a trade its caller may not see as if the trade did not exist: the
    /// empty state at version 0, so every check answers as for a missing trade (marked
    /// `hidden`, for [`refuse_hidden_register`]). Called once, where every write loads its
    /// trade ([`Platform::trade_for_write`]).
    pub(crate) fn as_seen_by(loaded: LoadedTrade, actor: &Actor) -> LoadedTrade {
        if loaded.version == 0 || sees(&loaded.state, actor) {
            return loaded;
        }
        LoadedTrade {
            hidden: true,
            ..LoadedTrade::default()
        }
    }
}

/// Registering the id of a trade its caller may not see, once authorised as on a missing
/// trade: refused without a word about the trade (the id is taken, nothing more).
pub(crate) fn refuse_hidden_register(command: &TradeCommand) -> Result<(), AppError> {
    if matches!(command, TradeCommand::Register { .. }) {
        return Err(AppError::refused(&domain::TradeError::AlreadyRegistered));
    }
    Ok(())
}
