//! The demo's simulated parties: a center, a supervisor, tenderers, an agency, bidders and an
//! expert, with valid unified social credit codes.
use domain::{Actor, Role, UnifiedSocialCreditCode};

/// A made-up but valid code: a 10-character prefix, `n` in six digits, and the two check
/// characters (the organisation code's and GB 32100's).
pub fn org_code(prefix: &str, n: u32) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::complete(&format!("{prefix}{n:06}")).expect("valid by construction")
}

pub fn tenderer_org(n: u32) -> UnifiedSocialCreditCode {
    org_code("12330100MB", n)
}

pub fn agency_org() -> UnifiedSocialCreditCode {
    org_code("91330100MA", 9)
}

pub fn bidder_org(n: u32) -> UnifiedSocialCreditCode {
    org_code("91320100MA", n)
}

pub fn staff() -> Actor {
    Actor::new("staff-wang", Role::CenterStaff)
}

pub fn tenderer(n: u32) -> Actor {
    Actor::new(format!("tenderer-{n}"), Role::Tenderer).with_org(tenderer_org(n).as_str())
}

pub fn agency() -> Actor {
    Actor::new("agency-li", Role::Agency).with_org(agency_org().as_str())
}

pub fn bidder(n: u32) -> Actor {
    Actor::new(format!("bidder-{n}"), Role::Bidder).with_org(bidder_org(n).as_str())
}

pub fn expert() -> Actor {
    Actor::new("expert-zhao", Role::Expert)
}

pub fn supervisor() -> Actor {
    Actor::new("supervisor-zhou", Role::Supervisor).with_org(org_code("11330100MB", 1).as_str())
}
