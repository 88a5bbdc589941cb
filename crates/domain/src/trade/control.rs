//! Any time, with phase checks: suspension and resumption, cancellation, re-tender.

use crate::aggregate::{Context, Role};
use crate::trade::documents::{draw_voided, postpone};
use crate::trade::entry::non_empty;
use crate::trade::error::TradeError;
use crate::trade::event::TradeEvent;
use crate::trade::guard::Guard;
use crate::trade::state::{Phase, TradeState};
use legal_time::OffsetDateTime;

/// Phases in which a trade is under way (may be suspended or cancelled).
const ACTIVE: [Phase; 10] = [
    Phase::Registered,
    Phase::Accepted,
    Phase::VenueBooked,
    Phase::DocumentsReady,
    Phase::Announced,
    Phase::ExpertsDrawn,
    Phase::Opened,
    Phase::Evaluated,
    Phase::Publicized,
    Phase::Awarded,
];

/// Before the opening: the tenderer or agency may still cancel on its own.
const BEFORE_OPENING: [Phase; 6] = [
    Phase::Registered,
    Phase::Accepted,
    Phase::VenueBooked,
    Phase::DocumentsReady,
    Phase::Announced,
    Phase::ExpertsDrawn,
];

/// Center staff or a supervisor (e.g. 条例 第22条 pending an objection; 政府采购法 第57条).
pub(crate) fn suspend(
    state: &TradeState,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "suspend");
    g.roles(&[Role::CenterStaff, Role::Supervisor])?;
    if state.phase == Phase::Suspended {
        return Err(TradeError::WrongPhase {
            action: g.action,
            phase: state.phase,
        });
    }
    g.phase(&ACTIVE)?;
    let reason = non_empty("reason", reason)?;
    Ok(vec![TradeEvent::Suspended {
        reason,
        previous: state.phase,
        at: ctx.now,
    }])
}

/// Restores the phase the trade was suspended in. If bidding was open and its deadline has
/// passed meanwhile, a new deadline is required (bidders could not bid while suspended); the
/// opening and evaluation move with it, and a draw left outside its window is void.
pub(crate) fn resume(
    state: &TradeState,
    new_deadline: Option<OffsetDateTime>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "resume");
    g.roles(&[Role::CenterStaff, Role::Supervisor])?;
    let Some(previous) = state
        .suspended_from
        .filter(|_| state.phase == Phase::Suspended)
    else {
        return Err(TradeError::WrongPhase {
            action: g.action,
            phase: state.phase,
        });
    };
    // Once the opening has started, bidding is over even though the phase is still
    // `ExpertsDrawn`: the opening goes on, no new deadline.
    let bidding =
        matches!(previous, Phase::Announced | Phase::ExpertsDrawn) && state.round.opening.is_none();
    let venue = match (bidding, state.round.bid_deadline, new_deadline) {
        (true, Some(current), Some(nd)) => Some(postpone(state, current, nd, ctx)?),
        (true, Some(current), None) if ctx.now >= current => {
            return Err(TradeError::NewDeadlineRequired);
        }
        (false, _, Some(_)) => {
            return Err(TradeError::invalid(
                "new_deadline",
                "only when bidding was open at the suspension",
            ));
        }
        _ => None,
    };
    let voided = match &venue {
        Some(v) => draw_voided(state, v, ctx)?,
        None => None,
    };
    let resumed = TradeEvent::Resumed {
        phase: previous,
        new_deadline,
        venue,
        at: ctx.now,
    };
    Ok([resumed].into_iter().chain(voided).collect())
}

/// The tenderer or agency before the opening; center staff at any stage before the
/// confirmation (also while suspended).
pub(crate) fn cancel(
    state: &TradeState,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "cancel");
    let effective = state
        .suspended_from
        .filter(|_| state.phase == Phase::Suspended)
        .unwrap_or(state.phase);
    match ctx.actor.role {
        Role::CenterStaff => {}
        Role::Tenderer | Role::Agency => {
            g.party()?;
            if !BEFORE_OPENING.contains(&effective) {
                return Err(TradeError::WrongPhase {
                    action: g.action,
                    phase: state.phase,
                });
            }
        }
        role => {
            return Err(TradeError::WrongRole {
                action: g.action,
                role,
            });
        }
    }
    if !ACTIVE.contains(&effective) {
        return Err(TradeError::WrongPhase {
            action: g.action,
            phase: state.phase,
        });
    }
    let reason = non_empty("reason", reason)?;
    Ok(vec![TradeEvent::Cancelled {
        reason,
        previous: effective,
        at: ctx.now,
    }])
}

/// After a failed round the tenderer or agency starts a new round. It goes back to node 2:
/// entry and acceptance (with deferred documents) stay valid, but the venue must be booked
/// again because the opening is at the new deadline (招标投标法 第34条), and the documents,
/// announcement, draw and bids all start afresh.
pub(crate) fn retender(
    state: &TradeState,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "retender")
        .party()?
        .phase(&[Phase::Failed])?;
    let reason = non_empty("reason", reason)?;
    Ok(vec![TradeEvent::RetenderStarted {
        round: state.round.number + 1,
        reason,
        at: ctx.now,
    }])
}
