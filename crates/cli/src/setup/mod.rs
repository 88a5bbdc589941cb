//! Opening a data folder (SQLite or PostgreSQL + blobs + key) and the serve/verify commands.

use std::path::PathBuf;

use std::sync::Arc;

use anyhow::Context as _;
use app::{BlobStore, Platform};
use legal_time::{Calendar, Clock};
use store::Store;

mod rehearsal;
mod serve;
mod verify;

pub use serve::{NetArgs, ServeClock, serve};
pub use verify::verify;

pub const ORIGIN: &str = "sunbid.local/log";

pub struct StoreOptions {
    pub data: PathBuf,
    pub database: Option<String>,
    /// The checkpoint key file; default `<data>/keys/checkpoint.key`, created on first start.
    pub checkpoint_key: Option<PathBuf>,
    /// A file holding the passphrase of a protected key file.
    pub passphrase_file: Option<PathBuf>,
    /// The signer's record; default: the key file's path with `.last` appended.
    pub checkpoint_record: Option<PathBuf>,
}

/// The environment variable that may hold the passphrase of a protected key file.
pub const PASSPHRASE_ENV: &str = "SUNBID_CHECKPOINT_PASSPHRASE";

impl StoreOptions {
    pub fn key_path(&self) -> PathBuf {
        self.checkpoint_key
            .clone()
            .unwrap_or_else(|| self.data.join("keys").join("checkpoint.key"))
    }

    /// The passphrase from `--checkpoint-passphrase-file` (its first line) or the environment.
    pub fn passphrase(&self) -> anyhow::Result<Option<String>> {
        if let Some(path) = &self.passphrase_file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            return Ok(Some(text.lines().next().unwrap_or_default().to_owned()));
        }
        Ok(std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.is_empty()))
    }

    /// The signing key: from the given path (which must exist), or the data folder's default
    /// one, created there on first start.
    pub fn signer(&self) -> anyhow::Result<ledger::NoteSigner> {
        let path = self.key_path();
        let passphrase = self.passphrase()?;
        match app::load_signer(&path, passphrase.as_deref()) {
            Err(app::KeyError::Missing { .. }) if self.checkpoint_key.is_none() => {
                Ok(app::load_or_create_signer(&path, ORIGIN)?)
            }
            other => Ok(other?),
        }
    }

    pub fn record(&self) -> app::KeyRecord {
        match &self.checkpoint_record {
            Some(path) => app::KeyRecord::new(path),
            None => app::KeyRecord::beside(&self.key_path()),
        }
    }
}

pub fn init_tracing() {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("SUNBID_LOG").unwrap_or_else(|_| "warn".into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

pub async fn open_store(opts: &StoreOptions) -> anyhow::Result<Arc<dyn Store>> {
    std::fs::create_dir_all(&opts.data)
        .with_context(|| format!("cannot create {}", opts.data.display()))?;
    Ok(match &opts.database {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Arc::new(
                store_postgres::PgStore::connect(url)
                    .await
                    .context("PostgreSQL")?,
            )
        }
        Some(other) => anyhow::bail!(
            "--database must be a postgres:// URL (got {other}); omit it for the embedded SQLite database"
        ),
        None => Arc::new(
            store_sqlite::SqliteStore::open(&opts.data.join("sunbid.db"))
                .await
                .context("SQLite")?,
        ),
    })
}

pub fn calendar(opts: &StoreOptions) -> anyhow::Result<Calendar> {
    let mut calendar = Calendar::builtin();
    // More years: drop State Council notices as <data>/calendar/<year>.json (holiday-cn format).
    let dir = opts.data.join("calendar");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                calendar
                    .load_year_file(&path)
                    .with_context(|| format!("calendar file {}", path.display()))?;
            }
        }
    }
    Ok(calendar)
}

pub async fn open_platform(opts: &StoreOptions, clock: Arc<dyn Clock>) -> anyhow::Result<Platform> {
    let signer = opts.signer()?;
    Ok(build_platform(opts, clock, signer)
        .await?
        .with_key_record(opts.record()))
}

async fn build_platform(
    opts: &StoreOptions,
    clock: Arc<dyn Clock>,
    signer: ledger::NoteSigner,
) -> anyhow::Result<Platform> {
    let store = open_store(opts).await?;
    let blobs = BlobStore::open(opts.data.join("blobs"))?;
    Ok(Platform::new(
        store,
        blobs,
        clock,
        Arc::new(calendar(opts)?),
        Arc::new(signer),
        ORIGIN,
    )
    .with_gateway(Arc::new(app::experts::FileGateway {
        dir: opts.data.join("outbox"),
    })))
}
