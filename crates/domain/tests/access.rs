//! The permission matrix: every cell walked from the matrix itself, the legal spot checks
//! (sealed bidder list, read-only supervisors, own bids only, public without an account),
//! and agreement with the trade aggregate on who may act when.

mod support;

use domain::access::{
    Action, Denied, OPENED, Phases, ROLES, Relation, Rule, Scope, authorize, authorize_command,
    matrix, may_read_event, read_action, read_phase, relation_to_trade, rule_for, rules,
};
use domain::trade::{Phase, TradeCommand, TradeEvent, TradeState};
use domain::{Actor, Aggregate, Context, DomainEvent, Role, rules_for};
use legal_time::OffsetDateTime;
use support::plan::{Plan, construction_open, procurement_open};
use support::*;

/// Every phase (the match keeps the list complete).
const PHASES: [Phase; 16] = {
    use Phase::*;
    [
        Unregistered,
        Registered,
        Accepted,
        VenueBooked,
        DocumentsReady,
        Announced,
        ExpertsDrawn,
        Opened,
        Evaluated,
        Publicized,
        Awarded,
        Confirmed,
        Suspended,
        Cancelled,
        Failed,
        Rejected,
    ]
};
const _: fn(Phase) = |p| {
    use Phase::*;
    match p {
        Unregistered | Registered | Accepted | VenueBooked | DocumentsReady | Announced
        | ExpertsDrawn | Opened | Evaluated | Publicized | Awarded | Confirmed | Suspended
        | Cancelled | Failed | Rejected => {}
    }
};

const RELATIONS: [Relation; 6] = [
    Relation::None,
    Relation::Tenderer,
    Relation::Agency,
    Relation::Bidder,
    Relation::Committee,
    Relation::Oneself,
];

/// `None` (no trade) and every phase.
fn phases() -> impl Iterator<Item = Option<Phase>> {
    std::iter::once(None).chain(PHASES.into_iter().map(Some))
}

/// The relation that satisfies a scope for a role.
fn fitting(role: Role, scope: Scope) -> Relation {
    match scope {
        Scope::Any => Relation::None,
        Scope::OwnOrg if role == Role::Agency => Relation::Agency,
        Scope::OwnOrg => Relation::Tenderer,
        Scope::OwnBid => Relation::Bidder,
        Scope::Committee => Relation::Committee,
        Scope::Oneself => Relation::Oneself,
    }
}

fn code(r: Result<(), Denied>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(d) => d.code(),
    }
}

/// What a refusal outside the rule must say: the seal when the action is sealed in that
/// phase (for everyone but the platform), otherwise `otherwise`.
fn expected_refusal(role: Role, action: Action, phase: Option<Phase>, otherwise: &str) -> String {
    match action.seal() {
        Some(seal)
            if role != Role::Platform && !phase.is_some_and(|p| seal.lifted_in().contains(&p)) =>
        {
            format!(
                "access.sealed_{}",
                serde_json::to_value(seal).unwrap().as_str().unwrap()
            )
        }
        _ => otherwise.to_owned(),
    }
}

#[test]
fn every_cell_of_the_matrix_is_enforced() {
    let mut cells = 0;
    for role in ROLES {
        for action in Action::ALL {
            cells += 1;
            let Some(rule) = rule_for(role, action) else {
                // no rule: refused in every phase and relation
                for phase in phases() {
                    for rel in RELATIONS {
                        let want = expected_refusal(role, action, phase, "access.wrong_role");
                        assert_eq!(
                            code(authorize(role, action, phase, rel)),
                            want,
                            "{role:?} {action}"
                        );
                    }
                }
                continue;
            };
            let rel = fitting(role, rule.scope);
            let inside: Vec<Option<Phase>> = phases().filter(|p| rule.phases.allows(*p)).collect();
            assert!(
                !inside.is_empty(),
                "{role:?} {action}: a rule that never applies"
            );
            for phase in phases() {
                let got = code(authorize(role, action, phase, rel));
                let want = if rule.phases.allows(phase) {
                    "ok".to_owned()
                } else {
                    expected_refusal(role, action, phase, "access.wrong_phase")
                };
                assert_eq!(got, want, "{role:?} {action} in {phase:?}");
            }
            if rule.scope != Scope::Any {
                for other in RELATIONS.into_iter().filter(|r| *r != rel) {
                    let got = code(authorize(role, action, inside[0], other));
                    assert_eq!(got, "access.not_party", "{role:?} {action} as {other:?}");
                }
            }
        }
    }
    assert_eq!(cells, ROLES.len() * Action::ALL.len());
}

