//! Abnormally low prices (rules.md §3.6). From 2026-02-01 a GP bid whose offered price is
//! strictly below 50% of the passing bids' average, 50% of the second-lowest passing bid or 45%
//! of the maximum price (the budget when none is set) must explain in writing (财库〔2026〕2号;
//! the documents may raise each share up to 65%). The committee may also judge a price too low
//! (87号令 第60条; 12号令 第21条 for construction). A trigger opens the explanation step; it never
//! rejects a bid by itself.

use std::collections::BTreeMap;

use crate::error::{EvalError, Within};
use crate::num::Ratio;
use crate::rules::{self, Rule};
use crate::trace::Derivation;
use crate::validate::LowPlan;
use crate::values::Percent;

/// One reason a bid must explain its price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub rule: Rule,
    pub derivation: Derivation,
}

/// The reference values and the triggers per bid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LowReview {
    pub reference: Vec<Derivation>,
    pub triggered: BTreeMap<String, Vec<Trigger>>,
}

/// The numeric triggers over the offered prices (fen) of the bids that passed conformity.
/// `ceiling` is the maximum price, or the budget, with its name.
pub fn numeric_triggers(
    prices: &[(&str, Ratio)],
    ceiling: Option<(Ratio, &'static str)>,
    plan: &LowPlan,
) -> Result<LowReview, EvalError> {
    let mut review = LowReview::default();
    if prices.is_empty() {
        return Ok(review);
    }
    let r = rules::LOW_AVERAGE;
    let sum = Ratio::sum(prices.iter().map(|p| p.1)).under(r)?;
    let avg = sum.div_int(prices.len() as i128).under(r)?;
    let mut sorted: Vec<Ratio> = prices.iter().map(|p| p.1).collect();
    sorted.sort();
    let mut lines: Vec<(Rule, &str, Ratio, Percent, Derivation)> = vec![(
        rules::LOW_AVERAGE,
        "average of passing bids",
        avg,
        plan.average,
        Derivation::new("average of passing bids (offered prices)", r, "Σ / n")
            .money(avg)
            .input("bids", prices.len()),
    )];
    if let Some(second) = sorted.get(1).copied() {
        lines.push((
            rules::LOW_SECOND,
            "second-lowest passing bid",
            second,
            plan.second_lowest,
            Derivation::new(
                "second-lowest passing bid",
                rules::LOW_SECOND,
                "2nd of the prices in ascending order",
            )
            .money(second),
        ));
    }
    if let Some((c, name)) = ceiling {
        lines.push((
            rules::LOW_MAX,
            name,
            c,
            plan.max_price,
            Derivation::new(name, rules::LOW_MAX, "from the documents").money(c),
        ));
    }
    for (rule, name, reference, share, d) in lines {
        let line = reference.mul(share.0).under(rule)?;
        review.reference.push(d);
        review.reference.push(
            Derivation::new(
                format!("trigger line: {share} of the {name}"),
                rule,
                "reference × share; a price strictly below it triggers",
            )
            .money(line)
            .input_money(name, reference)
            .input("share", share),
        );
        for (id, price) in prices.iter().filter(|p| p.1 < line) {
            review
                .triggered
                .entry((*id).to_owned())
                .or_default()
                .push(Trigger {
                    rule,
                    derivation: Derivation::new(
                        "abnormally low: explanation required",
                        rule,
                        "offered price < trigger line",
                    )
                    .of(*id)
                    .text("triggered")
                    .input_money("offered price", *price)
                    .input_money("trigger line", line)
                    .input(
                        "minimum time to explain",
                        format!("{} minutes (generally)", plan.explain_minutes),
                    ),
                });
        }
    }
    Ok(review)
}

/// The committee's own judgement that a price is too low.
pub fn committee_trigger(bid: &str, reason: &str) -> Trigger {
    Trigger {
        rule: rules::LOW_COMMITTEE,
        derivation: Derivation::new(
            "abnormally low: explanation required",
            rules::LOW_COMMITTEE,
            "the committee's judgement",
        )
        .of(bid)
        .text("triggered")
        .input("reason", reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> LowPlan {
        LowPlan {
            average: Percent::of(1, 2),
            second_lowest: Percent::of(1, 2),
            max_price: Percent::of(9, 20),
            explain_minutes: 30,
        }
    }

    #[test]
    fn rules_md_worked_example() {
        // bids 100, 95, 42, 88, maximum 120: the average test does not fire (42 ≥ 40.625);
        // the second-lowest (42 < 44) and maximum-price (42 < 54) tests do.
        let p = [
            ("a", Ratio::int(100)),
            ("b", Ratio::int(95)),
            ("c", Ratio::int(42)),
            ("d", Ratio::int(88)),
        ];
        let r = numeric_triggers(&p, Some((Ratio::int(120), "maximum price")), &plan()).unwrap();
        let fired: Vec<&str> = r.triggered["c"].iter().map(|t| t.rule.id).collect();
        assert_eq!(fired, ["low.second_lowest", "low.max_price"]);
        assert_eq!(r.triggered.len(), 1);
    }

    #[test]
    fn comparisons_are_strict() {
        // 50 is exactly 50% of 100 (second lowest): no trigger
        let p = [
            ("a", Ratio::int(50)),
            ("b", Ratio::int(100)),
            ("c", Ratio::int(100)),
        ];
        let r = numeric_triggers(&p, None, &plan()).unwrap();
        assert!(r.triggered.is_empty());
        let raised = LowPlan {
            second_lowest: Percent::of(13, 20),
            ..plan()
        };
        let r = numeric_triggers(&p, None, &raised).unwrap();
        assert_eq!(r.triggered["a"][0].rule.id, "low.second_lowest");
    }
}
