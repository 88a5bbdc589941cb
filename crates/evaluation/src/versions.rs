//! Rules whose values changed over time, as tables keyed by effective date (rules.md §5.1). A
//! trade uses the version in force on its *rule date*: the date its announcement (and so its
//! documents) was published.

use serde::Serialize;
use time::Date;
use time::macros::date;

use crate::rules::{self, Rule};
use crate::values::Percent;

/// One version of a rule: in force from `effective` until the next entry.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Versioned<T: 'static> {
    #[serde(with = "crate::serde_date")]
    pub effective: Date,
    pub value: T,
    pub rule: Rule,
}

/// The entry in force on `on`: the last whose `effective` is not after it. `None` before the
/// first entry (the rule did not exist yet).
pub fn in_force<T>(table: &'static [Versioned<T>], on: Date) -> Option<&'static Versioned<T>> {
    table.iter().rev().find(|v| v.effective <= on)
}

/// An inclusive legal range for a rate the documents choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub min: Percent,
    pub max: Percent,
}

impl Range {
    pub fn contains(&self, p: Percent) -> bool {
        self.min <= p && p <= self.max
    }
}

/// SME deduction ranges (rules.md §3.8).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SmeRates {
    /// Small or micro bidder, goods and services.
    pub small: Range,
    /// Consortium / subcontract with small or micro firms, goods and services.
    pub partners: Range,
    /// Works: small or micro.
    pub works_small: Range,
    /// Works: partners.
    pub works_partners: Range,
    /// The small or micro share a consortium needs (a gate, not pro-rata).
    pub partner_share_gate: Percent,
}

const fn reduce(p: i64) -> Percent {
    Percent::of(p / gcd(p, 100), 100 / gcd(p, 100))
}

const fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

pub static SME: [Versioned<SmeRates>; 2] = [
    Versioned {
        effective: date!(2021 - 01 - 01),
        value: SmeRates {
            small: range_r(6, 10),
            partners: range_r(2, 3),
            works_small: range_r(3, 5),
            works_partners: range_r(1, 2),
            partner_share_gate: reduce(30),
        },
        rule: Rule {
            source: "财库〔2020〕46号",
            label: rules::Label::M,
            ..rules::SME_SMALL
        },
    },
    Versioned {
        effective: date!(2022 - 07 - 01),
        value: SmeRates {
            small: range_r(10, 20),
            partners: range_r(4, 6),
            works_small: range_r(3, 5),
            works_partners: range_r(1, 2),
            partner_share_gate: reduce(30),
        },
        rule: Rule {
            source: "财库〔2022〕19号 (goods, services); 财库〔2020〕46号 (works)",
            label: rules::Label::S,
            ..rules::SME_SMALL
        },
    },
];

const fn range_r(min_pct: i64, max_pct: i64) -> Range {
    Range {
        min: reduce(min_pct),
        max: reduce(max_pct),
    }
}

/// The domestic-product preference (国办发〔2025〕34号).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DomesticRule {
    pub rate: Percent,
    /// A multi-product offer whose domestic share of cost is at least this is preferred whole
    /// (draft text [S]).
    pub whole_offer_share: Percent,
}

pub static DOMESTIC: [Versioned<DomesticRule>; 1] = [Versioned {
    effective: date!(2026 - 01 - 01),
    value: DomesticRule {
        rate: reduce(20),
        whole_offer_share: reduce(80),
    },
    rule: rules::DOMESTIC,
}];

/// The numeric abnormally-low triggers (财库〔2026〕2号).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AbnormalLowRule {
    pub average: Percent,
    pub second_lowest: Percent,
    pub max_price: Percent,
    /// The documents may raise each threshold up to this share.
    pub raise_up_to: Percent,
    /// The usual minimum time to explain on site.
    pub explain_minutes: u32,
}

pub static ABNORMAL_LOW: [Versioned<AbnormalLowRule>; 1] = [Versioned {
    effective: date!(2026 - 02 - 01),
    value: AbnormalLowRule {
        average: reduce(50),
        second_lowest: reduce(50),
        max_price: reduce(45),
        raise_up_to: reduce(65),
        explain_minutes: 30,
    },
    rule: rules::LOW_AVERAGE,
}];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Ratio;

    #[test]
    fn picks_the_version_in_force() {
        assert!(in_force(&SME, date!(2020 - 12 - 31)).is_none());
        let v = in_force(&SME, date!(2022 - 06 - 30)).unwrap();
        assert_eq!(v.value.small.max, Percent::of(1, 10));
        let v = in_force(&SME, date!(2022 - 07 - 01)).unwrap();
        assert_eq!(v.value.small.max, Percent::of(1, 5));
        assert!(in_force(&DOMESTIC, date!(2025 - 12 - 31)).is_none());
        assert!(in_force(&DOMESTIC, date!(2026 - 01 - 01)).is_some());
        assert!(in_force(&ABNORMAL_LOW, date!(2026 - 01 - 31)).is_none());
        assert!(in_force(&ABNORMAL_LOW, date!(2026 - 02 - 01)).is_some());
    }

    #[test]
    fn constants_are_reduced() {
        let p = in_force(&ABNORMAL_LOW, date!(2026 - 03 - 01))
            .unwrap()
            .value;
        assert_eq!(p.max_price.0, Ratio::new(45, 100).unwrap());
        assert_eq!(p.raise_up_to.0, Ratio::new(65, 100).unwrap());
    }
}
