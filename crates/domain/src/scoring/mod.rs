//! Distributed scoring (分散评标, issue #6), pure part: an aggregate with its own stream
//! (`scoring:<trade>`). Every member of the evaluation room scores alone; the sheets stay
//! sealed until all are in, then are revealed together and rechecked (复核); objective
//! mismatches block the report until the members concerned revise those items; an outlier
//! (畸高畸低) needs a written reason from its author and is flagged to the supervisor; the
//! report's digest is signed by every member with their key, or signed with a dissent.
//!
//! The flow, for the app:
//! 1. [`ScoringCommand::Configure`] (center staff or the platform): the bids, the criteria
//!    and the evaluation input (method, dates, bids; no scores) as a blob; allowed again until
//!    the first sheet is submitted.
//! 2. [`ScoringCommand::Submit`] (a member present in the room, [`EvalRoomState::present_member`]),
//!    **once**: a sheet is final when submitted (no revision before the reveal, so nobody can
//!    adjust to what others did; corrections go through the recheck). The log holds only who
//!    submitted, a salted digest ([`sheet_digest`]) and the sheet sealed by the platform.
//! 3. [`ScoringCommand::Reveal`] (the platform), once every member has submitted: the opened
//!    sheets, checked here against their digests, and the recheck's issues (computed by the
//!    app with the `evaluation` crate, which depends on this one).
//! 4. [`ScoringCommand::Revise`] of an item a blocking issue names for the member (objective
//!    mismatch, range), [`ScoringCommand::GiveReason`] for an outlier of the member's own
//!    (recorded as [`ScoringEvent::OutlierFlagged`], which the supervisor sees in the room).
//! 5. [`ScoringCommand::DraftReport`] (the platform) when nothing blocks: the report blob, its
//!    digest and 1..=3 ranked bidders.
//! 6. [`ScoringCommand::Sign`] by each member: a [`KeyProof`] over [`sign_message`] (the
//!    report's digest), optionally with a dissent reason. When all signed, the app records
//!    `TradeCommand::RecordEvaluation` on the trade.
//!
//! [`EvalRoomState::present_member`]: crate::eval_room::EvalRoomState::present_member
//! [`KeyProof`]: crate::eval_room::KeyProof

pub mod command;
pub mod error;
pub mod event;
mod rules;
pub mod state;

pub use command::{
    BidEntry, Cell, CriterionEntry, MAX_REASON_CHARS, OpenedSheet, Scores, ScoringCommand,
    ScoringIssue, ScoringRequest, sheet_digest, sign_message,
};
pub use error::ScoringError;
pub use event::ScoringEvent;
pub use state::{ScoringState, Signature, SubmittedSheet};
