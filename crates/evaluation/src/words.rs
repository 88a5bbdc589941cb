//! Amounts in words (大写金额) as written on an opening summary: `人民币壹佰万零伍佰元整`,
//! `叁拾贰万元伍角`. 87号令 第59条(二): words prevail over figures, so they must be read exactly.

/// The amount in fen, or why the text is not a well-formed amount in words.
pub fn parse_amount_in_words(text: &str) -> Result<i64, String> {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.strip_prefix("人民币").unwrap_or(&s);
    let s = s.trim_end_matches(['整', '正']);
    if s.is_empty() {
        return Err("empty".into());
    }
    let (yuan_part, rest) = match s.find(['元', '圆']) {
        Some(i) => {
            let ch_len = '元'.len_utf8();
            (&s[..i], &s[i + ch_len..])
        }
        None => ("", s),
    };
    if yuan_part.is_empty() && rest == s && !s.contains(['角', '分']) {
        return Err("no 元, 角 or 分".into());
    }
    let yuan = if yuan_part.is_empty() {
        0
    } else {
        integer(yuan_part)?
    };
    let cents = cents(rest)?;
    yuan.checked_mul(100)
        .and_then(|f| f.checked_add(cents))
        .ok_or_else(|| "too large".into())
}

fn digit(c: char) -> Option<i64> {
    "零壹贰叁肆伍陆柒捌玖"
        .chars()
        .position(|d| d == c)
        .map(|p| p as i64)
}

fn small_unit(c: char) -> Option<i64> {
    match c {
        '拾' => Some(10),
        '佰' => Some(100),
        '仟' => Some(1000),
        _ => None,
    }
}

/// The yuan part: digits with 拾佰仟 inside sections separated by 万 and 亿.
fn integer(s: &str) -> Result<i64, String> {
    let (mut yi, mut wan, mut section, mut num) = (0i64, 0i64, 0i64, None::<i64>);
    let overflow = || "too large".to_string();
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if matches!(num, Some(n) if n != 0) && d != 0 {
                return Err(format!("two digits in a row before {c}"));
            }
            num = Some(d);
        } else if let Some(u) = small_unit(c) {
            // 拾万 = 100000: a leading 拾 stands for 壹拾
            let n = match num {
                Some(n) => n,
                None if u == 10 && section == 0 => 1,
                None => return Err(format!("{c} without a digit")),
            };
            section = section
                .checked_add(n.checked_mul(u).ok_or_else(overflow)?)
                .ok_or_else(overflow)?;
            num = None;
        } else if c == '万' {
            wan = section + num.unwrap_or(0);
            if wan == 0 {
                return Err("万 without a digit".into());
            }
            (section, num) = (0, None);
        } else if c == '亿' {
            let below = wan
                .checked_mul(10_000)
                .and_then(|w| w.checked_add(section + num.unwrap_or(0)))
                .ok_or_else(overflow)?;
            if below == 0 {
                return Err("亿 without a digit".into());
            }
            yi = below;
            (wan, section, num) = (0, 0, None);
        } else {
            return Err(format!("unexpected character {c:?}"));
        }
    }
    yi.checked_mul(100_000_000)
        .and_then(|y| y.checked_add(wan.checked_mul(10_000)?))
        .and_then(|v| v.checked_add(section + num.unwrap_or(0)))
        .ok_or_else(overflow)
}

/// `伍角叁分`, `零伍分`, `叁角`.
fn cents(s: &str) -> Result<i64, String> {
    let (mut total, mut num) = (0i64, None::<i64>);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            num = Some(d);
        } else if c == '角' || c == '分' {
            let n = num.ok_or_else(|| format!("{c} without a digit"))?;
            total += n * if c == '角' { 10 } else { 1 };
            num = None;
        } else {
            return Err(format!("unexpected character {c:?} after 元"));
        }
    }
    if matches!(num, Some(n) if n != 0) {
        return Err("a digit without 角 or 分".into());
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::parse_amount_in_words as p;

    #[test]
    fn reads_amounts_in_words() {
        assert_eq!(p("人民币壹佰万元整"), Ok(100_000_000));
        assert_eq!(p("玖拾伍万元整"), Ok(9_500_000 * 10));
        assert_eq!(p("壹拾万零伍佰元"), Ok(10_050_000));
        assert_eq!(p("拾万元"), Ok(10_000_000));
        assert_eq!(p("壹亿贰仟万元整"), Ok(12_000_000_000));
        assert_eq!(p("叁仟零伍元伍角叁分"), Ok(300_553));
        assert_eq!(p("壹佰元零伍分"), Ok(10_005));
        assert_eq!(p("伍角"), Ok(50));
        assert_eq!(p("壹拾壹万壹仟壹佰壹拾壹元"), Ok(11_111_100));
    }

    #[test]
    fn refuses_garbage() {
        assert!(p("").is_err());
        assert!(p("壹贰元").is_err());
        assert!(p("一百元").is_err());
        assert!(p("壹佰").is_err());
        assert!(p("佰元").is_err());
        assert!(p("壹元伍").is_err());
    }
}
