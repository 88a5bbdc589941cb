//! `sunbid verify`: the log re-derived, with the platform's key or an auditor's, and checked
//! against checkpoints kept from earlier.
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;

use super::{ORIGIN, StoreOptions, build_platform, open_platform};

/// `verify`: with `--key`, an auditor's check that needs only the public key (the private
/// key is not opened, the signer's record not read); without, the platform's own key and
/// record. `--against`: checkpoints kept from earlier, checked after the log itself passed.
pub async fn verify(
    opts: &StoreOptions,
    key: Option<&str>,
    against: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    let verifier = key
        .map(ledger::NoteVerifier::new)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--key: {e}"))?;
    let clock = Arc::new(legal_time::SystemClock);
    let platform = match &verifier {
        // Never written anywhere: verify signs nothing.
        Some(_) => build_platform(opts, clock, ledger::NoteSigner::generate(ORIGIN)?).await?,
        None => open_platform(opts, clock).await?,
    };
    let mut held = Vec::new();
    for path in against {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        held.extend(
            app::held_checkpoints(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        );
    }
    let result = match platform.verify(verifier.as_ref()).await {
        Ok(report) => platform
            .verify_against(&held, verifier.as_ref())
            .await
            .map(|lines| (report, lines)),
        Err(e) => Err(e),
    };
    match result {
        Ok((report, lines)) => {
            println!("{report}");
            for line in lines {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(app::VerifyError::Mismatch(m)) => {
            println!("FAILED: {m}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}
