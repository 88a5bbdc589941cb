//! Given/when/then for one-time links (invitations, resets, expert activation), the contact
//! of an organisation's people, and the expert's account linked to its pool entry.

mod accounts_support;
use accounts_support::*;

use domain::accounts::{
    LinkCommand, LinkEvent, LinkFor, LinkState, PersonCommand, PersonContact, PersonState, Phone,
    check_invitation,
};
use domain::experts::{ExpertCommand, ExpertFile, ExpertId};
use domain::{Actor, Aggregate, Context, Role};
use time::Duration;

fn invitation() -> LinkFor {
    LinkFor::Invitation {
        person: id("wang-fang"),
    }
}

fn issued(link: LinkFor) -> LinkState {
    then_ok(
        &LinkState::default(),
        LinkCommand::Issue { link },
        &platform(),
    )
}

#[test]
fn a_link_works_once_and_not_after_it_expires() {
    let events = when(
        &LinkState::default(),
        LinkCommand::Issue { link: invitation() },
        &staff(),
        NOW,
    )
    .unwrap();
    assert_eq!(
        events,
        [LinkEvent::Issued {
            link: invitation(),
            expires_at: NOW + Duration::days(7),
            at: NOW
        }]
    );
    let link = issued(invitation());
    assert_eq!(link.usable(NOW).unwrap(), &invitation());
    let used = then_ok(&link, LinkCommand::Redeem, &platform());
    let e = then_error(&used, LinkCommand::Redeem, &platform(), "account.link_used");
    assert!(e.to_string().contains("2026-03-02"), "{e}");
    // a week later the unused link is dead
    let late = NOW + Duration::days(7);
    let e = when(&link, LinkCommand::Redeem, &platform(), late).unwrap_err();
    assert_eq!(e.code(), "account.link_expired");
    assert!(
        when(
            &link,
            LinkCommand::Redeem,
            &platform(),
            late - Duration::seconds(1)
        )
        .is_ok()
    );
    then_error(
        &LinkState::default(),
        LinkCommand::Redeem,
        &platform(),
        "account.link_unknown",
    );
}

#[test]
fn resets_are_short_and_only_the_platform_redeems() {
    let reset = issued(LinkFor::PasswordReset {
        person: id("wang-fang"),
    });
    let e = when(
        &reset,
        LinkCommand::Redeem,
        &platform(),
        NOW + Duration::hours(1),
    )
    .unwrap_err();
    assert_eq!(e.code(), "account.link_expired");
    // staff may send a link but never use one (they would learn the password they set)
    then_error(&reset, LinkCommand::Redeem, &staff(), "access.wrong_role");
    let bidder = Actor::new("wang-fang", Role::Bidder);
    then_error(
        &LinkState::default(),
        LinkCommand::Issue { link: invitation() },
        &bidder,
        "access.wrong_role",
    );
}

fn colleague() -> Actor {
    Actor::new("li-na", Role::Bidder).with_org(bidder_code().as_str())
}

fn contact() -> PersonContact {
    PersonContact {
        title: Some(" 投标经办人 ".into()),
        phone: Some(Phone::parse("139 0000 0000").unwrap()),
        email: None,
    }
}

fn invited() -> PersonState {
    then_ok(
        &PersonState::default(),
        PersonCommand::Register {
            id: id("wang-fang"),
            name: "王芳".into(),
            role: Role::Bidder,
            org: Some(bidder_code()),
            contact: contact(),
        },
        &colleague(),
    )
}

#[test]
fn an_invitation_opens_an_account_without_credentials_only() {
    let person = invited();
    let p = person.person.as_ref().unwrap();
    assert_eq!(p.contact.title.as_deref(), Some("投标经办人"));
    assert_eq!(p.contact.phone.as_ref().unwrap().as_str(), "13900000000");
    assert!(check_invitation(&person).is_ok());
    let with_password = then_ok(
        &person,
        PersonCommand::SetPassword { hash: ARGON.into() },
        &platform(),
    );
    let e = check_invitation(&with_password).unwrap_err();
    assert_eq!(e.code(), "account.already_activated");
    let disabled = then_ok(
        &person,
        PersonCommand::Disable {
            reason: "离职".into(),
        },
        &staff(),
    );
    assert_eq!(
        check_invitation(&disabled).unwrap_err().code(),
        "account.disabled"
    );
    assert_eq!(
        check_invitation(&PersonState::default())
            .unwrap_err()
            .code(),
        "account.not_registered"
    );
}

#[test]
fn a_contact_is_changed_by_the_person_its_colleagues_or_staff() {
    let person = invited();
    let new = PersonContact {
        title: Some("项目负责人".into()),
        ..contact()
    };
    let set = |actor: &Actor| {
        PersonState::decide(
            &person,
            &PersonCommand::SetContact {
                contact: new.clone(),
            },
            &Context {
                now: NOW,
                actor,
                calendar: calendar(),
            },
        )
    };
    for actor in [Actor::new("wang-fang", Role::Bidder), colleague(), staff()] {
        assert!(set(&actor).is_ok(), "{actor:?}");
    }
    let stranger = Actor::new("x", Role::Bidder).with_org("914403001922038216");
    assert_eq!(set(&stranger).unwrap_err().code(), "access.not_party");
    then_error(
        &person,
        PersonCommand::SetContact { contact: contact() },
        &staff(),
        "account.no_change",
    );
}

fn expert_file(active: bool, person: Option<&str>) -> ExpertFile {
    let mut expert = domain::experts::bench::synthetic_pool(1, 1).remove(0);
    expert.active = active;
    let mut file = ExpertFile::default();
    file.evolve(&domain::experts::ExpertEvent::Imported {
        expert,
        phone: Some("13800138000".into()),
        person: person.map(str::to_owned),
        at: NOW,
    });
    file
}

fn link_account(person: &str) -> ExpertCommand {
    ExpertCommand::LinkAccount {
        person: person.into(),
    }
}

#[test]
fn an_expert_activates_an_account_linked_to_its_pool_entry() {
    let decide = |f: &ExpertFile, actor: &Actor| {
        let ctx = Context {
            now: NOW,
            actor,
            calendar: calendar(),
        };
        f.decide(&link_account("expert-lin"), &ctx)
    };
    let file = expert_file(true, None);
    let events = decide(&file, &platform()).unwrap();
    let mut linked = file.clone();
    events.iter().for_each(|e| linked.evolve(e));
    assert_eq!(linked.person.as_deref(), Some("expert-lin"));
    // the account copies nothing: the file stays the one the draw judges
    assert_eq!(linked.expert, file.expert);
    let code = |f: &ExpertFile, actor: &Actor| decide(f, actor).unwrap_err().code();
    assert_eq!(code(&linked, &platform()), "expert.already_linked");
    assert_eq!(
        code(&expert_file(true, Some("e-1")), &platform()),
        "expert.already_linked"
    );
    assert_eq!(
        code(&expert_file(false, None), &platform()),
        "expert.not_active"
    );
    assert_eq!(code(&ExpertFile::default(), &platform()), "expert.unknown");
    assert_eq!(code(&file, &staff()), "expert.wrong_role");
    let activation = LinkFor::ExpertActivation {
        expert: ExpertId::parse("E000001").unwrap(),
    };
    assert_eq!(activation.person(), None);
    assert_eq!(
        issued(activation).expires_at,
        Some(NOW + Duration::days(14))
    );
}