#[test]
fn the_matrix_lists_each_role_once_per_action_and_walks_every_rule() {
    for action in Action::ALL {
        let roles: Vec<Role> = rules(action).iter().map(|(r, _)| *r).collect();
        let mut unique = roles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(roles.len(), unique.len(), "{action}: a role listed twice");
    }
    let walked: Vec<(Role, Action, Rule)> = matrix().collect();
    let counted: usize = Action::ALL.iter().map(|a| rules(*a).len()).sum();
    assert_eq!(walked.len(), counted);
    for (role, action, rule) in &walked {
        assert_eq!(rule_for(*role, *action), Some(*rule));
    }
    // the matrix as JSON, for the API documentation and the HTTP authorisation test
    let json = serde_json::to_value(&walked).unwrap();
    assert_eq!(
        json[0],
        serde_json::json!(["tenderer", "register", {"phases": {"kind": "only", "phases": ["unregistered"]}, "scope": "any"}])
    );
}

#[test]
fn action_names_are_the_trade_command_names() {
    for action in Action::ALL {
        assert_eq!(Action::from_name(action.as_str()), Some(action));
        let json = serde_json::to_value(action).unwrap();
        assert_eq!(json.as_str(), Some(action.as_str()));
    }
    let plan = construction_open();
    let samples = samples(&plan);
    let trade_actions: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|a| a.is_trade_command())
        .collect();
    assert_eq!(samples.len(), trade_actions.len());
    for (cmd, action) in samples.iter().zip(trade_actions) {
        assert_eq!(Action::for_command(cmd), Ok(action));
        assert_eq!(cmd.action(), action.as_str());
        assert!(!action.is_read());
    }
}

#[test]
fn nobody_but_the_platform_lists_bidders_or_document_obtainers_before_the_opening() {
    let before = [
        None,
        Some(Phase::Registered),
        Some(Phase::DocumentsReady),
        Some(Phase::Announced),
        Some(Phase::ExpertsDrawn),
        Some(Phase::Suspended),
        Some(Phase::Failed),
        Some(Phase::Cancelled),
    ];
    for action in [Action::ViewBidders, Action::ViewDocumentObtainers] {
        for role in ROLES.into_iter().filter(|r| *r != Role::Platform) {
            for phase in before {
                for rel in RELATIONS {
                    let err = authorize(role, action, phase, rel).unwrap_err();
                    assert_eq!(err.code(), "access.sealed_until_opening");
                    assert!(err.to_string().contains("电子招标投标办法 第21条"), "{err}");
                }
            }
        }
        assert!(
            authorize(
                Role::Platform,
                action,
                Some(Phase::Announced),
                Relation::None
            )
            .is_ok()
        );
        // lifted by the opening, for those with a rule
        for phase in OPENED {
            let ok = |role, rel| authorize(role, action, Some(*phase), rel).is_ok();
            assert!(ok(Role::CenterStaff, Relation::None));
            assert!(ok(Role::Supervisor, Relation::None));
            assert!(ok(Role::Tenderer, Relation::Tenderer));
            assert!(!ok(Role::Tenderer, Relation::None));
            // the bidders named in the opening record read it (电子招标投标办法 第32条), not
            // the list of who obtained the documents
            assert_eq!(
                ok(Role::Bidder, Relation::Bidder),
                action == Action::ViewBidders,
                "{action}"
            );
            assert!(!ok(Role::Bidder, Relation::None));
            assert!(!ok(Role::Public, Relation::None));
        }
    }
}

#[test]
fn the_committee_stays_sealed_until_the_award() {
    let err = authorize(
        Role::Supervisor,
        Action::ViewExperts,
        Some(Phase::Opened),
        Relation::None,
    )
    .unwrap_err();
    assert_eq!(err.code(), "access.sealed_until_award");
    assert!(
        authorize(
            Role::Supervisor,
            Action::ViewExperts,
            Some(Phase::Awarded),
            Relation::None
        )
        .is_ok()
    );
}

