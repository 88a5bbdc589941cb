//! Node 1, project entry: registration, acceptance (also with deferred documents and a
//! written pledge, 容缺受理 / 告知承诺), rejection, deferred documents handed in later.

use std::collections::BTreeSet;

use legal_time::{Period, beijing_date};

use crate::aggregate::{Context, Role};
use crate::methods::{Participation, rules_for};
use crate::trade::command::{DeferredDocument, TradeCommand};
use crate::trade::error::TradeError;
use crate::trade::event::TradeEvent;
use crate::trade::guard::Guard;
use crate::trade::state::{Phase, TradeState};
use crate::values::{BlobRef, UnifiedSocialCreditCode};

/// Acceptance time limit (限时办结), in working days after registration. A local service
/// commitment, not national law [M]: 3 working days, 1 on the green channel (绿色通道).
pub const ACCEPT_WITHIN_WORKING_DAYS: u32 = 3;
pub const ACCEPT_WITHIN_WORKING_DAYS_GREEN: u32 = 1;

pub(crate) fn register(
    state: &TradeState,
    cmd: &TradeCommand,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let TradeCommand::Register {
        trade,
        title,
        line,
        method,
        region,
        tenderer,
        agency,
        estimate,
        green_channel,
        invited_bidders,
    } = cmd
    else {
        unreachable!("register called with another command")
    };
    if state.registration.is_some() {
        return Err(TradeError::AlreadyRegistered);
    }
    let g = Guard::new(state, ctx, "register");
    g.roles(&[Role::Tenderer, Role::Agency])?;
    let expected = if ctx.actor.role == Role::Tenderer {
        Some(tenderer)
    } else {
        agency.as_ref()
    };
    g.org_is(expected)?;
    let rules = rules_for(*line, *method)?;
    if title.trim().is_empty() || title.chars().count() > 200 {
        return Err(TradeError::invalid("title", "1 to 200 characters"));
    }
    if estimate.fen() <= 0 {
        return Err(TradeError::invalid("estimate", "must be positive"));
    }
    if agency.as_ref() == Some(tenderer) {
        return Err(TradeError::invalid(
            "agency",
            "the agency must differ from the tenderer",
        ));
    }
    check_invitations(
        rules.participation.value,
        rules.participation.article,
        invited_bidders,
        tenderer,
        agency,
    )?;
    // Staff grant the green channel on the applicant's request (`RequestGreenChannel`); an
    // entry cannot give it to itself.
    if *green_channel {
        return Err(TradeError::GreenChannelByRequest);
    }
    let limit = ACCEPT_WITHIN_WORKING_DAYS;
    // An unknown calendar year (registration at the end of a year) only leaves the time limit
    // unknown to the workbench; it does not block the registration. A "within" limit.
    let accept_by = rules
        .within_last_day(
            ctx.calendar,
            beijing_date(ctx.now),
            Period::working_days(limit),
        )
        .ok();
    Ok(vec![TradeEvent::Registered {
        trade: trade.clone(),
        title: title.trim().to_owned(),
        line: *line,
        method: *method,
        region: region.clone(),
        tenderer: tenderer.clone(),
        agency: agency.clone(),
        estimate: *estimate,
        green_channel: false,
        invited_bidders: invited_bidders.clone(),
        accept_by,
        at: ctx.now,
    }])
}

fn check_invitations(
    participation: Participation,
    article: &'static str,
    invited: &[UnifiedSocialCreditCode],
    tenderer: &UnifiedSocialCreditCode,
    agency: &Option<UnifiedSocialCreditCode>,
) -> Result<(), TradeError> {
    let err = |reason: String| Err(TradeError::Invitation { reason, article });
    let distinct: BTreeSet<_> = invited.iter().collect();
    if distinct.len() != invited.len() {
        return err("a supplier is listed twice".into());
    }
    if invited
        .iter()
        .any(|b| b == tenderer || Some(b) == agency.as_ref())
    {
        return err("the tenderer or agency cannot be invited to bid".into());
    }
    let n = invited.len() as u32;
    match participation {
        Participation::Open if n > 0 => err("open tendering invites no one: anyone may bid".into()),
        Participation::InvitedOnly { min_invited } if n < min_invited => err(format!(
            "invite at least {min_invited} suppliers ({n} given)"
        )),
        Participation::OpenOrInvited { min_invited } if n > 0 && n < min_invited => err(format!(
            "invite none (open) or at least {min_invited} suppliers ({n} given)"
        )),
        Participation::SingleSupplier if n != 1 => {
            err(format!("name exactly one supplier ({n} given)"))
        }
        _ => Ok(()),
    }
}

pub(crate) fn accept(
    state: &TradeState,
    deferred: &[DeferredDocument],
    pledge: &Option<BlobRef>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "accept")
        .roles(&[Role::CenterStaff])?
        .phase(&[Phase::Registered])?;
    crate::trade::intake::not_returned(state)?;
    if !deferred.is_empty() && pledge.is_none() {
        return Err(TradeError::PledgeRequired);
    }
    let today = beijing_date(ctx.now);
    let mut names = BTreeSet::new();
    for d in deferred {
        if d.name.trim().is_empty() || !names.insert(d.name.trim()) {
            return Err(TradeError::invalid(
                "deferred",
                format!(
                    "document names must be non-empty and distinct: {:?}",
                    d.name
                ),
            ));
        }
        if d.due <= today {
            return Err(TradeError::DueDateNotInFuture {
                name: d.name.clone(),
                due: d.due,
                today,
            });
        }
        // The due date must fall in a year whose holiday notice is known (rules.md §4).
        ctx.calendar.is_working_day(d.due)?;
    }
    Ok(vec![TradeEvent::Accepted {
        deferred: deferred.to_vec(),
        pledge: pledge.clone(),
        at: ctx.now,
    }])
}

pub(crate) fn reject_entry(
    state: &TradeState,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "reject_entry")
        .roles(&[Role::CenterStaff])?
        .phase(&[Phase::Registered])?;
    let reason = non_empty("reason", reason)?;
    Ok(vec![TradeEvent::EntryRejected {
        reason,
        at: ctx.now,
    }])
}

pub(crate) fn submit_deferred(
    state: &TradeState,
    name: &str,
    file: &BlobRef,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "submit_deferred_document");
    g.party()?;
    if state.accepted_at.is_none() {
        g.phase(&[Phase::Accepted])?;
    }
    if matches!(
        state.phase,
        Phase::Cancelled | Phase::Rejected | Phase::Confirmed
    ) {
        return Err(TradeError::WrongPhase {
            action: g.action,
            phase: state.phase,
        });
    }
    let doc = state
        .deferred
        .iter()
        .find(|d| d.name == name && d.submitted.is_none())
        .ok_or_else(|| TradeError::NotOutstanding {
            name: name.to_owned(),
        })?;
    let late = beijing_date(ctx.now) > doc.due;
    Ok(vec![TradeEvent::DeferredDocumentSubmitted {
        name: doc.name.clone(),
        file: file.clone(),
        late,
        at: ctx.now,
    }])
}

pub(crate) fn non_empty(field: &'static str, s: &str) -> Result<String, TradeError> {
    let t = s.trim();
    if t.is_empty() {
        Err(TradeError::invalid(field, "must not be empty"))
    } else {
        Ok(t.to_owned())
    }
}
