//! Sign-in and sign-out: a password, or a signature over a server challenge with the
//! person's Ed25519 or SM2 key. A session is a random token in an HttpOnly, SameSite=Strict
//! cookie (or used as a Bearer token by API clients) plus a CSRF token for cookie writes.
use domain::Class;

use axum::Json;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::auth::{COOKIE, Caller};
use crate::{ApiError, Shared};

/// The caller's network address (see [`crate::site::client_ip`]), when known.
pub fn peer(parts: &Parts) -> Option<String> {
    crate::site::client_ip(&parts.extensions).map(|ip| ip.to_string())
}

pub struct Peer(pub Option<String>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(peer(parts)))
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordSignIn {
    /// Person id, e.g. `agency-li`.
    pub person: String,
    pub password: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct KeySignIn {
    pub person: String,
    /// The nonce from `GET /api/session/challenge`.
    pub nonce: String,
    /// `ed25519` or `sm2`.
    pub algorithm: String,
    /// Hex signature over the challenge's `message`.
    pub signature: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub person: String,
    pub role: String,
    pub org: Option<String>,
    /// Send back as `X-CSRF-Token` on cookie-authenticated writes.
    pub csrf: String,
    /// Also usable as `Authorization: Bearer <token>` by API clients. Only returned at sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

fn with_cookie(mut response: Response, value: &str, max_age: i64) -> Response {
    let cookie = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

fn granted(grant: app::SessionGrant) -> Response {
    let view = SessionView {
        person: grant.info.person.to_string(),
        role: grant.info.actor.role.as_str().to_owned(),
        org: grant.info.actor.org.clone(),
        csrf: grant.info.csrf.clone(),
        token: Some(grant.token.clone()),
    };
    with_cookie(
        Json(view).into_response(),
        &grant.token,
        app::SESSION_ABSOLUTE_SECS,
    )
}

/// Sign in with a password.
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = PasswordSignIn,
    responses(
        (status = 200, description = "signed in; sets the session cookie", body = SessionView),
        (status = 401, description = "wrong person or password (`auth.bad_credentials`)", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "sent by a browser from another site (`auth.cross_origin`)", body = crate::openapi::ErrorEnvelope),
        (status = 429, description = "locked after repeated failures (`auth.locked`, with retry_after)", body = crate::openapi::ErrorEnvelope),
        (status = 400, description = "malformed body (`invalid_request.*`)", body = crate::openapi::ErrorEnvelope),
        (status = 413, description = "body too large", body = crate::openapi::ErrorEnvelope),
        (status = 415, description = "not `application/json` (`invalid_request.content_type`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn sign_in(
    State(p): State<Shared>,
    Peer(ip): Peer,
    body: Result<Json<PasswordSignIn>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from)?;
    let grant = p.sign_in_password(&body.person, &body.password, ip).await?;
    Ok(granted(grant))
}

/// A fresh single-use challenge to sign for key sign-in.
#[utoipa::path(get, path = "/api/session/challenge", tag = "session",
    responses(
        (status = 200, description = "`{nonce, message, expires_at}`", body = serde_json::Value),
        (status = 429, description = "too many challenges from this address (`auth.challenges`, with retry_after)", body = crate::openapi::ErrorEnvelope)))]
pub async fn challenge(State(p): State<Shared>, Peer(ip): Peer) -> Result<Response, ApiError> {
    Ok(Json(p.challenge(ip).await?).into_response())
}

/// Sign in by signing the challenge with the person's registered key (Ed25519 or SM2).
#[utoipa::path(post, path = "/api/session/key", tag = "session", request_body = KeySignIn,
    responses(
        (status = 200, description = "signed in; sets the session cookie", body = SessionView),
        (status = 401, description = "bad signature, unknown key or spent nonce", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "sent by a browser from another site (`auth.cross_origin`)", body = crate::openapi::ErrorEnvelope),
        (status = 429, description = "locked", body = crate::openapi::ErrorEnvelope),
        (status = 400, description = "malformed body (`invalid_request.*`)", body = crate::openapi::ErrorEnvelope),
        (status = 413, description = "body too large", body = crate::openapi::ErrorEnvelope),
        (status = 415, description = "not `application/json` (`invalid_request.content_type`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn sign_in_key(
    State(p): State<Shared>,
    Peer(ip): Peer,
    body: Result<Json<KeySignIn>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(b) = body.map_err(ApiError::from)?;
    let grant = p
        .sign_in_key(&b.person, &b.nonce, &b.algorithm, &b.signature, ip)
        .await?;
    Ok(granted(grant))
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/session", tag = "session",
    responses(
        (status = 200, description = "the current session", body = SessionView),
        (status = 401, description = "not signed in", body = crate::openapi::ErrorEnvelope)))]
pub async fn current(caller: Caller) -> Result<Json<SessionView>, ApiError> {
    let Some(s) = caller.session else {
        return Err(ApiError::new(Class::Unauthenticated, "auth.required", None));
    };
    Ok(Json(SessionView {
        person: s.person.to_string(),
        role: s.actor.role.as_str().to_owned(),
        org: s.actor.org.clone(),
        csrf: s.csrf.clone(),
        token: None,
    }))
}

/// Sign out: the session ends on the server and the cookie is cleared.
#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses(
        (status = 204, description = "signed out"),
        (status = 401, description = "the session token is unknown or expired (`auth.session_expired`)", body = crate::openapi::ErrorEnvelope),
        (status = 403, description = "cookie sign-out without the CSRF token (`auth.csrf`)", body = crate::openapi::ErrorEnvelope)))]
pub async fn sign_out(State(p): State<Shared>, caller: Caller) -> Result<Response, ApiError> {
    if let Some(token) = &caller.token {
        p.sign_out(token).await?;
    }
    Ok(with_cookie(StatusCode::NO_CONTENT.into_response(), "", 0))
}

/// The request metadata every command records: the caller's network address.
pub(crate) fn meta(ip: Option<String>) -> app::Meta {
    app::Meta {
        ip,
        expected_version: None,
    }
}
