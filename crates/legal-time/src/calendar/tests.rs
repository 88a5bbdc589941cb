use super::*;
use time::macros::date;

fn cal() -> Calendar {
    Calendar::builtin()
}

/// rules.md §4 tables, transcribed independently of the data files.
const DAYS_OFF_2025: &[(Date, Date)] = &[
    (date!(2025 - 01 - 01), date!(2025 - 01 - 01)),
    (date!(2025 - 01 - 28), date!(2025 - 02 - 04)),
    (date!(2025 - 04 - 04), date!(2025 - 04 - 06)),
    (date!(2025 - 05 - 01), date!(2025 - 05 - 05)),
    (date!(2025 - 05 - 31), date!(2025 - 06 - 02)),
    (date!(2025 - 10 - 01), date!(2025 - 10 - 08)),
];
const WORK_WEEKENDS_2025: &[Date] = &[
    date!(2025 - 01 - 26),
    date!(2025 - 02 - 08),
    date!(2025 - 04 - 27),
    date!(2025 - 09 - 28),
    date!(2025 - 10 - 11),
];
const DAYS_OFF_2026: &[(Date, Date)] = &[
    (date!(2026 - 01 - 01), date!(2026 - 01 - 03)),
    (date!(2026 - 02 - 15), date!(2026 - 02 - 23)),
    (date!(2026 - 04 - 04), date!(2026 - 04 - 06)),
    (date!(2026 - 05 - 01), date!(2026 - 05 - 05)),
    (date!(2026 - 06 - 19), date!(2026 - 06 - 21)),
    (date!(2026 - 09 - 25), date!(2026 - 09 - 27)),
    (date!(2026 - 10 - 01), date!(2026 - 10 - 07)),
];
const WORK_WEEKENDS_2026: &[Date] = &[
    date!(2026 - 01 - 04),
    date!(2026 - 02 - 14),
    date!(2026 - 02 - 28),
    date!(2026 - 05 - 09),
    date!(2026 - 09 - 20),
    date!(2026 - 10 - 10),
];

fn check_year(year: i32, off: &[(Date, Date)], work: &[Date]) {
    let c = cal();
    let mut d = Date::from_calendar_date(year, Month::January, 1).unwrap();
    let mut n_off = 0;
    while d.year() == year {
        let listed_off = off.iter().any(|&(a, b)| a <= d && d <= b);
        let listed_work = work.contains(&d);
        let expected = listed_work || (!listed_off && !is_weekend(d));
        assert_eq!(c.is_working_day(d), Ok(expected), "{d}");
        assert_eq!(c.is_rest_day(d), Ok(!expected), "{d}");
        assert_eq!(c.is_statutory_day_off(d), Ok(listed_off), "{d}");
        assert_eq!(c.is_adjusted_working_day(d), Ok(listed_work), "{d}");
        assert_eq!(
            c.holiday_name(d).unwrap().is_some(),
            listed_off || listed_work,
            "{d}"
        );
        n_off += usize::from(listed_off);
        d = d.next_day().unwrap();
    }
    let expected_off: i64 = off.iter().map(|&(a, b)| (b - a).whole_days() + 1).sum();
    assert_eq!(n_off as i64, expected_off);
}

#[test]
fn builtin_2025_matches_rules_md_table() {
    check_year(2025, DAYS_OFF_2025, WORK_WEEKENDS_2025);
}

#[test]
fn builtin_2026_matches_rules_md_table() {
    check_year(2026, DAYS_OFF_2026, WORK_WEEKENDS_2026);
}

#[test]
fn builtin_years_and_empty() {
    assert_eq!(cal().years(), vec![2025, 2026]);
    assert!(cal().has_year(2026));
    assert!(!cal().has_year(2027));
    let e = Calendar::empty();
    assert!(e.years().is_empty());
    assert_eq!(
        e.is_working_day(date!(2026 - 03 - 02)),
        Err(CalendarError::UnknownYear(2026))
    );
}

#[test]
fn working_day_examples_from_rules_md() {
    let c = cal();
    // 调休 working weekends
    assert_eq!(c.is_working_day(date!(2026 - 02 - 14)), Ok(true)); // Sat
    assert_eq!(c.is_working_day(date!(2026 - 01 - 04)), Ok(true)); // Sun
    assert_eq!(c.is_working_day(date!(2026 - 02 - 28)), Ok(true)); // Sat
    // State Council day off on a Monday
    assert_eq!(c.is_working_day(date!(2026 - 02 - 16)), Ok(false));
    // ordinary days
    assert_eq!(c.is_working_day(date!(2026 - 03 - 02)), Ok(true)); // Mon
    assert_eq!(c.is_working_day(date!(2026 - 03 - 07)), Ok(false)); // Sat
    assert_eq!(c.is_statutory_day_off(date!(2026 - 03 - 07)), Ok(false));
    assert_eq!(c.holiday_name(date!(2026 - 02 - 16)), Ok(Some("春节")));
    assert_eq!(c.holiday_name(date!(2026 - 03 - 02)), Ok(None));
}

