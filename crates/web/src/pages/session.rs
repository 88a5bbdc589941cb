//! Signing in and out on pages. The session cookie is HttpOnly and SameSite=Strict; page
//! forms carry the session's CSRF token in a hidden field.
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use domain::Class;

use crate::extract::PageUser;

use super::redirect;
use super::{PageContext, PageError, Tr, render};
use crate::Shared;
use crate::api_session::Peer;
use crate::auth::{COOKIE, cookie_token, same_secret};

/// The signed-in person on a page, or `None`.
pub struct PageSession(pub Option<(String, app::SessionInfo)>);

impl axum::extract::FromRequestParts<Shared> for PageSession {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, p: &Shared) -> Result<Self, Self::Rejection> {
        let Some(token) = cookie_token(parts) else {
            return Ok(PageSession(None));
        };
        match p.session(&token).await {
            Ok(Some(info)) => Ok(PageSession(Some((token, info)))),
            _ => Ok(PageSession(None)),
        }
    }
}

impl PageSession {
    /// The signed-in person, or the sign-in page's 401.
    pub fn signed_in(self) -> Result<(String, app::SessionInfo), PageError> {
        self.0.ok_or_else(PageError::sign_in)
    }
}

/// `r` with the session cookie of a sign-in that just succeeded.
pub fn set_session(mut r: Response, token: &str) -> Response {
    let cookie = format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        app::SESSION_ABSOLUTE_SECS
    );
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        r.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    r
}

/// The hidden form field every page form posts.
pub fn csrf_ok(info: &app::SessionInfo, sent: &str) -> bool {
    same_secret(sent, &info.csrf)
}

/// A page form's CSRF field.
pub trait Csrf {
    fn csrf(&self) -> &str;
}

/// A form as its pairs (the room's scoring sheet has a field per cell).
impl Csrf for Vec<(String, String)> {
    fn csrf(&self) -> &str {
        self.iter()
            .find(|(k, _)| k == "csrf")
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A form posted to one of a page's actions, once the extractors found the signed-in person
/// ([`PageUser`]: 401) and the trade ([`crate::extract::PageTrade`]: 404): an action the
/// route takes (404), a form the page sends (400, or 413), the session's CSRF token (403).
pub fn action_form<F: Csrf>(
    user: &PageUser,
    what: &str,
    actions: &[&str],
    form: Result<Form<F>, FormRejection>,
) -> Result<F, PageError> {
    if !actions.contains(&what) {
        return Err(PageError::not_found());
    }
    let Form(form) = form.map_err(|e| PageError::refused_body(e.status(), "bad_form"))?;
    if !csrf_ok(&user.info, form.csrf()) {
        return Err(PageError::csrf());
    }
    Ok(form)
}

#[derive(Template)]
#[template(path = "signin.html")]
pub struct SignInPage {
    pub t: Tr,
    pub back: String,
    pub person: String,
    pub error: Option<String>,
    /// Where to go once signed in (a path on this site, or empty: the workbench).
    pub next: String,
}

#[derive(serde::Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// Where a sign-in returns to: `next` if it is a path on this site, else empty (then the
/// workbench).
fn safe_next(next: &str) -> String {
    redirect::same_origin(next).unwrap_or_default().to_owned()
}

pub async fn form(
    ctx: PageContext,
    next: Result<axum::extract::Query<Next>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let next = next.map(|q| q.0).unwrap_or_default();
    render(&SignInPage {
        t: ctx.t,
        back: ctx.back,
        person: String::new(),
        error: None,
        next: safe_next(&next.next),
    })
}

#[derive(serde::Deserialize)]
pub struct Credentials {
    person: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(p): State<Shared>,
    ctx: PageContext,
    Peer(ip): Peer,
    form: Result<Form<Credentials>, FormRejection>,
) -> Response {
    let c = match form {
        Ok(Form(c)) => c,
        // A form the browser would not send (fields missing, not a form, too large).
        Err(e) => {
            let class = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Class::TooLarge
            } else {
                Class::Invalid
            };
            let code = if class == Class::TooLarge {
                "payload_too_large"
            } else {
                "bad_form"
            };
            return refused(ctx, String::new(), String::new(), class, code);
        }
    };
    let next = safe_next(&c.next);
    match p.sign_in_password(&c.person, &c.password, ip).await {
        Ok(grant) => set_session(
            redirect::to(if next.is_empty() { "/work" } else { &next }),
            &grant.token,
        ),
        // A fault is no answer to the form: the error page, logged, with the request id.
        Err(e) if e.class() == Class::Fault => PageError::from(e).into_response(),
        Err(e) => refused(ctx, c.person, next, e.class(), e.code()),
    }
}

/// The sign-in form again (still returning to `next`), with why it failed and the status of
/// its class.
fn refused(ctx: PageContext, person: String, next: String, class: Class, code: &str) -> Response {
    let message = ctx.t.s(&format!("error.{code}")).to_owned();
    let mut r = render(&SignInPage {
        t: ctx.t,
        back: ctx.back,
        person,
        error: Some(message),
        next,
    });
    *r.status_mut() = crate::error::status(class);
    r
}

#[derive(serde::Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// Without the right CSRF token the session stays (the cookie is still cleared here).
pub async fn sign_out(
    State(p): State<Shared>,
    session: PageSession,
    form: Result<Form<CsrfOnly>, FormRejection>,
) -> Response {
    let f = form.map(|Form(f)| f).unwrap_or_default();
    if let Some((token, info)) = &session.0
        && csrf_ok(info, &f.csrf)
    {
        let _ = p.sign_out(token).await;
    }
    let mut r = redirect::to("/");
    let cookie = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        r.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    r
}
