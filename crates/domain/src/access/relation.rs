//! How the caller relates to what it acts on, and which phase the matrix judges a request by.

use serde::{Deserialize, Serialize};

use crate::aggregate::{Actor, Role};
use crate::trade::{Phase, TradeState, TradeSummary};
use crate::values::UnifiedSocialCreditCode;

/// How the caller relates to the trade (or account) a request is about. The app computes it
/// once per request ([`relation_to_trade`], plus `Committee` from the sealed expert list, and
/// `Oneself` for a person's own account) and hands it to [`crate::access::authorize`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// No relation (or no trade).
    None,
    /// A tenderer whose organisation is the trade's tenderer.
    Tenderer,
    /// An agency whose organisation is the trade's agency.
    Agency,
    /// A bidder named in this round's opening record. Before the opening nobody (the
    /// platform included) can tell whose a sealed bid is.
    Bidder,
    /// An expert on the trade's evaluation committee. The trade state holds only a
    /// commitment to the sealed list, so only the app (which holds the list) can say so.
    Committee,
    /// The caller is the account acted on.
    Oneself,
}

/// The relation that the trade's own state shows: tenderer, agency or bidder with a bid,
/// judged in the caller's role (an agency user is never the "tenderer"). `Committee` and
/// `Oneself` are never returned here.
pub fn relation_to_trade(actor: &Actor, state: &TradeState) -> Relation {
    let (Some(org), Some(reg)) = (actor.org.as_deref(), state.registration.as_ref()) else {
        return Relation::None;
    };
    let is = |code: &str| code.eq_ignore_ascii_case(org);
    let round = &state.round;
    match actor.role {
        Role::Tenderer if is(reg.tenderer.as_str()) => Relation::Tenderer,
        Role::Agency if reg.agency.as_ref().is_some_and(|a| is(a.as_str())) => Relation::Agency,
        Role::Bidder
            if round.record_bidders().any(|b| is(b.as_str()))
                || round.opened_bidders.iter().any(|b| is(b.as_str())) =>
        {
            Relation::Bidder
        }
        _ => Relation::None,
    }
}

/// The relation a trade's summary shows (the trade projection's row): tenderer, agency, or a
/// bidder named at the opening. Lists and workbenches judge rows by it without folding each
/// trade; it agrees with [`relation_to_trade`] except for bidders whose opening is under way
/// (named in the record, not yet in the summary).
pub fn relation_to_summary(actor: &Actor, summary: &TradeSummary) -> Relation {
    let Some(org) = actor.org.as_deref() else {
        return Relation::None;
    };
    let is = |code: Option<&UnifiedSocialCreditCode>| {
        code.is_some_and(|c| c.as_str().eq_ignore_ascii_case(org))
    };
    match actor.role {
        Role::Tenderer if is(summary.tenderer.as_ref()) => Relation::Tenderer,
        Role::Agency if is(summary.agency.as_ref()) => Relation::Agency,
        Role::Bidder if summary.opened_bidders.iter().any(|b| is(Some(b))) => Relation::Bidder,
        _ => Relation::None,
    }
}

/// The phase that read actions are judged by. A suspended, cancelled or failed trade is
/// judged by the phase it was suspended or ended in, so that what was unsealed stays unsealed
/// (a supervisor handling a complaint in a suspended trade still sees who bid) and what was
/// sealed stays sealed (a round that failed for too few bids never opened them). Writes are
/// judged by the current phase: nothing moves while a trade is suspended.
pub fn read_phase(state: &TradeState) -> Phase {
    // A round can fail after its bids were unsealed (too few distinct bidders): what was
    // unsealed stays readable.
    let unsealed = !state.round.opening_record.is_empty();
    match state.phase {
        Phase::Cancelled | Phase::Failed | Phase::Rejected if unsealed => Phase::Opened,
        Phase::Suspended => state.suspended_from.unwrap_or(Phase::Suspended),
        Phase::Cancelled | Phase::Failed | Phase::Rejected => state.ended_in.unwrap_or(state.phase),
        phase => phase,
    }
}
