//! Issue #3, "done when": every route × role × phase cell of the HTTP API against the access
//! matrix (`domain::access`). Allowed reads answer 200; refused ones 403 with the matrix's
//! `access.*` code. Every trade command, for every role, on a trade in every phase: a refusal
//! by the matrix is 403 with its code and changes nothing; an allowed command is 200 or a
//! 422 trade-rule refusal that changes nothing (on a trade nobody registered, anything but its
//! registration is 404); sealed bids and key shares are refused on the
//! generic route (`invalid_request.dedicated_route`), they have their own. Before the opening
//! nobody but the platform learns who obtained the documents or who has bid, or how many, on
//! any route, page or API; after it, those with the right see the opening record.
//!
//! The world (crates/web/tests/support) holds a trade in each phase; each test works on its
//! own copy, and each (person, allowed action) of the command test on a fresh copy, so every
//! command is judged in the phase the trade was seeded in.
mod support;
// The page route walk shares this binary and its seeded world (issue 11).
#[path = "walk/pages.rs"]
mod pages_walk;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use domain::access::{
    Action, OPENED, Relation, authorize_command, authorize_on, may_read_event, read_action,
    read_phase, relation_to_trade, rule_for,
};
use domain::trade::sealed::SealedLabel;
use domain::trade::{DeferredDocument, TradeCommand};
use domain::{Actor, BlobRef, Role, Sha256Hex, TradeEvent, TradeState, UnifiedSocialCreditCode};
use serde_json::Value;
use support::{NOW, PEOPLE, Person, TRADES, World, booking, register, template};

fn people() -> Vec<Person> {
    let t = template();
    let mut all: Vec<Person> = PEOPLE.iter().map(|id| t.people[*id].clone()).collect();
    all.push(Person::public());
    all
}

fn code(body: &Value) -> String {
    body["error"]["code"].as_str().unwrap_or("").to_owned()
}

