//! `/admin/people`: the people who run or watch the center, by name (the id as a detail),
//! each with their account's state and the one-time link last sent to them (its purpose,
//! expiry and delivery, never the link); forms to register one (the link goes through the
//! outbox), disable or re-enable them, send a password-reset link, bind a sign-in key from
//! a certificate or a PEM file; and each post with its A and B.
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use domain::Role;
use domain::accounts::{PostCommand, STANDARD_POSTS};

use super::super::common::Flash;
use super::super::step_forms::Sent;
use super::super::{PageContext, PageResult, Tr, redirect, render, when};
use super::administrator;
use super::form::{self, Attempt, FormView, Refused, Wrong, field, pick, required, text};
use crate::Shared;
use crate::extract::PageUser;

/// The actions of `/admin/people/{what}`.
pub const ACTIONS: &[&str] = &["create", "assign", "disable", "enable", "reset", "key"];

/// The roles the administrator registers.
const ROLES: [Role; 3] = [Role::CenterStaff, Role::Supervisor, Role::Administrator];

pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub disabled: Option<String>,
    pub credentials: String,
    /// The pending link: what for, until when, how its message fared.
    pub link: Option<String>,
}

pub struct PostRow {
    pub label: String,
    pub primary: String,
    pub backup: String,
    pub form: FormView,
}

impl PostRow {
    /// The form, as the shared form template iterates it.
    pub fn forms(&self) -> &[FormView] {
        std::slice::from_ref(&self.form)
    }
}

#[derive(Template)]
#[template(path = "admin_people.html")]
pub struct PeoplePage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub people: Vec<PersonRow>,
    pub create: FormView,
    pub posts: Vec<PostRow>,
}

impl PeoplePage {
    pub fn create_forms(&self) -> &[FormView] {
        std::slice::from_ref(&self.create)
    }
}

pub async fn people_page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    flash: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    administrator(&user)?;
    let notice = Flash::from(flash).notice(&ctx.t, "ui.admin.done.", None);
    show(&p, &ctx, &user, notice, None).await
}

fn row(t: &Tr, r: app::center::StaffRow) -> PersonRow {
    let v = r.person;
    let credentials = t
        .s("ui.admin.credentials")
        .replace(
            "{password}",
            t.s(if v.has_password {
                "ui.admin.yes"
            } else {
                "ui.admin.no"
            }),
        )
        .replace("{keys}", &v.active_keys.to_string());
    let link = r.link.map(|l| {
        let message = match l.message {
            Some(s) => format!("ui.admin.message.{}", super::super::common::serde_plain(&s)),
            None => "ui.admin.message.none".to_owned(),
        };
        let purpose = format!("ui.admin.purpose_link.{}", l.purpose.as_str());
        t.s("ui.admin.link")
            .replace("{purpose}", t.s(&purpose))
            .replace("{until}", &when(l.expires_at))
            .replace("{message}", t.s(&message))
    });
    PersonRow {
        role: t.s(&format!("role.{}", v.role.as_str())).to_owned(),
        id: v.id,
        name: v.name,
        disabled: v.disabled,
        credentials,
        link,
    }
}

async fn show(
    p: &Shared,
    ctx: &PageContext,
    user: &PageUser,
    notice: Option<String>,
    attempt: Option<Attempt>,
) -> PageResult {
    let t = Tr { lang: ctx.t.lang };
    let staff = app::center::staff(p, user.actor()).await?;
    let views = app::queries::posts(p).await?;
    let posts = post_rows(&t, &staff, &views, attempt.as_ref());
    let create = create_form(&t, attempt.as_ref());
    let mut forms: Vec<&FormView> = posts.iter().map(|p| &p.form).collect();
    forms.push(&create);
    let error = form::unshown(attempt.as_ref(), &forms);
    let page = PeoplePage {
        back: ctx.back.clone(),
        csrf: user.info.csrf.clone(),
        notice,
        error,
        people: staff.into_iter().map(|r| row(&t, r)).collect(),
        create,
        posts,
        t,
    };
    let code = attempt.map_or(StatusCode::OK, |a| a.status);
    Ok((code, render(&page)).into_response())
}

