//! The server loop: hyper's HTTP/1 connection builder with a header read timeout, tower-http's
//! body timeouts, and two connection caps. Each keeps one way of holding the server down from
//! working:
//! * a header read timeout ([`Settings::header_timeout`]), which also closes idle keep-alive
//!   connections, so slow or silent clients give their connection back;
//! * a body idle timeout and a body deadline, so a trickling upload ends;
//! * a cap per client address (an IPv6 /64 counts as one), so one client cannot take every
//!   connection; over it, a new connection is closed at once;
//! * a total cap below the open-file limit (raised at start), so the server never runs out
//!   of descriptors for its database and blob files: at the cap it stops accepting until a
//!   connection ends, and new clients wait in the listen queue instead of breaking writes.
pub mod fds;
mod per_address;

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;
use tower_http::timeout::{RequestBodyDeadlineLayer, RequestBodyTimeoutLayer};

pub use per_address::PerAddress;

use crate::{Settings, Shared};

/// How long open connections (live streams, uploads) get to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Connections the kernel queues before the server accepts them (capped by the kernel's
/// `net.core.somaxconn`). Deep, so that a burst of connections (or the wait at the total
/// cap) does not drop new clients' handshakes into a one-second retransmit.
const LISTEN_BACKLOG: u32 = 4096;

/// A listener on `addr` with a deep accept queue ([`LISTEN_BACKLOG`]).
pub fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Serves until Ctrl-C.
pub async fn serve(
    listener: TcpListener,
    platform: Shared,
    settings: Settings,
) -> std::io::Result<()> {
    serve_until(listener, platform, settings, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves until `shutdown` completes, then lets open connections finish (at most
/// [`SHUTDOWN_GRACE`]).
pub async fn serve_until(
    listener: TcpListener,
    platform: Shared,
    settings: Settings,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let fd_limit = fds::raise_limit();
    let cap = fds::connection_cap(settings.max_connections, fd_limit);
    tracing::info!(
        fd_limit,
        max_connections = cap,
        max_per_address = settings.max_connections_per_address,
        header_timeout_s = settings.header_timeout.as_secs_f64(),
        "serving"
    );
    let total = Arc::new(Semaphore::new(cap));
    let per_address = PerAddress::new(settings.max_connections_per_address);
    let app = app_service(platform, &settings);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(settings.header_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = total.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => { accept_failed(&e).await; continue; }
            },
            () = &mut shutdown => break,
        };
        // A trusted proxy carries everyone: it is counted in the total only.
        let slot = if settings.trusts(peer.ip()) {
            None
        } else if let Some(slot) = per_address.enter(peer.ip()) {
            Some(slot)
        } else {
            let address = per_address::group(peer.ip());
            tracing::debug!(address, "per-address connection cap: closed");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = app
            .clone()
            .map_request(move |mut r: axum::http::Request<Incoming>| {
                r.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                r
            });
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
            drop((permit, slot));
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("connections still open after the shutdown grace period");
        }
    }
    Ok(())
}

type App = tower::util::BoxCloneSyncService<
    axum::http::Request<Incoming>,
    axum::response::Response,
    std::convert::Infallible,
>;

/// The application behind the body timeouts (tower-http: an idle timeout between two pieces
/// of a body, and a deadline for the whole body).
fn app_service(platform: Shared, settings: &Settings) -> App {
    let service = tower::ServiceBuilder::new()
        .layer(RequestBodyDeadlineLayer::new(settings.body_deadline))
        .layer(RequestBodyTimeoutLayer::new(settings.body_idle_timeout))
        .map_request(|r: axum::http::Request<_>| r.map(axum::body::Body::new))
        .service(crate::router_with(platform, settings));
    App::new(service)
}

/// An accept that failed: out of descriptors (should not happen under the cap, but another
/// part of the process may hold many), or a connection reset before it was accepted.
async fn accept_failed(e: &std::io::Error) {
    if fds::out_of_descriptors(e) {
        tracing::warn!(error = %e, "accept: out of file descriptors, pausing");
        tokio::time::sleep(Duration::from_millis(100)).await;
    } else {
        tracing::debug!(error = %e, "accept failed");
    }
}
