//! Given/when/then for enterprise registration (企业信息登记): a sign-up applies, its people
//! complete the file and submit it, the `registration` post approves or returns it; changes
//! to an approved file are reviewed again while the approved one stays in force; the people
//! of an organisation not approved act on no trade.

mod accounts_support;
use accounts_support::*;

use domain::access::authorize_trade_write;
use domain::accounts::{
    Contact, OrgCommand, OrgDetails, OrgEvent, OrgKind, OrgState, PersonCommand, PersonState,
    Phone, Qualification, Unapproved,
};
use domain::{Actor, BlobRef, DomainEvent, NamesFiles, RegionCode, Role};
use legal_time::Date;
use time::Duration;
use time::macros::date;

fn apply(kind: OrgKind) -> OrgCommand {
    OrgCommand::Apply {
        code: bidder_code(),
        name: "福州某建设有限公司".into(),
        kind,
        region: RegionCode::parse("350100").unwrap(),
    }
}

/// A person of the organisation (a bidder).
fn its_person() -> Actor {
    Actor::new("li-na", Role::Bidder).with_org(bidder_code().as_str())
}

fn reviewer() -> Actor {
    Actor::new("staff-chen", Role::CenterStaff)
}

fn details() -> OrgCommand {
    OrgCommand::UpdateDetails {
        name: "福州某建设有限公司".into(),
        details: OrgDetails {
            legal_representative: "林建国".into(),
            contact: Contact {
                name: "李娜".into(),
                phone: Phone::parse("13800138000").unwrap(),
                email: None,
            },
            address: Some("福州市鼓楼区五四路1号".into()),
        },
    }
}

fn qualification(number: &str, until: Date) -> Qualification {
    Qualification {
        kind: "建筑工程施工总承包".into(),
        grade: "一级".into(),
        number: number.into(),
        issuer: "福建省住房和城乡建设厅".into(),
        valid_from: date!(2022 - 01 - 01),
        valid_until: until,
        files: vec![BlobRef::new(&"ab".repeat(32), 1024, "资质证书.pdf").unwrap()],
    }
}

fn add(q: Qualification) -> OrgCommand {
    OrgCommand::AddQualification { qualification: q }
}

fn details_updated(at: legal_time::OffsetDateTime) -> OrgEvent {
    let OrgCommand::UpdateDetails { name, details } = details() else {
        unreachable!()
    };
    OrgEvent::DetailsUpdated { name, details, at }
}

fn returned(reasons: &[&str]) -> OrgCommand {
    OrgCommand::Return {
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
    }
}

/// A sign-up with details and one valid qualification, not submitted yet.
fn completed() -> OrgState {
    let s = then_ok(&OrgState::default(), apply(OrgKind::Bidder), &platform());
    let s = then_ok(&s, details(), &its_person());
    then_ok(
        &s,
        add(qualification("D135000001", date!(2027 - 12 - 31))),
        &its_person(),
    )
}

fn status(s: &OrgState) -> Option<Unapproved> {
    s.org.as_ref().unwrap().unapproved()
}

/// The actor a person of the organisation signs in as.
fn signed_in(org: &OrgState) -> Actor {
    let person = then_ok(
        &PersonState::default(),
        PersonCommand::Register {
            id: id("li-na"),
            name: "李娜".into(),
            role: Role::Bidder,
            org: Some(bidder_code()),
            title: None,
        },
        &platform(),
    );
    person.actor(Some(org)).expect("may sign in")
}

#[test]
fn a_sign_up_applies_and_may_not_act_on_trades_until_approved() {
    let events = when(
        &OrgState::default(),
        apply(OrgKind::Bidder),
        &platform(),
        NOW,
    )
    .unwrap();
    assert_eq!(events[0].kind(), "org.applied");
    let s = then_ok(&OrgState::default(), apply(OrgKind::Bidder), &platform());
    assert_eq!(status(&s), Some(Unapproved::Draft));
    assert_eq!(s.org.as_ref().unwrap().name(), "福州某建设有限公司");
    // its people sign in, marked unapproved, and every trade write is refused
    let actor = signed_in(&s);
    assert_eq!(actor.unapproved, Some(Unapproved::Draft));
    let denied = authorize_trade_write(&actor).unwrap_err();
    assert_eq!(denied.code(), "access.org_not_approved");
    assert!(
        denied.to_string().contains(bidder_code().as_str()),
        "{denied}"
    );
    assert!(denied.to_string().contains("being completed"), "{denied}");
    // tenderers (purchasers), agencies and banks apply too; the center and supervisors never
    for kind in [OrgKind::Tenderer, OrgKind::Agency, OrgKind::Bank] {
        then_ok(&OrgState::default(), apply(kind), &platform());
    }
    for kind in [OrgKind::Center, OrgKind::Supervisor] {
        then_error(
            &OrgState::default(),
            apply(kind),
            &platform(),
            "account.not_self_service",
        );
    }
    // only the platform applies (a sign-up is anonymous); a person acts for its own org
    then_error(
        &OrgState::default(),
        apply(OrgKind::Bidder),
        &its_person(),
        "access.not_party",
    );
}

