//! How a one-time link reads in the text message that carries it: words from the web's
//! catalogue (zh-CN first, the default; the person's language when known), the full address
//! built from the server's public base URL (`serve --public-url`, else the listen address),
//! never a bare path. The web crate fills [`LinkTexts`] from its catalogue when it serves.
use domain::accounts::LinkPurpose;

use super::staff::FirstSignIn;

/// One language's texts, each with the placeholders `{center}`, `{name}`, `{link}` and
/// `{until}` (the link's expiry, Beijing time).
#[derive(Debug, Clone)]
pub struct LinkText {
    /// A language tag, e.g. `zh-CN` or `en`.
    pub lang: String,
    /// A new account's link to set a password (staff, invited people, experts).
    pub first_sign_in: String,
    pub password_reset: String,
}

/// The texts of one-time link messages and where the links point.
#[derive(Debug, Clone, Default)]
pub struct LinkTexts {
    /// The server's public base URL (`https://bids.example.gov.cn`), no trailing slash.
    pub base_url: String,
    /// By language; the first is the default. Empty: a plain line naming the link.
    pub texts: Vec<LinkText>,
}

/// Who a link is for and what it opens.
pub(crate) struct LinkFor<'a> {
    pub center: &'a str,
    pub name: &'a str,
    pub link: &'a FirstSignIn,
    pub purpose: LinkPurpose,
    /// The person's language, when known.
    pub lang: Option<&'a str>,
}

impl LinkTexts {
    /// The link's full address.
    pub fn url(&self, link: &FirstSignIn) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), link.path())
    }

    /// The message carrying `to.link`: in the person's language if there is a text in it,
    /// else the default one. The address stands apart (spaces around it), so phones make
    /// it a link and no punctuation sticks to it.
    pub(crate) fn text(&self, to: &LinkFor<'_>) -> String {
        let url = self.url(to.link);
        let chosen = to
            .lang
            .and_then(|l| self.texts.iter().find(|t| t.lang.eq_ignore_ascii_case(l)))
            .or_else(|| self.texts.first());
        let Some(text) = chosen else {
            return format!("{} {}: {url}", to.center, to.purpose.as_str());
        };
        let template = match to.purpose {
            LinkPurpose::FirstSignIn => &text.first_sign_in,
            LinkPurpose::PasswordReset => &text.password_reset,
        };
        template
            .replace("{center}", to.center)
            .replace("{name}", to.name)
            .replace(
                "{until}",
                &domain::trade::error::show_time(&to.link.expires_at),
            )
            .replace("{link}", &url)
    }
}
