//! The draw in the app: request → commit → checkpoint beacon → draw, invitations only to the
//! drawn, declines and redraws, the committee recorded on the trade, the reveal only once
//! the evaluation starts, a published draw that re-checks, messages through a gateway, and
//! nothing logged that ties a drawn expert to the trade before the reveal.

use std::sync::Arc;

use app::demo::{DEMO_EXPERTS, DEMO_SPECIALTY, standing_steps, trade_id};
use app::experts::{DrawInput, FileGateway};
use domain::experts::{DrawPhase, Quota, RegionRule, Seat, SpecialtyCode, TimeRange};
use domain::{Actor, Role};
use test_support::*;
use time::macros::datetime;

const TRADE: &str = "GC-2026-0904";
/// Another announced trade, drawn for an overlapping evaluation.
const OTHER: &str = app::demo::DRAW_SOON;

fn input(experts: u32) -> DrawInput {
    DrawInput {
        committee_size: experts,
        tenderer_representatives: 0,
        quotas: vec![Quota {
            specialty: SpecialtyCode::parse(DEMO_SPECIALTY).unwrap(),
            count: experts,
        }],
        region_rule: RegionRule::Any,
        evaluation: TimeRange {
            from: datetime!(2026-11-26 13:00 +8),
            to: datetime!(2026-11-26 17:00 +8),
        },
        place: "远程异地评标".into(),
        complex: false,
        supervising_orgs: vec![],
        principals: vec![],
    }
}

/// A committee of five: `n` from the demo specialty, the rest from the synthetic pool's B01.
fn mixed(n: u32) -> DrawInput {
    let mut i = input(5);
    i.quotas = vec![
        Quota {
            specialty: SpecialtyCode::parse("B01").unwrap(),
            count: 5 - n,
        },
        Quota {
            specialty: SpecialtyCode::parse(DEMO_SPECIALTY).unwrap(),
            count: n,
        },
    ];
    i
}

fn expert(person: &str) -> Actor {
    Actor::new(person, Role::Expert)
}

async fn standing(backend: &Backend) -> (TestApp, std::path::PathBuf) {
    let steps: Vec<_> = standing_steps()
        .into_iter()
        .filter(|s| [TRADE, OTHER].contains(&s.trade.as_str()))
        .collect();
    let w = TestApp::builder()
        .backend(backend)
        .platform(|p, dir| {
            p.with_gateway(Arc::new(FileGateway {
                dir: dir.join("sms"),
            }))
        })
        .steps(steps)
        .at(datetime!(2026-11-25 10:00 +8))
        .build()
        .await;
    let spool = w.dir.join("sms");
    (w, spool)
}

async fn invited(w: &TestApp) -> Vec<(&'static str, u32)> {
    let mut out = Vec::new();
    for (person, _, _) in DEMO_EXPERTS {
        for inv in app::queries::invitations(&w.platform, &expert(person))
            .await
            .unwrap()
        {
            if inv.status == Seat::Pending && inv.trade == TRADE {
                out.push((person, inv.seat));
            }
        }
    }
    out
}

