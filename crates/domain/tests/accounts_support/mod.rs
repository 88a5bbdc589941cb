//! The given/when/then harness of the account aggregates, and the parties tests share.
#![allow(dead_code)]

use std::sync::OnceLock;

use domain::accounts::{AccountError, OrgCommand, OrgKind, OrgState, PersonId};
use domain::{Actor, Aggregate, Context, DomainEvent, RegionCode, Role, UnifiedSocialCreditCode};
use legal_time::{Calendar, OffsetDateTime};
use time::macros::datetime;

pub const NOW: OffsetDateTime = datetime!(2026-03-02 09:00 +8);
pub const ARGON: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
pub const ED25519: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

// ----- a given/when/then for any aggregate -----

pub fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

pub fn given<A: Aggregate>(events: &[A::Event]) -> A {
    let mut state = A::default();
    for e in events {
        state.evolve(e);
    }
    state
}

pub fn when<A: Aggregate>(
    state: &A,
    command: A::Command,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Vec<A::Event>, A::Error> {
    let ctx = Context {
        now,
        actor,
        calendar: calendar(),
    };
    let events = state.decide(&command, &ctx)?;
    for e in &events {
        // every event round-trips through JSON and has an `org.`/`person.`/`post.` kind
        let back: A::Event = serde_json::from_value(serde_json::to_value(e).unwrap()).unwrap();
        assert_eq!(format!("{back:?}"), format!("{e:?}"));
        assert!(
            ["org.", "person.", "post."]
                .iter()
                .any(|p| e.kind().starts_with(p))
        );
    }
    Ok(events)
}

/// Decides and folds: the state after the command.
pub fn then_ok<A: Aggregate>(state: &A, command: A::Command, actor: &Actor) -> A {
    let mut next = state.clone();
    match when(state, command, actor, NOW) {
        Ok(events) => events.iter().for_each(|e| next.evolve(e)),
        Err(e) => panic!("refused: {e}"),
    }
    next
}

pub fn then_error<A: Aggregate<Error = AccountError>>(
    state: &A,
    command: A::Command,
    actor: &Actor,
    code: &str,
) -> AccountError {
    match when(state, command, actor, NOW) {
        Ok(events) => panic!("expected {code}, got {} events", events.len()),
        Err(e) => {
            assert_eq!(e.code(), code, "got {e}");
            e
        }
    }
}

// ----- parties -----

pub fn staff() -> Actor {
    Actor::new("staff-wang", Role::CenterStaff)
}
pub fn platform() -> Actor {
    Actor::platform()
}
pub fn uscc(s: &str) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::parse(s).unwrap()
}
/// A bidder company (a real, valid code).
pub fn bidder_code() -> UnifiedSocialCreditCode {
    uscc("91350100M000100Y43")
}
pub fn id(s: &str) -> PersonId {
    PersonId::parse(s).unwrap()
}

pub fn register_org(kind: OrgKind) -> OrgCommand {
    OrgCommand::Register {
        code: bidder_code(),
        name: "福州某建设有限公司".into(),
        kind,
        region: RegionCode::parse("350100").unwrap(),
    }
}

pub fn org(kind: OrgKind) -> OrgState {
    then_ok(&OrgState::default(), register_org(kind), &staff())
}
