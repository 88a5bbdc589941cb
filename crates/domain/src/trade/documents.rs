//! Node 2 (venue booking) and node 3 (tender documents and announcement, amendments).

use std::collections::BTreeSet;

use legal_time::{Duration, OffsetDateTime, beijing_date, earliest_end_date};

use crate::aggregate::{Context, Role};
use crate::trade::bids::earliest_draw;
use crate::trade::command::VenueBooking;
use crate::trade::error::TradeError;
use crate::trade::evaluation_method::EvaluationChoice;
use crate::trade::event::TradeEvent;
use crate::trade::guard::Guard;
use crate::trade::sealed::OpeningKey;
use crate::trade::state::{Phase, TradeState};
use crate::values::BlobRef;
use crate::venue::OPENING_SLOT;

pub(crate) fn book_venue(
    state: &TradeState,
    venue: &VenueBooking,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "book_venue")
        .roles(&[Role::CenterStaff])?
        .phase(&[Phase::Accepted, Phase::VenueBooked, Phase::DocumentsReady])?;
    let bad = |reason: &str| {
        Err(TradeError::VenueTimes {
            reason: reason.to_owned(),
        })
    };
    if venue.opening_at <= ctx.now {
        return bad("the opening must be in the future");
    }
    if venue.evaluation_from < venue.opening_at {
        return bad("the evaluation cannot start before the opening");
    }
    if venue.evaluation_to <= venue.evaluation_from {
        return bad("the evaluation must end after it starts");
    }
    if venue.opening_room == venue.evaluation_room
        && venue.evaluation_from < venue.opening_at + OPENING_SLOT
    {
        return bad("the same room cannot hold the opening and the evaluation at once");
    }
    // All dates must be in known calendar years (rules.md §4: never extrapolate).
    let opening_working = ctx
        .calendar
        .is_working_day(beijing_date(venue.opening_at))?;
    ctx.calendar
        .is_working_day(beijing_date(venue.evaluation_to))?;
    Ok(vec![TradeEvent::VenueBooked {
        venue: venue.clone(),
        previous: state.round.venue.clone(),
        opening_on_rest_day: !opening_working,
        at: ctx.now,
    }])
}

pub(crate) fn upload_documents(
    state: &TradeState,
    file: &BlobRef,
    evaluation: Option<&EvaluationChoice>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "upload_tender_documents")
        .party()?
        .phase(&[Phase::VenueBooked, Phase::DocumentsReady])?;
    Ok(vec![TradeEvent::TenderDocumentsUploaded {
        file: file.clone(),
        round: state.round.number,
        evaluation: evaluation.cloned(),
        at: ctx.now,
    }])
}

pub(crate) fn publish_announcement(
    state: &TradeState,
    bid_deadline: OffsetDateTime,
    opening_key: Option<&OpeningKey>,
    notice: Option<&BlobRef>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "publish_announcement");
    g.party()?.phase(&[Phase::DocumentsReady])?;
    let opening_key = check_opening_key(opening_key)?;
    let rules = state.rules().expect("registered");
    // The documents' evaluation method must be one the law allows, with a lawful price
    // weight: refused here, when the documents become public.
    if let Some(choice) = &state.round.evaluation_method {
        choice.check(rules.line, rules.method)?;
    }
    if bid_deadline <= ctx.now {
        return Err(TradeError::invalid("bid_deadline", "must be in the future"));
    }
    ctx.calendar.is_working_day(beijing_date(bid_deadline))?;
    let required = rules.min_bid_period;
    let earliest = earliest_end_date(ctx.calendar, beijing_date(ctx.now), required.value)?;
    if beijing_date(bid_deadline) < earliest {
        return Err(TradeError::BidPeriodTooShort {
            required: required.value,
            earliest,
            article: required.article,
        });
    }
    let venue = state
        .round
        .venue
        .as_ref()
        .expect("venue booked before documents");
    if venue.opening_at != bid_deadline {
        return Err(TradeError::OpeningNotAtDeadline {
            deadline: bid_deadline,
            opening_at: venue.opening_at,
            article: rules.opening_at_deadline_article,
        });
    }
    Ok(vec![TradeEvent::AnnouncementPublished {
        bid_deadline,
        round: state.round.number,
        opening_key: Some(opening_key.clone()),
        notice: notice.cloned(),
        at: ctx.now,
    }])
}

