//! Periods after the evaluation, on the working-day calendar (legal-time, docs/LEGAL-TIME.md).
//! Start days are not counted; a period ends at 24:00 Beijing time of its last day. "Within N
//! 日" limits move past a last day off per [`RestDayExtension`]; minimum lengths ("at least 3
//! 日") never move; working-day periods always end on a working day.

use legal_time::{
    Calendar, Period, RestDayExtension, beijing_midnight, earliest_end_date, end_of_beijing_day,
    last_day,
};
use serde::Serialize;
use time::{Date, OffsetDateTime};

use crate::error::EvalError;
use crate::rules::{self, Rule};

/// A limit computed from a start day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Deadline {
    pub what: &'static str,
    pub rule: Rule,
    pub period: Period,
    #[serde(with = "crate::serde_date")]
    pub from: Date,
    #[serde(with = "crate::serde_date")]
    pub last_day: Date,
    /// 24:00 Beijing time of the last day: an act is in time iff it is before this instant.
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
}

/// Whether an act at `at` falls in its window, with the rule that sets the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Verdict {
    pub within: bool,
    pub what: &'static str,
    pub rule: Rule,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub opens_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub closes_at: OffsetDateTime,
}

impl Verdict {
    fn of(d: &Deadline, opens_at: OffsetDateTime, at: OffsetDateTime) -> Verdict {
        Verdict {
            within: opens_at <= at && at < d.ends_at,
            what: d.what,
            rule: d.rule,
            at,
            opens_at,
            closes_at: d.ends_at,
        }
    }
}

fn deadline(
    what: &'static str,
    rule: Rule,
    period: Period,
    from: Date,
    last: Date,
) -> Result<Deadline, EvalError> {
    Ok(Deadline {
        what,
        rule,
        period,
        from,
        last_day: last,
        ends_at: end_of_beijing_day(last)?,
    })
}

/// A "within" limit: the last day moves past days off per `ext`.
fn within(
    cal: &Calendar,
    what: &'static str,
    rule: Rule,
    from: Date,
    p: Period,
    ext: RestDayExtension,
) -> Result<Deadline, EvalError> {
    deadline(what, rule, p, from, last_day(cal, from, p, ext)?)
}

/// A minimum length: never moved by holidays.
fn minimum(
    cal: &Calendar,
    what: &'static str,
    rule: Rule,
    from: Date,
    p: Period,
) -> Result<Deadline, EvalError> {
    deadline(what, rule, p, from, earliest_end_date(cal, from, p)?)
}

// --- construction (招标投标法实施条例 第54条, 第60条) ---

/// Candidates must be published within 3 日 of receiving the report.
pub fn candidates_publish_by(
    cal: &Calendar,
    report: Date,
    ext: RestDayExtension,
) -> Result<Deadline, EvalError> {
    within(
        cal,
        "publish the candidates by",
        rules::CANDIDATES_PUBLISH,
        report,
        Period::days(3),
        ext,
    )
}

/// The earliest end of the candidates publicity (≥ 3 日 from publication).
pub fn candidates_publicity_end(cal: &Calendar, published: Date) -> Result<Deadline, EvalError> {
    minimum(
        cal,
        "candidates publicity ends no earlier than",
        rules::CANDIDATES_PUBLICITY,
        published,
        Period::days(3),
    )
}

/// The objection window: from publication to the end of the publicity (`until`, the announced
/// last day, which may not be before the minimum).
pub fn objection_window(
    cal: &Calendar,
    published: Date,
    until: Option<Date>,
) -> Result<Deadline, EvalError> {
    let min = candidates_publicity_end(cal, published)?;
    let last = match until {
        Some(u) if u < min.last_day => {
            return Err(EvalError::range(
                "publicity_until",
                u,
                min.last_day,
                "—",
                rules::CANDIDATES_PUBLICITY,
            ));
        }
        Some(u) => u,
        None => min.last_day,
    };
    deadline(
        "objections to the result during the publicity",
        rules::OBJECTION,
        Period::days(3),
        published,
        last,
    )
}

