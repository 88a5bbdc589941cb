//! How a bidder covers its deposit, and whether it does by the bid deadline.
//! Not paying the required deposit makes the bid invalid (87号令 第63条 \[T\]).

use std::collections::BTreeSet;

use legal_time::{Date, OffsetDateTime, beijing_date};
use serde::{Deserialize, Serialize};

use crate::deposit::{DepositError, DepositTerms};
use crate::methods::BusinessLine;
use crate::serde_time;
use crate::values::{Money, TradeId, UnifiedSocialCreditCode};

/// The article that makes a bid without its deposit invalid.
pub(crate) fn invalid_bid_article(line: BusinessLine) -> &'static str {
    match line {
        BusinessLine::Procurement => "财政部令第87号 第63条",
        // 30号令 第37条: "不按招标文件要求提交投标保证金的，该投标文件将被拒绝" [M].
        BusinessLine::Construction => "30号令 第37条 [M]",
    }
}

/// The article by which a guarantee must stay in force.
pub(crate) fn validity_article(line: BusinessLine) -> &'static str {
    match line {
        // Deposit validity = bid validity [T].
        BusinessLine::Construction => "条例 第26条",
        // [D] the guarantee stands for the deposit until its refund; the documents set the end.
        BusinessLine::Procurement => "政府采购法实施条例 第33条 [D]",
    }
}

/// 信用记录 of the bidder as the credit system reports it (passed in, never looked up here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditStanding {
    /// No adverse record.
    Good,
    /// An adverse record (不良记录) within the look-back period.
    Adverse,
    /// On a dishonesty list (失信被执行人 / 重大税收违法 / 政府采购严重违法失信名单).
    Dishonest,
}

impl CreditStanding {
    pub fn as_str(self) -> &'static str {
        match self {
            CreditStanding::Good => "good",
            CreditStanding::Adverse => "adverse",
            CreditStanding::Dishonest => "dishonest",
        }
    }
}

/// One way a bidder covers (part of) its deposit. Build `Paid` and `Guarantee` with
/// [`crate::deposit::verify_bank_notice`] and [`crate::deposit::verify_guarantee`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cover {
    /// A transfer into the trade's deposit sub-account (保证金子账户), from a bank notice.
    Paid {
        /// The payer's bank account.
        account: String,
        payer_name: String,
        amount: Money,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
        /// The bank's reference: the same notice twice counts once.
        bank_ref: String,
    },
    /// An electronic guarantee (电子保函) whose signature has been verified.
    Guarantee {
        issuer: String,
        number: String,
        applicant: UnifiedSocialCreditCode,
        trade: TradeId,
        amount: Money,
        #[serde(with = "serde_time::date")]
        valid_from: Date,
        #[serde(with = "serde_time::date")]
        valid_until: Date,
    },
    /// 信用免缴, with the standing the credit system reported.
    ExemptByCredit { standing: CreditStanding },
}

/// How a covered deposit was covered (the public disclosure shows this).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoveredBy {
    Paid,
    Guarantee,
    ExemptByCredit,
}

/// A bidder's deposit at the bid deadline. `reasons` say why covers did not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DepositStatus {
    /// The terms ask no deposit.
    NotRequired,
    /// `amount`: paid in total, the guarantee's amount, or zero when exempt. `received_at`:
    /// the payment that completed the deposit (payments only).
    Covered {
        how: CoveredBy,
        amount: Money,
        received_at: Option<OffsetDateTime>,
    },
    /// Paid in time, but less than required: the bid is invalid under `article`.
    Short {
        paid: Money,
        missing: Money,
        article: &'static str,
        reasons: Vec<DepositError>,
    },
    /// Nothing counts: the bid is invalid under `article`.
    Missing {
        article: &'static str,
        reasons: Vec<DepositError>,
    },
}

impl DepositStatus {
    /// The article that makes the bid invalid, or `None` if the deposit is in order.
    pub fn invalidates_bid(&self) -> Option<&'static str> {
        match self {
            DepositStatus::Short { article, .. } | DepositStatus::Missing { article, .. } => {
                Some(article)
            }
            _ => None,
        }
    }
}