#[test]
fn a_credit_code_is_registered_once_however_it_comes() {
    let applied = then_ok(&OrgState::default(), apply(OrgKind::Bidder), &platform());
    let registered = org(OrgKind::Tenderer);
    for state in [&applied, &registered] {
        let e = then_error(
            state,
            apply(OrgKind::Agency),
            &platform(),
            "account.org_exists",
        );
        assert!(e.to_string().contains("一次登记、全平台通用"), "{e}");
        then_error(
            state,
            register_org(OrgKind::Bidder),
            &staff(),
            "account.org_exists",
        );
    }
}

#[test]
fn an_invalid_credit_code_never_reaches_the_organisation() {
    let json = |code: &str| {
        format!(
            r#"{{"type":"apply","code":"{code}","name":"某公司","kind":"bidder","region":"350100"}}"#
        )
    };
    assert!(serde_json::from_str::<OrgCommand>(&json("91350100M000100Y43")).is_ok());
    let err = serde_json::from_str::<OrgCommand>(&json("91350100M000100Y44")).unwrap_err();
    assert!(err.to_string().contains("GB 32100-2015"), "{err}");
}

#[test]
fn its_own_people_complete_the_file_and_nobody_else() {
    let s = then_ok(&OrgState::default(), apply(OrgKind::Bidder), &platform());
    let other_bidder = Actor::new("x", Role::Bidder).with_org("914403001922038216");
    then_error(&s, details(), &other_bidder, "access.not_party");
    // same code, another role: an agency's person is not a bidder's
    let agency = Actor::new("x", Role::Agency).with_org(bidder_code().as_str());
    then_error(&s, details(), &agency, "access.not_party");
    then_error(&s, details(), &staff(), "access.wrong_role");
    let s = then_ok(&s, details(), &its_person());
    then_error(&s, details(), &its_person(), "account.no_change");
    let file = s.org.as_ref().unwrap().working().unwrap();
    assert_eq!(
        file.details.as_ref().unwrap().legal_representative,
        "林建国"
    );
}

#[test]
fn a_qualification_has_files_dates_in_order_and_is_valid() {
    let s = then_ok(&OrgState::default(), apply(OrgKind::Bidder), &platform());
    let mut reversed = qualification("A1", date!(2027 - 12 - 31));
    reversed.valid_from = date!(2028 - 01 - 01);
    then_error(
        &s,
        add(reversed),
        &its_person(),
        "account.qualification_dates",
    );
    let mut unfiled = qualification("A1", date!(2027 - 12 - 31));
    unfiled.files.clear();
    then_error(
        &s,
        add(unfiled),
        &its_person(),
        "account.qualification_files",
    );
    // expired the day before NOW: refused as it is added
    let e = then_error(
        &s,
        add(qualification("A1", date!(2026 - 03 - 01))),
        &its_person(),
        "account.qualification_expired",
    );
    assert!(e.to_string().contains("2026-03-01"), "{e}");
    // valid through today
    let s = then_ok(
        &s,
        add(qualification("A1", date!(2026 - 03 - 02))),
        &its_person(),
    );
    then_error(
        &s,
        add(qualification("A1", date!(2027 - 12 - 31))),
        &its_person(),
        "account.qualification_exists",
    );
    let removed = then_ok(
        &s,
        OrgCommand::RemoveQualification {
            number: "A1".into(),
        },
        &its_person(),
    );
    then_error(
        &removed,
        OrgCommand::RemoveQualification {
            number: "A1".into(),
        },
        &its_person(),
        "account.qualification_unknown",
    );
}

