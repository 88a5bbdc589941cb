//! A custodian's custody key: the X25519 key their browser made, that shares are sealed to.

mod accounts_support;
use accounts_support::*;

use domain::accounts::{CustodyKey, LinkPurpose, PersonCommand, PersonState};
use domain::{Actor, Aggregate, DomainEvent, Role, Sha256Hex};
use time::Duration;

const X25519: &str = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";

fn supervisor_account() -> PersonState {
    then_ok(
        &PersonState::default(),
        PersonCommand::Register {
            id: id("sup-wang"),
            name: "王监督".into(),
            role: Role::Supervisor,
            org: None,
            title: None,
        },
        &Actor::new("admin-he", Role::Administrator),
    )
}

fn bind(hex: &str) -> PersonCommand {
    PersonCommand::BindCustodyKey {
        public_key_hex: hex.into(),
    }
}

#[test]
fn a_person_binds_their_own_custody_key_and_nobody_elses() {
    let state = supervisor_account();
    let me = Actor::new("sup-wang", Role::Supervisor);
    let events = when(&state, bind(X25519), &me, NOW).unwrap();
    assert_eq!(events[0].kind(), "person.custody_key_bound");
    let mut bound = state.clone();
    bound.evolve(&events[0]);
    let key = bound.person.as_ref().unwrap().custody_key.clone();
    assert_eq!(key, Some(CustodyKey::parse(X25519).unwrap()));

    // Whoever binds it receives the shares: not the administrator, not staff.
    let admin = Actor::new("admin-he", Role::Administrator);
    then_error(&state, bind(X25519), &admin, "access.not_party");
    then_error(&state, bind(X25519), &staff(), "access.not_party");
    // Not a key: refused, nothing bound; the same key again is no change.
    then_error(
        &state,
        bind(&"zz".repeat(32)),
        &me,
        "account.bad_public_key",
    );
    then_error(
        &state,
        bind(&"00".repeat(32)),
        &me,
        "account.bad_public_key",
    );
    then_error(&bound, bind(X25519), &me, "account.key_exists");
    // A new computer replaces it.
    let other = "11".repeat(32);
    let replaced = then_ok(&bound, bind(&other), &me);
    let key = replaced.person.as_ref().unwrap().custody_key.clone();
    assert_eq!(key.unwrap().hex(), other);
}

#[test]
fn the_link_page_binds_the_custody_key_with_the_password() {
    let token = "c3".repeat(32);
    let issued = then_ok(
        &supervisor_account(),
        PersonCommand::IssueLink {
            purpose: LinkPurpose::FirstSignIn,
            token_sha256: Sha256Hex::parse(&token).unwrap(),
            expires_at: NOW + Duration::days(1),
        },
        &Actor::new("admin-he", Role::Administrator),
    );
    let redeem = |custody: &str| PersonCommand::RedeemLink {
        token_sha256: Sha256Hex::parse(&token).unwrap(),
        hash: ARGON.into(),
        browser_key: Some(ED25519.into()),
        custody_key: Some(custody.into()),
    };
    // A bad custody key refuses the whole step: the password is not set either.
    then_error(&issued, redeem("12"), &platform(), "account.bad_public_key");
    let events = when(&issued, redeem(X25519), &platform(), NOW).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [
            "person.link_redeemed",
            "person.password_set",
            "person.key_added",
            "person.custody_key_bound"
        ]
    );
    let mut used = issued.clone();
    events.iter().for_each(|e| used.evolve(e));
    let p = used.person.unwrap();
    assert_eq!(p.custody_key.unwrap().hex(), X25519);
    assert_eq!(p.keys.len(), 1, "the custody key is not a sign-in key");
}
