//! Evaluation methods as configuration of a trade's documents (serde, tagged by `kind`). The
//! legal ranges are checked in [`crate::validate`]; the formulas live in [`crate::price`].

use domain::BusinessLine;
use serde::{Deserialize, Serialize};

use crate::num::Ratio;
use crate::values::{Dec, Percent};

/// 评标/评审方法, one variant per method the platform computes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MethodConfig {
    /// 综合评分法 (GP open / invited tendering), 87号令 第55条.
    ProcurementComprehensive(Scored),
    /// 最低评标价法 (GP), 87号令 第56条.
    ProcurementLowestPrice { category: Category },
    /// 竞争性磋商: comprehensive scoring on final offers, 财库〔2014〕214号.
    CompetitiveConsultation(Scored),
    /// 竞争性谈判: lowest final offer, 政府采购法 第38条.
    CompetitiveNegotiation { category: Category },
    /// 询价: lowest offer, 政府采购法 第40条.
    RequestForQuotation { category: Category },
    /// 经评审的最低投标价法 (construction), 12号令 第30条.
    ConstructionLowestPrice {},
    /// 综合评估法 (construction), 12号令 第34条, with the documents' price formula.
    ConstructionComprehensive(ConstructionScored),
    /// 合理低价法 (construction): the price score against a base price decides.
    ConstructionReasonableLow(ReasonableLow),
}

/// What is bought; it sets the price-weight floor and the SME rate ranges (the trade's own
/// type: the documents name it once).
pub use domain::trade::Category;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// 客观分: every member must give the same score.
    Objective,
    /// 主观分: members judge alone; outliers need a reason.
    Subjective,
}

/// One non-price scoring item of the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub points: Dec,
    pub kind: CriterionKind,
    /// Scores must be multiples of this (e.g. `"0.5"`), if set.
    #[serde(default)]
    pub step: Option<Dec>,
}

fn hundred() -> Dec {
    Dec(Ratio::int(100))
}

/// GP comprehensive scoring (tendering or consultation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Scored {
    pub category: Category,
    #[serde(default = "hundred")]
    pub total_points: Dec,
    pub price_points: Dec,
    pub criteria: Vec<Criterion>,
    /// 固定价格 / 统一定价: price is not a scoring factor (price points must be 0).
    #[serde(default)]
    pub fixed_price: bool,
    /// Consultation only: the finance department approved a price weight outside 30–60% /
    /// 10–30% (214号 [S]).
    #[serde(default)]
    pub price_weight_approved: bool,
}

/// Construction comprehensive assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConstructionScored {
    #[serde(default = "hundred")]
    pub total_points: Dec,
    pub price_points: Dec,
    pub criteria: Vec<Criterion>,
    pub price_formula: PriceFormula,
    /// Government-procured works tendered under the 招标投标法: the SME bonus as a share of
    /// the bidder's own price score (46号 [M]).
    #[serde(default)]
    pub sme_bonus: Option<SmeChoice>,
}

/// How a construction price score is computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceFormula {
    /// The lowest valid price is the base: base / price × price points.
    LowestIsBase,
    /// Base price from the average of valid bids × (1 − K), E1/E2 per 1% deviation.
    BaseDeviation(Box<BaseDeviation>),
}

/// 评标基准价 = average of the valid bids (after dropping extremes when there are enough) ×
/// (1 − K); score = full points − E1 × %above − E2 × %below, not below `floor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseDeviation {
    #[serde(default)]
    pub drop_highest: u32,
    #[serde(default)]
    pub drop_lowest: u32,
    /// Drop the extremes only when at least this many valid bids remain to average from
    /// before dropping (0: always, if any would remain).
    #[serde(default)]
    pub drop_when_at_least: u32,
    /// The range K is drawn from at the opening.
    pub k_min: Percent,
    pub k_max: Percent,
    /// K is one of k_min, k_min + step, … (if set).
    #[serde(default)]
    pub k_step: Option<Percent>,
    /// E1: points lost per 1% above the base.
    pub above_per_percent: Dec,
    /// E2: points lost per 1% below the base.
    pub below_per_percent: Dec,
    /// The lowest price score (usually 0).
    #[serde(default)]
    pub floor: Option<Dec>,
}

/// 合理低价法: only the price is scored, against a base price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonableLow {
    pub price_points: Dec,
    pub base: BaseDeviation,
}