/// Is an objection at `at` within the publicity?
pub fn check_objection(
    cal: &Calendar,
    published: Date,
    until: Option<Date>,
    at: OffsetDateTime,
) -> Result<Verdict, EvalError> {
    let w = objection_window(cal, published, until)?;
    Ok(Verdict::of(&w, beijing_midnight(published), at))
}

/// The tenderer's reply to an objection: within 3 日 of receiving it.
pub fn objection_reply_due(
    cal: &Calendar,
    received: Date,
    ext: RestDayExtension,
) -> Result<Deadline, EvalError> {
    within(
        cal,
        "reply to the objection by",
        rules::OBJECTION_REPLY,
        received,
        Period::days(3),
        ext,
    )
}

/// A construction complaint: 10 日 from knowing, plus the days spent waiting for an objection
/// reply (条例 第60条 excludes them; counting them as whole days is our reading [D]).
pub fn construction_complaint_due(
    cal: &Calendar,
    knew: Date,
    paused_days: u32,
    ext: RestDayExtension,
) -> Result<Deadline, EvalError> {
    within(
        cal,
        "complain to the supervisor by",
        rules::CONSTRUCTION_COMPLAINT,
        knew,
        Period::days(10 + paused_days),
        ext,
    )
}

/// The written report to the supervisor: within 15 日 of determining the winner.
pub fn supervisor_report_due(
    cal: &Calendar,
    determined: Date,
    ext: RestDayExtension,
) -> Result<Deadline, EvalError> {
    within(
        cal,
        "report to the supervisor by",
        rules::SUPERVISOR_REPORT,
        determined,
        Period::days(15),
        ext,
    )
}

/// The contract: within 30 日 of the award notice (both lines).
pub fn contract_due(
    cal: &Calendar,
    notice: Date,
    ext: RestDayExtension,
) -> Result<Deadline, EvalError> {
    within(
        cal,
        "sign the contract by",
        rules::CONTRACT,
        notice,
        Period::days(30),
        ext,
    )
}

// --- government procurement (政府采购法 第52–55条; 条例 第43条, 第53条; 87号令 第68–69条) ---

/// The report reaches the purchaser within 2 个工作日 of the evaluation.
pub fn report_due(cal: &Calendar, evaluation: Date) -> Result<Deadline, EvalError> {
    within(
        cal,
        "report to the purchaser by",
        rules::GP_REPORT,
        evaluation,
        Period::working_days(2),
        RestDayExtension::None,
    )
}

/// The purchaser decides within 5 个工作日 of the report; after it, rank 1 is deemed the winner.
pub fn award_decision_due(cal: &Calendar, report: Date) -> Result<Deadline, EvalError> {
    within(
        cal,
        "decide the award by",
        rules::GP_DECISION,
        report,
        Period::working_days(5),
        RestDayExtension::None,
    )
}

/// The result announcement within 2 个工作日 of the decision.
pub fn result_publish_by(cal: &Calendar, decision: Date) -> Result<Deadline, EvalError> {
    within(
        cal,
        "publish the result by",
        rules::GP_PUBLISH,
        decision,
        Period::working_days(2),
        RestDayExtension::None,
    )
}

/// The end of the 1 个工作日 announcement period.
pub fn announcement_end(cal: &Calendar, published: Date) -> Result<Deadline, EvalError> {
    minimum(
        cal,
        "result announcement period ends",
        rules::GP_ANNOUNCEMENT,
        published,
        Period::working_days(1),
    )
}

/// What a 质疑 is about, and so the day its 7 个工作日 start (条例 第53条).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeStart {
    /// Documents: the day they were obtained.
    DocumentsObtained(Date),
    /// Documents: the day their notice period ended.
    DocumentsNoticeEnded(Date),
    /// A step of the process: the day it ended.
    StepEnded(Date),
    /// The result: the day it was published; the period starts when the announcement ends.
    ResultPublished(Date),
}

