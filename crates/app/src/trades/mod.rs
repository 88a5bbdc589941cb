//! Trade commands: every command on a trade runs through the pipeline as a [`TradeState`]
//! (its [`Stored`](crate::pipeline::Stored) hooks are in `stored`): the trade is loaded with
//! its sealed streams, the permission matrix decides who may act, the platform fills in what
//! only it may make, sealed events go to streams of their own, and the rooms the trade books
//! follow in the same transaction.
use std::collections::BTreeMap;

use domain::access::{Relation, relation_to_trade};
use domain::{Actor, BlobRef, Role, TradeCommand, TradeId, TradeState};
use serde::Serialize;

use crate::error::AppError;
use crate::pipeline::{Call, Current, Done, Stored, just};
use crate::platform::Platform;
use crate::projection::{sealed_prefix, trade_stream};
use crate::stream::{Loaded, Meta, fold};

mod notices;
mod stored;

pub use notices::AMENDMENT_NOTICE;

/// What an accepted command returns: the trade's new version and where its events sit in the log.
/// An accepted no-op (no events) returns the unchanged version, `first_seq` = the log size and
/// the current head.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Outcome {
    pub trade: String,
    pub version: u64,
    pub first_seq: u64,
    pub events: Vec<String>,
    pub log_size: u64,
    pub log_root: String,
}

impl Outcome {
    /// The outcome of a command on `trade`'s own stream or one of the streams that belong to
    /// it (its room, scoring, challenges).
    pub(crate) fn of<A: Stored>(trade: &TradeId, done: &Done<A>) -> Outcome {
        Outcome {
            trade: trade.to_string(),
            version: done.version,
            first_seq: done.first_seq,
            events: done.kinds(),
            log_size: done.head.size,
            log_root: done.head.root.to_hex(),
        }
    }
}

/// Run one command against a trade, as `actor`.
pub async fn execute(
    platform: &Platform,
    trade: &TradeId,
    command: TradeCommand,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    execute_call(platform, trade, command, Call::new(actor, meta)).await
}

/// [`execute`] with the call's files (stored only once the command is decided) or retries.
pub(crate) async fn execute_call(
    platform: &Platform,
    trade: &TradeId,
    command: TradeCommand,
    call: Call<'_>,
) -> Result<Outcome, AppError> {
    if let TradeCommand::Register { trade: named, .. } = &command
        && named != trade
    {
        return Err(AppError::Invalid(format!(
            "the command registers {named}, not {trade}"
        )));
    }
    // A bid decided within the deadline second must land before the opening counts them.
    if matches!(command, TradeCommand::OpenBids) {
        platform.settle_bids(trade).await;
    }
    let done = platform
        .run_call::<TradeState>(trade, call, just(command))
        .await?;
    Ok(Outcome::of(trade, &done))
}

/// The reference a command gives to the file `bytes` named `name` (its SHA-256 and size);
/// the file itself is stored by the pipeline once the command is decided.
pub fn file_ref(name: &str, bytes: &[u8]) -> Result<BlobRef, AppError> {
    BlobRef::new(&crate::blobs::sha256_hex(bytes), bytes.len() as u64, name)
        .map_err(|e| AppError::Invalid(e.to_string()))
}

/// The agency (or tenderer) uploads the tender documents: stored only if the upload is
/// accepted.
pub async fn upload_tender_documents(
    platform: &Platform,
    trade: &TradeId,
    name: &str,
    bytes: &[u8],
    evaluation: Option<domain::trade::EvaluationChoice>,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let file = file_ref(name, bytes)?;
    let command = TradeCommand::UploadTenderDocuments { file, evaluation };
    let call = Call {
        files: &[bytes],
        ..Call::new(actor, meta)
    };
    execute_call(platform, trade, command, call).await
}

/// [`execute`] for a command that names the files it brings (`files`: their bytes, as
/// referenced by [`file_ref`]): the pages' forms with uploads (an amendment, a pledge).
/// Stored only if the command is accepted.
pub async fn execute_with_files(
    platform: &Platform,
    trade: &TradeId,
    command: TradeCommand,
    files: &[&[u8]],
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let call = Call {
        files,
        ..Call::new(actor, meta)
    };
    execute_call(platform, trade, command, call).await
}

/// How the caller relates to the trade, for the permission matrix. The trade's state shows
/// the tenderer, the agency and bidders with a bid ([`relation_to_trade`]); an expert sits on
/// the committee if the trade's draw revealed it among the members ([`Platform::committee`]).
/// A draw recorded on the trade without the platform's draw (an outside draw system, or the
/// demo's plans) cannot be checked: there an expert is taken at its word, as before the
/// platform drew; the matrix still limits experts to the evaluation records.
pub(crate) async fn relation(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    state: &TradeState,
) -> Result<Relation, AppError> {
    if actor.role != Role::Expert || state.round.draw.is_none() {
        return Ok(relation_to_trade(actor, state));
    }
    let draw = platform.draw_record(trade).await?;
    if draw.state.phase.is_none() {
        return Ok(Relation::Committee);
    }
    let member = platform
        .committee(trade)
        .await?
        .iter()
        .any(|m| m.person.as_deref() == Some(actor.id.as_str()));
    Ok(if member {
        Relation::Committee
    } else {
        Relation::None
    })
}

