//! Events appended per second on each backend, against the backend's raw insert of the same
//! bytes (the ceiling), and verify speed.
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::{BlobStore, Platform};
use store::{AppendBatch, Store};

use super::BenchArgs;
use super::event::batch;
use crate::setup::ORIGIN;

struct Figures {
    backend: &'static str,
    append: f64,
    raw: f64,
    verify: f64,
}

fn rate(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64().max(1e-9)
}

async fn measure(
    backend: &'static str,
    store: Arc<dyn Store>,
    raw: impl AsyncRaw,
    n: u64,
    dir: &std::path::Path,
) -> anyhow::Result<Figures> {
    let batches: Vec<(AppendBatch, Vec<u8>)> = (0..n).map(batch).collect();
    let bytes: Vec<Vec<u8>> = batches.iter().map(|(_, b)| b.clone()).collect();
    let raw_elapsed = raw.raw(&bytes).await?;
    let start = Instant::now();
    for (b, _) in batches {
        store.append(b).await?;
    }
    let append_elapsed = start.elapsed();
    let signer = app::load_or_create_signer(&dir.join("bench.key"), ORIGIN)?;
    let platform = Platform::new(
        store,
        BlobStore::open(dir.join("blobs"))?,
        Arc::new(legal_time::SystemClock),
        Arc::new(legal_time::Calendar::builtin()),
        Arc::new(signer),
        ORIGIN,
    );
    platform.checkpoint().await?;
    let start = Instant::now();
    let report = platform
        .verify(None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let verify_elapsed = start.elapsed();
    anyhow::ensure!(
        report.events == n,
        "verify saw {} events, expected {n}",
        report.events
    );
    Ok(Figures {
        backend,
        append: rate(n, append_elapsed),
        raw: rate(n, raw_elapsed),
        verify: rate(n, verify_elapsed),
    })
}

/// The ceiling: the backend's own raw insert of the same bytes, one transaction each.
pub trait AsyncRaw {
    fn raw(&self, rows: &[Vec<u8>]) -> impl std::future::Future<Output = anyhow::Result<Duration>>;
}

struct SqliteRaw(Arc<store_sqlite::SqliteStore>);
impl AsyncRaw for SqliteRaw {
    async fn raw(&self, rows: &[Vec<u8>]) -> anyhow::Result<Duration> {
        Ok(self.0.raw_insert_ceiling(rows).await?)
    }
}

struct PgRaw(Arc<store_postgres::PgStore>);
impl AsyncRaw for PgRaw {
    async fn raw(&self, rows: &[Vec<u8>]) -> anyhow::Result<Duration> {
        Ok(self.0.raw_insert_ceiling(rows).await?)
    }
}

pub(super) async fn append(pg_url: Option<&str>, args: &BenchArgs) -> anyhow::Result<()> {
    let n = args.events;
    let dir = tempfile::tempdir()?;
    println!("bench: {n} appends per backend, each one event + its projection in one transaction");
    println!("(SQLite: WAL, synchronous=FULL; durable as served)\n");
    let mut all = Vec::new();
    let sqlite = Arc::new(store_sqlite::SqliteStore::open(&dir.path().join("bench.db")).await?);
    all.push(measure("sqlite", sqlite.clone(), SqliteRaw(sqlite), n, dir.path()).await?);
    match pg_url.filter(|_| !args.sqlite_only) {
        Some(url) => {
            let fresh = store_postgres::create_fresh_database(
                url,
                &format!("sunbid_bench_{}", std::process::id()),
            )
            .await?;
            let pg = Arc::new(store_postgres::PgStore::connect(&fresh).await?);
            all.push(measure("postgres", pg.clone(), PgRaw(pg), n, dir.path()).await?);
        }
        None => println!("postgres: skipped (set --database postgres://... or DATABASE_URL)\n"),
    }
    println!(
        "{:<10} {:>14} {:>14} {:>8} {:>14}",
        "backend", "append ev/s", "raw ins/s", "ratio", "verify ev/s"
    );
    for f in &all {
        println!(
            "{:<10} {:>14.0} {:>14.0} {:>8.2} {:>14.0}",
            f.backend,
            f.append,
            f.raw,
            f.append / f.raw,
            f.verify
        );
    }
    println!("\ngoal: ratio >= 0.50\n");
    Ok(())
}
