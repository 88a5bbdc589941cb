//! Same brand under the lowest price method (87号令 第31条) and minimum competition.

use std::collections::{BTreeMap, BTreeSet};

use domain::BusinessLine;

use super::Ctx;
use crate::method::MethodConfig;
use crate::num::Ratio;
use crate::rank::{self, Entry, Key};
use crate::report::BidStatus;
use crate::rules;
use crate::trace::{Derivation, Issue};

impl Ctx<'_> {
    /// 87号令 第31条 under the lowest price method: per brand only the lowest price is evaluated.
    pub(super) fn same_brand_lowest(&mut self) {
        if !matches!(
            self.input.method,
            MethodConfig::ProcurementLowestPrice { .. }
        ) {
            return;
        }
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, w) in self
            .works
            .iter()
            .enumerate()
            .filter(|(_, w)| w.status.in_play())
        {
            if let Some(b) = &w.bid.brand {
                groups.entry(b.as_str()).or_default().push(i);
            }
        }
        let (ties, seed) = (self.ties(), self.seed());
        let mut out: Vec<(usize, String)> = Vec::new();
        for (brand, idx) in groups.into_iter().filter(|g| g.1.len() > 1) {
            let entries = idx
                .iter()
                .map(|&i| Entry {
                    id: self.works[i].bid.id.clone(),
                    keys: vec![Key::Asc(self.works[i].corrected.price)],
                    criteria: BTreeMap::new(),
                })
                .collect();
            let r = rank::rank(entries, &ties, seed.as_deref());
            self.common.extend(r.draws);
            let keep: BTreeSet<&str> = r
                .ranked
                .iter()
                .filter(|x| x.position == 1)
                .map(|x| x.bid.as_str())
                .collect();
            if keep.len() > 1 {
                let msg = format!(
                    "same-brand bids ({brand}) tie on the lowest price: the documents' rule or a recorded draw must pick one"
                );
                self.issues.push(
                    Issue::blocking("evaluation.tie_unresolved", rules::SAME_BRAND_LOWEST, msg)
                        .bids(keep.iter().copied()),
                );
            }
            for &i in &idx {
                if !keep.contains(self.works[i].bid.id.as_str()) {
                    out.push((i, brand.to_owned()));
                }
            }
        }
        for (i, brand) in out {
            let reason = format!("same brand ({brand}) as a lower-priced bid");
            let id = self.works[i].bid.id.clone();
            let d = Derivation::new(
                "not evaluated",
                rules::SAME_BRAND_LOWEST,
                "only the lowest-priced compliant bid of a brand",
            );
            self.works[i].steps.push(d.of(id).text(&reason));
            self.works[i].status = BidStatus::NotEvaluated {
                reason,
                rule: rules::SAME_BRAND_LOWEST,
            };
        }
    }

    /// Fewer than 3 valid bids (same brand counted once under 第31条).
    pub(super) fn competition(&mut self) {
        let brand_once = self.input.method.same_brand_rule();
        let mut brands = BTreeSet::new();
        let count = self
            .in_play()
            .filter(|w| {
                !brand_once
                    || w.bid
                        .brand
                        .as_ref()
                        .is_none_or(|b| brands.insert(b.clone()))
            })
            .count();
        let (min, rule) = match (self.plan.line, self.input.method.non_tender()) {
            (BusinessLine::Construction, _) => (3, rules::FEW_BIDS_CONSTRUCTION),
            (_, true) if self.input.two_suppliers_allowed.is_some() => {
                (2, rules::FEW_BIDS_NEGOTIATION)
            }
            (_, true) => (3, rules::FEW_BIDS_NEGOTIATION),
            (_, false) => (3, rules::FEW_BIDS_GP),
        };
        let mut d = Derivation::new(
            "valid bids",
            rule,
            "bids still evaluated (same brand counted once)",
        )
        .num(Ratio::int(count as i64))
        .input("minimum", min);
        if let Some(why) = &self.input.two_suppliers_allowed {
            d = d.input("listed case for 2 suppliers", why);
        }
        self.common.push(d);
        if count >= min {
            return;
        }
        if count == 0 {
            self.failed = Some((rules::REJECT_ALL, "no valid bid".into()));
            return;
        }
        if !self.construction() {
            self.failed = Some((rule, format!("{count} valid bid(s), fewer than {min}")));
            return;
        }
        match &self.input.few_bids_decision {
            Some(dec) if dec.reject_all => self.failed = Some((rules::REJECT_ALL, format!("the committee rejected all bids: {}", dec.reasoning))),
            Some(dec) => self.common.push(Derivation::new("committee decision on few bids", rule, "continue, with the reasons recorded").text("continue").input("reasoning", &dec.reasoning)),
            None => self.issues.push(Issue::blocking(
                "evaluation.few_bids_decision_required",
                rule,
                format!("{count} valid bid(s): the committee must decide whether competition is lacking and record why"),
            )),
        }
    }
}
