//! The remote evaluation room (远程异地评标 / 分散评标) of one trade, pure part: an aggregate
//! with its own stream (`eval_room:<trade>`; `room:` is the venue's, [`crate::venue`]).
//! The committee joins from wherever its members are, each proving they hold their sign-in
//! key; attendance and every action are events; only the committee, the witnesses (center
//! staff) and supervisors enter; supervisors watch and may leave supervision notes;
//! clarification requests (澄清) go to bidders through the platform and are answered there.
//!
//! The flow, for the app: [`EvalRoomCommand::Open`] (staff or platform, no earlier than
//! [`EARLY_OPEN`] before the evaluation slot: the committee's names are sealed until then)
//! → [`EvalRoomCommand::Join`] with a [`KeyProof`] the app has verified over [`join_message`] →
//! posts and clarifications → [`EvalRoomCommand::Close`]; after it, only reads.
//!
//! Scoring (issue #6) belongs here: new commands guarded by [`EvalRoomState::present_member`]
//! (a member who joined and has not left, in an open room), recorded as more events of
//! this stream.
//!
//! * [`command`]: [`EvalRoomCommand`], [`Member`], [`MemberKind`], [`KeyProof`], the limits;
//! * [`event`]: [`EvalRoomEvent`], [`Attendee`], [`PostKind`];
//! * [`state`]: [`EvalRoomState`], [`Attendance`], [`Clarification`], who may read what;
//! * [`error`]: [`EvalRoomError`] with stable `eval_room.*` codes.

pub mod command;
pub mod error;
pub mod event;
pub mod state;

pub use command::{
    EARLY_OPEN, EvalRoomCommand, KeyProof, MAX_CLARIFICATION_CHARS, MAX_POST_CHARS, Member,
    MemberKind, join_message,
};
pub use error::EvalRoomError;
pub use event::{Attendee, EvalRoomEvent, PostKind};
pub use state::{Attendance, Clarification, EvalRoomState, Visibility};
