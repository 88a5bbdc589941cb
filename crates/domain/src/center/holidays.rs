//! The holiday calendars of coming years (rules.md §4): each year the State Council
//! publishes its notice, and the center imports it, in the holiday-cn JSON format the
//! `legal-time` crate reads, after a preview. The event keeps every listed day, so the log
//! says which calendar every deadline was computed on.

use legal_time::{Calendar, Date};
use serde::{Deserialize, Serialize};

use crate::center::error::CenterError;
use crate::serde_time;

/// One day a notice lists: a day off (放假) or an adjusted working weekend (调休上班).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayDay {
    #[serde(with = "serde_time::date")]
    pub date: Date,
    pub name: String,
    pub off: bool,
}

/// A year's notice, as checked by the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayYear {
    pub year: i32,
    pub days: Vec<HolidayDay>,
}

impl HolidayYear {
    /// Reads a holiday-cn year file (`{"year": 2027, "days": [{"name", "date",
    /// "isOffDay"}]}`), with every check of [`Calendar::load_year_json`].
    pub fn parse(json: &str) -> Result<HolidayYear, CenterError> {
        let mut calendar = Calendar::empty();
        let year = calendar
            .load_year_json(json)
            .map_err(|e| CenterError::BadCalendar {
                reason: e.to_string(),
            })?;
        Ok(HolidayYear::of(&calendar, year).expect("the year just loaded"))
    }

    /// A year as `calendar` has it.
    pub fn of(calendar: &Calendar, year: i32) -> Option<HolidayYear> {
        let days = calendar
            .year_days(year)?
            .into_iter()
            .map(|(date, name, off)| HolidayDay {
                date,
                name: name.to_owned(),
                off,
            })
            .collect();
        Some(HolidayYear { year, days })
    }

    /// The year as holiday-cn JSON, for [`Calendar::load_year_json`].
    pub fn to_json(&self) -> String {
        let days: Vec<serde_json::Value> = self
            .days
            .iter()
            .map(|d| {
                serde_json::json!({
                    "name": d.name,
                    "date": d.date.to_string(),
                    "isOffDay": d.off,
                })
            })
            .collect();
        serde_json::json!({ "year": self.year, "days": days }).to_string()
    }

    /// Loads the year into `calendar` (replacing it there). A stored year was checked when
    /// imported, so this fails only on a log written by something else.
    pub fn load_into(&self, calendar: &mut Calendar) -> Result<(), CenterError> {
        calendar
            .load_year_json(&self.to_json())
            .map(drop)
            .map_err(|e| CenterError::BadCalendar {
                reason: e.to_string(),
            })
    }

    fn days_off(&self) -> usize {
        self.days.iter().filter(|d| d.off).count()
    }
}

/// What an import would change, shown before it takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarPreview {
    pub year: i32,
    /// Days off the notice lists (放假, weekends inside a holiday block included).
    pub days_off: usize,
    /// Adjusted working weekends (调休上班).
    pub working_weekends: usize,
    /// The holidays, in order: name, first and last day off.
    pub holidays: Vec<(String, Date, Date)>,
    pub working_days: Vec<Date>,
    /// Whether the year is already loaded (then these days replace its days).
    pub replaces: bool,
    /// Days whose status changes against the year as loaded (empty for a new year).
    pub changed: Vec<Date>,
}

/// The preview of importing `year` over `current`.
pub fn preview(year: &HolidayYear, current: &Calendar) -> CalendarPreview {
    let mut holidays: Vec<(String, Date, Date)> = Vec::new();
    for d in year.days.iter().filter(|d| d.off) {
        match holidays.last_mut() {
            Some((name, _, last)) if *name == d.name && last.next_day() == Some(d.date) => {
                *last = d.date;
            }
            _ => holidays.push((d.name.clone(), d.date, d.date)),
        }
    }
    let old = HolidayYear::of(current, year.year);
    let status =
        |y: &HolidayYear, date: Date| y.days.iter().find(|d| d.date == date).map(|d| d.off);
    let changed = match &old {
        Some(old) => {
            let mut dates: Vec<Date> = old
                .days
                .iter()
                .chain(&year.days)
                .map(|d| d.date)
                .filter(|&d| status(old, d) != status(year, d))
                .collect();
            dates.sort();
            dates.dedup();
            dates
        }
        None => Vec::new(),
    };
    CalendarPreview {
        year: year.year,
        days_off: year.days_off(),
        working_weekends: year.days.len() - year.days_off(),
        holidays,
        working_days: year
            .days
            .iter()
            .filter(|d| !d.off)
            .map(|d| d.date)
            .collect(),
        replaces: old.is_some(),
        changed,
    }
}