#[test]
fn supervisors_read_every_trade_and_write_only_suspend_and_resume() {
    for action in Action::ALL {
        let rule = rule_for(Role::Supervisor, action);
        if action.is_trade_command() {
            // a supervisor may also be a custodian of the opening key: handing in its share
            // decides nothing (the opening key names the person, issue #4)
            let allowed = matches!(
                action,
                Action::Suspend | Action::Resume | Action::SubmitShare
            );
            assert_eq!(rule.is_some(), allowed, "{action}");
            if !allowed {
                for phase in phases() {
                    let err =
                        authorize(Role::Supervisor, action, phase, Relation::None).unwrap_err();
                    assert_eq!(err.code(), "access.wrong_role", "{action}");
                    assert!(err.to_string().contains("role supervisor"), "{err}");
                }
            }
        } else if action.is_read() && action != Action::ViewBidsOwn {
            let rule = rule.unwrap_or_else(|| panic!("supervisors read {action}"));
            assert_eq!(rule.scope, Scope::Any, "{action}: on every trade");
        }
    }
    for action in [Action::ManageAccounts, Action::ManagePosts] {
        assert_eq!(
            code(authorize(Role::Supervisor, action, None, Relation::None)),
            "access.wrong_role"
        );
    }
}

#[test]
fn a_bidder_sees_its_own_bids_only() {
    let bidder = |action, rel| code(authorize(Role::Bidder, action, Some(Phase::Announced), rel));
    assert_eq!(bidder(Action::ViewBidsOwn, Relation::Bidder), "ok");
    assert_eq!(
        bidder(Action::ViewBidsOwn, Relation::None),
        "access.not_party"
    );
    assert_eq!(
        bidder(Action::ViewBidders, Relation::Bidder),
        "access.sealed_until_opening"
    );
    assert_eq!(
        bidder(Action::ViewTradeFull, Relation::Bidder),
        "access.wrong_role"
    );
    assert_eq!(
        bidder(Action::ViewLogFull, Relation::Bidder),
        "access.wrong_role"
    );
    // nobody knows whose a sealed bid is: the token of the receipt proves it, in the trade
    assert_eq!(bidder(Action::WithdrawBid, Relation::None), "ok");
    assert_eq!(bidder(Action::SubmitBid, Relation::None), "ok");
    // after the opening the bidders named in the record read it; others do not
    let after = |rel| {
        code(authorize(
            Role::Bidder,
            Action::ViewBidders,
            Some(Phase::Opened),
            rel,
        ))
    };
    assert_eq!(after(Relation::Bidder), "ok");
    assert_eq!(after(Relation::None), "access.not_party");
}

#[test]
fn public_actions_need_no_account() {
    let public: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|a| rule_for(Role::Public, *a).is_some())
        .collect();
    assert_eq!(
        public,
        [
            Action::ViewTradePublic,
            Action::ViewTimelinePublic,
            Action::ViewCheckpoint,
            Action::VerifyReceipt,
            Action::VerifyCertificate,
            Action::SignIn,
            Action::SignUp,
        ]
    );
    for action in public {
        for phase in phases() {
            assert!(authorize(Role::Public, action, phase, Relation::None).is_ok());
        }
    }
}

#[test]
fn one_own_account_only() {
    let staff = |rel| {
        code(authorize(
            Role::CenterStaff,
            Action::ManageOwnAccount,
            None,
            rel,
        ))
    };
    assert_eq!(staff(Relation::Oneself), "ok");
    assert_eq!(staff(Relation::None), "access.not_party");
    assert_eq!(
        code(authorize(
            Role::Bidder,
            Action::ManageAccounts,
            None,
            Relation::None
        )),
        "access.wrong_role"
    );
}

#[test]
fn an_unknown_command_name_is_refused() {
    assert_eq!(Action::from_name("teleport"), None);
    let err = Denied::UnknownAction {
        name: "teleport".into(),
    };
    assert_eq!(err.code(), "access.unknown_action");
    assert!(err.to_string().contains("teleport"));
}

#[test]
fn denial_messages_name_the_rule() {
    let wrong_phase = authorize(
        Role::CenterStaff,
        Action::Accept,
        Some(Phase::Opened),
        Relation::None,
    )
    .unwrap_err();
    assert_eq!(
        wrong_phase.to_string(),
        "accept: not allowed for role center_staff in phase opened"
    );
    let not_party = authorize(
        Role::Agency,
        Action::PublishResult,
        Some(Phase::Evaluated),
        Relation::Tenderer,
    )
    .unwrap_err();
    assert_eq!(
        not_party.to_string(),
        "publish_result: role agency may act only on trades that name its own organisation"
    );
}

// ----- the matrix against the trade's state -----

