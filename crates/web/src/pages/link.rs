//! A one-time sign-in link (`/link/<person>/<token>`, from `sunbid init` or sent through the
//! outbox): its holder sets a password once. A refused password keeps the link usable and
//! says why; the token never leaves the path (no cookie, no log line).
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{PageContext, Tr, render};
use crate::Shared;

#[derive(Template)]
#[template(path = "link.html")]
pub struct LinkPage {
    pub t: Tr,
    pub back: String,
    pub person: String,
    pub intro: String,
    pub error: Option<String>,
    pub done: bool,
}

fn page(ctx: PageContext, person: String, error: Option<String>, done: bool) -> LinkPage {
    let intro = ctx.t.s("ui.link.intro").replace("{person}", &person);
    LinkPage {
        t: ctx.t,
        back: ctx.back,
        person,
        intro,
        error,
        done,
    }
}

pub async fn form(ctx: PageContext, Path((person, _token)): Path<(String, String)>) -> Response {
    render(&page(ctx, person, None, false))
}

#[derive(serde::Deserialize)]
pub struct NewPassword {
    password: String,
}

pub async fn submit(
    State(p): State<Shared>,
    ctx: PageContext,
    Path((person, token)): Path<(String, String)>,
    form: Result<Form<NewPassword>, FormRejection>,
) -> Response {
    let Ok(Form(f)) = form else {
        let message = ctx.t.s("error.bad_form").to_owned();
        let mut r = render(&page(ctx, person, Some(message), false));
        *r.status_mut() = StatusCode::BAD_REQUEST;
        return r;
    };
    let meta = app::Meta::default();
    match app::center::redeem_link(&p, &person, &token, &f.password, &meta).await {
        Ok(_) => render(&page(ctx, person, None, true)),
        Err(e) => {
            let message = ctx.t.s(&format!("error.{}", e.code())).to_owned();
            tracing::info!(person.id = %person, error.code = e.code(), "sign-in link refused");
            // A refused password or link is the form's business (422), not a sign-in failure.
            let status = match e {
                app::AppError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                e => crate::error::ApiError::from(e).status,
            };
            let mut r = render(&page(ctx, person, Some(message), false));
            *r.status_mut() = status;
            r
        }
    }
}
