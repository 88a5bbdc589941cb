//! Which roles act for which organisations. Tenderers, agencies and bidders act for their
//! organisation (the trade checks `Actor::org` against the parties it names). Center staff
//! and supervisors may be attached to their center or department, or to none (a small center
//! need not register itself first). Experts act in their own name: their employer matters
//! for avoidance (回避), which the expert pool decides, not the account.

use crate::accounts::error::AccountError;
use crate::accounts::organisation::OrgState;
use crate::aggregate::Role;
use crate::values::UnifiedSocialCreditCode;

/// The part the Person stream can check alone: is an organisation required, allowed or
/// refused for this role, and is the role an account at all.
pub fn check_org_shape(
    role: Role,
    org: Option<&UnifiedSocialCreditCode>,
) -> Result<(), AccountError> {
    match (role, org) {
        (Role::Public | Role::Platform, _) => Err(AccountError::RoleNotRegistrable { role }),
        (Role::Tenderer | Role::Agency | Role::Bidder, None) => {
            Err(AccountError::OrgRequired { role })
        }
        (Role::Expert, Some(_)) => Err(AccountError::OrgNotAllowed { role }),
        _ => Ok(()),
    }
}

/// The part that needs the organisation's stream: it is registered, active and of the kind
/// the role acts for. The app calls it before registering a person; [`super::PersonState::actor`]
/// calls it on every sign-in.
pub fn check_org(role: Role, org: &OrgState) -> Result<(), AccountError> {
    let o = org.org.as_ref().ok_or(AccountError::NotRegistered {
        what: "organisation",
    })?;
    if !o.kind.admits(role) {
        return Err(AccountError::OrgKindMismatch { role, kind: o.kind });
    }
    if !o.active {
        return Err(AccountError::OrgInactive {
            org: o.code.to_string(),
        });
    }
    Ok(())
}
