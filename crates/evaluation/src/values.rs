//! Parsed input values. JSON carries decimals as strings (`"25.5"`, `"10%"`, `"1000000.00"`),
//! never as floats, so that what the documents say is what is computed.

use std::fmt;

use domain::Money;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::num::{Ratio, parse_decimal};

/// Most decimals accepted in points and scores.
pub const POINT_DECIMALS: u32 = 4;
/// Most decimals accepted in a percentage (`"2.3456%"`).
pub const PERCENT_DECIMALS: u32 = 4;
/// Largest price accepted: 100亿元 (10^12 fen), the documented input limit.
pub const MAX_PRICE_FEN: i64 = 1_000_000_000_000;

/// Points or a score: a decimal with at most [`POINT_DECIMALS`] places. JSON: a string
/// (`"25.5"`) or an integer (`30`); floats are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dec(pub Ratio);

impl Dec {
    pub fn parse(s: &str) -> Result<Dec, String> {
        parse_decimal(s.trim(), POINT_DECIMALS).map(Dec)
    }
}

/// A percentage, held as the fraction (`"10%"` is 1/10). JSON: a string ending in `%`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(pub Ratio);

impl Percent {
    pub const fn of(n: i64, d: i64) -> Percent {
        Percent(Ratio::frac(n, d))
    }

    pub fn parse(s: &str) -> Result<Percent, String> {
        let body = s
            .trim()
            .strip_suffix('%')
            .ok_or_else(|| format!("{s:?}: write a percentage like \"10%\""))?;
        let r = parse_decimal(body.trim(), PERCENT_DECIMALS)?;
        if r.is_negative() || r > Ratio::int(100) {
            return Err(format!("{s:?} is not between 0% and 100%"));
        }
        r.div_int(100).map(Percent).map_err(|e| e.to_string())
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.0.mul_int(100).unwrap_or(Ratio::ZERO);
        write!(f, "{}%", p.exact_string())
    }
}

/// A positive price in fen, at most [`MAX_PRICE_FEN`]. JSON: yuan as a string
/// (`"1000000.00"`); integers are refused because yuan or fen would be ambiguous.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Price(pub Money);

impl Price {
    pub fn parse(s: &str) -> Result<Price, String> {
        let m = signed_amount(s)?;
        if m.fen() <= 0 {
            return Err(format!("{s:?}: a price must be above zero"));
        }
        Ok(Price(m))
    }

    pub fn fen(self) -> i64 {
        self.0.fen()
    }

    pub fn ratio(self) -> Ratio {
        Ratio::int(self.0.fen())
    }
}

/// A signed amount of money (an evaluation adjustment). JSON: yuan as a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub Money);

fn signed_amount(s: &str) -> Result<Money, String> {
    let m: Money = s
        .trim()
        .parse()
        .map_err(|e: domain::ValueError| e.to_string())?;
    if m.fen().abs() > MAX_PRICE_FEN {
        return Err(format!("{s:?} is above the limit of 100亿元"));
    }
    Ok(m)
}

/// Money in fen as yuan with two decimals, exact (`1234.5` fen shown as `12.345`).
pub fn yuan(fen: Ratio) -> String {
    fen.div_int(100)
        .map_or_else(|_| fen.to_string(), |y| fixed_or_exact(y, 2))
}

/// At least `min` decimals when the value terminates, else the fraction.
pub fn fixed_or_exact(r: Ratio, min: u32) -> String {
    match r.round(min) {
        Ok(f) if f.to_ratio() == r => f.to_string(),
        _ => r.exact_string(),
    }
}

struct StrVisitor(&'static str, bool);

impl Visitor<'_> for StrVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        if self.1 {
            Ok(v.to_string())
        } else {
            Err(E::custom(format!("{v}: write {} as a string", self.0)))
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        if self.1 {
            Ok(v.to_string())
        } else {
            Err(E::custom(format!("{v}: write {} as a string", self.0)))
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(E::custom(format!(
            "{v}: write {} as a string, never as a float",
            self.0
        )))
    }
}

macro_rules! string_serde {
    ($t:ty, $what:literal, $ints:literal, $show:expr) => {
        string_serde!($t, $what, $ints, $show, None::<&str>);
    };
    ($t:ty, $what:literal, $ints:literal, $show:expr, $pattern:expr) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let s = d.deserialize_any(StrVisitor($what, $ints))?;
                <$t>::parse(&s).map_err(de::Error::custom)
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let show: fn(&$t) -> String = $show;
                s.serialize_str(&show(self))
            }
        }
        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::Type::String)
                    .description(Some(concat!("A decimal string: ", $what, ".")))
                    .pattern($pattern)
                    .into()
            }
        }
        impl utoipa::ToSchema for $t {}
    };
}

impl Amount {
    pub fn parse(s: &str) -> Result<Amount, String> {
        signed_amount(s).map(Amount)
    }
}

// At most POINT_DECIMALS (4) decimals.
string_serde!(
    Dec,
    "points like \"25.5\"",
    true,
    |d| d.0.exact_string(),
    Some(r"^-?[0-9]{1,15}(\.[0-9]{1,4})?$")
);
// 0% to 100% with at most PERCENT_DECIMALS (4) decimals.
string_serde!(
    Percent,
    "a percentage like \"10%\"",
    false,
    |p| p.to_string(),
    Some(r"^(100(\.0{1,4})?|[0-9]{1,2}(\.[0-9]{1,4})?)%$")
);
// Above zero, at most 100亿元 (ten integer digits keep it under the limit), fen at most.
string_serde!(
    Price,
    "yuan like \"1000000.00\"",
    false,
    |p| p.0.to_string(),
    Some(r"^([1-9][0-9]{0,9}(\.[0-9]{1,2})?|0\.([1-9][0-9]?|0[1-9]))$")
);
string_serde!(
    Amount,
    "yuan like \"-5000.00\"",
    false,
    |a| a.0.to_string(),
    Some(r"^-?[0-9]{1,10}(\.[0-9]{1,2})?$")
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shapes() {
        let d: Dec = serde_json::from_str("\"25.5\"").unwrap();
        assert_eq!(d.0, Ratio::frac(51, 2));
        let d: Dec = serde_json::from_str("30").unwrap();
        assert_eq!(d.0, Ratio::int(30));
        assert!(serde_json::from_str::<Dec>("25.5").is_err());
        let p: Percent = serde_json::from_str("\"12.5%\"").unwrap();
        assert_eq!(p, Percent::of(1, 8));
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"12.5%\"");
        assert!(serde_json::from_str::<Percent>("\"12.5\"").is_err());
        assert!(serde_json::from_str::<Percent>("\"120%\"").is_err());
        let m: Price = serde_json::from_str("\"950000.00\"").unwrap();
        assert_eq!(m.fen(), 95_000_000);
        assert!(serde_json::from_str::<Price>("950000").is_err());
        assert!(serde_json::from_str::<Price>("\"0\"").is_err());
        assert!(serde_json::from_str::<Price>("\"10000000001.00\"").is_err());
    }

    #[test]
    fn yuan_display() {
        assert_eq!(yuan(Ratio::int(95_000_000)), "950000.00");
        assert_eq!(yuan(Ratio::frac(1, 3)), "1/300");
    }
}
