//! The deposit terms of a trade, set with the announcement, and their legal caps
//! (rules.md §1.3 for construction, §3.3 for procurement).

use serde::{Deserialize, Serialize};

use crate::deposit::DepositError;
use crate::methods::{BusinessLine, Cited, Method, rules_for};
use crate::values::Money;

/// What the trade buys; it decides the absolute cap of a construction deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = DepositSubject)]
pub enum Subject {
    /// 施工
    Works,
    /// 货物
    Goods,
    /// 服务 (监理 and other services: the 2 % cap only)
    Services,
    /// 勘察设计
    SurveyDesign,
}

/// The deposit asked of every bidder. `amount` zero: no deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DepositTerms {
    pub amount: Money,
    pub subject: Subject,
    /// 信用免缴: a bidder in good credit standing need not pay.
    pub exemption_by_credit: bool,
    /// An electronic guarantee (电子保函) may stand in for the payment.
    pub accepts_guarantee: bool,
}

/// The caps as data: shares in basis points (200 = 2 %), ceilings in fen. Values labelled
/// \[M\] are provisional defaults (rules.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DepositCaps {
    /// ≤ 2 % of the estimate (估算价): 条例 第26条 \[T\].
    pub construction_share_bp: Cited<u32>,
    /// ≤ 2 % of the budget, open and invited tendering: 政府采购法实施条例 第33条 \[T\].
    pub procurement_tender_share_bp: Cited<u32>,
    /// ≤ 2 % of the budget, the other procurement methods (74号令; consultation 214号) \[M\].
    pub procurement_other_share_bp: Cited<u32>,
    /// 施工 ≤ 80万: 30号令 第37条 \[M\].
    pub works_max: Cited<Money>,
    /// 货物 ≤ 80万: 27号令 第27条 (2013 text) \[M\].
    pub goods_max: Cited<Money>,
    /// 勘察设计 ≤ 10万, 2 % taken of the design-fee estimate: 2号令 第24条 \[M, low confidence\].
    pub survey_design_max: Cited<Money>,
    /// Whether construction terms may offer credit exemption. \[D\] default false: 信用免缴
    /// is a procurement measure; rules.md gives no basis for it in construction.
    pub construction_exemption: Cited<bool>,
    /// Whether construction terms must accept guarantees: tenderers may not refuse them
    /// (发改法规〔2023〕27号 \[M\], text not found).
    pub construction_guarantee_required: Cited<bool>,
}

impl Default for DepositCaps {
    fn default() -> DepositCaps {
        DepositCaps {
            construction_share_bp: cited(200, "条例 第26条"),
            procurement_tender_share_bp: cited(200, "政府采购法实施条例 第33条"),
            procurement_other_share_bp: cited(200, "财政部令第74号; 财库〔2014〕214号 [M]"),
            works_max: cited(Money::from_wan(80), "30号令 第37条 [M]"),
            goods_max: cited(Money::from_wan(80), "27号令 第27条 [M]"),
            survey_design_max: cited(Money::from_wan(10), "2号令 第24条 [M, low confidence]"),
            construction_exemption: cited(false, "[D] 信用免缴 is a procurement measure"),
            construction_guarantee_required: cited(true, "发改法规〔2023〕27号 [M]"),
        }
    }
}

fn cited<T>(value: T, article: &'static str) -> Cited<T> {
    Cited { value, article }
}

impl DepositCaps {
    /// The largest deposit allowed and the article of the cap that binds. The line × method
    /// must exist (招标投标法 第10条).
    pub fn cap(
        &self,
        line: BusinessLine,
        method: Method,
        subject: Subject,
        estimate: Money,
    ) -> Result<Cited<Money>, DepositError> {
        rules_for(line, method)?;
        let share = match (line, method) {
            (BusinessLine::Construction, _) => self.construction_share_bp,
            (_, Method::OpenTendering | Method::InvitedTendering) => {
                self.procurement_tender_share_bp
            }
            _ => self.procurement_other_share_bp,
        };
        // Floor to the fen: "不得超过" allows the exact 2 % and nothing above it.
        let by_share = i128::from(estimate.fen().max(0)) * i128::from(share.value) / 10_000;
        let by_share = Money::from_fen(i64::try_from(by_share).unwrap_or(i64::MAX));
        let ceiling = match (line, subject) {
            (BusinessLine::Construction, Subject::Works) => Some(self.works_max),
            (BusinessLine::Construction, Subject::Goods) => Some(self.goods_max),
            (BusinessLine::Construction, Subject::SurveyDesign) => Some(self.survey_design_max),
            _ => None,
        };
        Ok(match ceiling {
            Some(c) if c.value < by_share => c,
            _ => cited(by_share, share.article),
        })
    }

    /// Checks terms against these caps (see [`check_terms`]).
    pub fn check(
        &self,
        line: BusinessLine,
        method: Method,
        estimate: Money,
        terms: &DepositTerms,
    ) -> Result<(), DepositError> {
        if terms.amount < Money::ZERO {
            return Err(DepositError::InvalidAmount {
                what: "deposit",
                amount: terms.amount,
                rule: "zero (no deposit) or more",
            });
        }
        let construction = line == BusinessLine::Construction;
        if construction && terms.exemption_by_credit && !self.construction_exemption.value {
            return Err(DepositError::ExemptionNotAllowed {
                article: self.construction_exemption.article,
            });
        }
        let required = self.construction_guarantee_required;
        if construction && terms.amount > Money::ZERO && !terms.accepts_guarantee && required.value
        {
            return Err(DepositError::GuaranteeRefused {
                article: required.article,
            });
        }
        let cap = self.cap(line, method, terms.subject, estimate)?;
        if terms.amount > cap.value {
            return Err(DepositError::OverCap {
                amount: terms.amount,
                cap: cap.value,
                article: cap.article,
            });
        }
        Ok(())
    }
}

/// Checks the deposit terms of a trade with the default caps: amount ≤ 2 % of the estimate
/// (budget), construction works and goods ≤ 80万, survey/design ≤ 10万, credit exemption
/// only in procurement, construction terms accept guarantees.
pub fn check_terms(
    line: BusinessLine,
    method: Method,
    estimate: Money,
    terms: &DepositTerms,
) -> Result<(), DepositError> {
    DepositCaps::default().check(line, method, estimate, terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_percent_floors_to_the_fen() {
        let caps = DepositCaps::default();
        let cap = caps
            .cap(
                BusinessLine::Procurement,
                Method::OpenTendering,
                Subject::Goods,
                Money::from_fen(12_345),
            )
            .unwrap();
        assert_eq!(cap.value, Money::from_fen(246));
        let none = caps.cap(
            BusinessLine::Construction,
            Method::CompetitiveNegotiation,
            Subject::Works,
            Money::from_wan(100),
        );
        assert_eq!(none.unwrap_err().code(), "deposit.invalid_method");
    }
}
