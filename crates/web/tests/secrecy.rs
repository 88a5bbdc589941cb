//! Issue #12, "no side channel before the opening": what anyone can learn of a trade must
//! not depend on its sealed data. The reads of a trade answer the same bytes before and after
//! 1,000 sealed bids arrive, and the opening routes answer in the same time as for a trade
//! without bids (medians compared with the run's own noise, printed). A trade hidden before its announcement
//! answers every write route exactly like a trade that does not exist.
mod support;

use std::time::Instant;

use app::bidding::{BidKey, bid_handle};
use serde_json::Value;
use support::{Person, World, template};

/// Standing in bidding (experts drawn, deadline in November) in the template world: it gets
/// the sealed bids.
const BIDDING: &str = "GC-2026-0905";
/// Also in bidding (announced), same custodians: it keeps none, and is measured alongside.
const QUIET: &str = "GC-2026-0904";

// ---------------------------------------------------------------------------------------------
// 1. The reads of a trade before the opening
// ---------------------------------------------------------------------------------------------

/// `n` sealed bids in `trade`: one uploaded by a bidder through the API, the others its
/// copies under fresh handles, each in a stream of its own as the platform keeps them,
/// appended in one batch (the platform's own path would take minutes for 1,000).
async fn add_sealed_bids(w: &World, trade: &str, n: usize) {
    let bidder = &template().people["bidder-1"];
    let (status, receipt) = w.server.submit_bid(trade, bidder, 500_000_000, &[]).await;
    assert_eq!(status, 201, "{receipt}");
    let id = domain::TradeId::parse(trade).unwrap();
    let store = w.platform.store();
    let stream = format!("sealed:{trade}/bid-{}", receipt["handle"].as_str().unwrap());
    let first = store.load_stream(&stream).await.unwrap().remove(0).record;
    let round = receipt["round"].as_u64().unwrap() as u32;
    let mut batch = store::AppendBatch::default();
    for _ in 1..n {
        let handle = bid_handle(&id, round, &BidKey::random()).to_string();
        let mut record = first.clone();
        record.stream = format!("sealed:{trade}/bid-{handle}");
        record.payload["bid"]["handle"] = Value::String(handle);
        batch.streams.push(store::StreamAppend {
            stream: record.stream.clone(),
            expected_version: 0,
            events: vec![record],
        });
    }
    store.append(batch).await.unwrap();
    let held = w
        .platform
        .load_trade(&id)
        .await
        .unwrap()
        .state
        .round
        .bids
        .len();
    assert_eq!(held, n, "the trade holds the sealed bids");
}

/// Timings (µs) of `GET paths[i]`, interleaved batch by batch so that drift and load hit
/// both alike. Returns the batch medians of each path.
async fn timed(s: &support::Server, paths: [&str; 2], rounds: usize, per: usize) -> [Vec<f64>; 2] {
    let mut batches: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        // Alternate which goes first.
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let mut times = Vec::with_capacity(per);
            for _ in 0..per {
                let started = Instant::now();
                let r = s.client.get(s.url(paths[i])).send().await.unwrap();
                assert_eq!(r.status(), 200, "{}", paths[i]);
                r.bytes().await.unwrap();
                times.push(started.elapsed().as_secs_f64() * 1e6);
            }
            batches[i].push(median(&mut times));
        }
    }
    batches
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn spread(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::MIN, f64::max);
    let min = xs.iter().copied().fold(f64::MAX, f64::min);
    max - min
}

async fn body(server: &support::Server, path: &str) -> Vec<u8> {
    let r = server.client.get(server.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.bytes().await.unwrap().to_vec()
}

/// The done-when of issue #12. Every read of a bidding trade, public or its agency's, answers
/// the same bytes before and after 1,000 sealed bids arrive. `GET /opening` and
/// `/opening-key` of that trade and of one without bids, on one server, have the same body
/// size, and their median times (medians of batch medians) differ by less than the run's own
/// noise: how far the median moves from batch to batch (max − min of the batch medians) where
/// there is nothing to find, the trade without bids. (The other's spread is printed too:
/// when its time depends on the bids, its spread grows with the machine's load.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_opening_routes_answer_the_same_with_0_and_1000_sealed_bids() {
    let w = World::copy().await;
    let agency = template().people["agency-li"].token.clone();
    let reads: Vec<(String, Option<&str>)> = [
        ("/opening", None),
        ("/opening-key", None),
        ("", None),
        ("/timeline", None),
        ("/draw", None),
        ("/deposits", None),
        ("/opening/record", None),
        ("/log", agency.as_deref()),
        ("/opening/record", agency.as_deref()),
    ]
    .into_iter()
    .map(|(tail, token)| (format!("/api/trades/{BIDDING}{tail}"), token))
    .collect();
    let mut before = Vec::new();
    for (path, token) in &reads {
        before.push(w.server.get(path, *token).await);
    }
    add_sealed_bids(&w, BIDDING, 1_000).await;
    for ((path, token), then) in reads.iter().zip(&before) {
        let now = w.server.get(path, *token).await;
        assert_eq!(
            &now, then,
            "GET {path}: the answer depends on the sealed bids"
        );
    }
    for route in ["opening", "opening-key"] {
        let none = format!("/api/trades/{QUIET}/{route}");
        let many = format!("/api/trades/{BIDDING}/{route}");
        let (a, b) = (body(&w.server, &none).await, body(&w.server, &many).await);
        assert_eq!(
            a.len(),
            b.len(),
            "{route}: the body size depends on the sealed bids"
        );
        // Warm both (caches, connections) before measuring.
        timed(&w.server, [&none, &many], 1, 10).await;
        let [mut t0, mut t1] = timed(&w.server, [&none, &many], 16, 15).await;
        let (noise, other) = (spread(&t0), spread(&t1));
        let (m0, m1) = (median(&mut t0), median(&mut t1));
        println!(
            "GET /api/trades/{{id}}/{route}: {} bytes; median {m0:.0} µs with 0 sealed bids, \
             {m1:.0} µs with 1000; difference {:.0} µs, noise (spread of batch medians) \
             {noise:.0} µs ({other:.0} µs with the bids)",
            a.len(),
            (m1 - m0).abs()
        );
        assert!(
            (m1 - m0).abs() < noise,
            "{route}: the time depends on the sealed bids ({m0:.0} µs vs {m1:.0} µs, noise {noise:.0} µs)"
        );
    }
    w.close().await;
}