#[test]
fn relations_and_read_phases_come_from_the_trade() {
    let plan = construction_open();
    let run = plan.run_to(Phase::ExpertsDrawn);
    let s = &run.state;
    assert_eq!(relation_to_trade(&tenderer(), s), Relation::Tenderer);
    assert_eq!(relation_to_trade(&agency(), s), Relation::Agency);
    // before the opening a sealed bid is nobody's
    assert_eq!(relation_to_trade(&bidder(1), s), Relation::None);
    let opened = plan.run_to(Phase::Opened);
    assert_eq!(
        relation_to_trade(&bidder(1), &opened.state),
        Relation::Bidder
    );
    assert_eq!(relation_to_trade(&bidder(9), &opened.state), Relation::None);
    assert_eq!(relation_to_trade(&bidder(9), s), Relation::None);
    assert_eq!(relation_to_trade(&staff(), s), Relation::None);
    // an agency user whose org is the tenderer's is still judged as an agency
    let odd = Actor::new("x", Role::Agency).with_org(tenderer_org().as_str());
    assert_eq!(relation_to_trade(&odd, s), Relation::None);

    let mut suspended = plan.run_to(Phase::Evaluated);
    suspended.ok(
        TradeCommand::Suspend {
            reason: "投诉".into(),
        },
        &supervisor(),
        plan.t.evaluate,
    );
    assert_eq!(suspended.phase(), Phase::Suspended);
    assert_eq!(read_phase(&suspended.state), Phase::Evaluated);
    // reading who bid survives the suspension; writing waits for the resumption
    let sup = Role::Supervisor;
    let state = &suspended.state;
    assert!(domain::access::authorize_on(sup, Action::ViewBidders, state, Relation::None).is_ok());
    let publish = authorize_command(
        Role::Agency,
        &TradeCommand::PublishResult,
        state,
        Relation::Agency,
    );
    assert_eq!(publish.unwrap_err().code(), "access.wrong_phase");
}

/// `actor` reads `event` of `state`, with its relation to the trade.
fn read_as(actor: &Actor, state: &TradeState, event: &TradeEvent) -> &'static str {
    let rel = match actor.role {
        Role::Expert => Relation::Committee,
        _ => relation_to_trade(actor, state),
    };
    code(may_read_event(actor.role, state, rel, event))
}

fn everyone_but_the_platform() -> Vec<Actor> {
    vec![
        staff(),
        supervisor(),
        tenderer(),
        agency(),
        expert(),
        public(),
        bidder(1),
        bidder(9),
        custodian(0),
        custodian(1),
        custodian(2),
    ]
}

#[test]
fn events_are_read_through_the_matrix() {
    let plan = construction_open();
    let run = plan.run_to(Phase::ExpertsDrawn);
    let bid = run
        .log
        .iter()
        .find(|e| matches!(e, TradeEvent::BidSubmitted { .. }))
        .unwrap();
    assert_eq!(read_action(bid), Action::ViewBidders);
    // before the opening: no own bid, no exception for supervisors or the tenderer
    for actor in everyone_but_the_platform() {
        assert_eq!(
            read_as(&actor, &run.state, bid),
            "access.sealed_until_opening",
            "{actor:?}"
        );
    }
    assert_eq!(read_as(&Actor::platform(), &run.state, bid), "ok");
    let opened = plan.run_to(Phase::Opened);
    let o = &opened.state;
    assert_eq!(read_as(&supervisor(), o, bid), "ok");
    assert_eq!(read_as(&staff(), o, bid), "ok");
    assert_eq!(read_as(&tenderer(), o, bid), "ok");
    assert_eq!(read_as(&bidder(1), o, bid), "ok");
    assert_eq!(read_as(&bidder(9), o, bid), "access.not_party");
    assert_eq!(read_as(&public(), o, bid), "access.wrong_role");
    let public_event = opened.log.last().unwrap();
    assert_eq!(public_event.kind(), "trade.bids_opened");
    assert_eq!(read_action(public_event), Action::ViewTimelinePublic);
    assert_eq!(read_as(&public(), o, public_event), "ok");
    let private = &opened.log[1]; // accepted
    assert_eq!(read_action(private), Action::ViewLogFull);
    assert_eq!(read_as(&public(), o, private), "access.wrong_role");
    assert_eq!(read_as(&bidder(1), o, private), "access.wrong_role");
}

