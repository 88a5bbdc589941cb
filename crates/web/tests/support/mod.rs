//! Shared helpers for the HTTP tests: a seeded demo world with trades standing in every phase,
//! signed-in demo people, copies of that world (so each test can change its own), and a
//! small HTTP client.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use app::Platform;
use app::demo::{DEMO_PASSWORD, demo_steps, standing_steps};
use domain::trade::{TradeCommand, VenueBooking};
use domain::{Actor, BlobRef, BusinessLine, Method, Money, RegionCode, Role, RoomId, TradeId};
use ledger::NoteSigner;
use legal_time::SettableClock;
use serde_json::Value;
use test_support::{Caller, TestApp};
use time::OffsetDateTime;
use time::macros::datetime;

/// The moment every copy of the world is judged at: after the last seeded step, before the
/// November deadlines of the standing trades.
pub const NOW: OffsetDateTime = datetime!(2026-10-26 10:00 +8);

/// The trades of the world, each in a distinct phase (the phase is checked when seeding).
pub const TRADES: [(&str, &str); 16] = [
    ("GC-2026-0901", "registered"),
    ("GC-2026-0902", "accepted"),
    ("GC-2026-0903", "venue_booked"),
    ("GC-2026-0951", "documents_ready"),
    ("GC-2026-0904", "announced"),
    ("GC-2026-0905", "experts_drawn"),
    ("ZC-2026-0601", "opened"),
    ("GC-2026-0906", "evaluated"),
    ("GC-2026-0907", "publicized"),
    ("GC-2026-0301", "awarded"),
    ("ZC-2026-0407", "confirmed"),
    ("GC-2026-0302", "failed"),
    ("GC-2026-0952", "rejected"),
    ("GC-2026-0953", "cancelled"),
    ("GC-2026-0954", "suspended"),
    ("GC-2026-0999", "unregistered"),
];

/// The people signed in in the template world, one or more per role.
pub const PEOPLE: [&str; 14] = [
    "staff-wang",
    "tenderer-2",
    "tenderer-14",
    "tenderer-16",
    "tenderer-17",
    "agency-li",
    "bidder-1",
    "bidder-2",
    "bidder-3",
    "bidder-12",
    "bidder-13",
    "expert-zhao",
    "supervisor-zhou",
    "tenderer-1",
];

/// A signed-in person (or the public, without a token).
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub role: Role,
    pub org: Option<String>,
    pub token: Option<String>,
    pub csrf: Option<String>,
}

impl From<Caller> for Person {
    fn from(c: Caller) -> Person {
        Person {
            id: c.actor.id,
            role: c.actor.role,
            org: c.actor.org,
            token: Some(c.token),
            csrf: Some(c.csrf),
        }
    }
}

impl Person {
    pub fn public() -> Person {
        Person {
            id: "public".into(),
            role: Role::Public,
            org: None,
            token: None,
            csrf: None,
        }
    }

    pub fn actor(&self) -> Actor {
        let actor = Actor::new(self.id.clone(), self.role);
        match &self.org {
            Some(org) => actor.with_org(org.clone()),
            None => actor,
        }
    }

    /// `id (role)` for failure messages.
    pub fn label(&self) -> String {
        format!("{} ({})", self.id, self.role.as_str())
    }
}

/// The template: a directory holding the seeded database and blobs, the signed-in people
/// and a stored blob that commands can name.
pub struct Template {
    pub dir: PathBuf,
    pub people: BTreeMap<String, Person>,
    pub blob: BlobRef,
    _keep: tempfile::TempDir,
}

const ORIGIN: &str = "authz.test/log";

/// One checkpoint key for the template and its copies.
fn signer() -> Arc<NoteSigner> {
    static SIGNER: OnceLock<Arc<NoteSigner>> = OnceLock::new();
    SIGNER
        .get_or_init(|| Arc::new(NoteSigner::generate(ORIGIN).unwrap()))
        .clone()
}

