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
mod seats;
mod vault;
mod view;

pub use draws::{DrawInput, DrawView, SeatView, draw};
pub use invitations::{Invitation, Member};
pub(crate) use outbox::Sealed as SealedMessage;
pub use outbox::{FileGateway, GatewayError, MessageGateway, MessageView, deliver_messages};
pub use pool::{
    ExpertSummary, ImportReport, PoolRow, declare, import, rate_member, record_conduct,
};
pub use publish::{PublishedView, published_draw};
pub use seats::{
    answer_invitation, answer_seat, record_committee, redraw, reveal_draw, start_evaluation,
};
pub use view::{
    DrawDesk, DrawYou, OwnFile, draw_desk, expert_summaries, invitations, my_expert_file,
    trade_messages,
};

use std::collections::BTreeMap;

use domain::experts::{DrawState, ExpertFile, ExpertId, PoolEvent, PoolImports};
use domain::outbox::Message;
use domain::{Actor, Aggregate, TradeId};

use crate::error::AppError;
use crate::pipeline::{Current, Stored};
use crate::platform::Platform;
use crate::stream::decode;

pub const EXPERT_PREFIX: &str = "expert:";
/// Pool files, one `pool.imported` event each.
pub const POOL_STREAM: &str = "experts-pool";
pub const DRAW_PREFIX: &str = "draw:";
pub const OUTBOX_PREFIX: &str = "outbox:";

pub fn expert_stream(id: &ExpertId) -> String {
    format!("{EXPERT_PREFIX}{}", id.as_str())
}

pub fn draw_stream(trade: &TradeId) -> String {
    format!("{DRAW_PREFIX}{trade}")
}

/// A trade's draw (`draw:<trade>`).
impl Stored for DrawState {
    type Key = TradeId;
    type Extra = ();
    const NAME: &'static str = "draw";

    fn stream(trade: &TradeId) -> String {
        draw_stream(trade)
    }
}

/// The pool's imports, one stream.
impl Stored for PoolImports {
    type Key = ();
    type Extra = ();
    const NAME: &'static str = "pool";

    fn stream(_: &()) -> String {
        POOL_STREAM.to_owned()
    }
}

/// A message to an expert (`outbox:<id>`).
impl Stored for Message {
    type Key = str;
    type Extra = ();
    const NAME: &'static str = "message";

    fn stream(id: &str) -> String {
        format!("{OUTBOX_PREFIX}{id}")
    }
}

/// An expert's file: the pool's imports of its row, then its own stream.
impl Stored for ExpertFile {
    type Key = ExpertId;
    type Extra = ();
    const NAME: &'static str = "expert";

    fn stream(id: &ExpertId) -> String {
        expert_stream(id)
    }

    async fn load(
        p: &Platform,
        id: &ExpertId,
        _actor: &Actor,
    ) -> Result<Current<ExpertFile>, AppError> {
        let mut stored = p.store.load_stream(POOL_STREAM).await?;
        stored.extend(p.store.load_stream(&expert_stream(id)).await?);
        stored.sort_by_key(|e| e.seq);
        let mut file = ExpertFile::default();
        let mut version = 0;
        for s in &stored {
            if s.record.stream == POOL_STREAM {
                let PoolEvent::Imported { rows, .. } = decode(s)?;
                for row in rows.iter().filter(|r| &r.expert.id == id) {
                    file.apply_import(row);
                }
            } else {
                file.evolve(&decode(s)?);
                version = s.record.version;
            }
        }
        Ok(Current {
            state: file,
            version,
            others: BTreeMap::new(),
            extra: (),
        })
    }
}
