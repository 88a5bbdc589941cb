//! Given/when/then for the account aggregates: organisations, people, staff posts (A/B).

mod accounts_support;
use accounts_support::*;

use domain::accounts::{
    ActingAs, CertificateInfo, KeyAlgorithm, LinkPurpose, OrgCommand, OrgEvent, OrgKind, OrgState,
    PasswordHash, PersonCommand, PersonEvent, PersonState, PostCommand, PostEvent, PostId,
    PostState, STANDARD_POSTS, act_for_post, may_act, post_for, who_may_act,
};
use domain::{
    Action, Actor, Aggregate, DomainEvent, RegionCode, Role, Sha256Hex, UnifiedSocialCreditCode,
};
use legal_time::OffsetDateTime;
use time::Duration;

fn admin() -> Actor {
    Actor::new("admin-he", Role::Administrator)
}
/// Who manages the accounts of people in `role`: the administrator for those who run or
/// watch the center, staff for the market's people.
fn manager(role: Role) -> Actor {
    if domain::accounts::runs_center(role) {
        admin()
    } else {
        staff()
    }
}

// ----- organisations -----

#[test]
fn staff_register_an_organisation() {
    let events = when(
        &OrgState::default(),
        register_org(OrgKind::Tenderer),
        &staff(),
        NOW,
    )
    .unwrap();
    assert_eq!(
        events,
        [OrgEvent::Registered {
            code: bidder_code(),
            name: "福州某建设有限公司".into(),
            kind: OrgKind::Tenderer,
            region: RegionCode::parse("350100").unwrap(),
            at: NOW,
        }]
    );
    assert_eq!(events[0].kind(), "org.registered");
}

#[test]
fn the_credit_code_is_validated_on_registration() {
    let json = |code: &str| {
        format!(
            r#"{{"type":"register","code":"{code}","name":"某公司","kind":"bidder","region":"350100"}}"#
        )
    };
    assert!(serde_json::from_str::<OrgCommand>(&json("91350100M000100Y43")).is_ok());
    // one character off: the GB 32100-2015 check character no longer matches
    assert!(serde_json::from_str::<OrgCommand>(&json("91350100M000100Y44")).is_err());
    assert!(serde_json::from_str::<OrgCommand>(&json("91350100M000100Y4")).is_err());
}

#[test]
fn an_organisation_is_registered_once() {
    let state: OrgState = given(&[OrgEvent::Registered {
        code: bidder_code(),
        name: "福州某建设有限公司".into(),
        kind: OrgKind::Bidder,
        region: RegionCode::parse("350100").unwrap(),
        at: NOW,
    }]);
    // registering under another kind does not get round it either
    then_error(
        &state,
        register_org(OrgKind::Agency),
        &staff(),
        "account.org_exists",
    );
    let err = then_error(
        &state,
        register_org(OrgKind::Bidder),
        &staff(),
        "account.org_exists",
    );
    assert!(err.to_string().contains("91350100M000100Y43"), "{err}");
    assert!(err.to_string().contains("一次登记、全平台通用"), "{err}");
}

#[test]
fn the_platform_registers_nothing_directly() {
    // a sign-up applies and is reviewed (tests/registration.rs); only staff register at once
    let empty = OrgState::default();
    for kind in OrgKind::ALL {
        then_error(
            &empty,
            register_org(kind),
            &platform(),
            "account.not_self_service",
        );
        then_ok(&empty, register_org(kind), &staff());
    }
}

#[test]
fn only_staff_and_the_platform_manage_organisations() {
    let bidder = Actor::new("b", Role::Bidder).with_org(bidder_code().as_str());
    let empty = OrgState::default();
    for actor in [
        bidder,
        Actor::new("s", Role::Supervisor),
        Actor::new("p", Role::Public),
    ] {
        then_error(
            &empty,
            register_org(OrgKind::Bidder),
            &actor,
            "access.wrong_role",
        );
    }
}

