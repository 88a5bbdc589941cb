//! Sign-in: passwords (one error for a wrong password and an unknown person), lockout per
//! address and account (never of the account for everyone, never of key sign-in) and its
//! end, challenges limited per address (never for everyone), Ed25519 and SM2 challenge
//! signatures (single-use nonces, wrong and revoked keys refused), sessions that end when the
//! person is disabled or idle too long. SQLite, and PostgreSQL when `DATABASE_URL` is set.

use app::demo::{DEMO_ED25519_SECRET_HEX, DEMO_PASSWORD, DemoOrg};
use app::{AppError, LOCKOUT_SECS, Meta, PAIR_MAX_FAILURES, SESSION_IDLE_SECS, SM2_DISTID};
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
    for _ in 1..PAIR_MAX_FAILURES {
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
    for _ in 0..PAIR_MAX_FAILURES {
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

/// Guessing at a custodian's password from one address locks that address out of that
/// account's password sign-in, and nothing else: the custodian signs in from their own
/// address, and by key even from the guesser's.
async fn password_failures_lock_the_pair_not_the_account_nor_key_sign_in(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let attacker = Some("203.0.113.66".to_owned());
    for _ in 0..PAIR_MAX_FAILURES {
        let _ = p
            .sign_in_password("bidder-1", "guess-guess", attacker.clone())
            .await;
    }
    let e = p
        .sign_in_password("bidder-1", DEMO_PASSWORD, attacker.clone())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.locked", "the guesser's address is locked");
    // The account itself is not: its owner signs in from elsewhere.
    p.sign_in_password("bidder-1", DEMO_PASSWORD, Some("198.51.100.20".into()))
        .await
        .expect("a password lockout holds for the pair, not the account");
    // Key sign-in is never locked by password failures, not even from the guesser's address.
    let c = p.challenge(attacker.clone()).await.unwrap();
    let sig = hex::encode(demo_key().sign(c.message.as_bytes()).to_bytes());
    p.sign_in_key("bidder-1", &c.nonce_hex, "ed25519", &sig, attacker)
        .await
        .expect("password failures do not lock key sign-in");
    // IPv6: one /64 is one address (a host may use any address in it).
    for i in 0..PAIR_MAX_FAILURES {
        let ip = format!("2001:db8:7:7::{:x}", i + 1);
        let _ = p
            .sign_in_password("bidder-2", "guess-guess", Some(ip))
            .await;
    }
    let e = p
        .sign_in_password("bidder-2", DEMO_PASSWORD, Some("2001:db8:7:7::99".into()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.locked");
    p.sign_in_password("bidder-2", DEMO_PASSWORD, Some("2001:db8:7:8::1".into()))
        .await
        .unwrap();
}

/// A flood of challenge requests is refused at its own address, and never stops anyone else
/// from getting one and signing in with it.
async fn challenges_are_limited_per_address_never_for_everyone(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let flooder = Some("203.0.113.77".to_owned());
    let mut given = 0;
    let refused = loop {
        match p.challenge(flooder.clone()).await {
            Ok(_) => given += 1,
            Err(e) => break e,
        }
        assert!(given <= 10_000, "the flood is never refused");
    };
    assert_eq!(given, app::CHALLENGE_BURST);
    let AppError::Limited {
        code, retry_after, ..
    } = refused
    else {
        panic!("{refused:?}")
    };
    assert_eq!(code, "auth.challenges");
    assert_eq!(retry_after, app::CHALLENGE_EVERY_SECS as u64);
    // A flood spread over 20,000 addresses (each within its allowance) fills memory as far
    // as it goes, and still refuses nobody...
    for i in 0..20_000u32 {
        let ip = format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255);
        p.challenge(Some(ip)).await.unwrap();
    }
    // ...so someone else still gets a challenge and signs in with it.
    let c = p.challenge(Some("198.51.100.30".into())).await.unwrap();
    let sig = hex::encode(demo_key().sign(c.message.as_bytes()).to_bytes());
    p.sign_in_key("bidder-1", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap();
    // The flooder's allowance comes back with time.
    w.clock
        .advance(Duration::seconds(app::CHALLENGE_EVERY_SECS));
    p.challenge(flooder).await.unwrap();
}

async fn ed25519_challenge_sign_in(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let key = demo_key();
    let c = p.challenge(None).await.unwrap();
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
    let c = p.challenge(None).await.unwrap();
    let sig = hex::encode(key.sign(c.message.as_bytes()).to_bytes());
    let e = p
        .sign_in_key("bidder-2", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_credentials");
    let c = p.challenge(None).await.unwrap();
    let other = ed25519_dalek::SigningKey::from_bytes(&[3; 32]);
    let sig = hex::encode(other.sign(c.message.as_bytes()).to_bytes());
    let e = p
        .sign_in_key("bidder-1", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_credentials");
    // Expired.
    let c = p.challenge(None).await.unwrap();
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
    let c = p.challenge(None).await.unwrap();
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
    let c = p.challenge(None).await.unwrap();
    let sig: sm2::dsa::Signature = key.sign(c.message.as_bytes());
    let sig = hex::encode(sig.to_bytes());
    // The algorithm names which keys to try: an SM2 signature is no Ed25519 one.
    let e = p
        .sign_in_key("bidder-5", &c.nonce_hex, "ed25519", &sig, ip())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "auth.bad_credentials");
    let c = p.challenge(None).await.unwrap();
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

/// The demo runs its trades on an accelerated clock; sessions on their own (wall) clock do
/// not expire when demo time races ahead, and still do when their own time passes.
async fn sessions_keep_their_own_time_on_a_fast_demo_clock(backend: Backend) {
    let wall = legal_time::SettableClock::new(time::macros::datetime!(2026-12-08 09:00 +8));
    let sessions = wall.clone();
    let w = TestApp::builder()
        .backend(&backend)
        .accounts()
        .platform(move |p, _| p.with_session_clock(std::sync::Arc::new(sessions)))
        .build()
        .await;
    let p = &w.platform;
    let grant = p
        .sign_in_password("expert-zhao", DEMO_PASSWORD, ip())
        .await
        .unwrap();
    // Two demo days pass in a few real minutes: the session holds.
    w.clock.advance(Duration::days(2));
    wall.advance(Duration::minutes(5));
    assert!(p.session(&grant.token).await.unwrap().is_some());
    // Idle on its own clock for longer than the limit: gone.
    wall.advance(Duration::seconds(SESSION_IDLE_SECS + 1));
    assert!(p.session(&grant.token).await.unwrap().is_none());
}

on_both_backends!(
    sessions_keep_their_own_time_on_a_fast_demo_clock,
    password_sign_in_and_one_error_for_all_failures,
    lockout_after_failures_then_unlock,
    ip_lockout_across_names,
    password_failures_lock_the_pair_not_the_account_nor_key_sign_in,
    challenges_are_limited_per_address_never_for_everyone,
    ed25519_challenge_sign_in,
    sm2_challenge_sign_in,
    disabled_person_and_deactivated_org_are_signed_out,
    sessions_slide_and_end,
);
