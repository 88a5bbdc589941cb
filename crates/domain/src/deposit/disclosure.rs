//! The deposit table published after the opening: one row per bidder. Bidder names are
//! secret until the opening (招标投标法 第22条), so the page must not exist before it. Payer
//! accounts and guarantee numbers are left out: they are bank details, not needed for scrutiny.

use legal_time::{Date, OffsetDateTime, beijing_date};
use serde::{Deserialize, Serialize};

use crate::deposit::{CoveredBy, DepositStatus, RefundState};
use crate::serde_time;
use crate::values::Money;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DepositDisclosure {
    pub bidder_name: String,
    /// `None`: not covered, or no deposit asked.
    pub covered_by: Option<CoveredBy>,
    /// Paid, or guaranteed; zero when exempt or missing.
    pub amount: Money,
    /// Date the payment completing the deposit arrived (payments only).
    #[serde(with = "serde_time::option_date")]
    pub received_on: Option<Date>,
    #[serde(with = "serde_time::option_date")]
    pub refund_due: Option<Date>,
    #[serde(with = "serde_time::option_date")]
    pub refunded_on: Option<Date>,
    /// Refunded after the due day, or still unrefunded after it.
    pub overdue: bool,
}

impl DepositDisclosure {
    /// The row of one bidder at `now`.
    pub fn row(
        bidder_name: impl Into<String>,
        status: &DepositStatus,
        refund: Option<&RefundState>,
        now: OffsetDateTime,
    ) -> DepositDisclosure {
        let (covered_by, amount, received_at) = match status {
            DepositStatus::Covered {
                how,
                amount,
                received_at,
            } => (Some(*how), *amount, *received_at),
            DepositStatus::Short { paid, .. } => (None, *paid, None),
            DepositStatus::NotRequired | DepositStatus::Missing { .. } => (None, Money::ZERO, None),
        };
        DepositDisclosure {
            bidder_name: bidder_name.into(),
            covered_by,
            amount,
            received_on: received_at.map(beijing_date),
            refund_due: refund.map(|r| r.due),
            refunded_on: refund.and_then(|r| r.refunded_at).map(beijing_date),
            overdue: refund.is_some_and(|r| r.days_late(now) > 0),
        }
    }
}
