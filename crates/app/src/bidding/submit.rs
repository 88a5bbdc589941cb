//! Submitting, modifying and withdrawing sealed bids, and the receipt (电子招标投标办法 第26条,
//! 第27条): the server checks that an upload is a well-formed envelope for this round's key
//! (unsealed files are refused), stores the ciphertext, appends the sealed event and answers
//! with a receipt the bidder can check without an account.

use domain::trade::sealed::{BidHandle, OpeningKey};
use std::sync::OnceLock;

use domain::{
    Actor, BlobRef, TradeCommand, TradeEvent, TradeId, TradeState, UnifiedSocialCreditCode,
};
use ledger::InclusionBundle;
use serde::{Deserialize, Serialize};

use super::keys::{BidKey, bid_handle, bid_token_hash};
use super::labels::seal_label;
use crate::error::AppError;
use crate::pipeline::{Call, Current};
use crate::platform::Platform;
use crate::projection::sealed_prefix;
use crate::stream::Meta;

/// One upload: the envelope bytes and the keys that make it idempotent or a modification.
#[derive(Debug, Clone)]
pub struct BidUpload {
    pub envelope: Vec<u8>,
    /// The bid key (Idempotency-Key). Without one the platform makes one and returns it once.
    pub key: Option<BidKey>,
    /// Modifying: the key of the bid this one replaces.
    pub replaces: Option<BidKey>,
}

/// A bid's receipt: anyone can check that the log holds exactly this ciphertext at this time
/// against the platform's published log key (`sunbid receipt verify --key`, the public check
/// page `/verify`). It carries no secret and no key to check it with: the checker pins the
/// key the trading center publishes, so a receipt cannot vouch for itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BidReceipt {
    pub trade: String,
    pub handle: String,
    pub envelope_sha256: String,
    pub envelope_size: u64,
    /// When the platform received it (RFC 3339, server clock).
    pub received_at: String,
    /// The log record of the event, as hashed into the tree.
    #[schema(value_type = ReceiptRecord)]
    pub record: ledger::EventRecord,
    pub inclusion: InclusionBundle,
}

/// The answer to an upload: the receipt and, beside it, what only the bidder needs: the bid
/// key (secret: with it the bidder may modify or withdraw the bid) and the round. One JSON
/// object, the receipt's fields with `key` and `round`;
/// the receipt read from it ignores the key, and the bid page issues the receipt alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BidSubmission {
    pub key: String,
    /// The round the bid is for (with the key, it gives the handle; the log does not say).
    pub round: u32,
    #[serde(flatten)]
    pub receipt: BidReceipt,
}

/// The shape of a receipt's log record (`ledger::EventRecord`), for the API document: the
/// payload of a bid's record is the `bid_submitted` trade event.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // documents the shape; the value is the ledger's record
pub struct ReceiptRecord {
    pub stream: String,
    pub version: u64,
    /// `trade.bid_submitted`.
    pub kind: String,
    pub payload: domain::TradeEvent,
    /// `sealed`: a bid names nobody.
    pub actor: String,
    pub role: String,
    pub on_behalf_of: Option<String>,
    pub at_us: i64,
    pub ip: Option<String>,
}

/// A refusal of the sealed-bid rules (the seal's checks and the platform's), with its code.
pub(crate) fn refused(code: &'static str, e: impl std::fmt::Display) -> AppError {
    AppError::rule(code, e.to_string())
}

fn sealed_error(e: seal::SealError) -> AppError {
    refused(e.code(), e)
}

fn round_key(state: &domain::TradeState) -> Result<&OpeningKey, AppError> {
    state.round.opening_key.as_ref().ok_or_else(|| {
        refused(
            "trade.no_opening_key",
            "the round has no opening key: bidding is not open",
        )
    })
}

/// Accepts a sealed bid for the caller's organisation. A retry with the same bid key
/// returns the first receipt; the same key with other bytes is refused.
pub async fn submit_bid(
    platform: &Platform,
    trade: &TradeId,
    upload: BidUpload,
    actor: &Actor,
    meta: &Meta,
) -> Result<BidSubmission, AppError> {
    let bidder = caller_org(actor)?;
    let _inflight = InFlight::enter(platform, trade);
    let bid_key = upload.key.clone().unwrap_or_else(BidKey::random);
    let sha = crate::blobs::sha256_hex(&upload.envelope);
    // The round and handle the bid was decided with, for the receipt.
    let decided = OnceLock::new();
    let plan = |current: &Current<TradeState>| {
        let state = &current.state;
        let key = round_key(state)?;
        // Everything that can be checked without the opening key, before any receipt: a bid
        // that could never open (cut short, bytes appended, another key or suite) is refused.
        let public = super::labels::public_key(key)?;
        seal::check_bid_upload(&upload.envelope, trade.as_str(), &public).map_err(sealed_error)?;
        let round = state.round.number;
        let handle = bid_handle(trade, round, &bid_key);
        let _ = decided.set((round, handle.clone()));
        if state.round.used_handles.contains(&handle) {
            // A retry: nothing to append, the first receipt answers.
            return Ok(Vec::new());
        }
        let envelope = BlobRef::new(&sha, upload.envelope.len() as u64, "bid.sealed")
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        let label = seal_label(trade, key, "bid", &bidder, actor, meta.ip.as_deref())?;
        let replaces = upload
            .replaces
            .as_ref()
            .map(|old| (bid_handle(trade, round, old), bid_token_hash(old)));
        Ok(vec![TradeCommand::SubmitBid {
            bidder: bidder.clone(),
            handle,
            envelope,
            key_id: key.key_id.clone(),
            label,
            token_hash: bid_token_hash(&bid_key),
            replaces,
        }])
    };
    let meta = Meta {
        ip: meta.ip.clone(),
        expected_version: None,
    };
    // The envelope is stored only once the bid is accepted.
    let call = Call {
        files: &[&upload.envelope],
        ..Call::new(actor, &meta)
    };
    match platform.run_call::<TradeState>(trade, call, plan).await {
        Ok(_) => {}
        // Two copies of one retry raced: the other one won; answer like a retry.
        Err(e) if e.code() == "trade.bid_handle_used" => {}
        Err(AppError::Conflict { .. }) => {}
        Err(e) => return Err(e),
    }
    let (round, handle) = decided.get().cloned().expect("the plan ran");
    platform
        .existing_receipt(trade, round, &handle, &bid_key, &sha)
        .await
}

