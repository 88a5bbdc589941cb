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
    let store = open_store(opts).await?;
    let blobs = BlobStore::open(opts.data.join("blobs"))?;
    let signer =
        app::load_or_create_signer(&opts.data.join("keys").join("checkpoint.key"), ORIGIN)?;
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

pub async fn verify(opts: &StoreOptions, key: Option<&str>) -> anyhow::Result<ExitCode> {
    let platform = open_platform(opts, Arc::new(legal_time::SystemClock)).await?;
    let verifier = key
        .map(ledger::NoteVerifier::new)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--key: {e}"))?;
    match platform.verify(verifier.as_ref()).await {
        Ok(report) => {
            println!("{report}");
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
            if let Err(e) = retry.deliver_messages().await {
                tracing::warn!(error = %e, "message delivery");
            }
        }
    });
    web::serve(listener, platform, settings).await?;
    Ok(ExitCode::SUCCESS)
}
