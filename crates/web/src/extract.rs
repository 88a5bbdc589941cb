//! Extractors every handler takes instead of checking by hand, so that none can forget:
//! [`SignedIn`] (a session, or 401), [`TradePath`] (the `{id}` of the path parsed, or 400),
//! [`VisibleTrade`] (parsed, and a trade the caller may see, or 404 like a missing one), and
//! their page twins [`PageUser`] (or the sign-in page) and [`PageTrade`] (or a 404 page), and
//! [`JsonBody`] (the API's JSON body, refused in the API's error shape).
//! The caller is resolved once per request and kept in the request's extensions.
use std::sync::Arc;

use app::SessionInfo;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Actor, TradeId};

use crate::auth::Caller;
use crate::pages::PageContext;
use crate::pages::session::PageSession;
use crate::{ApiError, Shared};

/// The caller of this request, resolved once (a session costs a store read).
async fn caller(parts: &mut Parts, p: &Shared) -> Result<Arc<Caller>, ApiError> {
    if let Some(c) = parts.extensions.get::<Arc<Caller>>() {
        return Ok(c.clone());
    }
    let c = Arc::new(Caller::from_request_parts(parts, p).await?);
    parts.extensions.insert(c.clone());
    Ok(c)
}

/// A caller with a session; anything else is 401 `auth.required`. Carries what a command
/// records about the request (the caller's address).
pub struct SignedIn {
    pub actor: Actor,
    pub session: SessionInfo,
    pub token: String,
    pub ip: Option<String>,
}

impl SignedIn {
    /// The request metadata a command records (no expected version).
    pub fn meta(&self) -> app::Meta {
        app::Meta {
            ip: self.ip.clone(),
            expected_version: None,
        }
    }
}

impl FromRequestParts<Shared> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, p: &Shared) -> Result<Self, ApiError> {
        let c = caller(parts, p).await?;
        let (Some(session), Some(token)) = (c.session.clone(), c.token.clone()) else {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "auth.required",
                None,
            ));
        };
        Ok(SignedIn {
            actor: c.actor.clone(),
            session,
            token,
            ip: crate::api_session::peer(parts),
        })
    }
}

/// The raw `{id}` of the path.
async fn path_id(parts: &mut Parts) -> Option<String> {
    let params = RawPathParams::from_request_parts(parts, &()).await.ok()?;
    params
        .iter()
        .find(|(name, _)| *name == "id")
        .map(|(_, value)| value.to_owned())
}

/// The trade named by the path's `{id}`, parsed: a malformed id is 400. Write routes take
/// this (a command may register a trade that does not exist yet; the app answers for the rest).
pub struct TradePath(pub TradeId);

impl<S: Send + Sync> FromRequestParts<S> for TradePath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let id = path_id(parts).await.unwrap_or_default();
        TradeId::parse(&id)
            .map(TradePath)
            .map_err(|e| ApiError::bad_request(e.to_string()))
    }
}

/// The trade named by the path's `{id}`, parsed (400) and one the caller may see: before its
/// announcement a trade does not exist for those who may not see it, so every read about
/// one trade answers them the 404 of a trade that does not exist.
pub struct VisibleTrade {
    pub id: TradeId,
    pub actor: Actor,
}

impl FromRequestParts<Shared> for VisibleTrade {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, p: &Shared) -> Result<Self, ApiError> {
        let TradePath(id) = TradePath::from_request_parts(parts, p).await?;
        let actor = caller(parts, p).await?.actor.clone();
        app::queries::trade_for(p, &id, &actor).await?;
        Ok(VisibleTrade { id, actor })
    }
}

/// The signed-in person on a page; without a session the reader goes to the sign-in page.
pub struct PageUser {
    pub info: SessionInfo,
    pub token: String,
    pub ip: Option<String>,
}

impl PageUser {
    pub fn actor(&self) -> &Actor {
        &self.info.actor
    }

    pub fn meta(&self) -> app::Meta {
        app::Meta {
            ip: self.ip.clone(),
            expected_version: None,
        }
    }
}

impl FromRequestParts<Shared> for PageUser {
    type Rejection = Redirect;

    async fn from_request_parts(parts: &mut Parts, p: &Shared) -> Result<Self, Redirect> {
        let ip = crate::api_session::peer(parts);
        match PageSession::from_request_parts(parts, p).await {
            Ok(PageSession(Some((token, info)))) => Ok(PageUser { info, token, ip }),
            _ => Err(Redirect::to("/signin")),
        }
    }
}

/// The trade named by a page's `{id}`, parsed; a malformed id is the 404 page (a page
/// address that names no trade).
pub struct PageTrade(pub TradeId);

impl FromRequestParts<Shared> for PageTrade {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, p: &Shared) -> Result<Self, Response> {
        let id = path_id(parts).await.unwrap_or_default();
        match TradeId::parse(&id) {
            Ok(id) => Ok(PageTrade(id)),
            Err(_) => {
                let ctx = PageContext::from_request_parts(parts, p)
                    .await
                    .unwrap_or_else(|never| match never {});
                Err(crate::pages::error_page(
                    ctx,
                    StatusCode::NOT_FOUND,
                    "not_found",
                ))
            }
        }
    }
}

/// A JSON body; a refused one is the API's 400/413/415 with a code naming what was wrong.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|axum::Json(body)| JsonBody(body))
            .map_err(ApiError::from)
    }
}

/// What a command handler answers: the outcome as JSON, or the error.
pub type Done<T = app::Outcome> = Result<axum::Json<T>, ApiError>;

/// `Done` from the app's result.
pub fn done<T>(result: Result<T, app::AppError>) -> Done<T> {
    result.map(axum::Json).map_err(ApiError::from)
}

/// Redirects are responses too (for `Result<_, Redirect>` page handlers).
pub fn redirect(to: &str) -> Response {
    Redirect::to(to).into_response()
}
