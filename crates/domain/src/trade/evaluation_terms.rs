//! The rest of the documents' evaluation configuration, entered in the documents' form with
//! the method: the scored criteria, the construction price formula, the SME rates. Recorded
//! with the documents; the evaluation crate checks it against the law at publication and
//! derives the scoring configuration from it after the opening (docs/EVALUATE.md §2).

use serde::{Deserialize, Serialize};

use crate::trade::evaluation_method::Points;

/// Most scored criteria a configuration may hold (the form shows this many rows at most).
pub const MAX_CRITERIA: usize = 30;

/// One scored criterion (评分项) other than the price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CriterionChoice {
    pub name: String,
    pub points: Points,
    /// 客观分: every member must give the same score.
    #[serde(default)]
    pub objective: bool,
    /// Scores are multiples of this, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Points>,
}

/// How a construction price score is computed (综合评估法, 合理低价法).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceFormulaChoice {
    /// The lowest valid price is the base.
    LowestIsBase,
    /// 评标基准价 = average of the valid prices × (1 − K), K drawn at the opening.
    BaseDeviation(BaseDeviationChoice),
}

/// The base-deviation formula's figures; percentages in percent (`2.5` is 2.5%).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BaseDeviationChoice {
    pub k_min: Points,
    pub k_max: Points,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k_step: Option<Points>,
    /// E1: points lost per 1% above the base.
    pub above_per_percent: Points,
    /// E2: points lost per 1% below the base.
    pub below_per_percent: Points,
    #[serde(default)]
    pub drop_highest: u32,
    #[serde(default)]
    pub drop_lowest: u32,
    #[serde(default)]
    pub drop_when_at_least: u32,
}

/// SME rates chosen by the documents, in percent: the GP price deduction, or the works
/// bonus on the price score (46号; 19号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SmeRates {
    pub small: Points,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partners: Option<Points>,
}
