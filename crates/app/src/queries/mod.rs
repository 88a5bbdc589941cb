//! The read side: what pages and the API show, as functions over the platform that return
//! typed rows (never a projection's JSON). Commands go through the pipeline; nothing here
//! appends, except that reading the scoring may complete a reveal or a draft it finds due.
//! `web` reads only through these.
mod deposits;
mod log_search;
mod portal;
mod todo_desks;
mod todos;
mod trades;
mod workbench;

use domain::{Actor, TradeId, TradeState};

pub use crate::accounts::{OrgView, PersonView, PostView};
pub use crate::bidding::{
    announced_state, bid_desk, bid_limit, opening_key, opening_record, opening_room, opening_view,
};
pub use crate::challenges::{award_notice, publicity};
pub use crate::eval_room::room_view;
pub use crate::experts::{
    draw_desk, expert_summaries, invitations, my_expert_file, published_draw, trade_messages,
};
pub use crate::log_view::{LogEntry, tender_documents, trade_log};
pub use crate::scoring::scoring_view;
pub use deposits::{DepositRow, OverdueRow, deposit_table, deposit_terms, overdue_refunds};
pub use log_search::{LogRow, log_rows};
pub use portal::{PublicTrade, public_trade};
pub use todos::{Due, Todo, TodoKind, todos};
pub use trades::{
    PublicFilter, Queue, TimelineEntry, public_timeline, public_trades, queue, summaries, summary,
    trade_for, trades_for, visible_to,
};
pub use workbench::{
    Booking, DeferredRow, Desk, PostRow, QuestionRow, WorkRow, Workbench, calendar, workbench,
};

use crate::error::AppError;
use crate::experts::{DrawView, Member};
use crate::platform::Platform;

/// A trade's state (folded from its events); not found if it has none.
pub async fn trade_state(p: &Platform, trade: &TradeId) -> Result<TradeState, AppError> {
    p.trade_state(trade).await
}

/// The committee of `trade` once the draw was revealed (empty before).
pub async fn committee(p: &Platform, trade: &TradeId) -> Result<Vec<Member>, AppError> {
    p.committee(trade).await
}

/// The draw of `trade` as `actor` may see it.
pub async fn draw_view(p: &Platform, trade: &TradeId, actor: &Actor) -> Result<DrawView, AppError> {
    p.draw_view(trade, actor).await
}

/// One organisation by its code (any case).
pub async fn org(p: &Platform, code: &str) -> Result<OrgView, AppError> {
    p.org(code).await
}

/// Every organisation, by code.
pub async fn orgs(p: &Platform) -> Result<Vec<OrgView>, AppError> {
    p.orgs().await
}

pub async fn person(p: &Platform, id: &str) -> Result<PersonView, AppError> {
    p.person(id).await
}

/// Every person, by id.
pub async fn people(p: &Platform) -> Result<Vec<PersonView>, AppError> {
    p.people().await
}

pub async fn post(p: &Platform, id: &str) -> Result<PostView, AppError> {
    p.post(id).await
}

/// Every post, by id.
pub async fn posts(p: &Platform) -> Result<Vec<PostView>, AppError> {
    p.posts().await
}

/// A trade's public status now (the words portals use; see [`domain::PublicStatus`]).
pub fn public_status(p: &Platform, s: &domain::TradeSummary) -> domain::PublicStatus {
    s.public_status(p.clock.now())
}

/// The log's size: how many events it holds.
pub async fn log_size(p: &Platform) -> Result<u64, AppError> {
    Ok(p.store.tree_head().await?.size)
}

/// A signed-in person as pages name them.
#[derive(Debug, Clone)]
pub struct Who {
    pub person: String,
    /// The person's name, or the id when the account has none.
    pub name: String,
    pub org: Option<String>,
    /// The organisation's name (empty without one).
    pub org_name: String,
}

pub async fn who(p: &Platform, actor: &Actor) -> Who {
    let name = p
        .person(&actor.id)
        .await
        .map(|v| v.name)
        .unwrap_or_else(|_| actor.id.clone());
    let org_name = match &actor.org {
        Some(code) => p.org(code).await.map(|o| o.name).unwrap_or_default(),
        None => String::new(),
    };
    Who {
        person: actor.id.clone(),
        name,
        org: actor.org.clone(),
        org_name,
    }
}
