//! The earliest draw time: procurement not earlier than 2 个工作日 before the evaluation
//! (财库〔2016〕198号 第14条 [M]), counted with the 2026 holidays and 调休 working weekends.

mod experts_support;

use domain::experts::*;
use domain::methods::{BusinessLine, Method};
use experts_support::*;
use legal_time::OffsetDateTime;
use time::macros::{date, datetime};

fn on(from: OffsetDateTime) -> DrawRequest {
    let mut r = request();
    r.evaluation = TimeRange {
        from,
        to: from + time::Duration::hours(6),
    };
    r
}

fn earliest(r: &DrawRequest) -> Option<time::Date> {
    earliest_draw(r, calendar()).unwrap().map(|(d, _)| d)
}

#[test]
fn two_working_days_counting_the_adjusted_working_saturday_after_national_day() {
    // Monday 2026-10-12: Sunday 10-11 is a rest day, Saturday 10-10 is a 调休 working day (1),
    // Friday 10-09 the second: the draw may start on 10-09, not 10-08.
    let r = on(datetime!(2026-10-12 09:00 +8));
    let (day, article) = earliest_draw(&r, calendar()).unwrap().unwrap();
    assert_eq!(day, date!(2026 - 10 - 09));
    assert_eq!(article, "财库〔2016〕198号 第14条");
    let err = check_draw_time(&r, datetime!(2026-10-08 23:59:59 +8), calendar()).unwrap_err();
    assert_eq!(err.code(), "draw.too_early");
    assert!(err.to_string().contains("2026-10-09"), "{err}");
    assert!(err.to_string().contains("198号 第14条"), "{err}");
    check_draw_time(&r, datetime!(2026-10-09 00:00 +8), calendar()).unwrap();
    // on the working Saturday itself
    check_draw_time(&r, datetime!(2026-10-10 10:00 +8), calendar()).unwrap();
}

#[test]
fn across_the_national_day_and_mid_autumn_holidays() {
    // Friday 10-09: Thursday 10-08 (1), 10-01..07 off, Wednesday 09-30 (2)
    assert_eq!(
        earliest(&on(datetime!(2026-10-09 09:00 +8))),
        Some(date!(2026 - 09 - 30))
    );
    // Thursday 10-08: 09-30 (1), 09-29 (2)
    assert_eq!(
        earliest(&on(datetime!(2026-10-08 09:00 +8))),
        Some(date!(2026 - 09 - 29))
    );
    // Monday 09-28: 09-25..27 中秋 off, Thursday 09-24 (1), 09-23 (2)
    assert_eq!(
        earliest(&on(datetime!(2026-09-28 09:00 +8))),
        Some(date!(2026 - 09 - 23))
    );
    // Tuesday 09-22: Monday 09-21 (1), Sunday 09-20 a 调休 working day (2)
    assert_eq!(
        earliest(&on(datetime!(2026-09-22 09:00 +8))),
        Some(date!(2026 - 09 - 20))
    );
    // the evaluation's Beijing date counts, not its UTC date
    assert_eq!(
        earliest(&on(datetime!(2026-10-11 16:30 UTC))), // 2026-10-12 00:30 Beijing
        Some(date!(2026 - 10 - 09))
    );
}

#[test]
fn the_exceptions_have_no_window() {
    let mut r = on(datetime!(2026-10-12 09:00 +8));
    r.region_rule = RegionRule::OutsideTradeRegion; // 异地评审
    assert_eq!(earliest(&r), None);
    check_draw_time(&r, datetime!(2026-09-01 09:00 +8), calendar()).unwrap();
    for method in [
        Method::CompetitiveNegotiation,
        Method::CompetitiveConsultation,
    ] {
        let mut r = on(datetime!(2026-10-12 09:00 +8));
        r.method = method;
        r.committee_size = 3;
        r.tenderer_representatives = 0;
        r.quotas = quotas(&[("A01", 3)]);
        assert_eq!(earliest(&r), None, "{method:?}");
    }
    // construction: no national rule (rules.md §1.4)
    let mut r = on(datetime!(2026-10-12 09:00 +8));
    r.line = BusinessLine::Construction;
    assert_eq!(earliest(&r), None);
}

#[test]
fn never_once_the_evaluation_has_started() {
    let r = on(datetime!(2026-10-12 09:00 +8));
    let err = check_draw_time(&r, datetime!(2026-10-12 09:00 +8), calendar()).unwrap_err();
    assert_eq!(err.code(), "draw.too_late");
    check_draw_time(&r, datetime!(2026-10-12 08:59:59 +8), calendar()).unwrap();
}

#[test]
fn unknown_years_are_refused_not_guessed() {
    let r = on(datetime!(2027-01-05 09:00 +8));
    let err = earliest_draw(&r, calendar()).unwrap_err();
    assert_eq!(err.code(), "draw.calendar_unknown_year");
}

#[test]
fn the_parts_version_agrees() {
    let r = on(datetime!(2026-10-12 09:00 +8));
    assert_eq!(
        earliest_draw_for(
            r.line,
            r.method,
            r.evaluation.from,
            r.off_site(),
            calendar()
        )
        .unwrap(),
        earliest_draw(&r, calendar()).unwrap()
    );
}
