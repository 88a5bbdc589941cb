//! Server-rendered pages, Chinese first. They work without JavaScript; every string comes
//! from the catalogues in `locales/`.
mod admin;
mod bids;
mod common;
mod deposit;
mod draw;
pub(crate) mod experts;
mod fail;
mod guides;
mod keys;
mod live;
mod log;
mod money;
mod opening;
mod org;
mod portal;
mod posts;
mod publicity;
pub(crate) mod redirect;
mod register;
mod room;
mod routes;
pub(crate) mod session;
mod step_documents;
mod step_forms;
mod step_intake;
mod step_table;
mod step_view;
mod steps;
mod verify;
mod work;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

pub use fail::{PageError, PageResult};
pub use routes::{PageRoute, page_routes, routes};

use crate::i18n::Lang;

/// Translations for one request, handed to every template as `t`.
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    /// The message for `key`; a missing key shows itself, so a gap is visible, not silent.
    pub fn s<'a>(&self, key: &'a str) -> &'a str {
        self.lang.get(key).unwrap_or(key)
    }

    /// A public status in the words portals use (正在接收投标, 已开标 …).
    pub fn status(&self, s: domain::PublicStatus) -> String {
        self.s(&format!("status.{}", s.as_str())).to_owned()
    }

    /// A region by name (浙江省杭州市), its code only when the table does not know it.
    pub fn region(&self, r: &domain::RegionCode) -> String {
        r.name(self.lang == Lang::ZhCn)
            .unwrap_or_else(|| r.as_str().to_owned())
    }

    /// Who acted, as pages name them: the person's name, else the platform or a sealed actor
    /// (`actor.*`) or a role (`role.*`) in words, else the id.
    pub fn actor(&self, id: &str, name: Option<&str>) -> String {
        name.map(str::to_owned)
            .or_else(|| self.lang.get(&format!("actor.{id}")).map(str::to_owned))
            .or_else(|| self.lang.get(&format!("role.{id}")).map(str::to_owned))
            .unwrap_or_else(|| id.to_owned())
    }

    pub fn lang_tag(&self) -> &'static str {
        self.lang.tag()
    }

    pub fn other_tag(&self) -> &'static str {
        match self.lang {
            Lang::ZhCn => Lang::En.tag(),
            Lang::En => Lang::ZhCn.tag(),
        }
    }
}

/// The request's language and path (for the language switch to come back to).
pub struct PageContext {
    pub t: Tr,
    pub back: String,
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::negotiate(parts.uri.query(), &parts.headers);
        let back = parts
            .uri
            .path_and_query()
            .map_or("/".to_owned(), |p| p.as_str().to_owned());
        Ok(PageContext {
            t: Tr { lang },
            back,
        })
    }
}

pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub t: Tr,
    pub back: String,
    /// The stable code, for scripts and support (`data-code`).
    pub code: String,
    pub message: String,
    /// A rule refusal's English detail (its dates and article).
    pub detail: Option<String>,
    pub article: Option<String>,
    /// Shown on a fault, for the reader to quote.
    pub request_id: Option<String>,
    /// Nobody is signed in: the sign-in page, which comes back here.
    pub sign_in: Option<String>,
    /// The way back: the page whose form failed, or the portal.
    pub home: String,
}

#[derive(serde::Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Switch language: remember it in a cookie and go back where the reader was.
async fn set_lang(
    axum::extract::Path(tag): axum::extract::Path<String>,
    q: axum::extract::Query<Back>,
) -> Response {
    let lang = if tag.starts_with("en") {
        Lang::En
    } else {
        Lang::ZhCn
    };
    let back = q
        .back
        .as_deref()
        .and_then(redirect::same_origin)
        .unwrap_or("/");
    let mut response = redirect::to(&strip_lang(back));
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.tag()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Drop a `lang=` query parameter so the cookie decides after a switch.
fn strip_lang(path: &str) -> String {
    match path.split_once('?') {
        Some((p, q)) => {
            let kept: Vec<&str> = q.split('&').filter(|kv| !kv.starts_with("lang=")).collect();
            if kept.is_empty() {
                p.to_owned()
            } else {
                format!("{p}?{}", kept.join("&"))
            }
        }
        None => path.to_owned(),
    }
}

async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../static/site.css"),
    )
}

/// Beijing time to the minute, as people at the center read it.
pub fn when(at: legal_time::OffsetDateTime) -> String {
    let t = at.to_offset(legal_time::BEIJING);
    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
}

/// A room as people name it: the center's rooms are ids of their kind and number
/// (`opening-4` reads 4号开标室); any other id is shown as it is.
pub fn room_name(t: &Tr, id: &str) -> String {
    match id.rsplit_once('-') {
        Some((kind @ ("opening" | "evaluation"), n))
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            t.s(&format!("ui.room_name.{kind}")).replace("{n}", n)
        }
        _ => id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, Tr, room_name};

    #[test]
    fn rooms_read_by_kind_and_number() {
        let zh = Tr { lang: Lang::ZhCn };
        let en = Tr { lang: Lang::En };
        assert_eq!(room_name(&zh, "opening-4"), "4号开标室");
        assert_eq!(room_name(&zh, "evaluation-12"), "12号评标室");
        assert_eq!(room_name(&en, "opening-4"), "Opening room 4");
        assert_eq!(room_name(&zh, "opening-x"), "opening-x");
        assert_eq!(room_name(&zh, "hall-3"), "hall-3");
    }

    #[test]
    fn language_switch_drops_lang_and_keeps_the_rest() {
        assert_eq!(super::strip_lang("/?q=x&lang=en"), "/?q=x");
        assert_eq!(super::strip_lang("/trades/A?lang=zh-CN"), "/trades/A");
        assert_eq!(super::strip_lang("/guides"), "/guides");
    }
}