#[test]
fn rename_deactivate_reactivate() {
    let state = org(OrgKind::Bidder);
    let renamed = then_ok(
        &state,
        OrgCommand::Rename {
            name: " 新名称有限公司 ".into(),
        },
        &staff(),
    );
    assert_eq!(renamed.org.as_ref().unwrap().name(), "新名称有限公司");
    then_error(
        &renamed,
        OrgCommand::Rename {
            name: "新名称有限公司".into(),
        },
        &staff(),
        "account.no_change",
    );
    then_error(
        &state,
        OrgCommand::Rename { name: "  ".into() },
        &staff(),
        "account.invalid_value",
    );
    let off = then_ok(
        &state,
        OrgCommand::Deactivate {
            reason: "注销".into(),
        },
        &staff(),
    );
    assert!(!off.org.as_ref().unwrap().active);
    then_error(
        &off,
        OrgCommand::Deactivate {
            reason: "注销".into(),
        },
        &staff(),
        "account.no_change",
    );
    let on = then_ok(&off, OrgCommand::Reactivate, &staff());
    assert!(on.org.as_ref().unwrap().active);
    then_error(
        &OrgState::default(),
        OrgCommand::Reactivate,
        &staff(),
        "account.not_registered",
    );
}

// ----- people -----

fn register_person(
    person: &str,
    role: Role,
    org: Option<UnifiedSocialCreditCode>,
) -> PersonCommand {
    PersonCommand::Register {
        id: id(person),
        name: "张三".into(),
        role,
        org,
        title: None,
    }
}

fn person(person: &str, role: Role, org: Option<UnifiedSocialCreditCode>) -> PersonState {
    then_ok(
        &PersonState::default(),
        register_person(person, role, org),
        &manager(role),
    )
}

fn me(person: &str, role: Role) -> Actor {
    Actor::new(person, role)
}

fn set_password(hash: &str) -> PersonCommand {
    PersonCommand::SetPassword { hash: hash.into() }
}

fn add_key(algorithm: KeyAlgorithm, hex: &str) -> PersonCommand {
    PersonCommand::AddKey {
        algorithm,
        public_key_hex: hex.into(),
    }
}

fn revoke_key(algorithm: KeyAlgorithm, hex: &str) -> PersonCommand {
    PersonCommand::RevokeKey {
        algorithm,
        public_key_hex: hex.into(),
    }
}

#[test]
fn a_person_is_registered_once_with_minimal_data() {
    let empty = PersonState::default();
    let events = when(
        &empty,
        register_person("li-si", Role::Bidder, Some(bidder_code())),
        &staff(),
        NOW,
    )
    .unwrap();
    assert_eq!(events[0].kind(), "person.registered");
    let json = serde_json::to_value(&events[0]).unwrap();
    let mut fields: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort();
    assert_eq!(fields, ["at", "id", "name", "org", "role", "type"]);
    let state = person("li-si", Role::Bidder, Some(bidder_code()));
    then_error(
        &state,
        register_person("li-si", Role::Bidder, Some(bidder_code())),
        &staff(),
        "account.already_registered",
    );
}

