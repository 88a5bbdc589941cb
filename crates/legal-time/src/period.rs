//! Legal periods (期间) in Beijing time (rules.md §0 "Period conventions").
//!
//! * 民法典 第201条: a period counted in days starts on the next day; the start day is
//!   not counted.
//! * 民法典 第203条: if the last day is a 法定休假日 the period ends on the day after it;
//!   the last day ends at 24:00.
//! * 财政部令第87号 第85条: "开始当天不计入，从次日开始计算。期限的最后一日是国家法定节假日的，
//!   顺延到节假日后的次日".

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

use crate::BEIJING;
use crate::calendar::{Calendar, CalendarError, next_day};

/// The unit of a period. Keep the unit with every rule (rules.md §4): the 招标投标法 side
/// counts mostly calendar days, the GP side mixes both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// Calendar days (日).
    Days,
    /// Working days (工作日), including 调休 working weekends.
    WorkingDays,
}

/// A legal period such as "20 日" or "5 个工作日".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Period {
    /// How many units.
    pub count: u32,
    /// Calendar days or working days.
    pub unit: PeriodUnit,
}

impl Period {
    /// `n` calendar days (日).
    pub const fn days(n: u32) -> Period {
        Period {
            count: n,
            unit: PeriodUnit::Days,
        }
    }

    /// `n` working days (工作日).
    pub const fn working_days(n: u32) -> Period {
        Period {
            count: n,
            unit: PeriodUnit::WorkingDays,
        }
    }
}

impl fmt::Display for Period {
    /// `20 日` / `5 个工作日`, as the rules write them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            PeriodUnit::Days => write!(f, "{} 日", self.count),
            PeriodUnit::WorkingDays => write!(f, "{} 个工作日", self.count),
        }
    }
}

/// Whether a **day** period whose last day falls on a rest day is extended
/// (民法典 第203条; 87号令 第85条). Working-day periods always end on a working day and
/// are not affected.
///
/// Default: [`RestDayExtension::StatutoryHolidays`]. It follows the wording of 87号令
/// 第85条 ("国家法定节假日"), the text that governs the GP periods, and is the narrower
/// reading: only days the State Council notice gives off extend a period. Whether an
/// ordinary weekend also counts as a "法定休假日" under 民法典 第203条 is listed in
/// rules.md §5.7 as an ambiguity to configure; choose [`RestDayExtension::AnyRestDay`]
/// for that reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestDayExtension {
    /// Extend past State Council days off (放假, including the weekends inside a holiday
    /// block) to the next day that is not one. An ordinary weekend is not extended.
    #[default]
    StatutoryHolidays,
    /// Extend past every rest day (State Council days off and ordinary weekends) to the
    /// next working day. A 调休 working weekend is a working day and is not extended.
    AnyRestDay,
    /// Never extend.
    None,
}

/// The Beijing calendar date of an instant (an instant at 2026-02-13T20:00Z is already
/// 2026-02-14 in Beijing).
pub fn beijing_date(at: OffsetDateTime) -> Date {
    at.to_offset(BEIJING).date()
}

/// 00:00 Beijing time at the start of `d`.
pub fn beijing_midnight(d: Date) -> OffsetDateTime {
    PrimitiveDateTime::new(d, Time::MIDNIGHT).assume_offset(BEIJING)
}

/// 24:00 Beijing time of `d` (= 00:00 Beijing of the next day): the end of a period whose
/// last day is `d` (民法典 第203条).
pub fn end_of_beijing_day(d: Date) -> Result<OffsetDateTime, CalendarError> {
    Ok(beijing_midnight(next_day(d)?))
}

fn add_days(start: Date, n: u32) -> Result<Date, CalendarError> {
    start
        .checked_add(Duration::days(i64::from(n)))
        .ok_or_else(|| CalendarError::OutOfRange(format!("{start} + {n} days")))
}

/// Every year a day period from `start` to `end` covers must be known: the days counted
/// (start excluded), and the last day itself (also when `n = 0`).
fn require_covered_years(cal: &Calendar, start: Date, end: Date) -> Result<(), CalendarError> {
    let first = if end > start {
        next_day(start)?.year()
    } else {
        end.year()
    };
    (first..=end.year()).try_for_each(|y| cal.require_year(y))
}

/// The last day of `period` started on `start` (the start day is not counted,
/// 民法典 第201条 / 87号令 第85条).
///
/// * Days: `start + n`, then extended per `ext` if it is a rest day (民法典 第203条,
///   87号令 第85条: "顺延到节假日后的次日").
/// * Working days: the `n`-th working day after `start` ([`Calendar::add_working_days`]).
///
/// Errors with [`CalendarError::UnknownYear`] if any counted day, or any day the extension
/// has to inspect, is in a year the calendar does not have — even when `ext` is `None`.
pub fn last_day(
    cal: &Calendar,
    start: Date,
    period: Period,
    ext: RestDayExtension,
) -> Result<Date, CalendarError> {
    match period.unit {
        PeriodUnit::WorkingDays => cal.add_working_days(start, period.count),
        PeriodUnit::Days => {
            let mut d = add_days(start, period.count)?;
            require_covered_years(cal, start, d)?;
            match ext {
                RestDayExtension::None => {}
                RestDayExtension::StatutoryHolidays => {
                    while cal.is_statutory_day_off(d)? {
                        d = next_day(d)?;
                    }
                }
                RestDayExtension::AnyRestDay => {
                    while cal.is_rest_day(d)? {
                        d = next_day(d)?;
                    }
                }
            }
            Ok(d)
        }
    }
}

/// The instant `period` started at `start` ends: 24:00 Beijing time of its
/// [`last_day`] (= 00:00 Beijing of the following day). The start day is the Beijing date
/// of `start`, whatever the time of day. An act at `t` is within the period iff
/// `t < period_end` (see [`within_period`]).
pub fn period_end(
    cal: &Calendar,
    start: OffsetDateTime,
    period: Period,
    ext: RestDayExtension,
) -> Result<OffsetDateTime, CalendarError> {
    end_of_beijing_day(last_day(cal, beijing_date(start), period, ext)?)
}

/// Whether an act at `at` is within `period` started at `start`: `at < period_end(..)`.
pub fn within_period(
    cal: &Calendar,
    start: OffsetDateTime,
    period: Period,
    ext: RestDayExtension,
    at: OffsetDateTime,
) -> Result<bool, CalendarError> {
    Ok(at < period_end(cal, start, period, ext)?)
}

/// For minimum-length rules ("自招标文件开始发出之日起至投标截止之日止，最短不得少于20日"):
/// the earliest date on which such a period may end.
///
/// Calendar-day minimums count holidays as ordinary days and are neither shortened nor
/// extended by them (rules.md §0 point 4), so for days this is `start + n`; for working
/// days it is [`Calendar::add_working_days`]. A deadline on date `E` satisfies the
/// minimum iff `E >= earliest_end_date(..)`.
///
/// Errors with [`CalendarError::UnknownYear`] if a counted day is in an unknown year: a
/// period in a year without a loaded notice is an error even where no holiday matters.
pub fn earliest_end_date(
    cal: &Calendar,
    start: Date,
    period: Period,
) -> Result<Date, CalendarError> {
    last_day(cal, start, period, RestDayExtension::None)
}

#[cfg(test)]
mod tests;
