//! The remote opening in the app: custodians hand in their shares (checked against the
//! published commitments, held in memory only); when k are in, the key is recombined, every
//! bid and label is unsealed at once, the packages are stored and the opening record is
//! appended by the platform. The recombined key is dropped (zeroed) right after.

use std::collections::HashMap;
use std::sync::Mutex;

use domain::trade::ObtainedBy;
use domain::trade::sealed::{Fault, UnsealResult, Unsealed};
use domain::{Actor, Money, TradeCommand, TradeEvent, TradeId, TradeState};
use serde::{Deserialize, Serialize};

use super::labels::{open_label, public_key};
use super::submit::refused;
use crate::error::AppError;
use crate::pipeline::{Call, Current};
use crate::platform::Platform;
use crate::stream::Meta;

/// Shares handed in for rounds still being opened, by (trade, round). Memory only: a share
/// at rest next to others could open bids early. After a restart the custodians who had
/// handed theirs in hand them in again (the log keeps who did).
#[derive(Default)]
pub(crate) struct PendingShares(Mutex<HashMap<(String, u32), Vec<seal::Share>>>);

/// What handing in a share did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ShareOutcome {
    /// Shares held now (this process) and needed.
    pub held: u32,
    pub threshold: u32,
    /// The bids were unsealed with this share.
    pub opened: bool,
}

/// A custodian hands in its decrypted share.
pub async fn submit_share(
    platform: &Platform,
    trade: &TradeId,
    share: &[u8],
    actor: &Actor,
    meta: &Meta,
) -> Result<ShareOutcome, AppError> {
    let share = seal::Share::from_bytes(share).map_err(|e| refused(e.code(), e))?;
    let commitment = domain::Sha256Hex::parse(&hex::encode(seal::share_commitment(&share)))
        .expect("64 hex characters");
    let plan = |current: &Current<TradeState>| {
        if current.version == 0 {
            return Err(AppError::not_found(format!("trade {trade}")));
        }
        let state = &current.state;
        let person =
            domain::PersonId::parse(&actor.id).map_err(|e| AppError::Invalid(e.to_string()))?;
        let already = state
            .round
            .opening
            .as_ref()
            .is_some_and(|o| o.shares.contains(&person));
        let key = state
            .round
            .opening_key
            .as_ref()
            .ok_or_else(|| refused("trade.no_opening_key", "no opening key"))?;
        if !already {
            let commitment = commitment.clone();
            return Ok(vec![TradeCommand::SubmitShare { commitment }]);
        }
        // Handed in before a restart: check it again, keep it in memory, no new event.
        let custodian = key
            .custodian(&person)
            .expect("recorded custodians are listed");
        if custodian.commitment != commitment {
            return Err(refused(
                "trade.wrong_share",
                "the share does not match its commitment",
            ));
        }
        Ok(Vec::new())
    };
    let done = platform.run::<TradeState>(trade, actor, meta, plan).await?;
    let round = done.state.round.number;
    let key = done
        .state
        .round
        .opening_key
        .as_ref()
        .expect("the plan found the key");
    let threshold = u32::from(key.threshold);
    let held = {
        let mut pending = platform.pending_shares.0.lock().expect("not poisoned");
        let list = pending.entry((trade.to_string(), round)).or_default();
        if !list.iter().any(|s| s.index() == share.index()) {
            list.push(share);
        }
        list.len() as u32
    };
    let mut opened = false;
    if held >= threshold {
        platform.unseal(trade).await?;
        opened = true;
    }
    Ok(ShareOutcome {
        held,
        threshold,
        opened,
    })
}

impl Platform {
    /// Recombines the key from the shares held and records the opening.
    pub(crate) async fn unseal(&self, trade: &TradeId) -> Result<(), AppError> {
        let loaded = self.load_trade(trade).await?;
        let state = &loaded.state;
        let round = state.round.number;
        let key = state
            .round
            .opening_key
            .as_ref()
            .expect("checked by the caller");
        let shares = self
            .pending_shares
            .0
            .lock()
            .expect("not poisoned")
            .get(&(trade.to_string(), round))
            .cloned()
            .unwrap_or_default();
        let secret = seal::combine(&shares, &public_key(key)?).map_err(|e| refused(e.code(), e))?;
        let mut packages = Vec::new();
        let (results, obtainers) = self
            .unseal_all(trade, state, &secret, &mut packages)
            .await?;
        let (platform, meta) = (Actor::platform(), Meta::default());
        let command = TradeCommand::RecordUnsealing { results, obtainers };
        // The opened packages are stored with the record that names them.
        let files: Vec<&[u8]> = packages.iter().map(Vec::as_slice).collect();
        let call = Call {
            files: &files,
            ..Call::new(&platform, &meta)
        };
        crate::trades::execute_call(self, trade, command, call).await?;
        crate::deposits::reveal(self, trade, &secret).await?;
        drop(secret);
        self.pending_shares
            .0
            .lock()
            .expect("not poisoned")
            .remove(&(trade.to_string(), round));
        tracing::info!(trade.id = %trade, round, "bids unsealed");
        Ok(())
    }

