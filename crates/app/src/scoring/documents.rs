//! The scoring configured from the tender documents: the method and criteria entered in the
//! documents' form ([`domain::trade::EvaluationChoice`]) are checked against the law when
//! the documents are published, and after the opening staff make the evaluation input from
//! them and the opened bids in one step (no JSON typed by anyone).

use domain::scoring::ScoringError;
use domain::trade::Points;
use domain::trade::sealed::OpeningStatus;
use domain::{Actor, Role, TradeId, TradeState};
use evaluation::input::BidInput;
use evaluation::values::Price;
use legal_time::{OffsetDateTime, beijing_date};

use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;
use crate::trades::Outcome;

use super::refused;

/// The documents' configuration against the law in force on the announcement day (`now`):
/// the method for the procurement method and its price weight (the trade's own rule), then
/// the points, the price formula and the SME rates (the evaluation crate). Each refusal
/// names its article. Nothing configured: nothing to check.
pub(crate) fn check_documents(state: &TradeState, now: OffsetDateTime) -> Result<(), AppError> {
    let (Some(choice), Some(rules)) = (&state.round.evaluation_method, state.rules()) else {
        return Ok(());
    };
    // In another phase the trade refuses the publication for that first.
    if state.phase != domain::trade::Phase::DocumentsReady {
        return Ok(());
    }
    choice
        .check(rules.line, rules.method)
        .map_err(|e| AppError::refused(&domain::TradeError::from(e)))?;
    evaluation::documents::check(choice, (rules.line, rules.method), beijing_date(now))
        .map_err(|e| AppError::refused(&e))
}

/// The opened bids as the evaluation names them: `B1`, `B2`, … in the opening record's
/// order, each with its bidder's credit code and the price read at the opening.
fn opened_bids(state: &TradeState) -> Vec<BidInput> {
    let lines = state
        .round
        .opening_record
        .iter()
        .filter_map(|l| match &l.status {
            OpeningStatus::Opened { price, .. } => Some((l.bidder.as_ref()?, *price)),
            _ => None,
        });
    lines
        .enumerate()
        .filter_map(|(i, (bidder, price))| {
            let bid = serde_json::json!({
                "id": format!("B{}", i + 1),
                "bidder": bidder.as_str(),
                "price": Price(price).0.to_string(),
            });
            serde_json::from_value(bid).ok()
        })
        .collect()
}

/// Center staff configure the scoring from the documents' evaluation configuration and the
/// bids opened, with `k` the K drawn at the opening (base-price formulas only). Refused when
/// the documents configure no comparative evaluation; the JSON input stays for integrations.
pub async fn configure_from_documents(
    platform: &Platform,
    trade: &TradeId,
    k: Option<Points>,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    super::sheets::staff_only(actor)?;
    let state = platform.trade_to_write(trade, actor).await?;
    let (Some(choice), Some(rules)) = (&state.round.evaluation_method, state.rules()) else {
        return Err(refused(ScoringError::NoDocumentsConfiguration));
    };
    let notice = beijing_date(state.round.announced_at.unwrap_or(platform.clock().now()));
    let input = evaluation::documents::input_for(
        choice,
        (rules.line, rules.method),
        notice,
        opened_bids(&state),
        k,
    )
    .map_err(|e| AppError::refused(&e))?
    .ok_or_else(|| refused(ScoringError::NoDocumentsConfiguration))?;
    let input = evaluation::EvaluationInput {
        trade: Some(trade.to_string()),
        ..input
    };
    super::configure(platform, trade, input, actor, meta).await
}

/// An opened bid's document (what the bidder sealed, as opened) by its scoring id, for a
/// member of the committee, center staff or the supervisor: its file name and bytes. Who may
/// not see the scoring is told nothing exists.
pub async fn opened_bid(
    platform: &Platform,
    trade: &TradeId,
    bid: &str,
    actor: &Actor,
) -> Result<(String, Vec<u8>), AppError> {
    let v = super::scoring_view(platform, trade, actor).await?;
    let staff = matches!(actor.role, Role::CenterStaff | Role::Supervisor);
    if v.you.is_none() && !staff {
        return Err(refused(ScoringError::MembersOnly {
            action: "read_opened_bid",
        }));
    }
    let missing = || AppError::not_found(format!("bid {bid}"));
    let entry = v.bids.iter().find(|b| b.id == bid).ok_or_else(missing)?;
    let state = crate::queries::trade_state(platform, trade).await?;
    let file = state
        .round
        .opening_record
        .iter()
        .find_map(|l| match &l.status {
            OpeningStatus::Opened { plaintext, .. } if l.bidder.as_ref() == Some(&entry.bidder) => {
                Some(plaintext.clone())
            }
            _ => None,
        })
        .ok_or_else(missing)?;
    let bytes = platform.blobs.get(file.sha256.as_str())?;
    Ok((format!("{trade}-{bid}-{}", file.name), bytes))
}
