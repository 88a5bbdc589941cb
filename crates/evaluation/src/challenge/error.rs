//! Why an act on a challenge book was refused. Every error names its rule; `code()` is the
//! stable machine code (`challenge.*`) that the API maps to messages.

use domain::Role;
use domain::trade::error::show_time;
use time::{Date, OffsetDateTime};

use crate::EvalError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeError {
    #[error("{action}: not allowed for role {role}", role = .role.as_str())]
    WrongRole { action: &'static str, role: Role },
    #[error("{action}: only the trade's tenderer or its agency may do this")]
    NotTheTenderer { action: &'static str },
    #[error("{action}: only the supplier that filed it may complain")]
    NotTheFiler { action: &'static str },
    #[error(
        "only suppliers who took part in the procurement may challenge its result (政府采购法 第52条; 财政部令第94号 第11条)"
    )]
    NotAParticipant,
    #[error(
        "too late: {what} ended at {} (last day {last_day}; {rule_id}, {article})",
        show_time(.ends_at)
    )]
    Late {
        what: String,
        rule_id: &'static str,
        article: &'static str,
        last_day: Date,
        ends_at: OffsetDateTime,
    },
    #[error("not yet: {what} opens at {} ({rule_id}, {article})", show_time(.opens_at))]
    NotOpen {
        what: String,
        rule_id: &'static str,
        article: &'static str,
        opens_at: OffsetDateTime,
    },
    #[error(
        "the candidates or the result are not published yet: objections and challenges to them come after the publication (招标投标法实施条例 第54条; 政府采购法实施条例 第53条)"
    )]
    NotPublished,
    #[error(
        "construction objections here are to the candidates only (招标投标法实施条例 第54条); objections to the documents and the opening have their own steps (第22条, 第44条)"
    )]
    NotApplicable,
    #[error("no filing {number}")]
    Unknown { number: u32 },
    #[error("filing {number} is already answered")]
    AlreadyReplied { number: u32 },
    #[error(
        "filing {number}: complain once it is answered or its reply period ended at {} ({rule})",
        show_time(.reply_due)
    )]
    ComplaintTooEarly {
        number: u32,
        reply_due: OffsetDateTime,
        rule: &'static str,
    },
    #[error("filing {number} already has a complaint")]
    AlreadyComplained { number: u32 },
    #[error("filing {number} has no complaint to handle")]
    NoComplaint { number: u32 },
    #[error("the complaint on filing {number} is already {state}")]
    AlreadyHandled { number: u32, state: &'static str },
    #[error("the award is not decided yet: the notice of award follows the decision")]
    NotAwarded,
    #[error("the notice of award is already issued")]
    NoticeIssued,
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("the period cannot be computed: {0}")]
    Period(String),
    #[error(
        "the procedure is suspended until the tenderer replies to objection(s) {numbers:?} (招标投标法实施条例 第54条)"
    )]
    ObjectionPending { numbers: Vec<u32> },
}

impl From<EvalError> for ChallengeError {
    fn from(e: EvalError) -> ChallengeError {
        ChallengeError::Period(e.to_string())
    }
}

// Who may file, reply or complain is `Forbidden`; periods and steps are rules citing their
// article.
domain::refusals!(ChallengeError {
    WrongRole { .. } => "challenge.wrong_role", Forbidden;
    NotTheTenderer { .. } => "challenge.not_the_tenderer", Forbidden;
    NotTheFiler { .. } => "challenge.not_the_filer", Forbidden;
    NotAParticipant => "challenge.not_a_participant", Forbidden, "政府采购法 第52条";
    Late { article, .. } => "challenge.late", Rule, *article;
    NotOpen { article, .. } => "challenge.not_open", Rule, *article;
    NotPublished => "challenge.not_published", Rule, "招标投标法实施条例 第54条";
    NotApplicable => "challenge.not_applicable", Rule, "招标投标法实施条例 第54条";
    Unknown { .. } => "challenge.unknown", Rule;
    AlreadyReplied { .. } => "challenge.already_replied", Rule;
    ComplaintTooEarly { rule, .. } => "challenge.complaint_too_early", Rule, *rule;
    AlreadyComplained { .. } => "challenge.already_complained", Rule;
    NoComplaint { .. } => "challenge.no_complaint", Rule;
    AlreadyHandled { .. } => "challenge.already_handled", Rule;
    NotAwarded => "challenge.not_awarded", Rule;
    NoticeIssued => "challenge.notice_issued", Rule;
    Invalid { .. } => "challenge.invalid_input", Rule;
    Period(_) => "challenge.period", Rule;
    ObjectionPending { .. } => "challenge.objection_pending", Rule, "招标投标法实施条例 第54条";
});
