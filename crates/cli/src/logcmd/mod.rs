//! `sunbid log ...`: print checkpoints, produce proofs, and check proofs offline.
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Subcommand;

use crate::setup::{StoreOptions, open_platform};

mod proof;

use proof::check_proof;

#[derive(Subcommand, Debug)]
pub enum LogCommand {
    /// Print the latest signed checkpoint (signing one if the log has grown).
    Checkpoint,
    /// Print the checkpoint verifier key (publish it; proofs are checked against it).
    Key,
    /// Make a new checkpoint key file at --out (an existing file is never overwritten). With
    /// a passphrase (SUNBID_CHECKPOINT_PASSPHRASE or --checkpoint-passphrase-file) the file is
    /// protected by it (argon2id, XChaCha20-Poly1305). Prints the verifier key.
    NewKey {
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the current checkpoint key (--checkpoint-key, or the data folder's) to --out,
    /// protected by the passphrase; then start with --checkpoint-key pointing at it and
    /// remove the plain file (docs/OPERATIONS.md).
    ProtectKey {
        #[arg(long)]
        out: PathBuf,
    },
    /// Print a proof as JSON: inclusion of leaf --index, or consistency from tree size --from.
    Prove {
        #[arg(long, conflicts_with = "from")]
        index: Option<u64>,
        #[arg(long)]
        from: Option<u64>,
        /// Tree size to prove against (a stored checkpoint); default: the latest.
        #[arg(long)]
        size: Option<u64>,
    },
    /// Check a proof file offline against a verifier key; needs no database.
    CheckProof {
        file: PathBuf,
        #[arg(long)]
        key: String,
        /// For an inclusion proof: the leaf's data (canonical event bytes) to check as well.
        #[arg(long)]
        leaf_data: Option<PathBuf>,
    },
}

pub async fn run(opts: &StoreOptions, command: LogCommand) -> anyhow::Result<ExitCode> {
    if let LogCommand::CheckProof {
        file,
        key,
        leaf_data,
    } = command
    {
        return check_proof(&file, &key, leaf_data.as_deref());
    }
    match &command {
        LogCommand::NewKey { out } => {
            let signer = ledger::NoteSigner::generate(crate::setup::ORIGIN)?;
            return write_key(opts, out, &signer);
        }
        LogCommand::ProtectKey { out } => {
            let passphrase = opts.passphrase()?;
            if passphrase.is_none() {
                anyhow::bail!(
                    "give the new passphrase with {} or --checkpoint-passphrase-file",
                    crate::setup::PASSPHRASE_ENV
                );
            }
            return write_key(opts, out, &opts.signer()?);
        }
        _ => {}
    }
    let platform = open_platform(opts, Arc::new(legal_time::SystemClock)).await?;
    match command {
        LogCommand::Checkpoint => print!("{}", platform.checkpoint().await?.note),
        LogCommand::Key => println!("{}", platform.verifier_key()),
        LogCommand::Prove {
            index: Some(index),
            size,
            ..
        } => {
            println!(
                "{}",
                serde_json::to_string_pretty(&platform.inclusion(index, size).await?)?
            );
        }
        LogCommand::Prove {
            from: Some(from),
            size,
            ..
        } => {
            println!(
                "{}",
                serde_json::to_string_pretty(&platform.consistency(from, size).await?)?
            );
        }
        LogCommand::Prove { .. } => {
            anyhow::bail!("give --index N (inclusion) or --from SIZE (consistency)")
        }
        LogCommand::CheckProof { .. }
        | LogCommand::NewKey { .. }
        | LogCommand::ProtectKey { .. } => {
            unreachable!("handled above")
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_key(
    opts: &StoreOptions,
    out: &std::path::Path,
    signer: &ledger::NoteSigner,
) -> anyhow::Result<ExitCode> {
    let passphrase = opts.passphrase()?;
    app::write_key_file(out, signer, passphrase.as_deref())?;
    let how = if passphrase.is_some() {
        "protected by the passphrase"
    } else {
        "plain (mode 0600)"
    };
    eprintln!("wrote {} ({how})", out.display());
    println!("{}", signer.verifier_key());
    Ok(ExitCode::SUCCESS)
}
