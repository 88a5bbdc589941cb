//! The Room aggregate: one stream per room (opening room 开标室, evaluation room 评标室). A room
//! is never booked twice for overlapping times. The trade's `VenueBooked` event records a
//! booking; the app appends the matching `RoomBooked` events (decided here) in the same
//! transaction: [`room_commands`] says which, from the trade's events.

use legal_time::{Duration, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregate, Context, DomainEvent, Role};
use crate::serde_time;
use crate::trade::command::VenueBooking;
use crate::trade::{TradeEvent, TradeState};
use crate::values::{RoomId, TradeId};

/// How long an opening holds its room [D]: the decryption window of a remote opening is
/// usually 30–60 minutes (rules.md §2), plus reading the record.
pub const OPENING_SLOT: Duration = Duration::hours(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomPurpose {
    Opening,
    Evaluation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RoomCommand {
    /// Book `[from, to)` for a trade. Center staff or the platform.
    Book {
        room: RoomId,
        trade: TradeId,
        purpose: RoomPurpose,
        #[serde(with = "serde_time::instant")]
        from: OffsetDateTime,
        #[serde(with = "serde_time::instant")]
        to: OffsetDateTime,
    },
    /// Release every booking of `trade` in this room (nothing to release: no events).
    Release { room: RoomId, trade: TradeId },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RoomEvent {
    Booked {
        room: RoomId,
        trade: TradeId,
        purpose: RoomPurpose,
        #[serde(with = "serde_time::instant")]
        from: OffsetDateTime,
        #[serde(with = "serde_time::instant")]
        to: OffsetDateTime,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Released {
        room: RoomId,
        trade: TradeId,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for RoomEvent {
    fn kind(&self) -> &'static str {
        match self {
            RoomEvent::Booked { .. } => "room.booked",
            RoomEvent::Released { .. } => "room.released",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomBooking {
    pub trade: TradeId,
    pub purpose: RoomPurpose,
    #[serde(with = "serde_time::instant")]
    pub from: OffsetDateTime,
    #[serde(with = "serde_time::instant")]
    pub to: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    #[error("{action}: not allowed for role {role}", role = .role.as_str())]
    WrongRole { action: &'static str, role: Role },
    #[error(
        "room {room} is already booked from {from} to {to} for trade {other_trade} ({purpose:?})"
    )]
    DoubleBooked {
        room: RoomId,
        other_trade: TradeId,
        purpose: RoomPurpose,
        from: OffsetDateTime,
        to: OffsetDateTime,
    },
    #[error("a booking must end after it starts and start in the future")]
    InvalidSlot,
    #[error("this stream is room {stream}, not {room}")]
    WrongRoom { stream: RoomId, room: RoomId },
}

crate::refusals!(RoomError {
    WrongRole { .. } => "room.wrong_role", Forbidden;
    DoubleBooked { .. } => "room.double_booked", Rule;
    InvalidSlot => "room.invalid_slot", Rule;
    WrongRoom { .. } => "room.wrong_room", Rule;
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomState {
    pub room: Option<RoomId>,
    pub bookings: Vec<RoomBooking>,
}

/// No `RoomCommand` names a file.
impl crate::NamesFiles for RoomCommand {}

impl Aggregate for RoomState {
    type Command = RoomCommand;
    type Event = RoomEvent;
    type Error = RoomError;

    fn decide(
        &self,
        command: &RoomCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<RoomEvent>, RoomError> {
        let (action, room) = match command {
            RoomCommand::Book { room, .. } => ("book_room", room),
            RoomCommand::Release { room, .. } => ("release_room", room),
        };
        if !matches!(ctx.actor.role, Role::CenterStaff | Role::Platform) {
            return Err(RoomError::WrongRole {
                action,
                role: ctx.actor.role,
            });
        }
        if let Some(stream) = &self.room
            && stream != room
        {
            return Err(RoomError::WrongRoom {
                stream: stream.clone(),
                room: room.clone(),
            });
        }
        match command {
            RoomCommand::Book {
                room,
                trade,
                purpose,
                from,
                to,
            } => {
                if to <= from || *from <= ctx.now {
                    return Err(RoomError::InvalidSlot);
                }
                if let Some(other) = self.bookings.iter().find(|b| b.from < *to && *from < b.to) {
                    return Err(RoomError::DoubleBooked {
                        room: room.clone(),
                        other_trade: other.trade.clone(),
                        purpose: other.purpose,
                        from: other.from,
                        to: other.to,
                    });
                }
                Ok(vec![RoomEvent::Booked {
                    room: room.clone(),
                    trade: trade.clone(),
                    purpose: *purpose,
                    from: *from,
                    to: *to,
                    at: ctx.now,
                }])
            }
            RoomCommand::Release { room, trade } => {
                if self.bookings.iter().any(|b| &b.trade == trade) {
                    Ok(vec![RoomEvent::Released {
                        room: room.clone(),
                        trade: trade.clone(),
                        at: ctx.now,
                    }])
                } else {
                    Ok(vec![])
                }
            }
        }
    }

    fn evolve(&mut self, event: &RoomEvent) {
        match event {
            RoomEvent::Booked {
                room,
                trade,
                purpose,
                from,
                to,
                ..
            } => {
                self.room = Some(room.clone());
                self.bookings.push(RoomBooking {
                    trade: trade.clone(),
                    purpose: *purpose,
                    from: *from,
                    to: *to,
                });
            }
            RoomEvent::Released { trade, .. } => self.bookings.retain(|b| &b.trade != trade),
        }
    }
}

/// The room commands that carry out a trade's venue booking: the opening room for
/// [`OPENING_SLOT`] from the opening time, the evaluation room for the evaluation.
pub fn room_requests(trade: &TradeId, venue: &VenueBooking) -> [RoomCommand; 2] {
    [
        RoomCommand::Book {
            room: venue.opening_room.clone(),
            trade: trade.clone(),
            purpose: RoomPurpose::Opening,
            from: venue.opening_at,
            to: venue.opening_at + OPENING_SLOT,
        },
        RoomCommand::Book {
            room: venue.evaluation_room.clone(),
            trade: trade.clone(),
            purpose: RoomPurpose::Evaluation,
            from: venue.evaluation_from,
            to: venue.evaluation_to,
        },
    ]
}

/// The room commands that a trade's new `events` call for, given the trade's state `before`
/// them: release the rooms of a replaced or moved booking, book the new one, release the
/// rooms when the trade or round ends. The app appends the resulting room events in the same
/// transaction as the trade's (releases come before bookings, so a move within the same
/// room does not collide with itself).
pub fn room_commands(
    trade: &TradeId,
    before: &TradeState,
    events: &[TradeEvent],
) -> Vec<RoomCommand> {
    let mut commands = Vec::new();
    let mut current = before.round.venue.clone();
    let release = |venue: &VenueBooking, commands: &mut Vec<RoomCommand>| {
        let mut rooms = vec![&venue.opening_room, &venue.evaluation_room];
        rooms.dedup();
        for room in rooms {
            commands.push(RoomCommand::Release {
                room: room.clone(),
                trade: trade.clone(),
            });
        }
    };
    for event in events {
        let moved_to = match event {
            TradeEvent::VenueBooked { venue, .. } => Some(venue),
            TradeEvent::DocumentsAmended {
                venue: Some(venue), ..
            }
            | TradeEvent::Resumed {
                venue: Some(venue), ..
            } => Some(venue),
            _ => None,
        };
        if let Some(venue) = moved_to {
            if let Some(old) = &current {
                release(old, &mut commands);
            }
            commands.extend(room_requests(trade, venue));
            current = Some(venue.clone());
        } else if event.releases_rooms()
            && let Some(old) = current.take()
        {
            release(&old, &mut commands);
        }
    }
    commands
}
