//! What an evaluation room records: every entry, exit, post and clarification.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::DomainEvent;
use crate::eval_room::command::{KeyProof, Member};
use crate::experts::TimeRange;
use crate::serde_time;
use crate::values::{TradeId, UnifiedSocialCreditCode};

/// In what capacity a person is in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendee {
    Member,
    Witness,
    Supervisor,
}

/// What a post is: committee discussion, or a note by a witness or a supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    Discussion,
    WitnessNote,
    SupervisionNote,
}

impl From<Attendee> for PostKind {
    fn from(a: Attendee) -> PostKind {
        match a {
            Attendee::Member => PostKind::Discussion,
            Attendee::Witness => PostKind::WitnessNote,
            Attendee::Supervisor => PostKind::SupervisionNote,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EvalRoomEvent {
    Opened {
        trade: TradeId,
        members: Vec<Member>,
        witnesses: Vec<String>,
        scheduled: TimeRange,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Joined {
        person: String,
        attendee: Attendee,
        via: KeyProof,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Left {
        person: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Posted {
        number: u32,
        person: String,
        kind: PostKind,
        text: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ClarificationRequested {
        number: u32,
        by: String,
        bidder: UnifiedSocialCreditCode,
        question: String,
        #[serde(with = "serde_time::instant")]
        due: OffsetDateTime,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ClarificationAnswered {
        number: u32,
        bidder: UnifiedSocialCreditCode,
        text: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Closed {
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for EvalRoomEvent {
    fn kind(&self) -> &'static str {
        match self {
            EvalRoomEvent::Opened { .. } => "eval_room.opened",
            EvalRoomEvent::Joined { .. } => "eval_room.joined",
            EvalRoomEvent::Left { .. } => "eval_room.left",
            EvalRoomEvent::Posted { .. } => "eval_room.posted",
            EvalRoomEvent::ClarificationRequested { .. } => "eval_room.clarification_requested",
            EvalRoomEvent::ClarificationAnswered { .. } => "eval_room.clarification_answered",
            EvalRoomEvent::Closed { .. } => "eval_room.closed",
        }
    }
}

impl EvalRoomEvent {
    /// The clarification this event is about, if any (what a bidder may read).
    pub fn clarification(&self) -> Option<(u32, &UnifiedSocialCreditCode)> {
        match self {
            EvalRoomEvent::ClarificationRequested { number, bidder, .. }
            | EvalRoomEvent::ClarificationAnswered { number, bidder, .. } => {
                Some((*number, bidder))
            }
            _ => None,
        }
    }
}
