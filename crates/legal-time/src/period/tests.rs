use super::*;
use crate::Calendar;
use time::macros::{date, datetime};

const EXTS: [RestDayExtension; 3] = [
    RestDayExtension::StatutoryHolidays,
    RestDayExtension::AnyRestDay,
    RestDayExtension::None,
];

fn cal() -> Calendar {
    Calendar::builtin()
}

fn ld(start: Date, p: Period, ext: RestDayExtension) -> Result<Date, CalendarError> {
    last_day(&cal(), start, p, ext)
}

#[test]
fn constructors_display_and_serde() {
    assert_eq!(
        Period::days(20),
        Period {
            count: 20,
            unit: PeriodUnit::Days
        }
    );
    assert_eq!(Period::working_days(5).unit, PeriodUnit::WorkingDays);
    assert_eq!(Period::days(20).to_string(), "20 日");
    assert_eq!(Period::working_days(5).to_string(), "5 个工作日");
    assert_eq!(
        serde_json::to_string(&Period::working_days(5)).unwrap(),
        r#"{"count":5,"unit":"working_days"}"#
    );
    assert_eq!(
        serde_json::from_str::<Period>(r#"{"count":20,"unit":"days"}"#).unwrap(),
        Period::days(20)
    );
    assert_eq!(
        RestDayExtension::default(),
        RestDayExtension::StatutoryHolidays
    );
    assert_eq!(
        serde_json::to_string(&EXTS).unwrap(),
        r#"["statutory_holidays","any_rest_day","none"]"#
    );
    assert_eq!(
        serde_json::from_str::<RestDayExtension>(r#""any_rest_day""#).unwrap(),
        RestDayExtension::AnyRestDay
    );
}

#[test]
fn beijing_date_of_instants() {
    assert_eq!(crate::BEIJING.whole_hours(), 8);
    assert_eq!(
        beijing_date(datetime!(2026-02-13 15:59:59 UTC)),
        date!(2026 - 02 - 13)
    );
    // UTC date 02-13, Beijing date 02-14
    assert_eq!(
        beijing_date(datetime!(2026-02-13 16:00 UTC)),
        date!(2026 - 02 - 14)
    );
    // UTC 2025-12-31 evening is already 2026 in Beijing
    assert_eq!(
        beijing_date(datetime!(2025-12-31 20:00 UTC)),
        date!(2026 - 01 - 01)
    );
    // other offsets
    assert_eq!(
        beijing_date(datetime!(2026-03-01 11:30 -05:00)),
        date!(2026 - 03 - 02)
    );
    assert_eq!(
        beijing_date(datetime!(2026-03-01 23:59:59 +8)),
        date!(2026 - 03 - 01)
    );
}

#[test]
fn beijing_midnight_and_end_of_day() {
    assert_eq!(
        beijing_midnight(date!(2026 - 03 - 02)),
        datetime!(2026-03-01 16:00 UTC)
    );
    assert_eq!(
        end_of_beijing_day(date!(2026 - 12 - 31)),
        Ok(datetime!(2027-01-01 00:00 +8))
    );
    assert!(matches!(
        end_of_beijing_day(Date::MAX),
        Err(CalendarError::OutOfRange(_))
    ));
}

#[test]
fn day_period_start_day_not_counted() {
    // 民法典 第201条: Mon 2026-03-02 + 10 日 → last day Thu 03-12
    for ext in EXTS {
        assert_eq!(
            ld(date!(2026 - 03 - 02), Period::days(10), ext),
            Ok(date!(2026 - 03 - 12))
        );
        assert_eq!(
            ld(date!(2026 - 03 - 02), Period::days(1), ext),
            Ok(date!(2026 - 03 - 03))
        );
        assert_eq!(
            ld(date!(2026 - 03 - 02), Period::days(0), ext),
            Ok(date!(2026 - 03 - 02))
        );
    }
}

#[test]
fn last_day_on_statutory_holiday_is_extended() {
    // 2026-02-05 + 10 = Sun 02-15, first day of 春节 (02-15..02-23) → Tue 02-24
    let s = date!(2026 - 02 - 05);
    let p = Period::days(10);
    assert_eq!(
        ld(s, p, RestDayExtension::StatutoryHolidays),
        Ok(date!(2026 - 02 - 24))
    );
    assert_eq!(
        ld(s, p, RestDayExtension::AnyRestDay),
        Ok(date!(2026 - 02 - 24))
    );
    assert_eq!(ld(s, p, RestDayExtension::None), Ok(date!(2026 - 02 - 15)));
    // National Day: 10-03 → 10-08
    assert_eq!(
        ld(
            date!(2026 - 09 - 30),
            Period::days(3),
            RestDayExtension::StatutoryHolidays
        ),
        Ok(date!(2026 - 10 - 08))
    );
    // 2026-01-02 (off) → Sun 01-04, a 调休 working day: not extended further
    for ext in [
        RestDayExtension::StatutoryHolidays,
        RestDayExtension::AnyRestDay,
    ] {
        assert_eq!(
            ld(date!(2025 - 12 - 31), Period::days(2), ext),
            Ok(date!(2026 - 01 - 04))
        );
    }
}

#[test]
fn last_day_on_ordinary_weekend_depends_on_configuration() {
    // Wed 2026-03-04 + 3 = Sat 03-07
    let s = date!(2026 - 03 - 04);
    let p = Period::days(3);
    assert_eq!(
        ld(s, p, RestDayExtension::StatutoryHolidays),
        Ok(date!(2026 - 03 - 07))
    );
    assert_eq!(
        ld(s, p, RestDayExtension::AnyRestDay),
        Ok(date!(2026 - 03 - 09))
    );
    assert_eq!(ld(s, p, RestDayExtension::None), Ok(date!(2026 - 03 - 07)));
    // + 4 = Sun 03-08
    assert_eq!(
        ld(s, Period::days(4), RestDayExtension::AnyRestDay),
        Ok(date!(2026 - 03 - 09))
    );
}

#[test]
fn last_day_on_adjusted_working_weekend_is_not_extended() {
    // 2026-02-04 + 10 = Sat 02-14, a 调休 working day
    for ext in EXTS {
        assert_eq!(
            ld(date!(2026 - 02 - 04), Period::days(10), ext),
            Ok(date!(2026 - 02 - 14))
        );
    }
}

#[test]
fn day_period_crossing_year_end() {
    // 2025-12-22 + 10 = 2026-01-01 (元旦, 01-01..01-03 off) → 01-04 (working Sunday)
    let s = date!(2025 - 12 - 22);
    assert_eq!(
        ld(s, Period::days(10), RestDayExtension::StatutoryHolidays),
        Ok(date!(2026 - 01 - 04))
    );
    assert_eq!(
        ld(s, Period::days(10), RestDayExtension::None),
        Ok(date!(2026 - 01 - 01))
    );
    // 2025-12-20 + 20 = 2026-01-09
    assert_eq!(
        earliest_end_date(&cal(), date!(2025 - 12 - 20), Period::days(20)),
        Ok(date!(2026 - 01 - 09))
    );
}

#[test]
fn day_period_into_unknown_year_is_an_error_for_every_extension() {
    // 2026-12-25 + 10 = 2027-01-04
    for ext in EXTS {
        assert_eq!(
            ld(date!(2026 - 12 - 25), Period::days(10), ext),
            Err(CalendarError::UnknownYear(2027))
        );
    }
    assert_eq!(
        earliest_end_date(&cal(), date!(2026 - 12 - 20), Period::days(20)),
        Err(CalendarError::UnknownYear(2027))
    );
    assert_eq!(
        earliest_end_date(&cal(), date!(2026 - 12 - 20), Period::working_days(20)),
        Err(CalendarError::UnknownYear(2027))
    );
    // a period spanning a whole unknown year is an error even if it ends in a known one
    let mut c = Calendar::empty();
    c.load_year_json(include_str!("../../data/2026.json"))
        .unwrap();
    assert_eq!(
        last_day(
            &c,
            date!(2024 - 12 - 31),
            Period::days(400),
            RestDayExtension::None
        ),
        Err(CalendarError::UnknownYear(2025))
    );
}

#[test]
fn start_day_in_unknown_year_is_not_counted() {
    // 2024-12-31 + 1 = 2025-01-01 (元旦) → 01-02; 2024 is not needed
    assert_eq!(
        ld(
            date!(2024 - 12 - 31),
            Period::days(1),
            RestDayExtension::StatutoryHolidays
        ),
        Ok(date!(2025 - 01 - 02))
    );
    // a zero-length period ends on the start day, which must then be known
    assert_eq!(
        ld(
            date!(2024 - 12 - 31),
            Period::days(0),
            RestDayExtension::None
        ),
        Err(CalendarError::UnknownYear(2024))
    );
}

#[test]
fn extension_into_unknown_year_is_an_error() {
    let mut c = Calendar::empty();
    c.load_year_json(r#"{"year":2026,"days":[{"name":"t","date":"2026-12-31","isOffDay":true}]}"#)
        .unwrap();
    let s = date!(2026 - 12 - 30);
    assert_eq!(
        last_day(&c, s, Period::days(1), RestDayExtension::StatutoryHolidays),
        Err(CalendarError::UnknownYear(2027))
    );
    assert_eq!(
        last_day(&c, s, Period::days(1), RestDayExtension::None),
        Ok(date!(2026 - 12 - 31))
    );
    // an ordinary Saturday at year end under AnyRestDay
    let c = cal();
    assert_eq!(
        last_day(
            &c,
            date!(2026 - 12 - 25),
            Period::days(1),
            RestDayExtension::AnyRestDay
        ),
        Ok(date!(2026 - 12 - 28))
    );
}

#[test]
fn working_day_periods() {
    let c = cal();
    for ext in EXTS {
        // 02-13 + 2 工作日: 02-14 (调休 Sat), 02-24
        assert_eq!(
            last_day(&c, date!(2026 - 02 - 13), Period::working_days(2), ext),
            Ok(date!(2026 - 02 - 24))
        );
    }
    // 87号令 第69条-style 1 个工作日 from Fri 2026-03-06 → Mon 03-09
    assert_eq!(
        last_day(
            &c,
            date!(2026 - 03 - 06),
            Period::working_days(1),
            RestDayExtension::None
        ),
        Ok(date!(2026 - 03 - 09))
    );
}

#[test]
fn period_end_is_24_00_beijing_of_last_day() {
    let c = cal();
    let ext = RestDayExtension::default();
    // start at 23:59:59 Beijing: still the start day, not counted
    let end = period_end(&c, datetime!(2026-03-02 23:59:59 +8), Period::days(10), ext).unwrap();
    assert_eq!(end, datetime!(2026-03-13 00:00 +8));
    assert_eq!(end, datetime!(2026-03-12 16:00 UTC));
    // start at 00:00:00 Beijing: same start day
    assert_eq!(
        period_end(&c, datetime!(2026-03-02 00:00 +8), Period::days(10), ext),
        Ok(datetime!(2026-03-13 00:00 +8))
    );
    // UTC instant whose Beijing date is the next day (16:30Z on 03-02 = 00:30 on 03-03)
    assert_eq!(
        period_end(&c, datetime!(2026-03-02 16:30 UTC), Period::days(10), ext),
        Ok(datetime!(2026-03-14 00:00 +8))
    );
    // UTC instant with the same date in both zones
    assert_eq!(
        period_end(
            &c,
            datetime!(2026-03-02 15:59:59 UTC),
            Period::days(10),
            ext
        ),
        Ok(datetime!(2026-03-13 00:00 +8))
    );
    // working days, across the Spring Festival
    assert_eq!(
        period_end(
            &c,
            datetime!(2026-02-13 10:00 +8),
            Period::working_days(2),
            ext
        ),
        Ok(datetime!(2026-02-25 00:00 +8))
    );
    // crossing year end, ending on the 元旦 block → extended to 2026-01-04
    assert_eq!(
        period_end(&c, datetime!(2025-12-22 12:00 +8), Period::days(10), ext),
        Ok(datetime!(2026-01-05 00:00 +8))
    );
    // an instant in UTC on 2026-12-31 that is 2027 in Beijing, with 2027 unknown
    assert_eq!(
        period_end(&c, datetime!(2026-12-31 17:00 UTC), Period::days(0), ext),
        Err(CalendarError::UnknownYear(2027))
    );
}

#[test]
fn within_period_is_strictly_before_end() {
    let c = cal();
    let ext = RestDayExtension::default();
    let start = datetime!(2026-03-02 09:00 +8);
    let p = Period::days(10);
    let w = |at| within_period(&c, start, p, ext, at).unwrap();
    assert!(w(datetime!(2026-03-12 23:59:59 +8)));
    assert!(w(datetime!(2026-03-12 23:59:59.999 +8)));
    assert!(!w(datetime!(2026-03-13 00:00 +8)));
    assert!(!w(datetime!(2026-03-12 16:00 UTC)));
    assert!(w(datetime!(2026-03-12 15:59:59 UTC)));
}

#[test]
fn earliest_end_date_counts_holidays_as_ordinary_days() {
    let c = cal();
    // rules.md §0 point 4: 20 日 from 2026-01-27 → 02-16 even though it is a holiday
    assert_eq!(
        earliest_end_date(&c, date!(2026 - 01 - 27), Period::days(20)),
        Ok(date!(2026 - 02 - 16))
    );
    // a weekend end is not moved either
    assert_eq!(
        earliest_end_date(&c, date!(2026 - 03 - 04), Period::days(3)),
        Ok(date!(2026 - 03 - 07))
    );
    // working days: 02-12 + 5 → 02-13, 02-14, 02-24, 02-25, 02-26
    assert_eq!(
        earliest_end_date(&c, date!(2026 - 02 - 12), Period::working_days(5)),
        Ok(date!(2026 - 02 - 26))
    );
    assert_eq!(
        earliest_end_date(&Calendar::empty(), date!(2026 - 03 - 04), Period::days(3)),
        Err(CalendarError::UnknownYear(2026))
    );
}
