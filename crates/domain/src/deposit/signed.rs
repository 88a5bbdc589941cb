//! Signed documents that prove a deposit: the bank's notice of a payment into a trade's
//! deposit sub-account, and an electronic guarantee (电子保函).
//!
//! Each is signed over its **canonical bytes**: the JSON object of its fields plus a `kind`
//! tag, keys sorted, no whitespace, UTF-8; money as integer fen, dates `YYYY-MM-DD`, instants
//! RFC 3339 in Beijing time (`+08:00`, fraction only if non-zero). The `kind` keeps one
//! signer's guarantee signature from passing as a payment notice (a bank signs both).

use std::collections::BTreeMap;

use legal_time::{BEIJING, Date, OffsetDateTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::accounts::PublicKey;
use crate::deposit::DepositError;
use crate::deposit::cover::{Cover, check_guarantee};
use crate::methods::BusinessLine;
use crate::serde_time;
use crate::trade::error::show_date;
use crate::values::{Money, TradeId, UnifiedSocialCreditCode};

/// Checks a signature. The domain holds no crypto: the app passes its Ed25519 / SM2
/// verifier (any `Fn(&PublicKey, &[u8], &[u8]) -> bool` will do).
pub trait SignatureCheck {
    fn verifies(&self, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool;
}

impl<F: Fn(&PublicKey, &[u8], &[u8]) -> bool> SignatureCheck for F {
    fn verifies(&self, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        self(key, message, signature)
    }
}

/// The bank's notice of a payment into a trade's deposit sub-account (保证金子账户).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankNotice {
    pub sub_account: String,
    pub payer_account: String,
    pub payer_name: String,
    pub amount: Money,
    #[serde(with = "serde_time::instant")]
    pub paid_at: OffsetDateTime,
    pub bank_ref: String,
}

impl BankNotice {
    pub const KIND: &'static str = "sunbid.deposit.bank_notice.v1";

    /// The bytes the bank signs (see the module doc).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        canonical([
            ("kind", Self::KIND.into()),
            ("sub_account", self.sub_account.as_str().into()),
            ("payer_account", self.payer_account.as_str().into()),
            ("payer_name", self.payer_name.as_str().into()),
            ("amount", self.amount.fen().into()),
            ("paid_at", instant(self.paid_at).into()),
            ("bank_ref", self.bank_ref.as_str().into()),
        ])
    }
}

/// An electronic guarantee (电子保函) standing in for a bidder's deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GuaranteeLetter {
    /// The issuing bank's or guarantor's code.
    pub issuer_code: String,
    pub number: String,
    /// The bidder (申请人).
    pub applicant: UnifiedSocialCreditCode,
    /// The tenderer (受益人), as written on the letter.
    pub beneficiary: String,
    pub trade: TradeId,
    pub amount: Money,
    #[serde(with = "serde_time::date")]
    pub valid_from: Date,
    /// In force through the end of this day.
    #[serde(with = "serde_time::date")]
    pub valid_until: Date,
}

impl GuaranteeLetter {
    pub const KIND: &'static str = "sunbid.deposit.guarantee.v1";

    /// The bytes the issuer signs (see the module doc).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        canonical([
            ("kind", Self::KIND.into()),
            ("issuer_code", self.issuer_code.as_str().into()),
            ("number", self.number.as_str().into()),
            ("applicant", self.applicant.as_str().into()),
            ("beneficiary", self.beneficiary.as_str().into()),
            ("trade", self.trade.as_str().into()),
            ("amount", self.amount.fen().into()),
            ("valid_from", show_date(&self.valid_from).into()),
            ("valid_until", show_date(&self.valid_until).into()),
        ])
    }
}

/// What a guarantee must match: this trade, this bidder, the deposit amount, and validity
/// from the bid deadline through `validity_end` (the deadline's date if `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuaranteeExpectation {
    pub line: BusinessLine,
    pub trade: TradeId,
    pub bidder: UnifiedSocialCreditCode,
    pub amount: Money,
    pub bid_deadline: OffsetDateTime,
    pub validity_end: Option<Date>,
}