#[test]
fn sealed_events_and_shares_are_for_the_platform_only_before_the_opening() {
    let plan = construction_open();
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(withdraw(3, 3, token(3)), &bidder(3), plan.t.bid);
    run.ok(sealed_bid(4, 4), &bidder(4), plan.t.bid);
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    run.shares(&[0, 1], plan.t.share(0));
    let sealed: Vec<&TradeEvent> = run
        .log
        .iter()
        .filter(|e| {
            matches!(
                e,
                TradeEvent::BidSubmitted { .. }
                    | TradeEvent::BidWithdrawn { .. }
                    | TradeEvent::DocumentsObtained { .. }
                    | TradeEvent::ShareSubmitted { .. }
            )
        })
        .collect();
    assert_eq!(sealed.len(), 3 + 4 + 1 + 2);
    for event in &sealed {
        let action = read_action(event);
        assert!(
            matches!(action, Action::ViewBidders | Action::ViewDocumentObtainers),
            "{}",
            event.kind()
        );
        for actor in everyone_but_the_platform() {
            // the custodians too: their own share reveals nothing to them through the log
            assert_eq!(
                read_as(&actor, &run.state, event),
                "access.sealed_until_opening",
                "{actor:?} {}",
                event.kind()
            );
        }
        assert_eq!(read_as(&Actor::platform(), &run.state, event), "ok");
    }
    // the opening has started (public), nothing else is known
    let started = run
        .log
        .iter()
        .find(|e| e.kind() == "trade.opening_started")
        .unwrap();
    assert_eq!(read_as(&public(), &run.state, started), "ok");
}

#[test]
fn the_opening_record_is_read_by_the_bidders_named_in_it() {
    let mut plan = construction_open();
    plan.bidders = vec![1, 2, 3, 4];
    let mut run = plan.run_to(Phase::ExpertsDrawn);
    run.ok(TradeCommand::OpenBids, &staff(), plan.t.open());
    run.shares(&[0, 1], plan.t.share(0));
    // bidder 4's bid is revoked: it is still named in the record
    let results = vec![
        opened(1, 1),
        opened(2, 2),
        opened(3, 3),
        failed(Some(4), 4, domain::trade::sealed::Fault::Bidder),
    ];
    run.ok(
        unsealing(results, vec![]),
        &Actor::platform(),
        plan.t.unseal(),
    );
    let at = plan.t.unseal();
    run.ok(
        TradeCommand::RaiseOpeningObjection {
            bidder: bidder_org(2),
            text: "唱标价格有误".into(),
        },
        &bidder(2),
        at,
    );
    run.ok(
        TradeCommand::ConfirmOpeningRecord {
            bidder: bidder_org(1),
        },
        &bidder(1),
        at,
    );
    let s = &run.state;
    let record: Vec<&TradeEvent> = run
        .log
        .iter()
        .filter(|e| {
            matches!(
                e,
                TradeEvent::BidsUnsealed { .. }
                    | TradeEvent::OpeningObjectionRaised { .. }
                    | TradeEvent::OpeningRecordConfirmed { .. }
                    | TradeEvent::ShareSubmitted { .. }
            )
        })
        .collect();
    assert_eq!(record.len(), 5);
    for event in record {
        assert_eq!(read_action(event), Action::ViewBidders, "{}", event.kind());
        for n in [1, 2, 3, 4] {
            assert_eq!(relation_to_trade(&bidder(n), s), Relation::Bidder);
            assert_eq!(read_as(&bidder(n), s, event), "ok", "bidder {n}");
        }
        assert_eq!(read_as(&bidder(9), s, event), "access.not_party");
        assert_eq!(read_as(&supervisor(), s, event), "ok");
        assert_eq!(read_as(&tenderer(), s, event), "ok");
        assert_eq!(read_as(&agency(), s, event), "ok");
        assert_eq!(
            read_as(&expert(), s, event),
            "ok",
            "the committee evaluates"
        );
        assert_eq!(read_as(&public(), s, event), "access.wrong_role");
        let stranger = Actor::new("x", Role::Tenderer).with_org(bidder_org(8).as_str());
        assert_eq!(read_as(&stranger, s, event), "access.not_party");
    }
    // who obtained the documents is for the parties and staff, not the bidders
    let obtained = run
        .log
        .iter()
        .find(|e| matches!(e, TradeEvent::DocumentsObtained { .. }))
        .unwrap();
    assert_eq!(read_as(&bidder(1), s, obtained), "access.wrong_role");
    assert_eq!(read_as(&supervisor(), s, obtained), "ok");
}

