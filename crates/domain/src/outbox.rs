//! A message to a person outside the platform (an SMS or voice call to a drawn expert), as
//! an aggregate on its own stream (`outbox:<id>`): queued, then one event per delivery
//! attempt. The recipient and the text are sealed by the app (they would name a drawn
//! expert, or carry a sign-in link); the log shows only the purpose, the trade and the seat
//! (for an expert), and the status.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregate, Context, DomainEvent, Role};
use crate::serde_time;
use crate::trade::sealed::SealedLabel;
use crate::values::TradeId;

/// Attempts before a message counts as failed and staff must call [D].
pub const MAX_ATTEMPTS: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = MessageStatus)]
pub enum Status {
    Queued,
    Sent,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MessageCommand {
    Queue {
        channel: String,
        purpose: String,
        /// The trade and seat of a message to a drawn expert; none for a sign-in link.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        trade: Option<TradeId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seat: Option<u32>,
        sealed: SealedLabel,
    },
    Attempt {
        ok: bool,
        /// The gateway's message id, or its error.
        detail: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MessageEvent {
    Queued {
        channel: String,
        purpose: String,
        /// The trade and seat of a message to a drawn expert; none for a sign-in link.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        trade: Option<TradeId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seat: Option<u32>,
        sealed: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Attempted {
        attempt: u32,
        ok: bool,
        detail: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for MessageEvent {
    fn kind(&self) -> &'static str {
        match self {
            MessageEvent::Queued { .. } => "message.queued",
            MessageEvent::Attempted { .. } => "message.attempted",
        }
    }
}

/// What a queued message is: channel, purpose, trade, seat, the sealed recipient and text,
/// when.
pub type Queued = (
    String,
    String,
    Option<TradeId>,
    Option<u32>,
    SealedLabel,
    OffsetDateTime,
);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("only the platform sends messages")]
    WrongRole,
    #[error("the message is already queued")]
    AlreadyQueued,
    #[error("no such message")]
    Unknown,
    #[error("the message is already {0:?}")]
    Done(Status),
}

crate::refusals!(MessageError {
    WrongRole => "message.wrong_role", Forbidden;
    AlreadyQueued => "message.already_queued", Rule;
    Unknown => "message.unknown", Rule;
    Done(_) => "message.done", Rule;
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub queued: Option<Queued>,
    pub attempts: u32,
    pub status: Option<Status>,
    pub last_detail: Option<String>,
    pub last_at: Option<OffsetDateTime>,
}

/// No `MessageCommand` names a file.
impl crate::NamesFiles for MessageCommand {}

impl Aggregate for Message {
    type Command = MessageCommand;
    type Event = MessageEvent;
    type Error = MessageError;

    fn decide(
        &self,
        cmd: &MessageCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<MessageEvent>, MessageError> {
        if !matches!(ctx.actor.role, Role::Platform | Role::CenterStaff) {
            return Err(MessageError::WrongRole);
        }
        let event = match cmd {
            MessageCommand::Queue {
                channel,
                purpose,
                trade,
                seat,
                sealed,
            } => {
                if self.queued.is_some() {
                    return Err(MessageError::AlreadyQueued);
                }
                MessageEvent::Queued {
                    channel: channel.clone(),
                    purpose: purpose.clone(),
                    trade: trade.clone(),
                    seat: *seat,
                    sealed: sealed.clone(),
                    at: ctx.now,
                }
            }
            MessageCommand::Attempt { ok, detail } => match self.status {
                None => return Err(MessageError::Unknown),
                Some(Status::Queued) => MessageEvent::Attempted {
                    attempt: self.attempts + 1,
                    ok: *ok,
                    detail: detail.chars().take(500).collect(),
                    at: ctx.now,
                },
                Some(done) => return Err(MessageError::Done(done)),
            },
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &MessageEvent) {
        match event {
            MessageEvent::Queued {
                channel,
                purpose,
                trade,
                seat,
                sealed,
                at,
            } => {
                self.queued = Some((
                    channel.clone(),
                    purpose.clone(),
                    trade.clone(),
                    *seat,
                    sealed.clone(),
                    *at,
                ));
                self.status = Some(Status::Queued);
            }
            MessageEvent::Attempted {
                attempt,
                ok,
                detail,
                at,
            } => {
                self.attempts = *attempt;
                self.last_detail = Some(detail.clone());
                self.last_at = Some(*at);
                self.status = Some(if *ok {
                    Status::Sent
                } else if *attempt >= MAX_ATTEMPTS {
                    Status::Failed
                } else {
                    Status::Queued
                });
            }
        }
    }
}