/// A payment proven by the bank's signature over [`BankNotice::canonical_bytes`]. Which trade
/// and bidder the sub-account belongs to is the caller's lookup.
pub fn verify_bank_notice(
    notice: &BankNotice,
    signature: &[u8],
    bank_key: &PublicKey,
    check: &impl SignatureCheck,
) -> Result<Cover, DepositError> {
    if !check.verifies(bank_key, &notice.canonical_bytes(), signature) {
        return Err(DepositError::BadSignature {
            what: "bank notice",
        });
    }
    if notice.amount <= Money::ZERO {
        return Err(DepositError::InvalidAmount {
            what: "bank notice",
            amount: notice.amount,
            rule: "positive",
        });
    }
    Ok(Cover::Paid {
        account: notice.payer_account.clone(),
        payer_name: notice.payer_name.clone(),
        amount: notice.amount,
        at: notice.paid_at,
        bank_ref: notice.bank_ref.clone(),
    })
}

/// A guarantee proven by the issuer's signature, then checked against `expect`: the trade,
/// the applicant, amount ≥ the deposit, validity covering the deadline (and bid validity).
pub fn verify_guarantee(
    letter: &GuaranteeLetter,
    signature: &[u8],
    issuer_key: &PublicKey,
    expect: &GuaranteeExpectation,
    check: &impl SignatureCheck,
) -> Result<Cover, DepositError> {
    if !check.verifies(issuer_key, &letter.canonical_bytes(), signature) {
        return Err(DepositError::BadSignature { what: "guarantee" });
    }
    let number = &letter.number;
    if letter.trade != expect.trade {
        return Err(DepositError::GuaranteeWrongTrade {
            number: number.clone(),
            expected: expect.trade.clone(),
            actual: letter.trade.clone(),
        });
    }
    if letter.applicant != expect.bidder {
        return Err(DepositError::GuaranteeWrongApplicant {
            number: number.clone(),
            expected: expect.bidder.clone(),
            actual: letter.applicant.clone(),
        });
    }
    check_guarantee(
        number,
        letter.amount,
        (letter.valid_from, letter.valid_until),
        expect.amount,
        expect.bid_deadline,
        expect.validity_end,
        expect.line,
    )?;
    Ok(Cover::Guarantee {
        issuer: letter.issuer_code.clone(),
        number: number.clone(),
        applicant: letter.applicant.clone(),
        trade: letter.trade.clone(),
        amount: letter.amount,
        valid_from: letter.valid_from,
        valid_until: letter.valid_until,
    })
}

/// Sorted-key, whitespace-free JSON (a `BTreeMap` sorts whatever serde_json's features).
fn canonical<const N: usize>(fields: [(&'static str, Value); N]) -> Vec<u8> {
    let map: BTreeMap<&str, Value> = fields.into_iter().collect();
    serde_json::to_vec(&map).expect("a map of strings and integers serialises")
}

/// RFC 3339 in Beijing time, e.g. `2026-09-28T10:00:00+08:00`.
fn instant(t: OffsetDateTime) -> String {
    let b = t.to_offset(BEIJING);
    let fraction = match b.nanosecond() {
        0 => String::new(),
        n => format!(".{n:09}").trim_end_matches('0').to_owned(),
    };
    format!(
        "{}T{:02}:{:02}:{:02}{fraction}+08:00",
        show_date(&b.date()),
        b.hour(),
        b.minute(),
        b.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn notice_bytes_are_sorted_compact_json_in_beijing_time() {
        let notice = BankNotice {
            sub_account: "9558-0001".into(),
            payer_account: "6222 0000".into(),
            payer_name: "甲公司".into(),
            amount: Money::from_fen(24_000_000),
            paid_at: datetime!(2026-09-28 02:00:00.5 UTC),
            bank_ref: "R1".into(),
        };
        assert_eq!(
            String::from_utf8(notice.canonical_bytes()).unwrap(),
            r#"{"amount":24000000,"bank_ref":"R1","kind":"sunbid.deposit.bank_notice.v1","paid_at":"2026-09-28T10:00:00.5+08:00","payer_account":"6222 0000","payer_name":"甲公司","sub_account":"9558-0001"}"#
        );
    }
}
