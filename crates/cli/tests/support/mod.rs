//! The real server for the CLI's end-to-end tests: started on a free port over a data folder
//! (the demo seeded on first start), signed into, and its trade's opening key.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// `sunbid serve --demo` on `data`, once it answers `/health`.
    pub async fn start(data: &Path, http: &reqwest::Client) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_sunbid"))
            .arg("--data")
            .arg(data)
            .args(["serve", "--demo", "--accelerate", "1"])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..600 {
            if let Ok(r) = http.get(format!("{}/health", server.base)).send().await
                && r.status() == 200
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        panic!("the server did not come up");
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

/// Signs a demo person in: the session (`token`, `org`, ...).
pub async fn sign_in(http: &reqwest::Client, base: &str, person: &str) -> Value {
    http.post(format!("{base}/api/session"))
        .json(&json!({ "person": person, "password": app::demo::DEMO_PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The round's opening key of `trade`, as `GET /api/trades/{id}/opening-key` publishes it.
pub async fn opening_public_key(
    http: &reqwest::Client,
    base: &str,
    trade: &str,
) -> seal::OpeningPublicKey {
    let key: Value = http
        .get(format!("{base}/api/trades/{trade}/opening-key"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
