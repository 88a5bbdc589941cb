//! Sealed bids end to end over HTTP (issue #4): what a dump of the database, the blob folder
//! and the server's logs shows before the opening (nothing that names a bidder of the trade,
//! no plaintext, no key that opens a bid), the upload rules, and the remote opening.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use app::Platform;
use app::demo::{demo_seed, standing_steps};
use legal_time::SettableClock;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::datetime;

/// GC-2026-0905 stands with its experts drawn and bidding open; its deadline.
const TRADE: &str = "GC-2026-0905";
const DEADLINE: OffsetDateTime = datetime!(2026-11-27 09:30 +8);
const BEFORE: OffsetDateTime = datetime!(2026-11-26 10:00 +8);

// ----- captured server logs -----

#[derive(Clone)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every test's server logs, at the most verbose level the server has (debug, with the
/// HTTP trace layer), into one buffer.
fn logs() -> &'static LogBuffer {
    static LOGS: OnceLock<LogBuffer> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = LogBuffer(Arc::new(Mutex::new(Vec::new())));
        let writer = buffer.clone();
        tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        buffer
    })
}

// ----- a world with its server -----

struct World {
    _app: test_support::TestApp,
    root: PathBuf,
    platform: Arc<Platform>,
    clock: SettableClock,
    base: String,
    http: reqwest::Client,
}

async fn world() -> World {
    world_with(&[TRADE]).await
}

