//! Exact rationals for scores, rates and averages (design.md principle 7: never `f64`).
//!
//! Every intermediate value is exact; the only rounding is [`Ratio::round`], called once on a
//! final total (rules.md §3.5 "round half-up to 2 dp at the end"). Arithmetic is checked: a
//! result that does not fit in `i128` is an [`Overflow`] error, never a wrong number. The input
//! limits in `docs/EVALUATE.md` keep realistic evaluations far below it; comparisons never
//! overflow (256-bit cross products).

use std::cmp::Ordering;
use std::fmt;

/// `numerator / denominator`, reduced, denominator > 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ratio {
    n: i128,
    d: i128,
}

/// An exact result would not fit in 128 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("exact arithmetic overflow (an input is beyond the documented limits)")]
pub struct Overflow;

/// Result of an exact operation.
pub type Exact = Result<Ratio, Overflow>;

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn gcd_i(a: i128, b: i128) -> i128 {
    // both magnitudes are < 2^127 here (denominators are positive i128), so this fits
    gcd(a.unsigned_abs(), b.unsigned_abs()).max(1) as i128
}

/// 128×128 → 256-bit product of magnitudes as (high, low).
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let (a1, a0) = (a >> 64, a & u128::from(u64::MAX));
    let (b1, b0) = (b >> 64, b & u128::from(u64::MAX));
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 & u128::from(u64::MAX)) + (p10 & u128::from(u64::MAX));
    let lo = (p00 & u128::from(u64::MAX)) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

// Checked operations return `Result`, which the `std::ops` traits cannot.
#[allow(clippy::should_implement_trait)]
impl Ratio {
    pub const ZERO: Ratio = Ratio { n: 0, d: 1 };
    pub const ONE: Ratio = Ratio { n: 1, d: 1 };

    /// An integer.
    pub const fn int(n: i64) -> Ratio {
        Ratio { n: n as i128, d: 1 }
    }

    /// `n / d` for constants already in lowest terms (checked in tests of the tables).
    pub const fn frac(n: i64, d: i64) -> Ratio {
        Ratio {
            n: n as i128,
            d: d as i128,
        }
    }

    /// `n / d`, reduced. `d` must not be zero.
    pub fn new(n: i128, d: i128) -> Exact {
        if d == 0 || d == i128::MIN || n == i128::MIN {
            return Err(Overflow);
        }
        let g = gcd_i(n, d);
        let (n, d) = (n / g, d / g);
        Ok(if d < 0 {
            Ratio { n: -n, d: -d }
        } else {
            Ratio { n, d }
        })
    }

    pub fn numer(self) -> i128 {
        self.n
    }

    pub fn denom(self) -> i128 {
        self.d
    }

    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    pub fn is_negative(self) -> bool {
        self.n < 0
    }

    pub fn abs(self) -> Ratio {
        Ratio {
            n: self.n.abs(),
            d: self.d,
        }
    }

    pub fn add(self, o: Ratio) -> Exact {
        let g = gcd_i(self.d, o.d);
        let (sd, od) = (self.d / g, o.d / g);
        let n = self
            .n
            .checked_mul(od)
            .and_then(|a| o.n.checked_mul(sd).and_then(|b| a.checked_add(b)))
            .ok_or(Overflow)?;
        Ratio::new(n, self.d.checked_mul(od).ok_or(Overflow)?)
    }

    pub fn sub(self, o: Ratio) -> Exact {
        self.add(Ratio { n: -o.n, d: o.d })
    }

    pub fn mul(self, o: Ratio) -> Exact {
        let g1 = gcd_i(self.n, o.d);
        let g2 = gcd_i(o.n, self.d);
        let n = (self.n / g1).checked_mul(o.n / g2).ok_or(Overflow)?;
        let d = (self.d / g2).checked_mul(o.d / g1).ok_or(Overflow)?;
        Ratio::new(n, d)
    }

    /// Division; dividing by zero is an [`Overflow`] (callers check for zero divisors first).
    pub fn div(self, o: Ratio) -> Exact {
        if o.n == 0 {
            return Err(Overflow);
        }
        self.mul(Ratio { n: o.d, d: o.n })
    }

    pub fn mul_int(self, k: i128) -> Exact {
        self.mul(Ratio::new(k, 1)?)
    }

    pub fn div_int(self, k: i128) -> Exact {
        self.div(Ratio::new(k, 1)?)
    }

    /// Sum of many values.
    pub fn sum(values: impl IntoIterator<Item = Ratio>) -> Exact {
        values.into_iter().try_fold(Ratio::ZERO, Ratio::add)
    }

    pub fn min(self, o: Ratio) -> Ratio {
        if o < self { o } else { self }
    }

    pub fn max(self, o: Ratio) -> Ratio {
        if o > self { o } else { self }
    }

    /// Round half away from zero (四舍五入) to `decimals` places: the one rounding step, applied
    /// to final totals only.
    pub fn round(self, decimals: u32) -> Result<Fixed, Overflow> {
        let scale = 10i128.checked_pow(decimals).ok_or(Overflow)?;
        let scaled = self
            .n
            .unsigned_abs()
            .checked_mul(scale as u128)
            .ok_or(Overflow)?;
        let d = self.d as u128;
        let (q, r) = (scaled / d, scaled % d);
        let q = if r >= d - r { q + 1 } else { q };
        let q = i128::try_from(q).map_err(|_| Overflow)?;
        Ok(Fixed {
            units: if self.n < 0 { -q } else { q },
            decimals,
        })
    }

