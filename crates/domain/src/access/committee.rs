//! Who may know the names of a trade's evaluation committee, and from when (issue #12).
//!
//! The list is confidential until the result: 招标投标法 第37条 ("评标委员会成员的名单在中标结果
//! 确定前应当保密"; rules.md §1.4) for construction, where the result is determined by the
//! award decision after the candidates' publicity; 财政部令第87号 第69条 for procurement,
//! whose result announcement names the evaluation experts (rules.md §3.4: "the committee
//! list is secret until the result is announced"). Before that, only those who run and
//! watch the evaluation know them: center staff, supervisors, the platform, and the members
//! themselves. The tenderer and its agency learn them with everyone else.

use crate::aggregate::Role;
use crate::methods::BusinessLine;
use crate::trade::TradeState;

/// Whether the committee's names are public: construction once the award is decided
/// (中标结果确定), procurement once the result is announced.
pub fn committee_names_public(state: &TradeState) -> bool {
    let round = &state.round;
    match state.registration.as_ref().map(|r| r.line) {
        Some(BusinessLine::Construction) => round.award.is_some(),
        Some(BusinessLine::Procurement) => round.award.is_some() && round.publicity.is_some(),
        None => false,
    }
}

/// Whether a caller in `role` sees the names of the committee of a trade in `state`;
/// `member`: the caller sits on it.
pub fn sees_committee_names(role: Role, member: bool, state: &TradeState) -> bool {
    member
        || matches!(role, Role::CenterStaff | Role::Supervisor | Role::Platform)
        || committee_names_public(state)
}
