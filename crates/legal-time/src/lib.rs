//! Legal time for Sunbid: the clock port, the working-day calendar built from the
//! State Council (国务院办公厅) holiday notices, and legal periods.
//!
//! All legal periods are reckoned in Beijing time (UTC+8, no daylight saving), see
//! `rules.md` §0 "Period conventions" and §4 "Holidays, working days, periods":
//!
//! * **Day periods (日)**: the start day is not counted; the period ends at 24:00 of its
//!   last day (民法典 第201条, 第203条; 财政部令第87号 第85条). Whether a last day falling
//!   on a rest day is extended is configurable, see [`RestDayExtension`].
//! * **Working-day periods (工作日)**: counted forward from the day after the start. A working
//!   day is Monday–Friday not given off by the State Council, *plus* the adjusted working
//!   weekends (调休), e.g. Saturday 2026-02-14.
//! * **Calendar-day minimums** (20 日 bid period, 15 日 clarification …) count holidays as
//!   ordinary days, see [`earliest_end_date`].
//!
//! The crate never guesses holidays: any computation that touches a day in a year whose
//! notice has not been loaded fails with [`CalendarError::UnknownYear`].
//!
//! ```
//! use legal_time::*;
//! use time::macros::{date, datetime};
//!
//! let cal = Calendar::builtin(); // 2025 and 2026
//! // 2026-02-14 is a 调休 working Saturday; 02-15..02-23 are the Spring Festival days off.
//! assert_eq!(cal.add_working_days(date!(2026 - 02 - 13), 2), Ok(date!(2026 - 02 - 24)));
//! // A 10 日 period started any time on 2026-02-05 would end on 02-15 (a holiday), so it
//! // is extended to 02-24 and ends at 24:00 Beijing time that day.
//! let end = period_end(&cal, datetime!(2026-02-05 17:30 +8), Period::days(10),
//!                      RestDayExtension::default())?;
//! assert_eq!(end, datetime!(2026-02-25 00:00 +8));
//! // Years without a loaded notice are refused, never guessed.
//! assert_eq!(cal.add_working_days(date!(2026 - 12 - 28), 10),
//!            Err(CalendarError::UnknownYear(2027)));
//! # Ok::<(), CalendarError>(())
//! ```
#![forbid(unsafe_code)]

mod calendar;
mod clock;
mod period;

pub use calendar::{Calendar, CalendarError};
pub use clock::{AcceleratedClock, Clock, SettableClock, SystemClock};
pub use period::{
    Period, PeriodUnit, RestDayExtension, beijing_date, beijing_midnight, earliest_end_date,
    end_of_beijing_day, last_day, period_end, within_period,
};
pub use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// Beijing time, UTC+08:00 all year (China has no daylight saving time).
pub const BEIJING: UtcOffset = time::macros::offset!(+8);
