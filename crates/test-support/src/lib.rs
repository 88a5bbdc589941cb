//! One test harness for every crate's tests: [`TestApp`], a `Platform` over a fresh store
//! (SQLite in a temp folder, or a fresh PostgreSQL database per test on the server of
//! `DATABASE_URL`), on a settable clock, with no data, the demo accounts or demo trades, and
//! callers signed in with the demo password. Real parts only: the stores, the blob folder
//! and the checkpoint key are the production ones.
//!
//! ```ignore
//! let app = TestApp::builder().backend(&backend).accounts().build().await;
//! let staff = app.sign_in("staff-wang").await;
//! app::trades::execute(&app.platform, &trade, command, &staff.actor, &Meta::default()).await?;
//! ```
#![forbid(unsafe_code)]

mod backend;
mod callers;
mod scenario;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use app::demo::{Step, demo_steps, run_steps, seed_accounts};
use app::{BlobStore, Platform};
use ledger::NoteSigner;
use legal_time::{Calendar, SettableClock};
use time::OffsetDateTime;
use time::macros::datetime;

pub use backend::{Backend, pg_admin_url};
use backend::{OpenStore, open_store};
pub use callers::{Caller, center_staff, test_key};
pub use scenario::{demo_before, demo_through, register};

/// The log origin of a test platform, unless the builder names another.
pub const ORIGIN: &str = "test.sunbid/log";

/// Where the clock starts when nothing else sets it.
pub const START: OffsetDateTime = datetime!(2026-03-01 09:00 +8);

/// A platform over its own store, blob folder and clock, for one test.
pub struct TestApp {
    pub platform: Arc<Platform>,
    /// The platform's clock: seeding moves it; a test may set it.
    pub clock: SettableClock,
    /// The data folder: `sunbid.db` (SQLite) and `blobs/`.
    pub dir: PathBuf,
    /// Where raw SQL reaches the same database (`sqlite://…` or `postgres://…`).
    pub url: String,
    store: OpenStore,
    _temp: Option<tempfile::TempDir>,
}

type Configure = Box<dyn FnOnce(Platform, &Path) -> Platform + Send>;

/// How a [`TestApp`] is made; see [`TestApp::builder`].
#[must_use]
pub struct Builder {
    backend: Backend,
    at: Option<OffsetDateTime>,
    accounts: bool,
    steps: Vec<Step>,
    checkpoint_after: Vec<usize>,
    origin: String,
    signer: Option<Arc<NoteSigner>>,
    dir: Option<PathBuf>,
    configure: Option<Configure>,
}

impl TestApp {
    /// An empty SQLite platform at [`START`] until the builder says otherwise.
    pub fn builder() -> Builder {
        Builder {
            backend: Backend::Sqlite,
            at: None,
            accounts: false,
            steps: Vec::new(),
            checkpoint_after: Vec::new(),
            origin: ORIGIN.to_owned(),
            signer: None,
            dir: None,
            configure: None,
        }
    }

    /// No data at all, the clock at [`START`].
    pub async fn empty(backend: &Backend) -> TestApp {
        TestApp::builder().backend(backend).build().await
    }

    /// The demo organisations, people and posts, no trades.
    pub async fn with_accounts(backend: &Backend) -> TestApp {
        TestApp::builder().backend(backend).accounts().build().await
    }

    /// The demo trades, with a checkpoint in the middle and one at the end.
    pub async fn demo(backend: &Backend) -> TestApp {
        TestApp::builder().backend(backend).demo().build().await
    }

    /// Closes the store (for SQLite: checkpoints the WAL, so the folder can be copied).
    /// The platform must not be shared any more.
    pub async fn close(self) {
        drop(self.platform);
        self.store.close().await;
    }
}

impl Builder {
    pub fn backend(mut self, backend: &Backend) -> Builder {
        self.backend = backend.clone();
        self
    }

    /// The clock reads `at` when the app is handed over (after any seeding).
    pub fn at(mut self, at: OffsetDateTime) -> Builder {
        self.at = Some(at);
        self
    }