async fn draw_declines_redraw_and_reveal(backend: Backend) {
    let (w, spool) = standing(&backend).await;
    let p = &w.platform;
    let trade = trade_id(TRADE);
    let staff = center_staff();
    let meta = app::Meta::default();

    // too few eligible: refused, and nothing is logged
    let err = app::experts::draw(p, &trade, &input(9), &staff, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "draw.too_few_eligible", "{err}");
    assert!(
        app::queries::draw_view(p, &trade, &staff)
            .await
            .unwrap()
            .phase
            .is_none()
    );

    // a tenderer cannot draw
    let tenderer = Actor::new("tenderer-14", Role::Tenderer)
        .with_org(app::demo::DemoOrg::Tenderer(14).code().as_str());
    let err = app::experts::draw(p, &trade, &input(5), &tenderer, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "draw.wrong_role");

    let view = app::experts::draw(p, &trade, &input(5), &staff, &meta)
        .await
        .unwrap();
    assert_eq!(view.phase, Some(DrawPhase::Drawn));
    assert_eq!(view.seats.len(), 5);
    assert!(view.beacon_tree_size.unwrap() > view.commitment_leaf.unwrap());
    assert!(
        view.seats
            .iter()
            .all(|s| s.name.is_none() && s.expert.is_none())
    );

    // experts held by this sealed list are not drawn for an overlapping evaluation: of the
    // seven serving the specialty two are left
    let other = trade_id(OTHER);
    let err = app::experts::draw(p, &other, &mixed(3), &staff, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "draw.too_few_eligible", "{err}");

    // only the five drawn experts are invited; the SMS spool got five messages
    let inv = invited(&w).await;
    assert_eq!(inv.len(), 5, "{inv:?}");
    let sms = std::fs::read_to_string(spool.join("sms.jsonl")).unwrap();
    assert_eq!(sms.lines().count(), 5);
    let messages = app::queries::trade_messages(p, &trade, &staff)
        .await
        .unwrap();
    assert_eq!(messages.len(), 5);
    let err = app::queries::trade_messages(p, &trade, &Actor::new("bidder-1", Role::Bidder))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "draw.wrong_role", "the messages are for staff");
    assert!(
        messages
            .iter()
            .all(|m| m.status == domain::outbox::Status::Sent)
    );

    // the log ties no drawn expert to the trade: no expert id, name or phone in the draw's
    // or the messages' events
    let mut logged = String::new();
    for prefix in ["draw:", "outbox:"] {
        for e in p.store().load_prefix(prefix).await.unwrap() {
            logged.push_str(&serde_json::to_string(&e.record).unwrap());
        }
    }
    for (i, (person, name, _)) in DEMO_EXPERTS.iter().enumerate() {
        for needle in [
            person.to_string(),
            name.to_string(),
            format!("EX-{:03}", i + 1),
            format!("1380000{:04}", i + 1),
        ] {
            assert!(!logged.contains(&needle), "{needle} is in the log");
        }
    }

    // a decline needs a reason; then the first declines, the rest confirm
    let (decliner, _) = inv[0];
    let err = app::experts::answer_invitation(p, &trade, false, None, &expert(decliner), &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "draw.decline_reason");
    app::experts::answer_invitation(
        p,
        &trade,
        false,
        Some("出差".into()),
        &expert(decliner),
        &meta,
    )
    .await
    .unwrap();
    for (person, _) in &inv[1..] {
        app::experts::answer_invitation(p, &trade, true, None, &expert(person), &meta)
            .await
            .unwrap();
    }
    // an expert not drawn has nothing to answer
    let outsider = DEMO_EXPERTS
        .iter()
        .map(|e| e.0)
        .find(|e| !inv.iter().any(|(p, _)| p == e))
        .unwrap();
    let err = app::experts::answer_invitation(p, &trade, true, None, &expert(outsider), &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = app::experts::record_committee(p, &trade, &staff, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "draw.not_confirmed");

    // the redraw replaces the decliner with one never drawn
    let view = app::experts::redraw(p, &trade, &staff, &meta)
        .await
        .unwrap();
    assert_eq!(view.round, 1);
    let again = invited(&w).await;
    assert_eq!(again.len(), 1, "{again:?}");
    assert_ne!(again[0].0, decliner);
    assert!(!inv.iter().any(|(p, _)| *p == again[0].0));
    assert_eq!(
        again[0].1, inv[0].1,
        "the replacement takes the declined seat"
    );
    app::experts::answer_invitation(p, &trade, true, None, &expert(again[0].0), &meta)
        .await
        .unwrap();

    app::experts::record_committee(p, &trade, &staff, &meta)
        .await
        .unwrap();
    let state = p.load_trade(&trade).await.unwrap().state;
    assert_eq!(state.phase, domain::trade::Phase::ExpertsDrawn);
    assert_eq!(
        state.round.draw.as_ref().unwrap().commitment.to_string(),
        app::queries::draw_view(p, &trade, &staff)
            .await
            .unwrap()
            .list_digest
            .unwrap()
    );

    // sealed until the evaluation starts
    let err = app::experts::reveal_draw(p, &trade, &staff)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "draw.still_sealed");
    assert!(
        app::queries::published_draw(p, &trade)
            .await
            .unwrap()
            .is_none()
    );
    assert!(app::queries::committee(p, &trade).await.unwrap().is_empty());

    w.clock.set(datetime!(2026-11-26 13:00 +8));
    app::experts::reveal_draw(p, &trade, &staff).await.unwrap();
    let committee = app::queries::committee(p, &trade).await.unwrap();
    assert_eq!(committee.len(), 5);
    assert!(
        committee
            .iter()
            .all(|m| m.person.is_some() && !m.name.is_empty())
    );
    assert!(
        !committee
            .iter()
            .any(|m| m.person.as_deref() == Some(decliner))
    );
    let view = app::queries::draw_view(p, &trade, &staff).await.unwrap();
    assert!(view.seats.iter().all(|s| s.name.is_some()));
    let public = app::queries::draw_view(p, &trade, &Actor::new("anyone", Role::Public))
        .await
        .unwrap();
    assert!(public.seats.iter().all(|s| s.name.is_none()));

    // the published draw re-checks, and fails once one entry changes
    let published = app::queries::published_draw(p, &trade)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(published.problem, None);
    let mut changed = published.published.clone();
    changed.pool.pop();
    assert!(domain::experts::verify_draw(&changed).is_err());

    // mutual rating, once the evaluation is over: the tenderer, and fellow members
    let seat0 = committee[0].person.clone().unwrap();
    let err = app::experts::rate_member(p, &trade, 1, 4, String::new(), &tenderer, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "expert.rate_after_evaluation");
    w.clock.set(datetime!(2026-11-26 17:00 +8));
    app::experts::rate_member(p, &trade, 1, 2, "迟到".into(), &tenderer, &meta)
        .await
        .unwrap();
    let err = app::experts::rate_member(p, &trade, 1, 2, String::new(), &tenderer, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "expert.already_rated");
    app::experts::rate_member(p, &trade, 1, 2, String::new(), &expert(&seat0), &meta)
        .await
        .unwrap();
    let err = app::experts::rate_member(p, &trade, 0, 5, String::new(), &expert(&seat0), &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "expert.not_you");
    let bidder = Actor::new("bidder-1", Role::Bidder)
        .with_org(app::demo::DemoOrg::Bidder(1).code().as_str());
    let err = app::experts::rate_member(p, &trade, 1, 5, String::new(), &bidder, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "expert.not_a_rater");
    let rated = committee[1].expert.as_str().to_owned();
    let summaries = app::queries::expert_summaries(p, &center_staff())
        .await
        .unwrap();
    let s = summaries.iter().find(|s| s.id == rated).unwrap();
    assert_eq!(s.ratings, 2);

    // the members were booked at the reveal: still not drawn for an overlapping evaluation
    let err = app::experts::draw(p, &other, &mixed(3), &staff, &meta)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "draw.too_few_eligible", "{err}");
    w.clock.set(datetime!(2026-11-25 10:00 +8));
    let view = app::experts::draw(p, &other, &mixed(2), &staff, &meta)
        .await
        .unwrap();
    assert_eq!(view.seats.len(), 5);

    assert_eq!(summaries.len(), 47);
    let members: Vec<&str> = committee.iter().map(|m| m.expert.as_str()).collect();
    assert!(members.iter().all(|m| summaries.iter().any(|s| s.id == *m)));
}