#[test]
fn roles_and_organisations_fit() {
    let empty = PersonState::default();
    let cases = [
        (Role::Bidder, None, "account.org_required"),
        (Role::Tenderer, None, "account.org_required"),
        (Role::Expert, Some(bidder_code()), "account.org_not_allowed"),
        (Role::Public, None, "account.role_not_registrable"),
        (Role::Platform, None, "account.role_not_registrable"),
    ];
    for (role, org, code) in cases {
        then_error(&empty, register_person("x", role, org), &staff(), code);
    }
    then_ok(&empty, register_person("x", Role::Expert, None), &staff());
    then_ok(
        &empty,
        register_person("x", Role::CenterStaff, None),
        &admin(),
    );
    // the platform registers a sign-up's first person and an activating expert, nobody else
    for role in [Role::Bidder, Role::Tenderer, Role::Agency, Role::Bank] {
        then_ok(
            &empty,
            register_person("x", role, Some(bidder_code())),
            &platform(),
        );
    }
    then_ok(
        &empty,
        register_person("x", Role::Expert, None),
        &platform(),
    );
    for role in [Role::CenterStaff, Role::Supervisor] {
        then_error(
            &empty,
            register_person("x", role, None),
            &platform(),
            "account.not_self_service",
        );
    }
    // the people of an organisation add colleagues to it, in their own role only
    let colleague = me("y", Role::Bidder).with_org(bidder_code().as_str());
    then_ok(
        &empty,
        register_person("x", Role::Bidder, Some(bidder_code())),
        &colleague,
    );
    let other_org = uscc("914403001922038216");
    for (role, org) in [(Role::Bidder, other_org), (Role::Agency, bidder_code())] {
        then_error(
            &empty,
            register_person("x", role, Some(org)),
            &colleague,
            "access.not_party",
        );
    }
    then_error(
        &empty,
        register_person("x", Role::Bidder, Some(bidder_code())),
        &me("y", Role::Supervisor),
        "access.wrong_role",
    );
}

#[test]
fn only_an_argon2id_hash_is_stored_as_a_password() {
    let state = person("li-si", Role::Bidder, Some(bidder_code()));
    let mine = me("li-si", Role::Bidder);
    let events = when(&state, set_password(ARGON), &mine, NOW).unwrap();
    assert_eq!(events[0].kind(), "person.password_set");
    for bad in [
        "hunter2",
        "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        "$argon2d$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        "$argon2id$v=19$t=2,m=19456,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        "$argon2id$v=19$m=19456,t=2,p=1$$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG$x",
    ] {
        then_error(
            &state,
            set_password(bad),
            &mine,
            "account.bad_password_hash",
        );
    }
    let set = then_ok(&state, set_password(ARGON), &mine);
    assert_eq!(set.password().map(PasswordHash::as_str), Some(ARGON));
    // never in a log line
    let shown = format!("{events:?}");
    assert!(!shown.contains("RdescudvJCsgt3ub"), "{shown}");
    assert!(shown.contains("m=19456,t=2,p=1"), "{shown}");
}

#[test]
fn a_password_is_set_by_its_owner_or_the_platform() {
    let state = person("li-si", Role::Bidder, Some(bidder_code()));
    then_ok(&state, set_password(ARGON), &platform());
    then_error(&state, set_password(ARGON), &staff(), "access.not_party");
    then_error(
        &state,
        set_password(ARGON),
        &me("wang-wu", Role::Bidder),
        "access.not_party",
    );
    then_error(
        &PersonState::default(),
        set_password(ARGON),
        &platform(),
        "account.not_registered",
    );
}

#[test]
fn keys_are_added_and_revoked_for_good() {
    let state = person("li-si", Role::Bidder, Some(bidder_code()));
    let mine = me("li-si", Role::Bidder);
    let sm2 = format!("04{}", "1f".repeat(64));
    let with = then_ok(&state, add_key(KeyAlgorithm::Ed25519, ED25519), &mine);
    let with = then_ok(
        &with,
        add_key(KeyAlgorithm::Sm2, &sm2.to_uppercase()),
        &mine,
    );
    assert_eq!(with.person.as_ref().unwrap().keys.len(), 2);
    then_error(
        &with,
        add_key(KeyAlgorithm::Ed25519, ED25519),
        &mine,
        "account.key_exists",
    );
    for (alg, bad) in [
        (KeyAlgorithm::Ed25519, &ED25519[2..]),
        (KeyAlgorithm::Ed25519, &"zz".repeat(32)),
        (KeyAlgorithm::Sm2, ED25519),
        (KeyAlgorithm::Sm2, &format!("05{}", "1f".repeat(64))),
        (KeyAlgorithm::Ed25519, &"0".repeat(64)),
    ] {
        then_error(&state, add_key(alg, bad), &mine, "account.bad_public_key");
    }
    // staff may take a key away (never add one); another bidder may do neither
    then_error(
        &with,
        add_key(KeyAlgorithm::Ed25519, ED25519),
        &staff(),
        "access.not_party",
    );
    then_error(
        &with,
        revoke_key(KeyAlgorithm::Ed25519, ED25519),
        &me("x", Role::Bidder),
        "access.not_party",
    );
    let revoked = then_ok(&with, revoke_key(KeyAlgorithm::Ed25519, ED25519), &staff());
    let key = domain::accounts::PublicKey::parse(KeyAlgorithm::Ed25519, ED25519).unwrap();
    assert!(!revoked.has_key(&key, NOW));
    assert!(with.has_key(&key, NOW));
    then_error(
        &revoked,
        revoke_key(KeyAlgorithm::Ed25519, ED25519),
        &mine,
        "account.key_unknown",
    );
    then_error(
        &revoked,
        add_key(KeyAlgorithm::Ed25519, ED25519),
        &mine,
        "account.key_revoked",
    );
}

