//! GP policy price adjustments (rules.md §3.8): the evaluation price is the (corrected) offered
//! price less the SME and domestic-product deductions, each computed on the original price and
//! subtracted (the stacking reading [S]). The contract price stays as offered.

use crate::error::{EvalError, Within};
use crate::input::{BidInput, Sme};
use crate::method::Category;
use crate::num::Ratio;
use crate::rules;
use crate::trace::Derivation;
use crate::validate::{DomesticPlan, SmePlan};
use crate::values::Percent;

/// The evaluation price (fen) of one bid and the deductions that produced it.
pub fn evaluation_price(
    bid: &BidInput,
    price: Ratio,
    category: Category,
    sme: Option<&SmePlan>,
    domestic: Option<(&DomesticPlan, bool)>,
) -> Result<(Ratio, Vec<Derivation>), EvalError> {
    let mut steps = Vec::new();
    let mut total = Ratio::ZERO;
    if let (Some(plan), Some(status)) = (sme, &bid.sme) {
        let (rate, why) = sme_rate(plan, status, category);
        let d = deduction(price, rate).under(plan.rule)?;
        let rule = match status {
            Sme::SmallOrMicro { .. } => plan.rule,
            Sme::Partners { .. } => rules::SME_PARTNERS,
        };
        steps.push(
            Derivation::new("SME deduction", rule, "offered price × rate")
                .of(&bid.id)
                .money(d)
                .input_money("offered price", price)
                .input(
                    "rate",
                    rate.map_or_else(|| "none".to_owned(), |r| r.to_string()),
                )
                .input("because", why),
        );
        total = total.add(d).under(rule)?;
    }
    if let Some((plan, mixed)) = domestic {
        let share = bid.domestic_share.unwrap_or(Percent::of(0, 1));
        let (rate, why) = if !mixed {
            (
                None,
                "domestic and non-domestic products do not compete here".to_owned(),
            )
        } else if share >= plan.whole_offer_share {
            (
                Some(plan.rate),
                format!("domestic share {share} ≥ {}", plan.whole_offer_share),
            )
        } else {
            (
                None,
                format!("domestic share {share} < {}", plan.whole_offer_share),
            )
        };
        let d = deduction(price, rate).under(plan.rule)?;
        steps.push(
            Derivation::new(
                "domestic-product deduction",
                plan.rule,
                "offered price × rate",
            )
            .of(&bid.id)
            .money(d)
            .input_money("offered price", price)
            .input(
                "rate",
                rate.map_or_else(|| "none".to_owned(), |r| r.to_string()),
            )
            .input("because", why),
        );
        total = total.add(d).under(plan.rule)?;
    }
    let eval = price.sub(total).under(rules::STACKING)?;
    if !steps.is_empty() {
        steps.push(
            Derivation::new(
                "evaluation price",
                rules::STACKING,
                "offered price − Σ deductions (each on the offered price)",
            )
            .of(&bid.id)
            .money(eval)
            .input_money("offered price", price)
            .input_money("deductions", total),
        );
    }
    Ok((eval, steps))
}

fn deduction(price: Ratio, rate: Option<Percent>) -> Result<Ratio, crate::num::Overflow> {
    rate.map_or(Ok(Ratio::ZERO), |r| price.mul(r.0))
}

/// The rate a bidder's SME status earns, and why (46号 第4条 [M]; the 30% gate).
fn sme_rate(plan: &SmePlan, status: &Sme, category: Category) -> (Option<Percent>, String) {
    match status {
        Sme::SmallOrMicro { all_items_by_sme } => {
            if category == Category::Goods && !all_items_by_sme {
                (None, "goods: not every item is made by an SME".into())
            } else {
                (Some(plan.small), "small or micro firm".into())
            }
        }
        Sme::Partners {
            small_share,
            control_relation,
        } => match plan.partners {
            None => (None, "the documents give no rate for partners".into()),
            Some(_) if *control_relation => (
                None,
                "control or management relation with the small firm".into(),
            ),
            Some(_) if *small_share < plan.gate => (
                None,
                format!("small or micro share {small_share} < {}", plan.gate),
            ),
            Some(rate) => (
                Some(rate),
                format!("small or micro share {small_share} ≥ {}", plan.gate),
            ),
        },
    }
}

/// Whether domestic and non-domestic products compete among these bids (the preference only
/// matters then).
pub fn domestic_mixed(shares: impl Iterator<Item = Option<Percent>>, plan: &DomesticPlan) -> bool {
    let (mut dom, mut other) = (false, false);
    for s in shares {
        if s.unwrap_or(Percent::of(0, 1)) >= plan.whole_offer_share {
            dom = true;
        } else {
            other = true;
        }
    }
    dom && other
}

/// Construction works under 综合评估法: the SME bonus as a share of the bidder's own price score.
pub fn works_bonus(
    bid: &BidInput,
    price_score: Ratio,
    plan: &SmePlan,
) -> Result<Option<(Ratio, Derivation)>, EvalError> {
    let Some(status) = &bid.sme else {
        return Ok(None);
    };
    let (rate, why) = sme_rate(plan, status, Category::Works);
    let bonus = deduction(price_score, rate).under(rules::SME_BONUS_WORKS)?;
    Ok(Some((
        bonus,
        Derivation::new(
            "SME bonus",
            rules::SME_BONUS_WORKS,
            "own price score × rate",
        )
        .of(&bid.id)
        .num(bonus)
        .input("price score", price_score)
        .input(
            "rate",
            rate.map_or_else(|| "none".to_owned(), |r| r.to_string()),
        )
        .input("because", why),
    )))
}
