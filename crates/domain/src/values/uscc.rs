//! 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters in five parts,
//! each checked here, so a code that parses could have been issued:
//!
//! | position | part | check |
//! |---|---|---|
//! | 1 | 登记管理部门码 (registering department) | one of the assigned departments |
//! | 2 | 机构类别码 (kind of organisation) | one of the department's kinds |
//! | 3-8 | 登记管理机关行政区划码 (GB/T 2260) | six digits |
//! | 9-17 | 主体标识码 (the organisation code, GB 11714) | its own check character, position 17 |
//! | 18 | 校验码 | GB 32100 §5: weights 3^(i-1) mod 31 over the 31-character set |

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ValueError;

/// The 31 characters of GB 32100-2015 (no I, O, S, V, Z), in value order.
pub(crate) const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1..=17: 3^(i-1) mod 31 (GB 32100-2015 §5).
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// Weights of the organisation code's eight body characters (GB 11714-1997 §5).
const ORG_CODE_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Position 1 and the kinds (position 2) each department registers. The 2015 text assigns
/// 1 机构编制 (机关, 事业单位, 群众团体, 其他), 5 民政 (社会团体, 民办非企业单位, 基金会, 其他),
/// 9 工商 (企业, 个体工商户, 农民专业合作社) and Y 其他; the departments assigned since (2 外交,
/// 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 中央军委改革和编制办公室, N 农业) keep lists that
/// grow, so their kind is checked only to be a digit 1-9.
const DEPARTMENTS: &[(u8, &[u8])] = &[
    (b'1', b"1239"),
    (b'5', b"1239"),
    (b'9', b"123"),
    (b'Y', b"1"),
    (b'2', ANY_KIND),
    (b'3', ANY_KIND),
    (b'4', ANY_KIND),
    (b'6', ANY_KIND),
    (b'7', ANY_KIND),
    (b'8', ANY_KIND),
    (b'A', ANY_KIND),
    (b'N', ANY_KIND),
];
const ANY_KIND: &[u8] = b"123456789";

/// Why a string is not a unified social credit code; positions count from 1. Each variant
/// has a stable code ([`UsccError::code`]) that forms turn into a message naming the part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("a unified social credit code has 18 characters, not {chars}")]
    Length { chars: usize },
    #[error(
        "character {position} ({found}) is not used in unified social credit codes (digits and capital letters without I, O, S, V, Z)"
    )]
    Character { position: usize, found: char },
    #[error("character 1 ({found}) names no registering department (GB 32100-2015 §4.1)")]
    Department { found: char },
    #[error(
        "character 2 ({found}) is no kind of organisation that department {department} registers (GB 32100-2015 §4.2)"
    )]
    Kind { department: char, found: char },
    #[error("characters 3-8 ({found}) must be the six digits of a region code (GB/T 2260)")]
    Region { found: String },
    #[error(
        "character 17 is {found}, but the organisation code's check character is {expected} (GB 11714)"
    )]
    OrgCodeCheck { found: char, expected: char },
    #[error("character 18 is {found}, but GB 32100-2015 requires the check character {expected}")]
    Check { found: char, expected: char },
}

impl UsccError {
    /// A stable machine code, `uscc.*`.
    pub fn code(&self) -> &'static str {
        match self {
            UsccError::Length { .. } => "uscc.length",
            UsccError::Character { .. } => "uscc.character",
            UsccError::Department { .. } => "uscc.department",
            UsccError::Kind { .. } => "uscc.kind",
            UsccError::Region { .. } => "uscc.region",
            UsccError::OrgCodeCheck { .. } => "uscc.org_code_check",
            UsccError::Check { .. } => "uscc.check",
        }
    }
}

/// 统一社会信用代码 (unified social credit code, GB 32100-2015), every part checked (see the
/// module docs). Stored upper case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnifiedSocialCreditCode(String);