    /// Every bid and obtaining of the round unsealed; the opened packages go to `packages`.
    async fn unseal_all(
        &self,
        trade: &TradeId,
        state: &domain::TradeState,
        secret: &seal::OpeningSecretKey,
        packages: &mut Vec<Vec<u8>>,
    ) -> Result<(Vec<UnsealResult>, Vec<ObtainedBy>), AppError> {
        let bids: Vec<_> = state.round.bids.values().cloned().collect();
        // The ciphertext as stored; a missing or changed file is the platform's fault.
        let stored: Vec<Option<Vec<u8>>> = bids
            .iter()
            .map(|b| {
                self.blobs
                    .get(b.envelope.sha256.as_str())
                    .ok()
                    .filter(|bytes| crate::blobs::sha256_hex(bytes) == b.envelope.sha256.as_str())
            })
            .collect();
        let present: Vec<&[u8]> = stored.iter().flatten().map(Vec::as_slice).collect();
        let mut opened = seal::open_all(secret, &present).into_iter();
        let mut results = Vec::new();
        for (bid, bytes) in bids.iter().zip(&stored) {
            let label = open_label(trade, secret, &bid.label);
            let bidder = label.as_ref().map(|l| l.org.clone());
            let outcome = match bytes {
                None => failed(
                    Fault::NotBidder,
                    "the sealed file is missing or damaged on the platform",
                ),
                Some(_) => match opened.next().expect("one result per present file") {
                    Err(e) => failed(
                        Fault::Bidder,
                        &format!("the bid cannot be decrypted ({})", e.code()),
                    ),
                    Ok(plain) => read_package(trade, bidder.as_ref(), plain, packages)?,
                },
            };
            results.push(UnsealResult {
                handle: bid.handle.clone(),
                bidder,
                outcome,
            });
        }
        let obtainers = self
            .unseal_obtainers(trade, state.round.number, secret)
            .await?;
        Ok((results, obtainers))
    }

    /// Who obtained the documents this round, from the sealed labels.
    async fn unseal_obtainers(
        &self,
        trade: &TradeId,
        round: u32,
        secret: &seal::OpeningSecretKey,
    ) -> Result<Vec<ObtainedBy>, AppError> {
        let stored = self.trade_events(trade).await?;
        let mut out = Vec::new();
        for s in &stored {
            if s.record.kind != "trade.documents_obtained" {
                continue;
            }
            let event: TradeEvent = serde_json::from_value(s.record.payload.clone())
                .map_err(|e| AppError::Corrupt(e.to_string()))?;
            if let TradeEvent::DocumentsObtained {
                label,
                round: r,
                at,
                ..
            } = event
                && r == round
                && let Some(l) = open_label(trade, secret, &label)
            {
                out.push(ObtainedBy { bidder: l.org, at });
            }
        }
        Ok(out)
    }
}

/// Checks a decrypted package; a good one goes to `packages`, to be stored with the record.
fn read_package(
    trade: &TradeId,
    bidder: Option<&domain::UnifiedSocialCreditCode>,
    plain: Vec<u8>,
    packages: &mut Vec<Vec<u8>>,
) -> Result<Unsealed, AppError> {
    let package = match seal::BidPackage::from_bytes(&plain) {
        Ok(p) => p,
        Err(e) => {
            return Ok(failed(
                Fault::Bidder,
                &format!("the bid package is malformed ({})", e.code()),
            ));
        }
    };
    if package.trade != trade.as_str() {
        return Ok(failed(Fault::Bidder, "the bid package names another trade"));
    }
    if let Some(b) = bidder
        && !package.bidder.eq_ignore_ascii_case(b.as_str())
    {
        return Ok(failed(
            Fault::Bidder,
            "the bid package names another bidder than the one that submitted it",
        ));
    }
    let plaintext = crate::trades::file_ref("bid.json", &plain)?;
    packages.push(plain);
    Ok(Unsealed::Opened {
        price: Money::from_fen(package.price_fen),
        period_days: package.period_days,
        deposit_account: package.deposit_account.clone(),
        plaintext,
    })
}

fn failed(fault: Fault, reason: &str) -> Unsealed {
    Unsealed::Failed {
        fault,
        reason: reason.to_owned(),
    }
}