/// A bid period needs an opening key split k of n among distinct custodians (issue #4;
/// 电子招标投标办法 第26条: bids are sealed, and nobody may open them before the deadline).
fn check_opening_key(key: Option<&OpeningKey>) -> Result<&OpeningKey, TradeError> {
    let key = key.ok_or(TradeError::NoOpeningKey {
        action: "publish_announcement",
        article: "电子招标投标办法 第26条",
    })?;
    let n = key.custodians.len();
    let distinct: BTreeSet<_> = key.custodians.iter().map(|c| &c.person).collect();
    let reason = if n == 0 || n > 255 {
        Some(format!("{n} custodians: name 1 to 255"))
    } else if distinct.len() != n {
        Some("a custodian is named twice".to_owned())
    } else if key.threshold == 0 || usize::from(key.threshold) > n {
        Some(format!("threshold {} of {n}: use 1 to {n}", key.threshold))
    } else if key.window_minutes == 0 {
        Some("the decryption window must last at least a minute".to_owned())
    } else if key.suite.trim().is_empty() || key.public_key.trim().is_empty() {
        Some("suite and public key are required".to_owned())
    } else {
        None
    };
    match reason {
        Some(reason) => Err(TradeError::OpeningKeyInvalid { reason }),
        None => Ok(key),
    }
}

pub(crate) fn amend_documents(
    state: &TradeState,
    file: &BlobRef,
    new_deadline: Option<OffsetDateTime>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "amend_documents");
    g.party()?.phase(&[Phase::Announced, Phase::ExpertsDrawn])?;
    let rules = state.rules().expect("registered");
    let deadline = state.round.bid_deadline.expect("announced");
    if ctx.now >= deadline {
        return Err(TradeError::Late {
            action: g.action,
            deadline,
        });
    }
    if let Some(notice) = rules.amendment_notice {
        let earliest = earliest_end_date(ctx.calendar, beijing_date(ctx.now), notice.value)?;
        if beijing_date(new_deadline.unwrap_or(deadline)) < earliest {
            return Err(TradeError::AmendmentNeedsPostponement {
                notice: notice.value,
                earliest,
                article: notice.article,
            });
        }
    }
    let venue = match new_deadline {
        Some(nd) => Some(postpone(state, deadline, nd, ctx)?),
        None => None,
    };
    let voided = match &venue {
        Some(v) => draw_voided(state, v, ctx)?,
        None => None,
    };
    let amended = TradeEvent::DocumentsAmended {
        file: file.clone(),
        new_deadline,
        venue,
        at: ctx.now,
    };
    Ok([amended].into_iter().chain(voided).collect())
}

/// After a move the recorded draw may come before the method's window for the new
/// evaluation day (198号 第14条): then the draw is void and the trade needs a new one (phase
/// Announced). Voiding rather than refusing the move, because a postponement may be required
/// by law (招标投标法 第23条; 87号令 第27条) and a new draw is always possible.
pub(crate) fn draw_voided(
    state: &TradeState,
    moved: &VenueBooking,
    ctx: &Context<'_>,
) -> Result<Option<TradeEvent>, TradeError> {
    let Some(draw) = &state.round.draw else {
        return Ok(None);
    };
    let rules = state.rules().expect("registered");
    Ok(
        match earliest_draw(rules, moved.evaluation_from, ctx.calendar)? {
            Some((earliest, article)) if beijing_date(draw.at) < earliest => {
                Some(TradeEvent::DrawVoided {
                    earliest,
                    article: article.to_owned(),
                    at: ctx.now,
                })
            }
            _ => None,
        },
    )
}

/// Checks a postponed deadline and moves the opening and the evaluation with it (the opening
/// stays at the deadline, 招标投标法 第34条).
pub(crate) fn postpone(
    state: &TradeState,
    current: OffsetDateTime,
    new_deadline: OffsetDateTime,
    ctx: &Context<'_>,
) -> Result<VenueBooking, TradeError> {
    if new_deadline <= current || new_deadline <= ctx.now {
        return Err(TradeError::DeadlineNotLater {
            current: current.max(ctx.now),
        });
    }
    ctx.calendar.is_working_day(beijing_date(new_deadline))?;
    let shift: Duration = new_deadline - current;
    let v = state.round.venue.as_ref().expect("venue booked");
    ctx.calendar
        .is_working_day(beijing_date(v.evaluation_to + shift))?;
    Ok(VenueBooking {
        opening_room: v.opening_room.clone(),
        opening_at: new_deadline,
        evaluation_room: v.evaluation_room.clone(),
        evaluation_from: v.evaluation_from + shift,
        evaluation_to: v.evaluation_to + shift,
    })
}
