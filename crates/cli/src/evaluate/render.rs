//! The evaluation report as people read it: every derived number with the rule that produced
//! it, the ranking, issues, dissents, periods and challenges.
use std::fmt::Write as _;

use evaluation::Derivation;
use evaluation::report::{BidStatus, Report, Status};

use super::outcome::{issues, periods, ranking};

/// `first` prefixes the value line, `rest` the rule and inputs lines under it.
fn derivation(out: &mut String, (first, rest): (&str, &str), d: &Derivation) {
    let approx = d
        .approx
        .as_ref()
        .map_or(String::new(), |a| format!(" (≈ {a})"));
    let _ = writeln!(out, "{first}{} = {}{approx}", d.what, d.value);
    let _ = writeln!(
        out,
        "{rest}rule {} — {} [{:?}]: {}",
        d.rule.id, d.rule.source, d.rule.label, d.formula
    );
    if !d.inputs.is_empty() {
        let inputs: Vec<String> = d
            .inputs
            .iter()
            .map(|i| format!("{} = {}", i.name, i.value))
            .collect();
        let _ = writeln!(out, "{rest}from {}", inputs.join("; "));
    }
}

pub(super) fn status(s: &Status) -> String {
    match s {
        Status::Complete => "complete".into(),
        Status::Blocked { blocking } => {
            format!("blocked ({blocking} issue(s) to resolve before signing)")
        }
        Status::Failed { rule, reason } => {
            format!("failed: {reason} ({} — {})", rule.id, rule.source)
        }
    }
}

fn bid_status(s: &BidStatus) -> String {
    match s {
        BidStatus::Valid => "valid".into(),
        BidStatus::Pending { reason, .. } => format!("pending: {reason}"),
        BidStatus::NotEvaluated { reason, .. } => format!("not evaluated: {reason}"),
        BidStatus::Invalid { reason, .. } => format!("invalid: {reason}"),
    }
}

/// The report as people read it.
pub fn render(r: &Report) -> String {
    let mut o = String::new();
    heading(&mut o, r);
    bids(&mut o, r);
    ranking(&mut o, r);
    issues(&mut o, r);
    periods(&mut o, r);
    o
}

/// The trade, method, line and status; the rules in force and the common values.
fn heading(o: &mut String, r: &Report) {
    let _ = writeln!(
        o,
        "Evaluation {} — {}",
        r.trade.as_deref().unwrap_or("(no trade id)"),
        r.method
    );
    let _ = writeln!(
        o,
        "line {}; rule date {} (announcement); status {}\n",
        r.line,
        r.rule_date,
        status(&r.status)
    );
    let _ = writeln!(o, "Rules in force");
    r.rules_in_force
        .iter()
        .for_each(|d| derivation(o, ("  ", "      "), d));
    let _ = writeln!(o, "\nCommon values");
    r.common
        .iter()
        .for_each(|d| derivation(o, ("  ", "      "), d));
}

/// Each bid: its status, prices, total and derivations.
fn bids(o: &mut String, r: &Report) {
    let _ = writeln!(o, "\nBids");
    for b in &r.bids {
        let who = b
            .bidder
            .as_deref()
            .map_or(String::new(), |n| format!(" {n}"));
        let _ = writeln!(o, "  {}{who}: {}", b.id, bid_status(&b.status));
        let mut line = format!("    offered {} → corrected {}", b.offered, b.corrected);
        if let Some(e) = &b.evaluation_price {
            let _ = write!(line, " → evaluation price {e}");
        }
        if let (Some(t), Some(x)) = (&b.total_rounded, &b.total) {
            let _ = write!(line, "; total {t} (exact {x})");
        }
        let _ = writeln!(
            o,
            "{line}{}",
            if b.eligible { "" } else { "; no candidacy" }
        );
        b.derivations
            .iter()
            .for_each(|d| derivation(o, ("    • ", "        "), d));
    }
}
