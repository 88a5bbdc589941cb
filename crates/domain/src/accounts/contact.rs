//! How to reach an organisation: its contact's phone and e-mail address, parsed on the way
//! in. Kept in the organisation's stream, which is never public: only the organisation itself
//! and center staff read it.

use serde::{Deserialize, Serialize};

use crate::accounts::ids::display_name;
use crate::values::ValueError;

/// A phone number in mainland China: a mobile number (11 digits, `1[3-9]…`) or a fixed line
/// with its area code (`0` + 9 to 11 digits), written with or without spaces and dashes,
/// with or without `+86`. Stored as digits only (a fixed line keeps one dash after its area
/// code when it was typed with one).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Result<Phone, ValueError> {
        let bad = || {
            ValueError::new(
                "phone",
                format!(
                    "{s:?}: a mobile number (11 digits, 1…) or a fixed line with its area code (0…)"
                ),
            )
        };
        let t = s.trim();
        let t = t
            .strip_prefix("+86")
            .or_else(|| t.strip_prefix("0086"))
            .unwrap_or(t);
        if !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        {
            return Err(bad());
        }
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        let mobile = digits.len() == 11
            && digits.starts_with('1')
            && matches!(digits.as_bytes()[1], b'3'..=b'9');
        let fixed = digits.starts_with('0') && (10..=12).contains(&digits.len());
        match (mobile, fixed) {
            (true, _) => Ok(Phone(digits)),
            (_, true) => {
                // keep the area code apart when it was typed apart: 0571-88888888
                let shown = match t.trim().split_once(['-', ' ']) {
                    Some((area, rest)) if (3..=4).contains(&area.len()) => {
                        let rest: String = rest.chars().filter(char::is_ascii_digit).collect();
                        format!("{area}-{rest}")
                    }
                    _ => digits,
                };
                Ok(Phone(shown))
            }
            _ => Err(bad()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A mobile number, which can receive a text message.
    pub fn is_mobile(&self) -> bool {
        self.0.starts_with('1')
    }
}

/// An e-mail address: one `@`, a local part and a domain with a dot, at most 254 characters,
/// no spaces. Stored as typed, with the domain in lower case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Email, ValueError> {
        let t = s.trim();
        let ok = |local: &str, domain: &str| {
            !local.is_empty()
                && local.len() <= 64
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && domain
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        };
        match t.split_once('@') {
            Some((local, domain))
                if t.len() <= 254
                    && !t.chars().any(|c| c.is_whitespace() || c.is_control())
                    && !domain.contains('@')
                    && ok(local, domain) =>
            {
                Ok(Email(format!("{local}@{}", domain.to_lowercase())))
            }
            _ => Err(ValueError::new(
                "email",
                format!("{t:?}: an address like name@example.com"),
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::values::string_conversions!(Phone, Email);

/// An organisation's contact for the center (联系人): who, and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: Phone,
    #[serde(default)]
    pub email: Option<Email>,
}

impl Contact {
    pub(crate) fn checked(&self) -> Result<Contact, ValueError> {
        Ok(Contact {
            name: display_name("contact name", &self.name, 100)?,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_as_people_write_them() {
        let ok = |s: &str| Phone::parse(s).unwrap().as_str().to_owned();
        assert_eq!(ok("13800138000"), "13800138000");
        assert_eq!(ok("+86 138 0013 8000"), "13800138000");
        assert_eq!(ok("138-0013-8000"), "13800138000");
        assert_eq!(ok("0571-88888888"), "0571-88888888");
        assert_eq!(ok("057188888888"), "057188888888");
        assert!(Phone::parse("13800138000").unwrap().is_mobile());
        assert!(!Phone::parse("0571-88888888").unwrap().is_mobile());
        for bad in [
            "",
            "12345",
            "12800138000",
            "1380013800",
            "138001380001",
            "tel:138",
            "0571",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_have_a_local_part_and_a_domain() {
        assert_eq!(
            Email::parse(" Li.Na@Example.COM ").unwrap().as_str(),
            "Li.Na@example.com"
        );
        assert!(Email::parse("张三@例子.中国").is_ok());
        for bad in [
            "", "a", "a@b", "@b.cn", "a@b..cn", "a b@c.cn", "a@b@c.cn", "a@.cn",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
