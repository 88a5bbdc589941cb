//! Property tests over the built-in 2025–2026 calendar, through the public API only.

use legal_time::{
    BEIJING, Calendar, CalendarError, Date, Duration, OffsetDateTime, Period, RestDayExtension,
    beijing_date, earliest_end_date, last_day, period_end,
};
use proptest::prelude::*;
use time::macros::{date, datetime};

const FIRST: Date = date!(2025 - 01 - 01);
const LAST: Date = date!(2026 - 12 - 31);

fn cal() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

/// Any date of the known years.
fn known_date() -> impl Strategy<Value = Date> {
    (0..=(LAST - FIRST).whole_days()).prop_map(|d| FIRST + Duration::days(d))
}

fn ext() -> impl Strategy<Value = RestDayExtension> {
    prop_oneof![
        Just(RestDayExtension::StatutoryHolidays),
        Just(RestDayExtension::AnyRestDay),
        Just(RestDayExtension::None),
    ]
}

proptest! {
    #[test]
    fn add_working_days_lands_on_a_working_day_or_unknown_2027(start in known_date(), n in 1u32..80) {
        match cal().add_working_days(start, n) {
            Ok(d) => {
                prop_assert!(d > start);
                prop_assert!(d <= LAST);
                prop_assert_eq!(cal().is_working_day(d), Ok(true));
                prop_assert_eq!(cal().working_days_between(start, d), Ok(n));
            }
            Err(e) => prop_assert_eq!(e, CalendarError::UnknownYear(2027)),
        }
    }

    #[test]
    fn add_working_days_strictly_increasing_in_n(start in known_date(), n in 0u32..60) {
        let a = cal().add_working_days(start, n);
        let b = cal().add_working_days(start, n + 1);
        if let (Ok(a), Ok(b)) = (&a, &b) {
            prop_assert!(a < b);
            // nothing but rest days strictly between consecutive results
            let mut d = a.next_day().unwrap();
            while d < *b {
                prop_assert_eq!(cal().is_working_day(d), Ok(false));
                d = d.next_day().unwrap();
            }
        } else {
            // once unknown, always unknown
            prop_assert_eq!(b, Err(CalendarError::UnknownYear(2027)));
        }
    }

    #[test]
    fn sub_inverts_add_from_a_working_day(start in known_date(), n in 1u32..40) {
        prop_assume!(cal().is_working_day(start) == Ok(true));
        if let Ok(end) = cal().add_working_days(start, n) {
            prop_assert_eq!(cal().sub_working_days(end, n), Ok(start));
        }
    }

    #[test]
    fn day_period_last_day_respects_extension(start in known_date(), n in 0u32..60, e in ext()) {
        let plain = start + Duration::days(i64::from(n));
        match last_day(cal(), start, Period::days(n), e) {
            Ok(d) => {
                prop_assert!(d >= plain);
                match e {
                    RestDayExtension::None => prop_assert_eq!(d, plain),
                    RestDayExtension::StatutoryHolidays => {
                        prop_assert_eq!(cal().is_statutory_day_off(d), Ok(false));
                        let mut x = plain;
                        while x < d {
                            prop_assert_eq!(cal().is_statutory_day_off(x), Ok(true));
                            x = x.next_day().unwrap();
                        }
                    }
                    RestDayExtension::AnyRestDay => {
                        prop_assert_eq!(cal().is_working_day(d), Ok(true));
                        let mut x = plain;
                        while x < d {
                            prop_assert_eq!(cal().is_rest_day(x), Ok(true));
                            x = x.next_day().unwrap();
                        }
                    }
                }
            }
            Err(err) => {
                prop_assert_eq!(err, CalendarError::UnknownYear(2027));
                prop_assert!(plain.year() == 2027 || e != RestDayExtension::None);
            }
        }
    }

    #[test]
    fn earliest_end_date_is_plain_calendar_arithmetic(start in known_date(), n in 0u32..60) {
        let plain = start + Duration::days(i64::from(n));
        let got = earliest_end_date(cal(), start, Period::days(n));
        if plain.year() <= 2026 {
            prop_assert_eq!(got, Ok(plain));
        } else {
            prop_assert_eq!(got, Err(CalendarError::UnknownYear(2027)));
        }
    }

    #[test]
    fn period_end_is_a_beijing_midnight_after_start(
        secs in 0i64..(2 * 365 * 86_400 - 40 * 86_400),
        n in 0u32..30,
        working in any::<bool>(),
        e in ext(),
    ) {
        let start: OffsetDateTime = datetime!(2025-01-01 00:00 +8) + Duration::seconds(secs);
        let p = if working { Period::working_days(n) } else { Period::days(n) };
        if let Ok(end) = period_end(cal(), start, p, e) {
            prop_assert!(end > start);
            let local = end.to_offset(BEIJING);
            prop_assert_eq!(local.time(), time::Time::MIDNIGHT);
            // the period covers at least n whole days after the start day
            prop_assert!(beijing_date(end) > beijing_date(start) + Duration::days(i64::from(n)));
            // same result whatever offset the start instant is expressed in
            prop_assert_eq!(period_end(cal(), start.to_offset(time::UtcOffset::UTC), p, e), Ok(end));
        }
    }
}
