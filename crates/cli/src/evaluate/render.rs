//! The evaluation report as people read it: every derived number with the rule that produced
//! it, the ranking, issues, dissents, periods and challenges.
use std::fmt::Write as _;

use evaluation::Derivation;
use evaluation::report::{BidStatus, Report, Status};

/// An instant as people read it, in Beijing time (`2026-10-14 00:00 +08:00`).
fn when(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] +08:00");
    t.to_offset(legal_time::BEIJING)
        .format(&f)
        .unwrap_or_else(|_| t.to_string())
}

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

/// The ranking, with ties and how they were broken, and the candidates.
fn ranking(o: &mut String, r: &Report) {
    let _ = writeln!(o, "\nRanking");
    for x in &r.ranking {
        let by = x
            .tie_broken_by
            .as_ref()
            .map_or(String::new(), |b| format!(" (tie broken by {b})"));
        let tied = if x.tied_with.is_empty() {
            String::new()
        } else {
            format!(" (still tied with {})", x.tied_with.join(", "))
        };
        let _ = writeln!(o, "  {}. {}{by}{tied}", x.position, x.bid);
    }
    let _ = writeln!(
        o,
        "Candidates: {}",
        if r.candidates.is_empty() {
            "none".into()
        } else {
            r.candidates.join(", ")
        }
    );
}

/// Issues (blocking or flags) and dissents.
fn issues(o: &mut String, r: &Report) {
    let _ = writeln!(o, "\nIssues ({})", r.issues.len());
    for i in &r.issues {
        let kind = if i.blocking { "blocking" } else { "flag" };
        let _ = writeln!(
            o,
            "  [{kind}] {}: {} — {} ({})",
            i.code, i.message, i.rule.id, i.rule.source
        );
    }
    if !r.dissents.is_empty() {
        let _ = writeln!(o, "\nDissents");
        for d in &r.dissents {
            let what = if d.deemed_to_agree {
                "no written reason: deemed to agree".to_owned()
            } else {
                d.reason.clone()
            };
            let _ = writeln!(o, "  {}: {what} ({})", d.member, d.rule.source);
        }
    }
}

/// Periods and the challenges checked against their windows.
fn periods(o: &mut String, r: &Report) {
    if !r.periods.is_empty() {
        let _ = writeln!(o, "\nPeriods");
        for p in &r.periods {
            let _ = writeln!(
                o,
                "  {}: {} (from {}, {}; ends {}) — {} ({})",
                p.what,
                p.last_day,
                p.from,
                p.period,
                when(p.ends_at),
                p.rule.id,
                p.rule.source
            );
        }
    }
    for c in &r.challenges {
        let v = &c.verdict;
        let verdict = if v.within {
            "within the window"
        } else {
            "OUTSIDE the window: refused"
        };
        let _ = writeln!(
            o,
            "  {} at {}: {verdict} (closes {}) — {} ({})",
            c.by,
            when(v.at),
            when(v.closes_at),
            v.rule.id,
            v.rule.source
        );
    }
}
