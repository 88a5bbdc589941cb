//! The commands, events and errors of the draw aggregate ([`crate::experts::DrawState`]).
//! Events never carry a drawn name, the randomness or a party of the trade before the reveal.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::{DomainEvent, Role};
use crate::experts::draw::{Commitment, DrawResult};
use crate::experts::error::{DrawError, RequestError};
use crate::experts::pool::TimeRange;
use crate::experts::request::DrawRequest;
use crate::methods::{BusinessLine, Method};
use crate::serde_time;
use crate::trade::sealed::SealedLabel;
use crate::values::Sha256Hex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawPhase {
    Requested,
    Committed,
    /// Drawn (or redrawn); seats are being answered.
    Drawn,
    Revealed,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seat {
    Pending,
    Confirmed,
    Declined,
}

/// What the log keeps of a request: no party, no bidder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub request_digest: Sha256Hex,
    pub line: BusinessLine,
    pub method: Method,
    pub committee_size: u32,
    pub experts: u32,
    pub evaluation: TimeRange,
    pub off_site: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DrawCommand {
    Request {
        request: DrawRequest,
    },
    /// The commitment of [`crate::experts::commit`], before the beacon exists.
    Commit {
        commitment: Commitment,
        /// What the app needs later (request, seed, pool snapshot) sealed to itself; opaque to
        /// the log until the reveal.
        #[serde(default)]
        secret: Option<SealedLabel>,
    },
    /// The draw with the beacon (the root of the first checkpoint of size `beacon_tree_size`
    /// that includes the commitment, leaf `commitment_leaf`); the list sealed.
    Draw {
        beacon: String,
        beacon_tree_size: u64,
        commitment_leaf: u64,
        list_digest: Sha256Hex,
        sealed_list: SealedLabel,
    },
    /// An expert (or staff on the expert's word) answers for a seat; a reason for a decline,
    /// sealed (it may name the expert).
    Answer {
        seat: u32,
        accept: bool,
        reason: Option<SealedLabel>,
    },
    /// The declined seats redrawn ([`crate::experts::redraw`]); the new list sealed.
    Redraw {
        list_digest: Sha256Hex,
        sealed_list: SealedLabel,
    },
    /// Once the evaluation has started: the names come out.
    Reveal {
        result: DrawResult,
    },
    Cancel {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DrawEvent {
    Requested {
        summary: RequestSummary,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Committed {
        commitment: Commitment,
        #[serde(default)]
        secret: Option<SealedLabel>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Drawn {
        beacon: String,
        beacon_tree_size: u64,
        commitment_leaf: u64,
        list_digest: Sha256Hex,
        sealed_list: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Answered {
        seat: u32,
        accept: bool,
        reason: Option<SealedLabel>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Redrawn {
        round: u32,
        seats: Vec<u32>,
        list_digest: Sha256Hex,
        sealed_list: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Revealed {
        result: DrawResult,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Cancelled {
        reason: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for DrawEvent {
    fn kind(&self) -> &'static str {
        match self {
            DrawEvent::Requested { .. } => "draw.requested",
            DrawEvent::Committed { .. } => "draw.committed",
            DrawEvent::Drawn { .. } => "draw.drawn",
            DrawEvent::Answered { .. } => "draw.answered",
            DrawEvent::Redrawn { .. } => "draw.redrawn",
            DrawEvent::Revealed { .. } => "draw.revealed",
            DrawEvent::Cancelled { .. } => "draw.cancelled",
        }
    }

    /// Who answered a seat would name a drawn expert before the reveal.
    fn hides_actor(&self) -> bool {
        matches!(self, DrawEvent::Answered { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawStateError {
    #[error(transparent)]
    Draw(#[from] DrawError),
    #[error("{action}: not allowed for role {role}", role = .role.as_str())]
    WrongRole { action: &'static str, role: Role },
    #[error("{action}: not allowed in phase {phase:?}")]
    WrongPhase {
        action: &'static str,
        phase: Option<DrawPhase>,
    },
    #[error(
        "the beacon checkpoint (size {tree_size}) must include the commitment (leaf {commitment_leaf}): it must be unknown at commit time (design.md principle 4)"
    )]
    BeaconNotLater {
        tree_size: u64,
        commitment_leaf: u64,
    },
    #[error("seat {seat} does not exist")]
    UnknownSeat { seat: u32 },
    #[error("seat {seat} has already answered")]
    SeatAnswered { seat: u32 },
    #[error("no seat was declined: nothing to redraw")]
    NothingDeclined,
    #[error("seats {seats:?} declined and are not redrawn yet: redraw before the reveal")]
    SeatsDeclined { seats: Vec<u32> },
    #[error("the revealed list does not match the sealed one the log recorded")]
    ListMismatch,
    #[error("the list stays sealed until the evaluation starts ({})", crate::trade::error::show_time(.from))]
    StillSealed { from: OffsetDateTime },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
}

crate::refusals!(DrawStateError {
    WrongRole { .. } => "draw.wrong_role", Forbidden;
    WrongPhase { .. } => "draw.wrong_phase", Rule;
    BeaconNotLater { .. } => "draw.beacon_not_later", Rule;
    UnknownSeat { .. } => "draw.unknown_seat", Rule;
    SeatAnswered { .. } => "draw.seat_answered", Rule;
    NothingDeclined => "draw.no_seat_declined", Rule;
    SeatsDeclined { .. } => "draw.seats_declined", Rule;
    ListMismatch => "draw.list_mismatch", Rule;
    StillSealed { .. } => "draw.still_sealed", Rule;
    Invalid { .. } => "draw.invalid_input", Rule;
} wraps {
    Draw(e) => e;
});

impl From<RequestError> for DrawStateError {
    fn from(e: RequestError) -> Self {
        DrawStateError::Draw(e.into())
    }
}
