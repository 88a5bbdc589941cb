//! Checks the documents' configuration against the legal ranges in force on the rule date and
//! resolves the rule versions: the result is a [`Plan`], which the computation trusts.

use domain::BusinessLine;
use time::Date;

use crate::error::EvalError;
use crate::input::{Aggregate, EvaluationInput, TieBreak};
use crate::method::{Category, MethodConfig, SmeChoice};
use crate::rules::{self, Rule};
use crate::values::Percent;
use crate::versions::{self, Range, in_force};

/// Most bids and members accepted (the documented input limits).
pub const MAX_BIDS: usize = 10_000;
pub const MAX_MEMBERS: usize = 99;

/// SME rates chosen by the documents, checked against the version in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmePlan {
    pub small: Percent,
    pub partners: Option<Percent>,
    pub gate: Percent,
    pub rule: Rule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DomesticPlan {
    pub rate: Percent,
    pub whole_offer_share: Percent,
    pub rule: Rule,
}

/// The abnormally-low thresholds in force for this trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LowPlan {
    pub average: Percent,
    pub second_lowest: Percent,
    pub max_price: Percent,
    pub explain_minutes: u32,
}

/// A checked evaluation: the input plus the rule versions it is computed under.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub input: &'a EvaluationInput,
    pub line: BusinessLine,
    pub rule_date: Date,
    pub sme: Option<SmePlan>,
    pub sme_bonus: Option<SmePlan>,
    pub domestic: Option<DomesticPlan>,
    pub low: Option<LowPlan>,
}

pub fn plan(input: &EvaluationInput) -> Result<Plan<'_>, EvalError> {
    crate::refs::check(input)?;
    crate::ranges::points(&input.method)?;
    crate::ranges::base_deviation(input)?;
    ties(input, input.method.line())?;
    general(input)?;
    policies(input)
}

/// The documents' own configuration (method, points, price formula, preferences) against
/// the law in force on `dates.notice`, before any bid exists: what publication checks.
pub fn documents(input: &EvaluationInput) -> Result<(), EvalError> {
    crate::ranges::points(&input.method)?;
    crate::ranges::formula(input)?;
    ties(input, input.method.line())?;
    policies(input).map(|_| ())
}

/// The rule versions of the policies the documents chose, their rates checked.
fn policies(input: &EvaluationInput) -> Result<Plan<'_>, EvalError> {
    let line = input.method.line();
    let rule_date = input.dates.notice;
    let sme = gp_only(line, input.preferences.sme, "SME price deduction")?
        .map(|c| {
            sme_plan(
                c,
                input.method.category(),
                rule_date,
                input.preferences.reserved_for_sme,
            )
        })
        .transpose()?;
    let sme_bonus = match &input.method {
        MethodConfig::ConstructionComprehensive(c) => c
            .sme_bonus
            .map(|b| sme_plan(b, Category::Works, rule_date, false))
            .transpose()?,
        _ => None,
    };
    let domestic = gp_only(
        line,
        input.preferences.domestic,
        "domestic-product preference",
    )?
    .map(|rate| domestic(rate, rule_date))
    .transpose()?;
    Ok(Plan {
        input,
        line,
        rule_date,
        sme,
        sme_bonus,
        domestic,
        low: low(input, line, rule_date)?,
    })
}

fn gp_only<T>(
    line: BusinessLine,
    v: Option<T>,
    what: &'static str,
) -> Result<Option<T>, EvalError> {
    match (line, v) {
        (BusinessLine::Construction, Some(_)) => Err(EvalError::NotForLine {
            what,
            line: "construction",
        }),
        (_, v) => Ok(v),
    }
}

fn check_range(what: &str, p: Percent, r: Range, rule: Rule) -> Result<(), EvalError> {
    if r.contains(p) {
        Ok(())
    } else {
        Err(EvalError::range(what, p, r.min, r.max, rule))
    }
}

fn sme_plan(c: SmeChoice, cat: Category, on: Date, reserved: bool) -> Result<SmePlan, EvalError> {
    if reserved {
        return Err(EvalError::input(
            "preferences.sme",
            format!(
                "a package reserved for SMEs gets no price deduction ({})",
                rules::SME_RESERVED
            ),
        ));
    }
    let v = in_force(&versions::SME, on).ok_or(EvalError::NoRuleInForce {
        what: "SME price deduction",
        rule: rules::SME_SMALL,
        date: on,
    })?;
    let (small, partners) = match cat {
        Category::Works => (v.value.works_small, v.value.works_partners),
        _ => (v.value.small, v.value.partners),
    };
    check_range("SME rate (small or micro)", c.small, small, v.rule)?;
    if let Some(p) = c.partners {
        check_range("SME rate (partners)", p, partners, rules::SME_PARTNERS)?;
    }
    Ok(SmePlan {
        small: c.small,
        partners: c.partners,
        gate: v.value.partner_share_gate,
        rule: v.rule,
    })
}

