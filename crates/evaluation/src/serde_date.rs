//! Dates as `YYYY-MM-DD` in JSON.

time::serde::format_description!(pub date_format, Date, "[year]-[month]-[day]");

pub use date_format::{deserialize, serialize};

/// `Option<Date>` as `YYYY-MM-DD` or absent.
pub mod option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::Date;

    #[derive(Serialize, Deserialize)]
    struct Wrap(#[serde(with = "super::date_format")] Date);

    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        d.map(Wrap).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }
}
