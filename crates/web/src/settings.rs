//! How the server meets the network: the address browsers use, the proxies it believes, and
//! the limits that keep it up (docs/OPERATIONS.md, "Limits"). `sunbid serve` fills these
//! from its flags; [`Settings::default`] is what tests and a plain `sunbid serve` get.
use std::net::IpAddr;
use std::time::Duration;

/// A client must send a request's whole header within this time, also on an idle
/// keep-alive connection (then it is closed).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A request body must not pause longer than this between two pieces.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// A request body must be in within this time (a 64 MiB bid at 1 Mbit/s takes about 9 min).
pub const BODY_DEADLINE: Duration = Duration::from_secs(15 * 60);
/// Open connections at most (then lowered to what the open-file limit allows).
pub const MAX_CONNECTIONS: usize = 10_000;
/// Open connections at most from one address (an IPv4 address or an IPv6 /64): an office
/// of bidders behind one NAT, each with a browser, fits; one client cannot take them all.
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 128;

#[derive(Clone, Debug)]
pub struct Settings {
    /// The origin browsers use, when it differs from what reaches the server (a TLS proxy in
    /// front). With `https`, cookies are `Secure` and HSTS is sent; the origin is trusted by
    /// the cross-origin check even if the proxy rewrites `Host`.
    pub public_url: Option<PublicUrl>,
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed. Their
    /// connections are not counted per address (the proxy carries many clients).
    pub trusted_proxies: Vec<IpAddr>,
    pub header_timeout: Duration,
    pub body_idle_timeout: Duration,
    pub body_deadline: Duration,
    pub max_connections: usize,
    pub max_connections_per_address: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            public_url: None,
            trusted_proxies: Vec::new(),
            header_timeout: HEADER_TIMEOUT,
            body_idle_timeout: BODY_IDLE_TIMEOUT,
            body_deadline: BODY_DEADLINE,
            max_connections: MAX_CONNECTIONS,
            max_connections_per_address: MAX_CONNECTIONS_PER_ADDRESS,
        }
    }
}

impl Settings {
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.contains(&ip)
    }
}

/// `scheme://host[:port]` of the public address, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
    https: bool,
}

impl PublicUrl {
    pub fn parse(url: &str) -> Result<PublicUrl, String> {
        let uri: axum::http::Uri = url
            .trim()
            .parse()
            .map_err(|e| format!("--public-url {url:?}: {e}"))?;
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(format!("--public-url {url:?}: use http:// or https://")),
        };
        let Some(authority) = uri.authority() else {
            return Err(format!("--public-url {url:?}: no host"));
        };
        if uri.path() != "/" || uri.query().is_some() || authority.as_str().contains('@') {
            return Err(format!(
                "--public-url {url:?}: only scheme, host and port (no path, query or user)"
            ));
        }
        let scheme = if https { "https" } else { "http" };
        Ok(PublicUrl {
            origin: format!("{scheme}://{}", authority.as_str().to_ascii_lowercase()),
            https,
        })
    }

    /// As a browser sends it in `Origin`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn https(&self) -> bool {
        self.https
    }
}

#[cfg(test)]
mod tests {
    use super::PublicUrl;

    #[test]
    fn public_urls_are_origins() {
        let u = PublicUrl::parse("https://Bids.Example.gov.cn/").unwrap();
        assert_eq!(
            (u.origin(), u.https()),
            ("https://bids.example.gov.cn", true)
        );
        let u = PublicUrl::parse("http://10.0.0.5:8080").unwrap();
        assert_eq!((u.origin(), u.https()), ("http://10.0.0.5:8080", false));
        for bad in [
            "bids.example",
            "ftp://x",
            "https://x/path",
            "https://x/?q",
            "https://u@x",
        ] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
