//! Node 4 in the app: the expert pool (one stream per expert, `expert:<id>`), the draw of
//! each trade (`draw:<trade>`), the invitations experts answer, the messages sent to them
//! (`outbox:<id>`) and the published draw anyone can re-check (docs/DRAW.md).
//!
//! What must stay secret until the evaluation starts (the seed, the request's parties, the
//! pool as judged and the drawn list) is sealed with the platform's vault key
//! ([`vault`]) before it reaches the log or the blob folder: a dump of the database shows
//! none of it.

mod draws;
mod invitations;
mod judged;
mod outbox;
mod pool;
mod publish;
mod vault;
mod view;

pub use draws::{DrawInput, DrawView, SeatView};
pub use invitations::{Invitation, Member};
pub use outbox::{FileGateway, GatewayError, MessageGateway, MessageView};
pub use pool::{ExpertSummary, ImportReport, PoolRow};
pub use publish::{PublishedView, published_draw};
pub use view::{
    DrawDesk, DrawYou, OwnFile, draw_desk, expert_summaries, invitations, my_expert_file,
    trade_messages,
};

use domain::{Actor, Aggregate, Context};
use store::{AppendBatch, Appended, StreamAppend};

use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::{Loaded, Meta, fold, records};

pub const EXPERT_PREFIX: &str = "expert:";
/// Pool files, one `pool.imported` event each.
pub const POOL_STREAM: &str = "experts-pool";
pub const DRAW_PREFIX: &str = "draw:";
pub const OUTBOX_PREFIX: &str = "outbox:";

pub fn expert_stream(id: &domain::experts::ExpertId) -> String {
    format!("{EXPERT_PREFIX}{}", id.as_str())
}

pub fn draw_stream(trade: &domain::TradeId) -> String {
    format!("{DRAW_PREFIX}{trade}")
}

impl Platform {
    pub(crate) async fn load_aggregate<A: Aggregate>(
        &self,
        stream: &str,
    ) -> Result<Loaded<A>, AppError> {
        fold(&self.store.load_stream(stream).await?)
    }

    /// Decides `commands` in order on one aggregate (each on the state the previous left)
    /// and appends all their events in one batch: all or nothing.
    pub(crate) async fn execute_on<A: Aggregate>(
        &self,
        stream: &str,
        commands: &[A::Command],
        actor: &Actor,
        meta: &Meta,
        refuse: impl Fn(A::Error) -> AppError,
    ) -> Result<(A, Appended), AppError> {
        let loaded = self.load_aggregate::<A>(stream).await?;
        if let Some(expected) = meta.expected_version
            && expected != loaded.version
        {
            return Err(AppError::Conflict {
                stream: stream.to_owned(),
                expected,
                actual: loaded.version,
            });
        }
        let ctx = Context {
            now: self.clock.now(),
            actor,
            calendar: &self.calendar,
        };
        let mut state = loaded.state;
        let mut events = Vec::new();
        for command in commands {
            for e in state.decide(command, &ctx).map_err(&refuse)? {
                state.evolve(&e);
                events.push(e);
            }
        }
        let at_us = (ctx.now.unix_timestamp_nanos() / 1_000) as i64;
        let mut batch = AppendBatch::default();
        batch.streams.push(StreamAppend {
            stream: stream.to_owned(),
            expected_version: loaded.version,
            events: records(stream, loaded.version, &events, actor, at_us, meta)?,
        });
        let appended = self.commit(batch).await?;
        Ok((state, appended))
    }
}
