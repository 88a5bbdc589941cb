//! Evaluation (评标/评审) for Sunbid: pure, deterministic computation of what the law and the
//! tender documents say, with an explanation for every number (docs/EVALUATE.md).
//!
//! * [`input::EvaluationInput`] + [`evaluate`] → [`report::Report`]: the whole evaluation.
//! * [`method::MethodConfig`]: methods as configuration; [`validate::plan`] checks it against
//!   the legal ranges in force on the announcement date ([`versions`]).
//! * Building blocks callable alone: [`correction::correct`] (87号令 第59条),
//!   [`abnormal::numeric_triggers`] (财库〔2026〕2号), [`price`] formulas,
//!   [`preference::evaluation_price`], [`scoring`] (sheets, objective agreement, outliers,
//!   recheck), [`rank::rank`] (ties and the recorded draw), [`periods`] (publicity, challenges,
//!   complaints on the working-day calendar).
//! * [`num::Ratio`]: exact rationals; the only rounding is of final totals.
//!
//! ```
//! use evaluation::{EvaluationInput, evaluate};
//! let input = EvaluationInput::from_json(include_str!("../examples/procurement.json")).unwrap();
//! let report = evaluate(&input, &legal_time::Calendar::builtin()).unwrap();
//! assert_eq!(report.candidates.len(), 3);
//! ```
#![forbid(unsafe_code)]

pub mod abnormal;
pub mod challenge;
pub mod correction;
pub mod documents;
pub mod error;
mod evaluate;
pub mod input;
pub mod method;
pub mod num;
pub mod periods;
pub mod preference;
pub mod price;
mod ranges;
pub mod rank;
mod refs;
pub mod report;
pub mod rules;
pub mod scoring;
mod serde_date;
#[cfg(any(test, feature = "fixtures"))]
pub mod synthetic;
pub mod trace;
pub mod validate;
pub mod values;
pub mod versions;
pub mod words;

pub use error::EvalError;
pub use evaluate::evaluate;
pub use input::EvaluationInput;
pub use method::MethodConfig;
pub use num::Ratio;
pub use report::{Report, Status};
pub use rules::Rule;
pub use trace::{Derivation, Issue};
