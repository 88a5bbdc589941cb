//! `sunbid`: the one binary.
#![forbid(unsafe_code)]

mod bench;
mod bidcmd;
mod demo;
mod drawcmd;
mod evaluate;
mod experts_bench;
mod initcmd;
mod logcmd;
mod setup;
mod surge;
mod timed_store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "sunbid",
    version,
    about = "Sunbid: public resource trading on a verifiable log"
)]
struct Cli {
    /// Folder for the embedded database, blobs and keys.
    #[arg(
        long,
        global = true,
        default_value = "sunbid-data",
        env = "SUNBID_DATA"
    )]
    data: PathBuf,
    /// PostgreSQL URL (postgres://...); without it the embedded SQLite database in --data is used.
    #[arg(long, global = true, env = "SUNBID_DATABASE_URL")]
    database: Option<String>,
    /// The checkpoint signing key file (default: <data>/keys/checkpoint.key, created on first
    /// start). Keep it apart from the database: docs/OPERATIONS.md.
    #[arg(long, global = true, env = "SUNBID_CHECKPOINT_KEY")]
    checkpoint_key: Option<PathBuf>,
    /// A file whose first line is the passphrase of a protected key file (or set
    /// SUNBID_CHECKPOINT_PASSPHRASE).
    #[arg(long, global = true, env = "SUNBID_CHECKPOINT_PASSPHRASE_FILE")]
    checkpoint_passphrase_file: Option<PathBuf>,
    /// The signer's record of the last checkpoint it signed (default: the key file's path with
    /// `.last` appended).
    #[arg(long, global = true, env = "SUNBID_CHECKPOINT_RECORD")]
    checkpoint_record: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a center on an empty store (or change it with --update): profile, opening-key
    /// policy, venues, trusted keys, the first administrator's one-time sign-in link.
    Init(initcmd::InitArgs),
    /// Start the HTTP server (JSON API).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Seed demo trades first (only into an empty log) and run on demo time.
        #[arg(long)]
        demo: bool,
        /// With --demo: how many times faster than real time the demo clock runs.
        #[arg(long, default_value_t = 60)]
        accelerate: u32,
        /// For rehearsals and tests only: server time is the wall clock plus the whole seconds
        /// written in this file (re-read when it changes, so legal periods can be skipped by
        /// writing a larger number; only ever move it forward). Sign-ins keep wall-clock time.
        #[arg(long, conflicts_with = "demo")]
        clock_offset_file: Option<std::path::PathBuf>,
        #[command(flatten)]
        net: setup::NetArgs,
    },
    /// Run complete trades through all seven nodes on an accelerated clock.
    Demo {
        /// Pause between steps in milliseconds, so a watcher can follow (0 = as fast as possible).
        #[arg(long, default_value_t = 0)]
        pace_ms: u64,
    },
    /// Re-derive the tree, checkpoints, projections and files from the events and compare.
    Verify {
        /// Expected checkpoint verifier key (default: this data folder's own key). With it,
        /// the private key is not needed.
        #[arg(long)]
        key: Option<String>,
        /// A checkpoint kept from earlier (a signed note, a bid receipt or a proof, as a
        /// file): the log must still extend it. Repeatable.
        #[arg(long)]
        against: Vec<PathBuf>,
    },
    /// The log: checkpoints and proofs.
    Log {
        #[command(subcommand)]
        command: logcmd::LogCommand,
    },
    /// Measure append and verify rates, a deadline surge of sealed bids, and unsealing.
    Bench(bench::BenchArgs),
    /// Bidder tools: seal a bid offline.
    Bid {
        #[command(subcommand)]
        command: bidcmd::BidCommand,
    },
    /// Custodian tools: open one's share of an opening key.
    Custodian {
        #[command(subcommand)]
        command: bidcmd::CustodianCommand,
    },
    /// Re-check a published expert draw offline.
    Draw {
        #[command(subcommand)]
        command: drawcmd::DrawCommand,
    },
    /// Check a bid receipt without an account.
    Receipt {
        #[command(subcommand)]
        command: bidcmd::ReceiptCommand,
    },
    /// Recompute an evaluation from a JSON file of its inputs and print every derived number
    /// with the rule that produced it (docs/EVALUATE.md).
    Evaluate {
        input: PathBuf,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    setup::init_tracing();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let opts = setup::StoreOptions {
        data: cli.data,
        database: cli.database,
        checkpoint_key: cli.checkpoint_key,
        passphrase_file: cli.checkpoint_passphrase_file,
        checkpoint_record: cli.checkpoint_record,
    };
    match cli.command {
        Command::Serve {
            listen,
            demo,
            accelerate,
            clock_offset_file,
            net,
        } => {
            let clock = match (demo, clock_offset_file) {
                (true, _) => setup::ServeClock::Demo(accelerate),
                (false, Some(file)) => setup::ServeClock::OffsetFile(file),
                (false, None) => setup::ServeClock::System,
            };
            setup::serve(&opts, listen, clock, net).await
        }
        Command::Init(args) => initcmd::run(&opts, args).await,
        Command::Demo { pace_ms } => demo::run(&opts, pace_ms).await,
        Command::Verify { key, against } => setup::verify(&opts, key.as_deref(), &against).await,
        Command::Log { command } => logcmd::run(&opts, command).await,
        Command::Bench(args) => bench::run(&opts, args).await,
        Command::Bid { command } => bidcmd::bid(command),
        Command::Custodian { command } => bidcmd::custodian(command),
        Command::Receipt { command } => bidcmd::receipt(command).await,
        Command::Draw { command } => drawcmd::draw(command),
        Command::Evaluate { input, json } => evaluate::run(&opts, &input, json),
    }
}
