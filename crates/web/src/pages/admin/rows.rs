//! The center's rooms and trusted keys as the administrator's page lists them.
use domain::center::Center;

use super::super::{Tr, room_name};
use super::form::{Attempt, FormView};

/// A room as listed: its name, how people call it, its purpose and seats.
pub struct VenueRow {
    pub room: String,
    pub called: String,
    pub name: String,
    pub purpose: String,
    pub capacity: u16,
    pub retired: bool,
    /// Rename or resize it (after a refusal: as typed, and why not).
    pub change: FormView,
}

pub fn venues(t: &Tr, c: &Center, attempt: Option<&Attempt>) -> Vec<VenueRow> {
    c.venues
        .iter()
        .map(|v| VenueRow {
            change: super::center::change_form(t, &v.venue, attempt),
            room: v.venue.room.to_string(),
            called: room_name(t, v.venue.room.as_str()),
            name: v.venue.name.clone(),
            purpose: t
                .s(&format!(
                    "ui.admin.purpose.{}",
                    super::super::common::serde_plain(&v.venue.purpose)
                ))
                .to_owned(),
            capacity: v.venue.capacity,
            retired: v.retired,
        })
        .collect()
}

/// A trusted key as listed: the institution's name, its kind, the key's algorithm and hex.
pub struct SignerRow {
    pub name: String,
    pub kind: String,
    pub algorithm: &'static str,
    pub hex: String,
}

pub fn signers(t: &Tr, c: &Center) -> Vec<SignerRow> {
    c.signers
        .iter()
        .map(|s| SignerRow {
            name: s.name.clone(),
            kind: t
                .s(&format!("ui.admin.signer_kind.{}", s.kind.as_str()))
                .to_owned(),
            algorithm: s.key.algorithm().as_str(),
            hex: s.key.hex().to_owned(),
        })
        .collect()
}