    /// Whether the decimal expansion terminates (the denominator has only the factors 2 and 5).
    fn terminates(self) -> bool {
        let mut d = self.d;
        while d % 2 == 0 {
            d /= 2;
        }
        while d % 5 == 0 {
            d /= 5;
        }
        d == 1
    }

    /// The exact value as people read it: a decimal when it terminates (`28.5`), else a
    /// fraction (`2850/97`).
    pub fn exact_string(self) -> String {
        if self.terminates() {
            (0..=38)
                .find_map(|k| self.round(k).ok().filter(|f| f.to_ratio() == self))
                .map_or_else(|| format!("{}/{}", self.n, self.d), |f| f.trimmed())
        } else {
            format!("{}/{}", self.n, self.d)
        }
    }
}

impl Ord for Ratio {
    fn cmp(&self, o: &Ratio) -> Ordering {
        let (ls, rs) = (self.n.signum(), o.n.signum());
        if ls != rs {
            return ls.cmp(&rs);
        }
        let l = mul_wide(self.n.unsigned_abs(), o.d as u128);
        let r = mul_wide(o.n.unsigned_abs(), self.d as u128);
        if ls < 0 { r.cmp(&l) } else { l.cmp(&r) }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Ratio) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.exact_string())
    }
}

/// A rounded decimal: `units / 10^decimals`. The output of [`Ratio::round`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fixed {
    pub units: i128,
    pub decimals: u32,
}

impl Fixed {
    pub fn to_ratio(self) -> Ratio {
        Ratio::new(self.units, 10i128.pow(self.decimals)).unwrap_or(Ratio::ZERO)
    }

    /// Without trailing zeros (`28.5`, `30`).
    fn trimmed(self) -> String {
        let s = self.to_string();
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    }
}

impl fmt::Display for Fixed {
    /// All decimals shown (`28.50`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let abs = self.units.unsigned_abs();
        if self.decimals == 0 {
            return write!(f, "{sign}{abs}");
        }
        let scale = 10u128.pow(self.decimals);
        let width = self.decimals as usize;
        write!(f, "{sign}{}.{:0width$}", abs / scale, abs % scale)
    }
}

/// Parse a plain decimal (`"12"`, `"-3.25"`) with at most `max_decimals` places and an
/// integer part of at most 15 digits (the documented input limit).
pub fn parse_decimal(s: &str, max_decimals: u32) -> Result<Ratio, String> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !ok(int) || !ok(frac) || (digits.contains('.') && frac.is_empty()) {
        return Err(format!("{s:?} is not a decimal number like 12.5"));
    }
    if frac.len() > max_decimals as usize {
        return Err(format!("{s:?} has more than {max_decimals} decimals"));
    }
    if int.trim_start_matches('0').len() > 15 {
        return Err(format!("{s:?} is too large"));
    }
    let units: i128 = format!("{int}{frac}")
        .parse()
        .map_err(|_| format!("{s:?} is too large"))?;
    let r = Ratio::new(units, 10i128.pow(frac.len() as u32)).map_err(|e| e.to_string())?;
    Ok(if neg { Ratio { n: -r.n, d: r.d } } else { r })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Ratio {
        Ratio::new(n, d).unwrap()
    }

    #[test]
    fn reduces_and_orders() {
        assert_eq!(r(6, -4), r(-3, 2));
        assert!(r(1, 3) < r(34, 100));
        assert!(r(-1, 3) > r(-34, 100));
        assert_eq!(r(1, 3).add(r(1, 6)).unwrap(), r(1, 2));
        assert_eq!(r(2, 3).mul(r(9, 4)).unwrap(), r(3, 2));
        assert_eq!(r(2, 3).div(Ratio::ZERO), Err(Overflow));
    }

    #[test]
    fn comparison_does_not_overflow() {
        let big = r(i128::MAX - 1, 1);
        let tiny = r(1, i128::MAX - 1);
        assert!(big > tiny);
        assert!(r(i128::MAX - 2, i128::MAX - 1) < Ratio::ONE);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(r(2850, 100).round(2).unwrap().to_string(), "28.50");
        assert_eq!(r(1, 200).round(2).unwrap().to_string(), "0.01");
        assert_eq!(r(-1, 200).round(2).unwrap().to_string(), "-0.01");
        assert_eq!(r(1, 3).round(2).unwrap().to_string(), "0.33");
        assert_eq!(r(2, 3).round(0).unwrap().to_string(), "1");
    }

    #[test]
    fn exact_strings() {
        assert_eq!(r(57, 2).exact_string(), "28.5");
        assert_eq!(r(30, 1).exact_string(), "30");
        assert_eq!(r(2850, 97).exact_string(), "2850/97");
    }

    #[test]
    fn parses_decimals() {
        assert_eq!(parse_decimal("12.50", 4).unwrap(), r(25, 2));
        assert_eq!(parse_decimal("-0.5", 4).unwrap(), r(-1, 2));
        assert!(parse_decimal("1.23456", 4).is_err());
        assert!(parse_decimal("1.", 4).is_err());
        assert!(parse_decimal("1e3", 4).is_err());
        assert!(parse_decimal("", 4).is_err());
    }
}