/// SME rates the documents chose (validated against the range in force).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SmeChoice {
    /// Small or micro bidder.
    pub small: Percent,
    /// Consortium or subcontract with ≥ 30% small or micro share.
    #[serde(default)]
    pub partners: Option<Percent>,
}

/// How a bid is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordering {
    /// Total score descending, then price ascending.
    Score,
    /// Evaluation price (or final offer) ascending.
    Price,
}

impl MethodConfig {
    pub fn line(&self) -> BusinessLine {
        match self {
            MethodConfig::ConstructionLowestPrice {}
            | MethodConfig::ConstructionComprehensive(_)
            | MethodConfig::ConstructionReasonableLow(_) => BusinessLine::Construction,
            _ => BusinessLine::Procurement,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            MethodConfig::ProcurementComprehensive(_) => {
                "综合评分法 (procurement comprehensive scoring)"
            }
            MethodConfig::ProcurementLowestPrice { .. } => {
                "最低评标价法 (procurement lowest evaluated price)"
            }
            MethodConfig::CompetitiveConsultation(_) => "竞争性磋商 (competitive consultation)",
            MethodConfig::CompetitiveNegotiation { .. } => "竞争性谈判 (competitive negotiation)",
            MethodConfig::RequestForQuotation { .. } => "询价 (request for quotation)",
            MethodConfig::ConstructionLowestPrice {} => {
                "经评审的最低投标价法 (construction lowest evaluated bid price)"
            }
            MethodConfig::ConstructionComprehensive(_) => {
                "综合评估法 (construction comprehensive assessment)"
            }
            MethodConfig::ConstructionReasonableLow(_) => {
                "合理低价法 (construction reasonable low price)"
            }
        }
    }

    /// The category for SME rates (construction is works).
    pub fn category(&self) -> Category {
        match self {
            MethodConfig::ProcurementComprehensive(s)
            | MethodConfig::CompetitiveConsultation(s) => s.category,
            MethodConfig::ProcurementLowestPrice { category }
            | MethodConfig::CompetitiveNegotiation { category }
            | MethodConfig::RequestForQuotation { category } => *category,
            _ => Category::Works,
        }
    }

    /// The non-price criteria the members score (empty for price-only methods).
    pub fn criteria(&self) -> &[Criterion] {
        match self {
            MethodConfig::ProcurementComprehensive(s)
            | MethodConfig::CompetitiveConsultation(s) => &s.criteria,
            MethodConfig::ConstructionComprehensive(c) => &c.criteria,
            _ => &[],
        }
    }

    /// Points for the price, if the price is scored.
    pub fn price_points(&self) -> Option<Ratio> {
        match self {
            MethodConfig::ProcurementComprehensive(s)
            | MethodConfig::CompetitiveConsultation(s) => Some(s.price_points.0),
            MethodConfig::ConstructionComprehensive(c) => Some(c.price_points.0),
            MethodConfig::ConstructionReasonableLow(r) => Some(r.price_points.0),
            _ => None,
        }
    }

    /// The base-price configuration, for methods that use K.
    pub fn base_deviation(&self) -> Option<&BaseDeviation> {
        match self {
            MethodConfig::ConstructionComprehensive(ConstructionScored {
                price_formula: PriceFormula::BaseDeviation(b),
                ..
            }) => Some(b),
            MethodConfig::ConstructionReasonableLow(r) => Some(&r.base),
            _ => None,
        }
    }

    pub fn ordering(&self) -> Ordering {
        match self {
            MethodConfig::ProcurementLowestPrice { .. }
            | MethodConfig::CompetitiveNegotiation { .. }
            | MethodConfig::RequestForQuotation { .. }
            | MethodConfig::ConstructionLowestPrice {} => Ordering::Price,
            _ => Ordering::Score,
        }
    }

    /// Same-brand rule (87号令 第31条) applies to GP tendering methods.
    pub fn same_brand_rule(&self) -> bool {
        matches!(
            self,
            MethodConfig::ProcurementComprehensive(_) | MethodConfig::ProcurementLowestPrice { .. }
        )
    }

    /// Negotiation, consultation and quotation: 2 suppliers allowed in the listed cases.
    pub fn non_tender(&self) -> bool {
        matches!(
            self,
            MethodConfig::CompetitiveConsultation(_)
                | MethodConfig::CompetitiveNegotiation { .. }
                | MethodConfig::RequestForQuotation { .. }
        )
    }
}
