//! Opening a data folder (SQLite or PostgreSQL + blobs + key) and the serve/verify commands.
use std::net::SocketAddr;
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

pub async fn serve(
    opts: &StoreOptions,
    listen: SocketAddr,
    demo: Option<u32>,
) -> anyhow::Result<ExitCode> {
    let platform = match demo {
        Some(accelerate) => crate::demo::seed_for_serve(opts, accelerate).await?,
        None => open_platform(opts, Arc::new(legal_time::SystemClock)).await?,
    };
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
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
    web::serve(listener, platform).await?;
    Ok(ExitCode::SUCCESS)
}
