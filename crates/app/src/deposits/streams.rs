//! Where a trade's deposit book lives (issue #12). Public events (terms, the reveal, refunds)
//! go to `deposit:<trade>`; each sealed one (a sub-account, a payment, a guarantee, an
//! exemption) to a stream of its own under `deposit:<trade>/`, as sealed bids do: no stream
//! version counts the bidders, two bidders opening accounts at once never collide, and a
//! command reads only the streams it decides on ([`DepositScope`]), so its time does not
//! grow with the others. The book runs through the pipeline like every aggregate; its key is
//! the scope, which names the stream the command appends to and what it reads.

use domain::deposit::DepositBook;
use domain::{Actor, Aggregate, TradeId, TradeState};

use super::{DEPOSIT_PREFIX, deposit_stream};
use crate::error::AppError;
use crate::pipeline::{Current, Stored};
use crate::platform::Platform;
use crate::stream::decode;

/// A store conflict means another command landed on the same stream meanwhile; deposit
/// commands do not depend on anything their caller saw, so each is decided again (a retried
/// bank notice then finds its twin and records nothing): five attempts in all.
pub(crate) const RETRIES: u8 = 4;

/// The prefix of a trade's sealed deposit streams.
pub(crate) fn sealed_deposit_prefix(trade: &TradeId) -> String {
    format!("{DEPOSIT_PREFIX}{trade}/")
}

fn account_stream(trade: &TradeId, account: &str) -> String {
    format!("{}account-{account}", sealed_deposit_prefix(trade))
}

/// What of the book a command decides on.
enum Reads {
    /// The public stream only.
    Public,
    /// The public stream and these sealed streams.
    With(Vec<String>),
    /// Everything (the reveal at the opening).
    All,
}

/// One deposit command's place in a trade's book: the stream its events go to (whose
/// version the pipeline checks) and the streams it reads.
pub(crate) struct DepositScope {
    trade: TradeId,
    target: String,
    reads: Reads,
}

impl DepositScope {
    /// The public stream: terms, refund dates, refunds; what reads see.
    pub(crate) fn public(trade: &TradeId) -> DepositScope {
        DepositScope {
            trade: trade.clone(),
            target: deposit_stream(trade),
            reads: Reads::Public,
        }
    }

    /// The reveal at the opening: every sealed stream.
    pub(crate) fn everything(trade: &TradeId) -> DepositScope {
        DepositScope {
            reads: Reads::All,
            ..DepositScope::public(trade)
        }
    }

    /// A new sub-account: a stream of its own.
    pub(crate) fn account(trade: &TradeId, account: &str) -> DepositScope {
        let own = account_stream(trade, account);
        DepositScope {
            trade: trade.clone(),
            reads: Reads::With(vec![own.clone()]),
            target: own,
        }
    }

    /// A payment into `account`: one stream per bank reference, so a notice sent twice
    /// meets its first copy.
    pub(crate) fn payment(trade: &TradeId, account: &str, bank_ref: &str) -> DepositScope {
        let digest = crate::blobs::sha256_hex(bank_ref.as_bytes());
        let own = format!("{}payment-{}", sealed_deposit_prefix(trade), &digest[..32]);
        DepositScope {
            trade: trade.clone(),
            reads: Reads::With(vec![account_stream(trade, account), own.clone()]),
            target: own,
        }
    }

    /// A guarantee or an exemption: a fresh stream, decided on the public part.
    pub(crate) fn cover(trade: &TradeId) -> DepositScope {
        let mut id = [0u8; 12];
        getrandom::fill(&mut id).expect("the operating system gives randomness");
        let own = format!("{}cover-{}", sealed_deposit_prefix(trade), hex::encode(id));
        DepositScope {
            trade: trade.clone(),
            target: own,
            reads: Reads::Public,
        }
    }
}

impl Platform {
    /// The book as `scope` reads it, in log order, with the version of its target (0 if new).
    async fn deposit_book_reading(
        &self,
        scope: &DepositScope,
    ) -> Result<(DepositBook, u64), AppError> {
        let trade = &scope.trade;
        let mut stored = self.store.load_stream(&deposit_stream(trade)).await?;
        match &scope.reads {
            Reads::Public => {}
            Reads::With(streams) => {
                for s in streams {
                    stored.extend(self.store.load_stream(s).await?);
                }
            }
            Reads::All => {
                let prefix = sealed_deposit_prefix(trade);
                stored.extend(self.store.load_prefix(&prefix).await?);
            }
        }
        stored.sort_by_key(|e| e.seq);
        stored.dedup_by_key(|e| e.seq);
        let mut book = DepositBook::default();
        let mut version = 0;
        for s in &stored {
            book.evolve(&decode(s)?);
            if s.record.stream == scope.target {
                version = s.record.version;
            }
        }
        Ok((book, version))
    }

    /// The public part of a trade's book: terms, the reveal, refunds. Never the sealed
    /// streams, so nothing read here depends on how many bidders paid.
    pub(crate) async fn public_deposit_book(
        &self,
        trade: &TradeId,
    ) -> Result<DepositBook, AppError> {
        Ok(self
            .read::<DepositBook>(&DepositScope::public(trade))
            .await?
            .state)
    }
}

/// A trade's deposit book, loaded with the trade (its line, method, deadline, key) and as
/// much of the book as the command's scope reads.
impl Stored for DepositBook {
    type Key = DepositScope;
    type Extra = TradeState;
    const NAME: &'static str = "deposit";

    fn stream(scope: &DepositScope) -> String {
        scope.target.clone()
    }

    async fn load(
        p: &Platform,
        scope: &DepositScope,
        actor: &Actor,
    ) -> Result<Current<DepositBook>, AppError> {
        let trade = p.trade_to_write(&scope.trade, actor).await?;
        let (state, version) = p.deposit_book_reading(scope).await?;
        Ok(Current {
            state,
            version,
            others: Default::default(),
            extra: trade,
        })
    }
}
