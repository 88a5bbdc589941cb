//! The working-day calendar (rules.md §4): State Council days off (放假) and adjusted
//! working weekends (调休), one year at a time, in the `NateScarlet/holiday-cn` JSON format.
//!
//! ```text
//! is_working_day(d) = d ∈ ADJUSTED_WORKDAYS[year]
//!                  or (weekday(d) ∈ Mon..Fri and d ∉ DAYS_OFF[year])
//! ```
//!
//! A year whose notice has not been loaded is unknown and every question about it is an
//! error ([`CalendarError::UnknownYear`]); the calendar never extrapolates (rules.md §4).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use time::{
    Date, Month, Weekday, format_description::BorrowedFormatItem, macros::format_description,
};

/// Errors of the calendar and of every period computation that needs it.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// The calendar has no data for this year. Holidays are never guessed.
    #[error(
        "no holiday calendar for {0}: load the State Council holiday notice for {0} \
         (国务院办公厅关于{0}年部分节假日安排的通知, holiday-cn {0}.json) before computing \
         dates in {0}"
    )]
    UnknownYear(i32),
    /// The holiday file is malformed; the message names the problem.
    #[error("invalid holiday file: {0}")]
    InvalidFile(String),
    /// The file lists a date both as a day off and as an adjusted working day.
    #[error("invalid holiday file: {0} is listed both as a day off and as an adjusted working day")]
    Conflict(Date),
    /// The file lists the same date twice.
    #[error("invalid holiday file: {0} is listed twice")]
    Duplicate(Date),
    /// The file for `year` lists a date of another year.
    #[error("invalid holiday file: the file for {year} lists {date}, which is not in {year}")]
    WrongYear {
        /// The year the file declares.
        year: i32,
        /// The offending date.
        date: Date,
    },
    /// An adjusted working day (isOffDay = false) that is not a Saturday or Sunday:
    /// Monday–Friday are working days anyway, so the entry is certainly a mistake.
    #[error(
        "invalid holiday file: {date} is a {weekday} but is listed as an adjusted working day \
         (调休); only a Saturday or Sunday can be one"
    )]
    WorkingDayNotWeekend {
        /// The offending date.
        date: Date,
        /// Its weekday.
        weekday: Weekday,
    },
    /// The holiday file could not be read.
    #[error("cannot read holiday file {path}: {message}")]
    Io {
        /// The path given.
        path: String,
        /// The operating-system error.
        message: String,
    },
    /// A date computation left the supported range (years -9999..=9999).
    #[error("date out of range: {0}")]
    OutOfRange(String),
}

/// One listed day of a year file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Special {
    name: String,
    off: bool,
}

/// The State Council holiday arrangement of the loaded years.
///
/// Cheap to clone; build it once at start-up ([`Calendar::builtin`] plus any
/// [`Calendar::load_year_file`]) and share it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, BTreeMap<Date, Special>>,
}

const BUILTIN: [&str; 2] = [
    include_str!("../data/2025.json"),
    include_str!("../data/2026.json"),
];

const DATE_FORMAT: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// A holiday-cn year file: `{"year": 2026, "days": [{"name", "date", "isOffDay"}]}`.
/// Other top-level fields (`$schema`, `$id`, `papers`) are ignored.
#[derive(Deserialize)]
struct YearFile {
    year: i32,
    days: Vec<YearFileDay>,
}

#[derive(Deserialize)]
struct YearFileDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

pub(crate) fn next_day(d: Date) -> Result<Date, CalendarError> {
    d.next_day()
        .ok_or_else(|| CalendarError::OutOfRange(format!("the day after {d}")))
}

