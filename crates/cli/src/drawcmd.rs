//! `sunbid draw verify`: re-check a published expert draw offline (docs/DRAW.md §7), from the
//! JSON of `GET /api/trades/{id}/draw/published`. No account, no network, no database. Reads
//! both formats: the pseudonymous pool the platform publishes (`sunbid-draw/2`) and the
//! redacted records of the first format.
use std::path::PathBuf;

use clap::Subcommand;
use domain::experts::{Judged, PSEUDONYMOUS_FORMAT, PublishedDraw, verify_draw};

#[derive(Subcommand, Debug)]
pub enum DrawCommand {
    /// Recompute eligibility, the commitment, the randomness and every round; exit 1 on the
    /// first difference.
    Verify {
        /// The published draw (JSON).
        file: PathBuf,
    },
}

pub fn draw(command: DrawCommand) -> anyhow::Result<std::process::ExitCode> {
    match command {
        DrawCommand::Verify { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let json: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{}: not JSON: {e}", file.display()))?;
            let not_a_draw = |e| anyhow::anyhow!("{}: not a published draw: {e}", file.display());
            if json["format"] == PSEUDONYMOUS_FORMAT {
                check(
                    &serde_json::from_value::<PublishedDraw<domain::experts::PublicExpert>>(json)
                        .map_err(not_a_draw)?,
                )
            } else {
                check(&serde_json::from_value::<PublishedDraw>(json).map_err(not_a_draw)?)
            }
        }
    }
}

fn check<P: Judged>(published: &PublishedDraw<P>) -> anyhow::Result<std::process::ExitCode> {
    match verify_draw(published) {
        Ok(()) => {
            let members = published.result.committee().len();
            println!(
                "OK: draw for {} re-checked: {} experts in the pool, {} drawn in {} round(s), commitment {} (log leaf {}), beacon of tree size {}",
                published.request.trade,
                published.pool.len(),
                members,
                published.result.rounds.len(),
                published.commitment,
                published.commitment_leaf,
                published.beacon_tree_size
            );
            println!(
                "check the beacon against the signed checkpoint of size {} (sunbid log check-proof)",
                published.beacon_tree_size
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("FAILED [{}]: {e}", e.code());
            Ok(std::process::ExitCode::FAILURE)
        }
    }
}
