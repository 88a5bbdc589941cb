//! Where a trade's deposit book lives (issue #12). Public events (terms, the reveal, refunds)
//! go to `deposit:<trade>`; each sealed one (a sub-account, a payment, a guarantee, an
//! exemption) to a stream of its own under `deposit:<trade>/`, as sealed bids do: no stream
//! version counts the bidders, two bidders opening accounts at once never collide, and a
//! command reads only the streams it decides on, so its time does not grow with the others.

use domain::deposit::{DepositBook, DepositCommand};
use domain::{Actor, Aggregate, Context, TradeId};
use store::{AppendBatch, StreamAppend};

use super::{DEPOSIT_PREFIX, deposit_stream, refused};
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::{Meta, decode, records};

/// A store conflict means another command landed on the same stream meanwhile; the command
/// does not depend on anything its caller saw, so it is decided again (a retried bank notice
/// then finds its twin and records nothing).
const ATTEMPTS: usize = 5;

/// The prefix of a trade's sealed deposit streams.
pub(crate) fn sealed_deposit_prefix(trade: &TradeId) -> String {
    format!("{DEPOSIT_PREFIX}{trade}/")
}

/// What of the book a command decides on.
pub(crate) enum Reads {
    /// The public stream only.
    Public,
    /// The public stream and these sealed streams.
    With(Vec<String>),
    /// Everything (the reveal at the opening).
    All,
}

fn account_stream(trade: &TradeId, account: &str) -> String {
    format!("{}account-{account}", sealed_deposit_prefix(trade))
}

/// The stream `command`'s events go to, and what it reads.
fn placement(trade: &TradeId, command: &DepositCommand) -> (String, Reads) {
    let sealed = |id: String| format!("{}{id}", sealed_deposit_prefix(trade));
    match command {
        DepositCommand::OpenAccount { account, .. } => {
            let own = account_stream(trade, account);
            (own.clone(), Reads::With(vec![own]))
        }
        // One stream per bank reference: a notice sent twice meets its first copy.
        DepositCommand::RecordPayment {
            account, bank_ref, ..
        } => {
            let own = sealed(format!(
                "payment-{}",
                &crate::blobs::sha256_hex(bank_ref.as_bytes())[..32]
            ));
            let reads = Reads::With(vec![account_stream(trade, account), own.clone()]);
            (own, reads)
        }
        DepositCommand::LodgeGuarantee { .. } | DepositCommand::ClaimExemption { .. } => {
            let mut id = [0u8; 12];
            getrandom::fill(&mut id).expect("the operating system gives randomness");
            (sealed(format!("cover-{}", hex::encode(id))), Reads::Public)
        }
        DepositCommand::Reveal { .. } => (deposit_stream(trade), Reads::All),
        DepositCommand::SetTerms { .. }
        | DepositCommand::SetRefundDue { .. }
        | DepositCommand::RecordRefund { .. } => (deposit_stream(trade), Reads::Public),
    }
}

impl Platform {
    /// The book as `reads` sees it, in log order, with the version of `target` (0 if new).
    pub(crate) async fn deposit_book_reading(
        &self,
        trade: &TradeId,
        reads: &Reads,
        target: &str,
    ) -> Result<(DepositBook, u64), AppError> {
        let mut stored = self.store.load_stream(&deposit_stream(trade)).await?;
        match reads {
            Reads::Public => {}
            Reads::With(streams) => {
                for s in streams {
                    stored.extend(self.store.load_stream(s).await?);
                }
            }
            Reads::All => {
                stored.extend(
                    self.store
                        .load_prefix(&sealed_deposit_prefix(trade))
                        .await?,
                );
            }
        }
        stored.sort_by_key(|e| e.seq);
        stored.dedup_by_key(|e| e.seq);
        let mut book = DepositBook::default();
        let mut version = 0;
        for s in &stored {
            book.evolve(&decode(s)?);
            if s.record.stream == target {
                version = s.record.version;
            }
        }
        Ok((book, version))
    }

    /// Decides `command` on what it reads of the book and appends its events to its own
    /// stream; returns how many.
    pub(crate) async fn execute_deposit(
        &self,
        trade: &TradeId,
        command: DepositCommand,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<usize, AppError> {
        let (target, reads) = placement(trade, &command);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (book, version) = self.deposit_book_reading(trade, &reads, &target).await?;
            let ctx = Context {
                now: self.clock.now(),
                actor,
                calendar: &self.calendar,
            };
            let events = book.decide(&command, &ctx).map_err(refused)?;
            if events.is_empty() {
                return Ok(0);
            }
            let at_us = (ctx.now.unix_timestamp_nanos() / 1_000) as i64;
            let mut batch = AppendBatch::default();
            batch.streams.push(StreamAppend {
                stream: target.clone(),
                expected_version: version,
                events: records(&target, version, &events, actor, at_us, meta)?,
            });
            match self.commit(batch).await {
                Ok(_) => {
                    tracing::info!(trade.id = %trade, events = events.len(), "deposit command accepted");
                    return Ok(events.len());
                }
                Err(AppError::Conflict { .. }) if attempt < ATTEMPTS => {
                    tracing::debug!(trade.id = %trade, attempt, "deposit command raced; deciding again");
                }
                Err(e) => return Err(e),
            }
        }
    }
}
