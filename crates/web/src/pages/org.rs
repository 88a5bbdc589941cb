//! `/org`: an organisation's file as its people complete it (details, qualifications with
//! their scanned files, people invited), its review status and the reasons of a return;
//! `/review`: the registration post's desk (queue with due dates, approve, return with
//! reasons). Each form posts, then comes back here with `done=` or `error=` and, for an
//! error, the field it names and what was typed (kept in the query).
use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Multipart, Path, Query, State};
use domain::Class;
use domain::accounts::{OrgCommand, Organisation, Qualification};

use super::session::{Csrf, PageSession, csrf_ok};
use super::{PageContext, PageError, PageResult, Tr, redirect, render};
use crate::Shared;
use crate::api_session::Peer;

#[derive(serde::Deserialize, Default)]
pub struct Shown {
    #[serde(default)]
    done: String,
    #[serde(default)]
    error: String,
    #[serde(default)]
    field: String,
}

pub struct QualificationRow {
    pub q: Qualification,
    pub expired: bool,
}

#[derive(Template)]
#[template(path = "org.html")]
pub struct OrgPage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    pub org: Organisation,
    pub status: String,
    pub reasons: Vec<String>,
    pub qualifications: Vec<QualificationRow>,
    pub people: Vec<app::PersonView>,
    pub done: Option<String>,
    pub error: Option<String>,
    pub field: String,
}

fn meta(ip: Option<String>) -> app::Meta {
    app::Meta {
        ip,
        expected_version: None,
    }
}

fn today(p: &Shared) -> time::Date {
    p.clock().now().to_offset(legal_time::BEIJING).date()
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    shown: Result<Query<Shown>, QueryRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    // A person who acts for no organisation has no file here.
    let code = info.actor.org.clone().ok_or_else(PageError::not_found)?;
    let shown = shown.map(|q| q.0).unwrap_or_default();
    let org = app::registration::org_file(&p, &code, &info.actor).await?;
    let people = app::registration::org_people(&p, &code, &info.actor).await?;
    let status = match org.unapproved() {
        None if org.pending.is_some() => "ui.org.status.change_pending",
        None => "ui.org.status.approved",
        Some(u) => match u.as_str() {
            "submitted" => "ui.org.status.submitted",
            "returned" => "ui.org.status.returned",
            _ => "ui.org.status.draft",
        },
    };
    let day = today(&p);
    let qualifications = org
        .working()
        .map(|f| f.qualifications.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|q| QualificationRow {
            expired: q.expired_on(day),
            q,
        })
        .collect();
    let reasons = org
        .pending
        .as_ref()
        .and_then(|p| p.returned.as_ref())
        .map(|r| r.reasons.clone())
        .unwrap_or_default();
    let t = ctx.t;
    let done = Some(shown.done).filter(|d| !d.is_empty());
    let error = Some(shown.error)
        .filter(|e| !e.is_empty())
        .map(|e| t.s(&format!("error.{e}")).to_owned());
    Ok(render(&OrgPage {
        status: t.s(status).to_owned(),
        t,
        back: ctx.back,
        csrf: info.csrf.clone(),
        org,
        reasons,
        qualifications,
        people,
        done,
        error,
        field: shown.field,
    }))
}

/// The actions `/org/{what}` takes.
pub const ACTIONS: &[&str] = &["submit", "discard"];

/// Back to `page` with what happened. A rule's refusal of what was typed comes back to the
/// form, naming the field; any other refusal (who may act, a fault) is the error page.
fn back(page: &str, result: Result<app::AccountOutcome, app::AppError>, field: &str) -> PageResult {
    match result {
        Ok(o) => Ok(redirect::to(&format!(
            "{page}?done={}",
            o.events.first().cloned().unwrap_or_default()
        ))),
        Err(e) if e.class() == Class::Rule => Ok(redirect::to(&format!(
            "{page}?error={}&field={field}",
            e.code()
        ))),
        Err(e) => Err(PageError::from(e).back(page)),
    }
}

/// A form must carry the session's CSRF token.
fn csrf(info: &app::SessionInfo, sent: &str) -> Result<(), PageError> {
    if csrf_ok(info, sent) {
        Ok(())
    } else {
        Err(PageError::csrf())
    }
}

/// A form the page sends, or the 400 of a form it does not.
fn read<T>(form: Result<axum::Form<T>, FormRejection>) -> Result<T, PageError> {
    form.map(|axum::Form(f)| f)
        .map_err(|e| PageError::refused_body(e.status(), "bad_form"))
}

/// A form of the signed-in person's organisation: the session (401), the form (400), its
/// CSRF token (403), and the organisation's code.
fn org_form<F: Csrf>(
    session: PageSession,
    form: Result<axum::Form<F>, FormRejection>,
) -> Result<(app::SessionInfo, F, String), PageError> {
    let (_, info) = session.signed_in()?;
    let f = read(form)?;
    csrf(&info, f.csrf())?;
    let code = info.actor.org.clone().unwrap_or_default();
    Ok((info, f, code))
}

#[derive(serde::Deserialize)]
pub struct DetailsForm {
    csrf: String,
    name: String,
    legal_representative: String,
    contact_name: String,
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
}

