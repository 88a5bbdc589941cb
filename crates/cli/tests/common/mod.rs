//! Starting the real `sunbid serve` in tests, and what the tests do with it first.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

/// A trade of the demo world that takes bids on `serve --demo --accelerate 1`.
pub const TRADE: &str = "GC-2026-0905";

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `sunbid serve --demo --accelerate 1` on `port` over `data`, with `extra` arguments; with
/// `fd_limit`, under that open-file limit (soft and hard, so the server cannot raise it).
pub fn start(data: &Path, port: u16, extra: &[&str], fd_limit: Option<u32>) -> Child {
    let bin = env!("CARGO_BIN_EXE_sunbid");
    let mut command = match fd_limit {
        Some(n) => {
            let mut c = Command::new("sh");
            c.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\""), bin]);
            c
        }
        None => Command::new(bin),
    };
    command
        .args(["--data", data.to_str().unwrap()])
        .args(["serve", "--demo", "--accelerate", "1"])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

pub async fn wait_healthy(http: &reqwest::Client, base: &str) {
    for _ in 0..600 {
        if let Ok(r) = http.get(format!("{base}/health")).send().await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up");
}

/// The JSON answer to `request`.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// The text answer to `request`.
pub async fn text_of(request: reqwest::RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

/// Signs a demo person in: the session (`token`, `org`, ...).
pub async fn session(http: &reqwest::Client, base: &str, person: &str) -> Value {
    json_of(
        http.post(format!("{base}/api/session"))
            .json(&json!({ "person": person, "password": app::demo::DEMO_PASSWORD })),
    )
    .await
}

/// Signs a demo person in: the session's token.
pub async fn sign_in(http: &reqwest::Client, base: &str, person: &str) -> String {
    session(http, base, person).await["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The opening key bids for `trade` are sealed to.
pub async fn opening_key(
    http: &reqwest::Client,
    base: &str,
    trade: &str,
) -> seal::OpeningPublicKey {
    let key = json_of(http.get(format!("{base}/api/trades/{trade}/opening-key"))).await;
    let suite = seal::Suite::ALL
        .into_iter()
        .find(|s| s.name() == key["suite"])
        .unwrap();
    seal::OpeningPublicKey::from_bytes(
        suite,
        &hex::decode(key["public_key"].as_str().unwrap()).unwrap(),
    )
    .unwrap()
}

/// `person` seals a bid for [`TRADE`] and uploads it: the upload's answer (the receipt and
/// the bid key beside it).
pub async fn receipted_bid(http: &reqwest::Client, base: &str, person: &str) -> Value {
    let public = opening_key(http, base, TRADE).await;
    let session = session(http, base, person).await;
    let package = seal::BidPackage {
        trade: TRADE.into(),
        bidder: session["org"].as_str().unwrap().into(),
        price_fen: 612_345_678,
        period_days: 90,
        deposit_account: None,
        files: vec![seal::BidFile::new("投标函.txt", None, b"bid".to_vec())],
    };
    let envelope = seal::seal(
        &public,
        TRADE,
        &package.to_bytes().unwrap(),
        &mut seal::os_rng(),
    )
    .unwrap();
    let r = http
        .post(format!("{base}/api/trades/{TRADE}/bids"))
        .bearer_auth(session["token"].as_str().unwrap())
        .header("content-type", "application/octet-stream")
        .body(envelope)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

/// The platform's published log key (`GET /api/log/key`), as a bidder fetches it.
pub async fn log_key(http: &reqwest::Client, base: &str) -> String {
    let served = text_of(http.get(format!("{base}/api/log/key"))).await;
    served.trim().to_owned()
}

/// A running `sunbid serve --demo` (see [`start`]).
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// `sunbid serve --demo` on `data`, once it answers `/health`.
    pub async fn start(data: &Path, http: &reqwest::Client) -> Server {
        let port = free_port();
        let server = Server {
            child: start(data, port, &[], None),
            base: format!("http://127.0.0.1:{port}"),
        };
        wait_healthy(http, &server.base).await;
        server
    }

    /// SIGKILL, and wait for it to be gone.
    pub fn stop(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// An HTTP client that gives up after 30 s.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}
