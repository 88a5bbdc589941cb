//! Opening a data folder (SQLite or PostgreSQL + blobs + key) and the serve/verify commands.
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use app::{BlobStore, Platform};
use legal_time::{Calendar, Clock};
use store::Store;

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

/// `verify`: with `--key`, an auditor's check that needs only the public key (the private
/// key is not opened, the signer's record not read); without, the platform's own key and
/// record. `--against`: checkpoints kept from earlier, checked after the log itself passed.
pub async fn verify(
    opts: &StoreOptions,
    key: Option<&str>,
    against: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    let verifier = key
        .map(ledger::NoteVerifier::new)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--key: {e}"))?;
    let clock = Arc::new(legal_time::SystemClock);
    let platform = match &verifier {
        // Never written anywhere: verify signs nothing.
        Some(_) => build_platform(opts, clock, ledger::NoteSigner::generate(ORIGIN)?).await?,
        None => open_platform(opts, clock).await?,
    };
    let mut held = Vec::new();
    for path in against {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        held.extend(
            app::held_checkpoints(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        );
    }
    let result = match platform.verify(verifier.as_ref()).await {
        Ok(report) => platform
            .verify_against(&held, verifier.as_ref())
            .await
            .map(|lines| (report, lines)),
        Err(e) => Err(e),
    };
    match result {
        Ok((report, lines)) => {
            println!("{report}");
            for line in lines {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(app::VerifyError::Mismatch(m)) => {
            println!("FAILED: {m}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

/// How the server meets the network (docs/OPERATIONS.md, "Limits" and "Behind a proxy").
#[derive(clap::Args, Debug)]
pub struct NetArgs {
    /// The address browsers use, e.g. https://bids.example.gov.cn behind a TLS proxy: with
    /// https, cookies are Secure and HSTS is sent.
    #[arg(long, env = "SUNBID_PUBLIC_URL")]
    public_url: Option<String>,
    /// A reverse proxy whose X-Forwarded-For / X-Forwarded-Proto are believed (repeat or
    /// comma-separate).
    #[arg(long, env = "SUNBID_TRUSTED_PROXY", value_delimiter = ',')]
    trusted_proxy: Vec<IpAddr>,
    /// Seconds a client has to send a request's header (also closes idle connections).
    #[arg(long, default_value_t = web::settings::HEADER_TIMEOUT.as_secs())]
    header_timeout: u64,
    /// Seconds a request body may pause between two pieces.
    #[arg(long, default_value_t = web::settings::BODY_IDLE_TIMEOUT.as_secs())]
    body_idle_timeout: u64,
    /// Seconds a request body may take in all.
    #[arg(long, default_value_t = web::settings::BODY_DEADLINE.as_secs())]
    body_deadline: u64,
    /// Open connections at most (lowered to what the open-file limit allows).
    #[arg(long, default_value_t = web::settings::MAX_CONNECTIONS)]
    max_connections: usize,
    /// Open connections at most from one address (an IPv6 /64 counts as one).
    #[arg(long, default_value_t = web::settings::MAX_CONNECTIONS_PER_ADDRESS)]
    max_connections_per_address: usize,
}

impl NetArgs {
    fn settings(self) -> anyhow::Result<web::Settings> {
        let secs = std::time::Duration::from_secs;
        Ok(web::Settings {
            public_url: self
                .public_url
                .as_deref()
                .map(web::PublicUrl::parse)
                .transpose()
                .map_err(|e| anyhow::anyhow!(e))?,
            trusted_proxies: self.trusted_proxy,
            header_timeout: secs(self.header_timeout.max(1)),
            body_idle_timeout: secs(self.body_idle_timeout.max(1)),
            body_deadline: secs(self.body_deadline.max(1)),
            max_connections: self.max_connections.max(1),
            max_connections_per_address: self.max_connections_per_address.max(1),
        })
    }
}

pub async fn serve(
    opts: &StoreOptions,
    listen: SocketAddr,
    demo: Option<u32>,
    net: NetArgs,
) -> anyhow::Result<ExitCode> {
    let settings = net.settings()?;
    let platform = match demo {
        Some(accelerate) => crate::demo::seed_for_serve(opts, accelerate).await?,
        None => open_platform(opts, Arc::new(legal_time::SystemClock)).await?,
    };
    let listener =
        web::server::listen(listen).with_context(|| format!("cannot listen on {listen}"))?;
    println!("Sunbid listening on http://{}", listener.local_addr()?);
    let platform = Arc::new(platform);
    // Messages a gateway refused are retried every minute until they are sent or fail.
    let retry = platform.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            if let Err(e) = app::experts::deliver_messages(&retry).await {
                tracing::warn!(error = %e, "message delivery");
            }
        }
    });
    // A checkpoint every minute the log grew: what was appended is promised (signed) within
    // a minute even if nobody asks, so a later cut of it is caught (docs/OPERATIONS.md).
    let signing = platform.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            if let Err(e) = signing.checkpoint().await {
                tracing::error!(error = %e, "signing a checkpoint");
            }
        }
    });
    web::serve(listener, platform, settings).await?;
    Ok(ExitCode::SUCCESS)
}
