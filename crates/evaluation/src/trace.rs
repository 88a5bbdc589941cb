//! Explanations: every computed number is a [`Derivation`] naming its rule and inputs, and every
//! finding that needs someone to act is an [`Issue`].

use serde::Serialize;

use crate::num::Ratio;
use crate::rules::Rule;
use crate::values::yuan;

/// One computed value with the rule and the inputs that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Derivation {
    /// What was computed (`price score`, `base price` …).
    pub what: String,
    /// The bid (or member) it is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The exact value: a terminating decimal, or a fraction.
    pub value: String,
    /// A 6-decimal reading of a fraction, for people only (never used in a computation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approx: Option<String>,
    pub rule: Rule,
    pub formula: &'static str,
    pub inputs: Vec<Input>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Input {
    pub name: String,
    pub value: String,
}

/// The display of an exact number: its exact text, plus an approximation if it is a fraction.
pub fn show(r: Ratio) -> (String, Option<String>) {
    let exact = r.exact_string();
    let approx = exact
        .contains('/')
        .then(|| r.round(6).map(|f| f.to_string()).unwrap_or_default());
    (exact, approx)
}

impl Derivation {
    pub fn new(what: impl Into<String>, rule: Rule, formula: &'static str) -> Derivation {
        Derivation {
            what: what.into(),
            subject: None,
            value: String::new(),
            approx: None,
            rule,
            formula,
            inputs: Vec::new(),
        }
    }

    pub fn of(mut self, subject: impl Into<String>) -> Derivation {
        self.subject = Some(subject.into());
        self
    }

    /// A number (points, ratios).
    pub fn num(mut self, r: Ratio) -> Derivation {
        (self.value, self.approx) = show(r);
        self
    }

    /// An amount in fen, shown in yuan.
    pub fn money(mut self, fen: Ratio) -> Derivation {
        self.value = yuan(fen);
        if self.value.contains('/') {
            self.approx = fen
                .div_int(100)
                .ok()
                .and_then(|y| y.round(6).ok())
                .map(|f| f.to_string());
        }
        self
    }

    pub fn text(mut self, v: impl Into<String>) -> Derivation {
        self.value = v.into();
        self
    }

    pub fn input(mut self, name: impl Into<String>, value: impl ToString) -> Derivation {
        self.inputs.push(Input {
            name: name.into(),
            value: value.to_string(),
        });
        self
    }

    pub fn input_money(self, name: impl Into<String>, fen: Ratio) -> Derivation {
        self.input(name, yuan(fen))
    }
}

/// A finding that needs someone to act. `blocking` issues stop the report from being signed
/// (a missing reason, an objective mismatch, a pending explanation); the others are flags for
/// the supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Issue {
    pub code: &'static str,
    pub rule: Rule,
    pub blocking: bool,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

impl Issue {
    pub fn blocking(code: &'static str, rule: Rule, message: impl Into<String>) -> Issue {
        Issue {
            code,
            rule,
            blocking: true,
            message: message.into(),
            bids: Vec::new(),
            members: Vec::new(),
            items: Vec::new(),
        }
    }

    pub fn flag(code: &'static str, rule: Rule, message: impl Into<String>) -> Issue {
        Issue {
            blocking: false,
            ..Issue::blocking(code, rule, message)
        }
    }

    pub fn bids(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Issue {
        self.bids.extend(ids.into_iter().map(Into::into));
        self
    }

    pub fn members(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Issue {
        self.members.extend(ids.into_iter().map(Into::into));
        self
    }

    pub fn items(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Issue {
        self.items.extend(ids.into_iter().map(Into::into));
        self
    }
}