/// One command of each kind, in the order of [`Action::ALL`].
fn samples(plan: &Plan) -> Vec<TradeCommand> {
    use TradeCommand::*;
    vec![
        plan.register_command(),
        accept_plain(),
        RejectEntry {
            reason: "资料不全".into(),
        },
        ReturnEntry {
            reasons: vec!["缺资金证明".into()],
        },
        ResubmitEntry {
            note: "已补正".into(),
            file: None,
        },
        RequestGreenChannel {
            reason: "防汛工程".into(),
        },
        DecideGreenChannel {
            approve: true,
            reason: "同意".into(),
        },
        SubmitDeferredDocument {
            name: "资质证书".into(),
            file: blob("licence.pdf"),
        },
        BookVenue(plan.venue()),
        UploadTenderDocuments {
            file: blob("tender.pdf"),
            evaluation: None,
        },
        announce_with(plan.t.opening, Some(plan.key.clone())),
        AmendDocuments {
            file: blob("amended.pdf"),
            new_deadline: None,
        },
        obtain(1),
        ask_sample(),
        AnswerQuestion {
            number: 1,
            answer: "允许正偏离。".into(),
        },
        RecordExpertDraw {
            committee_size: plan.committee,
            experts_commitment: commitment(),
        },
        submit_bid(1),
        withdraw(1, 1, token(1)),
        OpenBids,
        // the commitment is the acting custodian's own (see `for_actor`)
        share(0),
        unsealing(
            plan.bidders.iter().map(|n| opened(*n, *n)).collect(),
            vec![],
        ),
        AbandonOpening {
            reason: "密钥分片不足".into(),
        },
        ConfirmOpeningRecord {
            bidder: bidder_org(1),
        },
        RaiseOpeningObjection {
            bidder: bidder_org(1),
            text: "唱标有误".into(),
        },
        AnswerOpeningObjection {
            number: 1,
            answer: "已复核".into(),
        },
        RecordEvaluation {
            report: blob("report.pdf"),
            ranked: plan.ranked.iter().map(|b| bidder_org(*b)).collect(),
        },
        RejectAllBids {
            report: blob("report.pdf"),
            reason: "均未实质性响应".into(),
        },
        PublishResult,
        DecideAward {
            winner: bidder_org(plan.ranked[0]),
            reason: None,
        },
        IssueConfirmation {
            certificate_no: "JYQR-2026-000123".into(),
        },
        Suspend {
            reason: "投诉".into(),
        },
        Resume { new_deadline: None },
        Cancel {
            reason: "项目取消".into(),
        },
        Retender {
            reason: "流标".into(),
        },
    ]
}

/// Trades in every phase, including the ends and a suspension on each side of the opening.
fn states(plan: &Plan) -> Vec<TradeState> {
    let t = &plan.t;
    let result = rules_for(plan.line, plan.method).unwrap().result;
    let mut out: Vec<TradeState> = Phase::flow(result)
        .into_iter()
        .map(|p| plan.run_to(p).state)
        .collect();
    let mut deferred = plan.run_to(Phase::Registered);
    let due = time::macros::date!(2026 - 12 - 31);
    deferred.ok(accept_deferred("资质证书", due), &staff(), t.accept);
    out.push(deferred.state);
    // an entry returned for corrections, and one with a green-channel request pending
    let mut returned = plan.run_to(Phase::Registered);
    returned.ok(
        TradeCommand::ReturnEntry {
            reasons: vec!["缺资金证明".into()],
        },
        &staff(),
        t.accept,
    );
    out.push(returned.state);
    let mut green = plan.run_to(Phase::Registered);
    let ask = TradeCommand::RequestGreenChannel {
        reason: "防汛工程".into(),
    };
    green.ok(ask, &tenderer(), t.accept);
    out.push(green.state);
    for (phase, at) in [
        (Phase::Announced, t.announce),
        (Phase::Evaluated, t.evaluate),
    ] {
        let mut r = plan.run_to(phase);
        r.ok(
            TradeCommand::Suspend {
                reason: "投诉".into(),
            },
            &supervisor(),
            at,
        );
        out.push(r.state);
    }
    let mut cancelled = plan.run_to(Phase::Accepted);
    cancelled.ok(
        TradeCommand::Cancel {
            reason: "项目取消".into(),
        },
        &staff(),
        t.book,
    );
    out.push(cancelled.state);
    let mut rejected = plan.run_to(Phase::Registered);
    rejected.ok(
        TradeCommand::RejectEntry {
            reason: "资料不全".into(),
        },
        &staff(),
        t.accept,
    );
    out.push(rejected.state);
    let mut failed = plan.run_to(Phase::Announced);
    failed.ok(
        TradeCommand::OpenBids,
        &staff(),
        t.opening + time::Duration::seconds(1),
    );
    assert_eq!(failed.phase(), Phase::Failed);
    out.push(failed.state);
    // the opening: started, then with k shares; the record with an objection
    let mut started = plan.run_to(Phase::ExpertsDrawn);
    started.ok(TradeCommand::OpenBids, &staff(), t.open());
    out.push(started.state.clone());
    for (i, actor) in plan.share_by.iter().enumerate() {
        started.ok(for_actor(share(0), actor, plan), actor, t.share(i));
    }
    out.push(started.state);
    let mut objected = plan.run_to(Phase::Opened);
    objected.ok(
        TradeCommand::RaiseOpeningObjection {
            bidder: bidder_org(2),
            text: "唱标有误".into(),
        },
        &bidder(2),
        t.unseal(),
    );
    out.push(objected.state);
    // bidding open with a question waiting for its answer
    let mut asked = plan.run_to(Phase::Announced);
    asked.ok(ask_sample(), &bidder(1), t.bid);
    out.push(asked.state);
    out
}

