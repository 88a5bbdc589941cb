//! Staff posts on the workbench: who holds A and B, who is away, and the button that marks
//! oneself away (so B acts) or back.
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use domain::accounts::PostCommand;
use domain::{PersonId, Role};

use super::session::{PageSession, csrf_ok};
use super::work::PostView;
use super::{PageError, PageResult};
use crate::Shared;
use crate::api_session::Peer;

pub async fn views(
    p: &Shared,
    info: &app::SessionInfo,
    now: legal_time::OffsetDateTime,
    lang: crate::i18n::Lang,
) -> Vec<PostView> {
    if info.actor.role != Role::CenterStaff {
        return vec![];
    }
    let me = info.person.to_string();
    let away = |post: &app::PostView, who: &str| {
        post.away
            .iter()
            .any(|m| m.person == who && m.until.is_none_or(|u| u > now))
    };
    let posts = p.posts().await.unwrap_or_default();
    posts
        .iter()
        .filter(|post| post.primary.as_deref() == Some(&me) || post.backup.as_deref() == Some(&me))
        .map(|post| {
            let primary = post.primary.clone().unwrap_or_default();
            PostView {
                id: post.post.clone(),
                label: info_label(&post.post, lang).to_string(),
                primary_away: away(post, &primary),
                primary,
                backup: post.backup.clone().unwrap_or_default(),
                mine: true,
                i_am_away: away(post, &me),
            }
        })
        .collect()
}

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
    session: PageSession,
    Peer(ip): Peer,
    Path((post, what)): Path<(String, String)>,
    form: Result<axum::Form<CsrfForm>, FormRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    if !ACTIONS.contains(&what.as_str()) || domain::PostId::parse(&post).is_err() {
        return Err(PageError::not_found());
    }
    let axum::Form(f) = form.map_err(|e| PageError::refused_body(e.status(), "bad_form"))?;
    if !csrf_ok(&info, &f.csrf) {
        return Err(PageError::csrf());
    }
    let person: PersonId = info.person.clone();
    let command = match what.as_str() {
        "away" => PostCommand::MarkAway {
            person,
            until: None,
        },
        "back" => PostCommand::MarkBack { person },
        _ => return Err(PageError::not_found()),
    };
    let o = app::accounts::execute_post(
        &p,
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
}

fn info_label(post: &str, lang: crate::i18n::Lang) -> String {
    lang.get(&format!("post.{post}")).unwrap_or(post).to_owned()
}
