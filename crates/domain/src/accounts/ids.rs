//! Ids of people and posts (also their stream ids), and the names people read.

use serde::{Deserialize, Serialize};

use crate::values::ValueError;

macro_rules! account_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        crate::values::string_schema!($name, "^[a-z0-9._-]{1,64}$", concat!($field, ": 1-64 of a-z 0-9 - _ ."));

        impl $name {
            /// 1..=64 characters of `a-z 0-9 - _ .`, lower case so that a sign-in name
            /// cannot exist twice in different cases.
            pub fn parse(s: &str) -> Result<$name, ValueError> {
                let ok = !s.is_empty()
                    && s.len() <= 64
                    && s.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
                    });
                if ok {
                    Ok($name(s.to_owned()))
                } else {
                    Err(ValueError {
                        field: $field,
                        reason: format!("{s:?}: use 1-64 of a-z 0-9 - _ ."),
                    })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        $crate::values::string_conversions!($name);
    };
}

account_id!(
    /// A person's id: the sign-in name, also the stream id and `Actor::id`.
    PersonId,
    "person id"
);
account_id!(
    /// A staff post (岗位), e.g. `acceptance`, `venue`, `publication`, `witness`; also the
    /// post's stream id.
    PostId,
    "post id"
);

/// A name people read (an organisation's, a person's): trimmed, 1..=`max` characters, no
/// control characters.
pub(crate) fn display_name(field: &'static str, s: &str, max: usize) -> Result<String, ValueError> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > max || t.chars().any(char::is_control) {
        return Err(ValueError {
            field,
            reason: format!("1 to {max} characters, no control characters"),
        });
    }
    Ok(t.to_owned())
}
