//! Demo trades with simulated parties on a settable clock: complete trades through all seven
//! nodes for both business lines, a failed one that goes to re-tender, and trades left
//! standing at each node for a newcomer to click through. Used by `sunbid demo`,
//! `sunbid serve --demo`, tests and the benchmark.
mod accounts;
mod builder;
mod catalogue;
mod center;
mod experts;
mod parties;
mod plans;
#[cfg(test)]
mod readme;

pub use accounts::{
    DEMO_ACCOUNTS, DEMO_ACCOUNTS_AT, DEMO_ED25519_SECRET_HEX, DEMO_KEY_PERSON, DEMO_PASSWORD,
    DemoAccount, DemoOrg, demo_bank_key, demo_custody_key_hex, demo_orgs, demo_public_key_hex,
    demo_seed, seed_accounts,
};
pub use center::{DEMO_ROOMS, DEMO_SMALL_ROOM, demo_venues, seed_center};
pub use experts::{DEMO_EXPERTS, DEMO_SPECIALTY, demo_pool, seed_pool};
pub use parties::{
    agency, agency_org, bidder, bidder_org, expert, org_code, staff, supervisor, tenderer,
    tenderer_org,
};
pub use plans::{
    Action, DRAW_SOON, EVALUATION_SOON, OPENING_SOON, Step, StepOutcome, demo_steps, standing_steps,
};

use domain::TradeId;
use legal_time::SettableClock;

use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;

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
        let meta = Meta {
            ip: Some("203.0.113.7".into()),
            expected_version: None,
        };
        let result = match step.action()? {
            Action::Command { command, files } => {
                let files: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
                let call = crate::pipeline::Call {
                    files: &files,
                    ..crate::pipeline::Call::new(&step.actor, &meta)
                };
                crate::trades::execute_call(platform, &step.trade, *command, call).await
            }
            Action::Bid { price_fen } => {
                demo_bid(platform, &step.trade, &step.actor, price_fen, &meta).await
            }
            Action::Share => demo_share(platform, &step.trade, &step.actor, &meta).await,
            Action::Draw {
                committee,
                evaluation,
            } => {
                demo_draw(
                    platform,
                    &step.trade,
                    &step.actor,
                    committee,
                    evaluation,
                    &meta,
                )
                .await
            }
        };
        let outcome = match (result, step.expect_refusal) {
            (Ok(o), None) => StepOutcome::Accepted(o),
            (Err(AppError::Refused { refusal, message }), Some(expected))
                if refusal.code == expected =>
            {
                StepOutcome::Refused {
                    code: refusal.code,
                    message,
                }
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

/// Staff draw `committee` demo experts through the platform (sealed list, commitment,
/// beacon), each drawn demo expert confirms from its own account, and staff record the
/// committee on the trade.
async fn demo_draw(
    platform: &Platform,
    trade: &TradeId,
    actor: &domain::Actor,
    committee: u32,
    evaluation: (legal_time::OffsetDateTime, legal_time::OffsetDateTime),
    meta: &Meta,
) -> Result<crate::trades::Outcome, AppError> {
    use domain::experts::{Quota, RegionRule, SpecialtyCode, TimeRange};
    let input = crate::experts::DrawInput {
        committee_size: committee,
        tenderer_representatives: 0,
        quotas: vec![Quota {
            specialty: SpecialtyCode::parse(DEMO_SPECIALTY)
                .map_err(|e| AppError::Invalid(e.to_string()))?,
            count: committee,
        }],
        region_rule: RegionRule::Any,
        evaluation: TimeRange {
            from: evaluation.0,
            to: evaluation.1,
        },
        place: "远程异地评标".into(),
        complex: false,
        supervising_orgs: vec![],
        principals: vec![],
    };
    crate::experts::draw(platform, trade, &input, actor, meta).await?;
    for (person, _, _) in DEMO_EXPERTS {
        let expert = domain::Actor::new(person, domain::Role::Expert);
        let invited = crate::queries::invitations(platform, &expert)
            .await?
            .iter()
            .any(|i| i.trade == trade.as_str());
        if invited {
            crate::experts::answer_invitation(platform, trade, true, None, &expert, meta).await?;
        }
    }
    crate::experts::record_committee(platform, trade, actor, meta).await
}

/// Seals a bid package as a bidder's client would and submits it.
async fn demo_bid(
    platform: &Platform,
    trade: &TradeId,
    actor: &domain::Actor,
    price_fen: i64,
    meta: &Meta,
) -> Result<crate::trades::Outcome, AppError> {
    let state = platform.load_trade(trade).await?.state;
    let key = state
        .round
        .opening_key
        .as_ref()
        .ok_or_else(|| AppError::Invalid("no opening key".into()))?;
    let public = crate::bidding::opening_public_key(key)?;
    let bidder = actor.org.clone().unwrap_or_default();
    let content = format!("投标文件 {bidder} / {trade}").into_bytes();
    let package = seal::BidPackage {
        trade: trade.to_string(),
        bidder,
        price_fen,
        period_days: 90,
        deposit_account: None,
        files: vec![seal::BidFile::new("bid.txt", None, content)],
    };
    let plain = package
        .to_bytes()
        .map_err(|e| AppError::Invalid(e.to_string()))?;
    let envelope = seal::seal(&public, trade.as_str(), &plain, &mut seal::os_rng())
        .map_err(|e| AppError::Invalid(e.to_string()))?;
    let upload = crate::bidding::BidUpload {
        envelope,
        key: None,
        replaces: None,
    };
    crate::bidding::submit_bid(platform, trade, upload, actor, meta).await?;
    summary_outcome(platform, trade, "trade.bid_submitted").await
}

/// A custodian opens its share with its demo key and hands it in.
async fn demo_share(
    platform: &Platform,
    trade: &TradeId,
    actor: &domain::Actor,
    meta: &Meta,
) -> Result<crate::trades::Outcome, AppError> {
    let view = crate::queries::opening_view(platform, trade).await?;
    let mine = view
        .custodians
        .iter()
        .find(|c| c.person == actor.id)
        .ok_or_else(|| AppError::Invalid(format!("{} is not a custodian", actor.id)))?;
    let sealed = crate::bidding::decode_share(&mine.encrypted_share)?;
    let (_, share) = seal::open_share_ed25519(&demo_seed(&actor.id), &sealed)
        .map_err(|e| AppError::Invalid(e.to_string()))?;
    let outcome =
        crate::bidding::submit_share(platform, trade, share.to_bytes().as_slice(), actor, meta)
            .await?;
    let kind = if outcome.opened {
        "trade.bids_unsealed"
    } else {
        "trade.share_submitted"
    };
    summary_outcome(platform, trade, kind).await
}

async fn summary_outcome(
    platform: &Platform,
    trade: &TradeId,
    kind: &str,
) -> Result<crate::trades::Outcome, AppError> {
    let loaded = platform.load_trade(trade).await?;
    let head = platform.store().tree_head().await?;
    Ok(crate::trades::Outcome {
        trade: trade.to_string(),
        version: loaded.version,
        first_seq: head.size.saturating_sub(1),
        events: vec![kind.to_owned()],
        log_size: head.size,
        log_root: head.root.to_hex(),
    })
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
