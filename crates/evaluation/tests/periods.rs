//! Periods after the evaluation on the working-day calendar (rules.md §1.1, §3.2).
use evaluation::periods::*;
use legal_time::{Calendar, RestDayExtension};
use time::macros::{date, datetime};

fn cal() -> Calendar {
    Calendar::builtin()
}

const EXT: RestDayExtension = RestDayExtension::StatutoryHolidays;

#[test]
fn construction_publication_within_3_days_moves_past_a_holiday() {
    // report 2026-09-30: 3 日 ends 10-03, a National Day day off → moved to 10-08
    let d = candidates_publish_by(&cal(), date!(2026 - 09 - 30), EXT).unwrap();
    assert_eq!(d.last_day, date!(2026 - 10 - 08));
    assert_eq!(d.rule.source, "招标投标法实施条例 第54条");
    let plain = candidates_publish_by(&cal(), date!(2026 - 03 - 10), EXT).unwrap();
    assert_eq!(plain.last_day, date!(2026 - 03 - 13));
    assert_eq!(plain.ends_at, datetime!(2026-03-14 00:00 +8));
}

#[test]
fn publicity_is_a_minimum_and_objections_only_during_it() {
    // published 2026-09-30: at least 3 日 → 10-03, never moved (a minimum)
    let end = candidates_publicity_end(&cal(), date!(2026 - 09 - 30)).unwrap();
    assert_eq!(end.last_day, date!(2026 - 10 - 03));
    let p = date!(2026 - 03 - 11);
    let inside = check_objection(&cal(), p, None, datetime!(2026-03-14 23:59:59 +8)).unwrap();
    assert!(inside.within);
    assert_eq!(inside.rule.id, "period.objection");
    assert!(
        !check_objection(&cal(), p, None, datetime!(2026-03-15 00:00 +8))
            .unwrap()
            .within
    );
    assert!(
        !check_objection(&cal(), p, None, datetime!(2026-03-10 18:00 +8))
            .unwrap()
            .within,
        "before publication"
    );
    // a longer announced publicity extends the window; a shorter one is refused
    assert!(
        check_objection(
            &cal(),
            p,
            Some(date!(2026 - 03 - 16)),
            datetime!(2026-03-16 12:00 +8)
        )
        .unwrap()
        .within
    );
    assert_eq!(
        check_objection(
            &cal(),
            p,
            Some(date!(2026 - 03 - 13)),
            datetime!(2026-03-12 12:00 +8)
        )
        .unwrap_err()
        .code(),
        "evaluation.out_of_legal_range"
    );
}

#[test]
fn objection_reply_complaint_report_and_contract() {
    assert_eq!(
        objection_reply_due(&cal(), date!(2026 - 03 - 12), EXT)
            .unwrap()
            .last_day,
        date!(2026 - 03 - 15)
    );
    // 10 日 + 3 days waiting for the reply (not counted)
    assert_eq!(
        construction_complaint_due(&cal(), date!(2026 - 03 - 12), 3, EXT)
            .unwrap()
            .last_day,
        date!(2026 - 03 - 25)
    );
    assert_eq!(
        supervisor_report_due(&cal(), date!(2026 - 03 - 20), EXT)
            .unwrap()
            .last_day,
        date!(2026 - 04 - 07),
        "04-04..06 Qingming: moved"
    );
    assert_eq!(
        contract_due(&cal(), date!(2026 - 03 - 20), EXT)
            .unwrap()
            .last_day,
        date!(2026 - 04 - 19)
    );
}

