//! Enterprise registration on pages (企业信息登记): `/register` (sign-up), `/org` (the file,
//! its qualifications and people), `/review` (the registration post's desk) and `/activate`
//! (a one-time link sets the password). Forms keep what was typed on an error and mark the
//! field that is wrong; every message comes from the catalogues.
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::UnifiedSocialCreditCode;
use domain::accounts::OrgKind;

use super::session::set_session;
use super::{PageContext, Tr, redirect, render};
use crate::Shared;
use crate::api_session::Peer;

/// The kinds an organisation may sign up as, in the order the form lists them.
pub(super) const KINDS: [OrgKind; 4] = [
    OrgKind::Bidder,
    OrgKind::Tenderer,
    OrgKind::Agency,
    OrgKind::Bank,
];

#[derive(serde::Deserialize, Default, Clone)]
pub struct SignUpForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub person_name: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template)]
#[template(path = "register.html")]
pub struct RegisterPage {
    pub t: Tr,
    pub back: String,
    pub f: SignUpForm,
    pub kinds: Vec<(&'static str, bool)>,
    /// The message, and the field it is about.
    pub error: Option<String>,
    pub field: &'static str,
}

fn page(ctx: PageContext, f: SignUpForm, error: Option<(String, &'static str)>) -> Response {
    let kinds = KINDS
        .iter()
        .map(|k| (k.as_str(), k.as_str() == f.kind))
        .collect();
    let (error, field) = match error {
        Some((m, field)) => (Some(m), field),
        None => (None, ""),
    };
    render(&RegisterPage {
        t: ctx.t,
        back: ctx.back,
        f,
        kinds,
        error,
        field,
    })
}

pub async fn form(ctx: PageContext) -> Response {
    page(ctx, SignUpForm::default(), None)
}

/// The field a refusal of the sign-up is about.
fn field_of(code: &str) -> &'static str {
    match code {
        "account.org_exists" => "code",
        "account.already_registered" | "account.invalid_person_id" => "person",
        "auth.weak_password" => "password",
        "account.invalid_value" => "name",
        _ => "",
    }
}

pub async fn submit(
    State(p): State<Shared>,
    ctx: PageContext,
    Peer(ip): Peer,
    axum::Form(mut f): axum::Form<SignUpForm>,
) -> Response {
    let bad = |ctx: PageContext, f: SignUpForm, key: &str, field: &'static str| {
        let message = ctx.t.s(key).to_owned();
        let mut r = page(ctx, f, Some((message, field)));
        *r.status_mut() = StatusCode::BAD_REQUEST;
        r
    };
    f.code = f.code.trim().to_ascii_uppercase();
    if UnifiedSocialCreditCode::parse(&f.code).is_err() {
        return bad(ctx, f, "ui.register.bad_code", "code");
    }
    if domain::RegionCode::parse(f.region.trim()).is_err() {
        return bad(ctx, f, "ui.register.bad_region", "region");
    }
    let Some(kind) = KINDS.into_iter().find(|k| k.as_str() == f.kind) else {
        return bad(ctx, f, "ui.register.bad_kind", "kind");
    };
    if domain::PersonId::parse(f.person.trim()).is_err() {
        return bad(ctx, f, "ui.register.bad_person", "person");
    }
    let form = app::registration::SignUp {
        code: f.code.clone(),
        name: f.name.clone(),
        kind,
        region: f.region.trim().to_owned(),
        person: f.person.trim().to_owned(),
        person_name: f.person_name.clone(),
        password: f.password.clone(),
    };
    let meta = app::Meta {
        ip: ip.clone(),
        expected_version: None,
    };
    if let Err(e) = app::registration::sign_up(&p, form, &meta).await {
        // A fault is no answer to the form: the error page, logged, with the request id.
        if e.class() == domain::Class::Fault {
            return super::PageError::from(e).into_response();
        }
        let field = field_of(e.code());
        let key = format!("error.{}", e.code());
        f.password.clear();
        let mut r = bad(ctx, f, &key, field);
        *r.status_mut() = crate::error::status(e.class());
        return r;
    }
    match p.sign_in_password(f.person.trim(), &f.password, ip).await {
        Ok(grant) => set_session(redirect::to("/org?done=org.applied"), &grant.token),
        Err(_) => redirect::to("/signin?next=/org"),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct LinkQuery {
    #[serde(default)]
    person: String,
    #[serde(default)]
    token: String,
}

#[derive(serde::Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    /// The Ed25519 public key (hex) the page's script made in this browser, if it could.
    #[serde(default)]
    public_key: Option<String>,
    /// The X25519 custody key (hex) made alongside, that opening-key shares are sealed to
    /// (kept by the app only for people who may hold shares).
    #[serde(default)]
    custody_key: Option<String>,
}

#[derive(Template)]
#[template(path = "activate.html")]
pub struct ActivatePage {
    pub t: Tr,
    pub back: String,
    pub person: String,
    pub token: String,
    pub error: Option<String>,
}

pub async fn activate_form(
    ctx: PageContext,
    q: Result<Query<LinkQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let q = q.map(|q| q.0).unwrap_or_default();
    render(&ActivatePage {
        t: ctx.t,
        back: ctx.back,
        person: q.person,
        token: q.token,
        error: None,
    })
}

/// The page a one-time link's text names (`/link/<person>/<token>`, see
/// `app::center::FirstSignIn::path`): the same form.
pub async fn link_form(
    ctx: PageContext,
    axum::extract::Path((person, token)): axum::extract::Path<(String, String)>,
) -> Response {
    render(&ActivatePage {
        t: ctx.t,
        back: ctx.back,
        person,
        token,
        error: None,
    })
}

pub async fn activate(
    State(p): State<Shared>,
    ctx: PageContext,
    Peer(ip): Peer,
    axum::Form(f): axum::Form<LinkForm>,
) -> Response {
    let meta = app::Meta {
        ip,
        expected_version: None,
    };
    let keys = app::accounts::BrowserKeys {
        sign_in: f.public_key.as_deref(),
        custody: f.custody_key.as_deref(),
    };
    match app::registration::redeem_link_with_keys(
        &p,
        &f.person,
        &f.token,
        &f.password,
        keys,
        &meta,
    )
    .await
    {
        Ok(_) => redirect::to("/signin?done=person.link_redeemed"),
        Err(e) if e.class() == domain::Class::Fault => super::PageError::from(e).into_response(),
        Err(e) => {
            let error = Some(ctx.t.s(&format!("error.{}", e.code())).to_owned());
            let mut r = render(&ActivatePage {
                t: ctx.t,
                back: ctx.back,
                person: f.person,
                token: f.token,
                error,
            });
            *r.status_mut() = crate::error::status(e.class());
            r
        }
    }
}
