//! Node 1, the entry's back and forth before acceptance: staff return it for corrections
//! (退回补正, every reason at once, 行政许可法 第32条) and the applicant resubmits it; the
//! applicant asks for the green channel (绿色通道) and staff approve or refuse it.

use legal_time::{Period, beijing_date};

use crate::access::table::GREEN;
use crate::aggregate::{Context, Role};
use crate::trade::entry::non_empty;
use crate::trade::entry::{ACCEPT_WITHIN_WORKING_DAYS, ACCEPT_WITHIN_WORKING_DAYS_GREEN};
use crate::trade::error::TradeError;
use crate::trade::event::TradeEvent;
use crate::trade::guard::Guard;
use crate::trade::state::{GreenRequest, Phase, Returned, TradeState};
use crate::values::BlobRef;

/// 行政许可法 第32条: what must be corrected is told once, in full [M].
pub const RETURN_ARTICLE: &str = "行政许可法 第32条";

/// A returned entry waits for the applicant: staff may not accept or return it again.
pub(crate) fn not_returned(state: &TradeState) -> Result<(), TradeError> {
    match state.returned {
        Some(_) => Err(TradeError::AwaitingCorrections {
            article: RETURN_ARTICLE,
        }),
        None => Ok(()),
    }
}

pub(crate) fn return_entry(
    state: &TradeState,
    reasons: &[String],
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "return_entry")
        .roles(&[Role::CenterStaff])?
        .phase(&[Phase::Registered])?;
    not_returned(state)?;
    let reasons: Vec<String> = reasons
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    if reasons.is_empty() {
        return Err(TradeError::ReasonsRequired {
            article: RETURN_ARTICLE,
        });
    }
    Ok(vec![TradeEvent::EntryReturned {
        reasons,
        at: ctx.now,
    }])
}

pub(crate) fn resubmit_entry(
    state: &TradeState,
    note: &str,
    file: &Option<BlobRef>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "resubmit_entry");
    g.party()?.phase(&[Phase::Registered])?;
    if state.returned.is_none() {
        return Err(TradeError::NotReturned);
    }
    let note = non_empty("note", note)?;
    Ok(vec![TradeEvent::EntryResubmitted {
        note,
        file: file.clone(),
        accept_by: accept_by(state, ctx, g.reg()?.green_channel),
        at: ctx.now,
    }])
}

/// The acceptance time limit counted from now (unknown calendar year: none).
fn accept_by(state: &TradeState, ctx: &Context<'_>, green: bool) -> Option<legal_time::Date> {
    let limit = if green {
        ACCEPT_WITHIN_WORKING_DAYS_GREEN
    } else {
        ACCEPT_WITHIN_WORKING_DAYS
    };
    state
        .rules()?
        .within_last_day(
            ctx.calendar,
            beijing_date(ctx.now),
            Period::working_days(limit),
        )
        .ok()
}

pub(crate) fn request_green(
    state: &TradeState,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "request_green_channel");
    g.party()?.phase(GREEN)?;
    if g.reg()?.green_channel {
        return Err(TradeError::GreenChannelGranted);
    }
    if state.green.as_ref().is_some_and(GreenRequest::pending) {
        return Err(TradeError::GreenChannelPending);
    }
    Ok(vec![TradeEvent::GreenChannelRequested {
        reason: non_empty("reason", reason)?,
        at: ctx.now,
    }])
}

pub(crate) fn decide_green(
    state: &TradeState,
    approve: bool,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "decide_green_channel")
        .roles(&[Role::CenterStaff])?
        .phase(GREEN)?;
    if !state.green.as_ref().is_some_and(GreenRequest::pending) {
        return Err(TradeError::GreenChannelNotRequested);
    }
    let reason = non_empty("reason", reason)?;
    // Only an entry not yet accepted gains the shorter acceptance time limit.
    let accept_by = (approve && state.phase == Phase::Registered)
        .then(|| accept_by(state, ctx, true))
        .flatten();
    Ok(vec![TradeEvent::GreenChannelDecided {
        approved: approve,
        reason,
        accept_by,
        at: ctx.now,
    }])
}

impl TradeState {
    pub(crate) fn evolve_intake(&mut self, event: &TradeEvent) {
        use TradeEvent::*;
        match event {
            EntryReturned { reasons, at } => {
                self.returned = Some(Returned {
                    reasons: reasons.clone(),
                    at: *at,
                });
            }
            EntryResubmitted { accept_by, .. } => {
                self.returned = None;
                if let Some(r) = self.registration.as_mut() {
                    r.accept_by = *accept_by;
                }
            }
            GreenChannelRequested { reason, at } => {
                self.green = Some(GreenRequest {
                    reason: reason.clone(),
                    at: *at,
                    decision: None,
                });
            }
            GreenChannelDecided {
                approved,
                reason,
                accept_by,
                at,
            } => {
                if let Some(g) = self.green.as_mut() {
                    g.decision = Some((*approved, reason.clone(), *at));
                }
                if let Some(r) = self.registration.as_mut().filter(|_| *approved) {
                    r.green_channel = true;
                    if accept_by.is_some() {
                        r.accept_by = *accept_by;
                    }
                }
            }
            _ => {}
        }
    }
}