/// Each standard post with its A and B by name, and the form that assigns them (picked
/// among the enabled staff, by name).
fn post_rows(
    t: &Tr,
    staff: &[app::center::StaffRow],
    views: &[app::queries::PostView],
    attempt: Option<&Attempt>,
) -> Vec<PostRow> {
    let holders: Vec<(String, String)> = staff
        .iter()
        .filter(|r| r.person.role == Role::CenterStaff && r.person.disabled.is_none())
        .map(|r| {
            let label = format!("{}（{}）", r.person.name, r.person.id);
            (r.person.id.clone(), label)
        })
        .collect();
    let name_of = |id: &Option<String>| {
        id.as_ref().map_or_else(String::new, |id| {
            staff
                .iter()
                .find(|r| &r.person.id == id)
                .map_or(id.clone(), |r| r.person.name.clone())
        })
    };
    STANDARD_POSTS
        .iter()
        .map(|(post, _)| {
            let view = views.iter().find(|v| v.post == *post);
            let (a, b) = view.map_or((None, None), |v| (v.primary.clone(), v.backup.clone()));
            let specs = vec![
                pick("primary", "ui.admin.primary", holders.clone())
                    .value(a.clone().unwrap_or_default()),
                pick("backup", "ui.admin.backup", holders.clone())
                    .value(b.clone().unwrap_or_default()),
            ];
            let id = format!("assign-{post}");
            let action = "/admin/people/assign";
            let form =
                form::view(t, id, action, "ui.admin.assign", specs, attempt).hidden("post", *post);
            PostRow {
                label: t.s(&format!("post.{post}")).to_owned(),
                primary: name_of(&a),
                backup: name_of(&b),
                form,
            }
        })
        .collect()
}

fn create_form(t: &Tr, attempt: Option<&Attempt>) -> FormView {
    let roles = ROLES
        .iter()
        .map(|r| {
            let label = t.s(&format!("role.{}", r.as_str())).to_owned();
            (r.as_str().to_owned(), label)
        })
        .collect();
    let specs = vec![
        pick("role", "ui.admin.role", roles),
        text("person", "ui.admin.person", ""),
        text("name", "ui.admin.person_name", ""),
        text("contact", "ui.admin.contact", ""),
    ];
    let action = "/admin/people/create";
    form::view(t, "create", action, "ui.admin.create", specs, attempt)
}

/// A post's A and B as picked.
fn assignment(sent: &Sent) -> Result<PostCommand, Wrong> {
    let person = |name: &'static str| {
        domain::PersonId::parse(field(sent, name)).map_err(|_| form::wrong(name, "admin.required"))
    };
    Ok(PostCommand::Assign {
        post: domain::PostId::parse(field(sent, "post"))
            .map_err(|_| form::wrong("primary", "not_found"))?,
        primary: person("primary")?,
        backup: person("backup")?,
    })
}

fn role(sent: &Sent) -> Result<Role, Wrong> {
    ROLES
        .into_iter()
        .find(|r| r.as_str() == field(sent, "role"))
        .ok_or(form::wrong("role", "admin.required"))
}

/// `/admin/people/{what}`.
pub async fn people_action(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    Path(what): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let sent = form::receive(&user, &what, ACTIONS, multipart).await?;
    let actor = administrator(&user)?.clone();
    let form_id = match what.as_str() {
        "assign" => format!("assign-{}", field(&sent, "post")),
        other => other.to_owned(),
    };
    let again = |sent: Sent, why: Refused| {
        let attempt = Attempt::new(&ctx.t, form_id.clone(), sent, why);
        show(&p, &ctx, &user, None, Some(attempt))
    };
    let meta = user.meta();
    let person = field(&sent, "person");
    let result = match what.as_str() {
        "create" => match (
            role(&sent),
            required(&sent, "person"),
            required(&sent, "name"),
        ) {
            (Ok(role), Ok(id), Ok(name)) => {
                let contact = field(&sent, "contact");
                app::center::register_staff(&p, id, name, role, contact, &actor, &meta).await
            }
            (Err(w), _, _) | (_, Err(w), _) | (_, _, Err(w)) => {
                return again(sent, w.into()).await;
            }
        },
        "assign" => match assignment(&sent) {
            Ok(command) => {
                let post = field(&sent, "post");
                app::accounts::execute_post(&p, post, command, &actor, &meta).await
            }
            Err(w) => return again(sent, w.into()).await,
        },
        "disable" => match required(&sent, "reason") {
            Ok(reason) => app::center::disable(&p, person, reason, &actor, &meta).await,
            Err(w) => return again(sent, w.into()).await,
        },
        "enable" => app::center::enable(&p, person, &actor, &meta).await,
        "reset" => app::center::send_reset_link(&p, person, &actor, &meta).await,
        _ => match form::upload(&sent, "file") {
            Ok(file) => app::center::bind_key_file(&p, person, file, &actor, &meta).await,
            Err(w) => return again(sent, w.into()).await,
        },
    };
    match result {
        Ok(_) => Ok(redirect::to(&format!("/admin/people?done={what}"))),
        Err(e) => again(sent, Refused::of(&what, &e)).await,
    }
}
