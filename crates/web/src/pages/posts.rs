//! Staff posts on the workbench: the button that marks oneself away (so B acts) or back.
//! Who holds which post comes with the workbench ([`app::queries::Workbench::posts`]).
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use domain::accounts::PostCommand;

use super::session::{Csrf, action_form};
use super::{PageError, PageResult};
use crate::Shared;
use crate::extract::PageUser;

/// A missing token is told apart from a form that is not one: the token is checked first.
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

impl Csrf for CsrfForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `/work/posts/{post}/{what}`: the holder marks itself away or back.
pub const ACTIONS: &[&str] = &["away", "back"];

pub async fn toggle(
    State(p): State<Shared>,
    user: PageUser,
    Path((post, what)): Path<(String, String)>,
    form: Result<axum::Form<CsrfForm>, FormRejection>,
) -> PageResult {
    if domain::PostId::parse(&post).is_err() {
        return Err(PageError::not_found());
    }
    action_form(&user, &what, ACTIONS, form)?;
    let person = user.info.person.clone();
    let command = match what.as_str() {
        "away" => PostCommand::MarkAway {
            person,
            until: None,
        },
        "back" => PostCommand::MarkBack { person },
        _ => return Err(PageError::not_found()),
    };
    let o = app::accounts::execute_post(&p, &post, command, user.actor(), &user.meta()).await?;
    super::work::done(&o.events, o.first_seq)
}