#[test]
fn unknown_year_is_an_error_with_a_helpful_message() {
    let c = cal();
    let e = c.is_working_day(date!(2027 - 01 - 04)).unwrap_err();
    assert_eq!(e, CalendarError::UnknownYear(2027));
    let msg = e.to_string();
    assert!(msg.contains("2027"), "{msg}");
    assert!(msg.contains("State Council"), "{msg}");
    assert!(msg.contains("load"), "{msg}");
    assert_eq!(
        c.is_working_day(date!(2024 - 12 - 31)),
        Err(CalendarError::UnknownYear(2024))
    );
    assert_eq!(c.require_year(2027), Err(CalendarError::UnknownYear(2027)));
    assert_eq!(c.require_year(2025), Ok(()));
}

#[test]
fn add_working_days_basic_and_across_holidays() {
    let c = cal();
    // Fri 2026-02-13 + 1 → Sat 02-14 (调休)
    assert_eq!(
        c.add_working_days(date!(2026 - 02 - 13), 1),
        Ok(date!(2026 - 02 - 14))
    );
    // Sat 02-14 + 1 → Tue 02-24 (02-15..02-23 off)
    assert_eq!(
        c.add_working_days(date!(2026 - 02 - 14), 1),
        Ok(date!(2026 - 02 - 24))
    );
    // Wed 02-25 + 3 → Sat 02-28 (调休)
    assert_eq!(
        c.add_working_days(date!(2026 - 02 - 25), 3),
        Ok(date!(2026 - 02 - 28))
    );
    // plain week: Mon 03-02 + 5 → Mon 03-09
    assert_eq!(
        c.add_working_days(date!(2026 - 03 - 02), 5),
        Ok(date!(2026 - 03 - 09))
    );
    // start on a holiday: start not counted, first working day after
    assert_eq!(
        c.add_working_days(date!(2026 - 10 - 01), 1),
        Ok(date!(2026 - 10 - 08))
    );
    // n = 0 → start itself
    assert_eq!(
        c.add_working_days(date!(2026 - 02 - 16), 0),
        Ok(date!(2026 - 02 - 16))
    );
    assert_eq!(
        Calendar::empty().add_working_days(date!(2026 - 02 - 16), 0),
        Err(CalendarError::UnknownYear(2026))
    );
}

#[test]
fn add_working_days_across_known_year_end() {
    let c = cal();
    // Wed 2025-12-31 + 1 → Mon 2026-01-05? No: 01-01..03 off, Sun 01-04 is 调休 working.
    assert_eq!(
        c.add_working_days(date!(2025 - 12 - 31), 1),
        Ok(date!(2026 - 01 - 04))
    );
    assert_eq!(
        c.add_working_days(date!(2025 - 12 - 30), 2),
        Ok(date!(2026 - 01 - 04))
    );
    // start day in an unknown year is fine: it is not counted
    assert_eq!(
        c.add_working_days(date!(2024 - 12 - 31), 1),
        Ok(date!(2025 - 01 - 02))
    );
}

#[test]
fn add_working_days_into_unknown_year_is_an_error() {
    let c = cal();
    assert_eq!(
        c.add_working_days(date!(2026 - 12 - 28), 10),
        Err(CalendarError::UnknownYear(2027))
    );
    // stays inside 2026: fine (12-29, 12-30, 12-31)
    assert_eq!(
        c.add_working_days(date!(2026 - 12 - 28), 3),
        Ok(date!(2026 - 12 - 31))
    );
    assert_eq!(
        c.next_working_day(date!(2026 - 12 - 31)),
        Err(CalendarError::UnknownYear(2027))
    );
}

#[test]
fn next_and_previous_working_day() {
    let c = cal();
    assert_eq!(
        c.next_working_day(date!(2026 - 02 - 14)),
        Ok(date!(2026 - 02 - 24))
    );
    assert_eq!(
        c.next_working_day(date!(2026 - 03 - 06)),
        Ok(date!(2026 - 03 - 09))
    );
    assert_eq!(
        c.next_working_day(date!(2026 - 01 - 02)),
        Ok(date!(2026 - 01 - 04))
    );
    assert_eq!(
        c.previous_working_day(date!(2026 - 02 - 24)),
        Ok(date!(2026 - 02 - 14))
    );
    assert_eq!(
        c.previous_working_day(date!(2026 - 03 - 09)),
        Ok(date!(2026 - 03 - 06))
    );
    assert_eq!(
        c.previous_working_day(date!(2025 - 01 - 01)),
        Err(CalendarError::UnknownYear(2024))
    );
}

