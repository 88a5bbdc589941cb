//! `/admin`: the center's profile, opening-key policy and settings, its rooms, the banks and
//! guarantee issuers it trusts and its holiday calendars, each with its form. A calendar
//! file is shown as a preview first and imported only when confirmed.
use domain::center::{
    Center, CenterCommand, CustodianSide, OpeningTerms, Profile, SUITES, Settings, SignerKind,
    Venue,
};
use domain::venue::RoomPurpose;
use domain::{RegionCode, RoomId};

use super::super::Tr;
use super::super::step_forms::Sent;
use super::form::{self, Attempt, FormView, Wrong, field, number, pick, required, text, whole};

/// The actions of `/admin/{what}`.
pub const ACTIONS: &[&str] = &[
    "profile",
    "policy",
    "settings",
    "venue",
    "change_venue",
    "retire",
    "signer",
    "distrust",
    "calendar",
    "calendar_import",
];

/// What a form asks the app for.
pub enum Built {
    Change(CenterCommand),
    /// A calendar file to preview (its text).
    Preview(String),
    /// A previewed calendar, confirmed.
    Import(String),
}

/// The custodian sides a center may choose, as the form lists them.
const SIDES: [&str; 4] = [
    "witness,supervisor,party",
    "witness,supervisor",
    "witness,party",
    "supervisor,party",
];

fn sides_value(policy: &OpeningTerms) -> String {
    let names: Vec<&str> = policy.custodians.iter().map(|s| s.as_str()).collect();
    names.join(",")
}

fn sides_label(t: &Tr, value: &str) -> String {
    let names: Vec<String> = value
        .split(',')
        .map(|s| t.s(&format!("ui.admin.side.{s}")).to_owned())
        .collect();
    names.join(" + ")
}

/// The forms of the center's profile, policy and settings.
pub fn settings_forms(t: &Tr, c: &Center, attempt: Option<&Attempt>) -> Vec<FormView> {
    let p = &c.policy;
    let sides = SIDES
        .iter()
        .map(|v| ((*v).to_owned(), sides_label(t, v)))
        .collect();
    let suites = SUITES
        .iter()
        .map(|s| {
            (
                (*s).to_owned(),
                t.s(&format!("ui.admin.suite.{s}")).to_owned(),
            )
        })
        .collect();
    vec![
        form::view(
            t,
            "profile",
            "/admin/profile",
            "ui.admin.save",
            vec![
                text("name", "ui.admin.center_name", &c.profile.name),
                text("region", "ui.admin.region", c.profile.region.as_str()),
            ],
            attempt,
        ),
        form::view(
            t,
            "policy",
            "/admin/policy",
            "ui.admin.save",
            vec![
                pick("custodians", "ui.admin.custodians", sides).value(sides_value(p)),
                number("threshold", "ui.admin.threshold", p.threshold),
                pick("suite", "ui.admin.suite", suites).value(&p.suite),
                number(
                    "window_minutes",
                    "ui.admin.window_minutes",
                    p.window_minutes,
                ),
                number("max_bid_mib", "ui.admin.max_bid_mib", p.max_bid_mib),
            ],
            attempt,
        ),
        form::view(
            t,
            "settings",
            "/admin/settings",
            "ui.admin.save",
            vec![
                number(
                    "reset_link_minutes",
                    "ui.admin.reset_link_minutes",
                    c.settings.reset_link_minutes,
                ),
                number(
                    "first_sign_in_link_hours",
                    "ui.admin.first_sign_in_link_hours",
                    c.settings.first_sign_in_link_hours,
                ),
            ],
            attempt,
        ),
    ]
}

/// The forms that add a room, a trusted key and a calendar.
pub fn adding_forms(t: &Tr, attempt: Option<&Attempt>) -> Vec<FormView> {
    let purposes = ["opening", "evaluation"]
        .iter()
        .map(|p| {
            (
                (*p).to_owned(),
                t.s(&format!("ui.admin.purpose.{p}")).to_owned(),
            )
        })
        .collect();
    let kinds = [SignerKind::Bank, SignerKind::GuaranteeIssuer]
        .iter()
        .map(|k| {
            let key = format!("ui.admin.signer_kind.{}", k.as_str());
            (k.as_str().to_owned(), t.s(&key).to_owned())
        })
        .collect();
    vec![
        form::view(
            t,
            "venue",
            "/admin/venue",
            "ui.admin.add_venue",
            vec![
                text("room", "ui.admin.room", ""),
                text("name", "ui.admin.room_name", ""),
                pick("purpose", "ui.admin.purpose", purposes),
                number("capacity", "ui.admin.capacity", ""),
            ],
            attempt,
        ),
        form::view(
            t,
            "signer",
            "/admin/signer",
            "ui.admin.add_signer",
            vec![
                text("name", "ui.admin.signer_name", ""),
                pick("kind", "ui.admin.signer_kind", kinds),
                form::file("file", "ui.admin.key_file"),
            ],
            attempt,
        ),
        form::view(
            t,
            "calendar",
            "/admin/calendar",
            "ui.admin.preview",
            vec![form::file("file", "ui.admin.calendar_file")],
            attempt,
        ),
    ]
}

