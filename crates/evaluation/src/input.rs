//! The inputs of one evaluation, as `sunbid evaluate` reads them (docs/EVALUATE.md): the
//! documents' method and settings, the bids as opened, the members' score sheets, the records
//! of the committee (explanations, decisions, dissents) and the dates.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::method::{MethodConfig, SmeChoice};
use crate::values::{Amount, Dec, Percent, Price};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    #[serde(default)]
    pub trade: Option<String>,
    pub method: MethodConfig,
    pub dates: Dates,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub preferences: Preferences,
    #[serde(default)]
    pub abnormal_low: Thresholds,
    #[serde(default)]
    pub outliers: OutlierConfig,
    #[serde(default)]
    pub member_scores: Aggregate,
    #[serde(default)]
    pub rounding: Rounding,
    /// The documents' tie rule, applied after the method's own order. Empty: GP uses a random
    /// draw (87号令 第68条); construction has none (an unresolved tie blocks the report).
    #[serde(default)]
    pub tie_break: Vec<TieBreak>,
    #[serde(default = "three")]
    pub candidates: u32,
    /// Negotiation / consultation / quotation with 2 suppliers: the listed case relied on.
    #[serde(default)]
    pub two_suppliers_allowed: Option<String>,
    pub bids: Vec<BidInput>,
    #[serde(default)]
    pub opening: Opening,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub sheets: Vec<Sheet>,
    #[serde(default)]
    pub committee_low_price: Vec<CommitteeFlag>,
    #[serde(default)]
    pub explanations: Vec<Explanation>,
    #[serde(default)]
    pub few_bids_decision: Option<FewBidsDecision>,
    /// Hex seed of the recorded random draw that breaks remaining ties.
    #[serde(default)]
    pub draw_seed: Option<String>,
    #[serde(default)]
    pub dissents: Vec<Dissent>,
    /// Challenges (GP 质疑) or objections (construction 异议) against the result.
    #[serde(default)]
    pub challenges: Vec<Challenge>,
}

fn three() -> u32 {
    3
}

/// Dates of the trade. `notice` (the announcement) selects the rule versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    #[serde(with = "crate::serde_date")]
    pub notice: Date,
    #[serde(default, with = "crate::serde_date::option")]
    pub evaluation: Option<Date>,
    /// The report reached the tenderer / purchaser.
    #[serde(default, with = "crate::serde_date::option")]
    pub report: Option<Date>,
    /// GP: the purchaser decided the winner.
    #[serde(default, with = "crate::serde_date::option")]
    pub decision: Option<Date>,
    /// Candidates publicity (construction) or result announcement (GP) published.
    #[serde(default, with = "crate::serde_date::option")]
    pub published: Option<Date>,
    /// Construction: the publicity's announced last day, if longer than the minimum.
    #[serde(default, with = "crate::serde_date::option")]
    pub publicity_until: Option<Date>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// 最高投标限价 / 最高限价.
    #[serde(default)]
    pub max_price: Option<Price>,
    /// 采购预算 (GP): the maximum when no maximum price is set.
    #[serde(default)]
    pub budget: Option<Price>,
}

/// GP policy price preferences chosen by the documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    #[serde(default)]
    pub sme: Option<SmeChoice>,
    /// The domestic-product rate (20% from 2026-01-01).
    #[serde(default)]
    pub domestic: Option<Percent>,
    /// A package reserved for SMEs: no deduction.
    #[serde(default)]
    pub reserved_for_sme: bool,
}

/// Abnormally-low thresholds: absent = the rule's defaults (50%, 50%, 45%).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    #[serde(default)]
    pub average: Option<Percent>,
    #[serde(default)]
    pub second_lowest: Option<Percent>,
    #[serde(default)]
    pub max_price: Option<Percent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutlierConfig {
    /// A score is an outlier when it deviates from the other members' mean by more than this
    /// share of the item's points.
    pub share: Percent,
    /// Fewest members scoring an item for the test to apply.
    pub min_members: u32,
}

impl Default for OutlierConfig {
    fn default() -> OutlierConfig {
        OutlierConfig {
            share: Percent::of(3, 10),
            min_members: 3,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    #[default]
    Mean,
    /// Drop one highest and one lowest member score (needs ≥ 5 members).
    DropHighLow,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    pub decimals: u32,
    pub rank_on: RankOn,
}

impl Default for Rounding {
    fn default() -> Rounding {
        Rounding {
            decimals: 2,
            rank_on: RankOn::Rounded,
        }
    }
}

/// Whether ranks compare the published (rounded) totals or the exact ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RankOn {
    Rounded,
    Exact,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TieBreak {
    /// Higher score on this criterion first (e.g. technical indicators, 214号).
    Criterion { criterion: String },
    /// The recorded random draw (`draw_seed`). Construction needs `local_rule`.
    Draw {
        #[serde(default)]
        local_rule: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BidInput {
    pub id: String,
    #[serde(default)]
    pub bidder: Option<String>,
    /// The opening summary's figure (开标一览表 小写); the final offer for negotiation,
    /// consultation and quotation.
    pub price: Price,
    /// The summary's amount in words (大写).
    #[serde(default)]
    pub price_words: Option<String>,
    /// The total in the body of the bid, if it differs from the summary.
    #[serde(default)]
    pub body_price: Option<Price>,
    /// Itemised prices (分项报价).
    #[serde(default)]
    pub lines: Vec<PriceLine>,
    /// The bidder's answer to a correction: absent = not asked yet.
    #[serde(default)]
    pub correction_confirmed: Option<bool>,
    #[serde(default)]
    pub sme: Option<Sme>,
    /// Share of the offered cost made of domestic products.
    #[serde(default)]
    pub domestic_share: Option<Percent>,
    /// Brand of the core product (87号令 第31条).
    #[serde(default)]
    pub brand: Option<String>,
    /// Failed qualification or conformity review before scoring.
    #[serde(default)]
    pub rejected: Option<Rejection>,
    /// Construction lowest evaluated price: the documents' quantified adjustments.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceLine {
    pub item: String,
    pub quantity: Dec,
    /// Yuan per unit.
    pub unit_price: Dec,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Sme {
    SmallOrMicro {
        /// Goods: every item made by an SME (else no preference).
        #[serde(default = "yes")]
        all_items_by_sme: bool,
    },
    /// Large or medium firm with small or micro consortium members or subcontractors.
    Partners {
        small_share: Percent,
        #[serde(default)]
        control_relation: bool,
    },
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    pub reason: String,
    #[serde(default)]
    pub article: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    pub reason: String,
    pub amount: Amount,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// K drawn at the opening.
    #[serde(default)]
    pub k: Option<Percent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = EvaluationMember)]
pub struct Member {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// One member's score sheet: `scores[bid][criterion]`, optional stated totals per bid, and
/// written reasons keyed `"bid/criterion"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    pub member: String,
    pub scores: BTreeMap<String, BTreeMap<String, Dec>>,
    #[serde(default)]
    pub totals: BTreeMap<String, Dec>,
    #[serde(default)]
    pub reasons: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeFlag {
    pub bid: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    pub bid: String,
    /// The committee accepted the written explanation.
    pub accepted: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FewBidsDecision {
    pub reject_all: bool,
    pub reasoning: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Dissent {
    pub member: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = EvaluationChallenge)]
pub struct Challenge {
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl EvaluationInput {
    /// Parse the JSON of `sunbid evaluate`.
    pub fn from_json(text: &str) -> Result<EvaluationInput, crate::EvalError> {
        serde_json::from_str(text).map_err(|e| crate::EvalError::Json(e.to_string()))
    }
}
