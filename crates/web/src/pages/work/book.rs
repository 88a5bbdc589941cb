//! The venue booking form: the center's rooms picked from lists by name and seats (opening
//! rooms for the opening, evaluation rooms for the evaluation), and, after a refusal (a room
//! of the wrong kind or too small, one no longer in use, a clash), the same form again with
//! what was picked, the wrong field marked and the reason.
use std::collections::BTreeMap;

use domain::center::Venue;
use domain::venue::RoomPurpose;
use legal_time::OffsetDateTime;

use super::super::Tr;
use super::super::common::local_input;
use super::rows::{Act, field};

/// A refused venue booking shown again: the trade, what was picked, the field and why.
pub struct Retry {
    pub trade: String,
    pub sent: BTreeMap<String, String>,
    pub field: Option<&'static str>,
    pub code: &'static str,
    pub message: String,
}

/// What the forms are made with: now, the rooms a booking may pick, a refused booking.
pub struct Making<'a> {
    pub now: OffsetDateTime,
    pub rooms: &'a [Venue],
    pub retry: Option<&'a Retry>,
}

/// The rooms of `purpose` as (value, label) options: "name · seats".
fn options(t: &Tr, rooms: &[Venue], purpose: RoomPurpose) -> Vec<(String, String)> {
    rooms
        .iter()
        .filter(|v| v.purpose == purpose)
        .map(|v| {
            let label = t
                .s("ui.work.room_option")
                .replace("{name}", &v.name)
                .replace("{capacity}", &v.capacity.to_string());
            (v.room.to_string(), label)
        })
        .collect()
}

/// The booking form of trade `id`: rooms from lists, times three weeks ahead by default.
pub fn book_form(t: &Tr, id: &str, m: &Making) -> Act {
    let retry = m.retry.filter(|r| r.trade == id);
    let opening = m.now + time::Duration::days(21);
    let at = |hours| local_input(opening + time::Duration::hours(hours));
    let pick = |name, label, purpose| {
        let options = options(t, m.rooms, purpose);
        let first = options.first().map(|o| o.0.clone()).unwrap_or_default();
        super::rows::Field {
            options,
            ..field(t, name, label, "select", first)
        }
    };
    let mut fields = vec![
        pick("opening_room", "ui.work.opening_room", RoomPurpose::Opening),
        field(
            t,
            "opening_at",
            "ui.work.opening_at",
            "datetime-local",
            at(0),
        ),
        pick(
            "evaluation_room",
            "ui.work.evaluation_room",
            RoomPurpose::Evaluation,
        ),
        field(
            t,
            "evaluation_from",
            "ui.work.evaluation_from",
            "datetime-local",
            at(1),
        ),
        field(
            t,
            "evaluation_to",
            "ui.work.evaluation_to",
            "datetime-local",
            at(7),
        ),
    ];
    let mut act = super::rows::act(t, id, "book", "ui.work.book", vec![]);
    if let Some(r) = retry {
        for f in &mut fields {
            if let Some(v) = r.sent.get(f.name) {
                f.value = v.clone();
            }
            f.wrong = r.field.is_some_and(|w| w == f.name) || r.field == Some("both");
        }
        act.error = Some((r.code, r.message.clone()));
    }
    act.fields = fields;
    act
}

/// The field a refused booking is about: the evaluation room when it is too small, else
/// the picked room that is not a bookable room of its kind; a clash names both rooms.
pub fn wrong_field(code: &str, rooms: &[Venue], sent: &BTreeMap<String, String>) -> &'static str {
    let fits = |name: &str, purpose| {
        let picked = sent.get(name).map_or("", |s| s.trim());
        rooms
            .iter()
            .any(|v| v.room.as_str() == picked && v.purpose == purpose)
    };
    match code {
        "center.room_too_small" => "evaluation_room",
        "room.double_booked" | "room.invalid_slot" => "both",
        _ if !fits("opening_room", RoomPurpose::Opening) => "opening_room",
        _ => "evaluation_room",
    }
}
