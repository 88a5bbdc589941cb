//! Staff posts on the workbench: who holds A and B, who is away, and the button that marks
//! oneself away (so B acts) or back.
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use domain::accounts::PostCommand;
use domain::{PersonId, Role};

use super::redirect;
use super::session::{PageSession, csrf_ok};
use super::work::PostView;
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
                label: format!("{} ({})", info_label(&post.post, lang), post.post),
                primary_away: away(post, &primary),
                primary,
                backup: post.backup.clone().unwrap_or_default(),
                mine: true,
                i_am_away: away(post, &me),
            }
        })
        .collect()
}

#[derive(serde::Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn toggle(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    Path((post, what)): Path<(String, String)>,
    axum::Form(f): axum::Form<CsrfForm>,
) -> Response {
    let Some((_, info)) = session.0 else {
        return redirect::to("/signin");
    };
    if !csrf_ok(&info, &f.csrf) {
        return redirect::to("/work?error=auth.csrf");
    }
    let person: PersonId = info.person.clone();
    let command = match what.as_str() {
        "away" => PostCommand::MarkAway {
            person,
            until: None,
        },
        "back" => PostCommand::MarkBack { person },
        _ => return redirect::to("/work?error=not_found"),
    };
    match app::accounts::execute_post(
        &p,
        &post,
        command,
        &info.actor,
        &app::Meta {
            ip,
            expected_version: None,
        },
    )
    .await
    {
        Ok(o) => redirect::to(&format!(
            "/work?done={}&seq={}",
            o.events.first().cloned().unwrap_or_default(),
            o.first_seq
        ))
        .into_response(),
        Err(e) => redirect::to(&format!("/work?error={}", e.code())),
    }
}

fn info_label(post: &str, lang: crate::i18n::Lang) -> String {
    lang.get(&format!("post.{post}")).unwrap_or(post).to_owned()
}
