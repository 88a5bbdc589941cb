//! `sunbid draw verify`: re-check a published expert draw offline (docs/DRAW.md §7), from the
//! JSON of `GET /api/trades/{id}/draw/published`. No account, no network, no database.
use std::path::PathBuf;

use clap::Subcommand;

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
            let published: domain::experts::PublishedDraw = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{}: not a published draw: {e}", file.display()))?;
            match domain::experts::verify_draw(&published) {
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
    }
}
