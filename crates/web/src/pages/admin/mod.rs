//! The administrator's pages (issue 13), over the `app::center` use cases: `/admin` (the
//! center's settings, rooms, trusted keys, holiday calendars) and `/admin/people` (the
//! center's staff and supervisors, their posts, accounts and keys). The administrator is
//! not a super-user: these pages read no trade. Each form comes back, when refused, with
//! what was typed, the wrong field marked and the reason in the reader's language.
mod center;
mod form;
mod people;
mod rows;

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use domain::access::{Action, Relation, authorize};
use domain::center::{CalendarPreview, Center};
use domain::{Actor, Class};

pub use center::ACTIONS;
pub use people::{ACTIONS as PEOPLE_ACTIONS, people_action, people_page};

use self::center::Built;
use self::form::{Attempt, FormView, Refused};
use self::rows::{SignerRow, VenueRow};
use super::common::Flash;
use super::step_forms::Sent;
use super::{PageContext, PageError, PageResult, Tr, redirect, render};
use crate::Shared;
use crate::extract::PageUser;

/// Only an administrator (the matrix's `manage_center`) reads these pages.
fn administrator(user: &PageUser) -> Result<&Actor, PageError> {
    let actor = user.actor();
    authorize(actor.role, Action::ManageCenter, None, Relation::None)
        .map_err(|_| PageError::new(Class::Forbidden, "access.wrong_role"))?;
    Ok(actor)
}

/// The center, or the page saying `sunbid init` has not run.
async fn the_center(p: &Shared) -> Result<Center, PageError> {
    app::center::center(p)
        .await?
        .ok_or_else(|| PageError::new(Class::Rule, "center.not_established"))
}

#[derive(Template)]
#[template(path = "admin.html")]
pub struct AdminPage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    pub notice: Option<String>,
    /// A refusal of a form the page shows as a button in a row (retire, distrust).
    pub error: Option<String>,
    pub name: String,
    pub region: String,
    pub settings: Vec<FormView>,
    pub adding: Vec<FormView>,
    pub venues: Vec<VenueRow>,
    pub signers: Vec<SignerRow>,
    pub years: Vec<(i32, usize)>,
}

/// A done message: `ui.admin.done.<what>`.
fn notice(t: &Tr, flash: Result<Query<Flash>, QueryRejection>) -> Option<String> {
    Flash::from(flash).notice(t, "ui.admin.done.", None)
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    flash: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    administrator(&user)?;
    let notice = notice(&ctx.t, flash);
    show(&p, &ctx, &user, notice, None).await
}

async fn show(
    p: &Shared,
    ctx: &PageContext,
    user: &PageUser,
    notice: Option<String>,
    attempt: Option<Attempt>,
) -> PageResult {
    let c = the_center(p).await?;
    let t = Tr { lang: ctx.t.lang };
    let settings = center::settings_forms(&t, &c, attempt.as_ref());
    let adding = center::adding_forms(&t, attempt.as_ref());
    let venues = rows::venues(&t, &c, attempt.as_ref());
    let forms: Vec<&FormView> = settings
        .iter()
        .chain(&adding)
        .chain(venues.iter().map(|v| &v.change))
        .collect();
    let page = AdminPage {
        back: ctx.back.clone(),
        csrf: user.info.csrf.clone(),
        notice,
        error: form::unshown(attempt.as_ref(), &forms),
        name: c.profile.name.clone(),
        region: c.profile.region.as_str().to_owned(),
        settings,
        adding,
        venues,
        signers: rows::signers(&t, &c),
        years: c
            .calendars
            .values()
            .map(|y| (y.year, y.days.iter().filter(|d| d.off).count()))
            .collect(),
        t,
    };
    let code = attempt.map_or(StatusCode::OK, |a| a.status);
    Ok((code, render(&page)).into_response())
}

#[derive(Template)]
#[template(path = "admin_calendar.html")]
pub struct CalendarPage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    pub preview: CalendarPreview,
    pub json: String,
}

/// `/admin/{what}`: one of the center's forms.
pub async fn action(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    Path(what): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let sent = form::receive(&user, &what, ACTIONS, multipart).await?;
    let actor = administrator(&user)?.clone();
    let c = the_center(&p).await?;
    // A refused import is the calendar form's.
    let form_id = match what.as_str() {
        "calendar_import" => "calendar".to_owned(),
        // One form per room.
        "change_venue" => format!("change_venue-{}", form::field(&sent, "room")),
        _ => what.clone(),
    };
    let again = |sent: Sent, why: Refused| {
        let attempt = Attempt::new(&ctx.t, form_id.clone(), sent, why);
        show(&p, &ctx, &user, None, Some(attempt))
    };
    let built = match center::build(&what, &sent, &c) {
        Ok(b) => b,
        Err(w) => return again(sent, w.into()).await,
    };
    let meta = user.meta();
    let result = match built {
        Built::Change(command) => app::center::change(&p, command, &actor, &meta).await,
        Built::Import(json) => app::center::import_calendar(&p, &json, &actor, &meta).await,
        Built::Preview(json) => match app::center::preview_calendar(&p, &json).await {
            Ok((_, preview)) => {
                return Ok(render(&CalendarPage {
                    t: Tr { lang: ctx.t.lang },
                    back: ctx.back.clone(),
                    csrf: user.info.csrf.clone(),
                    preview,
                    json,
                }));
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(_) => Ok(redirect::to(&format!("/admin?done={what}"))),
        Err(e) => again(sent, Refused::of(&what, &e)).await,
    }
}