#[test]
fn sub_working_days_expert_draw_example() {
    // rules.md §3.4: evaluation on 2026-02-24, draw not earlier than 2 个工作日 before →
    // earliest draw 2026-02-13 (02-14 is a 调休 working Saturday).
    let c = cal();
    assert_eq!(
        c.sub_working_days(date!(2026 - 02 - 24), 2),
        Ok(date!(2026 - 02 - 13))
    );
    assert_eq!(
        c.sub_working_days(date!(2026 - 02 - 24), 1),
        Ok(date!(2026 - 02 - 14))
    );
    assert_eq!(
        c.sub_working_days(date!(2026 - 02 - 24), 0),
        Ok(date!(2026 - 02 - 24))
    );
    // across year end backwards: 2026-01-05 - 2 → 2025-12-31 (01-04 working Sun)
    assert_eq!(
        c.sub_working_days(date!(2026 - 01 - 05), 2),
        Ok(date!(2025 - 12 - 31))
    );
    assert_eq!(
        c.sub_working_days(date!(2025 - 01 - 03), 2),
        Err(CalendarError::UnknownYear(2024))
    );
    // inverse of add
    assert_eq!(
        c.add_working_days(date!(2026 - 02 - 13), 2),
        Ok(date!(2026 - 02 - 24))
    );
}

#[test]
fn working_days_between_counts_half_open_interval() {
    let c = cal();
    assert_eq!(
        c.working_days_between(date!(2026 - 02 - 13), date!(2026 - 02 - 24)),
        Ok(2)
    );
    assert_eq!(
        c.working_days_between(date!(2026 - 03 - 02), date!(2026 - 03 - 09)),
        Ok(5)
    );
    assert_eq!(
        c.working_days_between(date!(2026 - 03 - 02), date!(2026 - 03 - 02)),
        Ok(0)
    );
    assert_eq!(
        c.working_days_between(date!(2026 - 03 - 09), date!(2026 - 03 - 02)),
        Ok(0)
    );
    assert_eq!(
        c.working_days_between(date!(2026 - 12 - 30), date!(2027 - 01 - 02)),
        Err(CalendarError::UnknownYear(2027))
    );
}

const YEAR_2027_TEST: &str = r#"{
  "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
  "year": 2027,
  "papers": ["test data, not a real notice"],
  "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-03", "isOffDay": true},
    {"name": "测试", "date": "2027-01-06", "isOffDay": true},
    {"name": "测试", "date": "2027-01-09", "isOffDay": false}
  ]
}"#;

#[test]
fn load_third_year_from_json() {
    let mut c = cal();
    assert_eq!(c.load_year_json(YEAR_2027_TEST), Ok(2027));
    assert_eq!(c.years(), vec![2025, 2026, 2027]);
    assert_eq!(c.is_working_day(date!(2027 - 01 - 06)), Ok(false)); // Wed off
    assert_eq!(c.is_working_day(date!(2027 - 01 - 09)), Ok(true)); // Sat 调休
    assert_eq!(c.is_working_day(date!(2027 - 01 - 10)), Ok(false)); // Sun
    // the example that failed before now works: 2026-12-28 + 10 working days
    // 12-29,30,31 (3), 01-04,05 (5), 01-07,08,09 (8), 01-11,12 (10)
    assert_eq!(
        c.add_working_days(date!(2026 - 12 - 28), 10),
        Ok(date!(2027 - 01 - 12))
    );
    assert_eq!(
        c.add_working_days(date!(2027 - 12 - 30), 5),
        Err(CalendarError::UnknownYear(2028))
    );
}

