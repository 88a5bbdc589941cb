//! Bid deposits (issue #4): each trade's deposit book, its public events in
//! `deposit:<trade>` and each sealed one in a stream of its own ([`streams`]). Sub-accounts,
//! payments, guarantees and exemptions are sealed to the round's opening key (who paid is who
//! bids); the bank's notices and guarantees are checked against the keys of the banks and
//! insurers the platform trusts; at the opening the book is revealed with each bidder's
//! status; refunds are tracked against their legal due dates.

mod streams;

use domain::accounts::PublicKey;
use domain::deposit::{
    BankNotice, Cover, CreditStanding, DepositBook, DepositCommand, DepositError, DepositStatus,
    DepositTerms, GuaranteeExpectation, GuaranteeLetter, RefundCase, RevealedDeposit, TradeFacts,
    assess, refund_due, verify_bank_notice, verify_guarantee,
};
use domain::trade::sealed::{OpeningKey, SealedLabel};
use domain::{Actor, TradeId, TradeState, UnifiedSocialCreditCode};
use serde::{Deserialize, Serialize};

use crate::auth::signature::verifies;
use crate::bidding::{sealed_json, unsealed_json};
use crate::error::AppError;
use crate::pipeline::{Call, Current, Plan};
use crate::platform::Platform;
use crate::stream::Meta;
use streams::DepositScope;

pub const DEPOSIT_PREFIX: &str = "deposit:";

pub fn deposit_stream(trade: &TradeId) -> String {
    format!("{DEPOSIT_PREFIX}{trade}")
}

fn refused(e: domain::deposit::DepositError) -> AppError {
    AppError::refused(&e)
}

/// What is sealed for a guarantee or an exemption: whose it is, and the cover.
#[derive(Serialize, Deserialize)]
struct SealedCover {
    org: UnifiedSocialCreditCode,
    cover: Cover,
}

/// What is sealed for a sub-account: whose it is.
#[derive(Serialize, Deserialize)]
struct SealedOwner {
    org: UnifiedSocialCreditCode,
}

/// What is sealed for a payment: who paid, from which account.
#[derive(Serialize, Deserialize)]
struct SealedPayer {
    account: String,
    name: String,
}

/// Runs the deposit commands `plan` builds on the part of the book `scope` names, decided
/// again if another command raced it; returns how many events were appended (a bank notice
/// sent twice appends none).
async fn run(
    platform: &Platform,
    scope: DepositScope,
    actor: &Actor,
    meta: &Meta,
    plan: impl Plan<DepositBook>,
) -> Result<usize, AppError> {
    let call = Call {
        retries: streams::RETRIES,
        ..Call::new(actor, meta)
    };
    let done = platform.run_call(&scope, call, plan).await?;
    Ok(done.events.len())
}

/// The facts of the trade the deposit rules need, as `actor` sees them now.
fn facts(platform: &Platform, state: &TradeState, actor: &Actor) -> Result<TradeFacts, AppError> {
    let reg = state
        .registration
        .as_ref()
        .ok_or_else(|| AppError::not_found("trade"))?;
    let relation = domain::access::relation_to_trade(actor, state);
    Ok(TradeFacts {
        line: reg.line,
        method: reg.method,
        estimate: reg.estimate,
        caller_is_party: matches!(
            relation,
            domain::Relation::Tenderer | domain::Relation::Agency
        ),
        bidding_open: state.bidding_open(platform.clock.now()),
    })
}

fn round_key(state: &TradeState) -> Result<&OpeningKey, AppError> {
    state
        .round
        .opening_key
        .as_ref()
        .ok_or_else(|| AppError::rule("trade.no_opening_key", "bidding has not opened"))
}

pub async fn set_terms(
    platform: &Platform,
    trade: &TradeId,
    terms: DepositTerms,
    actor: &Actor,
    meta: &Meta,
) -> Result<(), AppError> {
    let plan = |book: &Current<DepositBook>| {
        let facts = facts(platform, &book.extra, actor)?;
        Ok(vec![DepositCommand::SetTerms { terms, facts }])
    };
    let scope = DepositScope::public(trade);
    run(platform, scope, actor, meta, plan).await.map(drop)
}

