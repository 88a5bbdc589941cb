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
    #[error(
        "the tender documents configure no evaluation method to score: send an evaluation input instead"
    )]
    NoDocumentsConfiguration,
    #[error("the signing challenge is unknown, used or expired: ask for a new one")]
    BadChallenge,
    #[error("the signature does not verify with any of your registered keys")]
    BadKeyProof,
}

// Who may score (a role, a seat, a key proof) is `Forbidden`; the rest are scoring's rules.
crate::refusals!(ScoringError {
    WrongRole { .. } => "scoring.wrong_role", Forbidden;
    MembersOnly { .. } => "scoring.members_only", Forbidden;
    NotPresent { .. } => "scoring.not_present", Rule;
    NotConfigured => "scoring.not_configured", Rule;
    AlreadyStarted => "scoring.already_started", Rule;
    AlreadySubmitted => "scoring.already_submitted", Rule;
    AlreadyRevealed => "scoring.already_revealed", Rule;
    SheetsMissing { .. } => "scoring.sheets_missing", Rule;
    NotRevealed => "scoring.not_revealed", Rule;
    DigestMismatch { .. } => "scoring.digest_mismatch", Rule;
    NotFlagged { .. } => "scoring.not_flagged", Rule;
    Blocked { .. } => "scoring.blocked", Rule;
    ReportDrafted => "scoring.report_drafted", Rule;
    NoReport => "scoring.no_report", Rule;
    AlreadySigned => "scoring.already_signed", Rule;
    Unsigned { .. } => "scoring.unsigned", Rule;
    NotABid { .. } => "scoring.not_a_bid", Rule;
    TooLong { .. } => "scoring.too_long", Rule;
    Invalid { .. } => "scoring.invalid_input", Rule;
    SheetInvalid { .. } => "scoring.sheet_invalid", Rule;
    NoDocumentsConfiguration => "scoring.no_documents_configuration", Rule;
    BadChallenge => "scoring.bad_challenge", Rule;
    BadKeyProof => "scoring.bad_key_proof", Forbidden;
});
