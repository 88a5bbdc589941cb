//! Server-rendered pages, Chinese first. They work without JavaScript; every string comes
//! from the catalogues in `locales/`.
mod bids;
mod draw;
pub(crate) mod experts;
mod fail;
mod guides;
mod live;
mod portal;
mod posts;
mod publicity;
mod room;
mod session;
mod verify;
mod work;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{self, MethodRouter};

pub use fail::{PageError, PageResult};

use crate::Shared;
use crate::i18n::Lang;

/// One page route, as the router is built from it and as the route walk test reads it
/// (`tests/pages_walk.rs`): a route added here is walked with no session, the wrong role and
/// a bad id, so none can answer a 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRoute {
    pub path: &'static str,
    pub get: bool,
    pub post: bool,
    /// The values `{what}` takes (each handler refuses any other with 404).
    pub actions: &'static [&'static str],
    /// Its own body limit (an upload of a pool file), instead of the router's 1 MiB.
    pub body_limit: Option<usize>,
}

struct Entry {
    route: PageRoute,
    get: Option<MethodRouter<Shared>>,
    post: Option<MethodRouter<Shared>>,
}

fn get<H: Handler<T, Shared>, T: 'static>(path: &'static str, handler: H) -> Entry {
    Entry {
        route: PageRoute {
            path,
            get: true,
            post: false,
            actions: &[],
            body_limit: None,
        },
        get: Some(routing::get(handler)),
        post: None,
    }
}

fn post<H: Handler<T, Shared>, T: 'static>(path: &'static str, handler: H) -> Entry {
    Entry {
        route: PageRoute {
            path,
            get: false,
            post: true,
            actions: &[],
            body_limit: None,
        },
        get: None,
        post: Some(routing::post(handler)),
    }
}

impl Entry {
    fn post<H: Handler<T, Shared>, T: 'static>(mut self, handler: H) -> Entry {
        self.route.post = true;
        self.post = Some(routing::post(handler));
        self
    }

    fn actions(mut self, actions: &'static [&'static str]) -> Entry {
        self.route.actions = actions;
        self
    }

    fn body_limit(mut self, bytes: usize) -> Entry {
        self.route.body_limit = Some(bytes);
        self
    }

    /// A failed form's error page links back to `home(path)`: the page the form is on.
    fn back_to(mut self, home: fn(&str) -> String) -> Entry {
        self.post = self.post.map(|router| {
            router.layer(axum::middleware::from_fn(
                move |request: axum::extract::Request, next: axum::middleware::Next| async move {
                    let back = home(request.uri().path());
                    let mut response = next.run(request).await;
                    if response.extensions().get::<crate::error::Back>().is_none() {
                        response.extensions_mut().insert(crate::error::Back(back));
                    }
                    response
                },
            ))
        });
        self
    }

    fn router(self) -> MethodRouter<Shared> {
        let router = match (self.get, self.post) {
            (Some(get), Some(post)) => get.merge(post),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => MethodRouter::new(),
        };
        match self.route.body_limit {
            Some(bytes) => router.layer(DefaultBodyLimit::max(bytes)),
            None => router,
        }
    }
}

/// The workbench, where its forms live.
fn work(_: &str) -> String {
    "/work".to_owned()
}

/// The page an action posts from: its path without the last segment (`/trades/X/room`).
fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map_or("/", |(p, _)| if p.is_empty() { "/" } else { p })
        .to_owned()
}

/// The expert pool page.
fn pool(_: &str) -> String {
    "/experts".to_owned()
}

fn table() -> Vec<Entry> {
    vec![
        get("/", portal::portal),
        get("/trades/{id}", portal::trade),
        get("/guides", guides::guides),
        get("/verify", verify::form).post(verify::submit),
        get("/lang/{tag}", set_lang),
        get("/signin", session::form).post(session::submit),
        post("/signout", session::sign_out),
        get("/work", work::page),
        post("/work/register", work::register).back_to(work),
        get("/work/trades/{id}/live", live::page),
        get("/work/trades/{id}/documents", work::download_documents)
            .post(work::upload_documents)
            .back_to(work),
        post("/work/trades/{id}/{what}", work::trade_action)
            .actions(work::ACTIONS)
            .back_to(work),
        post("/work/posts/{post}/{what}", posts::toggle)
            .actions(posts::ACTIONS)
            .back_to(work),
        get("/static/site.css", css),
        get("/trades/{id}/bid", bids::bid_page),
        get("/trades/{id}/opening", bids::opening_page),
        post("/trades/{id}/opening/{what}", bids::opening_action)
            .actions(bids::ACTIONS)
            .back_to(parent),
        get("/experts", experts::page),
        post("/experts/import", experts::import)
            .body_limit(crate::MAX_IMPORT_BYTES)
            .back_to(pool),
        get("/experts/me", experts::me)
            .post(experts::declare)
            .back_to(|path| path.to_owned()),
        post("/experts/conduct", experts::conduct).back_to(pool),
        get("/trades/{id}/draw", draw::page),
        get("/trades/{id}/draw/check", draw::check),
        get("/trades/{id}/publicity", publicity::page),
        post("/trades/{id}/publicity/{what}", publicity::action)
            .actions(publicity::ACTIONS)
            .back_to(parent),
        post("/trades/{id}/draw/{what}", draw::action)
            .actions(draw::ACTIONS)
            .back_to(parent),
        get("/static/seal.js", bids::seal_js),
        get("/static/bid.js", bids::bid_js),
        get("/static/opening.js", bids::opening_js),
        get("/trades/{id}/room", room::page),
        post("/trades/{id}/room/{what}", room::action)
            .actions(room::ACTIONS)
            .back_to(parent),
        get("/static/room.js", room::room_js),
    ]
}

/// Every page route.
pub fn page_routes() -> Vec<PageRoute> {
    table().into_iter().map(|e| e.route).collect()
}

/// The page routes under the router's 1 MiB body limit (`own_limit` false), or those with a
/// limit of their own (`own_limit` true), which the router keeps outside it.
pub fn routes(own_limit: bool) -> Router<Shared> {
    table()
        .into_iter()
        .filter(|e| e.route.body_limit.is_some() == own_limit)
        .fold(Router::new(), |r, e| r.route(e.route.path, e.router()))
}

/// Translations for one request, handed to every template as `t`.
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    /// The message for `key`; a missing key shows itself, so a gap is visible, not silent.
    pub fn s<'a>(&self, key: &'a str) -> &'a str {
        self.lang.get(key).unwrap_or(key)
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
    /// Nobody is signed in: offer the sign-in page.
    pub sign_in: bool,
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
    // Only local paths: never redirect elsewhere.
    let back = q
        .back
        .clone()
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    let back = strip_lang(&back);
    let mut response = Redirect::to(&back).into_response();
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

#[cfg(test)]
mod tests {
    #[test]
    fn language_switch_drops_lang_and_keeps_the_rest() {
        assert_eq!(super::strip_lang("/?q=x&lang=en"), "/?q=x");
        assert_eq!(super::strip_lang("/trades/A?lang=zh-CN"), "/trades/A");
        assert_eq!(super::strip_lang("/guides"), "/guides");
    }
}
