//! Scoring stages: evaluation prices, price scores, the members' scores with recheck, totals.

use std::collections::BTreeMap;

use super::Ctx;
use crate::error::{EvalError, Within};
use crate::method::{MethodConfig, PriceFormula};
use crate::num::Ratio;
use crate::preference;
use crate::price;
use crate::rules::{self, Rule};
use crate::scoring::{self, ScoreTable};
use crate::trace::{Derivation, Issue};

impl Ctx<'_> {
    pub(super) fn evaluation_prices(&mut self) -> Result<(), EvalError> {
        let category = self.input.method.category();
        let domestic = self.plan.domestic.map(|d| {
            let mixed =
                preference::domestic_mixed(self.in_play().map(|w| w.bid.domestic_share), &d);
            (d, mixed)
        });
        let lowest = matches!(self.input.method, MethodConfig::ConstructionLowestPrice {});
        for w in self.works.iter_mut().filter(|w| w.status.in_play()) {
            if lowest {
                let adj = Ratio::sum(
                    w.bid
                        .adjustments
                        .iter()
                        .map(|a| Ratio::int(a.amount.0.fen())),
                )
                .under(rules::LOWEST_EVALUATED)?;
                w.eval_price = w.corrected.price.add(adj).under(rules::LOWEST_EVALUATED)?;
                if !w.bid.adjustments.is_empty() {
                    let mut d = Derivation::new(
                        "evaluated price",
                        rules::LOWEST_EVALUATED,
                        "corrected price + Σ the documents' adjustments",
                    )
                    .of(&w.bid.id)
                    .money(w.eval_price)
                    .input_money("corrected price", w.corrected.price);
                    for a in &w.bid.adjustments {
                        d = d.input(&a.reason, a.amount.0);
                    }
                    w.steps.push(d);
                }
                continue;
            }
            let (eval, steps) = preference::evaluation_price(
                w.bid,
                w.corrected.price,
                category,
                self.plan.sme.as_ref(),
                domestic.as_ref().map(|(d, m)| (d, *m)),
            )?;
            w.eval_price = eval;
            w.steps.extend(steps);
        }
        Ok(())
    }

    pub(super) fn price_scores(&mut self) -> Result<(), EvalError> {
        let Some(points) = self.input.method.price_points() else {
            return Ok(());
        };
        let lowest_rule: Option<Rule> = match &self.input.method {
            MethodConfig::ProcurementComprehensive(s) if s.fixed_price => None,
            MethodConfig::ProcurementComprehensive(_) => Some(rules::GP_PRICE_SCORE),
            MethodConfig::CompetitiveConsultation(_) => Some(rules::CONSULT_PRICE_SCORE),
            MethodConfig::ConstructionComprehensive(c)
                if c.price_formula == PriceFormula::LowestIsBase =>
            {
                Some(rules::LOWEST_BASE_DOC)
            }
            _ => None,
        };
        if let Some(rule) = lowest_rule {
            let Some(base) = self.in_play().map(|w| w.eval_price).min() else {
                return Ok(());
            };
            self.common.push(
                Derivation::new(
                    "base price (lowest valid evaluation price)",
                    rule,
                    "min of the evaluation prices",
                )
                .money(base),
            );
            for w in self.works.iter_mut().filter(|w| w.status.in_play()) {
                let (s, d) = price::lowest_base(&w.bid.id, base, w.eval_price, points, rule)?;
                w.price_score = Some(s);
                w.steps.push(d);
            }
            return Ok(());
        }
        if let (Some(cfg), Some(k)) = (self.input.method.base_deviation(), self.input.opening.k) {
            let prices: Vec<(&str, Ratio)> = self
                .in_play()
                .map(|w| (w.bid.id.as_str(), w.eval_price))
                .collect();
            let (base, ds) = price::base_price(&prices, cfg, k)?;
            self.common.extend(ds);
            for w in self.works.iter_mut().filter(|w| w.status.in_play()) {
                let (s, d) = price::deviation(&w.bid.id, w.eval_price, base, points, cfg)?;
                w.price_score = Some(s);
                w.steps.push(d);
            }
            return Ok(());
        }
        // fixed price: price is not a scoring factor (87号令 第55条)
        for w in self.works.iter_mut().filter(|w| w.status.in_play()) {
            w.price_score = Some(Ratio::ZERO);
        }
        self.common.push(
            Derivation::new(
                "price score",
                rules::GP_PRICE_WEIGHT,
                "fixed price: not a scoring factor",
            )
            .num(Ratio::ZERO),
        );
        Ok(())
    }

    /// Members' sheets: completeness, recheck (87号令 第64条), item means.
    pub(super) fn member_scores(&mut self) -> Result<(), EvalError> {
        let input = self.input;
        let criteria = input.method.criteria();
        if criteria.is_empty() {
            return Ok(());
        }
        let bids: Vec<&str> = self
            .works
            .iter()
            .filter(|w| w.status.in_play())
            .map(|w| w.bid.id.as_str())
            .collect();
        let expected: Vec<&str> = if input.members.is_empty() {
            input.sheets.iter().map(|s| s.member.as_str()).collect()
        } else {
            input.members.iter().map(|m| m.id.as_str()).collect()
        };
        let missing: Vec<&str> = expected
            .iter()
            .copied()
            .filter(|m| !input.sheets.iter().any(|s| s.member == *m))
            .collect();
        if !missing.is_empty() || expected.is_empty() {
            let msg = "every member must submit a score sheet before scores are shown (members score alone)";
            self.issues.push(
                Issue::blocking("evaluation.sheet_missing", rules::INDEPENDENT, msg)
                    .members(missing),
            );
        }
        let issues = scoring::recheck(&input.sheets, criteria, &bids, &input.outliers)?;
        self.issues.extend(issues);
        let table = ScoreTable::new(&input.sheets);
        let how = input.member_scores;
        for w in self.works.iter_mut().filter(|w| w.status.in_play()) {
            for c in criteria {
                let (mean, d) =
                    scoring::item_score(&w.bid.id, c, table.cell(&w.bid.id, &c.id), how)?;
                w.items.insert(c.id.clone(), mean);
                w.steps.push(d);
            }
        }
        Ok(())
    }

    /// Total = price score + Σ item scores (+ the works SME bonus), exact; rounded once.
    pub(super) fn totals(&mut self) -> Result<(), EvalError> {
        if self.input.method.price_points().is_none() {
            return Ok(());
        }
        let decimals = self.input.rounding.decimals;
        let bonus_plan = self.plan.sme_bonus;
        for w in self.works.iter_mut().filter(|w| w.status.in_play()) {
            let ps = w.price_score.unwrap_or(Ratio::ZERO);
            let mut parts: BTreeMap<String, Ratio> = w.items.clone();
            parts.insert("price score".into(), ps);
            if let Some(plan) = &bonus_plan
                && let Some((b, d)) = preference::works_bonus(w.bid, ps, plan)?
            {
                parts.insert("SME bonus".into(), b);
                w.steps.push(d);
            }
            let total = Ratio::sum(parts.values().copied()).under(rules::ROUNDING)?;
            let rounded = total.round(decimals).under(rules::ROUNDING)?;
            let mut d = Derivation::new(
                "total score",
                rules::ROUNDING,
                "exact Σ of the parts; rounded half-up once",
            )
            .of(&w.bid.id)
            .num(total);
            for (k, v) in &parts {
                d = d.input(k, crate::trace::show(*v).0);
            }
            w.steps.push(d.input("rounded (published)", rounded));
            w.total = Some(total);
            w.rounded = Some(rounded);
        }
        Ok(())
    }
}