/// The last day for a 质疑.
pub fn challenge_due(cal: &Calendar, start: ChallengeStart) -> Result<Deadline, EvalError> {
    let from = match start {
        ChallengeStart::DocumentsObtained(d)
        | ChallengeStart::DocumentsNoticeEnded(d)
        | ChallengeStart::StepEnded(d) => d,
        ChallengeStart::ResultPublished(p) => announcement_end(cal, p)?.last_day,
    };
    within(
        cal,
        "challenge (质疑) by",
        rules::CHALLENGE,
        from,
        Period::working_days(7),
        RestDayExtension::None,
    )
}

/// Is a 质疑 at `at` in time? For the result it may come from the publication on.
pub fn check_challenge(
    cal: &Calendar,
    start: ChallengeStart,
    at: OffsetDateTime,
) -> Result<Verdict, EvalError> {
    let d = challenge_due(cal, start)?;
    let opens = match start {
        ChallengeStart::ResultPublished(p) | ChallengeStart::DocumentsObtained(p) => {
            beijing_midnight(p)
        }
        ChallengeStart::DocumentsNoticeEnded(_) | ChallengeStart::StepEnded(_) => {
            OffsetDateTime::UNIX_EPOCH
        }
    };
    Ok(Verdict::of(&d, opens, at))
}

/// The reply to a 质疑: within 7 个工作日 of receiving it.
pub fn challenge_reply_due(cal: &Calendar, received: Date) -> Result<Deadline, EvalError> {
    within(
        cal,
        "reply to the challenge by",
        rules::CHALLENGE_REPLY,
        received,
        Period::working_days(7),
        RestDayExtension::None,
    )
}

/// A 投诉: within 15 个工作日 after the reply period of the 质疑 ends.
pub fn complaint_due(cal: &Calendar, challenge_received: Date) -> Result<Deadline, EvalError> {
    let reply = challenge_reply_due(cal, challenge_received)?;
    within(
        cal,
        "complain (投诉) by",
        rules::COMPLAINT,
        reply.last_day,
        Period::working_days(15),
        RestDayExtension::None,
    )
}

/// Is a 投诉 at `at` in time? It may come once the challenge was made.
pub fn check_complaint(
    cal: &Calendar,
    challenge_received: Date,
    at: OffsetDateTime,
) -> Result<Verdict, EvalError> {
    let d = complaint_due(cal, challenge_received)?;
    Ok(Verdict::of(&d, beijing_midnight(challenge_received), at))
}

// --- the supervisor's handling of a complaint (both regimes) ---

/// The supervisor decides whether to accept a complaint received on `received`:
/// construction within 3 个工作日 (条例 第61条), procurement reviews it within 5 个工作日.
pub fn complaint_acceptance_due(
    cal: &Calendar,
    construction: bool,
    received: Date,
) -> Result<Deadline, EvalError> {
    let (rule, days) = if construction {
        (rules::COMPLAINT_ACCEPTANCE, 3)
    } else {
        (rules::GP_COMPLAINT_REVIEW, 5)
    };
    within(
        cal,
        "decide whether to accept the complaint by",
        rule,
        received,
        Period::working_days(days),
        RestDayExtension::None,
    )
}

/// The supervisor decides a complaint received on `received` within 30 个工作日 (both
/// regimes; time for testing or experts, which the law leaves out, is not counted here).
pub fn complaint_decision_due(
    cal: &Calendar,
    construction: bool,
    received: Date,
) -> Result<Deadline, EvalError> {
    let rule = if construction {
        rules::COMPLAINT_DECISION
    } else {
        rules::GP_COMPLAINT_DECISION
    };
    within(
        cal,
        "decide the complaint by",
        rule,
        received,
        Period::working_days(30),
        RestDayExtension::None,
    )
}
