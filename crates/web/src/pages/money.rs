//! Amounts as people write and read them: entered as yuan with or without thousands
//! separators (`12,000,000`, `１２０００００.５`, `¥1,200`), shown as `¥12,000,000.00` with the
//! amount in Chinese capitals (大写, `壹仟贰佰万元整`) where money is entered or awarded.

use domain::Money;

/// Fen as yuan with thousands separators: 612345678 → `6,123,456.78`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

/// An amount as shown: `¥12,000,000.00`.
pub fn shown(m: Money) -> String {
    format!("¥{}", yuan(m.fen()))
}

/// Parses an amount typed in yuan: separators (`,` `，` spaces), a leading `¥`/`￥` and
/// full-width digits are accepted; the rest is [`Money`]'s own parsing (at most 2 decimals).
pub fn parse_yuan(typed: &str) -> Option<Money> {
    let cleaned: String = typed
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            c => c,
        })
        .collect();
    if cleaned.is_empty() || cleaned.starts_with('-') {
        return None;
    }
    cleaned.parse().ok()
}

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL: [&str; 4] = ["", "拾", "佰", "仟"];
const GROUPS: [&str; 4] = ["", "万", "亿", "万亿"];

/// The amount in Chinese capitals as written on contracts and opening summaries:
/// 12000000 yuan → `壹仟贰佰万元整`, 1005.5 → `壹仟零伍元伍角`. Negative amounts are not
/// written in capitals (`None`).
pub fn capitals(m: Money) -> Option<String> {
    let fen = u64::try_from(m.fen()).ok()?;
    let (whole, jiao, fen_part) = (fen / 100, (fen / 10) % 10, fen % 10);
    let mut out = if whole == 0 {
        String::new()
    } else {
        integer(whole) + "元"
    };
    match (jiao, fen_part) {
        (0, 0) if whole == 0 => out.push_str("零元整"),
        (0, 0) => out.push('整'),
        (j, f) => {
            if j > 0 {
                out.push(DIGITS[j as usize]);
                out.push('角');
            } else if whole > 0 {
                out.push('零');
            }
            if f > 0 {
                out.push(DIGITS[f as usize]);
                out.push('分');
            }
        }
    }
    Some(out)
}

/// A whole number in capitals, groups of four digits with 万/亿, zeros written once.
fn integer(n: u64) -> String {
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero || (!out.is_empty() && g < 1000) {
            out.push('零');
        }
        out.push_str(&four(g));
        out.push_str(GROUPS.get(i).copied().unwrap_or(""));
        pending_zero = false;
    }
    out
}

/// 1..=9999 in capitals: 1005 → 壹仟零伍, 1200 → 壹仟贰佰.
fn four(g: u64) -> String {
    let mut out = String::new();
    let mut zero = false;
    for pos in (0..4).rev() {
        let d = (g / 10u64.pow(pos)) % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(SMALL[pos as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(yuan(612_345_678), "6,123,456.78");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-100_000), "-1,000.00");
        assert_eq!(shown(m("12000000")), "¥12,000,000.00");
    }

    #[test]
    fn typed_amounts_with_separators_parse() {
        for typed in [
            "12,000,000",
            "¥12,000,000.00",
            "１２００００００",
            "12 000 000",
            "12，000，000",
        ] {
            assert_eq!(parse_yuan(typed), Some(m("12000000")), "{typed}");
        }
        for bad in ["", "abc", "1.234", "-5", "12,000,000元"] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
    }

    #[test]
    fn capitals_read_back_by_the_evaluation_parser() {
        for (amount, words) in [
            ("12000000", "壹仟贰佰万元整"),
            ("1005.5", "壹仟零伍元伍角"),
            ("100000000", "壹亿元整"),
            ("100500", "壹拾万零伍佰元整"),
            ("0.05", "伍分"),
            ("0", "零元整"),
            ("10.05", "壹拾元零伍分"),
        ] {
            assert_eq!(capitals(m(amount)).as_deref(), Some(words), "{amount}");
        }
        // whatever we write, the parser that reads opening summaries reads the same amount
        for fen in [1, 99, 100, 10_001, 100_000_001, 123_456_789_012, 80_000_000] {
            let words = capitals(Money::from_fen(fen)).unwrap();
            assert_eq!(
                evaluation::words::parse_amount_in_words(&words),
                Ok(fen),
                "{words}"
            );
        }
    }
}