#[test]
fn a_disabled_person_cannot_act() {
    let bidder_org = org(OrgKind::Bidder);
    let state = person("li-si", Role::Bidder, Some(bidder_code()));
    let actor = state.actor(Some(&bidder_org)).unwrap();
    assert_eq!(
        actor,
        Actor::new("li-si", Role::Bidder).with_org(bidder_code().as_str())
    );

    let off = then_ok(
        &state,
        PersonCommand::Disable {
            reason: "离职".into(),
        },
        &staff(),
    );
    assert_eq!(
        off.actor(Some(&bidder_org)).unwrap_err().code(),
        "account.disabled"
    );
    then_error(
        &off,
        set_password(ARGON),
        &me("li-si", Role::Bidder),
        "account.disabled",
    );
    then_error(
        &off,
        add_key(KeyAlgorithm::Ed25519, ED25519),
        &platform(),
        "account.disabled",
    );
    then_error(
        &off,
        PersonCommand::Disable {
            reason: "离职".into(),
        },
        &staff(),
        "account.no_change",
    );
    then_error(
        &off,
        PersonCommand::Enable,
        &me("li-si", Role::Bidder),
        "access.wrong_role",
    );
    let on = then_ok(&off, PersonCommand::Enable, &staff());
    assert!(on.actor(Some(&bidder_org)).is_ok());
    then_error(&on, PersonCommand::Enable, &staff(), "account.no_change");
}

#[test]
fn people_act_only_for_an_active_organisation_of_their_kind() {
    let state = person("li-si", Role::Bidder, Some(bidder_code()));
    let code = |org: Option<&OrgState>| state.actor(org).unwrap_err().code();
    assert_eq!(code(None), "account.not_registered");
    assert_eq!(code(Some(&OrgState::default())), "account.not_registered");
    assert_eq!(
        code(Some(&org(OrgKind::Tenderer))),
        "account.org_kind_mismatch"
    );
    let closed = then_ok(
        &org(OrgKind::Bidder),
        OrgCommand::Deactivate {
            reason: "注销".into(),
        },
        &staff(),
    );
    assert_eq!(code(Some(&closed)), "account.org_inactive");
    // experts act in their own name
    let expert = person("zhao", Role::Expert, None);
    assert_eq!(expert.actor(None).unwrap().org, None);
}

// ----- the administrator, sign-in links, certificates -----

