//! The center's state and how it decides.

use std::collections::{BTreeMap, BTreeSet};

use legal_time::{Calendar, OffsetDateTime};

use crate::access::{Action, Relation, authorize};
use crate::accounts::{PersonId, PublicKey};
use crate::aggregate::{Aggregate, Context, Role};
use crate::center::error::CenterError;
use crate::center::holidays::HolidayYear;
use crate::center::signers::TrustedSigner;
use crate::center::terms::{OpeningTerms, Profile, Settings};
use crate::center::venues::VenueEntry;
use crate::center::{CenterCommand, CenterEvent};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Center {
    pub profile: Profile,
    pub policy: OpeningTerms,
    pub settings: Settings,
    /// Every room ever added, in the order added.
    pub venues: Vec<VenueEntry>,
    pub signers: Vec<TrustedSigner>,
    /// The imported holiday years, by year (the latest import of each).
    pub calendars: BTreeMap<i32, HolidayYear>,
    /// The administrators who can act (registered and not disabled).
    pub administrators: BTreeSet<PersonId>,
    pub established_at: OffsetDateTime,
}

impl Center {
    /// The keys whose deposit arrival notices count (banks').
    pub fn notice_signers(&self) -> impl Iterator<Item = &PublicKey> {
        self.signers
            .iter()
            .filter(|s| s.kind.signs_notices())
            .map(|s| &s.key)
    }

    /// The keys whose guarantees count.
    pub fn guarantee_signers(&self) -> impl Iterator<Item = &PublicKey> {
        self.signers
            .iter()
            .filter(|s| s.kind.signs_guarantees())
            .map(|s| &s.key)
    }

    /// `base` (the calendar shipped with the software) with the center's years laid over it.
    pub fn calendar(&self, base: &Calendar) -> Result<Calendar, CenterError> {
        let mut calendar = base.clone();
        for year in self.calendars.values() {
            year.load_into(&mut calendar)?;
        }
        Ok(calendar)
    }

