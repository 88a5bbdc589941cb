//! The center's rooms: opening rooms (开标室) and evaluation rooms (评标室), with how many
//! people each seats. A trade books only rooms the center has, of the right purpose, still
//! in use, and an evaluation room that seats the smallest committee the law allows for it.
//! (Double booking is the room's own stream's rule: [`crate::venue`].)

use serde::{Deserialize, Serialize};

use crate::accounts::display_name;
use crate::center::error::CenterError;
use crate::trade::command::VenueBooking;
use crate::values::RoomId;
use crate::venue::RoomPurpose;

/// The most seats a room may declare (a sanity bound, not a rule of law).
pub const MAX_CAPACITY: u16 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub room: RoomId,
    pub name: String,
    pub purpose: RoomPurpose,
    pub capacity: u16,
}

impl Venue {
    pub(crate) fn checked(&self) -> Result<Venue, CenterError> {
        if self.capacity == 0 || self.capacity > MAX_CAPACITY {
            return Err(CenterError::BadVenue {
                room: self.room.clone(),
                reason: format!("seats: 1 to {MAX_CAPACITY}"),
            });
        }
        Ok(Venue {
            name: display_name("room name", &self.name, 100)?,
            ..self.clone()
        })
    }
}

/// A venue as the center holds it: retired rooms stay (old bookings name them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueEntry {
    pub venue: Venue,
    pub retired: bool,
}

/// Whether `booking` names rooms of `venues` fit for it: the opening room an opening room,
/// the evaluation room an evaluation room seating at least `committee` (the legal minimum
/// for the trade's method and estimate, with its article).
pub fn check_booking(
    venues: &[VenueEntry],
    booking: &VenueBooking,
    committee: (u32, &'static str),
) -> Result<(), CenterError> {
    let room = |id: &RoomId, purpose: RoomPurpose| -> Result<&Venue, CenterError> {
        let entry = venues
            .iter()
            .find(|v| &v.venue.room == id)
            .ok_or_else(|| CenterError::UnknownVenue { room: id.clone() })?;
        if entry.retired {
            return Err(CenterError::VenueRetired { room: id.clone() });
        }
        if entry.venue.purpose != purpose {
            return Err(CenterError::WrongPurpose {
                room: id.clone(),
                purpose,
            });
        }
        Ok(&entry.venue)
    };
    room(&booking.opening_room, RoomPurpose::Opening)?;
    let evaluation = room(&booking.evaluation_room, RoomPurpose::Evaluation)?;
    let (needed, article) = committee;
    if u32::from(evaluation.capacity) < needed {
        return Err(CenterError::RoomTooSmall {
            room: evaluation.room.clone(),
            capacity: evaluation.capacity,
            needed,
            article,
        });
    }
    Ok(())
}

/// [`check_booking`] for a registered trade: its evaluation room must seat the smallest
/// committee the law allows for the trade's line, method and estimate.
pub fn check_trade_booking(
    venues: &[VenueEntry],
    trade: &crate::trade::TradeState,
    booking: &VenueBooking,
) -> Result<(), CenterError> {
    let committee = trade
        .registration
        .as_ref()
        .and_then(|r| {
            crate::methods::rules_for(r.line, r.method)
                .ok()
                .map(|rules| rules.committee_minimum(r.estimate))
        })
        // Not registered: no committee yet, any evaluation room seats it.
        .unwrap_or((1, ""));
    check_booking(venues, booking, committee)
}
