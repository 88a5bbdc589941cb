//! Enterprise registration through the pipeline (issue 13): sign-up, the file completed
//! with qualifications (their files stored with the command), submission, the review desk
//! (return with reasons, approve), a change reviewed again while the approved file stays in
//! force, colleagues invited and experts activated by one-time links through the outbox.
//! Each refusal changes nothing. SQLite, and PostgreSQL when `DATABASE_URL` is set.

use std::sync::Arc;

use app::experts::FileGateway;
use app::registration::{
    Decision, Invitation, QualificationForm, SignUp, add_qualification, change_file, details,
    invite, redeem_link, review, review_queue, sign_up,
};
use app::{AppError, Meta};
use domain::accounts::{OrgCommand, OrgKind, Unapproved};
use domain::trade::TradeCommand;
use domain::{Actor, TradeId, UnifiedSocialCreditCode};
use test_support::*;
use time::macros::{date, datetime};

/// A made-up code with a right check character.
fn new_code(n: u32) -> String {
    UnifiedSocialCreditCode::complete(&format!("913201005{n:07}"))
        .unwrap()
        .to_string()
}

fn form(code: &str, person: &str) -> SignUp {
    SignUp {
        code: code.into(),
        name: "江苏某建设有限公司".into(),
        kind: OrgKind::Bidder,
        region: "320100".into(),
        person: person.into(),
        person_name: "李娜".into(),
        password: "correct horse 9".into(),
    }
}

async fn world(backend: &Backend) -> TestApp {
    TestApp::builder()
        .backend(backend)
        .accounts()
        .platform(|p, dir| {
            p.with_gateway(Arc::new(FileGateway {
                dir: dir.join("sms"),
            }))
        })
        .at(datetime!(2026-03-02 09:00 +8))
        .build()
        .await
}

async fn log_size(w: &TestApp) -> u64 {
    w.platform.store().tree_head().await.unwrap().size
}

async fn actor_of(w: &TestApp, person: &str, password: &str) -> Actor {
    w.platform
        .sign_in_password(person, password, None)
        .await
        .unwrap_or_else(|e| panic!("sign-in of {person}: {e}"))
        .info
        .actor
}

fn qualification(until: time::Date, scan: &[u8]) -> QualificationForm {
    QualificationForm {
        kind: "建筑工程施工总承包".into(),
        grade: "一级".into(),
        number: "D132000001".into(),
        issuer: "江苏省住房和城乡建设厅".into(),
        valid_from: date!(2024 - 01 - 01),
        valid_until: until,
        files: vec![("资质证书.pdf".into(), scan.to_vec())],
    }
}

async fn complete_and_submit(w: &TestApp, code: &str, actor: &Actor) {
    let p = &w.platform;
    let m = Meta::default();
    let details = details("王强", "李娜", "139 0000 0000", "", "南京市建邺区").unwrap();
    let update = OrgCommand::UpdateDetails {
        name: "江苏某建设有限公司".into(),
        details,
    };
    change_file(p, code, update, actor, &m).await.unwrap();
    let scan = b"%PDF-1.7 qualification scan".as_slice();
    add_qualification(
        p,
        code,
        qualification(date!(2029 - 12 - 31), scan),
        actor,
        &m,
    )
    .await
    .unwrap();
    change_file(p, code, OrgCommand::Submit, actor, &m)
        .await
        .unwrap();
}