#[test]
fn procurement_report_decision_publication() {
    // evaluation Fri 2026-02-13: 2 个工作日 → Sat 02-14 (调休) then Tue 02-24 after Spring Festival
    assert_eq!(
        report_due(&cal(), date!(2026 - 02 - 13)).unwrap().last_day,
        date!(2026 - 02 - 24)
    );
    // 04-28, 04-29, 04-30, (05-01..05 off), 05-06, 05-07
    assert_eq!(
        award_decision_due(&cal(), date!(2026 - 04 - 27))
            .unwrap()
            .last_day,
        date!(2026 - 05 - 07)
    );
    assert_eq!(
        result_publish_by(&cal(), date!(2026 - 05 - 06))
            .unwrap()
            .last_day,
        date!(2026 - 05 - 08)
    );
    assert_eq!(
        announcement_end(&cal(), date!(2026 - 05 - 06))
            .unwrap()
            .ends_at,
        datetime!(2026-05-08 00:00 +8)
    );
}

#[test]
fn challenge_windows_by_subject() {
    let c = cal();
    let res = ChallengeStart::ResultPublished(date!(2026 - 09 - 24));
    assert!(
        check_challenge(&c, res, datetime!(2026-10-13 23:59 +8))
            .unwrap()
            .within
    );
    assert!(
        !check_challenge(&c, res, datetime!(2026-10-14 00:00 +8))
            .unwrap()
            .within
    );
    assert!(
        check_challenge(&c, res, datetime!(2026-09-24 10:00 +8))
            .unwrap()
            .within,
        "during the announcement"
    );
    let docs = ChallengeStart::DocumentsObtained(date!(2026 - 04 - 29));
    assert_eq!(
        challenge_due(&c, docs).unwrap().last_day,
        date!(2026 - 05 - 12),
        "Labour Day off, 05-09 worked"
    );
    let step = ChallengeStart::StepEnded(date!(2026 - 03 - 02));
    assert_eq!(
        challenge_due(&c, step).unwrap().last_day,
        date!(2026 - 03 - 11)
    );
}

#[test]
fn reply_and_complaint_follow_the_challenge() {
    let c = cal();
    assert_eq!(
        challenge_reply_due(&c, date!(2026 - 03 - 02))
            .unwrap()
            .last_day,
        date!(2026 - 03 - 11)
    );
    // reply period ends 03-11; 15 个工作日 after it → 04-01
    let due = complaint_due(&c, date!(2026 - 03 - 02)).unwrap();
    assert_eq!(due.last_day, date!(2026 - 04 - 01));
    assert_eq!(due.rule.source, "政府采购法 第55条");
    assert!(
        check_complaint(&c, date!(2026 - 03 - 02), datetime!(2026-04-01 17:00 +8))
            .unwrap()
            .within
    );
    assert!(
        !check_complaint(&c, date!(2026 - 03 - 02), datetime!(2026-04-02 09:00 +8))
            .unwrap()
            .within
    );
}

#[test]
fn unknown_years_are_refused() {
    let e = challenge_due(&cal(), ChallengeStart::StepEnded(date!(2026 - 12 - 28))).unwrap_err();
    assert_eq!(e.code(), "evaluation.calendar_unknown_year");
}

/// The supervisor's limits on a complaint live here, with their articles: construction
/// decides acceptance within 3 个工作日 (条例 第61条), procurement reviews within 5; both
/// decide within 30 个工作日.
#[test]
fn the_supervisor_handles_a_complaint_in_working_days() {
    let c = cal();
    let received = date!(2026 - 03 - 02); // a Monday
    let accept = complaint_acceptance_due(&c, true, received).unwrap();
    assert_eq!(accept.last_day, date!(2026 - 03 - 05));
    assert_eq!(accept.rule.id, "period.complaint_acceptance");
    assert_eq!(accept.rule.source, "招标投标法实施条例 第61条");
    let review = complaint_acceptance_due(&c, false, received).unwrap();
    assert_eq!(review.last_day, date!(2026 - 03 - 09));
    assert_eq!(review.rule.source, "政府采购法 第56条");
    for construction in [true, false] {
        let decide = complaint_decision_due(&c, construction, received).unwrap();
        assert_eq!(decide.rule.id, "period.complaint_decision");
        assert_eq!(decide.last_day, c.add_working_days(received, 30).unwrap());
        assert!(decide.last_day > date!(2026 - 04 - 10));
    }
}
