//! Price corrections in the legal order (87号令 第59条; for construction 12号令 第19条 [M]):
//! (一) the opening summary prevails over the body; (二) words over figures; (三) a misplaced
//! decimal point in a unit price: the summary total prevails and the unit price is fixed;
//! (四) the sum of unit prices over a stated total. A changed price binds only once the bidder
//! confirms it.

use domain::BusinessLine;
use serde::Serialize;

use crate::error::{EvalError, Within};
use crate::input::BidInput;
use crate::num::Ratio;
use crate::rules::{self, Rule};
use crate::trace::Derivation;
use crate::words::parse_amount_in_words;

/// Where a bid stands on its correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    /// The price was not changed.
    NotNeeded,
    Confirmed,
    /// The bidder refused: the bid is invalid.
    Refused,
    /// Not answered yet: the report cannot be signed.
    Pending,
}

/// The corrected price of one bid (fen) and the steps that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrected {
    /// The summary figure as read at the opening.
    pub offered: Ratio,
    pub price: Ratio,
    pub confirmation: Confirmation,
    pub steps: Vec<Derivation>,
}

fn rule(line: BusinessLine, gp: Rule) -> Rule {
    match line {
        BusinessLine::Procurement => gp,
        BusinessLine::Construction => rules::CORRECT_CONSTRUCTION,
    }
}

/// Apply 第59条 to one bid.
pub fn correct(bid: &BidInput, line: BusinessLine) -> Result<Corrected, EvalError> {
    let offered = bid.price.ratio();
    let mut price = offered;
    let mut steps = Vec::new();
    if let Some(body) = bid.body_price.filter(|b| b.ratio() != offered) {
        steps.push(
            Derivation::new(
                "price after (一)",
                rule(line, rules::CORRECT_SUMMARY),
                "summary total",
            )
            .of(&bid.id)
            .money(price)
            .input_money("summary (开标一览表)", offered)
            .input_money("body of the bid", body.ratio()),
        );
    }
    if let Some(words) = &bid.price_words {
        let fen = parse_amount_in_words(words).map_err(|reason| EvalError::AmountInWords {
            text: words.clone(),
            reason,
        })?;
        let in_words = Ratio::int(fen);
        if in_words != price {
            steps.push(
                Derivation::new(
                    "price after (二)",
                    rule(line, rules::CORRECT_WORDS),
                    "amount in words",
                )
                .of(&bid.id)
                .money(in_words)
                .input_money("figures", price)
                .input("words", words),
            );
            price = in_words;
        }
    }
    if !bid.lines.is_empty() {
        price = unit_prices(bid, line, price, &mut steps)?;
    }
    let confirmation = match (price == offered, bid.correction_confirmed) {
        (true, _) => Confirmation::NotNeeded,
        (false, Some(true)) => Confirmation::Confirmed,
        (false, Some(false)) => Confirmation::Refused,
        (false, None) => Confirmation::Pending,
    };
    if price != offered {
        steps.push(
            Derivation::new(
                "corrected price",
                rule(line, rules::CORRECT_CONFIRM),
                "binding once confirmed",
            )
            .of(&bid.id)
            .money(price)
            .input_money("offered", offered)
            .input(
                "bidder confirmed",
                format!("{confirmation:?}").to_lowercase(),
            ),
        );
    }
    Ok(Corrected {
        offered,
        price,
        confirmation,
        steps,
    })
}

/// (三) and (四): compare the itemised sum with the total.
fn unit_prices(
    bid: &BidInput,
    line: BusinessLine,
    total: Ratio,
    steps: &mut Vec<Derivation>,
) -> Result<Ratio, EvalError> {
    let r = rules::CORRECT_UNIT_SUM;
    let amounts = bid
        .lines
        .iter()
        .map(|l| {
            l.quantity
                .0
                .mul(l.unit_price.0)
                .and_then(|a| a.mul_int(100))
        })
        .collect::<Result<Vec<_>, _>>()
        .under(r)?;
    let sum = Ratio::sum(amounts.iter().copied()).under(r)?;
    if sum == total {
        return Ok(total);
    }
    if let Some((i, k)) = misplaced_decimal(&amounts, sum, total).under(r)? {
        let l = &bid.lines[i];
        let fixed = l.unit_price.0.mul(pow10(k)?).under(r)?;
        steps.push(
            Derivation::new(
                "unit price after (三)",
                rule(line, rules::CORRECT_DECIMAL),
                "unit price × 10^k so that the items add up to the summary total",
            )
            .of(&bid.id)
            .text(format!("{}: {} → {}", l.item, l.unit_price.0, fixed))
            .input_money("summary total (prevails)", total)
            .input_money("sum of items as written", sum)
            .input("k", k),
        );
        return Ok(total);
    }
    steps.push(
        Derivation::new("price after (四)", rule(line, r), "Σ quantity × unit price")
            .of(&bid.id)
            .money(sum)
            .input_money("stated total", total)
            .input("items", bid.lines.len()),
    );
    Ok(sum)
}

fn pow10(k: i32) -> Result<Ratio, EvalError> {
    let p = 10i128.pow(k.unsigned_abs());
    let r = if k >= 0 {
        Ratio::new(p, 1)
    } else {
        Ratio::new(1, p)
    };
    r.under(rules::CORRECT_DECIMAL)
}

/// The one line whose unit price shifted by 10^k (|k| ≤ 4) makes the items add up to the total.
fn misplaced_decimal(
    amounts: &[Ratio],
    sum: Ratio,
    total: Ratio,
) -> Result<Option<(usize, i32)>, crate::num::Overflow> {
    for (i, a) in amounts.iter().enumerate() {
        for k in (-4i32..=4).filter(|k| *k != 0) {
            let p = 10i128.pow(k.unsigned_abs());
            let shifted = if k > 0 { a.mul_int(p)? } else { a.div_int(p)? };
            if sum.sub(*a)?.add(shifted)? == total {
                return Ok(Some((i, k)));
            }
        }
    }
    Ok(None)
}