/// A trade loaded from its own stream and its sealed streams, in log order.
#[derive(Default)]
pub(crate) struct LoadedTrade {
    pub state: TradeState,
    /// The trade stream's version (what callers see and may expect).
    pub version: u64,
    /// The version of each sealed stream.
    pub sealed: BTreeMap<String, u64>,
    /// The trade exists but the caller may not see it: the rest is a missing trade's.
    pub hidden: bool,
}

impl Platform {
    /// Every stored event of a trade (its stream and its sealed streams), in log order.
    pub(crate) async fn trade_events(
        &self,
        trade: &TradeId,
    ) -> Result<Vec<store::StoredEvent>, AppError> {
        let mut events = self.store.load_stream(&trade_stream(trade)).await?;
        events.extend(self.store.load_prefix(&sealed_prefix(trade)).await?);
        events.sort_by_key(|e| e.seq);
        Ok(events)
    }

    pub(crate) async fn load_trade_full(&self, trade: &TradeId) -> Result<LoadedTrade, AppError> {
        let events = self.trade_events(trade).await?;
        let own = trade_stream(trade);
        let mut version = 0;
        let mut sealed = BTreeMap::new();
        for e in &events {
            if e.record.stream == own {
                version = e.record.version;
            } else {
                sealed.insert(e.record.stream.clone(), e.record.version);
            }
        }
        let state = fold::<TradeState>(&events)?.state;
        Ok(LoadedTrade {
            state,
            version,
            sealed,
            hidden: false,
        })
    }

    pub async fn load_trade(&self, trade: &TradeId) -> Result<Loaded<TradeState>, AppError> {
        let full = self.load_trade_full(trade).await?;
        Ok(Loaded {
            state: full.state,
            version: full.version,
        })
    }

    /// A trade loaded for a write by `actor`: every command on the trade (its pipeline's
    /// `load`) and on one of its other aggregates ([`Platform::trade_to_write`]) loads it
    /// here, so what a write may learn of a trade is decided in this one place: a trade
    /// the caller may not see is met as a missing one ([`Platform::as_seen_by`]). The people
    /// of an organisation not approved yet are refused here, before anything of the trade is
    /// read (so the refusal says nothing about it).
    pub(crate) async fn trade_for_write(
        &self,
        trade: &TradeId,
        actor: &Actor,
    ) -> Result<LoadedTrade, AppError> {
        domain::access::authorize_trade_write(actor).map_err(|e| AppError::refused(&e))?;
        Ok(Self::as_seen_by(self.load_trade_full(trade).await?, actor))
    }

    /// The trade a command on one of its other aggregates (room, scoring, challenges,
    /// deposits) belongs to: not found if it has no events.
    pub(crate) async fn trade_to_write(
        &self,
        trade: &TradeId,
        actor: &Actor,
    ) -> Result<TradeState, AppError> {
        let loaded = self.trade_for_write(trade, actor).await?;
        if loaded.version == 0 {
            return Err(AppError::not_found(format!("trade {trade}")));
        }
        Ok(loaded.state)
    }
}

/// `Stored` for one of a trade's other aggregates (its room, challenges, deposits): its own
/// stream, its refusals, loaded with the trade it belongs to ([`load_with_trade`]).
macro_rules! stored_with_trade {
    ($ty:ty, $name:literal, $stream:path) => {
        impl crate::pipeline::Stored for $ty {
            type Key = domain::TradeId;
            type Extra = domain::TradeState;
            const NAME: &'static str = $name;

            fn stream(trade: &domain::TradeId) -> String {
                $stream(trade)
            }

            async fn load(
                p: &crate::platform::Platform,
                trade: &domain::TradeId,
                actor: &domain::Actor,
            ) -> Result<crate::pipeline::Current<$ty>, crate::error::AppError> {
                crate::trades::load_with_trade(p, trade, actor).await
            }
        }
    };
}
pub(crate) use stored_with_trade;

/// One of a trade's other aggregates (its room, challenges, deposits) loaded with the trade
/// it belongs to.
pub(crate) async fn load_with_trade<A>(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<Current<A>, AppError>
where
    A: Stored<Key = TradeId, Extra = TradeState>,
{
    let state = platform.trade_to_write(trade, actor).await?;
    let mut current = Current::from(platform.read::<A>(trade).await?);
    current.extra = state;
    Ok(current)
}