#[test]
fn the_administrator_keeps_the_accounts_of_those_who_run_the_center() {
    let empty = PersonState::default();
    for role in [Role::CenterStaff, Role::Supervisor, Role::Administrator] {
        // staff who appointed staff could give themselves a second account
        then_error(
            &empty,
            register_person("x", role, None),
            &staff(),
            "access.wrong_role",
        );
        let state = then_ok(&empty, register_person("x", role, None), &admin());
        let off = then_ok(
            &state,
            PersonCommand::Disable {
                reason: "离职".into(),
            },
            &admin(),
        );
        then_error(&off, PersonCommand::Enable, &staff(), "access.wrong_role");
    }
    // and not the market's people: that is staff work
    then_error(
        &empty,
        register_person("x", Role::Bidder, Some(bidder_code())),
        &admin(),
        "access.wrong_role",
    );
    // `sunbid init` registers the first administrator as the platform (the center's roster
    // refuses a second one); sign-up never registers staff
    then_ok(
        &empty,
        register_person("x", Role::Administrator, None),
        &platform(),
    );
    then_error(
        &empty,
        register_person("x", Role::Supervisor, None),
        &platform(),
        "account.not_self_service",
    );
}

fn link(purpose: LinkPurpose, token: &str, expires_at: OffsetDateTime) -> PersonCommand {
    PersonCommand::IssueLink {
        purpose,
        token_sha256: Sha256Hex::parse(token).unwrap(),
        expires_at,
    }
}

fn redeem(token: &str) -> PersonCommand {
    PersonCommand::RedeemLink {
        token_sha256: Sha256Hex::parse(token).unwrap(),
        hash: ARGON.into(),
        browser_key: None,
        custody_key: None,
    }
}

/// The link's page may bind the key the browser made: in the same step as the password, and
/// only a key that parses and is new.
#[test]
fn a_link_binds_the_key_the_browser_made() {
    let t1 = "a1".repeat(32);
    let state = person("staff-li", Role::CenterStaff, None);
    let issued = then_ok(
        &state,
        link(LinkPurpose::FirstSignIn, &t1, NOW + Duration::days(1)),
        &admin(),
    );
    let with_key = |key: &str| PersonCommand::RedeemLink {
        token_sha256: Sha256Hex::parse(&t1).unwrap(),
        hash: ARGON.into(),
        browser_key: Some(key.into()),
        custody_key: None,
    };
    then_error(
        &issued,
        with_key(&"zz".repeat(32)),
        &platform(),
        "account.bad_public_key",
    );
    let events = when(&issued, with_key(ED25519), &platform(), NOW).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [
            "person.link_redeemed",
            "person.password_set",
            "person.key_added"
        ]
    );
    let mut used = issued.clone();
    events.iter().for_each(|e| used.evolve(e));
    let key = domain::accounts::PublicKey::parse(KeyAlgorithm::Ed25519, ED25519).unwrap();
    assert!(used.person.as_ref().unwrap().keys.contains(&key));
}

#[test]
fn a_sign_in_link_works_once_before_it_expires() {
    let (t1, t2) = ("a1".repeat(32), "b2".repeat(32));
    let state = person("staff-li", Role::CenterStaff, None);
    let in_a_day = NOW + Duration::days(1);
    let first = LinkPurpose::FirstSignIn;
    then_error(
        &state,
        link(first, &t1, in_a_day),
        &staff(),
        "access.wrong_role",
    );
    for bad in [NOW, NOW + Duration::days(31)] {
        then_error(
            &state,
            link(first, &t1, bad),
            &admin(),
            "account.invalid_input",
        );
    }
    let issued = then_ok(&state, link(first, &t1, in_a_day), &admin());
    // only the platform redeems, on the link's page
    then_error(
        &issued,
        redeem(&t1),
        &me("staff-li", Role::CenterStaff),
        "access.not_party",
    );
    then_error(&issued, redeem(&t2), &platform(), "account.link_unknown");
    let late = when(&issued, redeem(&t1), &platform(), in_a_day).unwrap_err();
    assert_eq!(late.code(), "account.link_expired");
    let events = when(&issued, redeem(&t1), &platform(), NOW).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(kinds, ["person.link_redeemed", "person.password_set"]);
    let mut used = issued.clone();
    events.iter().for_each(|e| used.evolve(e));
    assert!(used.password().is_some());
    then_error(&used, redeem(&t1), &platform(), "account.link_unknown");

    // a newer link replaces the older; a password change or disabling voids it
    let newer = then_ok(
        &issued,
        link(LinkPurpose::PasswordReset, &t2, in_a_day),
        &admin(),
    );
    then_error(&newer, redeem(&t1), &platform(), "account.link_unknown");
    let changed = then_ok(
        &newer,
        set_password(ARGON),
        &me("staff-li", Role::CenterStaff),
    );
    then_error(&changed, redeem(&t2), &platform(), "account.link_unknown");
    let off = then_ok(
        &newer,
        PersonCommand::Disable {
            reason: "离职".into(),
        },
        &admin(),
    );
    then_error(&off, redeem(&t2), &platform(), "account.disabled");
    then_error(
        &off,
        link(first, &t1, in_a_day),
        &admin(),
        "account.disabled",
    );
}

