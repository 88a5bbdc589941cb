//! Account use cases: organisations (unified social credit code checked), people, posts;
//! their projections re-derive in `verify` (credentials included), and a backup (B) acts
//! for an away primary (A) with the log recording on whose behalf. SQLite, and PostgreSQL
//! when `DATABASE_URL` is set.

use app::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, DemoOrg, agency};
use app::{AppError, Meta, VerifyError};
use domain::accounts::{OrgCommand, OrgKind, PostCommand};
use domain::trade::TradeCommand;
use domain::{PersonId, RegionCode, TradeId};
use test_support::*;
use time::Duration;

fn code(e: &AppError) -> &'static str {
    e.code()
}

async fn invalid_code_is_refused_and_appends_nothing(backend: Backend) {
    let w = TestApp::empty(&backend).await;
    // The check character of a valid code, changed.
    let good = DemoOrg::Bidder(1).code().to_string();
    let last = if good.ends_with('0') { '1' } else { '0' };
    let bad = format!("{}{last}", &good[..17]);
    let register = OrgCommand::Register {
        code: DemoOrg::Bidder(1).code(),
        name: "江苏测试有限公司".into(),
        kind: OrgKind::Bidder,
        region: RegionCode::parse("320100").unwrap(),
    };
    let err = app::accounts::execute_org(
        &w.platform,
        &bad,
        register.clone(),
        &center_staff(),
        &Meta::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(code(&err), "account.invalid_value", "{err}");
    assert!(err.to_string().contains("check character"), "{err}");
    // A command for another stream than the one named.
    let other = DemoOrg::Bidder(2).code().to_string();
    let err = app::accounts::execute_org(
        &w.platform,
        &other,
        register,
        &center_staff(),
        &Meta::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "{err}");
    assert_eq!(w.platform.store().tree_head().await.unwrap().size, 0);
    assert!(app::queries::orgs(&w.platform).await.unwrap().is_empty());
}

async fn accounts_project_and_verify_catches_a_tampered_credential(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    let center = app::queries::org(p, DemoOrg::Center.code().as_str())
        .await
        .unwrap();
    assert_eq!(center.name, "杭州市公共资源交易中心");
    assert_eq!(center.kind, OrgKind::Center);
    let people = app::queries::people(p).await.unwrap();
    assert_eq!(people.len(), DEMO_ACCOUNTS.len());
    let wang = app::queries::person(p, "staff-wang").await.unwrap();
    assert!(wang.has_password && wang.disabled.is_none());
    assert_eq!(
        app::queries::person(p, "bidder-1")
            .await
            .unwrap()
            .active_keys,
        1
    );
    // No person row carries a hash.
    let listed = serde_json::to_string(&people).unwrap();
    assert!(
        !listed.contains("argon2"),
        "person rows must not carry hashes"
    );
    let post = app::queries::post(p, "acceptance").await.unwrap();
    assert_eq!(post.primary.as_deref(), Some("staff-wang"));
    assert_eq!(post.backup.as_deref(), Some("staff-chen"));
    assert!(matches!(
        app::queries::person(p, "nobody").await,
        Err(AppError::NotFound { .. })
    ));

    let report = p.verify(None).await.unwrap();
    assert!(
        report.to_string().contains("not checked: sessions"),
        "{report}"
    );
    // Someone swaps in a hash of their own: verify names the row.
    w.raw_sql(
        "UPDATE projections SET doc = replace(doc, '$argon2id$v=19$', '$argon2id$v=19$x') \
         WHERE kind = 'credential' AND key = 'agency-li'",
    )
    .await;
    match p.verify(None).await {
        Err(VerifyError::Mismatch(m)) => {
            assert_eq!(m.table, "projections");
            assert_eq!(m.key, "credential/agency-li");
        }
        other => panic!("expected a mismatch, got {other:?}"),
    }
}

async fn password_policy_has_a_clear_code(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let me = w
        .platform
        .current_actor(&PersonId::parse("agency-li").unwrap())
        .await
        .unwrap();
    for weak in ["short1", "1234567890", "agency-li"] {
        let err =
            app::accounts::set_password(&w.platform, "agency-li", weak, &me, &Meta::default())
                .await
                .unwrap_err();
        assert_eq!(code(&err), "auth.weak_password", "{weak}: {err}");
    }
    // Another person cannot set it (the domain refuses), even with a strong password.
    let err = app::accounts::set_password(
        &w.platform,
        "agency-li",
        "a-strong-one-2026",
        &center_staff(),
        &Meta::default(),
    )
    .await
    .unwrap_err();
    assert!(code(&err).starts_with("access."), "{err}");
    app::accounts::set_password(
        &w.platform,
        "agency-li",
        "a-strong-one-2026",
        &me,
        &Meta::default(),
    )
    .await
    .unwrap();
    let ip = Some("198.51.100.9".to_owned());
    assert!(
        w.platform
            .sign_in_password("agency-li", DEMO_PASSWORD, ip.clone())
            .await
            .is_err()
    );
    w.platform
        .sign_in_password("agency-li", "a-strong-one-2026", ip)
        .await
        .unwrap();
}

async fn backup_acts_only_while_primary_is_away(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let p = &w.platform;
    w.clock.set(time::macros::datetime!(2026-03-02 09:00 +8));
    let chen = p
        .sign_in_password("staff-chen", DEMO_PASSWORD, None)
        .await
        .unwrap()
        .info;
    let wang = p
        .sign_in_password("staff-wang", DEMO_PASSWORD, None)
        .await
        .unwrap()
        .info;
    let err = p.acting_actor(&chen, "acceptance").await.unwrap_err();
    assert_eq!(code(&err), "account.primary_present", "{err}");
    let as_wang = p.acting_actor(&wang, "acceptance").await.unwrap();
    assert_eq!(as_wang.on_behalf_of, None);

    // Wang is away for a day: Chen acts for him, Wang may not.
    let away = PostCommand::MarkAway {
        person: PersonId::parse("staff-wang").unwrap(),
        until: Some(w.clock.now_plus(Duration::days(1))),
    };
    app::accounts::execute_post(p, "acceptance", away, &wang.actor, &Meta::default())
        .await
        .unwrap();
    let err = p.acting_actor(&wang, "acceptance").await.unwrap_err();
    assert_eq!(code(&err), "account.holder_away", "{err}");
    let as_chen = p.acting_actor(&chen, "acceptance").await.unwrap();
    assert_eq!(as_chen.id, "staff-chen");
    assert_eq!(as_chen.on_behalf_of.as_deref(), Some("staff-wang"));

    let trade = TradeId::parse("GC-2026-0777").unwrap();
    let meta = Meta::default();
    app::trades::execute(p, &trade, register(trade.as_str()), &agency(), &meta)
        .await
        .unwrap();
    let accept = TradeCommand::Accept {
        deferred: vec![],
        pledge: None,
    };
    app::trades::execute(p, &trade, accept, &as_chen, &meta)
        .await
        .unwrap();
    let events = p
        .store()
        .load_stream(&format!("trade:{trade}"))
        .await
        .unwrap();
    let last = &events.last().unwrap().record;
    assert_eq!(last.actor, "staff-chen");
    assert_eq!(last.on_behalf_of.as_deref(), Some("staff-wang"));

    // The mark lapses by itself after a day: Chen may no longer act.
    w.clock.advance(Duration::days(1));
    let err = p.acting_actor(&chen, "acceptance").await.unwrap_err();
    assert_eq!(code(&err), "account.primary_present", "{err}");
    // Not staff at all.
    let bidder = p
        .sign_in_password("bidder-1", DEMO_PASSWORD, None)
        .await
        .unwrap()
        .info;
    let err = p.acting_actor(&bidder, "acceptance").await.unwrap_err();
    assert_eq!(code(&err), "account.not_staff", "{err}");
    p.verify(None).await.unwrap();
}

trait Plus {
    fn now_plus(&self, d: Duration) -> time::OffsetDateTime;
}

impl Plus for legal_time::SettableClock {
    fn now_plus(&self, d: Duration) -> time::OffsetDateTime {
        legal_time::Clock::now(self) + d
    }
}

on_both_backends!(
    invalid_code_is_refused_and_appends_nothing,
    accounts_project_and_verify_catches_a_tampered_credential,
    password_policy_has_a_clear_code,
    backup_acts_only_while_primary_is_away,
);