    fn venue(&self, room: &crate::values::RoomId) -> Result<&VenueEntry, CenterError> {
        self.venues
            .iter()
            .find(|v| &v.venue.room == room)
            .ok_or_else(|| CenterError::UnknownVenue { room: room.clone() })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CenterState {
    pub center: Option<Center>,
}

impl CenterState {
    pub fn established(&self) -> Result<&Center, CenterError> {
        self.center.as_ref().ok_or(CenterError::NotEstablished)
    }
}

fn same<T: PartialEq>(old: &T, new: &T, what: &'static str) -> Result<(), CenterError> {
    if old == new {
        Err(CenterError::NoChange { what })
    } else {
        Ok(())
    }
}

fn establish(
    state: &CenterState,
    profile: &Profile,
    policy: &OpeningTerms,
    settings: &Settings,
    at: OffsetDateTime,
) -> Result<CenterEvent, CenterError> {
    if let Some(c) = &state.center {
        return Err(CenterError::AlreadyEstablished {
            name: c.profile.name.clone(),
        });
    }
    policy.check()?;
    settings.check()?;
    Ok(CenterEvent::Established {
        profile: profile.checked()?,
        policy: policy.clone(),
        settings: settings.clone(),
        at,
    })
}

/// The roster's rules: the platform appoints only the first administrator (`sunbid init`),
/// and the last one stays.
fn roster(c: &Center, command: &CenterCommand, ctx: &Context<'_>) -> Result<(), CenterError> {
    authorize(ctx.actor.role, Action::ManageStaff, None, Relation::None)?;
    match command {
        CenterCommand::AddAdministrator { person } => {
            if c.administrators.contains(person) {
                return Err(CenterError::AlreadyAdministrator {
                    person: person.clone(),
                });
            }
            if ctx.actor.role == Role::Platform && !c.administrators.is_empty() {
                return Err(CenterError::NotFirstAdministrator);
            }
        }
        CenterCommand::RemoveAdministrator { person } => {
            if !c.administrators.contains(person) {
                return Err(CenterError::NotAdministrator {
                    person: person.clone(),
                });
            }
            if c.administrators.len() == 1 {
                return Err(CenterError::LastAdministrator {
                    person: person.clone(),
                });
            }
        }
        _ => {}
    }
    Ok(())
}

fn setting(
    c: &Center,
    command: &CenterCommand,
    ctx: &Context<'_>,
) -> Result<CenterEvent, CenterError> {
    use CenterCommand as C;
    let at = ctx.now;
    Ok(match command {
        C::Establish { .. } => unreachable!("decided apart"),
        C::AddAdministrator { person } => CenterEvent::AdministratorAdded {
            person: person.clone(),
            at,
        },
        C::RemoveAdministrator { person } => CenterEvent::AdministratorRemoved {
            person: person.clone(),
            at,
        },
        C::SetProfile { profile } => {
            let profile = profile.checked()?;
            same(&c.profile, &profile, "the profile")?;
            CenterEvent::ProfileSet { profile, at }
        }
        C::SetOpeningPolicy { policy } => {
            policy.check()?;
            same(&c.policy, policy, "the opening-key policy")?;
            CenterEvent::OpeningPolicySet {
                policy: policy.clone(),
                at,
            }
        }
        C::SetSettings { settings } => {
            settings.check()?;
            same(&c.settings, settings, "the settings")?;
            CenterEvent::SettingsSet {
                settings: settings.clone(),
                at,
            }
        }
        C::AddVenue { venue } => {
            let venue = venue.checked()?;
            if c.venue(&venue.room).is_ok() {
                return Err(CenterError::VenueExists { room: venue.room });
            }
            CenterEvent::VenueAdded { venue, at }
        }
        C::ChangeVenue { venue } => {
            let venue = venue.checked()?;
            let old = c.venue(&venue.room)?;
            if !old.retired {
                same(&old.venue, &venue, "the room")?;
            }
            CenterEvent::VenueChanged { venue, at }
        }
        C::RetireVenue { room } => {
            if c.venue(room)?.retired {
                return Err(CenterError::VenueRetired { room: room.clone() });
            }
            CenterEvent::VenueRetired {
                room: room.clone(),
                at,
            }
        }
        C::TrustSigner { signer } => {
            let signer = signer.checked()?;
            if c.signers.iter().any(|s| s.key == signer.key) {
                return Err(CenterError::SignerExists {
                    key: signer.key.to_string(),
                });
            }
            CenterEvent::SignerTrusted { signer, at }
        }
        C::DistrustSigner { key } => {
            if !c.signers.iter().any(|s| &s.key == key) {
                return Err(CenterError::UnknownSigner {
                    key: key.to_string(),
                });
            }
            CenterEvent::SignerDistrusted {
                key: key.clone(),
                at,
            }
        }
        C::ImportCalendar { year } => {
            let current = ctx.now.to_offset(legal_time::BEIJING).year();
            if year.year < current {
                return Err(CenterError::PastYear {
                    year: year.year,
                    current,
                });
            }
            // Checked like a file: the command's days may come from anywhere.
            let year = HolidayYear::parse(&year.to_json())?;
            if let Some(old) = c.calendars.get(&year.year) {
                same(old, &year, "the calendar of that year")?;
            }
            CenterEvent::CalendarImported { year, at }
        }
    })
}

/// No `CenterCommand` names a file.
impl crate::NamesFiles for CenterCommand {}

impl Aggregate for CenterState {
    type Command = CenterCommand;
    type Event = CenterEvent;
    type Error = CenterError;

    fn decide(
        &self,
        command: &CenterCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<CenterEvent>, CenterError> {
        if let CenterCommand::Establish {
            profile,
            policy,
            settings,
        } = command
        {
            authorize(
                ctx.actor.role,
                Action::EstablishCenter,
                None,
                Relation::None,
            )?;
            return Ok(vec![establish(self, profile, policy, settings, ctx.now)?]);
        }
        let c = self.established()?;
        match command {
            CenterCommand::AddAdministrator { .. } | CenterCommand::RemoveAdministrator { .. } => {
                roster(c, command, ctx)?
            }
            _ => authorize(ctx.actor.role, Action::ManageCenter, None, Relation::None)?,
        }
        Ok(vec![setting(c, command, ctx)?])
    }

    fn evolve(&mut self, event: &CenterEvent) {
        if let CenterEvent::Established {
            profile,
            policy,
            settings,
            at,
        } = event
        {
            self.center = Some(Center {
                profile: profile.clone(),
                policy: policy.clone(),
                settings: settings.clone(),
                venues: Vec::new(),
                signers: Vec::new(),
                calendars: BTreeMap::new(),
                administrators: BTreeSet::new(),
                established_at: *at,
            });
            return;
        }
        let Some(c) = &mut self.center else {
            return;
        };
        evolve_center(c, event);
    }
}

fn evolve_center(c: &mut Center, event: &CenterEvent) {
    use CenterEvent as E;
    match event {
        E::Established { .. } => {}
        E::ProfileSet { profile, .. } => c.profile = profile.clone(),
        E::OpeningPolicySet { policy, .. } => c.policy = policy.clone(),
        E::SettingsSet { settings, .. } => c.settings = settings.clone(),
        E::VenueAdded { venue, .. } => c.venues.push(VenueEntry {
            venue: venue.clone(),
            retired: false,
        }),
        E::VenueChanged { venue, .. } => {
            if let Some(v) = c.venues.iter_mut().find(|v| v.venue.room == venue.room) {
                v.venue = venue.clone();
                v.retired = false;
            }
        }
        E::VenueRetired { room, .. } => {
            if let Some(v) = c.venues.iter_mut().find(|v| &v.venue.room == room) {
                v.retired = true;
            }
        }
        E::SignerTrusted { signer, .. } => c.signers.push(signer.clone()),
        E::SignerDistrusted { key, .. } => c.signers.retain(|s| &s.key != key),
        E::CalendarImported { year, .. } => {
            c.calendars.insert(year.year, year.clone());
        }
        E::AdministratorAdded { person, .. } => {
            c.administrators.insert(person.clone());
        }
        E::AdministratorRemoved { person, .. } => {
            c.administrators.remove(person);
        }
    }
}