// ---------------------------------------------------------------------------------------------
// 2. Deposit sub-accounts opened at the same time
// ---------------------------------------------------------------------------------------------

/// Bidders opening deposit sub-accounts at the same moment all get one (no 409), and no
/// answer and no stream version counts anyone's deposit events: the trade's deposit stream
/// holds the public terms only, each sub-account a stream of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bidders_opening_deposit_accounts_at_once_all_get_one_and_nothing_counts_them() {
    let w = World::copy().await;
    let t = template();
    let agency = &t.people["agency-li"];
    let terms = serde_json::json!({
        "amount": 10_000_000, "subject": "works",
        "exemption_by_credit": false, "accepts_guarantee": true
    });
    let r = w
        .server
        .client
        .put(
            w.server
                .url(&format!("/api/trades/{BIDDING}/deposit/terms")),
        )
        .bearer_auth(agency.token.as_deref().unwrap())
        .json(&terms)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let bidders = ["bidder-1", "bidder-2", "bidder-3", "bidder-12", "bidder-13"];
    let mut tasks = Vec::new();
    for round in 0..4 {
        for id in bidders {
            let token = t.people[id].token.clone().unwrap();
            let (client, url) = (
                w.server.client.clone(),
                w.server
                    .url(&format!("/api/trades/{BIDDING}/deposit/account")),
            );
            tasks.push(tokio::spawn(async move {
                let r = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&serde_json::json!({}))
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                (id, round, status, r.text().await.unwrap())
            }));
        }
    }
    let mut accounts = std::collections::BTreeSet::new();
    for task in tasks {
        let (id, round, status, body) = task.await.unwrap();
        assert_eq!(status, 201, "{id} (#{round}): {body}");
        let body: Value = serde_json::from_str(&body).unwrap();
        accounts.insert(body["account"].as_str().unwrap().to_owned());
    }
    assert_eq!(accounts.len(), 20, "twenty distinct sub-accounts");
    let store = w.platform.store();
    let public = store
        .load_stream(&format!("deposit:{BIDDING}"))
        .await
        .unwrap();
    let kinds: Vec<&str> = public.iter().map(|e| e.record.kind.as_str()).collect();
    assert_eq!(kinds, ["deposit.terms_set"], "the public deposit stream");
    let sealed = store
        .load_prefix(&format!("deposit:{BIDDING}/"))
        .await
        .unwrap();
    assert_eq!(sealed.len(), 20);
    assert!(
        sealed.iter().all(|e| e.record.version == 1),
        "each sub-account in a stream of its own"
    );
    w.platform.verify(None).await.unwrap();
    w.close().await;
}

// ---------------------------------------------------------------------------------------------
// 3. Write routes on a hidden trade and on a missing one
// ---------------------------------------------------------------------------------------------

/// Registered, not announced: only staff, supervisors, its tenderer and agency-li see it.
const HIDDEN: &str = "GC-2026-0901";
/// No trade has this id.
const MISSING: &str = "GC-2026-0999";

