//! A custodian's custody key (X25519, made in their browser): bound to their own account,
//! and the round's opening-key share is sealed to it rather than to their sign-in key.
//! SQLite, and PostgreSQL when `DATABASE_URL` is set.

use app::Meta;
use app::demo::{Step, demo_seed, demo_steps, run_steps, staff, supervisor};
use domain::TradeId;
use test_support::*;

const TRADE: &str = "GC-2026-0301";

/// The public half of an X25519 secret, as WebCrypto exports it.
fn x25519_public(secret: &[u8; 32]) -> String {
    hex::encode(seal::x25519_public_key(secret))
}

/// The demo steps of the trade: those before its announcement, and the announcement.
fn steps() -> (Vec<Step>, Step) {
    let mut before: Vec<Step> = demo_steps()
        .into_iter()
        .filter(|s| s.trade.as_str() == TRADE)
        .collect();
    let at = before
        .iter()
        .position(|s| s.label.starts_with("announcement published"))
        .expect("the trade is announced");
    before.truncate(at + 1);
    let announce = before.pop().unwrap();
    (before, announce)
}

#[tokio::test]
async fn a_custodians_share_is_sealed_to_the_custody_key_they_bound() {
    for backend in Backend::all() {
        let (before, announce) = steps();
        let w = TestApp::builder()
            .backend(&backend)
            .accounts()
            .steps(before)
            .build()
            .await;
        let meta = Meta::default();
        let secret = [42u8; 32];
        let public = x25519_public(&secret);

        // Bad keys are refused and bind nothing: not hex, and a point of small order.
        for bad in ["zz".repeat(32), format!("01{}", "00".repeat(31))] {
            let err = app::accounts::bind_custody_key(&w.platform, &bad, &staff(), &meta)
                .await
                .unwrap_err();
            assert_eq!(err.code(), "account.bad_public_key");
        }
        // The demo's key (the twin of his published seed) stays.
        let me = app::queries::person(&w.platform, "staff-wang")
            .await
            .unwrap();
        let demo = app::demo::demo_custody_key_hex("staff-wang");
        assert_eq!(me.custody_key.as_deref(), Some(demo.as_str()));

        app::accounts::bind_custody_key(&w.platform, &public, &staff(), &meta)
            .await
            .unwrap();
        let me = app::queries::person(&w.platform, "staff-wang")
            .await
            .unwrap();
        assert_eq!(me.custody_key.as_deref(), Some(public.as_str()));

        // The announcement makes the round's key: staff-wang's share is sealed to the custody
        // key he bound and opens with its secret only (his demo seed no longer does);
        // supervisor-zhou's to her demo custody key, the twin of her seed, which opens it.
        run_steps(&w.platform, &w.clock, vec![announce], |_, _| {})
            .await
            .unwrap();
        let trade = TradeId::parse(TRADE).unwrap();
        let state = app::queries::trade_state(&w.platform, &trade)
            .await
            .unwrap();
        let key = state.round.opening_key.clone().unwrap();
        let sealed = |person: &str| {
            let c = key.custodians.iter().find(|c| c.person.as_str() == person);
            app::bidding::decode_share(&c.unwrap().encrypted_share).unwrap()
        };
        let wang = sealed(&staff().id);
        let (for_trade, s1) = seal::open_share_x25519(&secret, &wang).unwrap();
        assert_eq!(for_trade, TRADE);
        let typed = seal::open_share_ed25519(&demo_seed("staff-wang"), &wang);
        assert_eq!(typed.unwrap_err().code(), "seal.wrong_key");
        let zhou = sealed(&supervisor().id);
        let twin = app::demo::demo_custody_key_hex("supervisor-zhou");
        let twin = seal::CustodianKey::X25519(hex::decode(twin).unwrap().try_into().unwrap());
        let header = seal::Envelope::parse(&zhou).unwrap();
        assert_eq!(header.key_id_hex(), twin.key_id().unwrap());
        let (_, s2) = seal::open_share_ed25519(&demo_seed("supervisor-zhou"), &zhou).unwrap();
        let public_key = app::bidding::opening_public_key(&key).unwrap();
        seal::combine(&[s1, s2], &public_key).unwrap();
        w.close().await;
    }
}

/// The link's page binds the custody key with the password for a person who may hold shares,
/// and drops it for one who may not (a bidder is never a custodian).
#[tokio::test]
async fn the_link_page_binds_a_custody_key_only_where_shares_may_go() {
    let w = TestApp::with_accounts(&Backend::Sqlite).await;
    let meta = Meta::default();
    let public = x25519_public(&[9u8; 32]);
    for (person, kept) in [("staff-chen", true), ("bidder-2", false)] {
        let token = issue_link(&w, person).await;
        let keys = app::accounts::BrowserKeys {
            sign_in: None,
            custody: Some(&public),
        };
        app::registration::redeem_link_with_keys(
            &w.platform,
            person,
            &token,
            "a long passphrase 9",
            keys,
            &meta,
        )
        .await
        .unwrap();
        let view = app::queries::person(&w.platform, person).await.unwrap();
        assert_eq!(view.custody_key.is_some(), kept, "{person}");
    }
}

/// A fresh one-time link for `person` (its token; the log keeps the hash).
async fn issue_link(w: &TestApp, person: &str) -> String {
    use sha2::Digest;
    let token = format!("{person}-token-0123456789abcdef");
    let hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
    let by = if person.starts_with("staff") {
        domain::Actor::new("demo-setup", domain::Role::Administrator)
    } else {
        staff()
    };
    let issue = domain::accounts::PersonCommand::IssueLink {
        purpose: domain::accounts::LinkPurpose::PasswordReset,
        token_sha256: domain::Sha256Hex::parse(&hash).unwrap(),
        expires_at: w.platform.clock().now() + time::Duration::days(1),
    };
    app::accounts::execute_person(&w.platform, person, issue, &by, &Meta::default())
        .await
        .unwrap();
    token
}
