//! The center's use cases (issue #13): `sunbid init` establishes it (as the platform, with
//! its venues, trusted keys and first administrator in one transaction); afterwards the
//! administrator changes its settings one event at a time. Everything is on the `center`
//! stream, each event with who and when. The people who run the center are in `staff.rs`.

mod links;
mod people;
pub(crate) mod staff;

pub use links::{LinkText, LinkTexts};
pub use people::{
    PendingLinkRow, StaffRow, bind_certificate, bind_key_file, signer_from_file, staff,
};
pub use staff::{
    FirstSignIn, disable, enable, redeem_link, redeem_link_with_keys, register_staff,
    send_reset_link,
};

use domain::center::{
    CENTER_STREAM, CalendarPreview, Center, CenterCommand, CenterState, HolidayYear, OpeningTerms,
    Profile, Settings, TrustedSigner, Venue,
};
use domain::{Actor, PersonId};

use crate::error::AppError;
use crate::pipeline::{Stored, just};
use crate::platform::Platform;
use crate::stream::Meta;

/// One center per store: its stream has no key.
impl Stored for CenterState {
    type Key = ();
    type Extra = ();
    const NAME: &'static str = "center";

    fn stream(_: &()) -> String {
        CENTER_STREAM.to_owned()
    }
}

/// What `sunbid init` writes.
#[derive(Debug, Clone)]
pub struct CenterSetup {
    pub profile: Profile,
    pub policy: OpeningTerms,
    pub settings: Settings,
    pub venues: Vec<Venue>,
    pub signers: Vec<TrustedSigner>,
    /// The first administrator: sign-in name and name.
    pub administrator: (PersonId, String),
}

/// The center as it stands, or `None` before `sunbid init`.
pub async fn center(platform: &Platform) -> Result<Option<Center>, AppError> {
    Ok(platform.read::<CenterState>(&()).await?.state.center)
}

/// The rooms a trade may book now (the center's, not retired), opening rooms first; none
/// before `sunbid init`.
pub async fn bookable_rooms(platform: &Platform) -> Result<Vec<Venue>, AppError> {
    let mut rooms: Vec<Venue> = center(platform)
        .await?
        .map(|c| c.venues)
        .unwrap_or_default()
        .into_iter()
        .filter(|v| !v.retired)
        .map(|v| v.venue)
        .collect();
    rooms.sort_by_key(|v| v.purpose != domain::venue::RoomPurpose::Opening);
    Ok(rooms)
}

/// Whether `booking` names the center's rooms fit for `trade` (kind, in use, seats for the
/// committee its method and estimate need). Before `sunbid init` the platform knows no
/// rooms and checks none (a store without a center has no staff to book either).
pub(crate) async fn check_booking(
    platform: &Platform,
    trade: &domain::TradeState,
    booking: &domain::trade::VenueBooking,
) -> Result<(), AppError> {
    let Some(c) = center(platform).await? else {
        return Ok(());
    };
    domain::center::check_trade_booking(&c.venues, trade, booking).map_err(|e| {
        tracing::info!(code = e.code(), "booking refused");
        AppError::refused(&e)
    })
}

/// Establishes the center on an empty store: profile, policy, settings, venues, trusted
/// keys and the first administrator in one transaction, as the platform; returns the
/// administrator's one-time sign-in link (its token exists nowhere else).
pub async fn establish(
    platform: &Platform,
    setup: CenterSetup,
    meta: &Meta,
) -> Result<FirstSignIn, AppError> {
    let actor = Actor::platform();
    let mut commands = vec![CenterCommand::Establish {
        profile: setup.profile,
        policy: setup.policy,
        settings: setup.settings,
    }];
    commands.extend(
        setup
            .venues
            .into_iter()
            .map(|venue| CenterCommand::AddVenue { venue }),
    );
    commands.extend(
        setup
            .signers
            .into_iter()
            .map(|signer| CenterCommand::TrustSigner { signer }),
    );
    let (id, name) = setup.administrator;
    staff::first_administrator(platform, commands, id, name, &actor, meta).await
}

/// Appoints the first administrator of a center established without one (the demo's), as
/// the platform; refused once the center has an administrator.
pub async fn appoint_first_administrator(
    platform: &Platform,
    id: PersonId,
    name: String,
    meta: &Meta,
) -> Result<FirstSignIn, AppError> {
    staff::first_administrator(platform, vec![], id, name, &Actor::platform(), meta).await
}

/// Changes one setting of the center (profile, opening-key policy, settings, venues,
/// trusted keys, a holiday calendar), as the administrator, or as the platform for
/// `sunbid init --update`. The roster changes only with a person (see `staff.rs`).
pub async fn change(
    platform: &Platform,
    command: CenterCommand,
    actor: &Actor,
    meta: &Meta,
) -> Result<u64, AppError> {
    if matches!(
        command,
        CenterCommand::Establish { .. }
            | CenterCommand::AddAdministrator { .. }
            | CenterCommand::RemoveAdministrator { .. }
    ) {
        return Err(AppError::Invalid(
            "establish with `sunbid init`; administrators change with their accounts".into(),
        ));
    }
    let done = platform
        .run::<CenterState>(&(), actor, meta, just(command))
        .await?;
    if let Some(c) = &done.state.center {
        tracing::info!(center = %c.profile.name, version = done.version, "center changed");
    }
    Ok(done.version)
}

/// Parses a holiday calendar file and compares it with the calendar in force: what the
/// administrator sees before importing it. Changes nothing.
pub async fn preview_calendar(
    platform: &Platform,
    json: &str,
) -> Result<(HolidayYear, CalendarPreview), AppError> {
    let year = HolidayYear::parse(json).map_err(|e| AppError::refused(&e))?;
    let current = match center(platform).await? {
        Some(c) => c
            .calendar(platform.calendar())
            .map_err(|e| AppError::refused(&e))?,
        None => platform.calendar().clone(),
    };
    let preview = domain::center::preview(&year, &current);
    Ok((year, preview))
}

/// Imports a holiday calendar file (after its preview), as `actor`.
pub async fn import_calendar(
    platform: &Platform,
    json: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<u64, AppError> {
    let year = HolidayYear::parse(json).map_err(|e| AppError::refused(&e))?;
    change(
        platform,
        CenterCommand::ImportCalendar { year },
        actor,
        meta,
    )
    .await
}
