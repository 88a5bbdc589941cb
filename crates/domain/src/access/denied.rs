//! Why the matrix refused a request. Every refusal names the rule it applies and has a stable
//! machine code ([`Denied::code`]) that the API maps to messages in zh-CN and en (and to
//! HTTP 403 in one place).

use crate::access::action::Action;
use crate::access::matrix::Scope;
use crate::accounts::Unapproved;
use crate::aggregate::Role;
use crate::trade::Phase;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("{action}: not allowed for role {role}", role = .role.as_str())]
    WrongRole { role: Role, action: Action },
    #[error("{action}: role {role} may act only on {scope}", role = .role.as_str())]
    NotParty {
        role: Role,
        action: Action,
        scope: Scope,
    },
    #[error("{action}: not allowed for role {role} {}", show_phase(.phase), role = .role.as_str())]
    WrongPhase {
        role: Role,
        action: Action,
        phase: Option<Phase>,
    },
    #[error(
        "{action}: who obtained the documents and who has bid stay sealed until the bids are opened, for everyone but the platform (招标投标法 第22条, 电子招标投标办法 第21条); the trade is {}", show_phase(.phase)
    )]
    SealedUntilOpening {
        action: Action,
        phase: Option<Phase>,
    },
    #[error(
        "{action}: the evaluation committee stays sealed until the award is decided (招标投标法 第37条); the trade is {}", show_phase(.phase)
    )]
    SealedUntilAward {
        action: Action,
        phase: Option<Phase>,
    },
    #[error("{name}: no rule in the permission matrix; refused until one is written")]
    UnknownAction { name: String },
    #[error(
        "organisation {org} is not approved yet ({}): its people may complete its file and submit it, but act on no trade until center staff approve it", .status.describe()
    )]
    OrgNotApproved { org: String, status: Unapproved },
}

// The matrix decides who may act: every denial is `Forbidden`.
crate::refusals!(Denied {
    WrongRole { .. } => "access.wrong_role", Forbidden;
    NotParty { .. } => "access.not_party", Forbidden;
    WrongPhase { .. } => "access.wrong_phase", Forbidden;
    SealedUntilOpening { .. } => "access.sealed_until_opening", Forbidden, "招标投标法 第22条";
    SealedUntilAward { .. } => "access.sealed_until_award", Forbidden, "招标投标法 第37条";
    UnknownAction { .. } => "access.unknown_action", Forbidden;
    OrgNotApproved { .. } => "access.org_not_approved", Forbidden;
});

fn show_phase(phase: &Option<Phase>) -> String {
    match phase {
        Some(p) => format!("in phase {}", p.as_str()),
        None => "without a trade".to_owned(),
    }
}
