//! The rules of a trade, pure and deterministic: `decide(state, command, ctx) -> events | error`
//! and `evolve(state, event) -> state`. Time, identity and the calendar come in through
//! [`Context`]; nothing here does I/O.
//!
//! * [`values`]: parsed value types (money in fen, unified social credit codes, ids, blobs);
//! * [`methods`]: business lines, methods and the table of rules per method (rules.md);
//! * [`trade`]: the trade aggregate and its seven nodes;
//! * [`venue`]: the room booking (no double booking of a physical room);
//! * [`eval_room`]: the remote evaluation room of one trade (committee, witnesses, clarifications);
//! * [`queue`]: ordering of staff work queues (green channel first);
//! * [`accounts`]: organisations, people, staff posts (A/B) as aggregates;
//! * [`center`]: the center itself: profile, opening-key policy, rooms, trusted keys,
//!   holiday calendars, settings, its administrators;
//! * [`access`]: the permission matrix (role × action × phase) and its one door, `authorize`.
//! * [`deposit`]: bid deposits: terms and caps, covers, signed notices and guarantees, refunds.
//! * [`experts`]: the expert pool, draw requests, avoidance, and a draw anyone can re-check.
#![forbid(unsafe_code)]

pub mod access;
pub mod accounts;
pub mod aggregate;
pub mod center;
pub mod deposit;
pub mod eval_room;
pub mod experts;
mod lists;
pub mod methods;
pub mod outbox;
pub mod queue;
pub mod refusal;
pub mod scoring;
pub mod serde_time;
pub mod trade;
pub mod values;
pub mod venue;

pub use access::{Action, Denied, Relation, authorize};
pub use accounts::{AccountError, PersonId, PostId};
pub use aggregate::{Actor, Aggregate, Context, DomainEvent, NamedFile, NamesFiles, Role};
pub use methods::{BusinessLine, Method, MethodError, MethodRules, ResultKind, rules_for};
pub use refusal::{Class, Refusal, Refuse};
pub use trade::{PublicStatus, TradeCommand, TradeError, TradeEvent, TradeState, TradeSummary};
pub use values::{
    BlobRef, Money, RegionCode, RoomId, Sha256Hex, TradeId, UnifiedSocialCreditCode, ValueError,
};
pub use venue::{RoomCommand, RoomError, RoomEvent, RoomState};
