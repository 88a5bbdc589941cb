//! The evaluation method (评标/评审方法) the tender documents choose, entered with them and
//! checked when they are published: which methods the law allows for the trade's line ×
//! procurement method, and the price weight the law allows for that choice. The evaluation
//! crate computes with the full configuration; this is what the trade itself must refuse.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::methods::{BusinessLine, Method};
use crate::trade::evaluation_terms::{CriterionChoice, PriceFormulaChoice, SmeRates};

/// The method of evaluation named by the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationKind {
    /// 最低评标价法 / 经评审的最低投标价法 / the lowest final offer.
    LowestPrice,
    /// 综合评分法 / 综合评估法.
    Comprehensive,
    /// 合理低价法 (construction, provincial methods).
    ReasonableLow,
}

impl EvaluationKind {
    pub const ALL: [EvaluationKind; 3] = [
        EvaluationKind::LowestPrice,
        EvaluationKind::Comprehensive,
        EvaluationKind::ReasonableLow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EvaluationKind::LowestPrice => "lowest_price",
            EvaluationKind::Comprehensive => "comprehensive",
            EvaluationKind::ReasonableLow => "reasonable_low",
        }
    }
}

/// What is bought: it sets the price-weight floor (87号令 第55条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Goods,
    Services,
    Works,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Goods, Category::Services, Category::Works];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Goods => "goods",
            Category::Services => "services",
            Category::Works => "works",
        }
    }
}

/// Points with at most two decimals (`"30"`, `"12.5"`), kept in hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Points(u32);

crate::values::string_schema!(
    Points,
    "^[0-9]{1,5}(\\.[0-9]{1,2})?$",
    "points with at most two decimals, such as 30 or 12.5"
);

impl Points {
    pub fn hundredths(self) -> u32 {
        self.0
    }
}

impl FromStr for Points {
    type Err = String;
    fn from_str(s: &str) -> Result<Points, String> {
        let s = s.trim();
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || int.len() > 5 || !digits(int) || !digits(frac) || frac.len() > 2 {
            return Err("points: a number such as 30 or 12.5".into());
        }
        let frac = format!("{frac:0<2}");
        Ok(Points(
            int.parse::<u32>().unwrap_or(0) * 100 + frac.parse::<u32>().unwrap_or(0),
        ))
    }
}

impl TryFrom<String> for Points {
    type Error = String;
    fn try_from(s: String) -> Result<Points, String> {
        s.parse()
    }
}

impl From<Points> for String {
    fn from(p: Points) -> String {
        p.to_string()
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 % 100 {
            0 => write!(f, "{}", self.0 / 100),
            c if c % 10 == 0 => write!(f, "{}.{}", self.0 / 100, c / 10),
            c => write!(f, "{}.{c:02}", self.0 / 100),
        }
    }
}

/// The documents' evaluation method and the figures the law limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EvaluationChoice {
    pub kind: EvaluationKind,
    pub category: Category,
    /// Total points of a scored method (usually 100); ignored by price-only methods.
    pub total_points: Points,
    /// Points given to the price; ignored by price-only methods.
    pub price_points: Points,
    /// 固定价格 / 统一定价: the price is not scored (87号令 第55条).
    #[serde(default)]
    pub fixed_price: bool,
    /// The finance department approved a consultation price weight outside the range
    /// (财库〔2014〕214号).
    #[serde(default)]
    pub weight_approved: bool,
    /// The scored criteria other than the price (scored methods).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionChoice>,
    /// Construction: how the price is scored (none: the lowest price is the base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_formula: Option<PriceFormulaChoice>,
    /// SME preference rates (none: no preference configured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sme: Option<SmeRates>,
}

/// Why the law does not allow a choice, with the article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum ChoiceRefused {
    #[error("{kind} is not an evaluation method of {method} ({article})", kind = .kind.as_str(), method = .method.as_str())]
    MethodNotAllowed {
        kind: EvaluationKind,
        method: Method,
        article: &'static str,
    },
    /// Price weight in per mille of the total, outside `min`–`max` per mille.
    #[error("a price weight of {weight}‰ is outside {min}‰–{max}‰ ({article})")]
    PriceWeight {
        weight: u32,
        min: u32,
        max: u32,
        article: &'static str,
    },
    #[error("the price points must not exceed the total, which must be above zero")]
    Points,
}

const GP_METHODS: &str = "政府采购法实施条例 第34条; 财政部令第87号 第53条";
const GP_WEIGHT: &str = "财政部令第87号 第55条";
const CONSULT_WEIGHT: &str = "财库〔2014〕214号 第24条";
const CONSTRUCTION_METHODS: &str = "评标委员会和评标方法暂行规定 第29条";

/// The kinds the law allows for `line` × `method`, with the article.
pub fn allowed_kinds(
    line: BusinessLine,
    method: Method,
) -> (&'static [EvaluationKind], &'static str) {
    use EvaluationKind::*;
    match (line, method) {
        (BusinessLine::Construction, _) => (
            &[LowestPrice, Comprehensive, ReasonableLow],
            CONSTRUCTION_METHODS,
        ),
        (_, Method::OpenTendering | Method::InvitedTendering) => {
            (&[LowestPrice, Comprehensive], GP_METHODS)
        }
        (_, Method::CompetitiveNegotiation) => (&[LowestPrice], "政府采购法 第38条"),
        (_, Method::RequestForQuotation) => (&[LowestPrice], "政府采购法 第40条"),
        (_, Method::CompetitiveConsultation) => (&[Comprehensive], "财库〔2014〕214号 第23条"),
        (_, Method::SingleSource) => (&[LowestPrice], "政府采购法 第39条"),
    }
}

impl EvaluationChoice {
    /// Whether the law allows this choice for `line` × `method`.
    pub fn check(&self, line: BusinessLine, method: Method) -> Result<(), ChoiceRefused> {
        let (kinds, article) = allowed_kinds(line, method);
        if !kinds.contains(&self.kind) {
            return Err(ChoiceRefused::MethodNotAllowed {
                kind: self.kind,
                method,
                article,
            });
        }
        if self.kind != EvaluationKind::Comprehensive {
            return Ok(());
        }
        let (total, price) = (self.total_points.0, self.price_points.0);
        if total == 0 || price > total {
            return Err(ChoiceRefused::Points);
        }
        let weight = (u64::from(price) * 1000 / u64::from(total)) as u32; // shown, rounded down
        let range = match (line, method, self.category) {
            (BusinessLine::Construction, ..) => None,
            _ if self.fixed_price => Some((0, 0, GP_WEIGHT)),
            (_, Method::CompetitiveConsultation, _) if self.weight_approved => None,
            (_, Method::CompetitiveConsultation, Category::Goods) => {
                Some((300, 600, CONSULT_WEIGHT))
            }
            (_, Method::CompetitiveConsultation, Category::Services) => {
                Some((100, 300, CONSULT_WEIGHT))
            }
            (_, _, Category::Goods) => Some((300, 1000, GP_WEIGHT)),
            (_, _, Category::Services) => Some((100, 1000, GP_WEIGHT)),
            (_, _, Category::Works) => None,
        };
        match range {
            // compared exactly: price / total against min‰ and max‰
            Some((min, max, article))
                if u64::from(price) * 1000 < u64::from(min) * u64::from(total)
                    || u64::from(price) * 1000 > u64::from(max) * u64::from(total) =>
            {
                Err(ChoiceRefused::PriceWeight {
                    weight,
                    min,
                    max,
                    article,
                })
            }
            _ => Ok(()),
        }
    }
}