/// The template world, built once per test binary (on its own runtime, so any test may use it).
pub fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        std::thread::spawn(|| {
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(build_template())
        })
        .join()
        .expect("building the template world")
    })
}

fn stop_after(trade: &str) -> Option<&'static str> {
    // Labels of the demo steps (crates/app/src/demo/plans.rs) at which a trade stops, so the
    // world holds a trade in each phase.
    match trade {
        "ZC-2026-0601" => Some("evaluation report recorded"), // stays opened
        "GC-2026-0301" => Some("transaction confirmation issued"), // stays awarded
        "GC-2026-0302" => Some("re-tender: a new round starts"), // stays failed
        "GC-2026-0907" => Some("award decided online"),       // stays publicized
        _ => None,
    }
}

pub fn register(trade: &str, tenderer: &str, agency: Option<&str>) -> TradeCommand {
    TradeCommand::Register {
        trade: TradeId::parse(trade).unwrap(),
        title: format!("授权测试项目 {trade}"),
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        region: RegionCode::parse("330100").unwrap(),
        tenderer: domain::UnifiedSocialCreditCode::parse(tenderer).unwrap(),
        agency: agency.map(|a| domain::UnifiedSocialCreditCode::parse(a).unwrap()),
        estimate: "1000000".parse::<Money>().unwrap(),
        green_channel: false,
        invited_bidders: vec![],
    }
}

/// A booking in December with rooms no demo trade uses (`n` picks the rooms).
pub fn booking(n: u32) -> VenueBooking {
    VenueBooking {
        opening_room: RoomId::parse(&format!("opening-{n}")).unwrap(),
        opening_at: datetime!(2026-12-15 09:30 +8),
        evaluation_room: RoomId::parse(&format!("evaluation-{n}")).unwrap(),
        evaluation_from: datetime!(2026-12-15 13:00 +8),
        evaluation_to: datetime!(2026-12-15 17:00 +8),
    }
}

async fn build_template() -> Template {
    let keep = tempfile::tempdir().unwrap();
    let dir = keep.path().join("world");
    let mut steps = demo_steps();
    steps.extend(standing_steps());
    steps.sort_by_key(|s| s.at);
    let mut stopped: Vec<String> = Vec::new();
    let steps: Vec<_> = steps
        .into_iter()
        .filter(|s| {
            let trade = s.trade.as_str().to_owned();
            if stopped.contains(&trade) {
                return false;
            }
            if stop_after(&trade) == Some(s.label.as_str()) {
                stopped.push(trade);
                return false;
            }
            true
        })
        .collect();
    let app = TestApp::builder()
        .in_dir(&dir)
        .origin(ORIGIN)
        .signer(signer())
        .steps(steps)
        .checkpoint()
        .at(NOW)
        .build()
        .await;
    let platform = &app.platform;

    // Trades the demo does not leave standing, created now by their parties.
    let meta = app::Meta {
        ip: None,
        expected_version: None,
    };
    let t2 = app::demo::tenderer(2);
    let t2_org = t2.org.clone().unwrap();
    let staff = app::demo::staff();
    let blob = put_file(platform, "authz-test.txt", b"authorisation test file");
    let exec = |id: &'static str, command: TradeCommand, actor: Actor| {
        let meta = &meta;
        async move {
            app::trades::execute(
                platform,
                &TradeId::parse(id).unwrap(),
                command,
                &actor,
                meta,
            )
            .await
            .unwrap_or_else(|e| panic!("seeding {id}: {e}"));
        }
    };
    for id in [
        "GC-2026-0951",
        "GC-2026-0952",
        "GC-2026-0953",
        "GC-2026-0954",
    ] {
        exec(id, register(id, &t2_org, None), t2.clone()).await;
    }
    exec(
        "GC-2026-0951",
        TradeCommand::Accept {
            deferred: vec![],
            pledge: None,
        },
        staff.clone(),
    )
    .await;
    exec(
        "GC-2026-0951",
        TradeCommand::BookVenue(booking(9)),
        staff.clone(),
    )
    .await;
    exec(
        "GC-2026-0951",
        TradeCommand::UploadTenderDocuments {
            file: blob.clone(),
            evaluation: None,
        },
        t2.clone(),
    )
    .await;
    exec(
        "GC-2026-0952",
        TradeCommand::RejectEntry {
            reason: "材料不全".into(),
        },
        staff.clone(),
    )
    .await;
    exec(
        "GC-2026-0953",
        TradeCommand::Cancel {
            reason: "项目取消".into(),
        },
        staff.clone(),
    )
    .await;
    exec(
        "GC-2026-0954",
        TradeCommand::Suspend {
            reason: "投诉处理".into(),
        },
        staff.clone(),
    )
    .await;

    for (id, phase) in TRADES {
        let state = platform
            .load_trade(&TradeId::parse(id).unwrap())
            .await
            .unwrap()
            .state;
        assert_eq!(state.phase.as_str(), phase, "seeded phase of {id}");
    }

    // Sessions live in the store, so they hold in every copy.
    let mut people = BTreeMap::new();
    for id in PEOPLE {
        people.insert(id.to_owned(), Person::from(app.sign_in(id).await));
    }
    app.close().await;
    Template {
        dir,
        people,
        blob,
        _keep: keep,
    }
}

