<<<<<<< HEAD
//! Staff posts on the workbench: the button that marks oneself away (so B acts) or back.
//! Who holds which post comes with the workbench ([`app::queries::Workbench::posts`]).
=======
//! Staff posts on the workbench: who holds A and B, who is away, and the button that marks
//! oneself away (so B acts) or back.
use axum::extract::rejection::FormRejection;
>>>>>>> errors
use axum::extract::{Path, State};
use domain::accounts::PostCommand;

<<<<<<< HEAD
use super::session::csrf_ok;
=======
use super::session::{PageSession, csrf_ok};
use super::work::PostView;
use super::{PageError, PageResult};
>>>>>>> errors
use crate::Shared;
use crate::extract::PageUser;

/// A missing token is told apart from a form that is not one: the token is checked first.
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `/work/posts/{post}/{what}`: the holder marks itself away or back.
pub const ACTIONS: &[&str] = &["away", "back"];

pub async fn toggle(
    State(p): State<Shared>,
    user: PageUser,
    Path((post, what)): Path<(String, String)>,
<<<<<<< HEAD
    axum::Form(f): axum::Form<CsrfForm>,
) -> Response {
    if !csrf_ok(&user.info, &f.csrf) {
        return Redirect::to("/work?error=auth.csrf").into_response();
=======
    form: Result<axum::Form<CsrfForm>, FormRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    if !ACTIONS.contains(&what.as_str()) || domain::PostId::parse(&post).is_err() {
        return Err(PageError::not_found());
    }
    let axum::Form(f) = form.map_err(|e| PageError::refused_body(e.status(), "bad_form"))?;
    if !csrf_ok(&info, &f.csrf) {
        return Err(PageError::csrf());
>>>>>>> errors
    }
    let person = user.info.person.clone();
    let command = match what.as_str() {
        "away" => PostCommand::MarkAway {
            person,
            until: None,
        },
        "back" => PostCommand::MarkBack { person },
        _ => return Err(PageError::not_found()),
    };
<<<<<<< HEAD
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
=======
    let o = p
        .execute_post(
            &post,
            command,
            &info.actor,
            &app::Meta {
                ip,
                expected_version: None,
            },
        )
        .await?;
    super::work::done(&o.events, o.first_seq)
>>>>>>> errors
}
