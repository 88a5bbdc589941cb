//! `sunbid init`: creates a center on an empty store (profile, opening-key policy, venues,
//! trusted keys, the first administrator with a one-time sign-in link printed once), or with
//! `--update` changes what it names on an existing one. Every setting is an event in the log.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;
use app::Meta;
use app::center::CenterSetup;
use domain::center::{CenterCommand, OpeningTerms, Profile, Settings};
use domain::{Actor, PersonId, RegionCode};
use legal_time::SystemClock;

use crate::setup::{StoreOptions, open_platform};

mod specs;

use specs::{signer, venue};

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The center's name, as on its seal.
    #[arg(long)]
    name: Option<String>,
    /// The region it serves (GB/T 2260 code, e.g. 350100).
    #[arg(long)]
    region: Option<String>,
    /// The first administrator's sign-in name.
    #[arg(long, default_value = "admin")]
    admin: String,
    /// The first administrator's name.
    #[arg(long, default_value = "系统管理员")]
    admin_name: String,
    /// A room: ID:opening|evaluation:SEATS:NAME (repeatable).
    #[arg(long = "venue")]
    venues: Vec<String>,
    /// A trusted key: bank|guarantee_issuer:ed25519|sm2:HEX:NAME (repeatable).
    #[arg(long = "trust")]
    trusted: Vec<String>,
    /// How many custodians open a round's key (of three sides).
    #[arg(long)]
    threshold: Option<u8>,
    /// The decryption window after the deadline, in minutes.
    #[arg(long)]
    window_minutes: Option<u32>,
    /// Where the server answers, for the printed link.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Change an existing center (only what is named) instead of creating one.
    #[arg(long)]
    update: bool,
}

fn policy(args: &InitArgs, base: OpeningTerms) -> OpeningTerms {
    OpeningTerms {
        threshold: args.threshold.unwrap_or(base.threshold),
        window_minutes: args.window_minutes.unwrap_or(base.window_minutes),
        ..base
    }
}

pub async fn run(opts: &StoreOptions, args: InitArgs) -> anyhow::Result<ExitCode> {
    let platform = open_platform(opts, Arc::new(SystemClock)).await?;
    let venues = args
        .venues
        .iter()
        .map(|v| venue(v))
        .collect::<Result<Vec<_>, _>>()?;
    let signers = args
        .trusted
        .iter()
        .map(|s| signer(s))
        .collect::<Result<Vec<_>, _>>()?;
    let existing = app::center::center(&platform).await?;
    match (existing, args.update) {
        (None, false) => {
            let (Some(name), Some(region)) = (&args.name, &args.region) else {
                bail!("a new center needs --name and --region");
            };
            let setup = CenterSetup {
                profile: Profile {
                    name: name.clone(),
                    region: RegionCode::parse(region)?,
                },
                policy: policy(&args, OpeningTerms::default()),
                settings: Settings::default(),
                venues,
                signers,
                administrator: (PersonId::parse(&args.admin)?, args.admin_name.clone()),
            };
            let link = app::center::establish(&platform, setup, &Meta::default()).await?;
            println!("Center {name} created in {}.", opts.data.display());
            println!(
                "The administrator {} signs in once with this link (shown only now, valid until {}):",
                link.person, link.expires_at
            );
            println!("  {}{}", args.url.trim_end_matches('/'), link.path());
            Ok(ExitCode::SUCCESS)
        }
        (Some(c), false) => bail!(
            "{} already holds the center {:?}; name what to change with --update",
            opts.data.display(),
            c.profile.name
        ),
        (None, true) => bail!("there is no center to update; run `sunbid init` without --update"),
        (Some(c), true) => {
            let mut commands = Vec::new();
            if args.name.is_some() || args.region.is_some() {
                let profile = Profile {
                    name: args.name.clone().unwrap_or(c.profile.name.clone()),
                    region: match &args.region {
                        Some(r) => RegionCode::parse(r)?,
                        None => c.profile.region.clone(),
                    },
                };
                commands.push(CenterCommand::SetProfile { profile });
            }
            if args.threshold.is_some() || args.window_minutes.is_some() {
                let policy = policy(&args, c.policy.clone());
                commands.push(CenterCommand::SetOpeningPolicy { policy });
            }
            commands.extend(
                venues
                    .into_iter()
                    .map(|venue| CenterCommand::AddVenue { venue }),
            );
            commands.extend(
                signers
                    .into_iter()
                    .map(|signer| CenterCommand::TrustSigner { signer }),
            );
            if commands.is_empty() {
                bail!("--update names nothing to change");
            }
            for command in commands {
                app::center::change(&platform, command, &Actor::platform(), &Meta::default())
                    .await?;
            }
            println!("Center {} updated.", c.profile.name);
            Ok(ExitCode::SUCCESS)
        }
    }
}