/// Whether `covers` cover `terms` at `bid_deadline`. Credit exemption first (only where
/// the terms allow it, in procurement, with a good standing), then one guarantee covering
/// the whole amount and valid from the deadline through `validity_end` (the bid validity end;
/// the deadline's date if `None`), then the payments received by the deadline, summed.
pub fn assess(
    terms: &DepositTerms,
    covers: &[Cover],
    bid_deadline: OffsetDateTime,
    line: BusinessLine,
    validity_end: Option<Date>,
) -> DepositStatus {
    if terms.amount <= Money::ZERO {
        return DepositStatus::NotRequired;
    }
    let mut reasons = Vec::new();
    for cover in covers {
        if let Cover::ExemptByCredit { standing } = cover {
            match exemption(terms, line, *standing) {
                Ok(()) => {
                    return DepositStatus::Covered {
                        how: CoveredBy::ExemptByCredit,
                        amount: Money::ZERO,
                        received_at: None,
                    };
                }
                Err(e) => reasons.push(e),
            }
        }
    }
    for cover in covers {
        if let Cover::Guarantee {
            number,
            amount,
            valid_from,
            valid_until,
            ..
        } = cover
        {
            let checked = if terms.accepts_guarantee {
                check_guarantee(
                    number,
                    *amount,
                    (*valid_from, *valid_until),
                    terms.amount,
                    bid_deadline,
                    validity_end,
                    line,
                )
            } else {
                Err(DepositError::GuaranteeNotAccepted {
                    number: number.clone(),
                })
            };
            match checked {
                Ok(()) => {
                    return DepositStatus::Covered {
                        how: CoveredBy::Guarantee,
                        amount: *amount,
                        received_at: None,
                    };
                }
                Err(e) => reasons.push(e),
            }
        }
    }
    payments(terms, covers, bid_deadline, line, reasons)
}

fn exemption(
    terms: &DepositTerms,
    line: BusinessLine,
    standing: CreditStanding,
) -> Result<(), DepositError> {
    if line != BusinessLine::Procurement {
        return Err(DepositError::ExemptionNotAllowed {
            article: "[D] 信用免缴 is a procurement measure",
        });
    }
    if !terms.exemption_by_credit {
        return Err(DepositError::ExemptionNotAllowed {
            article: "the tender documents (招标文件) do not offer it",
        });
    }
    if standing != CreditStanding::Good {
        return Err(DepositError::CreditNotGood {
            standing,
            article: "[D] exemption is for bidders without adverse records",
        });
    }
    Ok(())
}

/// Amount and validity of a guarantee: it covers the whole deposit, is in force on the
/// deadline's (Beijing) date and stays so through `validity_end` (else the deadline's date).
pub(crate) fn check_guarantee(
    number: &str,
    amount: Money,
    (valid_from, valid_until): (Date, Date),
    required: Money,
    deadline: OffsetDateTime,
    validity_end: Option<Date>,
    line: BusinessLine,
) -> Result<(), DepositError> {
    let article = validity_article(line);
    if amount < required {
        return Err(DepositError::GuaranteeTooSmall {
            number: number.to_owned(),
            amount,
            required,
            article: invalid_bid_article(line),
        });
    }
    let deadline_day = beijing_date(deadline);
    if valid_from > deadline_day {
        return Err(DepositError::GuaranteeNotYetValid {
            number: number.to_owned(),
            valid_from,
            deadline,
            article,
        });
    }
    let needed = validity_end.unwrap_or(deadline_day).max(deadline_day);
    if valid_until < needed {
        return Err(DepositError::GuaranteeExpired {
            number: number.to_owned(),
            valid_until,
            needed,
            article,
        });
    }
    Ok(())
}

fn payments(
    terms: &DepositTerms,
    covers: &[Cover],
    deadline: OffsetDateTime,
    line: BusinessLine,
    mut reasons: Vec<DepositError>,
) -> DepositStatus {
    let article = invalid_bid_article(line);
    let mut seen = BTreeSet::new();
    let mut counted: Vec<(OffsetDateTime, Money)> = Vec::new();
    for cover in covers {
        let Cover::Paid {
            amount,
            at,
            bank_ref,
            ..
        } = cover
        else {
            continue;
        };
        // The same notice twice counts once; a non-positive amount is no payment.
        if !seen.insert(bank_ref.as_str()) || *amount <= Money::ZERO {
            continue;
        }
        if *at > deadline {
            reasons.push(DepositError::LatePayment {
                bank_ref: bank_ref.clone(),
                at: *at,
                deadline,
                article,
            });
        } else {
            counted.push((*at, *amount));
        }
    }
    counted.sort();
    let mut paid = 0i64;
    for (at, amount) in &counted {
        paid = paid.saturating_add(amount.fen());
        if paid >= terms.amount.fen() {
            let total = counted
                .iter()
                .fold(0i64, |t, (_, a)| t.saturating_add(a.fen()));
            return DepositStatus::Covered {
                how: CoveredBy::Paid,
                amount: Money::from_fen(total),
                received_at: Some(*at),
            };
        }
    }
    if paid > 0 {
        DepositStatus::Short {
            paid: Money::from_fen(paid),
            missing: Money::from_fen(terms.amount.fen() - paid),
            article,
            reasons,
        }
    } else {
        DepositStatus::Missing { article, reasons }
    }
}