async fn world_with(trades: &[&str]) -> World {
    logs();
    let steps: Vec<_> = standing_steps()
        .into_iter()
        .filter(|s| trades.contains(&s.trade.as_str()))
        .collect();
    let app = test_support::TestApp::builder()
        .origin("sealed.test/log")
        .platform(|p, _| p.with_deposit_signers(vec![app::demo::demo_bank_key()]))
        .steps(steps)
        .at(BEFORE)
        .build()
        .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = web::router(app.platform.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    World {
        root: app.dir.clone(),
        platform: app.platform.clone(),
        clock: app.clock.clone(),
        _app: app,
        base,
        http: reqwest::Client::new(),
    }
}

impl World {
    async fn sign_in(&self, person: &str) -> String {
        let r = self
            .http
            .post(format!("{}/api/session", self.base))
            .json(&json!({ "person": person, "password": app::demo::DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "sign-in {person}");
        let body: Value = r.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut r = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let r = r.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn upload(
        &self,
        token: &str,
        envelope: Vec<u8>,
        key: Option<&str>,
        replaces: Option<&str>,
    ) -> (u16, Value) {
        let mut r = self
            .http
            .post(format!("{}/api/trades/{TRADE}/bids", self.base))
            .bearer_auth(token)
            .header("content-type", "application/octet-stream")
            .body(envelope);
        if let Some(k) = key {
            r = r.header("idempotency-key", k);
        }
        if let Some(k) = replaces {
            r = r.header("x-replaces-bid-key", k);
        }
        let r = r.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn public_key(&self) -> seal::OpeningPublicKey {
        let (status, key) = self
            .get(&format!("/api/trades/{TRADE}/opening-key"), None)
            .await;
        assert_eq!(status, 200, "{key}");
        let suite = seal::Suite::ALL
            .into_iter()
            .find(|s| s.name() == key["suite"])
            .unwrap();
        let public = seal::OpeningPublicKey::from_bytes(
            suite,
            &hex::decode(key["public_key"].as_str().unwrap()).unwrap(),
        )
        .unwrap();
        assert_eq!(public.key_id(), key["key_id"].as_str().unwrap());
        public
    }

    /// A page as the public sees it, as text.
    async fn page(&self, path: &str) -> String {
        let path = path.replace("{TRADE}", TRADE);
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The whole trade, sealed bids included (as a command loads it).
    async fn state(&self) -> domain::TradeState {
        self.platform
            .load_trade(&domain::TradeId::parse(TRADE).unwrap())
            .await
            .unwrap()
            .state
    }

    async fn log_size(&self) -> u64 {
        self.platform.store().tree_head().await.unwrap().size
    }

    /// Staff open the room after the deadline second.
    async fn open_room(&self) {
        self.clock.set(DEADLINE + time::Duration::seconds(1));
        let staff = self.sign_in("staff-wang").await;
        let (status, body) = self
            .post(
                &format!("/api/trades/{TRADE}/commands"),
                &staff,
                json!({ "command": { "type": "open_bids" } }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// `person` opens its share with its demo key and hands it in.
    async fn hand_in_share(&self, person: &str) -> (u16, Value) {
        let (_, room) = self
            .get(&format!("/api/trades/{TRADE}/opening"), None)
            .await;
        let sealed = room["custodians"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["person"] == person)
            .unwrap_or_else(|| panic!("{person} is a custodian: {room}"))["encrypted_share"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, share) = seal::open_share_ed25519(
            &demo_seed(person),
            &app::bidding::decode_share(&sealed).unwrap(),
        )
        .unwrap();
        let token = self.sign_in(person).await;
        self.post(
            &format!("/api/trades/{TRADE}/opening/shares"),
            &token,
            json!({ "share": app::bidding::encode_share(share.to_bytes().as_slice()) }),
        )
        .await
    }
}

fn package(bidder: &str, price_fen: i64, marker: &str) -> Vec<u8> {
    seal::BidPackage {
        trade: TRADE.into(),
        bidder: bidder.into(),
        price_fen,
        period_days: 120,
        deposit_account: None,
        files: vec![seal::BidFile::new(
            "技术标.txt",
            None,
            format!("投标文件正文 {marker}").into_bytes(),
        )],
    }
    .to_bytes()
    .unwrap()
}

fn sealed_for(
    public: &seal::OpeningPublicKey,
    bidder: &str,
    price_fen: i64,
    marker: &str,
) -> Vec<u8> {
    seal::seal(
        public,
        TRADE,
        &package(bidder, price_fen, marker),
        &mut seal::os_rng(),
    )
    .unwrap()
}

fn org_of(person: &str) -> (String, String) {
    let a = app::demo::DEMO_ACCOUNTS
        .iter()
        .find(|a| a.id == person)
        .unwrap();
    let org = a.org.unwrap();
    (org.code().as_str().to_owned(), org.name())
}

// ----- the dump -----

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Every 32-byte candidate an attacker with the dump could try as the opening key: runs of
/// hex and base64 text decoded (each 32-byte window), and raw windows of the binary files.
fn candidate_keys(bytes: &[u8], raw: bool) -> Vec<[u8; 32]> {
    use base64::Engine;
    let mut out = Vec::new();
    let text = String::from_utf8_lossy(bytes);
    let mut push_windows = |decoded: &[u8]| {
        for w in decoded.windows(32) {
            out.push(<[u8; 32]>::try_from(w).unwrap());
        }
    };
    for run in text.split(|c: char| !c.is_ascii_hexdigit()) {
        if run.len() >= 64 {
            for start in 0..=run.len() - 64 {
                if let Ok(d) = hex::decode(&run[start..start + 64]) {
                    push_windows(&d);
                }
            }
        }
    }
    for run in text.split(|c: char| !(c.is_ascii_alphanumeric() || "+/=_-".contains(c))) {
        if run.len() >= 43 {
            let engine = &base64::engine::general_purpose::STANDARD;
            let trimmed = run.trim_end_matches('=');
            for cut in 0..4 {
                let s = &trimmed[..trimmed.len() - cut.min(trimmed.len())];
                let padded = format!("{s}{}", "=".repeat((4 - s.len() % 4) % 4));
                if let Ok(d) = engine.decode(padded.as_bytes()) {
                    push_windows(&d);
                }
            }
        }
    }
    if raw {
        push_windows(bytes);
    }
    out
}

fn opens(candidate: &[u8; 32], public: &[u8]) -> bool {
    x25519_dalek::x25519(*candidate, x25519_dalek::X25519_BASEPOINT_BYTES).as_slice() == public
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dump_before_the_opening_shows_no_bid_no_bidder_and_no_key_and_the_opening_shows_the_prices()
 {
    let w = world().await;
    let public = w.public_key().await;
    // Three bidders bid (one of them twice: a retry and a modification); one more obtains the
    // documents.
    let bidders = [
        ("bidder-1", 612_345_678_i64),
        ("bidder-3", 598_765_432),
        ("bidder-5", 634_567_890),
    ];
    let mut markers = Vec::new();
    let mut receipts = Vec::new();
    for (i, (person, price)) in bidders.iter().enumerate() {
        let token = w.sign_in(person).await;
        let (code, _) = org_of(person);
        let (status, body) = w
            .post(
                &format!("/api/trades/{TRADE}/commands"),
                &token,
                json!({ "command": { "type": "obtain_documents", "bidder": code } }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let marker = format!("PLAINTEXT-MARKER-{i}-{}", price);
        let envelope = sealed_for(&public, &code, *price, &marker);
        let key = format!("bid-key-for-the-dump-test-{i:04}");
        let (status, receipt) = w.upload(&token, envelope.clone(), Some(&key), None).await;
        assert_eq!(status, 201, "{receipt}");
        // the same upload again: the same receipt, no second bid
        let (status, again) = w.upload(&token, envelope.clone(), Some(&key), None).await;
        assert_eq!(status, 201, "{again}");
        assert_eq!(again["handle"], receipt["handle"]);
        assert_eq!(
            again["inclusion"]["leaf_index"],
            receipt["inclusion"]["leaf_index"]
        );
        markers.push(marker);
        receipts.push((receipt, envelope));
    }
    assert_eq!(
        w.state().await.round.bids.len(),
        3,
        "retries made no second bid"
    );
    // Each receipt checks offline against the platform's published key.
    let verifier = w
        .http
        .get(format!("{}/api/log/key", w.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(verifier, w.platform.verifier_key());
    for (receipt, envelope) in &receipts {
        let parsed: app::bidding::BidReceipt = serde_json::from_value(receipt.clone()).unwrap();
        app::bidding::check_receipt(&parsed, &verifier, Some(envelope)).unwrap();
        // a receipt claiming another trade, or another bid, fails
        let mut elsewhere = parsed.clone();
        elsewhere.trade = "GC-2026-0904".into();
        assert!(app::bidding::check_receipt(&elsewhere, &verifier, None).is_err());
        let mut other_bid = parsed.clone();
        other_bid.handle = "0".repeat(64);
        assert!(app::bidding::check_receipt(&other_bid, &verifier, None).is_err());
        let mut other = envelope.clone();
        *other.last_mut().unwrap() ^= 1;
        assert!(app::bidding::check_receipt(&parsed, &verifier, Some(&other)).is_err());
    }

    // ---- the dump, before the opening ----
    let db_files: Vec<_> = files(&w.root)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(w.root.join("blobs")))
        .collect();
    let blob_files = files(&w.root.join("blobs"));
    let log_text = String::from_utf8(logs().0.lock().unwrap().clone()).unwrap();
    assert!(
        !log_text.is_empty() && log_text.contains(TRADE),
        "the logs were captured"
    );
    // 1. no plaintext of any bid, no price
    for (path, bytes) in db_files.iter().chain(&blob_files) {
        for m in &markers {
            assert!(
                !contains(bytes, m.as_bytes()),
                "{} holds bid plaintext {m}",
                path.display()
            );
        }
    }
    for m in &markers {
        assert!(
            !log_text.contains(m.as_str()),
            "the logs hold bid plaintext {m}"
        );
    }
    // 2. no bidder tied to the trade: the trade's records and projections, and every log
    // line about the trade, name none of them (by code, name or person)
    let store = w.platform.store();
    let mut stream = store.load_stream(&format!("trade:{TRADE}")).await.unwrap();
    let sealed = store
        .load_prefix(&format!("sealed:{TRADE}/"))
        .await
        .unwrap();
    assert!(
        sealed.len() >= 6,
        "the bids and obtainings are in sealed streams"
    );
    // no stream version counts them: each sits in a stream of its own
    assert!(sealed.iter().all(|s| s.record.version == 1), "{sealed:?}");
    stream.extend(sealed);
    let trade_records =
        serde_json::to_string(&stream.iter().map(|s| &s.record).collect::<Vec<_>>()).unwrap();
    let projections = format!("{:?}", store.projections("trade").await.unwrap());
    let db_dump = sqlite_dump(&w.root.join("sunbid.db")).await;
    let trade_rows: Vec<&str> = db_dump.lines().filter(|l| l.contains(TRADE)).collect();
    assert!(trade_rows.len() > 5, "the dump has the trade's rows");
    for person in ["bidder-1", "bidder-3", "bidder-5"] {
        let (code, name) = org_of(person);
        for needle in [code.as_str(), name.as_str(), person] {
            assert!(
                !trade_records.contains(needle),
                "the trade's records name {needle}"
            );
            assert!(!projections.contains(needle), "a projection names {needle}");
            for row in &trade_rows {
                assert!(
                    !row.contains(needle),
                    "a database row of the trade names {needle}: {row}"
                );
            }
            for line in log_text.lines().filter(|l| l.contains(TRADE)) {
                assert!(
                    !line.contains(needle),
                    "a log line about the trade names {needle}: {line}"
                );
            }
        }
    }
    // no count either: the public view and the opening room say nothing about bids yet
    let (_, room) = w.get(&format!("/api/trades/{TRADE}/opening"), None).await;
    assert_eq!(room["bids"], 0, "{room}");
    // 3. no key material that opens a bid: neither the opening key nor any share in the
    // clear, in any encoding an attacker would try
    let public_bytes = public.as_bytes().to_vec();
    let mut tried = 0usize;
    for (path, bytes) in &db_files {
        for c in candidate_keys(bytes, false) {
            tried += 1;
            assert!(
                !opens(&c, &public_bytes),
                "{} holds the opening key",
                path.display()
            );
        }
    }
    for (path, bytes) in &blob_files {
        for c in candidate_keys(bytes, true) {
            tried += 1;
            assert!(
                !opens(&c, &public_bytes),
                "{} holds the opening key",
                path.display()
            );
        }
    }
    for c in candidate_keys(log_text.as_bytes(), false) {
        tried += 1;
        assert!(!opens(&c, &public_bytes), "the logs hold the opening key");
    }
    assert!(tried > 1000, "candidates tried: {tried}");
    let (_, room) = w.get(&format!("/api/trades/{TRADE}/opening"), None).await;
    for c in room["custodians"].as_array().unwrap() {
        let person = c["person"].as_str().unwrap();
        let sealed = app::bidding::decode_share(c["encrypted_share"].as_str().unwrap()).unwrap();
        let (_, share) = seal::open_share_ed25519(&demo_seed(person), &sealed).unwrap();
        let bytes = share.to_bytes();
        let encodings = [
            bytes.to_vec(),
            hex::encode(bytes.as_slice()).into_bytes(),
            app::bidding::encode_share(bytes.as_slice()).into_bytes(),
        ];
        for (path, file) in db_files.iter().chain(&blob_files) {
            for e in &encodings {
                assert!(
                    !contains(file, e),
                    "{} holds {person}'s share",
                    path.display()
                );
            }
        }
    }

    // ---- the opening: two of three custodians; the record shows the right prices ----
    w.open_room().await;
    let (status, first) = w.hand_in_share("staff-wang").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["opened"], false);
    let supervisor_token = w.sign_in("supervisor-zhou").await;
    let (status, _) = w
        .get(
            &format!("/api/trades/{TRADE}/opening/record"),
            Some(&supervisor_token),
        )
        .await;
    assert_eq!(status, 403, "sealed until the unsealing");
    let (status, second) = w.hand_in_share("supervisor-zhou").await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["opened"], true);
    let (status, record) = w
        .get(
            &format!("/api/trades/{TRADE}/opening/record"),
            Some(&supervisor_token),
        )
        .await;
    assert_eq!(status, 200, "{record}");
    for (person, price) in bidders {
        let (code, _) = org_of(person);
        let line = record["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["bidder"] == code.as_str())
            .unwrap_or_else(|| panic!("{person} in the record: {record}"));
        assert_eq!(line["status"]["type"], "opened", "{line}");
        assert_eq!(line["status"]["price"], price, "{line}");
        assert_eq!(line["status"]["obtained_documents"], true, "{line}");
    }
    let state = w.state().await;
    assert_eq!(state.phase, domain::trade::Phase::Opened);
    assert_eq!(state.round.opened_bidders.len(), 3);
    // a bidder confirms; another objects and the agency answers on the spot
    let b1 = w.sign_in("bidder-1").await;
    let (code1, _) = org_of("bidder-1");
    let (status, body) = w
        .post(
            &format!("/api/trades/{TRADE}/commands"),
            &b1,
            json!({ "command": { "type": "confirm_opening_record", "bidder": code1 } }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let b3 = w.sign_in("bidder-3").await;
    let (code3, _) = org_of("bidder-3");
    let (status, body) = w
        .post(&format!("/api/trades/{TRADE}/commands"), &b3, json!({ "command": { "type": "raise_opening_objection", "bidder": code3, "text": "我方报价唱标有误" } }))
        .await;
    assert_eq!(status, 200, "{body}");
    let agency = w.sign_in("agency-li").await;
    let (status, body) = w
        .post(&format!("/api/trades/{TRADE}/commands"), &agency, json!({ "command": { "type": "answer_opening_objection", "number": 1, "answer": "经核对，唱标与投标文件一致" } }))
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, record) = w
        .get(&format!("/api/trades/{TRADE}/opening/record"), Some(&b3))
        .await;
    assert_eq!(
        record["objections"][0]["answer"],
        "经核对，唱标与投标文件一致"
    );
    assert_eq!(record["confirmed_by"][0], code1.as_str());
    w.platform.verify(None).await.unwrap();
}

/// The database as text, one line per row of every table (what `sqlite3 .dump` would show).
async fn sqlite_dump(path: &Path) -> String {
    use sqlx::{Column, Row};
    let url = format!("sqlite://{}?mode=ro", path.display());
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let mut out = String::new();
    for table in tables {
        // The table names come from the database itself, not from input.
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM \"{table}\"")))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        for row in rows {
            let mut line = format!("{table}:");
            for (i, col) in row.columns().iter().enumerate() {
                let text = row
                    .try_get::<Option<String>, _>(i)
                    .ok()
                    .flatten()
                    .or_else(|| {
                        row.try_get::<Option<i64>, _>(i)
                            .ok()
                            .flatten()
                            .map(|v| v.to_string())
                    })
                    .or_else(|| {
                        row.try_get::<Option<Vec<u8>>, _>(i)
                            .ok()
                            .flatten()
                            .map(hex::encode)
                    })
                    .unwrap_or_default();
                line.push_str(&format!(" {}={text}", col.name()));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_rules_retry_unsealed_wrong_key_late_withdraw_modify() {
    let w = world().await;
    let public = w.public_key().await;
    let token = w.sign_in("bidder-1").await;
    let (code, _) = org_of("bidder-1");
    let before = w.log_size().await;
    // unsealed files are refused (第26条), in Chinese by default
    for body in [
        b"%PDF-1.7 plain bid".to_vec(),
        b"PK\x03\x04zip".to_vec(),
        vec![0u8; 300],
    ] {
        let (status, err) = w.upload(&token, body, None, None).await;
        assert_eq!(status, 422, "{err}");
        assert!(
            err["error"]["code"].as_str().unwrap().starts_with("seal."),
            "{err}"
        );
    }
    // sealed for another trade, or to another key
    let other_trade = seal::seal(
        &public,
        "GC-2026-0904",
        &package(&code, 1, "x"),
        &mut seal::os_rng(),
    )
    .unwrap();
    let (status, err) = w.upload(&token, other_trade, None, None).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("seal.wrong_trade")),
        "{err}"
    );
    let stranger =
        seal::OpeningKeyPair::generate(seal::Suite::HpkeX25519Aes256Gcm, &mut seal::os_rng());
    let wrong_key = seal::seal(
        stranger.public(),
        TRADE,
        &package(&code, 1, "x"),
        &mut seal::os_rng(),
    )
    .unwrap();
    let (status, err) = w.upload(&token, wrong_key, None, None).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("seal.wrong_key")),
        "{err}"
    );
    // a tenderer may not bid
    let tenderer = w.sign_in("tenderer-15").await;
    let (status, err) = w
        .upload(&tenderer, sealed_for(&public, &code, 1, "x"), None, None)
        .await;
    assert_eq!(status, 403, "{err}");
    assert_eq!(w.log_size().await, before, "refusals append nothing");

    // a bid, its key reused for other bytes (refused), modified, withdrawn
    let (status, first) = w
        .upload(
            &token,
            sealed_for(&public, &code, 100, "a"),
            Some("first-bid-key-0000000000"),
            None,
        )
        .await;
    assert_eq!(status, 201, "{first}");
    let (status, err) = w
        .upload(
            &token,
            sealed_for(&public, &code, 200, "b"),
            Some("first-bid-key-0000000000"),
            None,
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("bid.key_reused")),
        "{err}"
    );
    let (status, second) = w
        .upload(
            &token,
            sealed_for(&public, &code, 300, "c"),
            Some("second-bid-key-000000000"),
            Some("first-bid-key-0000000000"),
        )
        .await;
    assert_eq!(status, 201, "{second}");
    let state = w.state().await;
    assert_eq!(
        state.round.bids.len(),
        1,
        "the modification replaced the first bid"
    );
    assert!(
        state
            .round
            .bids
            .contains_key(&domain::Sha256Hex::parse(second["handle"].as_str().unwrap()).unwrap())
    );
    // withdrawing with a wrong key, then the right one
    let (status, err) = w
        .post(
            &format!("/api/trades/{TRADE}/bids/withdraw"),
            &token,
            json!({ "bid_key": "no-such-bid-key-00000000" }),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("trade.unknown_bid")),
        "{err}"
    );
    let (status, body) = w
        .post(
            &format!("/api/trades/{TRADE}/bids/withdraw"),
            &token,
            json!({ "bid_key": "second-bid-key-000000000" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(w.state().await.round.bids.is_empty());

    // late by one second: 09:30:00.999 is in time, 09:30:01 is not
    w.clock.set(DEADLINE + time::Duration::milliseconds(999));
    let token = w.sign_in("bidder-1").await;
    let (status, body) = w
        .upload(&token, sealed_for(&public, &code, 400, "d"), None, None)
        .await;
    assert_eq!(status, 201, "{body}");
    w.clock.set(DEADLINE + time::Duration::seconds(1));
    let size = w.log_size().await;
    let (status, err) = w
        .upload(&token, sealed_for(&public, &code, 500, "e"), None, None)
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("trade.late")),
        "{err}"
    );
    assert_eq!(w.log_size().await, size);
    w.platform.verify(None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bid_that_fails_to_decrypt_is_revoked_and_the_opening_goes_on() {
    let w = world().await;
    let public = w.public_key().await;
    for (i, person) in ["bidder-1", "bidder-3", "bidder-5"].iter().enumerate() {
        let token = w.sign_in(person).await;
        let (code, _) = org_of(person);
        let mut envelope = sealed_for(&public, &code, 1_000_000 + i as i64, "z");
        if i == 0 {
            // well-formed, addressed to the right key, but its ciphertext is broken: the
            // bidder's fault (第31条)
            let n = envelope.len();
            envelope[n - 5] ^= 0xff;
        }
        let (status, body) = w.upload(&token, envelope, None, None).await;
        assert_eq!(status, 201, "{body}");
    }
    w.open_room().await;
    w.hand_in_share("staff-wang").await;
    let (status, body) = w.hand_in_share("supervisor-zhou").await;
    assert_eq!(status, 200, "{body}");
    let state = w.state().await;
    let (code1, _) = org_of("bidder-1");
    let line = state
        .round
        .opening_record
        .iter()
        .find(|l| l.bidder.as_ref().map(|b| b.as_str()) == Some(code1.as_str()))
        .unwrap();
    assert!(
        matches!(&line.status, domain::trade::sealed::OpeningStatus::Revoked { article, .. } if article.contains("第31条")),
        "{line:?}"
    );
    assert_eq!(
        state.phase,
        domain::trade::Phase::Opened,
        "the opening went on"
    );
    assert_eq!(state.round.opened_bidders.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_k_shares_no_bid_opens_and_after_the_window_the_round_fails() {
    let w = world().await;
    let public = w.public_key().await;
    for person in ["bidder-1", "bidder-3", "bidder-5"] {
        let token = w.sign_in(person).await;
        let (code, _) = org_of(person);
        let (status, _) = w
            .upload(&token, sealed_for(&public, &code, 1, "y"), None, None)
            .await;
        assert_eq!(status, 201);
    }
    w.open_room().await;
    let (status, body) = w.hand_in_share("staff-wang").await;
    assert_eq!(
        (status, body["opened"].as_bool()),
        (200, Some(false)),
        "{body}"
    );
    // a share handed in twice is refused; a non-custodian is refused
    let (status, body) = w.hand_in_share("staff-wang").await;
    assert_eq!(status, 200, "held again in memory, no second event: {body}");
    let staff = w.sign_in("staff-wang").await;
    let abandon =
        json!({ "command": { "type": "abandon_opening", "reason": "监督人未到场提交密钥分片" } });
    let (status, err) = w
        .post(
            &format!("/api/trades/{TRADE}/commands"),
            &staff,
            abandon.clone(),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("trade.window_not_over")),
        "{err}"
    );
    w.clock.set(DEADLINE + time::Duration::minutes(62));
    let (status, body) = w
        .post(&format!("/api/trades/{TRADE}/commands"), &staff, abandon)
        .await;
    assert_eq!(status, 200, "{body}");
    let state = w.state().await;
    assert_eq!(state.phase, domain::trade::Phase::Failed);
    assert!(
        state.round.opening_record.is_empty(),
        "nothing was unsealed"
    );
}

fn bank_sign(bytes: &[u8]) -> String {
    use ed25519_dalek::Signer;
    let key = ed25519_dalek::SigningKey::from_bytes(&demo_seed("demo-bank"));
    hex::encode(key.sign(bytes).to_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deposits_paid_guaranteed_missing_over_the_cap_and_a_refund_overdue() {
    use domain::deposit::{BankNotice, GuaranteeLetter};
    let w = world().await;
    let public = w.public_key().await;
    let agency = w.sign_in("agency-li").await;
    let put_terms = |amount: i64| {
        let http = w.http.clone();
        let url = format!("{}/api/trades/{TRADE}/deposit/terms", w.base);
        let agency = agency.clone();
        async move {
            let r = http
                .put(url)
                .bearer_auth(agency)
                .json(&json!({ "amount": amount, "subject": "works", "exemption_by_credit": false, "accepts_guarantee": true }))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    // estimate 680万: 2 % is 13.6万; one fen more is over the cap (条例 第26条)
    let (status, err) = put_terms(13_600_001).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("deposit.over_cap")),
        "{err}"
    );
    let (status, _) = put_terms(10_000_000).await;
    assert_eq!(status, 204);
    // bidder-1 pays into its sub-account; the bank's notice is signed
    let b1 = w.sign_in("bidder-1").await;
    let (status, body) = w
        .post(
            &format!("/api/trades/{TRADE}/deposit/account"),
            &b1,
            json!({}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let account = body["account"].as_str().unwrap().to_owned();
    let (code1, name1) = org_of("bidder-1");
    let notice = BankNotice {
        sub_account: account.clone(),
        payer_account: "6222020200011234567".into(),
        payer_name: name1.clone(),
        amount: domain::Money::from_fen(10_000_000),
        paid_at: BEFORE,
        bank_ref: "BANK-REF-0001".into(),
    };
    let signed = json!({ "notice": notice, "signature": bank_sign(&notice.canonical_bytes()) });
    let post_notice = |body: Value| {
        let http = w.http.clone();
        let url = format!("{}/api/deposit/bank-notices", w.base);
        async move {
            let r = http.post(url).json(&body).send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    assert_eq!(
        post_notice(signed.clone()).await,
        (200, json!({ "recorded": 1 }))
    );
    assert_eq!(
        post_notice(signed).await,
        (200, json!({ "recorded": 0 })),
        "a retried notice counts once"
    );
    let forged = json!({ "notice": notice, "signature": bank_sign(b"something else") });
    let (status, err) = post_notice(forged).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("deposit.bad_signature")),
        "{err}"
    );
    // bidder-3 lodges a guarantee; one for another trade is refused
    let b3 = w.sign_in("bidder-3").await;
    let (code3, _) = org_of("bidder-3");
    let letter = |trade: &str| GuaranteeLetter {
        issuer_code: "DEMO-BANK".into(),
        number: "BH-2026-0001".into(),
        applicant: domain::UnifiedSocialCreditCode::parse(&code3).unwrap(),
        beneficiary: "招标人".into(),
        trade: domain::TradeId::parse(trade).unwrap(),
        amount: domain::Money::from_fen(10_000_000),
        valid_from: time::macros::date!(2026 - 11 - 01),
        valid_until: time::macros::date!(2027 - 03 - 01),
    };
    let wrong = letter("GC-2026-0904");
    let (status, err) = w
        .post(
            &format!("/api/trades/{TRADE}/deposit/guarantee"),
            &b3,
            json!({ "letter": wrong, "signature": bank_sign(&wrong.canonical_bytes()) }),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("deposit.guarantee_wrong_trade")),
        "{err}"
    );
    let right = letter(TRADE);
    let (status, body) = w
        .post(
            &format!("/api/trades/{TRADE}/deposit/guarantee"),
            &b3,
            json!({ "letter": right, "signature": bank_sign(&right.canonical_bytes()) }),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    // bidder-5 pays nothing; exemption by credit is for procurement only
    let b5 = w.sign_in("bidder-5").await;
    let (status, err) = w
        .post(
            &format!("/api/trades/{TRADE}/deposit/exemption"),
            &b5,
            json!({}),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (422, Some("deposit.exemption_not_allowed")),
        "{err}"
    );
    // sealed until the opening: neither the table nor the deposit stream names a bidder
    let (status, _) = w.get(&format!("/api/trades/{TRADE}/deposits"), None).await;
    assert_eq!(status, 403);
    // the public deposit stream and each sealed one (`deposit:<trade>/<id>`)
    let stream = w
        .platform
        .store()
        .load_prefix(&format!("deposit:{TRADE}"))
        .await
        .unwrap();
    assert_eq!(
        stream.len(),
        4,
        "terms, a sub-account, a payment, a guarantee"
    );
    let text =
        serde_json::to_string(&stream.iter().map(|s| &s.record).collect::<Vec<_>>()).unwrap();
    for needle in [
        code1.as_str(),
        name1.as_str(),
        "bidder-1",
        code3.as_str(),
        "bidder-3",
        "6222020200011234567",
    ] {
        assert!(!text.contains(needle), "the deposit stream names {needle}");
    }
    // bids, opening
    for (person, token) in [("bidder-1", &b1), ("bidder-3", &b3), ("bidder-5", &b5)] {
        let (code, _) = org_of(person);
        let (status, body) = w
            .upload(
                token,
                sealed_for(&public, &code, 600_000_000, "d"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    w.open_room().await;
    w.hand_in_share("staff-wang").await;
    let (status, body) = w.hand_in_share("supervisor-zhou").await;
    assert_eq!(
        (status, body["opened"].as_bool()),
        (200, Some(true)),
        "{body}"
    );
    let (status, table) = w.get(&format!("/api/trades/{TRADE}/deposits"), None).await;
    assert_eq!(status, 200, "{table}");
    let row = |code: &str| {
        table
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["bidder"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&code1)["covered_by"], "paid", "{table}");
    assert_eq!(row(&code1)["amount"], 10_000_000);
    assert_eq!(row(&code3)["covered_by"], "guarantee", "{table}");
    let (code5, _) = org_of("bidder-5");
    assert!(row(&code5)["covered_by"].is_null(), "{table}");
    assert!(
        row(&code5)["invalid_under"]
            .as_str()
            .is_some_and(|a| !a.is_empty()),
        "{table}"
    );
    let page = w.page("/trades/{TRADE}").await;
    assert!(
        page.contains("id=\"deposits\"") && page.contains("电子保函"),
        "the trade page discloses the deposits"
    );
    let (status, record) = w
        .get(
            &format!("/api/trades/{TRADE}/opening/record"),
            Some(&staff_token_for_record(&w).await),
        )
        .await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(
        record["deposits"].as_array().map(Vec::len),
        Some(3),
        "{record}"
    );
    assert!(
        !table.to_string().contains("6222020200011234567"),
        "payer accounts stay out of the public table"
    );
    // refunds: due 5 days after the contract (construction, 条例 第57条); then overdue
    let staff = w.sign_in("staff-wang").await;
    let (status, body) = w
        .post(
            &format!("/api/trades/{TRADE}/deposit/refunds/due"),
            &staff,
            json!({ "case": "unsuccessful", "event_date": "2026-12-01" }),
        )
        .await;
    assert_eq!((status, body["set"].as_u64()), (200, Some(3)), "{body}");
    w.clock.set(datetime!(2026-12-20 10:00 +8));
    let staff = w.sign_in("staff-wang").await;
    let (status, list) = w.get("/api/deposit/overdue", Some(&staff)).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(
        list.as_array()
            .unwrap()
            .iter()
            .filter(|o| o["trade"] == TRADE)
            .count(),
        3,
        "{list}"
    );
    let (status, body) = w
        .post(
            &format!("/api/trades/{TRADE}/deposit/refunds"),
            &staff,
            json!({ "bidder": code1, "amount": 10_000_000 }),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (_, list) = w.get("/api/deposit/overdue", Some(&staff)).await;
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    let b1 = w.sign_in("bidder-1").await;
    let (status, _) = w.get("/api/deposit/overdue", Some(&b1)).await;
    assert_eq!(status, 403, "bidders do not see the overdue list");
    w.platform.verify(None).await.unwrap();
}

/// Before its announcement a trade exists only for staff, supervisors and its own tenderer
/// and agency: the list, the summary and the timeline answer everyone else as if it did not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trade_before_its_announcement_is_visible_only_to_its_parties_and_staff() {
    // GC-2026-0901 stands registered (node 1), tenderer 11, agency-li; GC-2026-0905 announced
    let w = world_with(&["GC-2026-0901", TRADE]).await;
    let hidden = "GC-2026-0901";
    for (who, sees) in [
        (None, false),
        (Some("bidder-1"), false),
        (Some("tenderer-12"), false),
        (Some("expert-zhao"), false),
        (Some("tenderer-11"), true),
        (Some("agency-li"), true),
        (Some("staff-chen"), true),
        (Some("supervisor-zhou"), true),
    ] {
        let token = match who {
            Some(p) => Some(w.sign_in(p).await),
            None => None,
        };
        let (status, list) = w.get("/api/trades", token.as_deref()).await;
        assert_eq!(status, 200);
        let ids: Vec<&str> = list["trades"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["id"].as_str())
            .collect();
        assert!(
            ids.contains(&TRADE),
            "{who:?}: the announced trade is listed"
        );
        assert_eq!(ids.contains(&hidden), sees, "{who:?}: {ids:?}");
        for route in ["", "/timeline"] {
            let (status, _) = w
                .get(&format!("/api/trades/{hidden}{route}"), token.as_deref())
                .await;
            assert_eq!(status, if sees { 200 } else { 404 }, "{who:?} GET {route}");
        }
    }
}

/// The announcement is published from the standard template (its file's hash in the log);
/// a bidder asks a question without being named, the agency answers it for everyone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_announcement_comes_from_the_template_and_questions_are_answered_for_all() {
    let w = world().await;
    let (status, timeline) = w.get(&format!("/api/trades/{TRADE}/timeline"), None).await;
    assert_eq!(status, 200);
    let published = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "trade.announcement_published")
        .unwrap()
        .clone();
    let hash = published["event"]["notice"]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = String::from_utf8(w.platform.blobs().get(&hash).unwrap()).unwrap();
    assert!(text.contains("招标公告") && text.contains(TRADE), "{text}");
    assert!(text.contains("未加密的投标文件平台不予接收"), "{text}");
    let key = w.public_key().await;
    assert!(
        text.contains(&key.key_id()),
        "the notice names the opening key: {text}"
    );
    let page = w.page("/trades/{TRADE}").await;
    assert!(
        page.contains("id=\"notice\"") && page.contains(&key.key_id()),
        "the trade page shows it"
    );

    let b1 = w.sign_in("bidder-1").await;
    let (code1, name1) = org_of("bidder-1");
    let (status, body) = w
        .post(
            &format!("/api/trades/{TRADE}/commands"),
            &b1,
            json!({ "command": { "type": "ask_question", "bidder": code1, "text": "工期能否缩短至150日历天？" } }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // the parties see the question, not who asked
    let agency = w.sign_in("agency-li").await;
    let (status, log) = w
        .get(&format!("/api/trades/{TRADE}/log"), Some(&agency))
        .await;
    assert_eq!(status, 200);
    let text = log.to_string();
    assert!(text.contains("工期能否缩短"), "{text}");
    for needle in [code1.as_str(), name1.as_str(), "bidder-1"] {
        assert!(!text.contains(needle), "the log names the asker: {needle}");
    }
    let (status, body) = w
        .post(
            &format!("/api/trades/{TRADE}/commands"),
            &agency,
            json!({ "command": { "type": "answer_question", "number": 1, "answer": "不可以，工期以招标文件为准。" } }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, timeline) = w.get(&format!("/api/trades/{TRADE}/timeline"), None).await;
    assert!(
        timeline.to_string().contains("不可以，工期以招标文件为准"),
        "published to all"
    );
    let page = w.page("/trades/{TRADE}").await;
    assert!(
        page.contains("工期能否缩短") && page.contains("不可以"),
        "on the trade page"
    );
}

async fn staff_token_for_record(w: &World) -> String {
    w.sign_in("staff-wang").await
}

/// An envelope that could never open gets no receipt (issue 12): half of it, one byte short,
/// junk appended, an envelope of the old version without its length, each refused with its
/// own code and a message in the caller's language; nothing is appended or stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_envelopes_get_no_receipt() {
    let w = world().await;
    let public = w.public_key().await;
    let token = w.sign_in("bidder-1").await;
    let (code, _) = org_of("bidder-1");
    let whole = sealed_for(&public, &code, 1_000_000, "w");
    let mut junk = whole.clone();
    junk.extend_from_slice(b"\r\n--boundary--\r\n");
    // Version 1 of the same envelope: no length field, as written before issue 12.
    let h = seal::Envelope::parse(&whole).unwrap();
    let mut v1 = whole[..h.header_len - 8].to_vec();
    v1[6] = 1;
    v1.extend_from_slice(&whole[h.header_len..]);
    let before = w.log_size().await;
    let blobs_before = files(&w.root.join("blobs")).len();
    for (what, body, want) in [
        ("half", whole[..whole.len() / 2].to_vec(), "seal.truncated"),
        (
            "one byte short",
            whole[..whole.len() - 1].to_vec(),
            "seal.truncated",
        ),
        ("junk appended", junk, "seal.trailing_data"),
        ("version 1", v1, "seal.outdated_version"),
    ] {
        let (status, err) = w.upload(&token, body, None, None).await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (422, Some(want)),
            "{what}: {err}"
        );
        let message = err["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{what}: not a Chinese message: {err}"
        );
    }
    assert_eq!(
        w.log_size().await,
        before,
        "no refused envelope is in the log"
    );
    assert_eq!(
        files(&w.root.join("blobs")).len(),
        blobs_before,
        "nor in the blob folder"
    );
    let (status, receipt) = w.upload(&token, whole, None, None).await;
    assert_eq!(status, 201, "the whole envelope is accepted: {receipt}");
}
