//! Issue #3, "done when": every route × role × phase cell of the HTTP API against the access
//! matrix (`domain::access`). Allowed reads answer 200; refused ones 403 with the matrix's
//! `access.*` code. Every trade command, for every role, on a trade in every phase: a refusal
//! by the matrix is 403 with its code and changes nothing; an allowed command is 200 or a
//! 422 trade-rule refusal that changes nothing; sealed bids and key shares are refused on the
//! generic route (`invalid_request.dedicated_route`), they have their own. Before the opening
//! nobody but the platform learns who obtained the documents or who has bid, or how many, on
//! any route, page or API; after it, those with the right see the opening record.
//!
//! The world (crates/web/tests/support) holds a trade in each phase; each test works on its
//! own copy, and each (person, allowed action) of the command test on a fresh copy, so every
//! command is judged in the phase the trade was seeded in.
mod support;

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
        let full = world
            .platform
            .trade_log(id, &Actor::platform())
            .await
            .unwrap();
        for p in people() {
            let relation = relation_to_trade(&p.actor(), &state);
            for (route, action) in [
                ("", Action::ViewTradePublic),
                ("/timeline", Action::ViewTimelinePublic),
                ("/log", Action::ViewLogFull),
                ("/opening/record", Action::ViewBidders),
            ] {
                cells += 1;
                let path = format!("/api/trades/{id}{route}");
                let cell = format!(
                    "{} GET {path} [trade {id}, phase {phase}, relation {relation:?}, action {action}]",
                    p.label()
                );
                let expected = authorize_on(p.role, action, &state, relation);
                let (status, body) = world.server.get(&path, p.token.as_deref()).await;
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
                if p.role == Role::Supervisor && status != 200 {
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
                            .filter(|e| {
                                may_read_event(p.role, &state, relation, &e.event).is_ok()
                            })
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
        | SubmitDeferredDocument { .. }
        | BookVenue(_)
        | UploadTenderDocuments { .. }
        | PublishAnnouncement { .. }
        | AmendDocuments { .. }
        | ObtainDocuments { .. }
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
        | Retender => {}
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
        Action::SubmitDeferredDocument => TradeCommand::SubmitDeferredDocument {
            name: "施工图审查合格书".into(),
            file: blob.clone(),
        },
        Action::BookVenue => TradeCommand::BookVenue(booking(7)),
        Action::UploadTenderDocuments => TradeCommand::UploadTenderDocuments { file: blob.clone() },
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
        },
        Action::AmendDocuments => TradeCommand::AmendDocuments {
            file: blob.clone(),
            new_deadline: None,
        },
        // The app seals the label (whatever the caller sends is replaced).
        Action::ObtainDocuments => TradeCommand::ObtainDocuments {
            bidder: own_bidder(),
            label: None,
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
        Action::Retender => TradeCommand::Retender,
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
            let relation = command_relation(p, &state);
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
                if status != 422 || code(&body) != "invalid_request.dedicated_route" || !unchanged
                {
                    failures.push(format!(
                        "{cell}: signed in, expected 422 invalid_request.dedicated_route and no change, got {status} {} (log {size}→{after_size})",
                        short(&body)
                    ));
                }
                continue;
            }
            let expected = authorize_command(p.role, &command, &state, relation);
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
    assert_eq!(actions.len(), 28, "one case per trade command");
    // Commands the matrix never grants a role, and those with a dedicated route, cannot change
    // anything: all of them run on one shared copy. Each granted (person, action) runs on a
    // fresh copy, so that each trade is met in the phase it was seeded in.
    let shared = Arc::new(World::copy().await);
    let limit = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for p in people() {
        let (granted, never): (Vec<Action>, Vec<Action>) = actions
            .iter()
            .partition(|a| {
                p.role != Role::Public
                    && rule_for(p.role, **a).is_some()
                    && !DEDICATED.contains(a)
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
        total.accepted >= 20 && total.rule_refused > 0 && total.matrix_refused > 0,
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

/// The bidders a trade's full log names in obtained-documents and bid events.
fn listed_bidders(full: &[app::LogEntry]) -> BTreeSet<String> {
    full.iter()
        .filter_map(|e| match &e.event {
            TradeEvent::DocumentsObtained { bidder, .. }
            | TradeEvent::BidSubmitted { bidder, .. }
            | TradeEvent::BidWithdrawn { bidder, .. } => Some(bidder.as_str().to_owned()),
            _ => None,
        })
        .collect()
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
        if let Some((_, name)) = orgs.iter().find(|(c, _)| c == code)
            && body.contains(name.as_str())
        {
            return Some(name);
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nobody_learns_who_obtained_or_bid_before_the_opening() {
    let world = World::copy().await;
    let t = template();
    let orgs = bidder_orgs();
    // Bidders 12 and 13 bid only in GC-2026-0302, which failed unopened: their codes appear
    // nowhere public. Here they obtain the documents of the trades still open for bids, and
    // 12 and bidder-1 bid too.
    let b1 = &t.people["bidder-1"];
    let b12 = &t.people["bidder-12"];
    let b13 = &t.people["bidder-13"];
    let blob = &t.blob;
    let org = |p: &Person| usc(p.org.as_deref().unwrap());
    for (p, id, command) in [
        (
            b12,
            "GC-2026-0904",
            TradeCommand::ObtainDocuments { bidder: org(b12) },
        ),
        (
            b12,
            "GC-2026-0905",
            TradeCommand::ObtainDocuments { bidder: org(b12) },
        ),
        (
            b13,
            "GC-2026-0905",
            TradeCommand::ObtainDocuments { bidder: org(b13) },
        ),
        (
            b12,
            "GC-2026-0904",
            TradeCommand::SubmitBid {
                bidder: org(b12),
                sealed: blob.clone(),
            },
        ),
        (
            b12,
            "GC-2026-0905",
            TradeCommand::SubmitBid {
                bidder: org(b12),
                sealed: blob.clone(),
            },
        ),
        (
            b1,
            "GC-2026-0905",
            TradeCommand::SubmitBid {
                bidder: org(b1),
                sealed: blob.clone(),
            },
        ),
    ] {
        let (status, body) = world.server.command(id, &command, p.token.as_deref()).await;
        assert_eq!(
            status,
            200,
            "{} {} on {id}: {body}",
            p.label(),
            command.action()
        );
    }
    let clean: BTreeSet<String> = [b12, b13]
        .iter()
        .map(|p| p.org.clone().unwrap().to_ascii_uppercase())
        .collect();

    let mut failures = Vec::new();
    let mut checked = 0;
    let mut cookies = std::collections::BTreeMap::new();
    for p in people() {
        if p.token.is_some() {
            cookies.insert(p.id.clone(), world.server.page_sign_in(&p.id).await);
        }
    }
    for (id, phase) in [
        ("GC-2026-0904", "announced"),
        ("GC-2026-0905", "experts_drawn"),
        ("GC-2026-0302", "failed unopened"),
    ] {
        let full = world
            .platform
            .trade_log(id, &Actor::platform())
            .await
            .unwrap();
        let secrets: BTreeSet<String> = listed_bidders(&full)
            .into_iter()
            .map(|c| c.to_ascii_uppercase())
            .collect();
        assert!(
            secrets.len() >= 2,
            "{id} has obtainers or bids: {secrets:?}"
        );
        let (state, _) = world.state(id).await;
        assert!(
            !domain::access::OPENED.contains(&domain::access::read_phase(&state)),
            "{id} is before the opening"
        );
        for p in people() {
            let own = p.org.as_deref();
            let cookie = cookies.get(&p.id).map(String::as_str);
            let mut bodies: Vec<(String, u16, String)> = Vec::new();
            for route in ["", "/timeline", "/log"] {
                let path = format!("/api/trades/{id}{route}");
                let (status, body) = world.server.get(&path, p.token.as_deref()).await;
                if route.is_empty() && status == 200 {
                    // the summary carries no list and no count of obtainers or bids
                    let keys: Vec<&String> = body
                        .as_object()
                        .map(|o| o.keys().collect())
                        .unwrap_or_default();
                    for k in keys {
                        let suspicious =
                            k.contains("obtain") || k.contains("bids") || k.contains("bidder");
                        let empty =
                            body[k].is_null() || body[k].as_array().is_some_and(Vec::is_empty);
                        if suspicious && !empty {
                            failures.push(format!(
                                "{} GET {path} [{id}, {phase}]: the summary shows {k} = {} before the opening",
                                p.label(),
                                body[k]
                            ));
                        }
                    }
                }
                bodies.push((format!("GET {path}"), status, body.to_string()));
            }
            let (status, page) = world
                .server
                .get_with_cookie(&format!("/trades/{id}"), cookie)
                .await;
            bodies.push((format!("page /trades/{id}"), status, page));
            for (route, status, body) in bodies {
                checked += 1;
                if status >= 500 || (route.starts_with("page") && status != 200) {
                    failures.push(format!("{} {route} [{id}, {phase}]: {status}", p.label()));
                }
                if let Some(secret) = leaked(&body, &secrets, &orgs, own) {
                    failures.push(format!(
                        "{} {route} [{id}, {phase}]: shows bidder {secret} before the opening (status {status})",
                        p.label()
                    ));
                }
            }
        }
    }
    // Routes about many trades: bidders 12 and 13 appear nowhere but in their own views.
    for p in people() {
        let own = p.org.as_deref();
        let cookie = cookies.get(&p.id).map(String::as_str);
        let mut bodies: Vec<(String, u16, String)> = Vec::new();
        let (status, body) = world.server.get("/api/trades", p.token.as_deref()).await;
        bodies.push(("GET /api/trades".into(), status, body.to_string()));
        for path in ["/", "/?status=open", "/work"] {
            if path == "/work" && cookie.is_none() {
                continue;
            }
            let (status, page) = world.server.get_with_cookie(path, cookie).await;
            if path == "/work" && status != 200 {
                failures.push(format!(
                    "{} page {path}: expected 200, got {status}",
                    p.label()
                ));
            }
            bodies.push((format!("page {path}"), status, page));
        }
        for (route, status, body) in bodies {
            checked += 1;
            if let Some(secret) = leaked(&body, &clean, &orgs, own) {
                failures.push(format!(
                    "{} {route}: shows bidder {secret}, who has only obtained documents or bid in unopened trades (status {status})",
                    p.label()
                ));
            }
        }
    }
    // After the opening (GC-2026-0906 evaluated) the parties with the right see the bidders.
    let id = "GC-2026-0906";
    let full = world
        .platform
        .trade_log(id, &Actor::platform())
        .await
        .unwrap();
    let bidders = listed_bidders(&full);
    assert!(!bidders.is_empty());
    for person in ["staff-wang", "supervisor-zhou", "tenderer-16", "agency-li"] {
        let p = &t.people[person];
        let (status, body) = world
            .server
            .get(&format!("/api/trades/{id}/log"), p.token.as_deref())
            .await;
        checked += 1;
        let text = body.to_string().to_ascii_uppercase();
        let missing: Vec<&String> = bidders
            .iter()
            .filter(|b| !text.contains(&b.to_ascii_uppercase()))
            .collect();
        if status != 200 || !missing.is_empty() {
            failures.push(format!(
                "{} GET /api/trades/{id}/log [evaluated]: after the opening expected 200 naming every bidder, got {status}, missing {missing:?}",
                p.label()
            ));
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