#[test]
fn every_file_a_qualification_names_is_checked_and_verified() {
    let q = qualification("A1", date!(2027 - 12 - 31));
    let cmd = add(q.clone());
    let named = cmd.named_files();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].sha256, "ab".repeat(32));
    assert_eq!(named[0].size, Some(1024));
    let event = OrgEvent::QualificationAdded {
        qualification: q,
        at: NOW,
    };
    assert_eq!(event.blob_hashes(), vec!["ab".repeat(32)]);
}

#[test]
fn submit_needs_a_complete_file_and_freezes_it() {
    let bare = then_ok(&OrgState::default(), apply(OrgKind::Bidder), &platform());
    then_error(
        &bare,
        OrgCommand::Submit,
        &its_person(),
        "account.file_incomplete",
    );
    let s = then_ok(&completed(), OrgCommand::Submit, &its_person());
    assert_eq!(status(&s), Some(Unapproved::Submitted));
    assert_eq!(signed_in(&s).unapproved, Some(Unapproved::Submitted));
    for cmd in [
        details(),
        add(qualification("B2", date!(2027 - 12 - 31))),
        OrgCommand::Submit,
    ] {
        then_error(&s, cmd, &its_person(), "account.under_review");
    }
}

#[test]
fn a_qualification_that_lapsed_since_it_was_added_stops_submission_and_approval() {
    // added yesterday, valid through yesterday
    let yesterday = NOW - Duration::days(1);
    let s: OrgState = given(&[
        OrgEvent::Applied {
            code: bidder_code(),
            name: "福州某建设有限公司".into(),
            kind: OrgKind::Bidder,
            region: RegionCode::parse("350100").unwrap(),
            at: yesterday,
        },
        OrgEvent::QualificationAdded {
            qualification: qualification("A1", date!(2026 - 03 - 01)),
            at: yesterday,
        },
    ]);
    let s = then_ok(&s, details(), &its_person());
    let e = then_error(
        &s,
        OrgCommand::Submit,
        &its_person(),
        "account.qualification_expired",
    );
    assert!(e.to_string().contains("A1"), "{e}");
    // submitted while valid, lapsed while waiting: approval refuses, a return is possible
    let waiting: OrgState = given(&[
        OrgEvent::Applied {
            code: bidder_code(),
            name: "福州某建设有限公司".into(),
            kind: OrgKind::Bidder,
            region: RegionCode::parse("350100").unwrap(),
            at: yesterday,
        },
        OrgEvent::QualificationAdded {
            qualification: qualification("A1", date!(2026 - 03 - 01)),
            at: yesterday,
        },
        details_updated(yesterday),
        OrgEvent::Submitted { at: yesterday },
    ]);
    then_error(
        &waiting,
        OrgCommand::Approve,
        &reviewer(),
        "account.qualification_expired",
    );
    then_ok(&waiting, returned(&["资质证书已过期"]), &reviewer());
}

#[test]
fn staff_approve_or_return_with_reasons_and_the_organisation_resubmits() {
    let submitted = then_ok(&completed(), OrgCommand::Submit, &its_person());
    // only center staff review; not the organisation, not the platform on its own
    then_error(
        &submitted,
        OrgCommand::Approve,
        &its_person(),
        "access.wrong_role",
    );
    then_error(
        &submitted,
        OrgCommand::Approve,
        &platform(),
        "access.wrong_role",
    );
    then_error(
        &submitted,
        returned(&[" ", ""]),
        &reviewer(),
        "account.reasons_required",
    );
    then_error(
        &completed(),
        OrgCommand::Approve,
        &reviewer(),
        "account.not_submitted",
    );
    // returned, with reasons, by whom and when
    let back = then_ok(
        &submitted,
        returned(&["营业执照扫描件不清晰", " 联系人电话有误 "]),
        &reviewer(),
    );
    assert_eq!(status(&back), Some(Unapproved::Returned));
    let review = back
        .org
        .as_ref()
        .unwrap()
        .pending
        .as_ref()
        .unwrap()
        .returned
        .clone()
        .unwrap();
    assert_eq!(review.reasons, ["营业执照扫描件不清晰", "联系人电话有误"]);
    assert_eq!((review.by.as_str(), review.at), ("staff-chen", NOW));
    // corrected: still returned (the reasons stay in sight) until submitted again
    let corrected = then_ok(
        &back,
        add(qualification("B2", date!(2028 - 06 - 30))),
        &its_person(),
    );
    assert_eq!(status(&corrected), Some(Unapproved::Returned));
    let again = then_ok(&corrected, OrgCommand::Submit, &its_person());
    // a B acting on A's behalf is recorded as such
    let backup = Actor {
        on_behalf_of: Some("staff-wang".into()),
        ..reviewer()
    };
    let events = when(&again, OrgCommand::Approve, &backup, NOW).unwrap();
    assert_eq!(
        events,
        [OrgEvent::Approved {
            by: "staff-chen".into(),
            on_behalf_of: Some("staff-wang".into()),
            at: NOW
        }]
    );
    let approved = then_ok(&again, OrgCommand::Approve, &backup);
    let org = approved.org.as_ref().unwrap();
    assert_eq!(org.unapproved(), None);
    assert!(org.pending.is_none());
    assert_eq!(org.in_force().unwrap().qualifications.len(), 2);
    let actor = signed_in(&approved);
    assert_eq!(actor.unapproved, None);
    assert!(authorize_trade_write(&actor).is_ok());
}

