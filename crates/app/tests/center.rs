//! The center's use cases (issue #13): `sunbid init` establishes a center with its first
//! administrator; the administrator registers staff (their first sign-in link goes through
//! the outbox), disables people (their sessions end at once), sends reset links, binds a key
//! from an X.509 certificate, changes settings; the last administrator stays. SQLite, and
//! PostgreSQL when `DATABASE_URL` is set.

use std::sync::Arc;

use app::Meta;
use app::center::{CenterSetup, FirstSignIn};
use app::experts::{FileGateway, deliver_messages};
use domain::accounts::{KeyAlgorithm, PublicKey};
use domain::center::{
    CenterCommand, OpeningTerms, Profile, Settings, SignerKind, TrustedSigner, Venue,
};
use domain::venue::RoomPurpose;
use domain::{Actor, PersonId, RegionCode, Role, RoomId};
use test_support::*;
use time::macros::datetime;

const PASSWORD: &str = "correct horse battery";
const BANK_KEY: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

fn setup() -> CenterSetup {
    CenterSetup {
        profile: Profile {
            name: "福州市公共资源交易中心".into(),
            region: RegionCode::parse("350100").unwrap(),
        },
        policy: OpeningTerms::default(),
        settings: Settings::default(),
        venues: vec![Venue {
            room: RoomId::parse("kb-1").unwrap(),
            name: "第一开标室".into(),
            purpose: RoomPurpose::Opening,
            capacity: 40,
        }],
        signers: vec![TrustedSigner {
            name: "某银行福州分行".into(),
            kind: SignerKind::Bank,
            key: PublicKey::parse(KeyAlgorithm::Ed25519, BANK_KEY).unwrap(),
        }],
        administrator: (PersonId::parse("admin-lin").unwrap(), "林管理".into()),
    }
}

/// A fresh store whose outbox spools to `<dir>/sms/sms.jsonl`, at a time the test
/// certificate is valid.
async fn world(backend: &Backend) -> TestApp {
    TestApp::builder()
        .backend(backend)
        .at(datetime!(2027-01-11 09:00 +8))
        .platform(|p, dir| {
            p.with_gateway(Arc::new(FileGateway {
                dir: dir.join("sms"),
            }))
        })
        .build()
        .await
}

/// `sunbid init`, then the administrator sets a password with the printed link and signs in.
async fn established(w: &TestApp) -> (FirstSignIn, Actor, String) {
    let link = app::center::establish(&w.platform, setup(), &Meta::default())
        .await
        .unwrap();
    let person = link.person.to_string();
    app::center::redeem_link(
        &w.platform,
        &person,
        &link.token,
        PASSWORD,
        None,
        &Meta::default(),
    )
    .await
    .unwrap();
    let grant = w
        .platform
        .sign_in_password(&person, PASSWORD, None)
        .await
        .unwrap();
    (link, grant.info.actor, grant.token)
}

/// The link the outbox sent to `to` last: `(person, token)`.
async fn link_sent_to(w: &TestApp, to: &str) -> (String, String) {
    deliver_messages(&w.platform).await.unwrap();
    let spool = std::fs::read_to_string(w.dir.join("sms/sms.jsonl")).unwrap();
    let line = spool
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .rfind(|v| v["to"] == to)
        .unwrap_or_else(|| panic!("no message to {to} in {spool}"));
    let text = line["text"].as_str().unwrap();
    let path = text.split("/link/").nth(1).unwrap();
    let (person, token) = path.split_once('/').unwrap();
    (person.to_owned(), token.to_owned())
}