async fn an_organisation_signs_up_completes_its_file_and_is_approved(backend: Backend) {
    let w = world(&backend).await;
    let p = &w.platform;
    let m = Meta::default();
    let code = new_code(1);
    sign_up(p, form(&code, "li-na"), &m).await.unwrap();
    let li = actor_of(&w, "li-na", "correct horse 9").await;
    assert_eq!(li.unapproved, Some(Unapproved::Draft));
    // Not approved: no trade write, refused before the trade is even looked up.
    let before = log_size(&w).await;
    let trade = TradeId::parse("T-REG-1").unwrap();
    let obtain = TradeCommand::ObtainDocuments {
        bidder: UnifiedSocialCreditCode::parse(&code).unwrap(),
        label: None,
        holder: None,
    };
    let err = app::trades::execute(p, &trade, obtain, &li, &m)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "access.org_not_approved", "{err}");
    assert_eq!(log_size(&w).await, before);

    // An expired qualification is refused, naming it, and its file is not kept.
    let scan = b"%PDF-1.7 an old scan".as_slice();
    let expired = qualification(date!(2025 - 12 - 31), scan);
    let err = add_qualification(p, &code, expired, &li, &m)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "account.qualification_expired", "{err}");
    assert!(err.to_string().contains("D132000001"), "{err}");
    assert!(p.blobs().get(&app::sha256_hex(scan)).is_err());
    assert_eq!(log_size(&w).await, before);

    complete_and_submit(&w, &code, &li).await;
    let queue = review_queue(p, &center_staff()).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].code, code);
    assert!(!queue[0].change && !queue[0].overdue);
    assert_eq!(queue[0].due, date!(2026 - 03 - 05));
    // The organisation does not review itself; a return gives reasons.
    let err = review(p, &code, Decision::Approve, &li, &m)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "access.wrong_role", "{err}");
    let wang = w.sign_in("staff-wang").await;
    let reviewer = p
        .acting_actor(&session_of(&w, &wang).await, "registration")
        .await
        .unwrap();
    let none = Decision::Return {
        reasons: vec![" ".into()],
    };
    let err = review(p, &code, none, &reviewer, &m).await.unwrap_err();
    assert_eq!(err.code(), "account.reasons_required", "{err}");
    let back = Decision::Return {
        reasons: vec!["营业执照扫描件不清晰".into()],
    };
    review(p, &code, back, &reviewer, &m).await.unwrap();
    assert!(review_queue(p, &center_staff()).await.unwrap().is_empty());
    let li = actor_of(&w, "li-na", "correct horse 9").await;
    assert_eq!(li.unapproved, Some(Unapproved::Returned));
    change_file(p, &code, OrgCommand::Submit, &li, &m)
        .await
        .unwrap();
    review(p, &code, Decision::Approve, &reviewer, &m)
        .await
        .unwrap();
    let li = actor_of(&w, "li-na", "correct horse 9").await;
    assert_eq!(li.unapproved, None);
    p.verify(None).await.unwrap();
}

async fn session_of(w: &TestApp, caller: &Caller) -> app::SessionInfo {
    w.platform.session(&caller.token).await.unwrap().unwrap()
}

async fn duplicate_and_invalid_codes_are_refused_and_change_nothing(backend: Backend) {
    let w = world(&backend).await;
    let p = &w.platform;
    let m = Meta::default();
    let code = new_code(2);
    let before = log_size(&w).await;
    // The check character, changed.
    let last = if code.ends_with('0') { '1' } else { '0' };
    let bad = format!("{}{last}", &code[..17]);
    let err = sign_up(p, form(&bad, "li-na"), &m).await.unwrap_err();
    assert_eq!(err.code(), "account.invalid_value", "{err}");
    assert!(err.to_string().contains("check character"), "{err}");
    assert_eq!(log_size(&w).await, before);
    sign_up(p, form(&code, "li-na"), &m).await.unwrap();
    let after = log_size(&w).await;
    // The same code again, by someone else.
    let err = sign_up(p, form(&code, "zhao-lei"), &m).await.unwrap_err();
    assert_eq!(err.code(), "account.org_exists", "{err}");
    assert!(err.to_string().contains("一次登记"), "{err}");
    // A taken sign-in name: the new organisation is not left behind either.
    let other = new_code(3);
    let err = sign_up(p, form(&other, "li-na"), &m).await.unwrap_err();
    assert_eq!(err.code(), "account.already_registered", "{err}");
    assert_eq!(log_size(&w).await, after);
    assert!(matches!(
        app::queries::org(p, &other).await,
        Err(AppError::NotFound { .. })
    ));
}

async fn a_change_is_reviewed_again_while_the_approved_file_stays_in_force(backend: Backend) {
    let w = world(&backend).await;
    let p = &w.platform;
    let m = Meta::default();
    let code = new_code(4);
    sign_up(p, form(&code, "li-na"), &m).await.unwrap();
    let li = actor_of(&w, "li-na", "correct horse 9").await;
    complete_and_submit(&w, &code, &li).await;
    review(p, &code, Decision::Approve, &center_staff(), &m)
        .await
        .unwrap();
    let li = actor_of(&w, "li-na", "correct horse 9").await;
    let update = OrgCommand::UpdateDetails {
        name: "江苏某建设集团有限公司".into(),
        details: details("王强", "李娜", "13900000000", "", "南京市建邺区").unwrap(),
    };
    change_file(p, &code, update, &li, &m).await.unwrap();
    change_file(p, &code, OrgCommand::Submit, &li, &m)
        .await
        .unwrap();
    // Still approved: the file in force is the old one until the change is approved.
    let li = actor_of(&w, "li-na", "correct horse 9").await;
    assert_eq!(li.unapproved, None);
    let file = app::registration::org_file(p, &code, &li).await.unwrap();
    assert_eq!(file.name(), "江苏某建设有限公司");
    let queue = review_queue(p, &center_staff()).await.unwrap();
    assert!(queue[0].change);
    review(p, &code, Decision::Approve, &center_staff(), &m)
        .await
        .unwrap();
    let file = app::registration::org_file(p, &code, &li).await.unwrap();
    assert_eq!(file.name(), "江苏某建设集团有限公司");
    // Nobody else reads the file (it holds contacts).
    let stranger = w.sign_in("bidder-1").await.actor;
    let err = app::registration::org_file(p, &code, &stranger)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound { .. }), "{err}");
}