/// Withdraws the bid made with `key` (before the deadline).
pub async fn withdraw_bid(
    platform: &Platform,
    trade: &TradeId,
    key: &BidKey,
    actor: &Actor,
    meta: &Meta,
) -> Result<crate::trades::Outcome, AppError> {
    let bidder = caller_org(actor)?;
    let plan = |current: &Current<TradeState>| {
        Ok(vec![TradeCommand::WithdrawBid {
            bidder: bidder.clone(),
            handle: bid_handle(trade, current.state.round.number, key),
            token_hash: bid_token_hash(key),
        }])
    };
    let done = platform.run::<TradeState>(trade, actor, meta, plan).await?;
    Ok(crate::trades::Outcome::of(trade, &done))
}

impl Platform {
    /// The receipt of the bid `handle`, if it is the one with `sha` (else the key was reused
    /// for other bytes).
    async fn existing_receipt(
        &self,
        trade: &TradeId,
        round: u32,
        handle: &BidHandle,
        key: &BidKey,
        sha: &str,
    ) -> Result<BidSubmission, AppError> {
        let stream = format!("{}bid-{handle}", sealed_prefix(trade));
        let stored = self.store.load_stream(&stream).await?;
        for s in stored.iter().rev() {
            if s.record.kind != "trade.bid_submitted" {
                continue;
            }
            let event: TradeEvent = serde_json::from_value(s.record.payload.clone())
                .map_err(|e| AppError::Corrupt(e.to_string()))?;
            let TradeEvent::BidSubmitted { bid, .. } = event else {
                continue;
            };
            if &bid.handle != handle {
                continue;
            }
            if bid.envelope.sha256.as_str() != sha {
                return Err(refused(
                    "bid.key_reused",
                    "this bid key was already used for another file: use a new key, or name the old one to replace it",
                ));
            }
            let inclusion = self.inclusion(s.seq, None).await?;
            let receipt = BidReceipt {
                trade: trade.to_string(),
                handle: handle.to_string(),
                envelope_sha256: sha.to_owned(),
                envelope_size: bid.envelope.size,
                received_at: bid
                    .at
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
                record: s.record.clone(),
                inclusion,
            };
            return Ok(BidSubmission {
                key: key.as_str().to_owned(),
                round,
                receipt,
            });
        }
        Err(AppError::not_found("bid"))
    }
}

/// Whether `actor` may upload a bid at all (the access matrix's role, and an organisation to
/// bid for), decided before the upload is read: the web layer refuses everyone else before
/// it holds a byte of their body. The trade's phase and the bid itself are checked after.
pub fn may_upload(actor: &Actor) -> Result<(), AppError> {
    let action = domain::Action::SubmitBid;
    if domain::access::rule_for(actor.role, action).is_none() {
        let denied = domain::access::Denied::WrongRole {
            role: actor.role,
            action,
        };
        return Err(AppError::refused(&denied));
    }
    caller_org(actor).map(|_| ())
}

/// The organisation the caller bids for: a person of a bidding organisation, or refused.
pub fn caller_org(actor: &Actor) -> Result<UnifiedSocialCreditCode, AppError> {
    actor
        .org
        .as_deref()
        .and_then(|o| UnifiedSocialCreditCode::parse(o).ok())
        .ok_or_else(|| {
            AppError::refusal(
                domain::Refusal::forbidden("access.not_party"),
                "sign in as a person of a bidding organisation",
            )
        })
}

/// Counts a bid submission under way until it is dropped (see `Platform::inflight_bids`).
struct InFlight<'p> {
    platform: &'p Platform,
    trade: String,
}

impl<'p> InFlight<'p> {
    fn enter(platform: &'p Platform, trade: &TradeId) -> InFlight<'p> {
        *platform
            .inflight_bids
            .lock()
            .expect("not poisoned")
            .entry(trade.to_string())
            .or_default() += 1;
        InFlight {
            platform,
            trade: trade.to_string(),
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut map = self.platform.inflight_bids.lock().expect("not poisoned");
        if let Some(n) = map.get_mut(&self.trade) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.trade);
            }
        }
    }
}

impl Platform {
    /// Waits (up to 10 s) until no bid submission of `trade` is under way in this process. A
    /// bid decided within the deadline second lands before the opening counts the bids.
    /// Several servers would need the same through the database; one process is what runs
    /// today (docs/SEALING.md).
    pub(crate) async fn settle_bids(&self, trade: &TradeId) {
        for _ in 0..1000 {
            let busy = self
                .inflight_bids
                .lock()
                .expect("not poisoned")
                .contains_key(trade.as_str());
            if !busy {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        tracing::warn!(trade.id = %trade, "bid submissions still under way after 10 s; opening anyway");
    }
}