fn certificate(not_before: OffsetDateTime, not_after: OffsetDateTime) -> CertificateInfo {
    CertificateInfo {
        subject: "CN=李明,O=杭州市公共资源交易中心".into(),
        issuer: "CN=ZJCA SM2 CA".into(),
        serial_hex: "1f2e3d".into(),
        not_before,
        not_after,
    }
}

fn add_certificate(c: CertificateInfo) -> PersonCommand {
    PersonCommand::AddCertificate {
        algorithm: KeyAlgorithm::Ed25519,
        public_key_hex: ED25519.into(),
        certificate: c,
    }
}

#[test]
fn a_certificate_binds_its_key_while_valid_and_only_the_first_key_by_the_administrator() {
    let state = person("staff-li", Role::CenterStaff, None);
    let year = Duration::days(365);
    let err = then_error(
        &state,
        add_certificate(certificate(NOW - 2 * year, NOW - year)),
        &admin(),
        "account.certificate_not_valid",
    );
    assert!(err.to_string().contains("2025-03-02"), "{err}");
    // staff bind no key for another; the administrator binds a first key only
    then_error(
        &state,
        add_certificate(certificate(NOW - year, NOW + year)),
        &staff(),
        "access.not_party",
    );
    let bound = then_ok(
        &state,
        add_certificate(certificate(NOW - year, NOW + year)),
        &admin(),
    );
    let key = domain::accounts::PublicKey::parse(KeyAlgorithm::Ed25519, ED25519).unwrap();
    let p = bound.person.as_ref().unwrap();
    assert_eq!(p.certificate(&key).unwrap().serial_hex, "1f2e3d");
    assert!(bound.has_key(&key, NOW));
    assert!(
        !bound.has_key(&key, NOW + 2 * year),
        "expired with its certificate"
    );
    let sm2 = format!("04{}", "1f".repeat(64));
    let err = then_error(
        &bound,
        add_key(KeyAlgorithm::Sm2, &sm2),
        &admin(),
        "account.in_use",
    );
    assert!(err.to_string().contains("staff-li"), "{err}");
    then_ok(
        &bound,
        add_key(KeyAlgorithm::Sm2, &sm2),
        &me("staff-li", Role::CenterStaff),
    );
    // a bidder's key is its own business, even on an unused account
    then_error(
        &person("li-si", Role::Bidder, Some(bidder_code())),
        add_key(KeyAlgorithm::Sm2, &sm2),
        &admin(),
        "access.not_party",
    );
}

// ----- posts (A/B) -----

fn post_id() -> PostId {
    PostId::parse("acceptance").unwrap()
}

fn assign(primary: &str, backup: &str) -> PostCommand {
    PostCommand::Assign {
        post: post_id(),
        primary: id(primary),
        backup: id(backup),
    }
}

fn away(person: &str, until: Option<OffsetDateTime>) -> PostCommand {
    PostCommand::MarkAway {
        person: id(person),
        until,
    }
}

fn back(person: &str) -> PostCommand {
    PostCommand::MarkBack { person: id(person) }
}

/// The acceptance post: A is `staff-a`, B is `staff-b`.
fn post() -> PostState {
    then_ok(
        &PostState::default(),
        assign("staff-a", "staff-b"),
        &admin(),
    )
}