crate::values::string_schema!(
    UnifiedSocialCreditCode,
    "^[1-9ANY][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    "unified social credit code (GB 32100-2015, format `uscc`): 18 characters of 0-9 and A-Y without I, O, S, V, Z: a registering department and its kind of organisation, six region digits, the organisation code with its GB 11714 check character, and a check character over the first 17",
    Some("uscc")
);

impl UnifiedSocialCreditCode {
    pub fn parse(s: &str) -> Result<UnifiedSocialCreditCode, ValueError> {
        Self::check(s).map_err(|e| ValueError::new("unified social credit code", e.to_string()))
    }

    /// [`UnifiedSocialCreditCode::parse`] with the reason as a [`UsccError`] (for a form that
    /// names the wrong part).
    pub fn check(s: &str) -> Result<UnifiedSocialCreditCode, UsccError> {
        let code = s.trim().to_ascii_uppercase();
        let chars = code.chars().count();
        if chars != 18 {
            return Err(UsccError::Length { chars });
        }
        if let Some((i, found)) = code
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii() || !USCC_CHARSET.contains(&(*c as u8)))
        {
            return Err(UsccError::Character {
                position: i + 1,
                found,
            });
        }
        let bytes = code.as_bytes();
        let (department, kind) = (bytes[0], bytes[1]);
        let kinds = DEPARTMENTS
            .iter()
            .find(|(d, _)| *d == department)
            .map(|(_, k)| *k)
            .ok_or(UsccError::Department {
                found: department as char,
            })?;
        if !kinds.contains(&kind) {
            return Err(UsccError::Kind {
                department: department as char,
                found: kind as char,
            });
        }
        if !bytes[2..8].iter().all(u8::is_ascii_digit) {
            return Err(UsccError::Region {
                found: code[2..8].to_owned(),
            });
        }
        let expected = org_code_check(&code[8..16]);
        if bytes[16] as char != expected {
            return Err(UsccError::OrgCodeCheck {
                found: bytes[16] as char,
                expected,
            });
        }
        let expected = check_character(&code[..17]).expect("17 characters of the set");
        if bytes[17] as char != expected {
            return Err(UsccError::Check {
                found: bytes[17] as char,
                expected,
            });
        }
        Ok(UnifiedSocialCreditCode(code))
    }

    /// The code whose first 16 characters are `first16`: appends the organisation code's
    /// check character and then the code's own (for made-up codes in tests and the demo).
    pub fn complete(first16: &str) -> Result<UnifiedSocialCreditCode, UsccError> {
        let first16 = first16.trim().to_ascii_uppercase();
        if first16.len() != 16 || !first16.bytes().all(|b| USCC_CHARSET.contains(&b)) {
            return Self::check(&first16);
        }
        let first17 = format!("{first16}{}", org_code_check(&first16[8..16]));
        let last = check_character(&first17).expect("17 characters of the set");
        Self::check(&format!("{first17}{last}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The GB 32100-2015 check character of the first 17 characters, or `None` if `first17` is not
/// 17 characters of the code's character set.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in bytes.iter().zip(USCC_WEIGHTS) {
        let value = USCC_CHARSET.iter().position(|c| c == b)? as u32;
        sum += value * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(USCC_CHARSET[check as usize] as char)
}

/// GB 11714's check character of an organisation code's eight body characters: digits count
/// as themselves, letters A..Z as 10..35; `11 - sum mod 11`, written X for 10 and 0 for 11.
fn org_code_check(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .zip(ORG_CODE_WEIGHTS)
        .map(|(b, w)| {
            let v = if b.is_ascii_digit() {
                u32::from(b - b'0')
            } else {
                u32::from(b - b'A') + 10
            };
            v * w
        })
        .sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from_digit(c, 10).expect("below 10"),
    }
}

impl TryFrom<String> for UnifiedSocialCreditCode {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        UnifiedSocialCreditCode::parse(&s)
    }
}

impl From<UnifiedSocialCreditCode> for String {
    fn from(c: UnifiedSocialCreditCode) -> String {
        c.0
    }
}