async fn init_establishes_the_center_once_with_its_first_administrator(backend: Backend) {
    let w = world(&backend).await;
    let (link, admin, _) = established(&w).await;
    assert_eq!(admin.role, Role::Administrator);
    let center = app::center::center(&w.platform).await.unwrap().unwrap();
    assert_eq!(center.profile.name, "福州市公共资源交易中心");
    assert_eq!(center.venues.len(), 1);
    assert_eq!(center.notice_signers().count(), 1);
    assert!(center.administrators.contains(&link.person));
    // The link works once.
    let again = app::center::redeem_link(
        &w.platform,
        link.person.as_str(),
        &link.token,
        "another passphrase",
        None,
        &Meta::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(again.code(), "account.link_unknown", "{again}");
    // A second `init` is refused and changes nothing.
    let size = w.platform.store().tree_head().await.unwrap().size;
    let err = app::center::establish(&w.platform, setup(), &Meta::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "center.already_established", "{err}");
    assert_eq!(w.platform.store().tree_head().await.unwrap().size, size);
    w.platform.verify(None).await.unwrap();
}

async fn the_last_administrator_cannot_be_disabled(backend: Backend) {
    let w = world(&backend).await;
    let (link, admin, _) = established(&w).await;
    let me = link.person.as_str();
    let err = app::center::disable(&w.platform, me, "leaves", &admin, &Meta::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "center.last_administrator", "{err}");
    // Nothing changed: the administrator still signs in.
    w.platform
        .sign_in_password(me, PASSWORD, None)
        .await
        .unwrap();
    // With a second administrator, the first may go (and the roster says so).
    app::center::register_staff(
        &w.platform,
        "admin-zhou",
        "周管理",
        Role::Administrator,
        "13800000001",
        &admin,
        &Meta::default(),
    )
    .await
    .unwrap();
    app::center::disable(&w.platform, me, "leaves", &admin, &Meta::default())
        .await
        .unwrap();
    let center = app::center::center(&w.platform).await.unwrap().unwrap();
    let roster: Vec<&str> = center.administrators.iter().map(|p| p.as_str()).collect();
    assert_eq!(roster, ["admin-zhou"]);
    w.platform.verify(None).await.unwrap();
}

async fn staff_get_their_link_through_the_outbox_and_lose_their_session_when_disabled(
    backend: Backend,
) {
    let w = world(&backend).await;
    let (_, admin, _) = established(&w).await;
    let meta = Meta::default();
    let p = &w.platform;
    app::center::register_staff(
        p,
        "staff-gao",
        "高经办",
        Role::CenterStaff,
        "13800000002",
        &admin,
        &meta,
    )
    .await
    .unwrap();
    // The link leaves at once (the person is waiting for it), not at the minute's retry.
    let spool = std::fs::read_to_string(w.dir.join("sms/sms.jsonl")).unwrap();
    assert!(spool.contains("/link/staff-gao/"), "{spool}");
    // A bad contact is refused, nothing registered.
    let err = app::center::register_staff(
        p,
        "staff-x",
        "某",
        Role::CenterStaff,
        "not a phone",
        &admin,
        &meta,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "account.bad_contact", "{err}");
    // Staff do not register staff.
    let (person, token) = link_sent_to(&w, "13800000002").await;
    assert_eq!(person, "staff-gao");
    app::center::redeem_link(p, &person, &token, PASSWORD, None, &meta)
        .await
        .unwrap();
    let staff = p
        .sign_in_password("staff-gao", PASSWORD, None)
        .await
        .unwrap();
    let err = app::center::register_staff(
        p,
        "staff-y",
        "某",
        Role::CenterStaff,
        "13800000003",
        &staff.info.actor,
        &meta,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "access.wrong_role", "{err}");
    // Disabled: the session ends at once.
    assert!(p.session(&staff.token).await.unwrap().is_some());
    app::center::disable(p, "staff-gao", "调岗", &admin, &meta)
        .await
        .unwrap();
    assert!(p.session(&staff.token).await.unwrap().is_none());
    let err = p
        .sign_in_password("staff-gao", PASSWORD, None)
        .await
        .unwrap_err();
    assert_ne!(err.code(), "ok");
    // A reset link for a disabled person is refused; re-enabled, it goes out and works once.
    let err = app::center::send_reset_link(p, "staff-gao", &admin, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "account.disabled", "{err}");
    app::center::enable(p, "staff-gao", &admin, &meta)
        .await
        .unwrap();
    app::center::send_reset_link(p, "staff-gao", &admin, &meta)
        .await
        .unwrap();
    let (_, reset) = link_sent_to(&w, "13800000002").await;
    assert_ne!(reset, token);
    app::center::redeem_link(p, "staff-gao", &reset, "a new passphrase", None, &meta)
        .await
        .unwrap();
    p.sign_in_password("staff-gao", "a new passphrase", None)
        .await
        .unwrap();
    p.verify(None).await.unwrap();
}

async fn a_certificate_binds_its_key_while_valid(backend: Backend) {
    let w = world(&backend).await;
    let (_, admin, _) = established(&w).await;
    let meta = Meta::default();
    let p = &w.platform;
    app::center::register_staff(
        p,
        "sup-wu",
        "吴监督",
        Role::Supervisor,
        "wu@example.cn",
        &admin,
        &meta,
    )
    .await
    .unwrap();
    let pem = include_bytes!("data/ed25519-cert.pem");
    // Before the certificate's start, refused.
    w.clock.set(datetime!(2026-06-01 09:00 +8));
    let err = app::center::bind_certificate(p, "sup-wu", pem, &admin, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "account.certificate_not_valid", "{err}");
    w.clock.set(datetime!(2027-01-11 09:00 +8));
    let err = app::center::bind_certificate(p, "sup-wu", b"not a certificate", &admin, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "account.bad_certificate", "{err}");
    app::center::bind_certificate(p, "sup-wu", pem, &admin, &meta)
        .await
        .unwrap();
    assert_eq!(
        app::queries::person(p, "sup-wu").await.unwrap().active_keys,
        1
    );
    let stream = app::accounts::person_stream(&PersonId::parse("sup-wu").unwrap());
    let records = p.store().load_stream(&stream).await.unwrap();
    let added = &records.last().unwrap().record;
    assert_eq!(added.kind, "person.key_added");
    assert_eq!(
        added.payload["key"]["hex"],
        "be163e6f29acd558c336a3f8d17d4a2746b7721c612b07b8dd0e78c01848d3e4"
    );
    let subject = added.payload["certificate"]["subject"].as_str().unwrap();
    assert!(subject.contains("张三"), "{subject}");
}

async fn settings_change_as_events_by_the_administrator_only(backend: Backend) {
    let w = world(&backend).await;
    let (_, admin, _) = established(&w).await;
    let meta = Meta::default();
    let p = &w.platform;
    let venue = CenterCommand::AddVenue {
        venue: Venue {
            room: RoomId::parse("pb-1").unwrap(),
            name: "第一评标室".into(),
            purpose: RoomPurpose::Evaluation,
            capacity: 12,
        },
    };
    app::center::change(p, venue.clone(), &admin, &meta)
        .await
        .unwrap();
    let err = app::center::change(p, venue, &admin, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "center.venue_exists", "{err}");
    let err = app::center::change(
        p,
        CenterCommand::RetireVenue {
            room: RoomId::parse("kb-1").unwrap(),
        },
        &center_staff(),
        &meta,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "access.wrong_role", "{err}");
    // Every change is in the log with who made it.
    let records = p.store().load_stream("center").await.unwrap();
    let last = &records.last().unwrap().record;
    assert_eq!(last.kind, "center.venue_added");
    assert_eq!(last.actor, admin.id);
    // A calendar's preview changes nothing; its import does.
    let json =
        r#"{"year": 2027, "days": [{"date": "2027-10-01", "name": "国庆节", "isOffDay": true}]}"#;
    let before = p.store().tree_head().await.unwrap().size;
    let (year, preview) = app::center::preview_calendar(p, json).await.unwrap();
    assert_eq!(year.year, 2027);
    assert_eq!(preview.days_off, 1);
    assert_eq!(p.store().tree_head().await.unwrap().size, before);
}

on_both_backends!(
    init_establishes_the_center_once_with_its_first_administrator,
    the_last_administrator_cannot_be_disabled,
    staff_get_their_link_through_the_outbox_and_lose_their_session_when_disabled,
    a_certificate_binds_its_key_while_valid,
    settings_change_as_events_by_the_administrator_only,
);
