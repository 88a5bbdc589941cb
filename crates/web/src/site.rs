//! What every response carries and every request is checked for, whatever the route:
//! * security headers: a strict Content-Security-Policy (scripts and styles only from our own
//!   static files; no inline script, style or handler), no framing, no MIME sniffing, no
//!   referrer to other sites; HSTS when the public address is https;
//! * `Secure` on every cookie when the browser reaches us over TLS (`--public-url https://…`,
//!   or a trusted proxy saying `X-Forwarded-Proto: https`);
//! * cross-origin protection for every write (tower-http's `CsrfLayer`: `Sec-Fetch-Site`,
//!   else `Origin` against the host), which is what protects the sign-in form and API
//!   (login CSRF) before any session or token exists;
//! * the client's address: the TCP peer, or for a trusted proxy the last address in
//!   `X-Forwarded-For` that is not itself a trusted proxy.
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::Class;
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{ApiError, Settings};

/// Scripts, styles, fetches and forms only to and from this origin; nothing inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The client's address as [`guard`] decided it (see the module doc).
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub IpAddr);

/// The address a request came from, for limits and the log's metadata.
pub fn client_ip(extensions: &axum::http::Extensions) -> Option<IpAddr> {
    extensions.get::<ClientIp>().map(|c| c.0).or_else(|| {
        extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    })
}

/// Client address in, `Secure` cookies out (see the module doc).
pub async fn guard(
    State(settings): State<Arc<Settings>>,
    mut request: Request,
    next: Next,
) -> Response {
    let direct = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let via_proxy = direct.is_some_and(|ip| settings.trusts(ip));
    let client = if via_proxy {
        forwarded_for(request.headers(), &settings).or(direct)
    } else {
        direct
    };
    if let Some(ip) = client {
        request.extensions_mut().insert(ClientIp(ip));
    }
    let https = settings.public_url.as_ref().is_some_and(|u| u.https())
        || (via_proxy && forwarded_https(request.headers()));
    let mut response = next.run(request).await;
    if https {
        secure_cookies(response.headers_mut());
    }
    response
}

/// The last `X-Forwarded-For` hop that is not a trusted proxy: the one address the trusted
/// proxy itself saw, whatever the client wrote before it.
fn forwarded_for(headers: &HeaderMap, settings: &Settings) -> Option<IpAddr> {
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    hops.iter()
        .rev()
        .map(|h| h.trim().parse::<IpAddr>())
        .find(|ip| !matches!(ip, Ok(ip) if settings.trusts(*ip)))
        .and_then(Result::ok)
}

fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next_back())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

fn secure_cookies(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    headers.remove(header::SET_COOKIE);
    for cookie in cookies {
        let secured = cookie
            .to_str()
            .ok()
            .filter(|c| {
                !c.split(';')
                    .any(|a| a.trim().eq_ignore_ascii_case("secure"))
            })
            .and_then(|c| HeaderValue::from_str(&format!("{c}; Secure")).ok())
            .unwrap_or(cookie);
        headers.append(header::SET_COOKIE, secured);
    }
}

/// Cross-origin writes refused with 403 `auth.cross_origin` (in the caller's language, by the
/// `localize` layer around it).
pub fn cross_origin_layer(
    settings: &Settings,
) -> CsrfLayer<impl FnMut(tower_http::csrf::ProtectionError) -> Response + Clone + use<>> {
    let mut layer = CsrfLayer::new();
    if let Some(url) = &settings.public_url {
        // Parsed and checked by `PublicUrl`, so this cannot fail.
        layer = layer
            .add_trusted_origin(url.origin())
            .unwrap_or_else(|_| CsrfLayer::new());
    }
    layer.with_rejection_response(|e: tower_http::csrf::ProtectionError| {
        tracing::info!(reason = %e, "cross-origin write refused");
        ApiError::new(Class::Forbidden, "auth.cross_origin", None).into_response()
    })
}

/// The security headers, each set unless the handler set its own.
pub fn header_layers(settings: &Settings) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if settings.public_url.as_ref().is_some_and(|u| u.https()) {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    headers
        .into_iter()
        .map(|(name, value)| SetResponseHeaderLayer::if_not_present(name, value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_takes_the_last_untrusted_hop() {
        let settings = Settings {
            trusted_proxies: vec!["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()],
            ..Settings::default()
        };
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.9, 10.0.0.2"),
        );
        assert_eq!(
            forwarded_for(&h, &settings),
            Some("203.0.113.9".parse().unwrap())
        );
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("junk, 10.0.0.2"),
        );
        assert_eq!(forwarded_for(&h, &settings), None);
    }

    #[test]
    fn cookies_get_secure_once() {
        let mut h = HeaderMap::new();
        h.append(header::SET_COOKIE, HeaderValue::from_static("a=1; Path=/"));
        h.append(header::SET_COOKIE, HeaderValue::from_static("b=2; Secure"));
        secure_cookies(&mut h);
        let all: Vec<_> = h.get_all(header::SET_COOKIE).iter().collect();
        assert_eq!(all, ["a=1; Path=/; Secure", "b=2; Secure"]);
    }
}
