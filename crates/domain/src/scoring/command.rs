//! What may be asked of the scoring of one trade, the values it carries and their limits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::eval_room::{EvalRoomState, KeyProof};
use crate::scoring::error::ScoringError;
use crate::values::{BlobRef, TradeId, UnifiedSocialCreditCode};

/// A written reason (outlier, dissent) is at most this many characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// One opened bid as the evaluation names it (`id`) and the bidder it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BidEntry {
    pub id: String,
    pub bidder: UnifiedSocialCreditCode,
}

/// One scored criterion of the documents: its id, name, points and whether it is objective
/// (客观分: every member must give the same score).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CriterionEntry {
    pub id: String,
    pub name: String,
    pub points: String,
    pub objective: bool,
}

/// A member's scores: bid id → criterion id → score (a decimal string).
pub type Scores = BTreeMap<String, BTreeMap<String, String>>;

/// A sheet as sealed and, at the reveal, opened: the salt keeps its digest unguessable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedSheet {
    pub member: String,
    pub salt: String,
    pub scores: Scores,
}

/// One item of one bid.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct Cell {
    pub bid: String,
    pub criterion: String,
}

impl Cell {
    pub(crate) fn of(bid: &str, criterion: &str) -> Cell {
        Cell {
            bid: bid.to_owned(),
            criterion: criterion.to_owned(),
        }
    }
}

/// An issue of the recheck (from `evaluation::scoring::recheck`, computed by the app): its
/// code (`evaluation.*`), whether it blocks the report, the members and items it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScoringIssue {
    pub code: String,
    pub blocking: bool,
    pub message: String,
    pub members: Vec<String>,
    pub cells: Vec<Cell>,
}

impl ScoringIssue {
    pub fn is_outlier(&self) -> bool {
        self.code.starts_with("evaluation.outlier")
    }

    /// Whether this issue names `member` and the item.
    pub fn concerns(&self, member: &str, bid: &str, criterion: &str) -> bool {
        self.members.iter().any(|m| m == member)
            && self
                .cells
                .iter()
                .any(|c| c.bid == bid && c.criterion == criterion)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ScoringCommand {
    /// Center staff (or the platform): what is evaluated. `input`: the evaluation input
    /// (method, dates, bids; no sheets) as stored JSON.
    Configure {
        trade: TradeId,
        bids: Vec<BidEntry>,
        criteria: Vec<CriterionEntry>,
        input: BlobRef,
    },
    /// A member present in the room submits its own sheet, once: a salted digest and the
    /// sheet sealed by the platform (only the platform can open it before the reveal).
    Submit { digest: String, sealed: String },
    /// The platform, once every member submitted: the opened sheets and the recheck.
    Reveal {
        sheets: Vec<OpenedSheet>,
        issues: Vec<ScoringIssue>,
    },
    /// A member changes one of its own scores that a blocking issue names; `issues`: the
    /// recheck after the change.
    Revise {
        bid: String,
        criterion: String,
        score: String,
        issues: Vec<ScoringIssue>,
    },
    /// A member gives the written reason for its outlier score; `issues`: the recheck after.
    GiveReason {
        bid: String,
        criterion: String,
        reason: String,
        issues: Vec<ScoringIssue>,
    },
    /// The platform: the report (computed by `evaluation::evaluate`) as a blob, its digest
    /// (what members sign) and the ranked bidders (1..=3).
    DraftReport {
        report: BlobRef,
        digest: String,
        ranked: Vec<UnifiedSocialCreditCode>,
    },
    /// A member signs the report's digest ([`sign_message`]); with `dissent`, it signs and
    /// records its disagreement (条例 第53条).
    Sign {
        via: KeyProof,
        dissent: Option<String>,
    },
}

impl ScoringCommand {
    pub fn action(&self) -> &'static str {
        match self {
            ScoringCommand::Configure { .. } => "configure_scoring",
            ScoringCommand::Submit { .. } => "submit_sheet",
            ScoringCommand::Reveal { .. } => "reveal_sheets",
            ScoringCommand::Revise { .. } => "revise_score",
            ScoringCommand::GiveReason { .. } => "give_outlier_reason",
            ScoringCommand::DraftReport { .. } => "draft_report",
            ScoringCommand::Sign { .. } => "sign_report",
        }
    }
}

/// A command with the evaluation room as it is now (who is present): the scoring stream
/// does not know the room, the app loads it.
#[derive(Debug, Clone)]
pub struct ScoringRequest {
    pub room: EvalRoomState,
    pub command: ScoringCommand,
}

/// SHA-256 (hex) of a sheet: purpose, trade, member, salt, then the scores as JSON (maps in
/// key order, so the bytes are canonical).
pub fn sheet_digest(trade: &TradeId, sheet: &OpenedSheet) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "sunbid scoring sheet\n{trade}\n{}\n{}\n",
        sheet.member, sheet.salt
    ));
    h.update(serde_json::to_vec(&sheet.scores).expect("maps of strings serialise"));
    hex(&h.finalize())
}

