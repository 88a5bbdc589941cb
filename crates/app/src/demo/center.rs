//! The demo's center, filled through the center's own commands as `sunbid init` would (as
//! the platform): its profile and the rooms every demo trade books. Its administrator is
//! left to a test or a person (the roster starts empty, so the first one may still be
//! appointed: [`crate::center::appoint_first_administrator`]).
use domain::center::{CenterCommand, CenterState, OpeningTerms, Profile, Settings, Venue};
use domain::venue::RoomPurpose;
use domain::{Actor, RegionCode, RoomId};

use crate::error::AppError;
use crate::pipeline::Current;
use crate::platform::Platform;
use crate::stream::Meta;

/// How many opening and evaluation rooms the demo center has (`opening-1`…, `evaluation-1`…).
pub const DEMO_ROOMS: u16 = 9;
/// A small evaluation room for negotiation groups: too small for a tendering committee.
pub const DEMO_SMALL_ROOM: &str = "evaluation-10";

/// The demo center's rooms: opening rooms seating 40, evaluation rooms 13, one small room.
pub fn demo_venues() -> Vec<Venue> {
    let room = |kind: &str, n: u16, name: String, purpose, capacity| Venue {
        room: RoomId::parse(&format!("{kind}-{n}")).expect("valid room id"),
        name,
        purpose,
        capacity,
    };
    let mut venues = Vec::new();
    for n in 1..=DEMO_ROOMS {
        venues.push(room(
            "opening",
            n,
            format!("{n}号开标室"),
            RoomPurpose::Opening,
            40,
        ));
        let name = format!("{n}号评标室");
        venues.push(room("evaluation", n, name, RoomPurpose::Evaluation, 13));
    }
    let small = "10号评标室（洽谈室）".to_owned();
    venues.push(room("evaluation", 10, small, RoomPurpose::Evaluation, 3));
    venues
}

/// Establishes the demo center with its rooms, in one transaction, as the platform.
pub async fn seed_center(platform: &Platform) -> Result<(), AppError> {
    let mut commands = vec![CenterCommand::Establish {
        profile: Profile {
            name: super::DemoOrg::Center.name(),
            region: RegionCode::parse("330100").expect("valid region"),
        },
        policy: OpeningTerms::default(),
        settings: Settings::default(),
    }];
    commands.extend(
        demo_venues()
            .into_iter()
            .map(|venue| CenterCommand::AddVenue { venue }),
    );
    let plan = move |_: &Current<CenterState>| Ok(commands.clone());
    platform
        .run::<CenterState>(&(), &Actor::platform(), &Meta::default(), plan)
        .await?;
    Ok(())
}