impl FromStr for UnifiedSocialCreditCode {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        UnifiedSocialCreditCode::parse(s)
    }
}

impl fmt::Display for UnifiedSocialCreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes as issued: the standard's own example (福建), companies (91) registered in
    /// 深圳, 杭州 and 北京, a public institution (12) registered nationally.
    const REAL: [&str; 6] = [
        "91350100M000100Y43",
        "914403001922038216",
        "9144030071526726XG",
        "91330100799655058B",
        "91110108551385082Q",
        "12100000400000624D",
    ];

    #[test]
    fn real_codes_parse_and_every_part_is_checked() {
        for ok in REAL {
            assert!(UnifiedSocialCreditCode::check(ok).is_ok(), "{ok}");
        }
        let lower = UnifiedSocialCreditCode::parse(" 9144030071526726xg ").unwrap();
        assert_eq!(lower.as_str(), "9144030071526726XG");
        let refused = |s: &str| UnifiedSocialCreditCode::check(s).unwrap_err().code();
        assert_eq!(refused("91350100M000100Y4"), "uscc.length");
        assert_eq!(refused("91350100M000100Y433"), "uscc.length");
        assert_eq!(refused("9135010OM000100Y43"), "uscc.character");
        assert_eq!(
            refused("统一社会信用代码统一社会信用代码统一"),
            "uscc.character"
        );
        // Each part wrong, with the check character recomputed so only that part fails.
        let with_check = |first17: &str| format!("{first17}{}", check_character(first17).unwrap());
        assert_eq!(refused(&with_check("B1350100M000100Y4")), "uscc.department");
        assert_eq!(refused(&with_check("94350100M000100Y4")), "uscc.kind");
        assert_eq!(refused(&with_check("91A50100M000100Y4")), "uscc.region");
        assert_eq!(
            refused(&with_check("91350100M000100Y5")),
            "uscc.org_code_check"
        );
        assert_eq!(refused("91350100M000100Y44"), "uscc.check");
        assert_eq!(refused("914403001922038217"), "uscc.check");
    }

    #[test]
    fn the_reason_names_the_part_and_the_expected_character() {
        let e = UnifiedSocialCreditCode::check("914403001922038217").unwrap_err();
        assert_eq!(
            e,
            UsccError::Check {
                found: '7',
                expected: '6'
            }
        );
        let e = UnifiedSocialCreditCode::parse("91350100M000100Y44").unwrap_err();
        assert!(e.reason.contains("GB 32100-2015"), "{e}");
    }

    #[test]
    fn complete_appends_both_check_characters() {
        for real in REAL {
            let made = UnifiedSocialCreditCode::complete(&real[..16]).unwrap();
            assert_eq!(made.as_str(), real);
        }
        assert_eq!(
            UnifiedSocialCreditCode::complete("B1350100M000100Y")
                .unwrap_err()
                .code(),
            "uscc.department"
        );
    }

    #[test]
    fn serde_round_trips_and_refuses_bad_codes() {
        let code = UnifiedSocialCreditCode::parse("914403001922038216").unwrap();
        assert_eq!(
            serde_json::to_string(&code).unwrap(),
            "\"914403001922038216\""
        );
        assert!(serde_json::from_str::<UnifiedSocialCreditCode>("\"914403001922038217\"").is_err());
    }

    proptest::proptest! {
        #[test]
        fn one_changed_character_is_refused(pos in 0usize..18, delta in 1usize..31) {
            let code = "914403001922038216";
            let mut bytes = code.as_bytes().to_vec();
            let idx = USCC_CHARSET.iter().position(|c| *c == bytes[pos]).unwrap();
            bytes[pos] = USCC_CHARSET[(idx + delta) % 31];
            let changed = String::from_utf8(bytes).unwrap();
            proptest::prop_assert!(UnifiedSocialCreditCode::parse(&changed).is_err());
        }
    }
}
