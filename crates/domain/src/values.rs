//! Parsed value types: built by parsing (`parse`, `TryFrom`), never validated afterwards.
//! Every type serialises to JSON without floats.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

mod regions;
pub use regions::known_regions;
mod uscc;
pub use uscc::{UnifiedSocialCreditCode, UsccError, check_character};

/// Why a value did not parse. `field` names the value type, `reason` says what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field}: {reason}")]
pub struct ValueError {
    pub field: &'static str,
    pub reason: String,
}

impl ValueError {
    pub(crate) fn new(field: &'static str, reason: impl Into<String>) -> ValueError {
        ValueError {
            field,
            reason: reason.into(),
        }
    }
}

/// A string value type as the API document describes it: a JSON string matching `$pattern`
/// (what `parse` accepts), or, where `$format` names a rule a pattern cannot state, that
/// format alone (generators such as schemathesis then use the format's own strategy, which a
/// pattern beside it would override; the description still spells the shape out).
macro_rules! string_schema {
    ($t:ty, $pattern:expr, $description:expr) => {
        $crate::values::string_schema!($t, $pattern, $description, None::<&str>);
    };
    ($t:ty, $pattern:expr, $description:expr, $format:expr) => {
        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern($format.is_none().then_some($pattern))
                    .format($format.map(|f: &str| SchemaFormat::Custom(f.into())))
                    .description(Some($description))
                    .into()
            }
        }

        impl utoipa::ToSchema for $t {}
    };
}
pub(crate) use string_schema;

/// An amount of money in integer fen (分). Never `f64` (design.md principle 7).
/// Parses yuan strings such as `"123.45"`, `"-3"`, `"10000000"`; displays as yuan with two
/// decimals. Serialises as the integer number of fen.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    /// Whole yuan; saturates instead of overflowing (only used for constants and tests).
    pub const fn from_yuan(yuan: i64) -> Money {
        Money(yuan.saturating_mul(100))
    }

    /// 万元 (ten thousand yuan), the unit thresholds are written in.
    pub const fn from_wan(wan: i64) -> Money {
        Money(wan.saturating_mul(1_000_000))
    }

    pub const fn fen(self) -> i64 {
        self.0
    }
}

impl FromStr for Money {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Money, ValueError> {
        let bad = |why: &str| ValueError::new("money", format!("{why}: {s:?}"));
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("expected yuan like 123.45"));
        }
        if digits.contains('.') && frac.is_empty() {
            return Err(bad("missing digits after the decimal point"));
        }
        if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("at most two decimals (fen)"));
        }
        let yuan: i64 = int.parse().map_err(|_| bad("too large"))?;
        let mut fen_part: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad("bad decimals"))?
        };
        if frac.len() == 1 {
            fen_part *= 10;
        }
        let total = yuan
            .checked_mul(100)
            .and_then(|v| v.checked_add(fen_part))
            .ok_or_else(|| bad("too large"))?;
        Ok(Money(if negative { -total } else { total }))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// `TryFrom<String>` through `parse`, `Into<String>` and `Display` for string newtypes
