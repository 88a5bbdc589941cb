//! Why an evaluation could not be computed. Every error names the rule or the input it is
//! about and has a stable code ([`EvalError::code`]). Findings that do not stop the
//! computation (a missing reason, an unresolved tie) are [`crate::trace::Issue`]s instead.

use legal_time::CalendarError;
use time::Date;

use crate::num::Overflow;
use crate::rules::Rule;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    #[error("invalid input: {0}")]
    Json(String),
    #[error("{field}: {reason}")]
    Input { field: String, reason: String },
    #[error("{what}: no version of {} is in force on {date} (rule date = the announcement date)", rule.id)]
    NoRuleInForce {
        what: &'static str,
        rule: Rule,
        date: Date,
    },
    #[error("{0}")]
    OutOfLegalRange(Box<OutOfRange>),
    #[error("the points add up to {sum}, the documents' total is {total} ({rule})")]
    PointsDoNotAddUp {
        sum: String,
        total: String,
        rule: Rule,
    },
    #[error("{kind} {id:?} is not defined in the input")]
    Unknown { kind: &'static str, id: String },
    #[error("{kind} {id:?} is defined twice")]
    Duplicate { kind: &'static str, id: String },
    #[error(
        "a random draw may not pick construction candidates; name the local rule that allows a draw to break an exact tie ({rule})"
    )]
    DrawNotAllowed { rule: Rule },
    #[error("{what} does not apply to {line}")]
    NotForLine {
        what: &'static str,
        line: &'static str,
    },
    #[error("amount in words {text:?}: {reason} ({})", crate::rules::CORRECT_WORDS)]
    AmountInWords { text: String, reason: String },
    #[error("{rule}: {source}")]
    Overflow { rule: Rule, source: Overflow },
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

// An evaluation that cannot be computed is refused by the rule it names (its source is the
// article); input the engine cannot read is invalid.
domain::refusals!(EvalError {
    Json(_) => "evaluation.invalid_json", Invalid;
    Input { .. } => "evaluation.invalid_input", Rule;
    NoRuleInForce { rule, .. } => "evaluation.no_rule_in_force", Rule, rule.source;
    OutOfLegalRange(r) => "evaluation.out_of_legal_range", Rule, r.rule.source;
    PointsDoNotAddUp { rule, .. } => "evaluation.points_do_not_add_up", Rule, rule.source;
    Unknown { .. } => "evaluation.unknown_reference", Rule;
    Duplicate { .. } => "evaluation.duplicate_id", Rule;
    DrawNotAllowed { rule } => "evaluation.draw_not_allowed", Rule, rule.source;
    NotForLine { .. } => "evaluation.not_for_this_line", Rule;
    AmountInWords { .. } => "evaluation.amount_in_words", Rule;
    Overflow { rule, .. } => "evaluation.overflow", Rule, rule.source;
    Calendar(CalendarError::UnknownYear(_)) => "evaluation.calendar_unknown_year", Rule;
    Calendar(_) => "evaluation.calendar", Rule;
});

impl EvalError {
    pub fn input(field: impl Into<String>, reason: impl Into<String>) -> EvalError {
        EvalError::Input {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub fn range(
        what: impl Into<String>,
        value: impl ToString,
        min: impl ToString,
        max: impl ToString,
        rule: Rule,
    ) -> EvalError {
        EvalError::OutOfLegalRange(Box::new(OutOfRange {
            what: what.into(),
            value: value.to_string(),
            min: min.to_string(),
            max: max.to_string(),
            rule,
        }))
    }
}

/// A configured value outside the range the law (or the documents) allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} = {value} is outside the legal range {min} – {max} ({rule})")]
pub struct OutOfRange {
    pub what: String,
    pub value: String,
    pub min: String,
    pub max: String,
    pub rule: Rule,
}

/// Attach the rule being computed to an arithmetic overflow.
pub trait Within<T> {
    fn under(self, rule: Rule) -> Result<T, EvalError>;
}

impl<T> Within<T> for Result<T, Overflow> {
    fn under(self, rule: Rule) -> Result<T, EvalError> {
        self.map_err(|source| EvalError::Overflow { rule, source })
    }
}