pub(crate) fn previous_day(d: Date) -> Result<Date, CalendarError> {
    d.previous_day()
        .ok_or_else(|| CalendarError::OutOfRange(format!("the day before {d}")))
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

impl Calendar {
    /// The calendar shipped with the crate: 2025 (国办发明电〔2024〕12号) and 2026
    /// (国办发明电〔2025〕7号), from `data/2025.json` and `data/2026.json`.
    pub fn builtin() -> Calendar {
        let mut cal = Calendar::empty();
        for json in BUILTIN {
            cal.load_year_json(json)
                .expect("built-in holiday data must be valid");
        }
        cal
    }

    /// A calendar with no year loaded: every question is `UnknownYear`.
    pub fn empty() -> Calendar {
        Calendar::default()
    }

    /// Load one year from a holiday-cn JSON document and return the year.
    ///
    /// Format: `{"year": 2026, "days": [{"name": "元旦", "date": "2026-01-01", "isOffDay": true}, ...]}`;
    /// `isOffDay: false` marks an adjusted working day (调休). Days not listed follow the
    /// week (Mon–Fri working, Sat–Sun rest).
    ///
    /// Validation (the whole file is rejected, and the calendar left unchanged, on any error):
    /// every date is `YYYY-MM-DD` and in the declared year; no date is listed twice
    /// ([`CalendarError::Duplicate`]) or both off and working ([`CalendarError::Conflict`]);
    /// every adjusted working day is a Saturday or Sunday; names are not empty; the file
    /// lists at least one day off (every year has 元旦 — an empty file means the notice has
    /// not been published, as with holiday-cn's 2027.json in 2026, and must not be taken for
    /// "a year without holidays").
    ///
    /// Loading a year that is already present replaces it (e.g. a corrected notice).
    pub fn load_year_json(&mut self, json: &str) -> Result<i32, CalendarError> {
        let file: YearFile = serde_json::from_str(json).map_err(|e| {
            CalendarError::InvalidFile(format!(
                "not a holiday-cn year file ({{\"year\": N, \"days\": [{{\"name\", \"date\", \"isOffDay\"}}]}}): {e}"
            ))
        })?;
        let year = file.year;
        if Date::from_calendar_date(year, Month::January, 1).is_err() {
            return Err(CalendarError::InvalidFile(format!(
                "year {year} is out of range"
            )));
        }
        if file.days.is_empty() {
            return Err(CalendarError::InvalidFile(format!(
                "the file for {year} lists no days; the State Council notice for {year} has \
                 probably not been published yet"
            )));
        }
        let mut days = BTreeMap::new();
        for (i, day) in file.days.into_iter().enumerate() {
            let date = Date::parse(&day.date, DATE_FORMAT).map_err(|e| {
                CalendarError::InvalidFile(format!(
                    "day #{} has date {:?}, not a valid YYYY-MM-DD date: {e}",
                    i + 1,
                    day.date
                ))
            })?;
            if date.year() != year {
                return Err(CalendarError::WrongYear { year, date });
            }
            if day.name.trim().is_empty() {
                return Err(CalendarError::InvalidFile(format!(
                    "{date} has an empty name"
                )));
            }
            if !day.is_off_day && !is_weekend(date) {
                return Err(CalendarError::WorkingDayNotWeekend {
                    date,
                    weekday: date.weekday(),
                });
            }
            let special = Special {
                name: day.name,
                off: day.is_off_day,
            };
            if let Some(prev) = days.insert(date, special) {
                return Err(if prev.off == day.is_off_day {
                    CalendarError::Duplicate(date)
                } else {
                    CalendarError::Conflict(date)
                });
            }
        }
        if !days.values().any(|s| s.off) {
            return Err(CalendarError::InvalidFile(format!(
                "the file for {year} lists no day off (every year has at least 元旦)"
            )));
        }
        self.years.insert(year, days);
        Ok(year)
    }

    /// Load one year from a holiday-cn JSON file, see [`Calendar::load_year_json`].
    pub fn load_year_file(&mut self, path: &Path) -> Result<i32, CalendarError> {
        let json = std::fs::read_to_string(path).map_err(|e| CalendarError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        self.load_year_json(&json)
    }

    /// The loaded years, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// The days a loaded year's notice lists, in date order: `(date, name, is_off_day)`;
    /// `None` if the year is not loaded.
    pub fn year_days(&self, year: i32) -> Option<Vec<(Date, &str, bool)>> {
        let days = self.years.get(&year)?;
        Some(
            days.iter()
                .map(|(d, s)| (*d, s.name.as_str(), s.off))
                .collect(),
        )
    }

    /// Whether `year` is loaded.
    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// `Ok(())` if `year` is loaded, else `Err(UnknownYear(year))`.
    pub fn require_year(&self, year: i32) -> Result<(), CalendarError> {
        if self.has_year(year) {
            Ok(())
        } else {
            Err(CalendarError::UnknownYear(year))
        }
    }

    fn special(&self, d: Date) -> Result<Option<&Special>, CalendarError> {
        self.years
            .get(&d.year())
            .map(|days| days.get(&d))
            .ok_or(CalendarError::UnknownYear(d.year()))
    }

    /// Whether `d` is a working day (工作日, rules.md §0 point 2): Monday–Friday not given
    /// off by the State Council, or an adjusted working weekend (调休).
    pub fn is_working_day(&self, d: Date) -> Result<bool, CalendarError> {
        Ok(match self.special(d)? {
            Some(s) => !s.off,
            None => !is_weekend(d),
        })
    }

    /// Whether `d` is a rest day: not a working day (a State Council day off or an
    /// ordinary weekend not worked by 调休).
    pub fn is_rest_day(&self, d: Date) -> Result<bool, CalendarError> {
        self.is_working_day(d).map(|w| !w)
    }

    /// Whether `d` is a day off listed in the State Council notice (放假, including the
    /// weekends inside a holiday block). Ordinary weekends are not.
    pub fn is_statutory_day_off(&self, d: Date) -> Result<bool, CalendarError> {
        Ok(self.special(d)?.is_some_and(|s| s.off))
    }

    /// Whether `d` is an adjusted working weekend (调休上班).
    pub fn is_adjusted_working_day(&self, d: Date) -> Result<bool, CalendarError> {
        Ok(self.special(d)?.is_some_and(|s| !s.off))
    }

    /// The holiday name the notice gives `d` (for days off and adjusted working days).
    pub fn holiday_name(&self, d: Date) -> Result<Option<&str>, CalendarError> {
        Ok(self.special(d)?.map(|s| s.name.as_str()))
    }

    /// The `n`-th working day after `start` (start not counted; rules.md §4
    /// `add_working_days`). `n = 0` returns `start` (its year must still be known).
    /// Every day stepped over must be in a loaded year.
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Date, CalendarError> {
        let mut d = start;
        if n == 0 {
            self.require_year(start.year())?;
            return Ok(start);
        }
        let mut left = n;
        while left > 0 {
            d = next_day(d)?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The `n`-th working day before `end` (end not counted). "Not earlier than 2 个工作日
    /// before the evaluation" on 2026-02-24 → `sub_working_days(2026-02-24, 2)` = 2026-02-13
    /// (2026-02-14 is a 调休 working Saturday). `n = 0` returns `end`.
    pub fn sub_working_days(&self, end: Date, n: u32) -> Result<Date, CalendarError> {
        let mut d = end;
        if n == 0 {
            self.require_year(end.year())?;
            return Ok(end);
        }
        let mut left = n;
        while left > 0 {
            d = previous_day(d)?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: Date) -> Result<Date, CalendarError> {
        self.add_working_days(d, 1)
    }

    /// The last working day strictly before `d`.
    pub fn previous_working_day(&self, d: Date) -> Result<Date, CalendarError> {
        self.sub_working_days(d, 1)
    }

    /// The number of working days `x` with `from < x <= to` (0 if `to <= from`), i.e. how
    /// many working days of a period started on `from` have elapsed by the end of `to`.
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32, CalendarError> {
        let mut count = 0;
        let mut d = from;
        while d < to {
            d = next_day(d)?;
            if self.is_working_day(d)? {
                count += 1;
            }
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests;
