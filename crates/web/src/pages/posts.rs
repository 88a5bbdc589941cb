//! Staff posts on the workbench: the button that marks oneself away (so B acts) or back.
//! Who holds which post comes with the workbench ([`app::queries::Workbench::posts`]).
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::PostCommand;

use super::session::csrf_ok;
use crate::Shared;
use crate::extract::PageUser;

#[derive(serde::Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn toggle(
    State(p): State<Shared>,
    user: PageUser,
    Path((post, what)): Path<(String, String)>,
    axum::Form(f): axum::Form<CsrfForm>,
) -> Response {
    if !csrf_ok(&user.info, &f.csrf) {
        return Redirect::to("/work?error=auth.csrf").into_response();
    }
    let person = user.info.person.clone();
    let command = match what.as_str() {
        "away" => PostCommand::MarkAway {
            person,
            until: None,
        },
        "back" => PostCommand::MarkBack { person },
        _ => return Redirect::to("/work?error=not_found").into_response(),
    };
    match p
        .execute_post(&post, command, user.actor(), &user.meta())
        .await
    {
        Ok(o) => Redirect::to(&format!(
            "/work?done={}&seq={}",
            o.events.first().cloned().unwrap_or_default(),
            o.first_seq
        ))
        .into_response(),
        Err(e) => Redirect::to(&format!("/work?error={}", e.code())).into_response(),
    }
}