/// Standard base64 (the share format of `POST /opening/shares`).
pub fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A bid package (`seal::BidPackage`) of `bidder` for `trade`, sealed to `public`.
pub fn seal_package(
    public: &seal::OpeningPublicKey,
    trade: &str,
    bidder: &str,
    price_fen: i64,
) -> Vec<u8> {
    let package = seal::BidPackage {
        trade: trade.to_owned(),
        bidder: bidder.to_owned(),
        price_fen,
        period_days: 90,
        deposit_account: None,
        files: vec![seal::BidFile::new(
            "投标函.txt",
            None,
            format!("投标函 {bidder} / {trade}").into_bytes(),
        )],
    };
    seal::seal(
        public,
        trade,
        &package.to_bytes().unwrap(),
        &mut seal::os_rng(),
    )
    .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A running server over its own copy of the template world.
pub struct World {
    pub platform: Arc<Platform>,
    pub server: Server,
    /// The platform's clock (starts at [`NOW`]; a test may move it).
    pub clock: SettableClock,
    app: TestApp,
    _dir: tempfile::TempDir,
}

impl World {
    pub async fn copy() -> World {
        let t = template();
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&t.dir, dir.path());
        let app = TestApp::builder()
            .in_dir(dir.path())
            .origin(ORIGIN)
            .signer(signer())
            .at(NOW)
            .build()
            .await;
        let server = Server::start(app.platform.clone()).await;
        World {
            platform: app.platform.clone(),
            server,
            clock: app.clock.clone(),
            app,
            _dir: dir,
        }
    }

    pub async fn close(self) {
        self.server.stop();
        drop(self.platform);
        self.app.close().await;
    }

    pub async fn state(&self, id: &str) -> (domain::TradeState, u64) {
        let loaded = self
            .platform
            .load_trade(&TradeId::parse(id).unwrap())
            .await
            .unwrap();
        (loaded.state, loaded.version)
    }

    pub async fn log_size(&self) -> u64 {
        let (status, body) = self.server.get("/health", None).await;
        assert_eq!(status, 200, "/health: {body}");
        body["log_size"].as_u64().unwrap()
    }
}

pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(platform: Arc<Platform>) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let task =
            tokio::spawn(
                async move { axum::serve(listener, web::router(platform)).await.unwrap() },
            );
        Server {
            base,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            task,
        }
    }

    pub fn stop(&self) {
        self.task.abort();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Status and body (JSON if it parses, else the text as a JSON string).
    pub async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let r = request.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// A GET with an optional Bearer token.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut request = self.client.get(self.url(path));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        self.send(request).await
    }

    /// A GET with the session cookie; returns the status and the raw body.
    pub async fn get_with_cookie(&self, path: &str, cookie: Option<&str>) -> (u16, String) {
        let mut request = self.client.get(self.url(path));
        if let Some(c) = cookie {
            request = request.header("cookie", format!("sunbid_session={c}"));
        }
        let r = request.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Sign in through the page form; returns the session cookie's value.
    pub async fn page_sign_in(&self, person: &str) -> String {
        let body = format!("person={person}&password={DEMO_PASSWORD}");
        let r = self
            .client
            .post(self.url("/signin"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 303, "page sign-in of {person}");
        r.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.split(';')
                    .next()
                    .and_then(|c| c.trim().strip_prefix("sunbid_session="))
                    .map(str::to_owned)
            })
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| panic!("page sign-in of {person} set no session cookie"))
    }

    /// Sign `person` in again through the API (after the clock moved past its session).
    pub async fn sign_in(&self, person: &Person) -> Person {
        let (status, body) = self
            .post_json(
                "/api/session",
                None,
                &serde_json::json!({"person": person.id, "password": DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(status, 200, "sign-in of {}: {body}", person.id);
        Person {
            token: body["token"].as_str().map(str::to_owned),
            csrf: body["csrf"].as_str().map(str::to_owned),
            ..person.clone()
        }
    }

    /// A POST of a JSON body with an optional Bearer token.
    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        self.send(request).await
    }

    /// A POST of raw bytes (`application/octet-stream`) with an optional Bearer token and
    /// extra headers (`Idempotency-Key`, `X-Replaces-Bid-Key`).
    pub async fn post_bytes(
        &self,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", "application/octet-stream")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        self.send(request).await
    }

    /// The round's opening key as a bidder's client reads it from `GET /opening-key`.
    pub async fn opening_public_key(&self, trade: &str) -> seal::OpeningPublicKey {
        let (status, body) = self
            .get(&format!("/api/trades/{trade}/opening-key"), None)
            .await;
        assert_eq!(status, 200, "opening key of {trade}: {body}");
        let suite = seal::Suite::ALL
            .into_iter()
            .find(|s| body["suite"] == s.name())
            .unwrap_or_else(|| panic!("unknown suite in {body}"));
        let bytes = hex::decode(body["public_key"].as_str().unwrap()).unwrap();
        let public = seal::OpeningPublicKey::from_bytes(suite, &bytes).unwrap();
        assert_eq!(body["key_id"], public.key_id(), "key id of {trade}");
        public
    }

    /// Seal a bid package of `bidder` (an organisation code) for `trade` to its opening key,
    /// as the bid page or `sunbid bid seal` does.
    pub async fn sealed_bid(&self, trade: &str, bidder: &str, price_fen: i64) -> Vec<u8> {
        let public = self.opening_public_key(trade).await;
        seal_package(&public, trade, bidder, price_fen)
    }

    /// `p` seals and uploads a bid for its own organisation: `POST /api/trades/{id}/bids`.
    pub async fn submit_bid(
        &self,
        trade: &str,
        p: &Person,
        price_fen: i64,
        headers: &[(&str, &str)],
    ) -> (u16, Value) {
        let org = p.org.as_deref().expect("a bidder has an organisation");
        let envelope = self.sealed_bid(trade, org, price_fen).await;
        self.post_bytes(
            &format!("/api/trades/{trade}/bids"),
            p.token.as_deref(),
            headers,
            envelope,
        )
        .await
    }

    /// Custodian `p` opens its encrypted share (from `GET /opening`) with its demo key and
    /// hands it in: `POST /api/trades/{id}/opening/shares`.
    pub async fn hand_in_share(&self, trade: &str, p: &Person) -> (u16, Value) {
        let (status, room) = self
            .get(&format!("/api/trades/{trade}/opening"), None)
            .await;
        assert_eq!(status, 200, "opening room of {trade}: {room}");
        let mine = room["custodians"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["person"] == p.id.as_str())
            .unwrap_or_else(|| panic!("{} is no custodian of {trade}: {room}", p.id))
            .clone();
        let sealed = app::bidding::decode_share(mine["encrypted_share"].as_str().unwrap()).unwrap();
        let (for_trade, share) =
            seal::open_share_ed25519(&app::demo::demo_seed(&p.id), &sealed).unwrap();
        assert_eq!(for_trade, trade);
        let share = base64_encode(share.to_bytes().as_slice());
        self.post_json(
            &format!("/api/trades/{trade}/opening/shares"),
            p.token.as_deref(),
            &serde_json::json!({ "share": share }),
        )
        .await
    }

    /// `GET` a server-sent event stream and read it until `entries` events have come, or no
    /// more come for a moment. Returns the status and the text read.
    pub async fn read_events(
        &self,
        path: &str,
        token: Option<&str>,
        entries: usize,
    ) -> (u16, String) {
        let mut request = self.client.get(self.url(path));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let mut r = request.send().await.unwrap();
        let status = r.status().as_u16();
        let streaming = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        if !streaming {
            return (status, r.text().await.unwrap_or_default());
        }
        let mut text = String::new();
        while text.matches("event: entry").count() < entries {
            match tokio::time::timeout(std::time::Duration::from_secs(2), r.chunk()).await {
                Ok(Ok(Some(chunk))) => text.push_str(&String::from_utf8_lossy(&chunk)),
                _ => break,
            }
        }
        (status, text)
    }

    /// POST a trade command with the person's Bearer token.
    pub async fn command(
        &self,
        trade: &str,
        command: &TradeCommand,
        token: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .post(self.url(&format!("/api/trades/{trade}/commands")))
            .json(&serde_json::json!({ "command": command }));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        self.send(request).await
    }
}

/// Stores `bytes` in the blob folder and refers to them, as an upload does.
fn put_file(platform: &Platform, name: &str, bytes: &[u8]) -> BlobRef {
    let hash = platform.blobs().put(bytes).unwrap();
    BlobRef::new(&hash, bytes.len() as u64, name).unwrap()
}

/// `application/x-www-form-urlencoded` of `pairs`, as a browser sends a page form.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a form key or value (RFC 3986 unreserved characters stay).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The CSRF token of the first form on a page.
#[allow(dead_code)] // not every test binary posts a page's form
pub fn csrf_in(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("no-csrf")
        .to_owned()
}

/// The boundary of [`multipart`] bodies.
pub const BOUNDARY: &str = "sunbid-test-boundary";

/// A `multipart/form-data` body of (name, file name, bytes) parts.
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match file {
            Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// `sunbid init` on `world` (a center named `center` in region 350100, no trusted keys
/// yet): the first administrator `admin`, called `name`, and its one-time link. A world
/// seeded with the demo already holds the demo's center (its rooms): it is renamed and gets
/// its first administrator, as `sunbid init --update` would.
#[allow(dead_code)] // not every test binary sets up a center
pub async fn establish_center(
    world: &World,
    center: &str,
    admin: &str,
    name: &str,
) -> app::center::FirstSignIn {
    use domain::center::{CenterCommand, OpeningTerms, Profile, Settings};
    let profile = Profile {
        name: center.into(),
        region: RegionCode::parse("350100").unwrap(),
    };
    let meta = app::Meta::default();
    let admin = domain::PersonId::parse(admin).unwrap();
    if app::center::center(&world.platform)
        .await
        .unwrap()
        .is_some()
    {
        let rename = CenterCommand::SetProfile { profile };
        app::center::change(&world.platform, rename, &Actor::platform(), &meta)
            .await
            .unwrap();
        return app::center::appoint_first_administrator(
            &world.platform,
            admin,
            name.into(),
            &meta,
        )
        .await
        .unwrap();
    }
    let setup = app::center::CenterSetup {
        profile,
        policy: OpeningTerms::default(),
        settings: Settings::default(),
        venues: vec![],
        signers: vec![],
        administrator: (admin, name.into()),
    };
    app::center::establish(&world.platform, setup, &meta)
        .await
        .unwrap()
}