/// The bytes a member signs to sign the report of `trade` whose digest is `digest`, for a
/// single-use server `nonce`.
pub fn sign_message(origin: &str, trade: &TradeId, digest: &str, nonce_hex: &str) -> String {
    format!("sunbid evaluation report\n{origin}\n{trade}\n{digest}\n{nonce_hex}\n")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(crate) fn invalid(field: &'static str, reason: &str) -> ScoringError {
    ScoringError::Invalid {
        field,
        reason: reason.into(),
    }
}

/// Trimmed, not empty, at most [`MAX_REASON_CHARS`].
pub(crate) fn reason_text(field: &'static str, s: &str) -> Result<String, ScoringError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(invalid(field, "write a reason"));
    }
    if s.chars().count() > MAX_REASON_CHARS {
        return Err(ScoringError::TooLong {
            field,
            max: MAX_REASON_CHARS,
        });
    }
    Ok(s.to_owned())
}

/// A non-negative decimal with at most 4 decimals (`"25"`, `"7.5"`).
pub(crate) fn check_score(s: &str) -> Result<(), ScoringError> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let ok = !int.is_empty()
        && int.len() <= 6
        && digits(int)
        && digits(frac)
        && frac.len() <= 4
        && (frac.is_empty() || !s.ends_with('.'));
    if ok {
        Ok(())
    } else {
        Err(invalid("score", "a decimal such as 25 or 7.5"))
    }
}

pub(crate) fn check_configuration(
    bids: &[BidEntry],
    criteria: &[CriterionEntry],
) -> Result<(), ScoringError> {
    if bids.is_empty() {
        return Err(invalid("bids", "at least one bid"));
    }
    if criteria.is_empty() {
        return Err(invalid("criteria", "at least one scored criterion"));
    }
    let mut ids = std::collections::BTreeSet::new();
    if !bids
        .iter()
        .all(|b| !b.id.trim().is_empty() && ids.insert(&b.id))
    {
        return Err(invalid("bids", "bid ids are unique and not empty"));
    }
    let mut ids = std::collections::BTreeSet::new();
    if !criteria
        .iter()
        .all(|c| !c.id.trim().is_empty() && ids.insert(&c.id))
    {
        return Err(invalid(
            "criteria",
            "criterion ids are unique and not empty",
        ));
    }
    for c in criteria {
        check_score(&c.points).map_err(|_| invalid("criteria", "points: a decimal"))?;
    }
    Ok(())
}

impl crate::NamesFiles for ScoringCommand {
    fn named_files(&self) -> Vec<crate::NamedFile<'_>> {
        match self {
            ScoringCommand::Configure { input: b, .. }
            | ScoringCommand::DraftReport { report: b, .. } => vec![b.into()],
            _ => Vec::new(),
        }
    }
}

impl crate::NamesFiles for ScoringRequest {
    fn named_files(&self) -> Vec<crate::NamedFile<'_>> {
        self.command.named_files()
    }
}
