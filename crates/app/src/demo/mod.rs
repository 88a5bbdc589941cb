//! Demo trades with simulated parties on a settable clock: complete trades through all seven
//! nodes for both business lines, a failed one that goes to re-tender, and trades left
//! standing at each node for a newcomer to click through. Used by `sunbid demo`,
//! `sunbid serve --demo`, tests and the benchmark.
mod accounts;
mod parties;
mod plans;

pub use accounts::{
    DEMO_ACCOUNTS, DEMO_ACCOUNTS_AT, DEMO_ED25519_SECRET_HEX, DEMO_KEY_PERSON, DEMO_PASSWORD,
    DemoAccount, DemoOrg, demo_orgs, demo_public_key_hex, seed_accounts,
};
pub use parties::{
    agency, agency_org, bidder, bidder_org, expert, org_code, staff, tenderer, tenderer_org,
};
pub use plans::{Step, StepOutcome, demo_steps, standing_steps};

use domain::{BlobRef, TradeId};
use legal_time::SettableClock;

use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;

/// Store `bytes` in the blob folder and refer to them.
pub fn put_file(platform: &Platform, name: &str, bytes: &[u8]) -> Result<BlobRef, AppError> {
    let hash = platform.blobs().put(bytes)?;
    BlobRef::new(&hash, bytes.len() as u64, name).map_err(|e| AppError::Invalid(e.to_string()))
}

/// Run steps in order, setting the clock to each step's time; `report` sees every outcome.
/// A step that expects a refusal must be refused with that code, or the run stops.
pub async fn run_steps(
    platform: &Platform,
    clock: &SettableClock,
    steps: Vec<Step>,
    mut report: impl FnMut(&Step, &StepOutcome),
) -> Result<(), AppError> {
    for step in steps {
        clock.set(step.at);
        let command = step.command(platform)?;
        let meta = Meta {
            ip: Some("203.0.113.7".into()),
            expected_version: None,
        };
        let result = platform
            .execute(&step.trade, command, &step.actor, &meta)
            .await;
        let outcome = match (result, step.expect_refusal) {
            (Ok(o), None) => StepOutcome::Accepted(o),
            (Err(AppError::Refused { code, message }), Some(expected)) if code == expected => {
                StepOutcome::Refused { code, message }
            }
            (Ok(o), Some(expected)) => {
                return Err(AppError::Invalid(format!(
                    "demo step {} should be refused ({expected}) but got {:?}",
                    step.label, o.events
                )));
            }
            (Err(e), _) => return Err(e),
        };
        report(&step, &outcome);
    }
    Ok(())
}

/// A time as people at the center read it: Beijing time, to the second.
pub fn beijing(at: legal_time::OffsetDateTime) -> String {
    let t = at.to_offset(legal_time::BEIJING);
    format!(
        "{} {:02}:{:02}:{:02}",
        t.date(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

pub fn trade_id(s: &str) -> TradeId {
    TradeId::parse(s).expect("demo ids are valid")
}