#[test]
fn load_year_file_reads_json_and_reports_io_errors() {
    let dir = std::env::temp_dir().join(format!("legal-time-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("2027.json");
    std::fs::write(&path, YEAR_2027_TEST).unwrap();
    let mut c = Calendar::empty();
    assert_eq!(c.load_year_file(&path), Ok(2027));
    assert_eq!(c.years(), vec![2027]);
    let missing = dir.join("missing.json");
    let err = c.load_year_file(&missing).unwrap_err();
    assert!(matches!(err, CalendarError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("missing.json"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reloading_a_year_replaces_it() {
    let mut c = cal();
    assert_eq!(c.is_working_day(date!(2026 - 03 - 02)), Ok(true));
    let corrected = r#"{"year":2026,"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true},
        {"name":"x","date":"2026-03-02","isOffDay":true}]}"#;
    assert_eq!(c.load_year_json(corrected), Ok(2026));
    assert_eq!(c.is_working_day(date!(2026 - 03 - 02)), Ok(false));
    assert_eq!(c.is_working_day(date!(2026 - 02 - 16)), Ok(true));
}

fn load_err(json: &str) -> CalendarError {
    let mut c = cal();
    let before = c.clone();
    let e = c.load_year_json(json).unwrap_err();
    assert_eq!(
        c, before,
        "a rejected file must leave the calendar unchanged"
    );
    e
}

fn day(date: &str, off: bool) -> String {
    format!(r#"{{"name":"节","date":"{date}","isOffDay":{off}}}"#)
}

fn file(year: i32, days: &[String]) -> String {
    format!(r#"{{"year":{year},"days":[{}]}}"#, days.join(","))
}

#[test]
fn rejects_malformed_json() {
    for bad in [
        "",
        "not json",
        "[]",
        r#"{"days":[]}"#,
        r#"{"year":"2027","days":[]}"#,
        r#"{"year":2027}"#,
        r#"{"year":2027,"days":[{"date":"2027-01-01","isOffDay":true}]}"#,
        r#"{"year":2027,"days":[{"name":"元旦","isOffDay":true}]}"#,
        r#"{"year":2027,"days":[{"name":"元旦","date":"2027-01-01"}]}"#,
        r#"{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":"yes"}]}"#,
    ] {
        let e = load_err(bad);
        assert!(matches!(e, CalendarError::InvalidFile(_)), "{bad}: {e:?}");
        assert!(e.to_string().contains("holiday"), "{e}");
    }
}

#[test]
fn rejects_bad_dates() {
    for bad in [
        "2027-1-1",
        "2027-02-30",
        "01/01/2027",
        "2027-01-01T00:00",
        "",
    ] {
        let e = load_err(&file(2027, &[day(bad, true)]));
        assert!(
            matches!(&e, CalendarError::InvalidFile(m) if m.contains("YYYY-MM-DD")),
            "{bad}: {e:?}"
        );
    }
}

#[test]
fn rejects_empty_year_and_year_without_days_off() {
    let e = load_err(r#"{"year":2027,"papers":[],"days":[]}"#);
    assert!(
        matches!(&e, CalendarError::InvalidFile(m) if m.contains("no days")),
        "{e:?}"
    );
    // only an adjusted working day
    let e = load_err(&file(2027, &[day("2027-01-09", false)]));
    assert!(
        matches!(&e, CalendarError::InvalidFile(m) if m.contains("no day off")),
        "{e:?}"
    );
    let e = load_err(&file(10_000, &[day("2027-01-01", true)]));
    assert!(
        matches!(&e, CalendarError::InvalidFile(m) if m.contains("out of range")),
        "{e:?}"
    );
}

#[test]
fn rejects_dates_outside_the_declared_year() {
    // holiday-cn sometimes lists the previous 31 December in the next year's file
    let e = load_err(&file(
        2027,
        &[day("2026-12-31", true), day("2027-01-01", true)],
    ));
    assert_eq!(
        e,
        CalendarError::WrongYear {
            year: 2027,
            date: date!(2026 - 12 - 31)
        }
    );
    assert!(e.to_string().contains("2026-12-31"));
}

#[test]
fn rejects_duplicates_and_conflicts() {
    let e = load_err(&file(
        2027,
        &[day("2027-01-01", true), day("2027-01-01", true)],
    ));
    assert_eq!(e, CalendarError::Duplicate(date!(2027 - 01 - 01)));
    let e = load_err(&file(
        2027,
        &[
            day("2027-01-01", true),
            day("2027-01-09", true),
            day("2027-01-09", false),
        ],
    ));
    assert_eq!(e, CalendarError::Conflict(date!(2027 - 01 - 09)));
    assert!(e.to_string().contains("both"), "{e}");
}

#[test]
fn rejects_adjusted_working_day_on_a_weekday() {
    let e = load_err(&file(
        2027,
        &[day("2027-01-01", true), day("2027-01-07", false)],
    ));
    assert_eq!(
        e,
        CalendarError::WorkingDayNotWeekend {
            date: date!(2027 - 01 - 07),
            weekday: Weekday::Thursday
        }
    );
    assert!(e.to_string().contains("Thursday"), "{e}");
}

#[test]
fn rejects_empty_name() {
    let e = load_err(r#"{"year":2027,"days":[{"name":" ","date":"2027-01-01","isOffDay":true}]}"#);
    assert!(
        matches!(&e, CalendarError::InvalidFile(m) if m.contains("empty name")),
        "{e:?}"
    );
}

#[test]
fn builtin_files_are_loadable_individually() {
    for (json, year) in BUILTIN.iter().zip([2025, 2026]) {
        let mut c = Calendar::empty();
        assert_eq!(c.load_year_json(json), Ok(year));
    }
}
