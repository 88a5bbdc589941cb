//! Roles and permissions in one place (issue #3). A matrix of role × action × trade phase
//! decides every request: [`authorize`] is the one door, [`matrix`] the data behind it.
//!
//! * [`Action`]: everything a request can do (trade commands by [`TradeCommand::action`] name,
//!   reads, sign-in, account and post management);
//! * [`matrix`], [`rules`], [`rule_for`]: the table `role × action → Rule { phases, scope }`;
//! * [`Relation`]: how the caller relates to the trade (tenderer, agency, bidder with a bid,
//!   committee member, the account itself, none);
//! * [`Denied`]: why a request was refused, with stable `access.*` codes.
//!
//! Three things the matrix encodes on purpose: supervisors read every trade and write nothing
//! but suspensions, resumptions and, as custodians of an opening key, their key share; before
//! the opening nobody but the platform may list who obtained the documents or who has bid
//! ([`Seal`]: and since bids are sealed, not even the platform can tell whose a bid is); after
//! it the opening record goes to the bidders named in it.

mod action;
mod committee;
mod denied;
mod matrix;
mod relation;
pub(crate) mod table;

pub use action::{Action, Seal};
pub use committee::{committee_names_public, sees_committee_names};
pub use denied::Denied;
pub use matrix::{Phases, ROLES, Rule, Scope, matrix, rule_for};
pub use relation::{Relation, read_phase, relation_to_summary, relation_to_trade};
pub use table::{AWARDED, OPENED, rules};

use crate::aggregate::{Actor, Role};
use crate::trade::{Phase, TradeCommand, TradeEvent, TradeState};

/// The one permission check. `phase` is the trade's phase (`None` for requests about no
/// trade); `relation` how the caller relates to it. Checks, in order: the seal (the reason
/// the law gives comes first), the role, the scope (so a stranger to a trade learns nothing
/// of its phase), the phase.
pub fn authorize(
    role: Role,
    action: Action,
    phase: Option<Phase>,
    relation: Relation,
) -> Result<(), Denied> {
    if let Some(seal) = action.seal()
        && role != Role::Platform
        && !phase.is_some_and(|p| seal.lifted_in().contains(&p))
    {
        return Err(match seal {
            Seal::UntilOpening => Denied::SealedUntilOpening { action, phase },
            Seal::UntilAward => Denied::SealedUntilAward { action, phase },
        });
    }
    let rule = rule_for(role, action).ok_or(Denied::WrongRole { role, action })?;
    if !scope_fits(rule.scope, role, relation) {
        return Err(Denied::NotParty {
            role,
            action,
            scope: rule.scope,
        });
    }
    if !rule.phases.allows(phase) {
        return Err(Denied::WrongPhase {
            role,
            action,
            phase,
        });
    }
    Ok(())
}

fn scope_fits(scope: Scope, role: Role, relation: Relation) -> bool {
    match scope {
        Scope::Any => true,
        // in the caller's own role: an agency is never let in as "the tenderer"
        Scope::OwnOrg => matches!(
            (role, relation),
            (Role::Tenderer, Relation::Tenderer) | (Role::Agency, Relation::Agency)
        ),
        Scope::OwnBid => relation == Relation::Bidder,
        Scope::Committee => relation == Relation::Committee,
        Scope::Oneself => relation == Relation::Oneself,
    }
}

/// Whether `actor` may write to trades at all: the people of an organisation whose
/// registration (企业信息登记) center staff have not approved may sign in, complete the file and
/// submit it, and read what anyone may, but take no trade command and no other write about a
/// trade (documents, bids, deposits, questions, challenges). The app asks this once, where
/// every write loads its trade; the matrix then judges the action.
pub fn authorize_trade_write(actor: &Actor) -> Result<(), Denied> {
    match actor.unapproved {
        None => Ok(()),
        Some(status) => Err(Denied::OrgNotApproved {
            org: actor.org.clone().unwrap_or_default(),
            status,
        }),
    }
}

/// [`authorize`] on a trade's state: reads are judged by [`read_phase`], writes by the
/// current phase.
pub fn authorize_on(
    role: Role,
    action: Action,
    state: &TradeState,
    relation: Relation,
) -> Result<(), Denied> {
    let phase = if action.is_read() {
        read_phase(state)
    } else {
        state.phase
    };
    authorize(role, action, Some(phase), relation)
}

/// A trade command through the matrix; returns its action for the authorisation log.
pub fn authorize_command(
    role: Role,
    command: &TradeCommand,
    state: &TradeState,
    relation: Relation,
) -> Result<Action, Denied> {
    let action = Action::for_command(command)?;
    authorize_on(role, action, state, relation)?;
    Ok(action)
}

/// The read action that shows one event of a trade's log: public events are on the public
/// timeline; sealed bids, shares and the opening record are the bidder list, and
/// `documents_obtained` events the list of document obtainers (both sealed until the
/// opening, for everyone: before it nobody can tell whose a sealed event is, so there is no
/// "own" event either); everything else is the full log. Written without an exhaustive match
/// so a new event kind falls into the full log (never into the public view) until someone
/// decides.
pub fn read_action(event: &TradeEvent) -> Action {
    use TradeEvent::*;
    match event {
        BidSubmitted { .. }
        | BidWithdrawn { .. }
        | ShareSubmitted { .. }
        | BidsUnsealed { .. }
        | OpeningRecordConfirmed { .. }
        | OpeningObjectionRaised { .. }
        | OpeningObjectionAnswered { .. } => Action::ViewBidders,
        DocumentsObtained { .. } => Action::ViewDocumentObtainers,
        e if e.is_public() => Action::ViewTimelinePublic,
        _ => Action::ViewLogFull,
    }
}

/// Whether a caller may see one event of a trade's log.
pub fn may_read_event(
    role: Role,
    state: &TradeState,
    relation: Relation,
    event: &TradeEvent,
) -> Result<(), Denied> {
    authorize_on(role, read_action(event), state, relation)
}