/// A sub-account for the caller's deposit; the number names the trade, never the bidder.
pub async fn open_account(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<String, AppError> {
    let org = crate::bidding::caller_org(actor)?;
    let mut n = [0u8; 8];
    getrandom::fill(&mut n).map_err(|e| AppError::Internal(e.to_string()))?;
    let account = format!("SB-{trade}-{:016}", u64::from_be_bytes(n) % 10u64.pow(16));
    let plan = |book: &Current<DepositBook>| {
        let facts = facts(platform, &book.extra, actor)?;
        let key = round_key(&book.extra)?;
        let owner = sealed_json(trade, key, &SealedOwner { org: org.clone() })?;
        Ok(vec![DepositCommand::OpenAccount {
            account: account.clone(),
            owner,
            facts,
        }])
    };
    let scope = DepositScope::account(trade, &account);
    run(platform, scope, actor, meta, plan).await?;
    Ok(account)
}

/// The bank's signed notice of a payment into a sub-account (a webhook: the signature is
/// the authentication). A notice sent twice counts once.
pub async fn bank_notice(
    platform: &Platform,
    notice: &BankNotice,
    signature: &[u8],
    meta: &Meta,
) -> Result<usize, AppError> {
    let trade = notice
        .sub_account
        .strip_prefix("SB-")
        .and_then(|rest| rest.rsplit_once('-'))
        .and_then(|(trade, _)| TradeId::parse(trade).ok())
        .ok_or_else(|| {
            AppError::rule(
                "deposit.unknown_account",
                format!("{} is not a deposit sub-account", notice.sub_account),
            )
        })?;
    let check = |k: &PublicKey, m: &[u8], s: &[u8]| verifies(k, m, s);
    let ok = platform
        .deposit_signers
        .iter()
        .any(|k| verify_bank_notice(notice, signature, k, &check).is_ok());
    if !ok {
        return Err(refused(DepositError::BadSignature {
            what: "bank notice",
        }));
    }
    let plan = |book: &Current<DepositBook>| {
        let key = round_key(&book.extra)?;
        let payer = SealedPayer {
            account: notice.payer_account.clone(),
            name: notice.payer_name.clone(),
        };
        Ok(vec![DepositCommand::RecordPayment {
            account: notice.sub_account.clone(),
            amount: notice.amount,
            paid_at: notice.paid_at,
            bank_ref: notice.bank_ref.clone(),
            payer: sealed_json(&trade, key, &payer)?,
        }])
    };
    let scope = DepositScope::payment(&trade, &notice.sub_account, &notice.bank_ref);
    run(platform, scope, &Actor::platform(), meta, plan).await
}

/// An electronic guarantee for the caller, checked against the trusted issuers' keys.
pub async fn lodge_guarantee(
    platform: &Platform,
    trade: &TradeId,
    letter: &GuaranteeLetter,
    signature: &[u8],
    actor: &Actor,
    meta: &Meta,
) -> Result<(), AppError> {
    let org = crate::bidding::caller_org(actor)?;
    let plan = |book: &Current<DepositBook>| {
        let state = &book.extra;
        let facts = facts(platform, state, actor)?;
        let terms = book
            .state
            .terms
            .as_ref()
            .ok_or_else(|| refused(DepositError::NoTerms))?;
        let expect = GuaranteeExpectation {
            line: facts.line,
            trade: trade.clone(),
            bidder: org.clone(),
            amount: terms.amount,
            bid_deadline: state.round.bid_deadline.expect("bidding opened"),
            validity_end: None,
        };
        let cover = verified_guarantee(platform, letter, signature, &expect)?;
        let key = round_key(state)?;
        let org = org.clone();
        let sealed = sealed_json(trade, key, &SealedCover { org, cover })?;
        Ok(vec![DepositCommand::LodgeGuarantee { sealed, facts }])
    };
    let scope = DepositScope::cover(trade);
    run(platform, scope, actor, meta, plan).await.map(drop)
}

/// The cover a guarantee gives, if one of the trusted issuers signed it and it meets
/// `expect`.
fn verified_guarantee(
    platform: &Platform,
    letter: &GuaranteeLetter,
    signature: &[u8],
    expect: &GuaranteeExpectation,
) -> Result<Cover, AppError> {
    let check = |k: &PublicKey, m: &[u8], s: &[u8]| verifies(k, m, s);
    for k in &platform.deposit_signers {
        match verify_guarantee(letter, signature, k, expect, &check) {
            Ok(cover) => return Ok(cover),
            Err(DepositError::BadSignature { .. }) => {}
            Err(e) => return Err(refused(e)),
        }
    }
    Err(refused(DepositError::BadSignature { what: "guarantee" }))
}

/// Credit exemption (信用免缴) for the caller. No credit system is connected yet: every
/// organisation counts as in good standing [D]; the sealed claim records the standing used.
pub async fn claim_exemption(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<(), AppError> {
    let org = crate::bidding::caller_org(actor)?;
    let plan = |book: &Current<DepositBook>| {
        let facts = facts(platform, &book.extra, actor)?;
        let key = round_key(&book.extra)?;
        let cover = Cover::ExemptByCredit {
            standing: CreditStanding::Good,
        };
        let org = org.clone();
        let sealed = sealed_json(trade, key, &SealedCover { org, cover })?;
        Ok(vec![DepositCommand::ClaimExemption { sealed, facts }])
    };
    let scope = DepositScope::cover(trade);
    run(platform, scope, actor, meta, plan).await.map(drop)
}

/// At the opening, with the recombined key: each bidder of the record's deposit status.
pub(crate) async fn reveal(
    platform: &Platform,
    trade: &TradeId,
    secret: &seal::OpeningSecretKey,
) -> Result<(), AppError> {
    let plan = |book: &Current<DepositBook>| {
        let Some(terms) = &book.state.terms else {
            return Ok(Vec::new());
        };
        if book.state.revealed.is_some() {
            return Ok(Vec::new());
        }
        let rows = revealed_rows(trade, &book.state, terms, &book.extra, secret);
        Ok(vec![DepositCommand::Reveal { rows }])
    };
    let (actor, scope) = (Actor::platform(), DepositScope::everything(trade));
    run(platform, scope, &actor, &Meta::default(), plan)
        .await
        .map(drop)
}

/// Each bidder of the record with its covers, opened with the round's secret key.
fn revealed_rows(
    trade: &TradeId,
    book: &DepositBook,
    terms: &DepositTerms,
    state: &TradeState,
    secret: &seal::OpeningSecretKey,
) -> Vec<RevealedDeposit> {
    let reg = state.registration.as_ref().expect("registered");
    let deadline = state.round.bid_deadline.expect("bidding opened");
    let open = |label: &SealedLabel| unsealed_json::<SealedCover>(trade, secret, label);
    let owners: Vec<(String, UnifiedSocialCreditCode)> = book
        .accounts
        .iter()
        .filter_map(|(account, label)| {
            unsealed_json::<SealedOwner>(trade, secret, label).map(|o| (account.clone(), o.org))
        })
        .collect();
    let mut rows = Vec::new();
    for bidder in state.round.record_bidders() {
        let mut covers = Vec::new();
        let mut payer_accounts = Vec::new();
        for p in &book.payments {
            if owners.iter().any(|(a, o)| a == &p.account && o == bidder)
                && let Some(payer) = unsealed_json::<SealedPayer>(trade, secret, &p.payer)
            {
                payer_accounts.push(payer.account.clone());
                covers.push(Cover::Paid {
                    account: payer.account,
                    payer_name: payer.name,
                    amount: p.amount,
                    at: p.paid_at,
                    bank_ref: p.bank_ref.clone(),
                });
            }
        }
        for label in book.guarantees.iter().chain(&book.exemptions) {
            if let Some(c) = open(label).filter(|c| &c.org == bidder) {
                covers.push(c.cover);
            }
        }
        let status = assess(terms, &covers, deadline, reg.line, None);
        let (covered_by, amount, received_at) = match &status {
            DepositStatus::Covered {
                how,
                amount,
                received_at,
            } => (Some(*how), *amount, *received_at),
            DepositStatus::Short { paid, .. } => (None, *paid, None),
            _ => (None, domain::Money::ZERO, None),
        };
        rows.push(RevealedDeposit {
            bidder: bidder.clone(),
            covered_by,
            amount,
            received_at,
            invalid_under: status.invalidates_bid().map(str::to_owned),
            payer_accounts,
        });
    }
    rows
}

/// Refunds fall due for every revealed bidder (or `bidders`) after `case` on `event_date`.
pub async fn set_refunds_due(
    platform: &Platform,
    trade: &TradeId,
    case: RefundCase,
    event_date: time::Date,
    bidders: Option<Vec<UnifiedSocialCreditCode>>,
    actor: &Actor,
    meta: &Meta,
) -> Result<usize, AppError> {
    let plan = |book: &Current<DepositBook>| {
        let line = book.extra.registration.as_ref().expect("registered").line;
        let revealed = book
            .state
            .revealed
            .as_ref()
            .ok_or_else(|| refused(DepositError::NotRevealed))?;
        let due = refund_due(line, case, event_date, &platform.calendar).map_err(refused)?;
        Ok(revealed
            .iter()
            .filter(|r| bidders.as_ref().is_none_or(|b| b.contains(&r.bidder)))
            .map(|row| DepositCommand::SetRefundDue {
                bidder: row.bidder.clone(),
                case,
                due: due.due,
                article: due.article.to_owned(),
            })
            .collect())
    };
    run(platform, DepositScope::public(trade), actor, meta, plan).await
}

pub async fn record_refund(
    platform: &Platform,
    trade: &TradeId,
    bidder: UnifiedSocialCreditCode,
    amount: domain::Money,
    actor: &Actor,
    meta: &Meta,
) -> Result<(), AppError> {
    let command = DepositCommand::RecordRefund { bidder, amount };
    let plan = crate::pipeline::just::<DepositBook>(command);
    let scope = DepositScope::public(trade);
    run(platform, scope, actor, meta, plan).await.map(drop)
}

impl Platform {
    /// Replaces the keys of the banks and guarantee issuers whose signatures count.
    pub fn with_deposit_signers(mut self, keys: Vec<PublicKey>) -> Platform {
        self.deposit_signers = keys;
        self
    }

    /// The deposits as revealed at the opening (with payer accounts: for the participants).
    pub(crate) async fn revealed_deposits(
        &self,
        trade: &TradeId,
    ) -> Result<Vec<domain::deposit::RevealedDeposit>, AppError> {
        Ok(self
            .public_deposit_book(trade)
            .await?
            .revealed
            .unwrap_or_default())
    }
}
