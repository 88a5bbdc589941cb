//! The center (issue #13): one aggregate on the stream `center` holding everything a
//! trading center sets up before its first trade, each setting an event with who and when:
//!
//! * its [`Profile`] (name, region) and [`Settings`] (how long sign-in links work);
//! * its opening-key policy ([`OpeningTerms`]: custodian sides, k of n, suite, window);
//! * its rooms ([`Venue`]: opening and evaluation rooms with their seats);
//! * the banks and guarantee issuers it trusts ([`TrustedSigner`], public keys with names);
//! * the holiday calendars of coming years ([`HolidayYear`], imported after a [`preview`]);
//! * its administrators: the roster that keeps the last one from being removed.
//!
//! `sunbid init` establishes it (as the platform); afterwards every change is
//! `manage_center`, the administrator's. The platform reads its policy, rooms, trusted keys
//! and calendars from this state, so the demo is one way of filling a center.
//!
//! The roster mirrors the administrators' person streams: the app appends
//! `AddAdministrator` / `RemoveAdministrator` here in the same transaction as the person's
//! registration, disabling or enabling, so the rule "not the last one" holds even when two
//! administrators disable each other at once (the second append meets a new version).

mod error;
mod holidays;
mod signers;
mod state;
mod terms;
mod venues;

pub use error::CenterError;
pub use holidays::{CalendarPreview, HolidayDay, HolidayYear, preview};
pub use signers::{SignerKind, TrustedSigner};
pub use state::{Center, CenterState};
pub use terms::{
    CustodianSide, MAX_BID_MIB, OpeningTerms, Profile, SUITES, Settings, WINDOW_MINUTES,
};
pub use venues::{MAX_CAPACITY, Venue, VenueEntry, check_booking, check_trade_booking};

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::accounts::{PersonId, PublicKey};
use crate::aggregate::DomainEvent;
use crate::serde_time;
use crate::values::RoomId;

/// The center's stream.
pub const CENTER_STREAM: &str = "center";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CenterCommand {
    /// Once, by the platform (`sunbid init`).
    Establish {
        profile: Profile,
        policy: OpeningTerms,
        settings: Settings,
    },
    SetProfile {
        profile: Profile,
    },
    SetOpeningPolicy {
        policy: OpeningTerms,
    },
    SetSettings {
        settings: Settings,
    },
    AddVenue {
        venue: Venue,
    },
    /// Rename a room, change its purpose or seats.
    ChangeVenue {
        venue: Venue,
    },
    /// The room is no longer booked (bookings made stay).
    RetireVenue {
        room: RoomId,
    },
    TrustSigner {
        signer: TrustedSigner,
    },
    DistrustSigner {
        key: PublicKey,
    },
    ImportCalendar {
        year: HolidayYear,
    },
    /// Appended by the app with an administrator's registration or re-enabling.
    AddAdministrator {
        person: PersonId,
    },
    /// Appended by the app with an administrator's disabling.
    RemoveAdministrator {
        person: PersonId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CenterEvent {
    Established {
        profile: Profile,
        policy: OpeningTerms,
        settings: Settings,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ProfileSet {
        profile: Profile,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    OpeningPolicySet {
        policy: OpeningTerms,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    SettingsSet {
        settings: Settings,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    VenueAdded {
        venue: Venue,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    VenueChanged {
        venue: Venue,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    VenueRetired {
        room: RoomId,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    SignerTrusted {
        signer: TrustedSigner,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    SignerDistrusted {
        key: PublicKey,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    CalendarImported {
        year: HolidayYear,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    AdministratorAdded {
        person: PersonId,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    AdministratorRemoved {
        person: PersonId,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for CenterEvent {
    fn kind(&self) -> &'static str {
        match self {
            CenterEvent::Established { .. } => "center.established",
            CenterEvent::ProfileSet { .. } => "center.profile_set",
            CenterEvent::OpeningPolicySet { .. } => "center.opening_policy_set",
            CenterEvent::SettingsSet { .. } => "center.settings_set",
            CenterEvent::VenueAdded { .. } => "center.venue_added",
            CenterEvent::VenueChanged { .. } => "center.venue_changed",
            CenterEvent::VenueRetired { .. } => "center.venue_retired",
            CenterEvent::SignerTrusted { .. } => "center.signer_trusted",
            CenterEvent::SignerDistrusted { .. } => "center.signer_distrusted",
            CenterEvent::CalendarImported { .. } => "center.calendar_imported",
            CenterEvent::AdministratorAdded { .. } => "center.administrator_added",
            CenterEvent::AdministratorRemoved { .. } => "center.administrator_removed",
        }
    }
}
