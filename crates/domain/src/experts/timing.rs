//! When a draw may take place. Procurement: not earlier than 2 个工作日 before the evaluation
//! (财库〔2016〕198号 第14条 [M]), except competitive negotiation, competitive consultation and
//! off-site evaluation (异地评审). The window per method is the method table's
//! `draw_not_before_evaluation` (the same cell the trade aggregate's node 4 reads); this adds
//! the off-site exception. Every draw comes before the evaluation starts [D].

use legal_time::{Calendar, Date, Duration, OffsetDateTime, PeriodUnit, beijing_date};

use crate::experts::error::{DrawError, RequestError};
use crate::experts::request::DrawRequest;
use crate::methods::{BusinessLine, Method, rules_for};

/// The first day the draw for `request` may take place, with its article; `None` when no
/// rule limits it (construction, negotiation, consultation, quotation, single source, or an
/// off-site evaluation).
pub fn earliest_draw(
    request: &DrawRequest,
    cal: &Calendar,
) -> Result<Option<(Date, &'static str)>, DrawError> {
    earliest_draw_for(
        request.line,
        request.method,
        request.evaluation.from,
        request.off_site(),
        cal,
    )
}

/// [`earliest_draw`] from the parts of a request.
pub fn earliest_draw_for(
    line: BusinessLine,
    method: Method,
    evaluation_from: OffsetDateTime,
    off_site: bool,
    cal: &Calendar,
) -> Result<Option<(Date, &'static str)>, DrawError> {
    let rules = rules_for(line, method).map_err(RequestError::from)?;
    let Some(window) = rules.draw_not_before_evaluation else {
        return Ok(None);
    };
    if off_site {
        return Ok(None);
    }
    let evaluation_day = beijing_date(evaluation_from);
    let earliest = match window.value.unit {
        PeriodUnit::WorkingDays => cal.sub_working_days(evaluation_day, window.value.count)?,
        PeriodUnit::Days => evaluation_day - Duration::days(window.value.count.into()),
    };
    Ok(Some((earliest, window.article)))
}

/// Refuses a draw at `now` that comes before [`earliest_draw`] (Beijing dates) or once the
/// evaluation has started.
pub fn check_draw_time(
    request: &DrawRequest,
    now: OffsetDateTime,
    cal: &Calendar,
) -> Result<(), DrawError> {
    check_draw_time_for(
        request.line,
        request.method,
        request.evaluation.from,
        request.off_site(),
        now,
        cal,
    )
}

/// [`check_draw_time`] from the parts of a request.
pub fn check_draw_time_for(
    line: BusinessLine,
    method: Method,
    evaluation_from: OffsetDateTime,
    off_site: bool,
    now: OffsetDateTime,
    cal: &Calendar,
) -> Result<(), DrawError> {
    if now >= evaluation_from {
        return Err(DrawError::TooLate { evaluation_from });
    }
    if let Some((earliest, article)) =
        earliest_draw_for(line, method, evaluation_from, off_site, cal)?
        && beijing_date(now) < earliest
    {
        return Err(DrawError::TooEarly { earliest, article });
    }
    Ok(())
}
