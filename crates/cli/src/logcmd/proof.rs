//! `sunbid log proof check`: an inclusion or consistency proof checked offline against the
//! log's public key, as anyone holding a proof file would.
use std::process::ExitCode;

use anyhow::Context as _;
use ledger::{ConsistencyBundle, InclusionBundle, NoteVerifier};

pub(super) fn check_proof(
    file: &std::path::Path,
    key: &str,
    leaf_data: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let verifier = NoteVerifier::new(key).map_err(|e| anyhow::anyhow!("--key: {e}"))?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).context("proof file is not JSON")?;
    let outcome = if value.get("leaf_index").is_some() {
        let bundle: InclusionBundle =
            serde_json::from_value(value).context("not an inclusion proof")?;
        let result = match leaf_data {
            Some(path) => bundle.check_leaf_data(&std::fs::read(path)?, &verifier),
            None => bundle.check(&verifier),
        };
        result.map(|cp| {
            format!(
                "ok: leaf {} is in the log {} of size {}",
                bundle.leaf_index, cp.origin, cp.size
            )
        })
    } else {
        let bundle: ConsistencyBundle =
            serde_json::from_value(value).context("not a consistency proof")?;
        bundle.check(&verifier).map(|(old, new)| {
            format!(
                "ok: the log of size {} extends the log of size {}",
                new.size, old.size
            )
        })
    };
    match outcome {
        Ok(message) => {
            println!("{message}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("FAILED: {e}");
            Ok(ExitCode::from(1))
        }
    }
}
