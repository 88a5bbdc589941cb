//! Bid deposits (投标保证金): the terms set with the announcement, how each bidder covers
//! them, the signed bank notices and electronic guarantees that prove it, refund due dates
//! and the disclosure rows published after the opening (rules.md §1.3, §3.2, §3.3).
//!
//! Pure code: time, the calendar and the signature check come in as parameters. The domain
//! holds no crypto: [`SignatureCheck`] is implemented outside (the app's Ed25519/SM2
//! verifier) and passed to [`verify_bank_notice`] and [`verify_guarantee`].
//!
//! * [`book`]: [`DepositBook`], the aggregate of one trade's deposits (its own stream);
//! * [`terms`]: [`DepositTerms`], the caps ([`DepositCaps`]) and [`check_terms`];
//! * [`cover`]: [`Cover`] and [`assess`] → [`DepositStatus`];
//! * [`payer`]: [`check_basic_account`] (条例 第26条), [`shared_payer_accounts`] (第40条(六));
//! * [`signed`]: [`BankNotice`], [`GuaranteeLetter`], canonical bytes and verification;
//! * [`refund`]: [`refund_due`], [`RefundState`], [`overdue`];
//! * [`disclosure`]: [`DepositDisclosure`], one public row per bidder;
//! * [`error`]: [`DepositError`] with stable `deposit.*` codes.

pub mod book;
pub mod cover;
pub mod disclosure;
pub mod error;
pub mod payer;
pub mod refund;
pub mod signed;
pub mod terms;

pub use book::{DepositBook, DepositCommand, DepositEvent, RevealedDeposit, TradeFacts};
pub use cover::{Cover, CoveredBy, CreditStanding, DepositStatus, assess};
pub use disclosure::DepositDisclosure;
pub use error::DepositError;
pub use payer::{check_basic_account, shared_payer_accounts};
pub use refund::{
    LineRefunds, OverdueRefund, RefundCase, RefundDue, RefundRule, RefundRules, RefundState,
    overdue, refund_due,
};
pub use signed::{
    BankNotice, GuaranteeExpectation, GuaranteeLetter, SignatureCheck, verify_bank_notice,
    verify_guarantee,
};
pub use terms::{DepositCaps, DepositTerms, Subject, check_terms};
