//! "My keys" (`/work/keys`) for the people a round's custodians are drawn from (the witness
//! post's staff, supervisors, the tenderer's and the agency's people): their custody key, the
//! X25519 key their browser makes (`static/keys.js`, WebCrypto, not extractable, kept in
//! IndexedDB) and binds here in one click, so that their opening-key shares are sealed to it
//! and open in one click on the opening page. The link page binds one with the password too.
use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use domain::Class;

use super::common::Flash;
use super::redirect;
use super::session::{Csrf, action_form};
use super::{PageContext, PageError, PageResult, Tr, render};
use crate::Shared;
use crate::extract::PageUser;

#[derive(Template)]
#[template(path = "keys.html")]
pub struct KeysPage {
    pub t: Tr,
    pub back: String,
    pub person: String,
    pub csrf: String,
    pub notice: Option<String>,
    /// The bound custody key's public half (hex), if any; the script tells whether this
    /// browser holds its private half.
    pub custody_key: Option<String>,
    pub sign_in_keys: usize,
}

/// Only the people shares may be sealed to have this page.
fn custodian_role(user: &PageUser) -> Result<(), PageError> {
    if app::accounts::may_hold_shares(user.actor().role) {
        Ok(())
    } else {
        Err(PageError::new(Class::Forbidden, "access.wrong_role"))
    }
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    flash: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    custodian_role(&user)?;
    let me = app::queries::person(&p, user.info.person.as_str()).await?;
    let t = Tr { lang: ctx.t.lang };
    Ok(render(&KeysPage {
        notice: Flash::from(flash).notice(&t, "ui.keys.done.", None),
        person: me.id,
        csrf: user.info.csrf.clone(),
        custody_key: me.custody_key,
        sign_in_keys: me.active_keys,
        t,
        back: ctx.back,
    }))
}

#[derive(serde::Deserialize, Default)]
pub struct KeyForm {
    #[serde(default)]
    csrf: String,
    /// The X25519 public key (hex) the page's script made in this browser.
    #[serde(default)]
    public_key: String,
}

impl Csrf for KeyForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `/work/keys/{what}`.
pub const ACTIONS: &[&str] = &["custody"];

pub async fn action(
    State(p): State<Shared>,
    user: PageUser,
    Path(what): Path<String>,
    form: Result<axum::Form<KeyForm>, FormRejection>,
) -> PageResult {
    let form = action_form(&user, &what, ACTIONS, form)?;
    custodian_role(&user)?;
    let meta = user.meta();
    app::accounts::bind_custody_key(&p, &form.public_key, user.actor(), &meta).await?;
    Ok(redirect::to("/work/keys?done=custody"))
}
