//! Given/when/then for an expert's account linked to its pool entry (the activation), and
//! for the people an organisation adds itself.

mod accounts_support;
use accounts_support::*;

use domain::accounts::{PersonCommand, PersonState};
use domain::experts::{ExpertCommand, ExpertFile};
use domain::{Actor, Aggregate, Context, Role};

#[test]
fn a_colleague_is_added_with_what_they_are_to_the_organisation() {
    let colleague = Actor::new("li-na", Role::Bidder).with_org(bidder_code().as_str());
    let person = then_ok(
        &PersonState::default(),
        PersonCommand::Register {
            id: id("wang-fang"),
            name: "王芳".into(),
            role: Role::Bidder,
            org: Some(bidder_code()),
            title: Some(" 投标经办人 ".into()),
        },
        &colleague,
    );
    let p = person.person.as_ref().unwrap();
    assert_eq!(p.title.as_deref(), Some("投标经办人"));
    assert_eq!(p.org.as_ref(), Some(&bidder_code()));
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
}
