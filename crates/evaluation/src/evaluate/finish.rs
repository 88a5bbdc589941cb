//! Final stages: ranking with ties, candidates (same brand once), dissents, periods.

use std::collections::{BTreeMap, BTreeSet};

use domain::BusinessLine;
use legal_time::{Calendar, RestDayExtension};

use super::Ctx;
use crate::error::EvalError;
use crate::input::RankOn;
use crate::method::{MethodConfig, Ordering};
use crate::periods::{self, ChallengeStart, Deadline};
use crate::rank::{self, Entry, Key, Ranked};
use crate::report::{ChallengeVerdict, DissentRecord};
use crate::rules::{self, Rule};
use crate::trace::{Derivation, Issue};

impl Ctx<'_> {
    fn order_rule(&self) -> Rule {
        match (&self.input.method, self.plan.line) {
            (_, BusinessLine::Construction) => rules::RANK_CONSTRUCTION,
            (MethodConfig::ProcurementComprehensive(_), _) => rules::RANK_SCORED,
            (MethodConfig::CompetitiveConsultation(_), _) => rules::RANK_CONSULT,
            (MethodConfig::ProcurementLowestPrice { .. }, _) => rules::RANK_LOWEST,
            _ => rules::RANK_OFFER,
        }
    }

    pub(super) fn rank(&mut self) -> (Vec<Ranked>, Vec<String>) {
        let rank_on = self.input.rounding.rank_on;
        let entries: Vec<Entry> = self
            .in_play()
            .map(|w| {
                let keys = match self.input.method.ordering() {
                    Ordering::Price => vec![Key::Asc(w.eval_price)],
                    Ordering::Score => {
                        let total = match (rank_on, w.rounded) {
                            (RankOn::Rounded, Some(f)) => f.to_ratio(),
                            _ => w.total.unwrap_or(crate::num::Ratio::ZERO),
                        };
                        vec![Key::Desc(total), Key::Asc(w.eval_price)]
                    }
                };
                Entry {
                    id: w.bid.id.clone(),
                    keys,
                    criteria: w.items.clone(),
                }
            })
            .collect();
        let (ties, seed) = (self.ties(), self.seed());
        let r = rank::rank(entries, &ties, seed.as_deref());
        let rule = self.order_rule();
        self.common.push(
            Derivation::new(
                "ranking order",
                rule,
                "the method's order, then the tie rules",
            )
            .text(
                r.ranked
                    .iter()
                    .map(|x| x.bid.as_str())
                    .collect::<Vec<_>>()
                    .join(" > "),
            )
            .input("ties", format!("{ties:?}"))
            .input("compared on", format!("{rank_on:?}").to_lowercase()),
        );
        self.common.extend(r.draws);
        let candidates = self.candidates(&r.ranked);
        let in_candidates: BTreeSet<&str> = candidates.iter().map(String::as_str).collect();
        for group in r
            .unresolved
            .iter()
            .filter(|g| g.iter().any(|b| in_candidates.contains(b.as_str())))
        {
            let tie_rule = if self.construction() {
                rules::TIE_DRAW_CONSTRUCTION
            } else {
                rules::TIE_DRAW
            };
            let msg = format!(
                "bids {} are tied after every rule; the documents' tie rule or a recorded draw (draw_seed) must order them",
                group.join(", ")
            );
            self.issues.push(
                Issue::blocking("evaluation.tie_unresolved", tie_rule, msg)
                    .bids(group.iter().cloned()),
            );
        }
        (r.ranked, candidates)
    }

    /// The first N eligible bids; under comprehensive scoring same-brand bids count once and
    /// only the best keeps candidacy (87号令 第31条).
    fn candidates(&mut self, ranked: &[Ranked]) -> Vec<String> {
        let brand_once = matches!(self.input.method, MethodConfig::ProcurementComprehensive(_));
        let index: BTreeMap<&str, usize> = self
            .works
            .iter()
            .enumerate()
            .map(|(i, w)| (w.bid.id.as_str(), i))
            .collect();
        let mut seen = BTreeSet::new();
        let mut runners_up = Vec::new();
        for r in ranked {
            let i = index[r.bid.as_str()];
            if let Some(b) = self.works[i].bid.brand.as_ref().filter(|_| brand_once)
                && !seen.insert(b.clone())
            {
                runners_up.push((i, b.clone()));
            }
        }
        for (i, brand) in runners_up {
            let w = &mut self.works[i];
            w.eligible = false;
            w.steps.push(
                Derivation::new(
                    "no candidacy",
                    rules::SAME_BRAND_SCORED,
                    "same brand counts once; the highest score keeps candidacy",
                )
                .of(&w.bid.id)
                .text(format!("brand {brand}")),
            );
        }
        let n = self.input.candidates as usize;
        let picked: Vec<String> = ranked
            .iter()
            .filter(|r| self.works[index[r.bid.as_str()]].eligible)
            .take(n)
            .map(|r| r.bid.clone())
            .collect();
        self.common.push(
            Derivation::new(
                "candidates",
                rules::CANDIDATES,
                "the first eligible bids in rank order",
            )
            .text(picked.join(", "))
            .input("at most", n),
        );
        picked
    }

    pub(super) fn dissents(&self) -> Vec<DissentRecord> {
        self.input
            .dissents
            .iter()
            .map(|d| DissentRecord {
                member: d.member.clone(),
                reason: d.reason.clone(),
                deemed_to_agree: d.reason.trim().is_empty(),
                rule: rules::DISSENT,
            })
            .collect()
    }

    pub(super) fn periods(
        &mut self,
        cal: &Calendar,
    ) -> Result<(Vec<Deadline>, Vec<ChallengeVerdict>), EvalError> {
        let d = &self.input.dates;
        let ext = RestDayExtension::default();
        let mut out = Vec::new();
        let mut verdicts = Vec::new();
        match self.plan.line {
            BusinessLine::Construction => {
                if let Some(report) = d.report {
                    out.push(periods::candidates_publish_by(cal, report, ext)?);
                }
                if let Some(p) = d.published {
                    out.push(periods::candidates_publicity_end(cal, p)?);
                    out.push(periods::objection_window(cal, p, d.publicity_until)?);
                    for c in &self.input.challenges {
                        let v = periods::check_objection(cal, p, d.publicity_until, c.at)?;
                        verdicts.push(ChallengeVerdict {
                            by: c.by.clone(),
                            verdict: v,
                        });
                    }
                }
            }
            BusinessLine::Procurement => {
                if let Some(e) = d.evaluation {
                    out.push(periods::report_due(cal, e)?);
                }
                if let Some(r) = d.report {
                    out.push(periods::award_decision_due(cal, r)?);
                }
                if let Some(dec) = d.decision {
                    out.push(periods::result_publish_by(cal, dec)?);
                }
                if let Some(p) = d.published {
                    out.push(periods::announcement_end(cal, p)?);
                    out.push(periods::challenge_due(
                        cal,
                        ChallengeStart::ResultPublished(p),
                    )?);
                    for c in &self.input.challenges {
                        let v = periods::check_challenge(
                            cal,
                            ChallengeStart::ResultPublished(p),
                            c.at,
                        )?;
                        verdicts.push(ChallengeVerdict {
                            by: c.by.clone(),
                            verdict: v,
                        });
                    }
                }
            }
        }
        if !self.input.challenges.is_empty() && d.published.is_none() {
            return Err(EvalError::input(
                "challenges",
                "dates.published is needed to check challenges",
            ));
        }
        self.late_acts(&out);
        Ok((out, verdicts))
    }

    /// Flags acts done after their limit (they are facts by now; the supervisor looks at them).
    fn late_acts(&mut self, deadlines: &[Deadline]) {
        let d = &self.input.dates;
        let acts = [
            (rules::CANDIDATES_PUBLISH, d.published),
            (rules::GP_PUBLISH, d.published),
            (rules::GP_DECISION, d.decision),
            (rules::GP_REPORT, d.report),
        ];
        for (rule, done) in acts {
            let Some(done) = done else { continue };
            if let Some(limit) = deadlines
                .iter()
                .find(|x| x.rule.id == rule.id)
                .filter(|x| done > x.last_day)
            {
                let msg = format!(
                    "{} on {done}, after the last day {}",
                    limit.what, limit.last_day
                );
                self.issues.push(Issue::flag("evaluation.late", rule, msg));
            }
        }
    }
}