fn domestic(rate: Percent, on: Date) -> Result<DomesticPlan, EvalError> {
    let v = in_force(&versions::DOMESTIC, on).ok_or(EvalError::NoRuleInForce {
        what: "domestic-product preference",
        rule: rules::DOMESTIC,
        date: on,
    })?;
    let fixed = Range {
        min: v.value.rate,
        max: v.value.rate,
    };
    check_range("domestic-product rate", rate, fixed, v.rule)?;
    Ok(DomesticPlan {
        rate,
        whole_offer_share: v.value.whole_offer_share,
        rule: v.rule,
    })
}

fn low(
    input: &EvaluationInput,
    line: BusinessLine,
    on: Date,
) -> Result<Option<LowPlan>, EvalError> {
    let t = &input.abnormal_low;
    let any = t.average.is_some() || t.second_lowest.is_some() || t.max_price.is_some();
    if line == BusinessLine::Construction {
        return if any {
            Err(EvalError::NotForLine {
                what: "numeric abnormally-low thresholds (财库〔2026〕2号)",
                line: "construction",
            })
        } else {
            Ok(None)
        };
    }
    let Some(v) = in_force(&versions::ABNORMAL_LOW, on) else {
        return if any {
            Err(EvalError::NoRuleInForce {
                what: "abnormally-low thresholds",
                rule: rules::LOW_AVERAGE,
                date: on,
            })
        } else {
            Ok(None)
        };
    };
    let d = v.value;
    let pick = |what: &str, set: Option<Percent>, default: Percent, rule: Rule| {
        let p = set.unwrap_or(default);
        let r = Range {
            min: default,
            max: d.raise_up_to,
        };
        check_range(what, p, r, rule).map(|()| p)
    };
    Ok(Some(LowPlan {
        average: pick(
            "abnormal_low.average",
            t.average,
            d.average,
            rules::LOW_AVERAGE,
        )?,
        second_lowest: pick(
            "abnormal_low.second_lowest",
            t.second_lowest,
            d.second_lowest,
            rules::LOW_SECOND,
        )?,
        max_price: pick(
            "abnormal_low.max_price",
            t.max_price,
            d.max_price,
            rules::LOW_MAX,
        )?,
        explain_minutes: d.explain_minutes,
    }))
}

fn ties(input: &EvaluationInput, line: BusinessLine) -> Result<(), EvalError> {
    for t in &input.tie_break {
        match t {
            TieBreak::Criterion { criterion } => {
                if !input.method.criteria().iter().any(|c| &c.id == criterion) {
                    return Err(EvalError::Unknown {
                        kind: "criterion",
                        id: criterion.clone(),
                    });
                }
            }
            TieBreak::Draw { local_rule } => {
                let named = local_rule.as_deref().is_some_and(|r| !r.trim().is_empty());
                if line == BusinessLine::Construction && !named {
                    return Err(EvalError::DrawNotAllowed {
                        rule: rules::TIE_DRAW_CONSTRUCTION,
                    });
                }
            }
        }
    }
    if let Some(seed) = &input.draw_seed {
        let hex =
            seed.len() >= 16 && seed.len() % 2 == 0 && seed.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex {
            return Err(EvalError::input(
                "draw_seed",
                "at least 16 hex digits, an even number",
            ));
        }
    }
    Ok(())
}

fn general(input: &EvaluationInput) -> Result<(), EvalError> {
    if !(1..=3).contains(&input.candidates) {
        return Err(EvalError::range(
            "candidates",
            input.candidates,
            1,
            3,
            rules::CANDIDATES,
        ));
    }
    if input.rounding.decimals > 6 {
        return Err(EvalError::input("rounding.decimals", "at most 6"));
    }
    if input.outliers.min_members < 2 || input.outliers.share.0.is_zero() {
        return Err(EvalError::input(
            "outliers",
            "min_members ≥ 2 and share above 0%",
        ));
    }
    if input.bids.is_empty() || input.bids.len() > MAX_BIDS {
        return Err(EvalError::input(
            "bids",
            format!("between 1 and {MAX_BIDS} bids"),
        ));
    }
    if input.members.len() > MAX_MEMBERS || input.sheets.len() > MAX_MEMBERS {
        return Err(EvalError::input(
            "members",
            format!("at most {MAX_MEMBERS}"),
        ));
    }
    if input.member_scores == Aggregate::DropHighLow
        && input.sheets.len() < 5
        && !input.method.criteria().is_empty()
    {
        return Err(EvalError::input(
            "member_scores",
            "drop_high_low needs at least 5 members' sheets",
        ));
    }
    if let Some(why) = &input.two_suppliers_allowed
        && (!input.method.non_tender() || why.trim().is_empty())
    {
        return Err(EvalError::input(
            "two_suppliers_allowed",
            format!(
                "only negotiation, consultation or quotation, with the listed case named ({})",
                rules::FEW_BIDS_NEGOTIATION
            ),
        ));
    }
    Ok(())
}
