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

impl DepositError {
    /// A stable machine code, `deposit.*`.
    pub fn code(&self) -> &'static str {
        use DepositError::*;
        match self {
            InvalidAmount { .. } => "deposit.invalid_amount",
            OverCap { .. } => "deposit.over_cap",
            ExemptionNotAllowed { .. } => "deposit.exemption_not_allowed",
            CreditNotGood { .. } => "deposit.credit_not_good",
            GuaranteeRefused { .. } => "deposit.guarantee_refused",
            GuaranteeNotAccepted { .. } => "deposit.guarantee_not_accepted",
            BadSignature { .. } => "deposit.bad_signature",
            GuaranteeWrongTrade { .. } => "deposit.guarantee_wrong_trade",
            GuaranteeWrongApplicant { .. } => "deposit.guarantee_wrong_applicant",
            GuaranteeTooSmall { .. } => "deposit.guarantee_too_small",
            GuaranteeExpired { .. } => "deposit.guarantee_expired",
            GuaranteeNotYetValid { .. } => "deposit.guarantee_not_yet_valid",
            LatePayment { .. } => "deposit.late_payment",
            NotBasicAccount { .. } => "deposit.not_basic_account",
            WrongRole { .. } => "deposit.wrong_role",
            NotBidding { .. } => "deposit.not_bidding",
            NoTerms => "deposit.no_terms",
            NotParty => "deposit.not_party",
            TermsLocked => "deposit.terms_locked",
            NotRequired => "deposit.not_required",
            AccountExists => "deposit.account_exists",
            UnknownAccount { .. } => "deposit.unknown_account",
            AlreadyRevealed => "deposit.already_revealed",
            NotRevealed => "deposit.not_revealed",
            UnknownBidder { .. } => "deposit.unknown_bidder",
            Method(_) => "deposit.invalid_method",
            Calendar(CalendarError::UnknownYear(_)) => "deposit.calendar_unknown_year",
            Calendar(_) => "deposit.calendar",
        }
    }
}
