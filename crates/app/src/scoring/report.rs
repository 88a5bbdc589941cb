//! The report: drafted when nothing blocks, signed by every member, recorded on the trade.

use domain::accounts::KeyAlgorithm;
use domain::eval_room::KeyProof;
use domain::scoring::{ScoringCommand, ScoringError, ScoringState, sign_message};
use domain::trade::{Phase, TradeCommand};
use domain::{Actor, BlobRef, Role, TradeId, UnifiedSocialCreditCode};

use crate::auth::Challenge;
use crate::auth::signature::verifies;
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;
use crate::trades::Outcome;

use super::{member_here, refused, to_sheet};

impl Platform {
    /// When the sheets are revealed and nothing blocks: evaluate, store the report, draft it
    /// with its digest and candidates. A report the evaluation itself blocks (a tie, an
    /// explanation pending) is not drafted; the view shows why.
    pub async fn draft_when_clear(&self, trade: &TradeId) -> Result<(), AppError> {
        let (loaded, room) = self.load_scoring(trade).await?;
        let state = &loaded.state;
        if state.revealed_at.is_none() || state.report.is_some() || state.blocking() > 0 {
            return Ok(());
        }
        let report = self.evaluate_scoring(state)?;
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
        let json =
            serde_json::to_vec_pretty(&report).map_err(|e| AppError::Invalid(e.to_string()))?;
        let hash = self.blobs.put(&json)?;
        let blob = BlobRef::new(&hash, json.len() as u64, "evaluation-report.json")
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        let command = ScoringCommand::DraftReport {
            report: blob,
            digest: hash,
            ranked,
        };
        self.execute_scoring(
            trade,
            &loaded,
            room,
            command,
            &Actor::platform(),
            &Meta::default(),
        )
        .await?;
        Ok(())
    }

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

    /// A single-use challenge to sign the drafted report ([`sign_message`] names the trade
    /// and the report's digest). Limited per address like sign-in challenges (`ip`).
    pub async fn scoring_challenge(
        &self,
        trade: &TradeId,
        actor: &Actor,
        ip: Option<String>,
    ) -> Result<Challenge, AppError> {
        self.trade_state(trade).await?;
        let (loaded, room) = self.load_scoring(trade).await?;
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
        let now = self.clock.now();
        let (nonce_hex, expires_at) = self.auth.challenges.issue(ip.as_deref(), now)?;
        Ok(Challenge {
            message: sign_message(&self.origin, trade, digest, &nonce_hex),
            nonce_hex,
            expires_at,
        })
    }

    /// A member signs the report with a signature (hex) over a scoring challenge by one of
    /// its keys, optionally recording a dissent. The last signature records the evaluation
    /// on the trade (when the signer may: an expert of the committee; otherwise staff do it
    /// with [`Platform::record_scoring`]).
    #[allow(clippy::too_many_arguments)]
    pub async fn sign_report(
        &self,
        trade: &TradeId,
        nonce_hex: &str,
        algorithm: &str,
        signature_hex: &str,
        dissent: Option<&str>,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        self.trade_state(trade).await?;
        let (loaded, room) = self.load_scoring(trade).await?;
        member_here(&room, actor, "sign_report")?;
        let nonce = nonce_hex.trim().to_ascii_lowercase();
        if !self.auth.challenges.take(&nonce, self.clock.now()) {
            return Err(refused(ScoringError::BadChallenge));
        }
        let (_, digest) = loaded
            .state
            .report
            .clone()
            .ok_or_else(|| refused(ScoringError::NoReport))?;
        let algorithm = match algorithm.trim().to_ascii_lowercase().as_str() {
            "ed25519" => KeyAlgorithm::Ed25519,
            "sm2" => KeyAlgorithm::Sm2,
            other => {
                return Err(AppError::Invalid(format!(
                    "algorithm {other:?}: use ed25519 or sm2"
                )));
            }
        };
        let message = sign_message(&self.origin, trade, &digest, &nonce);
        let signature = hex::decode(signature_hex.trim()).unwrap_or_default();
        let key = self.credential(&actor.id).await?.and_then(|c| {
            c.keys
                .into_iter()
                .filter(|k| k.algorithm() == algorithm)
                .find(|k| verifies(k, message.as_bytes(), &signature))
        });
        let Some(key) = key else {
            return Err(refused(ScoringError::BadKeyProof));
        };
        let via = KeyProof {
            key,
            nonce,
            signature: hex::encode(&signature),
        };
        let command = ScoringCommand::Sign {
            via,
            dissent: dissent.filter(|d| !d.trim().is_empty()).map(str::to_owned),
        };
        let outcome = self
            .execute_scoring(trade, &loaded, room, command, actor, meta)
            .await?;
        if actor.role == Role::Expert {
            match self.record_scoring(trade, actor, meta).await {
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
    pub async fn record_scoring(
        &self,
        trade: &TradeId,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Option<Outcome>, AppError> {
        let (loaded, room) = self.load_scoring(trade).await?;
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
        if self.trade_state(trade).await?.phase != Phase::Opened {
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
        self.execute(trade, command, actor, &meta).await.map(Some)
    }
}
