//! The stages before scoring: rule versions, corrections, the maximum price, abnormally low
//! prices, same brand (lowest price method) and minimum competition.

use std::collections::{BTreeMap, BTreeSet};

use domain::BusinessLine;

use super::{Ctx, Work};
use crate::abnormal::{self, Trigger};
use crate::correction::{self, Confirmation};
use crate::error::EvalError;
use crate::input::{EvaluationInput, TieBreak};
use crate::method::MethodConfig;
use crate::num::Ratio;
use crate::rank::Tie;
use crate::report::BidStatus;
use crate::rules::{self, Rule};
use crate::trace::{Derivation, Input, Issue};

impl<'a> Ctx<'a> {
    pub(super) fn rule_versions(&mut self) {
        let mut v = Vec::new();
        if let Some(s) = &self.plan.sme {
            let partners = s.partners.map_or("—".into(), |p| p.to_string());
            let text = format!("small {} / partners {partners} (gate {})", s.small, s.gate);
            v.push(
                Derivation::new("SME rates", s.rule, "version in force on the rule date")
                    .text(text),
            );
        }
        if let Some(d) = &self.plan.domestic {
            v.push(
                Derivation::new(
                    "domestic-product preference",
                    d.rule,
                    "in force from 2026-01-01",
                )
                .text(d.rate.to_string()),
            );
        }
        let low = match &self.plan.low {
            Some(l) => format!(
                "average {}, second lowest {}, maximum {}",
                l.average, l.second_lowest, l.max_price
            ),
            None if self.plan.line == BusinessLine::Procurement => {
                "not in force before 2026-02-01: committee judgement only".into()
            }
            None => "no national numeric trigger for construction: committee judgement only".into(),
        };
        let rule = match (self.plan.line, &self.plan.low) {
            (BusinessLine::Procurement, Some(_)) => rules::LOW_AVERAGE,
            _ => rules::LOW_COMMITTEE,
        };
        v.push(
            Derivation::new(
                "abnormally-low thresholds",
                rule,
                "财库〔2026〕2号 from 2026-02-01 (GP only)",
            )
            .text(low),
        );
        for d in &mut v {
            d.inputs.push(Input {
                name: "rule date (announcement)".into(),
                value: self.plan.rule_date.to_string(),
            });
        }
        self.versions = v;
    }

    pub(super) fn correct(&mut self) -> Result<(), EvalError> {
        let input: &'a EvaluationInput = self.input;
        for bid in &input.bids {
            if !bid.adjustments.is_empty()
                && !matches!(input.method, MethodConfig::ConstructionLowestPrice {})
            {
                return Err(EvalError::input(
                    format!("bid {}", bid.id),
                    "adjustments apply to construction_lowest_price only",
                ));
            }
            let corrected = correction::correct(bid, self.plan.line)?;
            let mut steps = corrected.steps.clone();
            let status = match (&bid.rejected, corrected.confirmation) {
                (Some(r), _) => {
                    steps.push(
                        Derivation::new(
                            "rejected in the review",
                            rules::REVIEW_REJECTED,
                            "recorded by the committee",
                        )
                        .of(&bid.id)
                        .text(&r.reason)
                        .input("article", &r.article),
                    );
                    BidStatus::Invalid {
                        reason: r.reason.clone(),
                        rule: Some(rules::REVIEW_REJECTED),
                    }
                }
                (None, Confirmation::Refused) => BidStatus::Invalid {
                    reason: "the bidder did not confirm the corrected price".into(),
                    rule: Some(rules::CORRECT_CONFIRM),
                },
                (None, Confirmation::Pending) => {
                    let msg = format!("bid {} must confirm its corrected price", bid.id);
                    self.issues.push(
                        Issue::blocking(
                            "evaluation.confirmation_required",
                            rules::CORRECT_CONFIRM,
                            msg,
                        )
                        .bids([bid.id.as_str()]),
                    );
                    BidStatus::Pending {
                        reason: "the bidder must confirm the corrected price".into(),
                        rule: rules::CORRECT_CONFIRM,
                    }
                }
                _ => BidStatus::Valid,
            };
            let price = corrected.price;
            self.works.push(Work {
                bid,
                corrected,
                status,
                eval_price: price,
                price_score: None,
                items: BTreeMap::new(),
                total: None,
                rounded: None,
                eligible: true,
                steps,
            });
        }
        Ok(())
    }

