//! The deposit book of one trade: the terms, the deposit sub-accounts bidders open, the
//! bank's payment notices, guarantees and credit exemptions, all sealed to the round's opening
//! key until the opening (who paid is who bids: 招标投标法 第22条); then the reveal (each
//! bidder's status, computed by [`crate::deposit::assess`]), refund due dates and refunds.
//! The app keeps the public events in the trade's deposit stream and each sealed one in a
//! stream of its own (no version counts them), and folds what a command needs. The trade's
//! own facts come in with the commands, from the app.

use std::collections::{BTreeMap, BTreeSet};

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregate, Context, DomainEvent, Role};
use crate::deposit::{CoveredBy, DepositError, DepositTerms, RefundCase, RefundState, check_terms};
use crate::methods::{BusinessLine, Method};
use crate::serde_time;
use crate::trade::sealed::SealedLabel;
use crate::values::{Money, UnifiedSocialCreditCode};

/// What the deposit book needs to know of its trade, read by the app from the trade stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeFacts {
    pub line: BusinessLine,
    pub method: Method,
    pub estimate: Money,
    /// The caller is the trade's tenderer or its agency.
    pub caller_is_party: bool,
    /// Bidding is open and its deadline second has not passed.
    pub bidding_open: bool,
}

/// One bidder's deposit as revealed at the opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RevealedDeposit {
    pub bidder: UnifiedSocialCreditCode,
    pub covered_by: Option<CoveredBy>,
    pub amount: Money,
    #[serde(with = "serde_time::option_instant")]
    pub received_at: Option<OffsetDateTime>,
    /// The article under which the bid is invalid for its deposit (87号令 第63条 …), if so.
    pub invalid_under: Option<String>,
    /// The accounts payments came from (a shared payer is a collusion signal, 条例 第40条(六)).
    pub payer_accounts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DepositCommand {
    SetTerms {
        terms: DepositTerms,
        facts: TradeFacts,
    },
    /// A bidder opens a sub-account (the platform makes the number and seals the owner).
    OpenAccount {
        account: String,
        owner: SealedLabel,
        facts: TradeFacts,
    },
    /// The bank's notice, verified by the platform; the payer is sealed.
    RecordPayment {
        account: String,
        amount: Money,
        #[serde(with = "serde_time::instant")]
        paid_at: OffsetDateTime,
        bank_ref: String,
        payer: SealedLabel,
    },
    /// A guarantee verified by the platform against its issuer's key, sealed.
    LodgeGuarantee {
        sealed: SealedLabel,
        facts: TradeFacts,
    },
    /// A credit exemption claimed and checked by the platform, sealed.
    ClaimExemption {
        sealed: SealedLabel,
        facts: TradeFacts,
    },
    /// The platform, at the opening.
    Reveal { rows: Vec<RevealedDeposit> },
    /// Center staff or the platform: refunds fall due after `case` happened on `event_date`.
    SetRefundDue {
        bidder: UnifiedSocialCreditCode,
        case: RefundCase,
        #[serde(with = "serde_time::date")]
        due: Date,
        article: String,
    },
    /// Center staff or the platform (the bank's refund confirmation).
    RecordRefund {
        bidder: UnifiedSocialCreditCode,
        amount: Money,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DepositEvent {
    TermsSet {
        terms: DepositTerms,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    AccountOpened {
        account: String,
        owner: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    PaymentReceived {
        account: String,
        amount: Money,
        #[serde(with = "serde_time::instant")]
        paid_at: OffsetDateTime,
        bank_ref: String,
        payer: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    GuaranteeLodged {
        sealed: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ExemptionClaimed {
        sealed: SealedLabel,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Revealed {
        rows: Vec<RevealedDeposit>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    RefundDueSet {
        bidder: UnifiedSocialCreditCode,
        case: RefundCase,
        #[serde(with = "serde_time::date")]
        due: Date,
        article: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Refunded {
        bidder: UnifiedSocialCreditCode,
        amount: Money,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for DepositEvent {
    fn kind(&self) -> &'static str {
        use DepositEvent::*;
        match self {
            TermsSet { .. } => "deposit.terms_set",
            AccountOpened { .. } => "deposit.account_opened",
            PaymentReceived { .. } => "deposit.payment_received",
            GuaranteeLodged { .. } => "deposit.guarantee_lodged",
            ExemptionClaimed { .. } => "deposit.exemption_claimed",
            Revealed { .. } => "deposit.revealed",
            RefundDueSet { .. } => "deposit.refund_due_set",
            Refunded { .. } => "deposit.refunded",
        }
    }

    /// A bidder's own deposit actions say who bids: the log records no actor for them.
    fn hides_actor(&self) -> bool {
        matches!(
            self,
            DepositEvent::AccountOpened { .. }
                | DepositEvent::GuaranteeLodged { .. }
                | DepositEvent::ExemptionClaimed { .. }
        )
    }
}

/// A payment as the book keeps it before the reveal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub account: String,
    pub amount: Money,
    pub paid_at: OffsetDateTime,
    pub bank_ref: String,
    pub payer: SealedLabel,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepositBook {
    pub terms: Option<DepositTerms>,
    pub accounts: BTreeMap<String, SealedLabel>,
    pub payments: Vec<Payment>,
    pub guarantees: Vec<SealedLabel>,
    pub exemptions: Vec<SealedLabel>,
    pub revealed: Option<Vec<RevealedDeposit>>,
    pub refunds: BTreeMap<UnifiedSocialCreditCode, RefundState>,
    pub refunded_amounts: BTreeMap<UnifiedSocialCreditCode, Money>,
}

impl DepositBook {
    fn bank_refs(&self) -> BTreeSet<&str> {
        self.payments.iter().map(|p| p.bank_ref.as_str()).collect()
    }
}

fn roles(ctx: &Context<'_>, action: &'static str, allowed: &[Role]) -> Result<(), DepositError> {
    if allowed.contains(&ctx.actor.role) {
        Ok(())
    } else {
        Err(DepositError::WrongRole {
            action,
            role: ctx.actor.role.as_str(),
        })
    }
}

fn bidding(facts: &TradeFacts, action: &'static str) -> Result<(), DepositError> {
    if facts.bidding_open {
        Ok(())
    } else {
        Err(DepositError::NotBidding { action })
    }
}

fn terms(book: &DepositBook) -> Result<&DepositTerms, DepositError> {
    book.terms.as_ref().ok_or(DepositError::NoTerms)
}

/// Money paid in or refunded: a positive amount.
fn positive(amount: Money, what: &'static str) -> Result<(), DepositError> {
    if amount <= Money::ZERO {
        return Err(DepositError::InvalidAmount {
            what,
            amount,
            rule: "positive",
        });
    }
    Ok(())
}

impl DepositBook {
    /// A bank's notice of a payment into one of the book's sub-accounts; `None` for a notice
    /// already recorded (a retried webhook counts once).
    fn payment(
        &self,
        account: &str,
        amount: Money,
        paid_at: OffsetDateTime,
        bank_ref: &str,
        payer: &SealedLabel,
        at: OffsetDateTime,
    ) -> Result<Option<DepositEvent>, DepositError> {
        if !self.accounts.contains_key(account) {
            return Err(DepositError::UnknownAccount {
                account: account.to_owned(),
            });
        }
        positive(amount, "bank notice")?;
        if self.bank_refs().contains(bank_ref) {
            return Ok(None);
        }
        Ok(Some(DepositEvent::PaymentReceived {
            account: account.to_owned(),
            amount,
            paid_at,
            bank_ref: bank_ref.to_owned(),
            payer: payer.clone(),
            at,
        }))
    }
}

/// No `DepositCommand` names a file.
impl crate::NamesFiles for DepositCommand {}

impl Aggregate for DepositBook {
    type Command = DepositCommand;
    type Event = DepositEvent;
    type Error = DepositError;

    fn decide(
        &self,
        command: &DepositCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<DepositEvent>, DepositError> {
        use DepositCommand::*;
        let at = ctx.now;
        let event = match command {
            SetTerms { terms, facts } => {
                roles(ctx, "set_deposit_terms", &[Role::Tenderer, Role::Agency])?;
                if !facts.caller_is_party {
                    return Err(DepositError::NotParty);
                }
                // Terms are part of the documents: once bidding is open with terms set,
                // bidders may rely on them. Judged on public facts only: whether anyone has
                // paid is sealed until the opening (招标投标法 第22条), and so is a refusal
                // that would tell.
                if (facts.bidding_open && self.terms.is_some()) || self.revealed.is_some() {
                    return Err(DepositError::TermsLocked);
                }
                check_terms(facts.line, facts.method, facts.estimate, terms)?;
                DepositEvent::TermsSet { terms: *terms, at }
            }
            OpenAccount {
                account,
                owner,
                facts,
            } => {
                roles(ctx, "open_deposit_account", &[Role::Bidder])?;
                bidding(facts, "open_deposit_account")?;
                if terms(self)?.amount <= Money::ZERO {
                    return Err(DepositError::NotRequired);
                }
                if self.accounts.contains_key(account) {
                    return Err(DepositError::AccountExists);
                }
                DepositEvent::AccountOpened {
                    account: account.clone(),
                    owner: owner.clone(),
                    at,
                }
            }
            RecordPayment {
                account,
                amount,
                paid_at,
                bank_ref,
                payer,
            } => {
                roles(ctx, "record_deposit_payment", &[Role::Platform])?;
                let Some(event) = self.payment(account, *amount, *paid_at, bank_ref, payer, at)?
                else {
                    return Ok(vec![]);
                };
                event
            }
            LodgeGuarantee { sealed, facts } => {
                roles(ctx, "lodge_guarantee", &[Role::Bidder])?;
                bidding(facts, "lodge_guarantee")?;
                if !terms(self)?.accepts_guarantee {
                    return Err(DepositError::GuaranteeNotAccepted { number: "-".into() });
                }
                DepositEvent::GuaranteeLodged {
                    sealed: sealed.clone(),
                    at,
                }
            }
            ClaimExemption { sealed, facts } => {
                roles(ctx, "claim_deposit_exemption", &[Role::Bidder])?;
                bidding(facts, "claim_deposit_exemption")?;
                let t = terms(self)?;
                if !t.exemption_by_credit || facts.line != BusinessLine::Procurement {
                    return Err(DepositError::ExemptionNotAllowed {
                        article: "platform practice [D]: credit exemption only where the procurement documents allow it",
                    });
                }
                DepositEvent::ExemptionClaimed {
                    sealed: sealed.clone(),
                    at,
                }
            }
            Reveal { rows } => {
                roles(ctx, "reveal_deposits", &[Role::Platform])?;
                if self.revealed.is_some() {
                    return Err(DepositError::AlreadyRevealed);
                }
                DepositEvent::Revealed {
                    rows: rows.clone(),
                    at,
                }
            }
            SetRefundDue {
                bidder,
                case,
                due,
                article,
            } => {
                roles(ctx, "set_refund_due", &[Role::CenterStaff, Role::Platform])?;
                self.revealed_bidder(bidder)?;
                DepositEvent::RefundDueSet {
                    bidder: bidder.clone(),
                    case: *case,
                    due: *due,
                    article: article.clone(),
                    at,
                }
            }
            RecordRefund { bidder, amount } => {
                roles(ctx, "record_refund", &[Role::CenterStaff, Role::Platform])?;
                self.revealed_bidder(bidder)?;
                positive(*amount, "refund")?;
                DepositEvent::Refunded {
                    bidder: bidder.clone(),
                    amount: *amount,
                    at,
                }
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &DepositEvent) {
        use DepositEvent::*;
        match event {
            TermsSet { terms, .. } => self.terms = Some(*terms),
            AccountOpened { account, owner, .. } => {
                self.accounts.insert(account.clone(), owner.clone());
            }
            PaymentReceived {
                account,
                amount,
                paid_at,
                bank_ref,
                payer,
                ..
            } => self.payments.push(Payment {
                account: account.clone(),
                amount: *amount,
                paid_at: *paid_at,
                bank_ref: bank_ref.clone(),
                payer: payer.clone(),
            }),
            GuaranteeLodged { sealed, .. } => self.guarantees.push(sealed.clone()),
            ExemptionClaimed { sealed, .. } => self.exemptions.push(sealed.clone()),
            Revealed { rows, .. } => self.revealed = Some(rows.clone()),
            RefundDueSet { bidder, due, .. } => {
                let entry = self.refunds.entry(bidder.clone()).or_insert(RefundState {
                    due: *due,
                    refunded_at: None,
                });
                entry.due = *due;
            }
            Refunded { bidder, amount, at } => {
                let total = self.refunded_amounts.entry(bidder.clone()).or_default();
                *total = Money::from_fen(total.fen() + amount.fen());
                if let Some(r) = self.refunds.get_mut(bidder) {
                    r.refunded_at.get_or_insert(*at);
                }
            }
        }
    }
}

impl DepositBook {
    fn revealed_bidder(&self, bidder: &UnifiedSocialCreditCode) -> Result<(), DepositError> {
        match &self.revealed {
            Some(rows) if rows.iter().any(|r| &r.bidder == bidder) => Ok(()),
            Some(_) => Err(DepositError::UnknownBidder {
                bidder: bidder.clone(),
            }),
            None => Err(DepositError::NotRevealed),
        }
    }
}