/// `verify` replays the pool, the draw and its messages (and finds every file it names).
async fn verify_replays_the_draw(backend: Backend) {
    let (w, _) = standing(&backend).await;
    let p = &w.platform;
    let trade = trade_id(TRADE);
    app::experts::draw(p, &trade, &input(5), &center_staff(), &app::Meta::default())
        .await
        .unwrap();
    p.verify(None).await.unwrap();
}

/// Whether `actor` sees any name in the draw of `trade`.
async fn sees_names(p: &app::Platform, trade: &domain::TradeId, actor: &Actor) -> bool {
    let view = app::queries::draw_view(p, trade, actor).await.unwrap();
    view.seats
        .iter()
        .any(|s| s.name.is_some() || s.expert.is_some())
}

/// The committee's names, from the reveal at the evaluation's start to the result: staff,
/// supervisors and the members know them; the tenderer, its agency, bidders and the public
/// only with the procurement result announcement (财政部令第87号 第69条; construction: the
/// award, 招标投标法 第37条, see domain/tests/award.rs). The published draw names nobody.
async fn names_stay_confidential_until_the_result(backend: Backend) {
    let steps: Vec<_> = standing_steps()
        .into_iter()
        .filter(|s| s.trade.as_str() == app::demo::EVALUATION_SOON)
        .collect();
    let w = TestApp::builder()
        .backend(&backend)
        .steps(steps)
        .build()
        .await;
    let (p, meta) = (&w.platform, app::Meta::default());
    let trade = trade_id(app::demo::EVALUATION_SOON);
    let staff = center_staff();
    let from = app::queries::draw_view(p, &trade, &staff)
        .await
        .unwrap()
        .evaluation
        .unwrap()
        .from;
    w.clock.set(from + time::Duration::minutes(1));
    app::experts::start_evaluation(p, &trade, &staff, &meta)
        .await
        .unwrap();
    let committee = app::queries::committee(p, &trade).await.unwrap();
    assert_eq!(committee.len(), 5);
    let member = expert(committee[0].person.as_deref().unwrap());
    let (tenderer, agency) = (app::demo::tenderer(14), app::demo::agency());
    let outsiders = [
        tenderer.clone(),
        agency.clone(),
        app::demo::bidder(2),
        Actor::new("anyone", Role::Public),
    ];
    let check = |public: bool| {
        let outsiders = outsiders.clone();
        let (staff, member, trade) = (staff.clone(), member.clone(), trade.clone());
        async move {
            for insider in [&staff, &app::demo::supervisor(), &member] {
                assert!(sees_names(p, &trade, insider).await, "{}", insider.id);
            }
            for outsider in &outsiders {
                assert_eq!(
                    sees_names(p, &trade, outsider).await,
                    public,
                    "{}",
                    outsider.id
                );
            }
        }
    };
    check(false).await;

    // The published draw re-checks and names nobody: pseudonyms, specialties, regions.
    let published = app::queries::published_draw(p, &trade)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(published.problem, None);
    let json = serde_json::to_string(&published.published).unwrap();
    assert!(json.contains("\"format\":\"sunbid-draw/2\""), "{json}");
    for field in [
        "birth_date",
        "employers",
        "relations",
        "conduct",
        "credit",
        "bookings",
        "name",
    ] {
        assert!(
            !json.contains(&format!("\"{field}\"")),
            "{field} is published: {json}"
        );
    }
    for (i, (person, name, _)) in DEMO_EXPERTS.iter().enumerate() {
        for needle in [
            person.to_string(),
            name.to_string(),
            format!("EX-{:03}", i + 1),
        ] {
            assert!(!json.contains(&needle), "{needle} is published");
        }
    }

    // Evaluated, then awarded: still confidential; announced: public.
    let bytes = b"evaluation report";
    p.blobs().put(bytes).unwrap();
    let report = app::trades::file_ref("report.txt", bytes).unwrap();
    let ranked = [2, 4, 6].map(app::demo::bidder_org).to_vec();
    let record = domain::TradeCommand::RecordEvaluation { report, ranked };
    app::trades::execute(p, &trade, record, &staff, &meta)
        .await
        .unwrap();
    check(false).await;
    let award = domain::TradeCommand::DecideAward {
        winner: app::demo::bidder_org(2),
        reason: None,
    };
    app::trades::execute(p, &trade, award, &tenderer, &meta)
        .await
        .unwrap();
    check(false).await;
    app::trades::execute(
        p,
        &trade,
        domain::TradeCommand::PublishResult,
        &agency,
        &meta,
    )
    .await
    .unwrap();
    check(true).await;
}

on_both_backends!(
    draw_declines_redraw_and_reveal,
    verify_replays_the_draw,
    names_stay_confidential_until_the_result
);
