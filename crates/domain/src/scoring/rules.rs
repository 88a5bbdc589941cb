//! The rules of each scoring command, once `decide` has checked who may act.

use legal_time::OffsetDateTime;

use crate::eval_room::{EvalRoomState, KeyProof};
use crate::scoring::command::{
    Cell, OpenedSheet, ScoringIssue, check_score, invalid, is_hex, reason_text, sheet_digest,
};
use crate::scoring::error::ScoringError;
use crate::scoring::event::ScoringEvent;
use crate::scoring::state::ScoringState;
use crate::values::{BlobRef, UnifiedSocialCreditCode};

/// The rules of each command, after who may act was checked (`decide`).
impl ScoringState {
    pub(super) fn submit(
        &self,
        member: String,
        digest: &str,
        sealed: &str,
        at: OffsetDateTime,
    ) -> Result<ScoringEvent, ScoringError> {
        self.configured()?;
        if self.revealed_at.is_some() {
            return Err(ScoringError::AlreadyRevealed);
        }
        if self.has_submitted(&member) {
            return Err(ScoringError::AlreadySubmitted);
        }
        if !is_hex(digest, 64) {
            return Err(invalid("digest", "a SHA-256 digest in hex"));
        }
        if sealed.is_empty() || sealed.len() > 256 * 1024 {
            return Err(invalid("sealed", "the sealed sheet, at most 256 KiB"));
        }
        Ok(ScoringEvent::SheetSubmitted {
            member,
            digest: digest.to_ascii_lowercase(),
            sealed: sealed.to_owned(),
            at,
        })
    }

    /// Every member's sheet, each matching the digest it submitted, and nobody else's.
    pub(super) fn reveal(
        &self,
        room: &EvalRoomState,
        sheets: &[OpenedSheet],
        issues: &[ScoringIssue],
        at: OffsetDateTime,
    ) -> Result<ScoringEvent, ScoringError> {
        self.configured()?;
        if self.revealed_at.is_some() {
            return Err(ScoringError::AlreadyRevealed);
        }
        let missing = self.missing(room);
        if !self.all_submitted(room) {
            return Err(ScoringError::SheetsMissing { missing });
        }
        let trade = self.trade.as_ref().expect("configured");
        for s in &self.submitted {
            let ok = sheets.iter().filter(|o| o.member == s.member).count() == 1
                && sheets
                    .iter()
                    .find(|o| o.member == s.member)
                    .is_some_and(|o| sheet_digest(trade, o) == s.digest);
            if !ok {
                return Err(ScoringError::DigestMismatch {
                    member: s.member.clone(),
                });
            }
        }
        if let Some(extra) = sheets.iter().find(|o| !self.has_submitted(&o.member)) {
            return Err(ScoringError::DigestMismatch {
                member: extra.member.clone(),
            });
        }
        Ok(ScoringEvent::SheetsRevealed {
            sheets: sheets.to_vec(),
            issues: issues.to_vec(),
            at,
        })
    }

    /// Only a score a blocking issue (not an outlier) names, on an existing cell.
    pub(super) fn revise(
        &self,
        member: String,
        cell: Cell,
        score: &str,
        issues: &[ScoringIssue],
        at: OffsetDateTime,
    ) -> Result<ScoringEvent, ScoringError> {
        self.reviewing()?;
        let (bid, criterion) = (&cell.bid, &cell.criterion);
        let flagged = self
            .issues
            .iter()
            .any(|i| i.blocking && !i.is_outlier() && i.concerns(&member, bid, criterion));
        if !flagged || !self.cell_exists(bid, criterion) {
            return Err(ScoringError::NotFlagged {
                bid: cell.bid,
                criterion: cell.criterion,
            });
        }
        check_score(score)?;
        Ok(ScoringEvent::ScoreRevised {
            member,
            bid: cell.bid,
            criterion: cell.criterion,
            score: score.to_owned(),
            issues: issues.to_vec(),
            at,
        })
    }

    /// A reason only for the member's own outlier.
    pub(super) fn give_reason(
        &self,
        member: String,
        cell: Cell,
        reason: &str,
        issues: &[ScoringIssue],
        at: OffsetDateTime,
    ) -> Result<ScoringEvent, ScoringError> {
        self.reviewing()?;
        let flagged = self
            .issues
            .iter()
            .any(|i| i.is_outlier() && i.concerns(&member, &cell.bid, &cell.criterion));
        if !flagged {
            return Err(ScoringError::NotFlagged {
                bid: cell.bid,
                criterion: cell.criterion,
            });
        }
        Ok(ScoringEvent::OutlierFlagged {
            member,
            bid: cell.bid,
            criterion: cell.criterion,
            reason: reason_text("reason", reason)?,
            issues: issues.to_vec(),
            at,
        })
    }

    /// A report once nothing blocks: 1 to 3 distinct bidders of the scoring, ranked.
    pub(super) fn draft_report(
        &self,
        report: &BlobRef,
        digest: &str,
        ranked: &[UnifiedSocialCreditCode],
        at: OffsetDateTime,
    ) -> Result<ScoringEvent, ScoringError> {
        self.reviewing()?;
        let blocking = self.blocking();
        if blocking > 0 {
            return Err(ScoringError::Blocked { blocking });
        }
        if ranked.is_empty() || ranked.len() > 3 {
            return Err(invalid("ranked", "1 to 3 ranked candidates"));
        }
        let mut seen = std::collections::BTreeSet::new();
        for b in ranked {
            if !self.bids.iter().any(|e| &e.bidder == b) {
                return Err(ScoringError::NotABid {
                    bidder: b.to_string(),
                });
            }
            if !seen.insert(b) {
                return Err(invalid("ranked", "a bidder is ranked once"));
            }
        }
        if !is_hex(digest, 64) {
            return Err(invalid("digest", "a SHA-256 digest in hex"));
        }
        Ok(ScoringEvent::ReportDrafted {
            report: report.clone(),
            digest: digest.to_ascii_lowercase(),
            ranked: ranked.to_vec(),
            at,
        })
    }

    /// One signature per member on the drafted report, with an optional dissent.
    pub(super) fn sign(
        &self,
        member: String,
        via: &KeyProof,
        dissent: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<ScoringEvent, ScoringError> {
        self.configured()?;
        if self.report.is_none() {
            return Err(ScoringError::NoReport);
        }
        if self.has_signed(&member) {
            return Err(ScoringError::AlreadySigned);
        }
        if !is_hex(&via.nonce, 64) || !is_hex(&via.signature, 128) {
            return Err(invalid(
                "via",
                "a 32-byte nonce and a 64-byte signature, in hex",
            ));
        }
        let dissent = match dissent {
            Some(d) => Some(reason_text("dissent", d)?),
            None => None,
        };
        Ok(ScoringEvent::Signed {
            member,
            via: via.clone(),
            dissent,
            at,
        })
    }
}
