//! Why a center command was refused: each variant names its rule and has a stable code
//! (`access.*` when the matrix refused, `center.*` otherwise).

use crate::access::Denied;
use crate::accounts::PersonId;
use crate::values::{RoomId, ValueError};
use crate::venue::RoomPurpose;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CenterError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error("no center here yet: run `sunbid init` first")]
    NotEstablished,
    #[error("this store already holds a center ({name}): change its settings instead")]
    AlreadyEstablished { name: String },
    #[error("{what} is already so: nothing to change")]
    NoChange { what: &'static str },
    #[error("opening-key policy, {field}: {reason}")]
    BadPolicy { field: &'static str, reason: String },
    #[error(
        "opening-key policy: {threshold} of {custodians} custodians; at least 2 and at most {custodians} must be needed, so that no single side can unseal a bid before the deadline (电子招标投标办法 第27条)"
    )]
    BadThreshold { threshold: u8, custodians: usize },
    #[error("setting {field}: {reason}")]
    BadSetting { field: &'static str, reason: String },
    #[error("room {room}: {reason}")]
    BadVenue { room: RoomId, reason: String },
    #[error("room {room} is already one of the center's rooms")]
    VenueExists { room: RoomId },
    #[error("room {room} is not one of the center's rooms")]
    UnknownVenue { room: RoomId },
    #[error("room {room} is no longer in use")]
    VenueRetired { room: RoomId },
    #[error("room {room} is not an {} room", purpose_name(*.purpose))]
    WrongPurpose { room: RoomId, purpose: RoomPurpose },
    #[error(
        "evaluation room {room} seats {capacity}; the committee of this trade has at least {needed} members ({article})"
    )]
    RoomTooSmall {
        room: RoomId,
        capacity: u16,
        needed: u32,
        article: &'static str,
    },
    #[error("key {key} is already trusted")]
    SignerExists { key: String },
    #[error("key {key} is not a trusted key")]
    UnknownSigner { key: String },
    #[error("holiday calendar: {reason}")]
    BadCalendar { reason: String },
    #[error(
        "the calendar of {year} is past: deadlines were computed on it and must not change (import {current} or later)"
    )]
    PastYear { year: i32, current: i32 },
    #[error("{person} is already an administrator")]
    AlreadyAdministrator { person: PersonId },
    #[error("{person} is not an administrator")]
    NotAdministrator { person: PersonId },
    #[error("the center already has an administrator: only an administrator appoints another")]
    NotFirstAdministrator,
    #[error(
        "{person} is the last administrator: appoint another one first, or nobody could manage the center's accounts"
    )]
    LastAdministrator { person: PersonId },
}

fn purpose_name(purpose: RoomPurpose) -> &'static str {
    match purpose {
        RoomPurpose::Opening => "opening",
        RoomPurpose::Evaluation => "evaluation",
    }
}

// Every center refusal is a rule of the center's set-up; the matrix's denials keep their own.
crate::refusals!(CenterError {
    Value(_) => "center.invalid_value", Rule;
    NotEstablished => "center.not_established", Rule;
    AlreadyEstablished { .. } => "center.already_established", Rule;
    NoChange { .. } => "center.no_change", Rule;
    BadPolicy { .. } => "center.bad_policy", Rule;
    BadThreshold { .. } => "center.bad_threshold", Rule, "电子招标投标办法 第27条";
    BadSetting { .. } => "center.bad_setting", Rule;
    BadVenue { .. } => "center.bad_venue", Rule;
    VenueExists { .. } => "center.venue_exists", Rule;
    UnknownVenue { .. } => "center.unknown_venue", Rule;
    VenueRetired { .. } => "center.venue_retired", Rule;
    WrongPurpose { .. } => "center.wrong_purpose", Rule;
    RoomTooSmall { article, .. } => "center.room_too_small", Rule, *article;
    SignerExists { .. } => "center.signer_exists", Rule;
    UnknownSigner { .. } => "center.unknown_signer", Rule;
    BadCalendar { .. } => "center.bad_calendar", Rule;
    PastYear { .. } => "center.past_year", Rule;
    AlreadyAdministrator { .. } => "center.already_administrator", Rule;
    NotAdministrator { .. } => "center.not_administrator", Rule;
    NotFirstAdministrator => "center.not_first_administrator", Rule;
    LastAdministrator { .. } => "center.last_administrator", Rule;
} wraps {
    Denied(d) => d;
});