/// Every write route with a trade in its path (API and page forms), with a body each.
fn write_routes() -> Vec<(&'static str, String, Value)> {
    let j = |v: Value| v;
    let mut routes = vec![
        (
            "POST",
            "commands".into(),
            j(serde_json::json!({"command": {"type": "accept", "deferred": []}})),
        ),
        (
            "POST",
            "commands".into(),
            j(serde_json::json!({"command": {"type": "cancel", "reason": "x"}})),
        ),
        (
            "POST",
            "commands".into(),
            j(serde_json::json!({"command": {"type": "nonsense"}})),
        ),
        ("POST", "bids".into(), Value::Null),
        ("POST", "bids/withdraw".into(), Value::Null),
        (
            "POST",
            "opening/shares".into(),
            j(serde_json::json!({"share": "AAAA"})),
        ),
        (
            "PUT",
            "deposit/terms".into(),
            j(
                serde_json::json!({"amount": 1, "subject": "works", "exemption_by_credit": false, "accepts_guarantee": true}),
            ),
        ),
    ];
    for tail in [
        "deposit/account",
        "deposit/guarantee",
        "deposit/exemption",
        "deposit/refunds/due",
        "deposit/refunds",
        "challenges",
        "challenges/1/reply",
        "challenges/1/complaint",
        "challenges/1/handling",
        "award",
        "award-notice",
        "scoring/configure",
        "scoring/sheet",
        "scoring/revise",
        "scoring/reasons",
        "scoring/sign",
        "scoring/record",
        "room/open",
        "room/join",
        "room/leave",
        "room/close",
        "room/posts",
        "room/clarifications",
        "room/clarifications/1/answer",
        "draw",
        "draw/answer",
        "draw/ratings",
        "draw/redraw",
        "draw/committee",
        "draw/reveal",
    ] {
        routes.push(("POST", tail.into(), serde_json::json!({})));
    }
    for page in [
        "/work/trades/{id}/documents",
        "/work/trades/{id}/accept",
        "/trades/{id}/opening/share",
        "/trades/{id}/publicity/challenge",
        "/trades/{id}/draw/answer",
        "/trades/{id}/room/join",
    ] {
        routes.push(("FORM", page.into(), Value::Null));
    }
    routes
}

async fn write(
    w: &World,
    who: &Person,
    cookie: Option<&str>,
    route: &(&str, String, Value),
    trade: &str,
) -> (u16, String) {
    let (method, tail, body) = route;
    let s = &w.server;
    let request = match *method {
        "FORM" => {
            let mut r = s
                .client
                .post(s.url(&tail.replace("{id}", trade)))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("reason=x&accept=yes");
            if let Some(c) = cookie {
                r = r.header("cookie", format!("sunbid_session={c}"));
            }
            r
        }
        _ => {
            let url = s.url(&format!("/api/trades/{trade}/{tail}"));
            let r = if *method == "PUT" {
                s.client.put(url)
            } else {
                s.client.post(url)
            };
            let r = match body {
                Value::Null => r
                    .header("content-type", "application/octet-stream")
                    .body(b"junk".to_vec()),
                b => r.json(b),
            };
            match &who.token {
                Some(t) => r.bearer_auth(t),
                None => r,
            }
        }
    };
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap().replace(trade, "{id}"))
}

/// For everyone who may not see a trade before its announcement, every write route answers
/// it exactly as it answers a trade id nobody registered: status, code and body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_route_answers_a_hidden_trade_like_a_missing_one() {
    let w = World::copy().await;
    let t = template();
    let log_size = w.log_size().await;
    let mut outsiders = vec![Person::public()];
    for id in ["bidder-1", "tenderer-2", "expert-zhao"] {
        outsiders.push(t.people[id].clone());
    }
    let mut compared = 0;
    for who in &outsiders {
        let cookie = match &who.token {
            Some(_) => Some(w.server.page_sign_in(&who.id).await),
            None => None,
        };
        for route in write_routes() {
            let hidden = write(&w, who, cookie.as_deref(), &route, HIDDEN).await;
            let missing = write(&w, who, cookie.as_deref(), &route, MISSING).await;
            assert_eq!(
                hidden, missing,
                "{} {} {} as {}: a hidden trade answers unlike a missing one",
                route.0, route.1, route.2, who.id
            );
            compared += 1;
        }
    }
    // Registering the id is the one write that cannot answer alike (a missing id registers):
    // it says the id is taken, and nothing about the trade.
    let tenderer = &t.people["tenderer-2"];
    let register = support::register(HIDDEN, tenderer.org.as_deref().unwrap(), None);
    let (status, body) = w
        .server
        .command(HIDDEN, &register, tenderer.token.as_deref())
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("trade.already_registered")),
        "{body}"
    );
    assert!(!body.to_string().contains("registered rejected"), "{body}");
    assert_eq!(w.log_size().await, log_size, "nothing was written");
    // Its own agency still reaches the routes (the answers are not all "no such trade").
    let agency = &t.people["agency-li"];
    let mut differ = 0;
    for route in write_routes().iter().filter(|r| r.0 != "FORM") {
        let own = write(&w, agency, None, route, HIDDEN).await;
        let missing = write(&w, agency, None, route, MISSING).await;
        differ += usize::from(own != missing);
    }
    println!(
        "{compared} answers compared; {differ} routes answer the trade's own agency otherwise"
    );
    assert!(differ > 10, "the agency of the trade reaches its routes");
    w.close().await;
}