fn ask_sample() -> TradeCommand {
    TradeCommand::AskQuestion {
        bidder: bidder_org(1),
        text: "技术参数是否允许正偏离？".into(),
        label: Some(label("cXVlc3Rp", 1)),
    }
}

/// A command as `actor` would send it: a custodian hands in its own share.
fn for_actor(cmd: TradeCommand, actor: &Actor, plan: &Plan) -> TradeCommand {
    match cmd {
        TradeCommand::SubmitShare { commitment } => {
            let own = domain::PersonId::parse(&actor.id)
                .ok()
                .and_then(|p| plan.key.custodian(&p).map(|c| c.commitment.clone()));
            TradeCommand::SubmitShare {
                commitment: own.unwrap_or(commitment),
            }
        }
        cmd => cmd,
    }
}

/// Construction and procurement with four custodians, one of each role that may be one
/// (the agency's too), so that every cell of `submit_share` is reached.
fn custodied(mut plan: Plan) -> Plan {
    plan.key = opening_key_of(
        &["staff-wang", "supervisor-zhou", "tenderer-1", "agency-li"],
        2,
    );
    plan
}

fn agency_custodian() -> Actor {
    Actor::new("agency-li", Role::Agency).with_org(agency_org().as_str())
}

fn times(plan: &Plan) -> Vec<OffsetDateTime> {
    let t = &plan.t;
    let second = time::Duration::seconds(1);
    vec![
        t.register,
        t.accept,
        t.book,
        t.upload,
        t.announce,
        t.draw,
        t.bid,
        t.opening + second,
        t.share(0),
        t.unseal(),
        t.evaluate,
        t.node6_first,
        t.node6_second,
        t.confirm,
    ]
}

/// The matrix never refuses what the trade aggregate would accept, and where the matrix lets
/// a role through, the aggregate does not refuse it for its role or its organisation. Every
/// write the matrix allows is accepted by the aggregate somewhere (no dead cell).
#[test]
fn the_matrix_agrees_with_the_trade_aggregate() {
    let actors = [
        staff(),
        tenderer(),
        agency(),
        bidder(1),
        expert(),
        supervisor(),
        public(),
        Actor::platform(),
        custodian(0),
        custodian(1),
        custodian(2),
        agency_custodian(),
    ];
    let mut accepted: Vec<(Role, Action)> = vec![];
    for plan in [
        custodied(construction_open()),
        custodied(procurement_open()),
    ] {
        for state in states(&plan) {
            for now in times(&plan) {
                for actor in &actors {
                    let rel = match actor.role {
                        Role::Expert => Relation::Committee,
                        _ => relation_to_trade(actor, &state),
                    };
                    for cmd in samples(&plan) {
                        let cmd = for_actor(cmd, actor, &plan);
                        let matrix = authorize_command(actor.role, &cmd, &state, rel);
                        let ctx = Context {
                            now,
                            actor,
                            calendar: calendar(),
                        };
                        let domain = state.decide(&cmd, &ctx);
                        let what = format!(
                            "{} by {:?} in {:?} at {now}",
                            cmd.action(),
                            actor.role,
                            state.phase
                        );
                        match (&matrix, &domain) {
                            (Err(d), Ok(_)) => panic!(
                                "{what}: the matrix refuses ({}) what the trade accepts",
                                d.code()
                            ),
                            (Ok(_), Err(e)) => assert!(
                                !matches!(e.code(), "trade.wrong_role" | "trade.not_party"),
                                "{what}: the matrix allows, the trade refuses: {e}"
                            ),
                            (Ok(a), Ok(_)) => accepted.push((actor.role, *a)),
                            (Err(_), Err(_)) => {}
                        }
                    }
                }
            }
        }
    }
    for (role, action, rule) in matrix().filter(|(_, a, _)| a.is_trade_command()) {
        let Phases::Only(_) = rule.phases else {
            panic!("{action}: trade writes name their phases")
        };
        assert!(
            accepted.contains(&(role, action)),
            "{role:?} {action}: never accepted by the trade"
        );
    }
}