/// (`struct X(String)` with `X::parse(&str) -> Result<X, ValueError>`).
macro_rules! string_conversions {
    ($($name:ident),*) => {$(
        impl TryFrom<String> for $name {
            type Error = $crate::values::ValueError;
            fn try_from(s: String) -> Result<Self, $crate::values::ValueError> {
                $name::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
pub(crate) use string_conversions;

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        string_schema!($name, "^[A-Za-z0-9._-]{1,64}$", concat!($field, ": 1-64 of A-Z a-z 0-9 - _ ."));

        impl $name {
            /// 1..=64 characters of `A-Z a-z 0-9 - _ .`
            pub fn parse(s: &str) -> Result<$name, ValueError> {
                let ok = !s.is_empty()
                    && s.len() <= 64
                    && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
                if ok { Ok($name(s.to_owned())) } else { Err(ValueError::new($field, format!("{s:?}: use 1-64 of A-Z a-z 0-9 - _ ."))) }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        $crate::values::string_conversions!($name);
    };
}

text_id!(
    /// The id of a trade (one procurement or tendering project); also its stream id.
    TradeId,
    "trade id"
);
text_id!(
    /// The id of a room (opening room 开标室 or evaluation room 评标室); also its stream id.
    RoomId,
    "room id"
);

/// A 6-digit administrative division code (GB/T 2260), e.g. `"330100"`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

string_schema!(
    RegionCode,
    "^(0[1-9]|[1-9][0-9])[0-9]{4}$",
    "administrative division code (GB/T 2260): 6 digits"
);

impl RegionCode {
    pub fn parse(s: &str) -> Result<RegionCode, ValueError> {
        let ok = s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with("00");
        if ok {
            Ok(RegionCode(s.to_owned()))
        } else {
            Err(ValueError::new(
                "region code",
                format!("{s:?}: 6 digits (GB/T 2260)"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RegionCode {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        RegionCode::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(v: RegionCode) -> String {
        v.0
    }
}

/// A SHA-256 digest as 64 lower-case hex characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Hex(String);

string_schema!(Sha256Hex, "^[0-9a-fA-F]{64}$", "SHA-256: 64 hex characters");

impl Sha256Hex {
    pub fn parse(s: &str) -> Result<Sha256Hex, ValueError> {
        let lower = s.to_ascii_lowercase();
        if lower.len() == 64 && lower.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Sha256Hex(lower))
        } else {
            Err(ValueError::new(
                "sha256",
                format!("{s:?}: 64 hex characters"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sha256Hex {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        Sha256Hex::parse(&s)
    }
}

impl From<Sha256Hex> for String {
    fn from(v: Sha256Hex) -> String {
        v.0
    }
}

impl fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stored file (document, sealed bid, report, pledge) named by its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BlobRef {
    pub sha256: Sha256Hex,
    pub size: u64,
    pub name: String,
}

impl BlobRef {
    pub fn new(sha256: &str, size: u64, name: impl Into<String>) -> Result<BlobRef, ValueError> {
        let name = name.into();
        if name.trim().is_empty() || name.len() > 255 || name.contains(['/', '\\', '\0']) {
            return Err(ValueError::new(
                "file name",
                format!("{name:?}: 1-255 characters, no path separators"),
            ));
        }
        Ok(BlobRef {
            sha256: Sha256Hex::parse(sha256)?,
            size,
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_yuan_without_floats() {
        assert_eq!("123.45".parse::<Money>().unwrap().fen(), 12345);
        assert_eq!("0.1".parse::<Money>().unwrap().fen(), 10);
        assert_eq!("0.01".parse::<Money>().unwrap().fen(), 1);
        assert_eq!("-3".parse::<Money>().unwrap().fen(), -300);
        assert_eq!("10000000".parse::<Money>().unwrap(), Money::from_wan(1000));
        for bad in [
            "",
            "1.",
            ".5",
            "1.234",
            "1,000",
            "abc",
            "1e3",
            "--1",
            "99999999999999999999",
        ] {
            assert!(bad.parse::<Money>().is_err(), "{bad}");
        }
        assert_eq!(Money::from_fen(12345).to_string(), "123.45");
        assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
        assert_eq!(
            serde_json::to_string(&Money::from_fen(12345)).unwrap(),
            "12345"
        );
    }

    #[test]
    fn ids_regions_and_blobs() {
        assert!(TradeId::parse("T-2026-0001").is_ok());
        assert!(TradeId::parse("a b").is_err());
        assert!(RegionCode::parse("330100").is_ok());
        assert!(RegionCode::parse("33010").is_err());
        assert!(BlobRef::new(&"ab".repeat(32), 10, "x.pdf").is_ok());
        assert!(BlobRef::new(&"ab".repeat(31), 10, "x.pdf").is_err());
        assert!(BlobRef::new(&"ab".repeat(32), 10, "../x.pdf").is_err());
    }

    proptest::proptest! {
        #[test]
        fn money_display_round_trips(fen in -1_000_000_000_000i64..1_000_000_000_000i64) {
            let m = Money::from_fen(fen);
            proptest::prop_assert_eq!(m.to_string().parse::<Money>().unwrap(), m);
        }
    }
}
