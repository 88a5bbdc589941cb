//! The page routes: one table that builds the router and that the route walk test reads
//! (`tests/walk/pages.rs`), so a route added here is walked with no session, the wrong role
//! and a bad id, and none can answer a 500 unnoticed.
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};

use super::{
    admin, bids, css, deposit, draw, expert_account, experts, guides, keys, live, log, portal,
    posts, publicity, room, session,
};
use super::{opening, org, register, set_lang, steps, verify, work};
use crate::Shared;

/// One page route, as the router is built from it and as the route walk test reads it.
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

/// An organisation's file.
fn org_page(_: &str) -> String {
    "/org".to_owned()
}

/// A custodian's keys.
fn my_keys(_: &str) -> String {
    "/work/keys".to_owned()
}

/// The registration post's desk.
fn review(_: &str) -> String {
    "/review".to_owned()
}

/// The administrator's pages.
fn admin_home(_: &str) -> String {
    "/admin".to_owned()
}

fn admin_people(_: &str) -> String {
    "/admin/people".to_owned()
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
        get("/link/{person}/{token}", register::link_form),
        get("/register", register::form).post(register::submit),
        get("/activate", register::activate_form).post(register::activate),
        get("/org", org::page),
        post("/org/details", org::details).back_to(org_page),
        post("/org/qualifications", org::qualification).back_to(org_page),
        post("/org/people", org::invite).back_to(org_page),
        post("/org/{what}", org::action)
            .actions(org::ACTIONS)
            .back_to(org_page),
        get("/review", org::desk),
        post("/review/{code}", org::decide).back_to(review),
        get("/work", work::page),
        post("/work/register", work::register).back_to(work),
        get("/work/trades/{id}/live", live::page),
        get("/work/log", log::page),
        get("/work/keys", keys::page),
        post("/work/keys/{what}", keys::action)
            .actions(keys::ACTIONS)
            .back_to(my_keys),
        get("/work/trades/{id}/documents", work::download_documents)
            .post(work::upload_documents)
            .back_to(work),
        get("/work/trades/{id}/steps", steps::page),
        post("/work/trades/{id}/steps/{what}", steps::submit)
            .actions(steps::ACTIONS)
            .back_to(parent),
        post("/work/trades/{id}/{what}", work::trade_action)
            .actions(work::ACTIONS)
            .back_to(work),
        post("/work/posts/{post}/{what}", posts::toggle)
            .actions(posts::ACTIONS)
            .back_to(work),
        get("/static/site.css", css),
        get("/trades/{id}/bid", bids::bid_page),
        get("/trades/{id}/opening", opening::opening_page),
        post("/trades/{id}/opening/{what}", opening::opening_action)
            .actions(opening::ACTIONS)
            .back_to(parent),
        get("/experts", experts::page),
        post("/experts/import", experts::import)
            .body_limit(crate::MAX_IMPORT_BYTES)
            .back_to(pool),
        get("/experts/me", experts::me)
            .post(experts::declare)
            .back_to(|path| path.to_owned()),
        post("/experts/conduct", experts::conduct).back_to(pool),
        post("/experts/account", expert_account::open).back_to(pool),
        get("/trades/{id}/draw", draw::page),
        get("/trades/{id}/draw/check", draw::check),
        get("/trades/{id}/publicity", publicity::page),
        get("/trades/{id}/deposit", deposit::page),
        post("/trades/{id}/deposit/{what}", deposit::submit)
            .actions(deposit::ACTIONS)
            .back_to(parent),
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
        get("/trades/{id}/room/bid", room::opened_bid),
        post("/trades/{id}/room/{what}", room::action)
            .actions(room::ACTIONS)
            .back_to(parent),
        get("/static/room.js", room::room_js),
        get("/static/keys.js", room::keys_js),
        get("/static/live.js", live::live_js),
        get("/static/countdown.js", opening::countdown_js),
        get("/admin", admin::page),
        post("/admin/{what}", admin::action)
            .actions(admin::ACTIONS)
            .back_to(admin_home),
        get("/admin/people", admin::people_page),
        post("/admin/people/{what}", admin::people_action)
            .actions(admin::PEOPLE_ACTIONS)
            .back_to(admin_people),
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
