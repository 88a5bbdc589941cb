//! Pieces every page shares: who is reading, the flash message after a form, the catalogue
//! for scripts, Beijing-time form fields, scripts served as files.
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::{Actor, Role};

use super::Tr;
use super::session::PageSession;
use crate::Shared;
use crate::i18n::{Lang, catalogue};

/// The signed-in person as the pages show them.
pub struct Viewer {
    pub person: String,
    pub name: String,
    pub role_label: String,
    pub org: Option<String>,
    pub org_name: String,
    pub csrf: String,
}

pub async fn viewer(p: &Shared, t: &Tr, session: &PageSession) -> Option<Viewer> {
    let (_, info) = session.0.as_ref()?;
    let who = app::queries::who(p, &info.actor).await;
    Some(Viewer {
        person: who.person,
        name: who.name,
        role_label: t
            .s(&format!("role.{}", info.actor.role.as_str()))
            .to_owned(),
        org: who.org,
        org_name: who.org_name,
        csrf: info.csrf.clone(),
    })
}

/// The reader as the app judges them: the signed-in actor, or the public.
pub fn actor(session: &PageSession) -> Actor {
    session
        .0
        .as_ref()
        .map(|(_, info)| info.actor.clone())
        .unwrap_or_else(|| Actor::new("public", Role::Public))
}

/// What a form's redirect says happened: `?done=` (a failed form shows an error page).
#[derive(serde::Deserialize, Default)]
pub struct Flash {
    pub done: Option<String>,
    pub seq: Option<u64>,
}

impl Flash {
    /// The query, or nothing when it does not parse (a hand-edited address).
    pub fn from(q: Result<axum::extract::Query<Flash>, impl std::fmt::Debug>) -> Flash {
        q.map(|axum::extract::Query(f)| f).unwrap_or_default()
    }

    /// The done message under `prefix` (`ui.opening.done.` + what), or `otherwise`.
    pub fn notice(&self, t: &Tr, prefix: &str, otherwise: Option<&str>) -> Option<String> {
        let done = self.done.as_deref()?;
        match t.lang.get(&format!("{prefix}{done}")) {
            Some(m) => Some(m.to_owned()),
            None => otherwise.map(|k| t.s(k).to_owned()),
        }
    }
}

/// The catalogue entries under `prefixes`, as a JSON object for a script (`<` escaped so it
/// cannot close the script element).
pub fn messages(lang: Lang, prefixes: &[&str]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = catalogue(lang)
        .iter()
        .filter(|(k, _)| prefixes.iter().any(|p| k.starts_with(p)))
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map)
        .to_string()
        .replace('<', "\\u003c")
}

/// A script, served as a file the browser revalidates.
pub fn script(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// A `datetime-local` field's value (`2026-11-30T09:30`), read as Beijing time.
pub fn beijing(text: &str) -> Option<legal_time::OffsetDateTime> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    time::PrimitiveDateTime::parse(text.trim(), &fmt)
        .ok()
        .map(|t| t.assume_offset(legal_time::BEIJING))
}

/// An instant as a `datetime-local` field shows it, in Beijing time.
pub fn local_input(at: legal_time::OffsetDateTime) -> String {
    let b = at.to_offset(legal_time::BEIJING);
    format!("{}T{:02}:{:02}", b.date(), b.hour(), b.minute())
}

/// A serde unit variant's name (`snake_case`), for catalogue keys.
pub fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A log entry's time (microseconds since the epoch), as people at the center read it.
pub fn when_us(at_us: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_us) * 1_000)
        .map(super::when)
        .unwrap_or_default()
}

/// A file to save (`Content-Disposition: attachment`), its UTF-8 name percent-encoded.
pub fn download(name: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::response::IntoResponse;
    // RFC 6266: the UTF-8 file name, percent-encoded.
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename*=UTF-8''{encoded}");
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/octet-stream".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}
