//! When a deposit must be refunded, and which refunds are overdue (rules.md §1.1, §3.2).
//! Day periods whose last day is a day off move on as the method table's "within" limits
//! do ([`crate::methods::WITHIN_EXTENSION`], 民法典 第203条; 87号令 第85条).

use legal_time::{
    Calendar, Date, OffsetDateTime, Period, RestDayExtension, beijing_date, last_day,
};
use serde::{Deserialize, Serialize};

use crate::deposit::DepositError;
use crate::methods::{BusinessLine, Cited, WITHIN_EXTENSION};
use crate::serde_time;

/// Why a deposit goes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefundCase {
    /// The bid was withdrawn before the deadline; the date is the written notice's receipt.
    Withdrawn,
    /// Not awarded; the date is the award notice (procurement) or the contract (construction).
    Unsuccessful,
    /// The winner; the date is the contract's signing.
    Winner,
    /// The tender was terminated or failed; the date is the termination.
    Terminated,
}

/// One refund limit: `period` from the event named by `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RefundRule {
    pub period: Period,
    /// The event whose date starts the period.
    pub from: &'static str,
    pub article: &'static str,
    /// Refunded with bank interest (银行同期存款利息 / 孳息).
    pub with_interest: bool,
}

/// The refund limits of one business line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineRefunds {
    pub withdrawn: RefundRule,
    pub unsuccessful: RefundRule,
    pub winner: RefundRule,
    pub terminated: RefundRule,
    /// How a day period ending on a day off is extended.
    pub extension: Cited<RestDayExtension>,
}

/// The refund limits as data. Values labelled \[M\] or \[D\] are provisional defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RefundRules {
    pub construction: LineRefunds,
    pub procurement: LineRefunds,
}

const fn rule(
    period: Period,
    from: &'static str,
    article: &'static str,
    with_interest: bool,
) -> RefundRule {
    RefundRule {
        period,
        from,
        article,
        with_interest,
    }
}

impl Default for RefundRules {
    fn default() -> RefundRules {
        let contract = rule(Period::days(5), "contract signed", "条例 第57条", true); // [T]
        let wd5 = Period::working_days(5);
        RefundRules {
            construction: LineRefunds {
                withdrawn: rule(
                    Period::days(5),
                    "withdrawal notice received",
                    "条例 第35条",
                    false,
                ), // [T]
                unsuccessful: contract,
                winner: contract,
                // 条例 第31条 [T] says "及时" (promptly) with interest; 5 日 is our default.
                terminated: rule(
                    Period::days(5),
                    "termination",
                    "条例 第31条 (5 日 [D])",
                    true,
                ),
                extension: Cited {
                    value: WITHIN_EXTENSION,
                    article: "民法典 第203条",
                },
            },
            procurement: LineRefunds {
                withdrawn: rule(
                    wd5,
                    "withdrawal notice received",
                    "财政部令第87号 第38条",
                    false,
                ), // [T]
                unsuccessful: rule(wd5, "award notice", "政府采购法实施条例 第33条", false), // [T]
                winner: rule(wd5, "contract signed", "政府采购法实施条例 第33条", false),    // [T]
                terminated: rule(wd5, "termination", "财政部令第87号 第29条 [M]", true),
                extension: Cited {
                    value: WITHIN_EXTENSION,
                    article: "财政部令第87号 第85条",
                },
            },
        }
    }
}

/// The last day a refund is on time, and the rule that sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RefundDue {
    #[serde(with = "serde_time::date")]
    pub due: Date,
    pub article: &'static str,
    pub with_interest: bool,
}

impl RefundRules {
    pub fn line(&self, line: BusinessLine) -> &LineRefunds {
        match line {
            BusinessLine::Construction => &self.construction,
            BusinessLine::Procurement => &self.procurement,
        }
    }

    pub fn rule(&self, line: BusinessLine, case: RefundCase) -> RefundRule {
        let l = self.line(line);
        match case {
            RefundCase::Withdrawn => l.withdrawn,
            RefundCase::Unsuccessful => l.unsuccessful,
            RefundCase::Winner => l.winner,
            RefundCase::Terminated => l.terminated,
        }
    }

    /// See [`refund_due`].
    pub fn due(
        &self,
        line: BusinessLine,
        case: RefundCase,
        event_date: Date,
        cal: &Calendar,
    ) -> Result<RefundDue, DepositError> {
        let r = self.rule(line, case);
        let due = last_day(cal, event_date, r.period, self.line(line).extension.value)?;
        Ok(RefundDue {
            due,
            article: r.article,
            with_interest: r.with_interest,
        })
    }
}

/// The last day to refund after `case` happened on `event_date` (Beijing date), with the
/// default rules: the start day is not counted; working days include 调休 weekends.
pub fn refund_due(
    line: BusinessLine,
    case: RefundCase,
    event_date: Date,
    cal: &Calendar,
) -> Result<RefundDue, DepositError> {
    RefundRules::default().due(line, case, event_date, cal)
}

/// A deposit owed back: due by the end of `due` (Beijing), refunded at `refunded_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundState {
    #[serde(with = "serde_time::date")]
    pub due: Date,
    #[serde(with = "serde_time::option_instant")]
    pub refunded_at: Option<OffsetDateTime>,
}

impl RefundState {
    /// Not refunded and the due day has ended.
    pub fn is_overdue(&self, now: OffsetDateTime) -> bool {
        self.refunded_at.is_none() && beijing_date(now) > self.due
    }

    /// Calendar days late: until `now` if unrefunded, until the refund otherwise; 0 if on time.
    /// (87号令 第38条 charges interest on late GP refunds; the rate is not computed here.)
    pub fn days_late(&self, now: OffsetDateTime) -> i64 {
        let until = beijing_date(self.refunded_at.unwrap_or(now));
        (until - self.due).whole_days().max(0)
    }
}

/// A refund past due and not made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueRefund<K> {
    pub who: K,
    #[serde(with = "serde_time::date")]
    pub due: Date,
    pub days_overdue: i64,
}

/// The refunds past due and not made at `now`, most overdue first.
pub fn overdue<K: Clone>(list: &[(K, RefundState)], now: OffsetDateTime) -> Vec<OverdueRefund<K>> {
    let mut late: Vec<OverdueRefund<K>> = list
        .iter()
        .filter(|(_, r)| r.is_overdue(now))
        .map(|(who, r)| OverdueRefund {
            who: who.clone(),
            due: r.due,
            days_overdue: r.days_late(now),
        })
        .collect();
    late.sort_by_key(|o| o.due);
    late
}