impl Csrf for DetailsForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn details(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    form: Result<axum::Form<DetailsForm>, FormRejection>,
) -> PageResult {
    let (info, f, code) = org_form(session, form)?;
    let details = match app::registration::details(
        &f.legal_representative,
        &f.contact_name,
        &f.phone,
        &f.email,
        &f.address,
    ) {
        Ok(d) => d,
        Err(e) => {
            let field = if e.to_string().contains("e-mail") {
                "email"
            } else {
                "phone"
            };
            return back("/org", Err(e), field);
        }
    };
    let command = OrgCommand::UpdateDetails {
        name: f.name,
        details,
    };
    let r = app::registration::change_file(&p, &code, command, &info.actor, &meta(ip)).await;
    back("/org", r, "details")
}

#[derive(serde::Deserialize)]
pub struct ActionForm {
    csrf: String,
}

impl Csrf for ActionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Submit the file for review, or discard a change not yet approved.
pub async fn action(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    Path(what): Path<String>,
    form: Result<axum::Form<ActionForm>, FormRejection>,
) -> PageResult {
    let command = match what.as_str() {
        "submit" => OrgCommand::Submit,
        "discard" => OrgCommand::DiscardChanges,
        _ => return Err(PageError::not_found()),
    };
    let (info, _, code) = org_form(session, form)?;
    let r = app::registration::change_file(&p, &code, command, &info.actor, &meta(ip)).await;
    back("/org", r, "")
}

/// The qualification form (multipart: its scanned file comes along).
pub async fn qualification(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    let mut form = form.map_err(|e| PageError::refused_body(e.status(), "bad_upload"))?;
    let mut fields = std::collections::BTreeMap::new();
    let mut files = Vec::new();
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| PageError::refused_body(e.status(), "bad_upload"))?;
        match file_name {
            Some(f) if name == "file" && !bytes.is_empty() => files.push((f, bytes.to_vec())),
            _ => {
                fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    csrf(&info, &get("csrf"))?;
    let date = |k: &str| {
        time::Date::parse(
            &get(k),
            time::macros::format_description!("[year]-[month]-[day]"),
        )
    };
    let (Ok(valid_from), Ok(valid_until)) = (date("valid_from"), date("valid_until")) else {
        return Ok(redirect::to(
            "/org?error=account.qualification_dates&field=valid_until",
        ));
    };
    let q = app::registration::QualificationForm {
        kind: get("kind"),
        grade: get("grade"),
        number: get("number"),
        issuer: get("issuer"),
        valid_from,
        valid_until,
        files,
    };
    let code = info.actor.org.clone().unwrap_or_default();
    let r = app::registration::add_qualification(&p, &code, q, &info.actor, &meta(ip)).await;
    let field = match r.as_ref().map_err(|e| e.code()) {
        Err("account.qualification_expired" | "account.qualification_dates") => "valid_until",
        Err("account.qualification_files") => "file",
        Err("account.qualification_exists") => "number",
        _ => "",
    };
    back("/org", r, field)
}

#[derive(serde::Deserialize)]
pub struct InviteForm {
    csrf: String,
    person: String,
    name: String,
    #[serde(default)]
    title: String,
    phone: String,
}

impl Csrf for InviteForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn invite(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    form: Result<axum::Form<InviteForm>, FormRejection>,
) -> PageResult {
    let (info, f, code) = org_form(session, form)?;
    let invitation = app::registration::Invitation {
        person: f.person,
        name: f.name,
        title: f.title,
        phone: f.phone,
    };
    let r = app::registration::invite(&p, &code, invitation, &info.actor, &meta(ip)).await;
    back("/org", r, "person")
}

#[derive(Template)]
#[template(path = "review.html")]
pub struct ReviewPage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    pub items: Vec<app::registration::ReviewItem>,
    pub done: Option<String>,
    pub error: Option<String>,
}

pub async fn desk(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    shown: Result<Query<Shown>, QueryRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    let items = app::registration::review_queue(&p, &info.actor).await?;
    let shown = shown.map(|q| q.0).unwrap_or_default();
    let error = Some(shown.error)
        .filter(|e| !e.is_empty())
        .map(|e| ctx.t.s(&format!("error.{e}")).to_owned());
    Ok(render(&ReviewPage {
        t: ctx.t,
        back: ctx.back,
        csrf: info.csrf.clone(),
        items,
        done: Some(shown.done).filter(|d| !d.is_empty()),
        error,
    }))
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    csrf: String,
    decision: String,
    #[serde(default)]
    reasons: String,
}

pub async fn decide(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    Path(code): Path<String>,
    form: Result<axum::Form<DecisionForm>, FormRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    let f = read(form)?;
    csrf(&info, &f.csrf)?;
    let decision = match f.decision.as_str() {
        "approve" => app::registration::Decision::Approve,
        _ => app::registration::Decision::Return {
            reasons: f.reasons.lines().map(str::to_owned).collect(),
        },
    };
    let actor = p
        .acting_actor(&info, "registration")
        .await
        .map_err(|e| PageError::from(e).back("/review"))?;
    let r = app::registration::review(&p, &code, decision, &actor, &meta(ip)).await;
    back("/review", r, "")
}
