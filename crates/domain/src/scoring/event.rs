//! What the scoring of a trade records. Before the reveal, only who submitted, a salted
//! digest and the sealed sheet; after it, the scores in the clear.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::DomainEvent;
use crate::eval_room::KeyProof;
use crate::scoring::command::{BidEntry, CriterionEntry, OpenedSheet, ScoringIssue};
use crate::serde_time;
use crate::values::{BlobRef, TradeId, UnifiedSocialCreditCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ScoringEvent {
    Configured {
        trade: TradeId,
        bids: Vec<BidEntry>,
        criteria: Vec<CriterionEntry>,
        input: BlobRef,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    SheetSubmitted {
        member: String,
        digest: String,
        sealed: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    SheetsRevealed {
        sheets: Vec<OpenedSheet>,
        issues: Vec<ScoringIssue>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ScoreRevised {
        member: String,
        bid: String,
        criterion: String,
        score: String,
        issues: Vec<ScoringIssue>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    /// An outlier with its author's reason: the flag the supervisor sees.
    OutlierFlagged {
        member: String,
        bid: String,
        criterion: String,
        reason: String,
        issues: Vec<ScoringIssue>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ReportDrafted {
        report: BlobRef,
        digest: String,
        ranked: Vec<UnifiedSocialCreditCode>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Signed {
        member: String,
        via: KeyProof,
        dissent: Option<String>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for ScoringEvent {
    fn kind(&self) -> &'static str {
        match self {
            ScoringEvent::Configured { .. } => "scoring.configured",
            ScoringEvent::SheetSubmitted { .. } => "scoring.sheet_submitted",
            ScoringEvent::SheetsRevealed { .. } => "scoring.sheets_revealed",
            ScoringEvent::ScoreRevised { .. } => "scoring.score_revised",
            ScoringEvent::OutlierFlagged { .. } => "scoring.outlier_flagged",
            ScoringEvent::ReportDrafted { .. } => "scoring.report_drafted",
            ScoringEvent::Signed { .. } => "scoring.signed",
        }
    }

    fn blob_hashes(&self) -> Vec<String> {
        match self {
            ScoringEvent::Configured { input: b, .. }
            | ScoringEvent::ReportDrafted { report: b, .. } => vec![b.sha256.as_str().to_owned()],
            _ => Vec::new(),
        }
    }
}