/// An approved bidder, as the review left it.
fn approved() -> OrgState {
    let s = then_ok(&completed(), OrgCommand::Submit, &its_person());
    then_ok(&s, OrgCommand::Approve, &reviewer())
}

#[test]
fn a_change_is_reviewed_again_while_the_approved_file_stays_in_force() {
    let before = approved();
    let rename = OrgCommand::UpdateDetails {
        name: "福州某建设集团有限公司".into(),
        details: before
            .org
            .as_ref()
            .unwrap()
            .in_force()
            .unwrap()
            .details
            .clone()
            .unwrap(),
    };
    let changing = then_ok(&before, rename, &its_person());
    let org = changing.org.as_ref().unwrap();
    assert_eq!(
        org.name(),
        "福州某建设有限公司",
        "the approved name is still in force"
    );
    assert_eq!(org.working().unwrap().name, "福州某建设集团有限公司");
    assert_eq!(
        org.unapproved(),
        None,
        "its people still act on trades meanwhile"
    );
    assert!(authorize_trade_write(&signed_in(&changing)).is_ok());
    let submitted = then_ok(&changing, OrgCommand::Submit, &its_person());
    let back = then_ok(
        &submitted,
        returned(&["更名需提供工商变更证明"]),
        &reviewer(),
    );
    assert_eq!(back.org.as_ref().unwrap().name(), "福州某建设有限公司");
    // dropping the change leaves the approved file; approving it puts the change in force
    let dropped = then_ok(&back, OrgCommand::DiscardChanges, &its_person());
    assert_eq!(dropped.org.as_ref().unwrap(), before.org.as_ref().unwrap());
    let resubmitted = then_ok(&back, OrgCommand::Submit, &its_person());
    let after = then_ok(&resubmitted, OrgCommand::Approve, &reviewer());
    assert_eq!(after.org.as_ref().unwrap().name(), "福州某建设集团有限公司");
}

#[test]
fn nothing_to_review_without_a_change() {
    let s = approved();
    then_error(
        &s,
        OrgCommand::Submit,
        &its_person(),
        "account.nothing_pending",
    );
    then_error(
        &s,
        OrgCommand::DiscardChanges,
        &its_person(),
        "account.nothing_pending",
    );
    // a change undone by hand is no change either
    let q = qualification("C3", date!(2027 - 12 - 31));
    let s = then_ok(&s, add(q), &its_person());
    let s = then_ok(
        &s,
        OrgCommand::RemoveQualification {
            number: "C3".into(),
        },
        &its_person(),
    );
    then_error(
        &s,
        OrgCommand::Submit,
        &its_person(),
        "account.nothing_pending",
    );
    // and a registration in progress cannot be discarded, only completed
    let draft = then_ok(&OrgState::default(), apply(OrgKind::Bidder), &platform());
    then_error(
        &draft,
        OrgCommand::DiscardChanges,
        &its_person(),
        "account.nothing_pending",
    );
}

#[test]
fn staff_registration_is_in_force_at_once() {
    let s = org(OrgKind::Tenderer);
    let o = s.org.as_ref().unwrap();
    assert_eq!(o.unapproved(), None);
    assert_eq!(o.in_force().unwrap().name, "福州某建设有限公司");
}

#[test]
fn a_deactivated_organisation_cannot_change_its_file() {
    let off = then_ok(
        &approved(),
        OrgCommand::Deactivate {
            reason: "注销".into(),
        },
        &staff(),
    );
    then_error(&off, details(), &its_person(), "account.org_inactive");
}