    /// Above the maximum price (or, in GP, the budget): invalid.
    pub(super) fn ceiling(&mut self) {
        let limits = &self.input.limits;
        let (rule, caps): (Rule, Vec<(&str, Ratio)>) = match self.plan.line {
            BusinessLine::Procurement => (
                rules::ABOVE_MAX_GP,
                [
                    ("maximum price", limits.max_price),
                    ("budget", limits.budget),
                ]
                .into_iter()
                .filter_map(|(n, p)| p.map(|p| (n, p.ratio())))
                .collect(),
            ),
            BusinessLine::Construction => (
                rules::ABOVE_MAX_CONSTRUCTION,
                limits
                    .max_price
                    .iter()
                    .map(|p| ("maximum price", p.ratio()))
                    .collect(),
            ),
        };
        for i in 0..self.works.len() {
            let w = &self.works[i];
            if !w.status.in_play() {
                continue;
            }
            if let Some((name, cap)) = caps.iter().find(|(_, c)| w.corrected.price > *c).copied() {
                let d = Derivation::new("above the limit", rule, "corrected price > limit")
                    .of(&w.bid.id)
                    .text("invalid")
                    .input_money("corrected price", w.corrected.price)
                    .input_money(name, cap);
                self.works[i].steps.push(d);
                self.invalidate(i, format!("price above the {name}"), Some(rule));
            }
        }
    }

    /// Numeric triggers (GP, from 2026-02-01) and the committee's flags → explanation step.
    pub(super) fn abnormal(&mut self) -> Result<(), EvalError> {
        let prices: Vec<(&str, Ratio)> = self
            .in_play()
            .map(|w| (w.bid.id.as_str(), w.corrected.price))
            .collect();
        let limits = &self.input.limits;
        let ceiling = limits
            .max_price
            .map(|p| (p.ratio(), "maximum price"))
            .or(limits
                .budget
                .map(|p| (p.ratio(), "budget (no maximum price set)")));
        let mut review = match &self.plan.low {
            Some(plan) => abnormal::numeric_triggers(&prices, ceiling, plan)?,
            None => abnormal::LowReview::default(),
        };
        let playing: BTreeSet<&str> = prices.iter().map(|p| p.0).collect();
        for f in self
            .input
            .committee_low_price
            .iter()
            .filter(|f| playing.contains(f.bid.as_str()))
        {
            review
                .triggered
                .entry(f.bid.clone())
                .or_default()
                .push(abnormal::committee_trigger(&f.bid, &f.reason));
        }
        self.common.extend(review.reference);
        let explained: BTreeMap<&str, _> = self
            .input
            .explanations
            .iter()
            .map(|e| (e.bid.as_str(), e))
            .collect();
        for i in 0..self.works.len() {
            let id = self.works[i].bid.id.clone();
            let Some(triggers) = review.triggered.remove(&id) else {
                continue;
            };
            let rule = triggers[0].rule;
            self.works[i]
                .steps
                .extend(triggers.into_iter().map(|t: Trigger| t.derivation));
            let verdict = Derivation::new(
                "written explanation",
                rules::LOW_EXPLANATION,
                "the committee's decision on the bidder's explanation",
            )
            .of(&id);
            match explained.get(id.as_str()) {
                Some(e) if e.accepted => {
                    self.works[i].steps.push(
                        verdict
                            .text("accepted: the bid stays")
                            .input("note", &e.note),
                    );
                }
                Some(e) => {
                    self.works[i].steps.push(
                        verdict
                            .text("not justified: the bid is invalid")
                            .input("note", &e.note),
                    );
                    self.invalidate(
                        i,
                        "abnormally low price not justified".into(),
                        Some(rules::LOW_EXPLANATION),
                    );
                }
                None => {
                    let msg = format!(
                        "bid {id} must explain its price in writing ({rule}); never an automatic rejection"
                    );
                    self.issues.push(
                        Issue::blocking(
                            "evaluation.explanation_required",
                            rules::LOW_EXPLANATION,
                            msg,
                        )
                        .bids([id.as_str()]),
                    );
                    if self.works[i].status == BidStatus::Valid {
                        self.works[i].status = BidStatus::Pending {
                            reason: "written explanation of the price required".into(),
                            rule: rules::LOW_EXPLANATION,
                        };
                    }
                }
            }
        }
        Ok(())
    }

    /// The documents' tie rules, or the default (GP: random draw; construction: none).
    pub(super) fn ties(&self) -> Vec<Tie> {
        let mut t: Vec<Tie> = self
            .input
            .tie_break
            .iter()
            .map(|t| match t {
                TieBreak::Criterion { criterion } => Tie::Criterion(criterion.clone()),
                TieBreak::Draw { .. } => Tie::Draw,
            })
            .collect();
        if t.is_empty() && !self.construction() {
            t.push(Tie::Draw);
        }
        t
    }

    pub(super) fn seed(&self) -> Option<Vec<u8>> {
        let s = self.input.draw_seed.as_deref()?;
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
            .collect()
    }
}
