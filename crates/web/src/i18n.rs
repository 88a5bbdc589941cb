//! One catalogue per language (zh-CN, the default, and en), and choosing the caller's
//! language: `?lang=`, then the `lang` cookie, then `Accept-Language`, then zh-CN.
use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

type Catalogue = BTreeMap<String, String>;

fn parse(json: &str) -> Catalogue {
    serde_json::from_str(json).expect("catalogues are checked by tests")
}

pub fn catalogue(lang: Lang) -> &'static Catalogue {
    static ZH: OnceLock<Catalogue> = OnceLock::new();
    static EN: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::ZhCn => ZH.get_or_init(|| parse(include_str!("../locales/zh-CN.json"))),
        Lang::En => EN.get_or_init(|| parse(include_str!("../locales/en.json"))),
    }
}

impl Lang {
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::ZhCn)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The caller's language from the query string, cookie and headers.
    pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Lang {
        let from_query = query.and_then(|q| {
            q.split('&')
                .find_map(|pair| pair.strip_prefix("lang="))
                .and_then(Lang::from_tag)
        });
        let from_cookie = || {
            headers
                .get_all(COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .find_map(|c| c.trim().strip_prefix("lang=").and_then(Lang::from_tag))
        };
        let from_header = || {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.split(',')
                        .find_map(|part| Lang::from_tag(part.split(';').next().unwrap_or("")))
                })
        };
        from_query
            .or_else(from_cookie)
            .or_else(from_header)
            .unwrap_or_default()
    }

    /// The message for `key`, if the catalogue has one.
    pub fn get(self, key: &str) -> Option<&'static str> {
        catalogue(self).get(key).map(String::as_str)
    }
}

/// The texts of one-time link messages from the catalogues (zh-CN first: the default),
/// their links on `base_url`, the server's public address.
pub fn link_texts(base_url: &str) -> app::center::LinkTexts {
    let text = |lang: Lang| app::center::LinkText {
        lang: lang.tag().to_owned(),
        first_sign_in: catalogue(lang)["message.link.first_sign_in"].clone(),
        password_reset: catalogue(lang)["message.link.password_reset"].clone(),
    };
    app::center::LinkTexts {
        base_url: base_url.trim_end_matches('/').to_owned(),
        texts: vec![text(Lang::ZhCn), text(Lang::En)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_the_same_keys_and_no_empty_message() {
        let zh: Vec<_> = catalogue(Lang::ZhCn).keys().collect();
        let en: Vec<_> = catalogue(Lang::En).keys().collect();
        assert_eq!(zh, en);
        for lang in [Lang::ZhCn, Lang::En] {
            assert!(catalogue(lang).values().all(|m| !m.trim().is_empty()));
        }
    }

    #[test]
    fn zh_cn_is_the_default_and_the_query_wins() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::negotiate(None, &headers), Lang::ZhCn);
        headers.insert(ACCEPT_LANGUAGE, "en-US,en;q=0.9".parse().unwrap());
        assert_eq!(Lang::negotiate(None, &headers), Lang::En);
        headers.insert(COOKIE, "a=b; lang=zh-CN".parse().unwrap());
        assert_eq!(Lang::negotiate(None, &headers), Lang::ZhCn);
        assert_eq!(Lang::negotiate(Some("x=1&lang=en"), &headers), Lang::En);
        headers.insert(ACCEPT_LANGUAGE, "fr".parse().unwrap());
        headers.remove(COOKIE);
        assert_eq!(
            Lang::negotiate(None, &headers),
            Lang::ZhCn,
            "unknown languages fall back to zh-CN"
        );
    }
}
