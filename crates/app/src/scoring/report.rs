//! The report: drafted when nothing blocks, signed by every member, recorded on the trade.

use domain::eval_room::KeyProof;
use domain::scoring::{ScoringCommand, ScoringError, ScoringState, sign_message};
use domain::trade::{Phase, TradeCommand};
use domain::{Actor, BlobRef, Role, TradeId, UnifiedSocialCreditCode};

use crate::auth::Challenge;
use crate::error::AppError;
use crate::key_proof::key_proof;
use crate::pipeline::{Call, Current};
use crate::platform::Platform;
use crate::stream::Meta;
use crate::trades::Outcome;

use super::{member_here, refused, run, to_sheet};

/// Whether a report can be drafted on `state`: the sheets are revealed, nothing blocks and
/// none was drafted yet.
fn ready(state: &ScoringState) -> bool {
    state.revealed_at.is_some() && state.report.is_none() && state.blocking() == 0
}

/// When the sheets are revealed and nothing blocks: evaluate, store the report, draft it
/// with its digest and candidates. A report the evaluation itself blocks (a tie, an
/// explanation pending) is not drafted; the view shows why.
pub(crate) async fn draft_when_clear(platform: &Platform, trade: &TradeId) -> Result<(), AppError> {
    let (loaded, _) = platform.load_scoring(trade).await?;
    let state = &loaded.state;
    if !ready(state) {
        return Ok(());
    }
    let report = platform.evaluate_scoring(state)?;
    if !matches!(report.status, evaluation::Status::Complete) || report.candidates.is_empty() {
        tracing::info!(trade.id = %trade, "scoring: report not ready");
        return Ok(());
    }
    let ranked: Vec<UnifiedSocialCreditCode> = report
        .candidates
        .iter()
        .take(3)
        .filter_map(|id| state.bids.iter().find(|b| &b.id == id))
        .map(|b| b.bidder.clone())
        .collect();
    let json = serde_json::to_vec_pretty(&report).map_err(|e| AppError::Invalid(e.to_string()))?;
    let hash = crate::blobs::sha256_hex(&json);
    let blob = BlobRef::new(&hash, json.len() as u64, "evaluation-report.json")
        .map_err(|e| AppError::Invalid(e.to_string()))?;
    let command = ScoringCommand::DraftReport {
        report: blob,
        digest: hash,
        ranked,
    };
    // The report is of the sheets as read: drafted only if nothing changed since.
    let (actor, meta) = (
        Actor::platform(),
        Meta {
            ip: None,
            expected_version: Some(loaded.version),
        },
    );
    let call = Call {
        files: &[&json],
        ..Call::new(&actor, &meta)
    };
    run(platform, trade, call, |_| Ok(Some(command.clone()))).await?;
    Ok(())
}

impl Platform {
    /// The whole evaluation on the sheets as they stand.
    pub(crate) fn evaluate_scoring(
        &self,
        state: &ScoringState,
    ) -> Result<evaluation::Report, AppError> {
        let mut input = self.scoring_input(state)?;
        input.sheets = state
            .sheets
            .iter()
            .map(|s| to_sheet(s, state))
            .collect::<Result<_, _>>()?;
        evaluation::evaluate(&input, &self.calendar).map_err(|e| AppError::Invalid(e.to_string()))
    }
}

/// A single-use challenge to sign the drafted report ([`sign_message`] names the trade
/// and the report's digest). Limited per address like sign-in challenges (`ip`).
pub async fn challenge(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    ip: Option<String>,
) -> Result<Challenge, AppError> {
    platform.trade_state(trade).await?;
    let (loaded, room) = platform.load_scoring(trade).await?;
    if !room.members.iter().any(|m| m.person == actor.id) {
        return Err(refused(ScoringError::MembersOnly {
            action: "sign_report",
        }));
    }
    let (_, digest) = loaded
        .state
        .report
        .as_ref()
        .ok_or_else(|| refused(ScoringError::NoReport))?;
    let now = platform.clock.now();
    let (nonce_hex, expires_at) = platform.auth.challenges.issue(ip.as_deref(), now)?;
    Ok(Challenge {
        message: sign_message(&platform.origin, trade, digest, &nonce_hex),
        nonce_hex,
        expires_at,
    })
}

/// A member signs the report with a signature (hex) over a scoring challenge by one of
/// its keys, optionally recording a dissent. The last signature records the evaluation
/// on the trade (when the signer may: an expert of the committee; otherwise staff do it
/// with [`record`]). Members signing at the same moment do not conflict.
#[allow(clippy::too_many_arguments)]
pub async fn sign_report(
    platform: &Platform,
    trade: &TradeId,
    nonce_hex: &str,
    algorithm: &str,
    signature_hex: &str,
    dissent: Option<&str>,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    // Who may sign and what, before the nonce is spent and the key looked up.
    platform.trade_to_write(trade, actor).await?;
    let (loaded, room) = platform.load_scoring(trade).await?;
    member_here(&room, actor, "sign_report")?;
    let nonce = nonce_hex.trim().to_ascii_lowercase();
    if !platform.auth.challenges.take(&nonce, platform.clock.now()) {
        return Err(refused(ScoringError::BadChallenge));
    }
    let (_, digest) = loaded
        .state
        .report
        .clone()
        .ok_or_else(|| refused(ScoringError::NoReport))?;
    let message = sign_message(&platform.origin, trade, &digest, &nonce);
    let proof = key_proof(platform, actor, algorithm, &message, signature_hex).await?;
    let Some((key, signature)) = proof else {
        return Err(refused(ScoringError::BadKeyProof));
    };
    let command = ScoringCommand::Sign {
        via: KeyProof {
            key,
            nonce,
            signature,
        },
        dissent: dissent.filter(|d| !d.trim().is_empty()).map(str::to_owned),
    };
    let call = Call {
        retries: 16,
        ..Call::new(actor, meta)
    };
    let plan = |_: &Current<ScoringState>| Ok(Some(command.clone()));
    let outcome = run(platform, trade, call, plan).await?;
    if actor.role == Role::Expert {
        match record(platform, trade, actor, meta).await {
            Ok(_) => {}
            Err(e) if e.code() == "scoring.unsigned" => {}
            Err(e) => {
                tracing::warn!(trade.id = %trade, error.code = e.code(), "scoring: evaluation not recorded")
            }
        }
    }
    Ok(outcome)
}

/// Once every member signed: records the report and the ranked candidates on the trade
/// (`TradeCommand::RecordEvaluation`), as `actor` (center staff or an expert of the
/// committee). Nothing to do when the trade has moved past the opening.
pub async fn record(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<Option<Outcome>, AppError> {
    let (loaded, room) = platform.load_scoring(trade).await?;
    let state = &loaded.state;
    let (report, _) = state
        .report
        .clone()
        .ok_or_else(|| refused(ScoringError::NoReport))?;
    if !state.all_signed(&room) {
        let missing = room
            .members
            .iter()
            .filter(|m| !state.has_signed(&m.person))
            .map(|m| m.person.clone())
            .collect();
        return Err(refused(ScoringError::Unsigned { missing }));
    }
    if platform.trade_state(trade).await?.phase != Phase::Opened {
        return Ok(None);
    }
    let command = TradeCommand::RecordEvaluation {
        report,
        ranked: state.ranked.clone(),
    };
    let meta = Meta {
        ip: meta.ip.clone(),
        expected_version: None,
    };
    crate::trades::execute(platform, trade, command, actor, &meta)
        .await
        .map(Some)
}
