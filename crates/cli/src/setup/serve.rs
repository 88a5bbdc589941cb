//! `sunbid serve`: the network settings and the server over the platform (or the demo).
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;

use super::{StoreOptions, open_platform};

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

/// The server's clock: the system's, the demo's (seeded, accelerated), or a rehearsal's.
pub enum ServeClock {
    System,
    Demo(u32),
    OffsetFile(std::path::PathBuf),
}

pub async fn serve(
    opts: &StoreOptions,
    listen: SocketAddr,
    clock: ServeClock,
    net: NetArgs,
) -> anyhow::Result<ExitCode> {
    let settings = net.settings()?;
    let platform = match clock {
        ServeClock::Demo(accelerate) => crate::demo::seed_for_serve(opts, accelerate).await?,
        ServeClock::System => open_platform(opts, Arc::new(legal_time::SystemClock)).await?,
        // Legal time jumps by days; people do not: sessions keep wall-clock time.
        ServeClock::OffsetFile(file) => {
            open_platform(opts, Arc::new(super::rehearsal::OffsetFileClock::new(file)))
                .await?
                .with_session_clock(Arc::new(legal_time::SystemClock))
        }
    };
    let listener =
        web::server::listen(listen).with_context(|| format!("cannot listen on {listen}"))?;
    println!("Sunbid listening on http://{}", listener.local_addr()?);
    // One-time links in messages point at the address people use: the public URL, else
    // the listen address.
    let base = match &settings.public_url {
        Some(url) => url.origin().to_owned(),
        None => format!("http://{}", listener.local_addr()?),
    };
    let platform = Arc::new(platform.with_link_texts(web::i18n::link_texts(&base)));
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