/// The command a form asks for, or the field that cannot be read.
pub fn build(what: &str, sent: &Sent, center: &Center) -> Result<Built, Wrong> {
    use CenterCommand as C;
    Ok(Built::Change(match what {
        "profile" => C::SetProfile {
            profile: Profile {
                name: required(sent, "name")?.to_owned(),
                region: RegionCode::parse(field(sent, "region"))
                    .map_err(|_| form::wrong("region", "admin.bad_region"))?,
            },
        },
        "policy" => C::SetOpeningPolicy {
            policy: policy(sent)?,
        },
        "settings" => C::SetSettings {
            settings: Settings {
                reset_link_minutes: whole(sent, "reset_link_minutes")?,
                first_sign_in_link_hours: whole(sent, "first_sign_in_link_hours")?,
            },
        },
        "venue" => C::AddVenue {
            venue: Venue {
                room: room(sent)?,
                name: required(sent, "name")?.to_owned(),
                purpose: match field(sent, "purpose") {
                    "evaluation" => RoomPurpose::Evaluation,
                    _ => RoomPurpose::Opening,
                },
                capacity: whole(sent, "capacity")?,
            },
        },
        "change_venue" => C::ChangeVenue {
            venue: changed_venue(sent, center)?,
        },
        "retire" => C::RetireVenue { room: room(sent)? },
        "distrust" => C::DistrustSigner {
            key: center
                .signers
                .iter()
                .find(|s| s.key.to_string() == field(sent, "key"))
                .map(|s| s.key.clone())
                .ok_or(form::wrong("key", "center.unknown_signer"))?,
        },
        "signer" => C::TrustSigner {
            signer: signer(sent)?,
        },
        "calendar" => return Ok(Built::Preview(calendar_text(sent)?)),
        "calendar_import" => return Ok(Built::Import(required(sent, "json")?.to_owned())),
        _ => return Err(form::wrong("", "not_found")),
    }))
}

fn policy(sent: &Sent) -> Result<OpeningTerms, Wrong> {
    let custodians = field(sent, "custodians")
        .split(',')
        .map(|s| match s {
            "witness" => Ok(CustodianSide::Witness),
            "supervisor" => Ok(CustodianSide::Supervisor),
            "party" => Ok(CustodianSide::Party),
            _ => Err(form::wrong("custodians", "center.bad_policy")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(OpeningTerms {
        custodians,
        threshold: whole(sent, "threshold")?,
        suite: field(sent, "suite").to_owned(),
        window_minutes: whole(sent, "window_minutes")?,
        max_bid_mib: whole(sent, "max_bid_mib")?,
    })
}

/// A room renamed or resized: its kind stays what the center holds.
fn changed_venue(sent: &Sent, center: &Center) -> Result<Venue, Wrong> {
    let room = room(sent)?;
    let held = center
        .venues
        .iter()
        .find(|v| v.venue.room == room)
        .ok_or(form::wrong("room", "center.unknown_venue"))?;
    Ok(Venue {
        name: required(sent, "name")?.to_owned(),
        capacity: whole(sent, "capacity")?,
        purpose: held.venue.purpose,
        room,
    })
}

/// The form that renames or resizes room `room` (its id: `change_venue-<room>`).
pub fn change_form(t: &Tr, venue: &Venue, attempt: Option<&Attempt>) -> FormView {
    form::view(
        t,
        format!("change_venue-{}", venue.room),
        "/admin/change_venue",
        "ui.admin.change_venue",
        vec![
            text("name", "ui.admin.room_name", &venue.name),
            number("capacity", "ui.admin.capacity", venue.capacity),
        ],
        attempt,
    )
    .hidden("room", venue.room.to_string())
}

fn room(sent: &Sent) -> Result<RoomId, Wrong> {
    RoomId::parse(field(sent, "room")).map_err(|_| form::wrong("room", "admin.bad_room"))
}

fn signer(sent: &Sent) -> Result<domain::center::TrustedSigner, Wrong> {
    let name = required(sent, "name")?;
    let kind = match field(sent, "kind") {
        "guarantee_issuer" => SignerKind::GuaranteeIssuer,
        _ => SignerKind::Bank,
    };
    let file = form::upload(sent, "file")?;
    app::center::signer_from_file(name, kind, file).map_err(|e| form::wrong("file", e.code()))
}

fn calendar_text(sent: &Sent) -> Result<String, Wrong> {
    let bytes = form::upload(sent, "file")?;
    String::from_utf8(bytes.to_vec()).map_err(|_| form::wrong("file", "center.bad_calendar"))
}