#[test]
fn obtaining_documents_is_a_bidder_write_while_bidding_is_open() {
    let rule = rule_for(Role::Bidder, Action::ObtainDocuments).unwrap();
    assert_eq!(
        rule.scope,
        Scope::Any,
        "no registration step, no relation needed"
    );
    assert_eq!(
        rule.phases,
        Phases::Only(&[Phase::Announced, Phase::ExpertsDrawn])
    );
    assert!(Action::ObtainDocuments.is_trade_command());
    assert!(!Action::ObtainDocuments.is_read());
    assert_eq!(Action::ObtainDocuments.seal(), None);
    for role in ROLES.into_iter().filter(|r| *r != Role::Bidder) {
        assert_eq!(
            code(authorize(
                role,
                Action::ObtainDocuments,
                Some(Phase::Announced),
                Relation::None
            )),
            "access.wrong_role",
            "{role:?}"
        );
    }
    for phase in phases() {
        let want = if matches!(phase, Some(Phase::Announced | Phase::ExpertsDrawn)) {
            "ok"
        } else {
            "access.wrong_phase"
        };
        for rel in RELATIONS {
            assert_eq!(
                code(authorize(Role::Bidder, Action::ObtainDocuments, phase, rel)),
                want,
                "{phase:?} {rel:?}"
            );
        }
    }
    // through the trade: a stranger to the trade may obtain, the command names the org
    let plan = construction_open();
    let state = plan.run_to(Phase::Announced).state;
    let cmd = obtain(9);
    let rel = relation_to_trade(&bidder(9), &state);
    assert_eq!(rel, Relation::None);
    assert_eq!(
        authorize_command(Role::Bidder, &cmd, &state, rel),
        Ok(Action::ObtainDocuments)
    );
    assert_eq!(
        authorize_command(Role::Supervisor, &cmd, &state, Relation::None)
            .unwrap_err()
            .code(),
        "access.wrong_role"
    );
}

/// The actions of the administrator's own work: accounts of the people who run the center,
/// posts, the center's settings, reading accounts and posts, its own account.
const ADMINISTRATION: [Action; 7] = [
    Action::ManageStaff,
    Action::ManagePosts,
    Action::MarkPostAway,
    Action::ManageCenter,
    Action::ViewAccounts,
    Action::ViewPosts,
    Action::ManageOwnAccount,
];

#[test]
fn the_administrator_is_no_super_user() {
    for action in Action::ALL {
        let admin = |phase, rel| code(authorize(Role::Administrator, action, phase, rel));
        if ADMINISTRATION.contains(&action) {
            assert_eq!(
                admin(None, fitting(Role::Administrator, Scope::Oneself)),
                "ok"
            );
            continue;
        }
        // Everything else: exactly what the public (no account at all) gets, in every
        // phase and relation, except signing in and up, which an account no longer needs.
        for phase in phases() {
            for rel in RELATIONS {
                let public = code(authorize(Role::Public, action, phase, rel));
                let want = match (action, public) {
                    (Action::SignIn | Action::SignUp, "ok") => "access.wrong_role",
                    (_, public) => public,
                };
                assert_eq!(admin(phase, rel), want, "{action} in {phase:?} as {rel:?}");
            }
        }
    }
    // The sealed lists before the opening: the very refusal an outsider gets, naming the law.
    for action in [
        Action::ViewBidders,
        Action::ViewDocumentObtainers,
        Action::ViewExperts,
    ] {
        let phase = Some(Phase::ExpertsDrawn);
        let admin = authorize(Role::Administrator, action, phase, Relation::None).unwrap_err();
        let bidder = authorize(Role::Bidder, action, phase, Relation::None).unwrap_err();
        assert_eq!(admin, bidder);
        assert!(admin.code().starts_with("access.sealed_"), "{admin}");
    }
    // Nor does it run trades or staff work.
    for action in [
        Action::Accept,
        Action::OpenBids,
        Action::ViewQueue,
        Action::ManageAccounts,
    ] {
        let denied = authorize(
            Role::Administrator,
            action,
            Some(Phase::Registered),
            Relation::None,
        );
        assert_eq!(code(denied), "access.wrong_role", "{action}");
    }
}
