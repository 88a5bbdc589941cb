//! Extractors every handler takes instead of checking by hand, so that none can forget:
//! [`SignedIn`] (a session, or 401), [`TradePath`] (the `{id}` of the path parsed, or 400),
//! [`VisibleTrade`] (parsed, and a trade the caller may see, or 404 like a missing one), and
//! their page twins [`PageUser`] (or the sign-in page) and [`PageTrade`] (or a 404 page), and
//! [`JsonBody`] (the API's JSON body, refused in the API's error shape).
//! The caller is resolved once per request and kept in the request's extensions.
use std::sync::Arc;

use app::SessionInfo;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use domain::{Actor, Class, TradeId};

use crate::auth::Caller;
use crate::pages::PageError;
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
            return Err(ApiError::new(Class::Unauthenticated, "auth.required", None));
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

/// What a trade id is (`domain::TradeId`), for the API document.
const TRADE_ID_PATTERN: &str = "^[A-Za-z0-9._-]{1,64}$";

/// The `{id}` path parameter as the API document describes it (with a demo trade as the
/// example, so that generated requests reach a trade).
fn trade_id_parameter() -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(TRADE_ID_PATTERN))
        .min_length(Some(1))
        .max_length(Some(64));
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some("trade id: 1-64 of A-Z a-z 0-9 - _ ."))
        .schema(Some(schema))
        .example(Some(serde_json::json!("GC-2026-0905")))
        .build()
}

impl utoipa::IntoParams for TradePath {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        vec![trade_id_parameter()]
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

/// The signed-in person on a page; without a session, the sign-in page (401).
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
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, p: &Shared) -> Result<Self, PageError> {
        let ip = crate::api_session::peer(parts);
        match PageSession::from_request_parts(parts, p).await {
            Ok(PageSession(Some((token, info)))) => Ok(PageUser { info, token, ip }),
            // The sign-in page (401), which comes back here.
            _ => Err(PageError::sign_in()),
        }
    }
}

/// The trade named by a page's `{id}`, parsed; a malformed id is the 404 page (a page
/// address that names no trade).
pub struct PageTrade(pub TradeId);

impl FromRequestParts<Shared> for PageTrade {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &Shared) -> Result<Self, PageError> {
        let id = path_id(parts).await.unwrap_or_default();
        TradeId::parse(&id)
            .map(PageTrade)
            .map_err(|_| PageError::not_found())
    }
}

/// A JSON body; a refused one is the API's 400/413/415 with a code naming what was wrong.
/// A whole number written as a float (`5.0`) is the integer it spells: JSON and the API
/// document do not tell them apart, so neither does the server.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, state)
            .await
            .map_err(ApiError::from)?;
        serde_path_to_error::deserialize(whole_numbers(value))
            .map(JsonBody)
            .map_err(|e| {
                let detail =
                    format!("Failed to deserialize the JSON body into the target type: {e}");
                ApiError::new(
                    Class::Invalid,
                    crate::error::json_data_code(&detail),
                    Some(detail),
                )
            })
    }
}

/// Floats with no fraction, within the range where a float spells its integer exactly, as
/// integers.
pub(crate) fn whole_numbers(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < EXACT => {
                Value::from(f as i64)
            }
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// What a command handler answers: the outcome as JSON, or the error.
pub type Done<T = app::Outcome> = Result<axum::Json<T>, ApiError>;

/// `Done` from the app's result.
pub fn done<T>(result: Result<T, app::AppError>) -> Done<T> {
    result.map(axum::Json).map_err(ApiError::from)
}

#[cfg(test)]
mod tests {
    use super::whole_numbers;
    use serde_json::json;

    /// `5.0` is read as the integer 5 wherever it sits; a fraction, and a float too large to
    /// spell its integer exactly, stay floats (and are refused by an integer field).
    #[test]
    fn whole_floats_are_integers() {
        let got = whole_numbers(json!({"a": 5.0, "b": [1.0, 2.5], "c": {"d": -3.0}, "e": 1e300}));
        assert_eq!(
            got,
            json!({"a": 5, "b": [1, 2.5], "c": {"d": -3}, "e": 1e300})
        );
        assert!(got["a"].is_i64() && got["c"]["d"].is_i64());
        assert!(got["b"][1].is_f64() && got["e"].is_f64());
    }
}
