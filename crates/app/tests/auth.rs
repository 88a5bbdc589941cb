//! Sign-in: passwords (one error for a wrong password and an unknown person), lockout and
//! its end, Ed25519 and SM2 challenge signatures (single-use nonces, wrong and revoked keys
//! refused), sessions that end when the person is disabled or idle too long. SQLite, and
//! PostgreSQL when `DATABASE_URL` is set.

use app::demo::{DEMO_ED25519_SECRET_HEX, DEMO_PASSWORD, DemoOrg};
use app::{AppError, LOCKOUT_SECS, Meta, PERSON_MAX_FAILURES, SESSION_IDLE_SECS, SM2_DISTID};
use domain::accounts::{KeyAlgorithm, OrgCommand, PersonCommand};
use ed25519_dalek::Signer as _;
use test_support::*;
use time::Duration;

const IP: &str = "203.0.113.50";

fn ip() -> Option<String> {
    Some(IP.to_owned())
}

fn demo_key() -> ed25519_dalek::SigningKey {
    let mut seed = [0u8; 32];
    hex::decode_to_slice(DEMO_ED25519_SECRET_HEX, &mut seed).unwrap();
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

async fn password_sign_in_and_one_error_for_all_failures(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let grant = p
        .sign_in_password("bidder-2", DEMO_PASSWORD, ip())
        .await
        .unwrap();
    assert_eq!(grant.token.len(), 64);
    assert!(
        !format!("{grant:?}").contains(&grant.token),
        "Debug must hide the token"
    );
    let info = p
        .session(&grant.token)
        .await
        .unwrap()
        .expect("a live session");
    assert_eq!(info.actor.id, "bidder-2");
    assert_eq!(
        info.actor.org.as_deref(),
        Some(DemoOrg::Bidder(2).code().as_str())
    );
    assert_eq!(info.csrf, grant.info.csrf);

    let wrong = p
        .sign_in_password("bidder-2", "not-the-password", ip())
        .await
        .unwrap_err();
    let unknown = p
        .sign_in_password("nobody-9", DEMO_PASSWORD, ip())
        .await
        .unwrap_err();
    let invalid = p
        .sign_in_password("Not An Id", DEMO_PASSWORD, ip())
        .await
        .unwrap_err();
    for e in [&wrong, &unknown, &invalid] {
        assert_eq!(e.code(), "auth.bad_credentials");
        assert_eq!(e.to_string(), wrong.to_string());
    }
    // Sessions never reach the log.
    let before = p.store().tree_head().await.unwrap();
    p.sign_out(&grant.token).await.unwrap();
    assert!(p.session(&grant.token).await.unwrap().is_none());
    assert!(p.session("garbage").await.unwrap().is_none());
    assert_eq!(p.store().tree_head().await.unwrap(), before);
}

async fn lockout_after_failures_then_unlock(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    for _ in 1..PERSON_MAX_FAILURES {
        let e = p
            .sign_in_password("bidder-3", "guess-guess", ip())
            .await
            .unwrap_err();
        assert_eq!(e.code(), "auth.bad_credentials");
    }
    let e = p
        .sign_in_password("bidder-3", "guess-guess", ip())
        .await
        .unwrap_err();
    let AppError::Limited {
        code,
        retry_after,
        message,
    } = e
    else {
        panic!("the failure at the limit locks: {e:?}")
    };
    assert_eq!((code, retry_after), ("auth.locked", LOCKOUT_SECS as u64));
    assert!(message.contains("try again in 15 minutes"), "{message}");
    // Even the right password is refused while locked, with the time left.
    w.clock.advance(Duration::minutes(10));
    match p.sign_in_password("bidder-3", DEMO_PASSWORD, ip()).await {
        Err(AppError::Limited { retry_after, .. }) => assert_eq!(retry_after, 300),
        other => panic!("still locked: {other:?}"),
    }
    // Others from the same address are not locked out by it.
    p.sign_in_password("bidder-4", DEMO_PASSWORD, ip())
        .await
        .unwrap();
    // An unknown name locks just the same (a lockout tells nothing about who exists).
    for _ in 0..PERSON_MAX_FAILURES {
        let _ = p.sign_in_password("nobody-1", "guess-guess", None).await;
    }
    let e = p
        .sign_in_password("nobody-1", "guess-guess", None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.locked");
    w.clock.advance(Duration::minutes(5));
    p.sign_in_password("bidder-3", DEMO_PASSWORD, ip())
        .await
        .unwrap();
}

async fn ip_lockout_across_names(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let mut locked = None;
    for i in 0..app::IP_MAX_FAILURES {
        let name = format!("bidder-{}", i % 13 + 1);
        if let Err(AppError::Limited { message, .. }) =
            p.sign_in_password(&name, "spray-2026!", ip()).await
        {
            locked = Some((i, message));
            break;
        }
    }
    let (i, message) = locked.expect("the address locks");
    assert_eq!(i + 1, app::IP_MAX_FAILURES);
    assert!(message.contains("network address"), "{message}");
    // From another address, a correct password still works.
    p.sign_in_password("bidder-13", DEMO_PASSWORD, Some("198.51.100.1".into()))
        .await
        .unwrap();
}

async fn ed25519_challenge_sign_in(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let key = demo_key();
    let c = p.challenge().await.unwrap();
    assert_eq!(
        c.message,
        format!("sunbid sign-in\n{ORIGIN}\n{}\n", c.nonce_hex)
    );
    let sig = hex::encode(key.sign(c.message.as_bytes()).to_bytes());
    let grant = p
        .sign_in_key("bidder-1", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap();
    assert_eq!(grant.info.actor.id, "bidder-1");
    // The nonce is spent.
    let e = p
        .sign_in_key("bidder-1", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_challenge");
    // The right key for another person; another key for this person.
    let c = p.challenge().await.unwrap();
    let sig = hex::encode(key.sign(c.message.as_bytes()).to_bytes());
    let e = p
        .sign_in_key("bidder-2", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_credentials");
    let c = p.challenge().await.unwrap();
    let other = ed25519_dalek::SigningKey::from_bytes(&[3; 32]);
    let sig = hex::encode(other.sign(c.message.as_bytes()).to_bytes());
    let e = p
        .sign_in_key("bidder-1", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_credentials");
    // Expired.
    let c = p.challenge().await.unwrap();
    w.clock
        .advance(Duration::seconds(app::CHALLENGE_TTL_SECS + 1));
    let sig = hex::encode(key.sign(c.message.as_bytes()).to_bytes());
    let e = p
        .sign_in_key("bidder-1", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_challenge");
    // Revoked by its owner: never again.
    let revoke = PersonCommand::RevokeKey {
        algorithm: KeyAlgorithm::Ed25519,
        public_key_hex: app::demo::demo_public_key_hex(),
    };
    app::accounts::execute_person(p, "bidder-1", revoke, &grant.info.actor, &Meta::default())
        .await
        .unwrap();
    let c = p.challenge().await.unwrap();
    let sig = hex::encode(key.sign(c.message.as_bytes()).to_bytes());
    let e = p
        .sign_in_key("bidder-1", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_credentials");
    p.verify(None).await.unwrap();
}

async fn sm2_challenge_sign_in(backend: Backend) {
    use sm2::dsa::signature::Signer as _;
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let key = sm2::dsa::SigningKey::from_slice(SM2_DISTID, &[0x42; 32]).unwrap();
    let public = hex::encode(key.verifying_key().to_sec1_bytes());
    let me = p
        .current_actor(&domain::PersonId::parse("bidder-5").unwrap())
        .await
        .unwrap();
    let add = PersonCommand::AddKey {
        algorithm: KeyAlgorithm::Sm2,
        public_key_hex: public,
    };
    app::accounts::execute_person(p, "bidder-5", add, &me, &Meta::default())
        .await
        .unwrap();
    let c = p.challenge().await.unwrap();
    let sig: sm2::dsa::Signature = key.sign(c.message.as_bytes());
    let sig = hex::encode(sig.to_bytes());
    // The algorithm names which keys to try: an SM2 signature is no Ed25519 one.
    let e = p
        .sign_in_key("bidder-5", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_credentials");
    let c = p.challenge().await.unwrap();
    let sig: sm2::dsa::Signature = key.sign(c.message.as_bytes());
    let grant = p
        .sign_in_key(
            "bidder-5",
            &c.nonce_hex,
            "sm2",
            &hex::encode(sig.to_bytes()),
            ip(),
        )
        .await
        .unwrap();
    assert_eq!(grant.info.actor.id, "bidder-5");
    let e = p
        .sign_in_key("bidder-5", &c.nonce_hex, "sm2", "00", ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_challenge");
}

async fn disabled_person_and_deactivated_org_are_signed_out(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let bidder = p
        .sign_in_password("bidder-6", DEMO_PASSWORD, ip())
        .await
        .unwrap();
    let other = p
        .sign_in_password("bidder-7", DEMO_PASSWORD, ip())
        .await
        .unwrap();
    assert!(p.session(&bidder.token).await.unwrap().is_some());
    let disable = PersonCommand::Disable {
        reason: "离职".into(),
    };
    app::accounts::execute_person(p, "bidder-6", disable, &center_staff(), &Meta::default())
        .await
        .unwrap();
    assert!(p.session(&bidder.token).await.unwrap().is_none());
    let e = p
        .sign_in_password("bidder-6", DEMO_PASSWORD, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "account.disabled");
    // Deactivating the organisation ends its people's sessions too.
    let code = DemoOrg::Bidder(7).code();
    let deactivate = OrgCommand::Deactivate {
        reason: "吊销营业执照".into(),
    };
    app::accounts::execute_org(
        p,
        code.as_str(),
        deactivate,
        &center_staff(),
        &Meta::default(),
    )
    .await
    .unwrap();
    assert!(p.session(&other.token).await.unwrap().is_none());
    let e = p
        .sign_in_password("bidder-7", DEMO_PASSWORD, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "account.org_inactive");
    p.verify(None).await.unwrap();
}

async fn sessions_slide_and_end(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let grant = p
        .sign_in_password("expert-zhao", DEMO_PASSWORD, ip())
        .await
        .unwrap();
    // Idle for longer than the idle limit: gone.
    w.clock.advance(Duration::seconds(SESSION_IDLE_SECS + 1));
    assert!(p.session(&grant.token).await.unwrap().is_none());
    // In use every 7 hours: it slides, but not past 24 hours from sign-in.
    let grant = p
        .sign_in_password("expert-zhao", DEMO_PASSWORD, ip())
        .await
        .unwrap();
    for _ in 0..3 {
        w.clock.advance(Duration::hours(7));
        assert!(p.session(&grant.token).await.unwrap().is_some());
    }
    w.clock.advance(Duration::hours(3) + Duration::seconds(1)); // 24 h + 1 s
    assert!(p.session(&grant.token).await.unwrap().is_none());
}

on_both_backends!(
    password_sign_in_and_one_error_for_all_failures,
    lockout_after_failures_then_unlock,
    ip_lockout_across_names,
    ed25519_challenge_sign_in,
    sm2_challenge_sign_in,
    disabled_person_and_deactivated_org_are_signed_out,
    sessions_slide_and_end,
);
