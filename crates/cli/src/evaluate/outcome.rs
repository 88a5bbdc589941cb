//! The end of the report as people read it: the ranking, issues and dissents, periods and
//! challenges.
use std::fmt::Write as _;

use evaluation::report::Report;

/// An instant as people read it, in Beijing time (`2026-10-14 00:00 +08:00`).
fn when(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] +08:00");
    t.to_offset(legal_time::BEIJING)
        .format(&f)
        .unwrap_or_else(|_| t.to_string())
}
/// The ranking, with ties and how they were broken, and the candidates.
pub(super) fn ranking(o: &mut String, r: &Report) {
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
pub(super) fn issues(o: &mut String, r: &Report) {
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
pub(super) fn periods(o: &mut String, r: &Report) {
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