    /// The demo organisations, people (password `app::demo::DEMO_PASSWORD`) and posts.
    pub fn accounts(mut self) -> Builder {
        self.accounts = true;
        self
    }

    /// The demo accounts, then `steps` in order (each at its own time).
    pub fn steps(mut self, steps: Vec<Step>) -> Builder {
        self.accounts = true;
        self.steps.extend(steps);
        self
    }

    /// A checkpoint once the steps so far have run.
    pub fn checkpoint(mut self) -> Builder {
        self.checkpoint_after.push(self.steps.len());
        self
    }

    /// The demo accounts and trades, with a checkpoint in the middle and one at the end.
    pub fn demo(self) -> Builder {
        let steps = demo_steps();
        let half = steps.len() / 2;
        let mut steps = steps.into_iter();
        let first = steps.by_ref().take(half).collect();
        self.steps(first)
            .checkpoint()
            .steps(steps.collect())
            .checkpoint()
    }

    /// The log origin (and of the generated checkpoint key).
    pub fn origin(mut self, origin: &str) -> Builder {
        self.origin = origin.to_owned();
        self
    }

    /// Signs checkpoints with `signer` (one key shared by copies of a world).
    pub fn signer(mut self, signer: Arc<NoteSigner>) -> Builder {
        self.signer = Some(signer);
        self
    }

    /// Keeps the data in `dir` (created if needed, kept afterwards) instead of a temp folder;
    /// a folder that holds data already is opened as it is. SQLite only.
    pub fn in_dir(mut self, dir: &Path) -> Builder {
        self.dir = Some(dir.to_owned());
        self
    }

    /// Changes the platform before anything runs on it (policies, gateways, signers of
    /// deposit notices); gets the data folder too.
    pub fn platform(
        mut self,
        configure: impl FnOnce(Platform, &Path) -> Platform + Send + 'static,
    ) -> Builder {
        self.configure = Some(Box::new(configure));
        self
    }

    pub async fn build(self) -> TestApp {
        let (temp, dir) = match &self.dir {
            Some(dir) => (None, dir.clone()),
            None => {
                let temp = tempfile::tempdir().expect("temp folder");
                let dir = temp.path().to_owned();
                (Some(temp), dir)
            }
        };
        std::fs::create_dir_all(&dir).expect("data folder");
        let (store, url) = open_store(&self.backend, &dir).await;
        let clock = SettableClock::new(self.at.unwrap_or(START));
        let signer = self.signer.unwrap_or_else(|| {
            Arc::new(NoteSigner::generate(&self.origin).expect("checkpoint key"))
        });
        let mut platform = Platform::new(
            store.port(),
            BlobStore::open(dir.join("blobs")).expect("blob folder"),
            Arc::new(clock.clone()),
            Arc::new(Calendar::builtin()),
            signer,
            self.origin,
        );
        if let Some(configure) = self.configure {
            platform = configure(platform, &dir);
        }
        if self.accounts {
            seed_accounts(&platform, &clock)
                .await
                .expect("demo accounts");
        }
        seed(&platform, &clock, self.steps, &self.checkpoint_after).await;
        if let Some(at) = self.at {
            clock.set(at);
        }
        TestApp {
            platform: Arc::new(platform),
            clock,
            dir,
            url,
            store,
            _temp: temp,
        }
    }
}

/// Runs `steps`, signing a checkpoint after each count of steps in `checkpoints`.
async fn seed(platform: &Platform, clock: &SettableClock, steps: Vec<Step>, checkpoints: &[usize]) {
    let mut done = 0;
    let mut steps = steps.into_iter();
    for &upto in checkpoints {
        let part = steps.by_ref().take(upto - done).collect();
        run_steps(platform, clock, part, |_, _| {})
            .await
            .expect("seeding steps");
        platform.checkpoint().await.expect("checkpoint");
        done = upto;
    }
    run_steps(platform, clock, steps.collect(), |_, _| {})
        .await
        .expect("seeding steps");
}
