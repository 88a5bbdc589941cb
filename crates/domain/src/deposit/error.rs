//! Why a deposit rule refused something. Every variant names its rule; [`DepositError::code`]
//! is the stable machine code the API maps to messages in zh-CN and en.

use legal_time::{CalendarError, Date, OffsetDateTime};

use crate::deposit::cover::CreditStanding;
use crate::methods::MethodError;
use crate::trade::error::{show_date, show_time};
use crate::values::{Money, TradeId, UnifiedSocialCreditCode};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DepositError {
    #[error("{what}: amount {amount} must be {rule}")]
    InvalidAmount {
        what: &'static str,
        amount: Money,
        rule: &'static str,
    },
    #[error("deposit {amount} is over the cap of {cap} ({article})")]
    OverCap {
        amount: Money,
        cap: Money,
        article: &'static str,
    },
    #[error("credit exemption (信用免缴) is not allowed ({article})")]
    ExemptionNotAllowed { article: &'static str },
    #[error("credit exemption needs a good credit standing, not {standing} ({article})", standing = .standing.as_str())]
    CreditNotGood {
        standing: CreditStanding,
        article: &'static str,
    },
    #[error("the terms must accept guarantees (保函) in place of a payment ({article})")]
    GuaranteeRefused { article: &'static str },
    #[error("guarantee {number}: the tender documents accept payment only, not guarantees")]
    GuaranteeNotAccepted { number: String },
    #[error("{what}: the signature does not verify with the signer's registered key")]
    BadSignature { what: &'static str },
    #[error("guarantee {number} is for trade {actual}, not {expected}")]
    GuaranteeWrongTrade {
        number: String,
        expected: TradeId,
        actual: TradeId,
    },
    #[error("guarantee {number} was issued for {actual}, not for the bidder {expected}")]
    GuaranteeWrongApplicant {
        number: String,
        expected: UnifiedSocialCreditCode,
        actual: UnifiedSocialCreditCode,
    },
    #[error("guarantee {number} covers {amount}, the deposit is {required} ({article})")]
    GuaranteeTooSmall {
        number: String,
        amount: Money,
        required: Money,
        article: &'static str,
    },
    #[error(
        "guarantee {number} is valid until {}, it must stay valid through {} ({article})",
        show_date(.valid_until),
        show_date(.needed)
    )]
    GuaranteeExpired {
        number: String,
        valid_until: Date,
        needed: Date,
        article: &'static str,
    },
    #[error(
        "guarantee {number} is valid only from {}, after the bid deadline {} ({article})",
        show_date(.valid_from),
        show_time(.deadline)
    )]
    GuaranteeNotYetValid {
        number: String,
        valid_from: Date,
        deadline: OffsetDateTime,
        article: &'static str,
    },
    #[error(
        "payment {bank_ref} at {} came after the bid deadline {} and does not count ({article})",
        show_time(.at),
        show_time(.deadline)
    )]
    LatePayment {
        bank_ref: String,
        at: OffsetDateTime,
        deadline: OffsetDateTime,
        article: &'static str,
    },
    #[error(
        "payment {bank_ref} came from account {account}, not the bidder's basic account ({article})"
    )]
    NotBasicAccount {
        bank_ref: String,
        account: String,
        article: &'static str,
    },
    #[error("{action}: not allowed for role {role}")]
    WrongRole {
        action: &'static str,
        role: &'static str,
    },
    #[error("{action}: bidding is not open (or its deadline has passed)")]
    NotBidding { action: &'static str },
    #[error("the trade has no deposit terms yet")]
    NoTerms,
    #[error("only the tenderer or its agency sets the deposit terms")]
    NotParty,
    #[error(
        "the deposit terms are fixed once bidding is open (amend the documents to change them)"
    )]
    TermsLocked,
    #[error("this trade asks no deposit")]
    NotRequired,
    #[error("this deposit sub-account already exists")]
    AccountExists,
    #[error("{account} is not a deposit sub-account of this trade")]
    UnknownAccount { account: String },
    #[error("the deposits were already revealed")]
    AlreadyRevealed,
    #[error("the deposits are sealed until the opening")]
    NotRevealed,
    #[error("{bidder} has no deposit in this trade")]
    UnknownBidder { bidder: UnifiedSocialCreditCode },
    #[error(transparent)]
    Method(#[from] MethodError),
    #[error("calendar: {0}")]
    Calendar(#[from] CalendarError),
}

crate::refusals!(DepositError {
    InvalidAmount { .. } => "deposit.invalid_amount", Rule;
    OverCap { article, .. } => "deposit.over_cap", Rule, *article;
    ExemptionNotAllowed { article } => "deposit.exemption_not_allowed", Rule, *article;
    CreditNotGood { article, .. } => "deposit.credit_not_good", Rule, *article;
    GuaranteeRefused { article } => "deposit.guarantee_refused", Rule, *article;
    GuaranteeNotAccepted { .. } => "deposit.guarantee_not_accepted", Rule;
    BadSignature { .. } => "deposit.bad_signature", Rule;
    GuaranteeWrongTrade { .. } => "deposit.guarantee_wrong_trade", Rule;
    GuaranteeWrongApplicant { .. } => "deposit.guarantee_wrong_applicant", Rule;
    GuaranteeTooSmall { article, .. } => "deposit.guarantee_too_small", Rule, *article;
    GuaranteeExpired { article, .. } => "deposit.guarantee_expired", Rule, *article;
    GuaranteeNotYetValid { article, .. } => "deposit.guarantee_not_yet_valid", Rule, *article;
    LatePayment { article, .. } => "deposit.late_payment", Rule, *article;
    NotBasicAccount { article, .. } => "deposit.not_basic_account", Rule, *article;
    WrongRole { .. } => "deposit.wrong_role", Forbidden;
    NotBidding { .. } => "deposit.not_bidding", Rule;
    NoTerms => "deposit.no_terms", Rule;
    NotParty => "deposit.not_party", Forbidden;
    TermsLocked => "deposit.terms_locked", Rule;
    NotRequired => "deposit.not_required", Rule;
    AccountExists => "deposit.account_exists", Rule;
    UnknownAccount { .. } => "deposit.unknown_account", Rule;
    AlreadyRevealed => "deposit.already_revealed", Rule;
    NotRevealed => "deposit.not_revealed", Rule;
    UnknownBidder { .. } => "deposit.unknown_bidder", Rule;
    Method(_) => "deposit.invalid_method", Rule;
    Calendar(CalendarError::UnknownYear(_)) => "deposit.calendar_unknown_year", Rule;
    Calendar(_) => "deposit.calendar", Rule;
});
