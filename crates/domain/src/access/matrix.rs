//! The shape of the permission matrix ([`Rule`]: phases and scope) and the ways to walk it.
//! The table itself is data in `table.rs`.

use std::fmt;

use serde::Serialize;

use crate::access::action::{Action, Seal};
use crate::access::table::{AWARDED, OPENED, rules};
use crate::aggregate::Role;
use crate::trade::Phase;

/// In which phases of the trade a rule applies. `Any` also covers requests about no trade
/// (accounts, sign-in), passed as phase `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "phases")]
pub enum Phases {
    Any,
    Only(&'static [Phase]),
}

impl Phases {
    pub fn allows(self, phase: Option<Phase>) -> bool {
        match self {
            Phases::Any => true,
            Phases::Only(set) => phase.is_some_and(|p| set.contains(&p)),
        }
    }
}

/// On which trades (or accounts) a rule applies, given how the caller relates to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Any trade, or no trade at all.
    Any,
    /// Trades naming the caller's organisation in the caller's role: a tenderer's own
    /// projects, an agency's mandates.
    OwnOrg,
    /// The caller's organisation has a bid in the trade (and it sees only that bid).
    OwnBid,
    /// The caller sits on the trade's evaluation committee.
    Committee,
    /// The caller's own account, or (for an organisation's file) its own organisation.
    Oneself,
}

impl Scope {
    pub fn describe(self) -> &'static str {
        match self {
            Scope::Any => "any trade",
            Scope::OwnOrg => "trades that name its own organisation",
            Scope::OwnBid => "its own bids",
            Scope::Committee => "trades whose evaluation committee it sits on",
            Scope::Oneself => "its own account and organisation",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// One cell of the matrix: the phases and the scope in which a role may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub phases: Phases,
    pub scope: Scope,
}

/// The rule of one cell, or `None` if the role may not take the action at all.
pub fn rule_for(role: Role, action: Action) -> Option<Rule> {
    rules(action)
        .iter()
        .find(|(r, _)| *r == role)
        .map(|(_, rule)| *rule)
}

/// Every allowed cell of the matrix, action by action. Cells not listed are refused.
pub fn matrix() -> impl Iterator<Item = (Role, Action, Rule)> {
    Action::ALL
        .into_iter()
        .flat_map(|a| rules(a).iter().map(move |(role, rule)| (*role, a, *rule)))
}

/// Every role, so tests can walk every cell (`Role` lives in `aggregate`; the match keeps
/// this list complete).
pub const ROLES: [Role; 10] = [
    Role::CenterStaff,
    Role::Tenderer,
    Role::Agency,
    Role::Bidder,
    Role::Expert,
    Role::Supervisor,
    Role::Bank,
    Role::Administrator,
    Role::Public,
    Role::Platform,
];

const _: fn(Role) = |role| match role {
    Role::CenterStaff
    | Role::Tenderer
    | Role::Agency
    | Role::Bidder
    | Role::Expert
    | Role::Supervisor
    | Role::Bank
    | Role::Administrator
    | Role::Public
    | Role::Platform => {}
};

impl Seal {
    /// The phases in which the seal is lifted.
    pub fn lifted_in(self) -> &'static [Phase] {
        match self {
            Seal::UntilOpening => OPENED,
            Seal::UntilAward => AWARDED,
        }
    }
}
