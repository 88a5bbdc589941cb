//! The one way pages redirect: to a path on this site, never elsewhere. A target that a
//! browser could read as another site (`//evil.example`, `/\evil.example`, a tab or newline
//! that browsers drop, making `/\t/evil.example` into `//evil.example`), or that is no valid
//! header value (CR/LF), becomes `/`. Every redirect of the pages goes through [`to`], the
//! sign-in return included (the 401 page's link from [`sign_in_link`], and the sign-in
//! form's `next`).
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// `target` if it is a path on this site: `/` then anything but a second `/` or a `\`, in
/// visible ASCII only (a real path and query are percent-encoded).
pub fn same_origin(target: &str) -> Option<&str> {
    let local = target.starts_with('/')
        && !target.starts_with("//")
        && !target.contains('\\')
        && target.bytes().all(|b| b.is_ascii_graphic());
    local.then_some(target)
}

/// 303 See Other to `target` if it is on this site, else to `/`.
pub fn to(target: &str) -> Response {
    let location = same_origin(target)
        .and_then(|t| HeaderValue::from_str(t).ok())
        .unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// The sign-in page, which comes back to `back` (a path on this site) once signed in: the
/// link a protected page's 401 offers.
pub fn sign_in_link(back: &str) -> String {
    match same_origin(back) {
        Some(back) if back != "/" => {
            let next: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
            format!("/signin?next={next}")
        }
        _ => "/signin".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(r: &Response) -> &str {
        r.headers()[header::LOCATION].to_str().unwrap()
    }

    #[test]
    fn only_paths_on_this_site() {
        for ok in [
            "/",
            "/work",
            "/trades/GC-2026-0901?lang=en&x=%2F%2F",
            "/a/b//c",
        ] {
            assert_eq!(same_origin(ok), Some(ok), "{ok}");
            assert_eq!(location(&to(ok)), ok);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/x\r\nSet-Cookie: a=1",
            "https://evil.example",
            "evil.example",
            "",
            "/\u{3000}/evil.example",
            " /work",
        ] {
            assert_eq!(same_origin(bad), None, "{bad:?}");
            let r = to(bad);
            assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, "/"));
        }
    }

    #[test]
    fn sign_in_comes_back() {
        assert_eq!(
            sign_in_link("/work?lang=en"),
            "/signin?next=%2Fwork%3Flang%3Den"
        );
        assert_eq!(sign_in_link("//evil.example"), "/signin");
        assert_eq!(sign_in_link("/"), "/signin");
    }
}
