//! The opening as participants read it: the opening room (custodians and their shares)
//! and the opening record with confirmations and objections.
use domain::{Actor, TradeId};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::platform::Platform;

/// The opening room as a participant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpeningView {
    pub started: bool,
    pub bids: u32,
    pub threshold: u32,
    pub custodians: Vec<CustodianStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CustodianStatus {
    pub person: String,
    pub submitted: bool,
    /// The encrypted share (base64): only its custodian can open it.
    pub encrypted_share: String,
}

/// The opening record (开标记录) with confirmations and objections, for the participants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpeningRecordView {
    pub trade: String,
    pub round: u32,
    pub lines: Vec<domain::trade::sealed::OpeningLine>,
    pub confirmed_by: Vec<String>,
    pub objections: Vec<ObjectionView>,
    /// Each bidder's deposit as revealed at the opening (empty if the trade asks none).
    pub deposits: Vec<domain::deposit::RevealedDeposit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ObjectionView {
    pub number: u32,
    pub bidder: String,
    pub text: String,
    pub answer: Option<String>,
}

/// What a bidder's client needs to seal for this round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpeningKeyView {
    pub trade: String,
    pub round: u32,
    pub suite: String,
    /// Hex.
    pub public_key: String,
    pub key_id: String,
    pub threshold: u8,
    pub custodians: Vec<String>,
    pub max_bid_bytes: u64,
}

/// The largest sealed bid this round takes: the round's own limit, or the platform's.
fn max_bid_bytes(p: &Platform, state: &domain::TradeState) -> u64 {
    state
        .round
        .opening_key
        .as_ref()
        .map(|k| k.max_bid_bytes)
        .filter(|&b| b > 0)
        .unwrap_or(p.opening_policy.max_bid_bytes)
}

/// The largest sealed bid `trade` takes now (not found for a trade without events).
pub async fn bid_limit(p: &Platform, trade: &TradeId) -> Result<u64, AppError> {
    Ok(max_bid_bytes(p, &p.trade_state(trade).await?))
}

/// The round's opening key (public half): what bids are sealed to; not found before the
/// announcement made one.
pub async fn opening_key(p: &Platform, trade: &TradeId) -> Result<OpeningKeyView, AppError> {
    let state = p.trade_state(trade).await?;
    let key = state
        .round
        .opening_key
        .as_ref()
        .ok_or_else(|| AppError::not_found("opening key"))?;
    Ok(OpeningKeyView {
        trade: trade.to_string(),
        round: state.round.number,
        suite: key.suite.clone(),
        public_key: key.public_key.clone(),
        key_id: key.key_id.to_string(),
        threshold: key.threshold,
        custodians: key
            .custodians
            .iter()
            .map(|c| c.person.to_string())
            .collect(),
        max_bid_bytes: max_bid_bytes(p, &state),
    })
}

/// The opening room's state for a participant.
pub async fn opening_view(p: &Platform, trade: &TradeId) -> Result<OpeningView, AppError> {
    let state = p.trade_state(trade).await?;
    let round = &state.round;
    let key = round.opening_key.as_ref();
    let opening = round.opening.as_ref();
    Ok(OpeningView {
        started: opening.is_some(),
        bids: opening.map(|o| o.bids).unwrap_or(0),
        threshold: key.map(|k| u32::from(k.threshold)).unwrap_or(0),
        custodians: key
            .map(|k| {
                k.custodians
                    .iter()
                    .map(|c| CustodianStatus {
                        person: c.person.to_string(),
                        submitted: opening.is_some_and(|o| o.shares.contains(&c.person)),
                        encrypted_share: c.encrypted_share.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// The opening record, for those the access matrix lets see who bid (after the opening:
/// staff, supervisors, the parties, the bidders named in it).
pub async fn opening_record(
    p: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<OpeningRecordView, AppError> {
    let state = p.trade_state(trade).await?;
    let relation = crate::trades::relation(p, trade, actor, &state).await?;
    domain::access::authorize_on(actor.role, domain::Action::ViewBidders, &state, relation)
        .map_err(|d| AppError::refused(&d))?;
    let deposits = p.revealed_deposits(trade).await?;
    let round = &state.round;
    Ok(OpeningRecordView {
        deposits,
        trade: trade.to_string(),
        round: round.number,
        lines: round.opening_record.clone(),
        confirmed_by: round.confirmed_by.iter().map(|b| b.to_string()).collect(),
        objections: round
            .objections
            .iter()
            .map(|o| ObjectionView {
                number: o.number,
                bidder: o.bidder.to_string(),
                text: o.text.clone(),
                answer: o.answer.as_ref().map(|(a, _)| a.clone()),
            })
            .collect(),
    })
}
