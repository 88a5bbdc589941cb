//! Why a scoring command was refused; `code()` is the stable `scoring.*` machine code.

use crate::aggregate::Role;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoringError {
    #[error("{action}: not allowed for role {role}", role = .role.as_str())]
    WrongRole { action: &'static str, role: Role },
    #[error("{action}: only members of the committee may do this")]
    MembersOnly { action: &'static str },
    #[error("{action}: join the evaluation room first")]
    NotPresent { action: &'static str },
    #[error("the evaluation is not configured yet")]
    NotConfigured,
    #[error("sheets were submitted: the configuration can no longer change")]
    AlreadyStarted,
    #[error("you have already submitted your sheet: it is final until the reveal")]
    AlreadySubmitted,
    #[error("the sheets are already revealed")]
    AlreadyRevealed,
    #[error("not every member has submitted: {}", .missing.join(", "))]
    SheetsMissing { missing: Vec<String> },
    #[error("the sheets are not revealed yet")]
    NotRevealed,
    #[error("the sheet of {member} does not match its recorded digest")]
    DigestMismatch { member: String },
    #[error("{bid}/{criterion}: no open issue of yours on this item")]
    NotFlagged { bid: String, criterion: String },
    #[error("{blocking} issue(s) block the report: resolve them first")]
    Blocked { blocking: usize },
    #[error("the report is drafted: the scores can no longer change")]
    ReportDrafted,
    #[error("no report to sign yet")]
    NoReport,
    #[error("you have already signed the report")]
    AlreadySigned,
    #[error("not every member has signed yet: {}", .missing.join(", "))]
    Unsigned { missing: Vec<String> },
    #[error("{bidder} has no bid in this evaluation")]
    NotABid { bidder: String },
    #[error("{field}: at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("the sheet is not valid: {reason}")]
    SheetInvalid { reason: String },
    #[error("the signing challenge is unknown, used or expired: ask for a new one")]
    BadChallenge,
    #[error("the signature does not verify with any of your registered keys")]
    BadKeyProof,
}

impl ScoringError {
    pub fn code(&self) -> &'static str {
        use ScoringError::*;
        match self {
            WrongRole { .. } => "scoring.wrong_role",
            MembersOnly { .. } => "scoring.members_only",
            NotPresent { .. } => "scoring.not_present",
            NotConfigured => "scoring.not_configured",
            AlreadyStarted => "scoring.already_started",
            AlreadySubmitted => "scoring.already_submitted",
            AlreadyRevealed => "scoring.already_revealed",
            SheetsMissing { .. } => "scoring.sheets_missing",
            NotRevealed => "scoring.not_revealed",
            DigestMismatch { .. } => "scoring.digest_mismatch",
            NotFlagged { .. } => "scoring.not_flagged",
            Blocked { .. } => "scoring.blocked",
            ReportDrafted => "scoring.report_drafted",
            NoReport => "scoring.no_report",
            AlreadySigned => "scoring.already_signed",
            Unsigned { .. } => "scoring.unsigned",
            NotABid { .. } => "scoring.not_a_bid",
            TooLong { .. } => "scoring.too_long",
            Invalid { .. } => "scoring.invalid_input",
            SheetInvalid { .. } => "scoring.sheet_invalid",
            BadChallenge => "scoring.bad_challenge",
            BadKeyProof => "scoring.bad_key_proof",
        }
    }

    /// The caller may not do this at all (the web answers 403).
    pub fn forbids(&self) -> bool {
        FORBIDDING_CODES.contains(&self.code())
    }
}

/// The codes of [`ScoringError::forbids`], for layers that see only the code.
pub const FORBIDDING_CODES: [&str; 3] = [
    "scoring.wrong_role",
    "scoring.members_only",
    "scoring.bad_key_proof",
];