fn short(body: &Value) -> String {
    let s = body.to_string();
    match s.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Reads: GET /api/trades/{id}, /timeline, /log, /opening/record
// ---------------------------------------------------------------------------------------------

/// An event that says who bid or obtained the documents (or how many): sealed until the
/// opening.
fn is_list_event(event: &TradeEvent) -> bool {
    matches!(
        read_action(event),
        Action::ViewBidders | Action::ViewDocumentObtainers
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_read_route_role_and_phase_follows_the_matrix() {
    let world = World::copy().await;
    let mut failures = Vec::new();
    let mut cells = 0;
    for (id, phase) in TRADES {
        if phase == "unregistered" {
            let (status, body) = world.server.get(&format!("/api/trades/{id}"), None).await;
            if status != 404 {
                failures.push(format!(
                    "public GET /api/trades/{id} (no such trade): expected 404, got {status} {}",
                    short(&body)
                ));
            }
            continue;
        }
        let (state, _) = world.state(id).await;
        let full = app::queries::trade_log(
            &world.platform,
            &domain::TradeId::parse(id).unwrap(),
            &Actor::platform(),
        )
        .await
        .unwrap();
        for p in people() {
            let relation = relation_to_trade(&p.actor(), &state);
            // A trade is public from its announcement; before it, it exists only for those who
            // may read the full trade (staff, supervisors, its tenderer and agency).
            let visible = state.round.announced_at.is_some()
                || state.round.number > 1
                || authorize_on(p.role, Action::ViewTradeFull, &state, relation).is_ok();
            for (route, action) in [
                ("", Action::ViewTradePublic),
                ("/timeline", Action::ViewTimelinePublic),
                ("/log", Action::ViewLogFull),
                ("/opening/record", Action::ViewBidders),
            ] {
                cells += 1;
                let path = format!("/api/trades/{id}{route}");
                let cell = format!(
                    "{} GET {path} [trade {id}, phase {phase}, relation {relation:?}, action {action}, visible {visible}]",
                    p.label()
                );
                let (status, body) = world.server.get(&path, p.token.as_deref()).await;
                if !visible {
                    // no such trade, on every route about it
                    if status != 404 || code(&body) != "not_found" {
                        failures.push(format!(
                            "{cell}: not announced and not the caller's, expected 404 not_found, got {status} {}",
                            short(&body)
                        ));
                    }
                    continue;
                }
                // The opening record judges the caller as commands do (an expert is on the
                // committee of a trade whose draw is recorded: crates/app/src/trades.rs).
                let relation = if route == "/opening/record" {
                    command_relation(&p, &state)
                } else {
                    relation
                };
                let expected = authorize_on(p.role, action, &state, relation);
                match &expected {
                    Ok(()) if status != 200 => failures.push(format!(
                        "{cell}: matrix allows, expected 200, got {status} {}",
                        short(&body)
                    )),
                    Err(d) if status != 403 || code(&body) != d.code() => failures.push(format!(
                        "{cell}: matrix refuses, expected 403 {}, got {status} {}",
                        d.code(),
                        short(&body)
                    )),
                    _ => {}
                }
                // (except what is sealed: who bid, before the opening)
                let unsealed = action.seal().is_none() || OPENED.contains(&read_phase(&state));
                if p.role == Role::Supervisor && unsealed && status != 200 {
                    failures.push(format!(
                        "{cell}: a supervisor reads every trade, got {status}"
                    ));
                }
                if status != 200 {
                    continue;
                }
                match route {
                    "/timeline" => {
                        for e in body["events"].as_array().into_iter().flatten() {
                            let kind = e["kind"].as_str().unwrap_or("");
                            let event: TradeEvent =
                                serde_json::from_value(e["event"].clone()).unwrap();
                            if is_list_event(&event) || !event.is_public() {
                                failures.push(format!(
                                    "{cell}: the public timeline shows a non-public event {kind}"
                                ));
                            }
                        }
                    }
                    "/log" => {
                        let want: Vec<u64> = full
                            .iter()
                            .filter(|e| may_read_event(p.role, &state, relation, &e.event).is_ok())
                            .map(|e| e.seq)
                            .collect();
                        let got: Vec<u64> = body["events"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|e| e["seq"].as_u64().unwrap())
                            .collect();
                        if got != want {
                            failures.push(format!(
                                "{cell}: log events differ from the matrix: expected seqs {want:?}, got {got:?}"
                            ));
                        }
                        // Independent of the matrix: before the opening nobody sees a sealed
                        // event; after it a bidder sees the bid list only as a bidder of the
                        // opening record, and never who obtained the documents.
                        let opened = OPENED.contains(&read_phase(&state));
                        for e in body["events"].as_array().into_iter().flatten() {
                            let kind = e["kind"].as_str().unwrap_or("");
                            let event: TradeEvent =
                                serde_json::from_value(e["event"].clone()).unwrap();
                            if !is_list_event(&event) {
                                continue;
                            }
                            let bidder_ok = p.role != Role::Bidder
                                || (read_action(&event) == Action::ViewBidders
                                    && relation == Relation::Bidder);
                            if !opened || !bidder_ok {
                                failures.push(format!(
                                    "{cell}: sees the sealed event {kind} (opened: {opened})"
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    world.close().await;
    println!("read cells checked: {cells}");
    assert!(cells >= 15 * 15 * 4, "too few read cells: {cells}");
    assert!(
        failures.is_empty(),
        "{} read cells disagree with the matrix:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Before its announcement a trade does not exist for anyone but staff, supervisors and its
/// own parties: the list, the summary and the timeline answer as for a trade nobody
/// registered. The other routes of the trade are compared with a trade that does not exist.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unannounced_trades_exist_only_for_their_people() {
    let world = World::copy().await;
    let missing = TRADES
        .iter()
        .find(|(_, phase)| *phase == "unregistered")
        .unwrap()
        .0;
    let mut failures = Vec::new();
    let mut oracles = Vec::new();
    let mut cells = 0;
    for (id, _) in TRADES {
        let (state, _) = world.state(id).await;
        if state.registration.is_none() || state.round.announced_at.is_some() {
            continue;
        }
        for p in people() {
            let relation = relation_to_trade(&p.actor(), &state);
            let visible = authorize_on(p.role, Action::ViewTradeFull, &state, relation).is_ok();
            let (_, list) = world.server.get("/api/trades", p.token.as_deref()).await;
            let listed = list["trades"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["id"] == id);
            cells += 1;
            if listed != visible {
                failures.push(format!(
                    "{} GET /api/trades: lists {id} (not announced): {listed}, expected {visible}",
                    p.label()
                ));
            }
            if visible {
                continue;
            }
            if p.token.is_none() {
                cells += 1;
                let (status, _) = world
                    .server
                    .get_with_cookie(&format!("/trades/{id}"), None)
                    .await;
                let (none_status, _) = world
                    .server
                    .get_with_cookie(&format!("/trades/{missing}"), None)
                    .await;
                if status != none_status {
                    oracles.push(format!(
                        "public page /trades/{id} (not announced): {status}, but {none_status} for a trade nobody registered"
                    ));
                }
            }
            for route in [
                "",
                "/timeline",
                "/log",
                "/live",
                "/opening-key",
                "/opening",
                "/opening/record",
                "/deposits",
                "/room",
            ] {
                cells += 1;
                let (status, body) = world
                    .server
                    .get(&format!("/api/trades/{id}{route}"), p.token.as_deref())
                    .await;
                let (none_status, none_body) = world
                    .server
                    .get(&format!("/api/trades/{missing}{route}"), p.token.as_deref())
                    .await;
                if (status, code(&body)) != (none_status, code(&none_body)) {
                    let line = format!(
                        "{} GET /api/trades/{id}{route} (not announced): {status} {}, but {none_status} {} for a trade nobody registered",
                        p.label(),
                        code(&body),
                        code(&none_body)
                    );
                    if route.is_empty() || route == "/timeline" {
                        failures.push(line);
                    } else {
                        oracles.push(line);
                    }
                }
            }
        }
    }
    world.close().await;
    println!("unannounced-trade cells checked: {cells}");
    // Every route about one trade answers like for a trade that does not exist.
    assert!(
        oracles.is_empty(),
        "{} routes tell an unannounced trade from a missing one:\n{}",
        oracles.len(),
        oracles.join("\n")
    );
    if !oracles.is_empty() {
        println!(
            "{} cells tell an unannounced trade from a missing one, e.g.:\n{}",
            oracles.len(),
            oracles[..oracles.len().min(8)].join("\n")
        );
    }
    assert!(
        failures.is_empty(),
        "{} cells show an unannounced trade:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Writes: POST /api/trades/{id}/commands, every action
// ---------------------------------------------------------------------------------------------

/// Fails to compile when a command is added without a case in [`command_for`].
fn _every_command_has_a_case(c: &TradeCommand) {
    use TradeCommand::*;
    match c {
        Register { .. }
        | Accept { .. }
        | RejectEntry { .. }
        | ReturnEntry { .. }
        | ResubmitEntry { .. }
        | RequestGreenChannel { .. }
        | DecideGreenChannel { .. }
        | SubmitDeferredDocument { .. }
        | BookVenue(_)
        | UploadTenderDocuments { .. }
        | PublishAnnouncement { .. }
        | AmendDocuments { .. }
        | ObtainDocuments { .. }
        | AskQuestion { .. }
        | AnswerQuestion { .. }
        | RecordExpertDraw { .. }
        | SubmitBid { .. }
        | WithdrawBid { .. }
        | OpenBids
        | SubmitShare { .. }
        | RecordUnsealing { .. }
        | AbandonOpening { .. }
        | ConfirmOpeningRecord { .. }
        | RaiseOpeningObjection { .. }
        | AnswerOpeningObjection { .. }
        | RecordEvaluation { .. }
        | RejectAllBids { .. }
        | PublishResult
        | DecideAward { .. }
        | IssueConfirmation { .. }
        | Suspend { .. }
        | Resume { .. }
        | Cancel { .. }
        | Retender { .. } => {}
    }
}

fn usc(s: &str) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::parse(s).unwrap()
}

fn sha(s: &str) -> Sha256Hex {
    Sha256Hex::parse(&app::sha256_hex(s.as_bytes())).unwrap()
}

/// Commands that carry secrets the platform must handle itself (the sealed label, the bid
/// key, the share): refused on `POST /commands` for anyone signed in, whatever the phase.
const DEDICATED: [Action; 3] = [Action::SubmitBid, Action::WithdrawBid, Action::SubmitShare];

/// One valid-looking command for `action`, as `p` would send it on trade `id`.
fn command_for(
    action: Action,
    p: &Person,
    id: &str,
    state: &TradeState,
    blob: &BlobRef,
) -> TradeCommand {
    let own_bidder = || match (p.role, &p.org) {
        (Role::Bidder, Some(org)) => usc(org),
        _ => app::demo::bidder_org(1),
    };
    let ranked: Vec<UnifiedSocialCreditCode> = if state.round.opened_bidders.is_empty() {
        vec![app::demo::bidder_org(1)]
    } else {
        state.round.opened_bidders.iter().take(3).cloned().collect()
    };
    let t2 = app::demo::tenderer_org(2);
    let key = state.round.opening_key.as_ref();
    match action {
        Action::Register => {
            let (tenderer, agency) = match (p.role, &p.org) {
                (Role::Tenderer, Some(org)) => (org.clone(), None),
                (Role::Agency, Some(org)) => (t2.as_str().to_owned(), Some(org.as_str())),
                _ => (t2.as_str().to_owned(), None),
            };
            register(id, &tenderer, agency)
        }
        Action::Accept => TradeCommand::Accept {
            deferred: vec![DeferredDocument {
                name: "施工图审查合格书".into(),
                due: time::macros::date!(2026 - 11 - 20),
            }],
            pledge: Some(blob.clone()),
        },
        Action::RejectEntry => TradeCommand::RejectEntry {
            reason: "材料不全".into(),
        },
        Action::ReturnEntry => TradeCommand::ReturnEntry {
            reasons: vec!["缺资金证明".into()],
        },
        Action::ResubmitEntry => TradeCommand::ResubmitEntry {
            note: "已补正".into(),
            file: None,
        },
        Action::RequestGreenChannel => TradeCommand::RequestGreenChannel {
            reason: "防汛工程".into(),
        },
        Action::DecideGreenChannel => TradeCommand::DecideGreenChannel {
            approve: true,
            reason: "同意".into(),
        },
        Action::SubmitDeferredDocument => TradeCommand::SubmitDeferredDocument {
            name: "施工图审查合格书".into(),
            file: blob.clone(),
        },
        Action::BookVenue => TradeCommand::BookVenue(booking(7)),
        Action::UploadTenderDocuments => TradeCommand::UploadTenderDocuments {
            file: blob.clone(),
            evaluation: None,
        },
        // The app makes the opening key (whatever the caller sends is replaced).
        Action::PublishAnnouncement => TradeCommand::PublishAnnouncement {
            bid_deadline: state
                .round
                .venue
                .as_ref()
                .map_or(time::macros::datetime!(2026-12-15 09:30 +8), |v| {
                    v.opening_at
                }),
            opening_key: None,
            notice: None,
            sealing: None,
        },
        Action::AmendDocuments => TradeCommand::AmendDocuments {
            file: blob.clone(),
            new_deadline: None,
        },
        // The app seals the label (whatever the caller sends is replaced).
        Action::ObtainDocuments => TradeCommand::ObtainDocuments {
            bidder: own_bidder(),
            label: None,
            holder: None,
        },
        // The app seals the asker (whatever the caller sends is replaced).
        Action::AskQuestion => TradeCommand::AskQuestion {
            bidder: own_bidder(),
            text: "第三章技术要求中的参数是否允许正偏离？".into(),
            label: None,
        },
        Action::AnswerQuestion => TradeCommand::AnswerQuestion {
            number: 1,
            answer: "允许正偏离，详见澄清。".into(),
        },
        Action::RecordExpertDraw => TradeCommand::RecordExpertDraw {
            committee_size: 5,
            experts_commitment: Sha256Hex::parse(&app::sha256_hex(b"authz experts")).unwrap(),
        },
        // A well-formed sealed submission, as a client might try to slip it past the bids route.
        Action::SubmitBid => TradeCommand::SubmitBid {
            bidder: own_bidder(),
            handle: sha("authz bid handle"),
            envelope: blob.clone(),
            key_id: key.map_or_else(|| sha("no opening key"), |k| k.key_id.clone()),
            label: SealedLabel::parse("c2VhbGVkIGxhYmVs").unwrap(),
            token_hash: sha("authz bid token"),
            replaces: None,
        },
        Action::WithdrawBid => TradeCommand::WithdrawBid {
            bidder: own_bidder(),
            handle: sha("authz bid handle"),
            token_hash: sha("authz bid token"),
        },
        Action::OpenBids => TradeCommand::OpenBids,
        // The custodian's own commitment where there is one: only the route is wrong.
        Action::SubmitShare => TradeCommand::SubmitShare {
            commitment: key
                .and_then(|k| {
                    let person = domain::PersonId::parse(&p.id).ok()?;
                    k.custodian(&person).map(|c| c.commitment.clone())
                })
                .unwrap_or_else(|| sha("authz share")),
        },
        Action::RecordUnsealing => TradeCommand::RecordUnsealing {
            results: vec![],
            obtainers: vec![],
        },
        Action::AbandonOpening => TradeCommand::AbandonOpening {
            reason: "解密时限已过".into(),
        },
        Action::ConfirmOpeningRecord => TradeCommand::ConfirmOpeningRecord {
            bidder: own_bidder(),
        },
        Action::RaiseOpeningObjection => TradeCommand::RaiseOpeningObjection {
            bidder: own_bidder(),
            text: "唱标价格与投标文件不符".into(),
        },
        Action::AnswerOpeningObjection => TradeCommand::AnswerOpeningObjection {
            number: 1,
            answer: "已当场复核,唱标无误".into(),
        },
        Action::RecordEvaluation => TradeCommand::RecordEvaluation {
            report: blob.clone(),
            ranked,
        },
        Action::RejectAllBids => TradeCommand::RejectAllBids {
            report: blob.clone(),
            reason: "所有投标均不符合要求".into(),
        },
        Action::PublishResult => TradeCommand::PublishResult,
        Action::DecideAward => TradeCommand::DecideAward {
            winner: ranked[0].clone(),
            reason: None,
        },
        Action::IssueConfirmation => TradeCommand::IssueConfirmation {
            certificate_no: format!("JYQR-{id}"),
        },
        Action::Suspend => TradeCommand::Suspend {
            reason: "投诉处理".into(),
        },
        Action::Resume => TradeCommand::Resume { new_deadline: None },
        Action::Cancel => TradeCommand::Cancel {
            reason: "项目取消".into(),
        },
        Action::Retender => TradeCommand::Retender {
            reason: "流标".into(),
        },
        other => panic!("{other} is not a trade command"),
    }
}

/// How the app relates a caller to a trade for commands (crates/app/src/trades.rs
/// `relation`): the trade's state, plus the stopgap that an expert is on the committee of
/// any trade whose draw is recorded.
fn command_relation(p: &Person, state: &TradeState) -> Relation {
    if p.role == Role::Expert && state.round.draw.is_some() {
        Relation::Committee
    } else {
        relation_to_trade(&p.actor(), state)
    }
}

fn trade_commands() -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| a.is_trade_command())
        .collect()
}

#[derive(Debug, Default)]
struct Stats {
    cells: usize,
    unauthenticated: usize,
    dedicated: usize,
    matrix_refused: usize,
    accepted: usize,
    rule_refused: usize,
    not_found: usize,
}

/// Run `actions` as `p` on every trade of `world`, judging each cell by the trade's state just
/// before it.
async fn run_commands(world: &World, p: &Person, actions: &[Action]) -> (Stats, Vec<String>) {
    let blob = &template().blob;
    let mut failures = Vec::new();
    let mut stats = Stats::default();
    for action in actions {
        for (id, seeded) in TRADES {
            stats.cells += 1;
            let (state, version) = world.state(id).await;
            let size = world.log_size().await;
            let command = command_for(*action, p, id, &state, blob);
            assert_eq!(Action::for_command(&command), Ok(*action));
            // A trade the caller may not see is met as a missing one (issue #12).
            let visible = app::visible_to(&state.summary(), &p.actor());
            let seen = if visible {
                state.clone()
            } else {
                TradeState::default()
            };
            let relation = command_relation(p, &seen);
            let cell = format!(
                "{} POST /api/trades/{id}/commands {action} [trade {id} seeded {seeded}, now {}, relation {relation:?}]",
                p.label(),
                state.phase.as_str()
            );
            let (status, body) = world.server.command(id, &command, p.token.as_deref()).await;
            let (after, after_version) = world.state(id).await;
            let after_size = world.log_size().await;
            let unchanged = after_size == size && after_version == version && after == state;
            if p.token.is_none() {
                stats.unauthenticated += 1;
                if status != 401 || code(&body) != "auth.required" || !unchanged {
                    failures.push(format!(
                        "{cell}: not signed in, expected 401 auth.required and no change, got {status} {} (log {size}→{after_size})",
                        short(&body)
                    ));
                }
                continue;
            }
            if DEDICATED.contains(action) {
                stats.dedicated += 1;
                if status != 422 || code(&body) != "invalid_request.dedicated_route" || !unchanged {
                    failures.push(format!(
                        "{cell}: signed in, expected 422 invalid_request.dedicated_route and no change, got {status} {} (log {size}→{after_size})",
                        short(&body)
                    ));
                }
                continue;
            }
            // Only its registration may name a trade that does not exist (or one the caller
            // may not see, which is met as a missing one): anything else finds nothing.
            if (seeded == "unregistered" || !visible) && *action != Action::Register {
                stats.not_found += 1;
                if status != 404 || code(&body) != "not_found" || !unchanged {
                    failures.push(format!(
                        "{cell}: no such trade, expected 404 not_found and no change, got {status} {}",
                        short(&body)
                    ));
                }
                continue;
            }
            let expected = authorize_command(p.role, &command, &seen, relation);
            match expected {
                Err(d) => {
                    stats.matrix_refused += 1;
                    if status != 403 || code(&body) != d.code() || !unchanged {
                        failures.push(format!(
                            "{cell}: matrix refuses ({}), expected 403 {} and no change, got {status} {} (log {size}→{after_size}, version {version}→{after_version})",
                            d,
                            d.code(),
                            short(&body)
                        ));
                    }
                }
                Ok(_) => {
                    let ok = match status {
                        200 => {
                            stats.accepted += 1;
                            true
                        }
                        422 => {
                            stats.rule_refused += 1;
                            !code(&body).starts_with("access.") && unchanged
                        }
                        _ => false,
                    };
                    if !ok {
                        failures.push(format!(
                            "{cell}: matrix allows, expected 200 or a 422 trade-rule refusal that changes nothing, got {status} {} (log {size}→{after_size}, version {version}→{after_version})",
                            short(&body)
                        ));
                    }
                }
            }
            if p.role == Role::Supervisor
                && !matches!(action, Action::Suspend | Action::Resume)
                && status != 403
            {
                failures.push(format!(
                    "{cell}: a supervisor writes only suspensions and resumptions; expected 403, got {status}"
                ));
            }
        }
    }
    (stats, failures)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn every_command_role_and_phase_follows_the_matrix() {
    let started = std::time::Instant::now();
    let actions = trade_commands();
    assert_eq!(actions.len(), 34, "one case per trade command");
    // Commands the matrix never grants a role, and those with a dedicated route, cannot change
    // anything: all of them run on one shared copy. Each granted (person, action) runs on a
    // fresh copy, so that each trade is met in the phase it was seeded in.
    let shared = Arc::new(World::copy().await);
    let limit = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for p in people() {
        let (granted, never): (Vec<Action>, Vec<Action>) = actions.iter().partition(|a| {
            p.role != Role::Public && rule_for(p.role, **a).is_some() && !DEDICATED.contains(a)
        });
        {
            let (shared, p, limit) = (shared.clone(), p.clone(), limit.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire().await.unwrap();
                run_commands(&shared, &p, &never).await
            });
        }
        for action in granted {
            let (p, limit) = (p.clone(), limit.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire().await.unwrap();
                let world = World::copy().await;
                let result = run_commands(&world, &p, &[action]).await;
                world.close().await;
                result
            });
        }
    }
    let mut total = Stats::default();
    let mut failures = Vec::new();
    while let Some(result) = tasks.join_next().await {
        let (s, f) = result.unwrap();
        total.cells += s.cells;
        total.unauthenticated += s.unauthenticated;
        total.dedicated += s.dedicated;
        total.matrix_refused += s.matrix_refused;
        total.accepted += s.accepted;
        total.rule_refused += s.rule_refused;
        total.not_found += s.not_found;
        failures.extend(f);
    }
    let cells = total.cells;
    if let Ok(world) = Arc::try_unwrap(shared) {
        world.close().await;
    }
    failures.sort();
    println!(
        "command cells checked: {total:?} in {:?}",
        started.elapsed()
    );
    assert!(
        total.accepted >= 20
            && total.rule_refused > 0
            && total.matrix_refused > 0
            && total.not_found > 0,
        "the command cells exercise too little: {total:?}"
    );
    assert_eq!(cells, people().len() * actions.len() * TRADES.len());
    assert_eq!(
        total.dedicated,
        (people().len() - 1) * DEDICATED.len() * TRADES.len(),
        "every signed-in person meets every dedicated command on every trade"
    );
    assert!(
        failures.is_empty(),
        "{} command cells disagree with the matrix:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Sealed lists: who obtained the documents and who has bid, before the opening
// ---------------------------------------------------------------------------------------------

/// Every bidder organisation (code, name) of the demo.
fn bidder_orgs() -> Vec<(String, String)> {
    app::demo::DEMO_ACCOUNTS
        .iter()
        .filter(|a| a.role == Role::Bidder)
        .filter_map(|a| a.org)
        .map(|o| (o.code().as_str().to_owned(), o.name()))
        .collect()
}

const OBTAINED: &str = "documents obtained by";
const BID: &str = "bid submitted by";

/// The organisations (upper case) that obtained the documents of `trade` or bid in it (steps
/// labelled with one of `what`) while the world was seeded: the demo steps say who did. The
/// log cannot say (it is sealed).
fn seeded(trade: &str, what: &[&str]) -> BTreeSet<String> {
    app::demo::demo_steps()
        .into_iter()
        .chain(app::demo::standing_steps())
        .filter(|s| s.trade.as_str() == trade && s.expect_refusal.is_none())
        .filter(|s| what.iter().any(|w| s.label.starts_with(w)))
        .filter_map(|s| s.actor.org.map(|o| o.to_ascii_uppercase()))
        .collect()
}

fn org_of(p: &Person) -> String {
    p.org.clone().unwrap().to_ascii_uppercase()
}

/// The first secret (a bidder's code or name, not the caller's own) found in `body`.
fn leaked<'a>(
    body: &str,
    secrets: &'a BTreeSet<String>,
    orgs: &'a [(String, String)],
    own: Option<&str>,
) -> Option<&'a str> {
    let upper = body.to_ascii_uppercase();
    for code in secrets {
        if own.is_some_and(|o| o.eq_ignore_ascii_case(code)) {
            continue;
        }
        if upper.contains(&code.to_ascii_uppercase()) {
            return Some(code);
        }
        if let Some((_, name)) = orgs.iter().find(|(c, _)| c.eq_ignore_ascii_case(code))
            && body.contains(name.as_str())
        {
            return Some(name);
        }
    }
    None
}

/// What one caller gets from one route: (status, body).
type Seen = BTreeMap<(String, String), (u16, String)>;

/// The API routes about one trade that anyone may try to read (the `/api/trades/{id}` prefix
/// left off; crates/web/src/lib.rs).
const TRADE_ROUTES: [&str; 9] = [
    "",
    "/timeline",
    "/log",
    "/opening-key",
    "/opening",
    "/opening/record",
    "/deposits",
    "/room",
    "/live",
];

/// Everything `p` can read about trade `id`: every API route of the trade and its pages.
async fn read_trade(world: &World, p: &Person, cookie: Option<&str>, id: &str, seen: &mut Seen) {
    let token = p.token.as_deref();
    let mut log_entries = 0;
    for route in TRADE_ROUTES {
        let path = format!("/api/trades/{id}{route}");
        let (status, body) = if route == "/live" {
            // The stream first replays what the caller may read of the log: read that much.
            world.server.read_events(&path, token, log_entries).await
        } else {
            let (status, body) = world.server.get(&path, token).await;
            if route == "/log" {
                log_entries = body["events"].as_array().map_or(0, Vec::len);
            }
            (status, body.to_string())
        };
        seen.insert((p.id.clone(), format!("GET {path}")), (status, body));
    }
    let mut pages = vec![
        format!("/trades/{id}"),
        format!("/trades/{id}/bid"),
        format!("/trades/{id}/opening"),
    ];
    if cookie.is_some() {
        pages.push(format!("/work/trades/{id}/live"));
    }
    for path in pages {
        let (status, page) = world.server.get_with_cookie(&path, cookie).await;
        seen.insert((p.id.clone(), format!("page {path}")), (status, page));
    }
}

/// The routes about many trades.
async fn read_lists(world: &World, p: &Person, cookie: Option<&str>, seen: &mut Seen) {
    for path in ["/api/trades", "/api/deposit/overdue"] {
        let (status, body) = world.server.get(path, p.token.as_deref()).await;
        seen.insert(
            (p.id.clone(), format!("GET {path}")),
            (status, body.to_string()),
        );
    }
    for path in ["/", "/?status=open", "/work", "/verify", "/guides"] {
        if path == "/work" && cookie.is_none() {
            continue;
        }
        let (status, page) = world.server.get_with_cookie(path, cookie).await;
        seen.insert((p.id.clone(), format!("page {path}")), (status, page));
    }
}

/// The sealed trades, the phase they are in, and whether their deadline is still ahead (so
/// that not even a count of bids may show; after it the opening room and a failure for too
/// few bids may say how many).
const SEALED: [(&str, &str, bool); 4] = [
    ("GC-2026-0904", "announced", true),
    ("GC-2026-0905", "experts_drawn", true),
    ("GC-2026-0302", "failed unopened", false),
    (
        app::demo::OPENING_SOON,
        "deadline passed, not opened",
        false,
    ),
];

async fn read_all(world: &World, cookies: &BTreeMap<String, String>, trades: &[&str]) -> Seen {
    let mut seen = Seen::new();
    for p in people() {
        let cookie = cookies.get(&p.id).map(String::as_str);
        for id in trades {
            read_trade(world, &p, cookie, id, &mut seen).await;
        }
        read_lists(world, &p, cookie, &mut seen).await;
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nobody_learns_who_obtained_or_bid_before_the_opening() {
    let world = World::copy().await;
    let t = template();
    let orgs = bidder_orgs();
    let person = |id: &str| t.people[id].clone();
    let (b1, b2, b12, b13) = (
        person("bidder-1"),
        person("bidder-2"),
        person("bidder-12"),
        person("bidder-13"),
    );
    let mut cookies = BTreeMap::new();
    for p in people() {
        if p.token.is_some() {
            cookies.insert(p.id.clone(), world.server.page_sign_in(&p.id).await);
        }
    }
    let trades: Vec<&str> = SEALED.iter().map(|(id, _, _)| *id).collect();
    let before = read_all(&world, &cookies, &trades).await;

    // Bidders 12 and 13 bid only in GC-2026-0302, which failed unopened: their codes appear
    // nowhere public. Here they (and bidder 1) obtain the documents of the two trades still
    // open for bids (the app seals who obtained), and they, bidder 1 and bidder 2 bid with
    // real sealed envelopes through the bids route; bidder 1 modifies its bid, bidder 13
    // withdraws its own.
    let mut did: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut obtained = seeded("GC-2026-0905", &[OBTAINED]);
    for (p, id) in [
        (&b12, "GC-2026-0904"),
        (&b12, "GC-2026-0905"),
        (&b13, "GC-2026-0905"),
        (&b1, "GC-2026-0905"),
    ] {
        let command = TradeCommand::ObtainDocuments {
            bidder: usc(p.org.as_deref().unwrap()),
            label: None,
            holder: None,
        };
        let (status, body) = world.server.command(id, &command, p.token.as_deref()).await;
        assert_eq!(
            status,
            200,
            "{} obtains the documents of {id}: {body}",
            p.label()
        );
        assert_eq!(
            body["events"],
            serde_json::json!(["trade.documents_obtained"])
        );
        did.entry(id).or_default().insert(org_of(p));
        if id == "GC-2026-0905" {
            obtained.insert(org_of(p));
        }
    }
    let mut receipts = BTreeMap::new();
    for (n, (p, id)) in [
        (&b12, "GC-2026-0904"),
        (&b12, "GC-2026-0905"),
        (&b1, "GC-2026-0905"),
        (&b2, "GC-2026-0905"),
        (&b13, "GC-2026-0905"),
    ]
    .into_iter()
    .enumerate()
    {
        let key = format!("authz-bid-key-{n:02}-{}", p.id);
        let (status, receipt) = world
            .server
            .submit_bid(id, p, 600_000_000 + n as i64, &[("Idempotency-Key", &key)])
            .await;
        assert_eq!(status, 201, "{} bids in {id}: {receipt}", p.label());
        assert_eq!(receipt["key"], key.as_str());
        // the receipt names no bidder either: it is the bidder's, but it may be passed on
        if let Some(secret) = leaked(
            &receipt.to_string(),
            &BTreeSet::from([org_of(p)]),
            &orgs,
            None,
        ) {
            panic!("{}'s receipt names {secret}: {receipt}", p.label());
        }
        did.entry(id).or_default().insert(org_of(p));
        receipts.insert((p.id.clone(), id), key);
    }
    let modified = "authz-bid-key-modified-bidder-1";
    let old = receipts[&("bidder-1".to_owned(), "GC-2026-0905")].clone();
    let (status, receipt) = world
        .server
        .submit_bid(
            "GC-2026-0905",
            &b1,
            590_000_000,
            &[("Idempotency-Key", modified), ("X-Replaces-Bid-Key", &old)],
        )
        .await;
    assert_eq!(status, 201, "bidder-1 modifies its bid: {receipt}");
    let withdraw = receipts[&("bidder-13".to_owned(), "GC-2026-0905")].clone();
    let (status, body) = world
        .server
        .post_json(
            "/api/trades/GC-2026-0905/bids/withdraw",
            b13.token.as_deref(),
            &serde_json::json!({ "bid_key": withdraw }),
        )
        .await;
    assert_eq!(status, 200, "bidder-13 withdraws its bid: {body}");

    let after = read_all(&world, &cookies, &trades).await;
    let mut failures = Vec::new();
    // Nothing anyone can read changed: no name, no count, no new row, not even a version.
    for (key, (status, body)) in &after {
        if before.get(key) != Some(&(*status, body.clone())) {
            failures.push(format!(
                "{} {}: the response changed when bidders obtained the documents and bid (status {} → {status})",
                key.0,
                key.1,
                before.get(key).map_or(0, |b| b.0),
            ));
        }
    }
    let mut checked = 0;
    for (id, phase, deadline_ahead) in SEALED {
        let mut secrets = seeded(id, &[OBTAINED, BID]);
        secrets.extend(did.get(id).into_iter().flatten().cloned());
        assert!(
            secrets.len() >= 2,
            "{id} has obtainers or bids: {secrets:?}"
        );
        let (state, _) = world.state(id).await;
        assert!(
            !OPENED.contains(&read_phase(&state)),
            "{id} is before the opening"
        );
        for p in people() {
            let own = p.org.as_deref();
            for ((who, route), (status, body)) in after.range((p.id.clone(), String::new())..) {
                if who != &p.id {
                    break;
                }
                if !route.contains(id) {
                    continue;
                }
                checked += 1;
                let cell = format!("{} {route} [{id}, {phase}]", p.label());
                if *status >= 500 || (route.starts_with("page /trades/") && *status != 200) {
                    failures.push(format!("{cell}: {status}"));
                }
                if let Some(secret) = leaked(body, &secrets, &orgs, own) {
                    failures.push(format!(
                        "{cell}: shows bidder {secret} before the opening (status {status})"
                    ));
                }
                if route.ends_with("/opening/record") && *status != 403 {
                    failures.push(format!(
                        "{cell}: the opening record is sealed until the opening, got {status}"
                    ));
                }
                if !deadline_ahead || *status != 200 {
                    continue;
                }
                let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
                if route.ends_with(&format!("/api/trades/{id}")) {
                    // the summary carries no list and no count of obtainers or bids
                    for (k, v) in json.as_object().into_iter().flatten() {
                        let suspicious =
                            k.contains("obtain") || k.contains("bids") || k.contains("bidder");
                        let empty = v.is_null() || v.as_array().is_some_and(Vec::is_empty);
                        if suspicious && !empty {
                            failures.push(format!("{cell}: the summary shows {k} = {v}"));
                        }
                    }
                }
                if route == &format!("GET /api/trades/{id}/opening")
                    && (json["bids"] != 0 || json["started"] != false)
                {
                    failures.push(format!(
                        "{cell}: the opening room shows bids before the deadline: {json}"
                    ));
                }
            }
        }
    }
    // The reads were real: staff read the log and its live stream, the public the key.
    for (who, route, want) in [
        (
            "staff-wang",
            "GET /api/trades/GC-2026-0905/log",
            "trade.experts_drawn",
        ),
        (
            "staff-wang",
            "GET /api/trades/GC-2026-0905/live",
            "event: entry",
        ),
        (
            "public",
            "GET /api/trades/GC-2026-0904/opening-key",
            "public_key",
        ),
        (
            "public",
            "GET /api/trades/GC-2026-0905/opening",
            "custodians",
        ),
    ] {
        let (status, body) = &after[&(who.to_owned(), route.to_owned())];
        assert!(
            *status == 200 && body.contains(want),
            "{who} {route}: {status} {body}"
        );
    }
    // A public event after the sealed ones: its per-trade version counts them.
    let agency = person("agency-li");
    let amend = TradeCommand::AmendDocuments {
        file: t.blob.clone(),
        new_deadline: None,
    };
    let (status, body) = world
        .server
        .command("GC-2026-0904", &amend, agency.token.as_deref())
        .await;
    assert_eq!(status, 200, "amending GC-2026-0904: {body}");
    let (_, timeline) = world
        .server
        .get("/api/trades/GC-2026-0904/timeline", None)
        .await;
    let versions: Vec<(String, u64)> = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["version"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let hidden = versions
        .windows(2)
        .find(|w| w[1].0 == "trade.documents_amended")
        .map(|w| w[1].1.saturating_sub(w[0].1 + 1));
    let sealed_before_amendment = app::queries::trade_log(
        &world.platform,
        &domain::TradeId::parse("GC-2026-0904").unwrap(),
        &Actor::platform(),
    )
    .await
    .unwrap()
    .iter()
    .filter(|e| is_list_event(&e.event))
    .count() as u64;
    println!(
        "GC-2026-0904 public timeline {versions:?}: {hidden:?} events hidden before the amendment, {sealed_before_amendment} of them sealed"
    );
    // Sealed events live in streams of their own: the trade's versions do not count them.
    if sealed_before_amendment > 0 && hidden == Some(sealed_before_amendment) {
        failures.push(format!(
            "public timeline of GC-2026-0904 counts the sealed events: {versions:?}"
        ));
    }

    // Routes about many trades: bidders 12 and 13 appear nowhere but in their own views.
    let clean = BTreeSet::from([org_of(&b12), org_of(&b13)]);
    for ((who, route), (status, body)) in &after {
        if SEALED.iter().any(|(id, _, _)| route.contains(id)) {
            continue;
        }
        checked += 1;
        let own = t.people.get(who).and_then(|p| p.org.as_deref());
        if route == "page /work" && *status != 200 {
            failures.push(format!("{who} {route}: expected 200, got {status}"));
        }
        if let Some(secret) = leaked(body, &clean, &orgs, own) {
            failures.push(format!(
                "{who} {route}: shows bidder {secret}, who has only obtained documents or bid in unopened trades (status {status})"
            ));
        }
    }

    // The opening of GC-2026-0905: after the deadline second the count may show, and once two
    // custodians (the witness post, the supervisor) hand in their shares, the record does.
    let id = "GC-2026-0905";
    let (state, _) = world.state(id).await;
    world
        .clock
        .set(state.round.bid_deadline.unwrap() + time::Duration::minutes(1));
    // a month later: everyone signs in again
    let mut fresh = BTreeMap::new();
    for p in people().iter().filter(|p| p.token.is_some()) {
        fresh.insert(p.id.clone(), world.server.sign_in(p).await);
    }
    let person = |id: &str| fresh[id].clone();
    let (b1, b2, b12, b13) = (
        person("bidder-1"),
        person("bidder-2"),
        person("bidder-12"),
        person("bidder-13"),
    );
    let staff = person("staff-wang");
    let (status, body) = world
        .server
        .command(id, &TradeCommand::OpenBids, staff.token.as_deref())
        .await;
    assert_eq!(status, 200, "opening {id}: {body}");
    let (_, room) = world
        .server
        .get(&format!("/api/trades/{id}/opening"), None)
        .await;
    assert_eq!(room["started"], true, "{room}");
    assert_eq!(
        room["bids"], 3,
        "bidders 12, 1 (modified) and 2; 13 withdrew: {room}"
    );
    let (status, body) = world.server.hand_in_share(id, &staff).await;
    assert_eq!(
        (status, &body["opened"]),
        (200, &Value::Bool(false)),
        "{body}"
    );
    let (status, record) = world
        .server
        .get(
            &format!("/api/trades/{id}/opening/record"),
            staff.token.as_deref(),
        )
        .await;
    assert_eq!(status, 403, "one share opens nothing: {record}");
    let (status, body) = world
        .server
        .hand_in_share(id, &person("supervisor-zhou"))
        .await;
    assert_eq!(
        (status, &body["opened"]),
        (200, &Value::Bool(true)),
        "{body}"
    );
    let (state, _) = world.state(id).await;
    assert_eq!(state.phase.as_str(), "opened", "{id} after two shares");
    // what unsealing found: the bidders that bid (the modified bid once), with whether they
    // obtained the documents; who obtained (bidder 13 too, though it withdrew)
    let mut lines: Vec<(String, String, String)> = state
        .round
        .opening_record
        .iter()
        .map(|l| {
            let status = serde_json::to_value(&l.status).unwrap();
            (
                l.bidder.as_ref().unwrap().as_str().to_ascii_uppercase(),
                status["type"].as_str().unwrap().to_owned(),
                status["obtained_documents"].to_string(),
            )
        })
        .collect();
    lines.sort();
    let opened =
        |p: &Person, obtained: bool| (org_of(p), "opened".to_owned(), obtained.to_string());
    let mut want = vec![opened(&b1, true), opened(&b2, false), opened(&b12, true)];
    want.sort();
    assert_eq!(lines, want, "the opening record of {id}");
    let full = app::queries::trade_log(
        &world.platform,
        &domain::TradeId::parse(id).unwrap(),
        &Actor::platform(),
    )
    .await
    .unwrap();
    let obtainers: BTreeSet<String> = full
        .iter()
        .filter_map(|e| match &e.event {
            TradeEvent::BidsUnsealed { obtainers, .. } => Some(obtainers),
            _ => None,
        })
        .flatten()
        .map(|o| o.bidder.as_str().to_ascii_uppercase())
        .collect();
    assert_eq!(obtainers, obtained, "who obtained the documents of {id}");

    // After the opening those with the right see the bidders: staff, the supervisor, the
    // trade's own tenderer and agency, in the log and the opening record; a bidder named in
    // the record sees the record, a bidder not in it does not. GC-2026-0906 was opened while
    // the world was seeded; GC-2026-0905 just now.
    for (id, tenderer, named, not_named) in [
        (
            "GC-2026-0905",
            None,
            vec![&b12, &b1, &b2],
            vec![&b13, &person("bidder-3")],
        ),
        (
            "GC-2026-0906",
            Some("tenderer-16"),
            vec![&b1, &person("bidder-3")],
            vec![&b2, &b12],
        ),
    ] {
        let (state, _) = world.state(id).await;
        let bidders: Vec<String> = state
            .round
            .record_bidders()
            .map(|b| b.as_str().to_ascii_uppercase())
            .collect();
        assert!(bidders.len() >= 3, "{id}: {bidders:?}");
        let mut readers = vec!["staff-wang", "supervisor-zhou", "agency-li"];
        readers.extend(tenderer);
        for reader in readers {
            let p = person(reader);
            for route in ["/log", "/opening/record"] {
                let (status, body) = world
                    .server
                    .get(&format!("/api/trades/{id}{route}"), p.token.as_deref())
                    .await;
                checked += 1;
                let text = body.to_string().to_ascii_uppercase();
                let missing: Vec<&String> = bidders.iter().filter(|b| !text.contains(*b)).collect();
                if status != 200 || !missing.is_empty() {
                    failures.push(format!(
                        "{} GET /api/trades/{id}{route} [opened]: expected 200 naming every bidder, got {status}, missing {missing:?}",
                        p.label()
                    ));
                }
            }
        }
        for p in named {
            let (status, body) = world
                .server
                .get(
                    &format!("/api/trades/{id}/opening/record"),
                    p.token.as_deref(),
                )
                .await;
            checked += 1;
            if status != 200 || !body.to_string().to_ascii_uppercase().contains(&org_of(p)) {
                failures.push(format!(
                    "{} GET /api/trades/{id}/opening/record: named in it, expected 200 naming it, got {status} {}",
                    p.label(),
                    short(&body)
                ));
            }
        }
        for p in not_named {
            let (status, body) = world
                .server
                .get(
                    &format!("/api/trades/{id}/opening/record"),
                    p.token.as_deref(),
                )
                .await;
            checked += 1;
            if status != 403 || !code(&body).starts_with("access.") {
                failures.push(format!(
                    "{} GET /api/trades/{id}/opening/record: not named in it, expected 403 access.*, got {status} {}",
                    p.label(),
                    short(&body)
                ));
            }
        }
    }
    world.close().await;
    println!("sealed-list responses checked: {checked} (at {NOW})");
    assert!(
        failures.is_empty(),
        "{} responses leak or fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