/// The link the last text to `to` carries: `(person, token)`.
fn last_link(w: &TestApp, to: &str) -> (String, String) {
    let spool = std::fs::read_to_string(w.dir.join("sms").join("sms.jsonl")).unwrap();
    let line = spool
        .lines()
        .rev()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["to"] == to)
        .expect("a text to the phone");
    let text = line["text"].as_str().unwrap().to_owned();
    // `…/link/<person>/<token>`
    let path = text.split("/link/").nth(1).expect("a link in the text");
    let mut parts = path.split_whitespace().next().unwrap().split('/');
    let person = parts.next().unwrap().to_owned();
    let token = parts.next().unwrap().to_owned();
    (person, token)
}

async fn colleagues_are_invited_by_a_one_time_link(backend: Backend) {
    let w = world(&backend).await;
    let p = &w.platform;
    let m = Meta::default();
    let code = new_code(5);
    sign_up(p, form(&code, "li-na"), &m).await.unwrap();
    let li = actor_of(&w, "li-na", "correct horse 9").await;
    let invitation = Invitation {
        person: "wang-fang".into(),
        name: "王芳".into(),
        title: "投标经办人".into(),
        phone: "13911112222".into(),
    };
    invite(p, &code, invitation.clone(), &li, &m).await.unwrap();
    // Another organisation's person may not add people to this one.
    let stranger = w.sign_in("bidder-1").await.actor;
    let other = Invitation {
        person: "zhou-min".into(),
        ..invitation
    };
    let before = log_size(&w).await;
    let err = invite(p, &code, other, &stranger, &m).await.unwrap_err();
    assert_eq!(err.code(), "access.not_party", "{err}");
    assert_eq!(log_size(&w).await, before);

    let (person, token) = last_link(&w, "13911112222");
    assert_eq!(person, "wang-fang");
    let err = redeem_link(
        p,
        &person,
        "0".repeat(64).as_str(),
        "a new pass 1",
        None,
        &m,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "account.link_unknown", "{err}");
    redeem_link(p, &person, &token, "a new pass 1", None, &m)
        .await
        .unwrap();
    let fang = actor_of(&w, "wang-fang", "a new pass 1").await;
    assert_eq!(fang.org.as_deref(), Some(code.as_str()));
    // Once only.
    let err = redeem_link(p, &person, &token, "another pass 2", None, &m)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "account.link_unknown", "{err}");
    p.verify(None).await.unwrap();
}

async fn an_expert_activates_an_account_linked_to_its_pool_entry(backend: Backend) {
    let w = world(&backend).await;
    let p = &w.platform;
    let m = Meta::default();
    let mut expert = domain::experts::bench::synthetic_pool(1, 7).remove(0);
    expert.active = true;
    let id = expert.id.to_string();
    let row = app::experts::PoolRow {
        expert,
        phone: Some("13822223333".into()),
        person: None,
    };
    app::experts::import(p, vec![row], None, &center_staff(), &m)
        .await
        .unwrap();
    let staff = center_staff();
    app::registration::activate_expert(p, &id, "expert-lin", &staff, &m)
        .await
        .unwrap();
    let (person, token) = last_link(&w, "13822223333");
    assert_eq!(person, "expert-lin");
    redeem_link(p, &person, &token, "expert pass 3", None, &m)
        .await
        .unwrap();
    let lin = actor_of(&w, "expert-lin", "expert pass 3").await;
    // The account reads the pool's entry: no second copy.
    let file = app::queries::my_expert_file(p, &lin).await.unwrap();
    assert_eq!(file.expert.unwrap().id.to_string(), id);
    // A second account for the same entry is refused, and leaves no person behind.
    let before = log_size(&w).await;
    let err = app::registration::activate_expert(p, &id, "expert-lin-2", &staff, &m)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "expert.already_linked", "{err}");
    assert_eq!(log_size(&w).await, before);
}

on_both_backends!(
    an_organisation_signs_up_completes_its_file_and_is_approved,
    duplicate_and_invalid_codes_are_refused_and_change_nothing,
    a_change_is_reviewed_again_while_the_approved_file_stays_in_force,
    colleagues_are_invited_by_a_one_time_link,
    an_expert_activates_an_account_linked_to_its_pool_entry,
);
