//! Why a room command was refused. Every error names its rule; `code()` is the stable
//! machine code (`eval_room.*`; `room.*` is the venue's) that the API maps to messages.

use legal_time::OffsetDateTime;

use crate::aggregate::Role;
use crate::trade::error::show_time;
use crate::values::UnifiedSocialCreditCode;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalRoomError {
    #[error("{action}: not allowed for role {role}", role = .role.as_str())]
    WrongRole { action: &'static str, role: Role },
    #[error("{action}: only the committee, the witnesses and supervisors may enter the room")]
    NotEntitled { action: &'static str },
    #[error("{action}: only members of the committee may do this")]
    MembersOnly { action: &'static str },
    #[error("the evaluation room is not open")]
    NotOpened,
    #[error("the evaluation room is already open")]
    AlreadyOpened,
    #[error(
        "the room may open no earlier than {} (30 minutes before the evaluation): the committee stays sealed until then",
        show_time(.opens_at)
    )]
    TooEarly { opens_at: OffsetDateTime },
    #[error("the evaluation room is closed: nothing more can be recorded")]
    Closed,
    #[error("{action}: join the room first")]
    NotPresent { action: &'static str },
    #[error("already in the room")]
    AlreadyPresent,
    #[error("{field}: at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("{bidder} has no opened bid in this trade: clarifications go to its bidders only")]
    NotABidder { bidder: UnifiedSocialCreditCode },
    #[error("the answer must be due after now")]
    DueNotAhead,
    #[error("no clarification request {number} for you")]
    UnknownRequest { number: u32 },
    #[error("clarification request {number} is already answered")]
    AlreadyAnswered { number: u32 },
    #[error("clarification request {number} was due at {}", show_time(.due))]
    PastDue { number: u32, due: OffsetDateTime },
    #[error("the join challenge is unknown, used or expired: ask for a new one")]
    BadChallenge,
    #[error("the signature does not verify with any of your registered keys")]
    BadKeyProof,
    #[error("the trade has no evaluation slot booked: book the venue first")]
    NoEvaluationSlot,
}

// Who may enter and act (a role, a seat, a key proof) is `Forbidden`; the rest are the
// room's rules.
crate::refusals!(EvalRoomError {
    WrongRole { .. } => "eval_room.wrong_role", Forbidden;
    NotEntitled { .. } => "eval_room.not_entitled", Forbidden;
    MembersOnly { .. } => "eval_room.members_only", Forbidden;
    NotOpened => "eval_room.not_opened", Rule;
    AlreadyOpened => "eval_room.already_opened", Rule;
    TooEarly { .. } => "eval_room.too_early", Rule;
    Closed => "eval_room.closed", Rule;
    NotPresent { .. } => "eval_room.not_present", Rule;
    AlreadyPresent => "eval_room.already_present", Rule;
    TooLong { .. } => "eval_room.too_long", Rule;
    Invalid { .. } => "eval_room.invalid_input", Rule;
    NotABidder { .. } => "eval_room.not_a_bidder", Rule;
    DueNotAhead => "eval_room.due_not_ahead", Rule;
    UnknownRequest { .. } => "eval_room.unknown_request", Rule;
    AlreadyAnswered { .. } => "eval_room.already_answered", Rule;
    PastDue { .. } => "eval_room.past_due", Rule;
    BadChallenge => "eval_room.bad_challenge", Rule;
    BadKeyProof => "eval_room.bad_key_proof", Forbidden;
    NoEvaluationSlot => "eval_room.no_evaluation_slot", Rule;
});