fn staff_person(name: &str) -> PersonState {
    person(name, Role::CenterStaff, None)
}

#[test]
fn b_acts_only_while_a_is_away_and_on_behalf_of_a() {
    let (a, b) = (id("staff-a"), id("staff-b"));
    let present = post();
    assert_eq!(who_may_act(&present, &a, NOW), Some(ActingAs::Primary));
    assert_eq!(who_may_act(&present, &b, NOW), None);
    assert_eq!(
        may_act(&present, &b, NOW).unwrap_err().code(),
        "account.primary_present"
    );
    assert_eq!(
        may_act(&present, &id("staff-c"), NOW).unwrap_err().code(),
        "account.not_post_holder"
    );

    let a_away = then_ok(&present, away("staff-a", None), &staff());
    assert_eq!(
        may_act(&a_away, &a, NOW).unwrap_err().code(),
        "account.holder_away"
    );
    assert_eq!(
        who_may_act(&a_away, &b, NOW),
        Some(ActingAs::Backup {
            on_behalf_of: a.clone()
        })
    );
    let actor = act_for_post(&staff_person("staff-b"), None, &a_away, NOW).unwrap();
    assert_eq!(actor.id, "staff-b");
    assert_eq!(actor.on_behalf_of.as_deref(), Some("staff-a"));
    let a_actor = act_for_post(&staff_person("staff-a"), None, &present, NOW).unwrap();
    assert_eq!(a_actor.on_behalf_of, None);

    let returned = then_ok(&a_away, back("staff-a"), &staff());
    assert_eq!(who_may_act(&returned, &a, NOW), Some(ActingAs::Primary));
    assert_eq!(who_may_act(&returned, &b, NOW), None);

    // both away: nobody acts for the post
    let both = then_ok(&a_away, away("staff-b", None), &staff());
    assert_eq!(
        may_act(&both, &b, NOW).unwrap_err().code(),
        "account.holder_away"
    );
}

#[test]
fn an_away_mark_lapses_at_its_end() {
    let (a, b) = (id("staff-a"), id("staff-b"));
    let until = NOW + Duration::days(3);
    let state = then_ok(&post(), away("staff-a", Some(until)), &staff());
    assert_eq!(
        who_may_act(&state, &b, until - Duration::seconds(1)),
        Some(ActingAs::Backup {
            on_behalf_of: a.clone()
        })
    );
    assert_eq!(who_may_act(&state, &b, until), None);
    assert_eq!(who_may_act(&state, &a, until), Some(ActingAs::Primary));
    let err = may_act(&state, &a, NOW).unwrap_err();
    assert!(
        err.to_string().contains("until 2026-03-05 09:00:00"),
        "{err}"
    );
    let lapsed = when(&state, back("staff-a"), &staff(), until).unwrap_err();
    assert_eq!(lapsed.code(), "account.not_away");
}

#[test]
fn only_enabled_center_staff_act_for_a_post() {
    let a_away = then_ok(&post(), away("staff-a", None), &staff());
    let disabled = then_ok(
        &staff_person("staff-b"),
        PersonCommand::Disable {
            reason: "停职".into(),
        },
        &admin(),
    );
    let err = act_for_post(&disabled, None, &a_away, NOW).unwrap_err();
    assert_eq!(err.code(), "account.disabled");
    let not_staff = person("staff-b", Role::Expert, None);
    assert_eq!(
        act_for_post(&not_staff, None, &a_away, NOW)
            .unwrap_err()
            .code(),
        "account.not_staff"
    );
}

