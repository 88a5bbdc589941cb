//! The sheet form's cells checked before anything is sent: each score a number from 0 to
//! the criterion's maximum. A wrong cell comes back marked with why, every other value kept;
//! each bid's running total is the sum of what was typed.
use std::collections::BTreeMap;

use app::scoring::ScoringView;

use super::Tr;

/// What a member typed (`s.<bid>.<criterion>` → text) and the cells refused, with why.
#[derive(Default)]
pub struct Typed {
    pub values: BTreeMap<String, String>,
    pub wrong: BTreeMap<String, String>,
}

/// A score with at most 4 decimals, in ten-thousandths (`"7.5"` → 75000).
pub fn ten_thousandths(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.ends_with('.') {
        return None;
    }
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 6 || !digits(int) || !digits(frac) || frac.len() > 4 {
        return None;
    }
    let frac = format!("{frac:0<4}");
    Some(int.parse::<i64>().ok()? * 10_000 + frac.parse::<i64>().ok()?)
}

/// Ten-thousandths as a decimal without trailing zeros (`755000` → `"75.5"`).
pub fn shown(v: i64) -> String {
    let (int, frac) = (v / 10_000, v % 10_000);
    if frac == 0 {
        return int.to_string();
    }
    let frac = format!("{frac:04}");
    format!("{int}.{}", frac.trim_end_matches('0'))
}

/// The sum of the cells of one row that read as numbers.
pub fn total<'a>(values: impl Iterator<Item = &'a str>) -> String {
    shown(values.filter_map(ten_thousandths).sum())
}

/// The form's cells against each criterion's maximum, in the reader's language.
pub fn check(t: &Tr, v: &ScoringView, pairs: &[(String, String)]) -> Typed {
    let mut typed = Typed::default();
    for (name, value) in pairs.iter().filter(|(n, _)| n.starts_with("s.")) {
        typed.values.insert(name.clone(), value.trim().to_owned());
    }
    for i in 0..v.bids.len() {
        for (j, c) in v.criteria.iter().enumerate() {
            let name = format!("s.{i}.{j}");
            let value = typed.values.get(&name).map_or("", String::as_str);
            let max = ten_thousandths(&c.points).unwrap_or(0);
            let why = match ten_thousandths(value) {
                _ if value.is_empty() => Some(t.s("error.form.required").to_owned()),
                None => Some(t.s("ui.eval_room.scoring.cell.number").to_owned()),
                Some(s) if s > max => Some(
                    t.s("ui.eval_room.scoring.cell.range")
                        .replace("{max}", &c.points),
                ),
                Some(_) => None,
            };
            if let Some(why) = why {
                typed.wrong.insert(name, why);
            }
        }
    }
    typed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_add_up_exactly() {
        assert_eq!(ten_thousandths("7.5"), Some(75_000));
        assert_eq!(ten_thousandths("7."), None);
        assert_eq!(ten_thousandths("-1"), None);
        assert_eq!(total(["33.25", "16", "x", "0.75"].into_iter()), "50");
        assert_eq!(total(["0.1", "0.2"].into_iter()), "0.3");
    }
}
