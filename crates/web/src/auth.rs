//! Who is calling: a session from the `sunbid_session` cookie (pages and browsers) or an
//! `Authorization: Bearer` token (API clients), or nobody (the public). Cookie-authenticated
//! writes to the API must carry the session's CSRF token in `X-CSRF-Token`; page forms carry
//! it in a hidden field that the page handler checks.
use app::SessionInfo;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use domain::Class;
use domain::{Actor, Role};

use crate::{ApiError, Shared};

pub const COOKIE: &str = "sunbid_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

pub struct Caller {
    pub actor: Actor,
    pub session: Option<SessionInfo>,
    pub token: Option<String>,
}

impl Caller {
    /// Writes need a session: 401 `auth.required` otherwise.
    pub fn signed_in(&self) -> Result<(), ApiError> {
        if self.session.is_none() {
            return Err(ApiError::new(Class::Unauthenticated, "auth.required", None));
        }
        Ok(())
    }

    /// The session token with its session, when signed in.
    pub fn token_and_session(&self) -> Option<(String, SessionInfo)> {
        self.token.clone().zip(self.session.clone())
    }

    pub fn public() -> Caller {
        Caller {
            actor: Actor::new("public", Role::Public),
            session: None,
            token: None,
        }
    }
}

pub fn cookie_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(str::to_owned)
        })
        .filter(|t| !t.is_empty())
}

fn bearer_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// Constant-time comparison, so the CSRF check does not leak the token byte by byte.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl FromRequestParts<Shared> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        platform: &Shared,
    ) -> Result<Self, Self::Rejection> {
        let (token, via_cookie) = match bearer_token(parts) {
            Some(t) => (Some(t), false),
            None => (cookie_token(parts), true),
        };
        let Some(token) = token else {
            return Ok(Caller::public());
        };
        let Some(session) = platform.session(&token).await? else {
            // An expired session on a read is simply the public; on a write it is an error.
            if parts.method == Method::GET || parts.method == Method::HEAD {
                return Ok(Caller::public());
            }
            return Err(ApiError::new(
                Class::Unauthenticated,
                "auth.session_expired",
                None,
            ));
        };
        let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if via_cookie && unsafe_method && parts.uri.path().starts_with("/api/") {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(sent, &session.csrf) {
                return Err(ApiError::new(Class::Forbidden, "auth.csrf", None));
            }
        }
        Ok(Caller {
            actor: session.actor.clone(),
            session: Some(session),
            token: Some(token),
        })
    }
}