#[test]
fn posts_are_assigned_by_the_administrator_and_marked_by_staff() {
    let empty = PostState::default();
    let events = when(&empty, assign("staff-a", "staff-b"), &admin(), NOW).unwrap();
    assert_eq!(events[0].kind(), "post.assigned");
    then_error(
        &empty,
        assign("staff-a", "staff-a"),
        &admin(),
        "account.same_person",
    );
    then_error(
        &empty,
        away("staff-a", None),
        &staff(),
        "account.post_vacant",
    );
    // staff who appointed staff could give themselves a post: the administrator assigns
    for actor in [staff(), Actor::new("s", Role::Supervisor)] {
        then_error(
            &empty,
            assign("staff-a", "staff-b"),
            &actor,
            "access.wrong_role",
        );
    }
    let state = post();
    then_error(
        &state,
        assign("staff-a", "staff-b"),
        &admin(),
        "account.no_change",
    );
    let other = PostCommand::Assign {
        post: PostId::parse("venue").unwrap(),
        primary: id("x"),
        backup: id("y"),
    };
    then_error(&state, other, &admin(), "account.wrong_stream");
    then_error(
        &state,
        away("staff-c", None),
        &staff(),
        "account.not_post_holder",
    );
    then_error(
        &state,
        away("staff-a", Some(NOW)),
        &staff(),
        "account.invalid_input",
    );
    then_error(&state, back("staff-a"), &staff(), "account.not_away");
    let marked = when(
        &state,
        away("staff-a", Some(NOW + Duration::hours(1))),
        &staff(),
        NOW,
    )
    .unwrap();
    assert_eq!(marked[0].kind(), "post.marked_away");
    let away_state = then_ok(&state, away("staff-a", None), &platform());
    assert_eq!(
        when(&away_state, back("staff-a"), &staff(), NOW).unwrap()[0].kind(),
        "post.marked_back"
    );
}

#[test]
fn a_new_assignment_drops_the_away_marks_of_those_who_left() {
    let state = then_ok(&post(), away("staff-a", None), &staff());
    let state = then_ok(&state, away("staff-b", None), &staff());
    let reassigned = then_ok(&state, assign("staff-b", "staff-c"), &admin());
    assert!(!reassigned.away.contains_key(&id("staff-a")));
    assert!(reassigned.is_away(&id("staff-b"), NOW));
    assert_eq!(
        who_may_act(&reassigned, &id("staff-c"), NOW),
        Some(ActingAs::Backup {
            on_behalf_of: id("staff-b")
        })
    );
}

#[test]
fn standard_posts_carry_staff_actions() {
    assert_eq!(post_for(Action::Accept), Some("acceptance"));
    assert_eq!(post_for(Action::OpenBids), Some("witness"));
    assert_eq!(post_for(Action::Suspend), None);
    for (post, actions) in STANDARD_POSTS {
        assert!(PostId::parse(post).is_ok());
        for action in actions.iter() {
            assert!(
                domain::access::rule_for(Role::CenterStaff, *action).is_some(),
                "{post}: {action}"
            );
        }
    }
}

#[test]
fn account_events_read_back_from_the_log() {
    let events = [
        PersonEvent::PasswordSet {
            hash: PasswordHash::parse(ARGON).unwrap(),
            at: NOW,
        },
        PersonEvent::Enabled { at: NOW },
    ];
    for e in &events {
        let json = serde_json::to_value(e).unwrap();
        assert_eq!(serde_json::from_value::<PersonEvent>(json).unwrap(), *e);
    }
    // a tampered hash or key is refused when the log is read back, like every value type
    let bad = serde_json::json!({"type": "password_set", "hash": "plain", "at": "2026-03-02T09:00:00+08:00"});
    assert!(serde_json::from_value::<PersonEvent>(bad).is_err());
    let bad_key = serde_json::json!({"type": "key_added", "key": {"algorithm": "ed25519", "hex": "00"}, "at": "2026-03-02T09:00:00+08:00"});
    assert!(serde_json::from_value::<PersonEvent>(bad_key).is_err());
    let post_event = PostEvent::MarkedAway {
        person: id("staff-a"),
        until: None,
        at: NOW,
    };
    let json = serde_json::to_value(&post_event).unwrap();
    assert_eq!(json["until"], serde_json::Value::Null);
}
