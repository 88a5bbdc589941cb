//! JSON shapes of times: instants as RFC 3339 strings (with their offset), dates as
//! `YYYY-MM-DD`. Never numbers, never floats.

time::serde::format_description!(pub date, Date, "[year]-[month]-[day]");

/// `Option<Date>` as `YYYY-MM-DD` or null.
pub mod option_date {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::Date;

    #[derive(Serialize, Deserialize)]
    struct Wrap(#[serde(with = "super::date")] Date);

    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        d.map(Wrap).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }
}

pub use time::serde::rfc3339 as instant;
pub use time::serde::rfc3339::option as option_instant;
