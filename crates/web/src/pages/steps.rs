//! A trade's steps as forms (`/work/trades/{id}/steps`): acceptance with deferred documents
//! and the pledge, rejecting an entry, the tender documents with their evaluation method, an
//! amendment, suspension, resumption, cancellation, re-tender and the transaction
//! confirmation. Each form says who may act and, for the signed-in person, whether they may
//! act now or why not (the access matrix decides). A refused form comes back with what was
//! typed, the wrong field marked and the reason in the reader's language.
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use domain::{Class, TradeId};

use super::common::Flash;
use super::session::csrf_ok;
use super::step_forms::{Built, Gate, Sent, Step, Wrong, build, field_of};
use super::step_table::STEPS;
use super::step_view::{StepView, view};
use super::{PageContext, PageError, PageResult, Tr, redirect, render};
use crate::Shared;
use crate::error::status;
use crate::extract::{PageTrade, PageUser};

#[derive(Template)]
#[template(path = "steps.html")]
pub struct StepsPage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    /// The catalogue key of the page's title.
    pub heading: &'static str,
    /// Where the forms post: `<base>/<step>`.
    pub base: String,
    /// Lines read out above the forms (a sub-account's number, the deposit terms).
    pub facts: Vec<String>,
    pub trade: String,
    pub title: String,
    pub phase: String,
    pub notice: Option<String>,
    pub entry: super::step_intake::EntryStatus,
    pub steps: Vec<StepView>,
}

/// The forms' ids, as the route table lists the actions of `/work/trades/{id}/steps/{what}`.
pub const ACTIONS: &[&str] = &[
    "accept",
    "return_entry",
    "reject_entry",
    "resubmit_entry",
    "request_green",
    "decide_green",
    "documents",
    "deposit_terms",
    "publish",
    "amend",
    "suspend",
    "resume",
    "cancel",
    "retender",
    "confirm",
];

/// One page of step forms: the trade's steps, or a bidder's deposit.
#[derive(Clone, Copy)]
pub struct Book {
    pub steps: &'static [Step],
    pub heading: &'static str,
    /// The forms' path under the trade: `/work/trades/{id}/steps` or `/trades/{id}/deposit`.
    pub path: fn(&TradeId) -> String,
}

pub const TRADE_STEPS: Book = Book {
    steps: STEPS,
    heading: "ui.steps.title",
    path: |trade| format!("/work/trades/{trade}/steps"),
};

/// A refused submission shown again: the form, what was typed, the field and the message.
pub struct Attempt<'a> {
    pub step: &'a str,
    pub sent: &'a Sent,
    pub field: Option<&'static str>,
    pub message: String,
    pub status: StatusCode,
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
    done: Result<Query<Flash>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let notice = done_notice(&ctx.t, Flash::from(done).done.as_deref());
    show(
        &p,
        &ctx,
        &user.info,
        &trade,
        TRADE_STEPS,
        (notice, vec![]),
        None,
    )
    .await
}

/// "Done: <the step's title>".
pub fn done_notice(t: &Tr, done: Option<&str>) -> Option<String> {
    done.map(|d| {
        let what = t.s(&format!("ui.steps.{d}.title")).to_owned();
        t.s("ui.steps.done").replace("{what}", &what)
    })
}

/// The page of `book`'s forms, with a notice and facts above them.
pub async fn show(
    p: &Shared,
    ctx: &PageContext,
    info: &app::SessionInfo,
    trade: &TradeId,
    book: Book,
    (notice, facts): (Option<String>, Vec<String>),
    attempt: Option<Attempt<'_>>,
) -> PageResult {
    let t = &ctx.t;
    let summary = app::queries::trade_for(p, trade, &info.actor).await?;
    let state = app::queries::trade_state(p, trade).await?;
    let status = attempt.as_ref().map_or(StatusCode::OK, |a| a.status);
    let page = StepsPage {
        t: Tr { lang: t.lang },
        back: ctx.back.clone(),
        csrf: info.csrf.clone(),
        heading: book.heading,
        base: (book.path)(trade),
        facts,
        trade: trade.to_string(),
        title: summary.title,
        phase: t.s(&format!("phase.{}", state.phase.as_str())).to_owned(),
        notice,
        entry: super::step_intake::status(&state),
        steps: book
            .steps
            .iter()
            .map(|s| view(t, info, &state, s, attempt.as_ref()))
            .collect(),
    };
    Ok((status, render(&page)).into_response())
}

/// Carries out what a form asked; what the redirect adds to its query (`&account=…`).
async fn carry_out(
    p: &Shared,
    trade: &TradeId,
    built: Built,
    actor: &domain::Actor,
    meta: &app::Meta,
) -> Result<String, app::AppError> {
    match built {
        Built::Trade { command, files } => {
            let files: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
            app::trades::execute_with_files(p, trade, *command, &files, actor, meta)
                .await
                .map(|_| String::new())
        }
        Built::DepositTerms(terms) => app::deposits::set_terms(p, trade, terms, actor, meta)
            .await
            .map(|()| String::new()),
        Built::Deposit(act) => super::deposit::carry_out(p, trade, act, actor, meta).await,
    }
}

/// Reads every part of the form: text fields and files (a file field left empty is absent).
pub(super) async fn read(mut multipart: Multipart) -> Result<Sent, &'static str> {
    let mut sent = Sent::default();
    while let Some(part) = multipart.next_field().await.map_err(|_| "bad_upload")? {
        let Some(name) = part.name().map(str::to_owned) else {
            continue;
        };
        match part.file_name().map(str::to_owned) {
            Some(file) => {
                let bytes = part.bytes().await.map_err(|_| "bad_upload")?;
                if !bytes.is_empty() {
                    sent.files.insert(name, (file, bytes.to_vec()));
                }
            }
            None => {
                let text = part.text().await.map_err(|_| "bad_upload")?;
                sent.text.insert(name, text);
            }
        }
    }
    Ok(sent)
}

pub async fn submit(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Path((_, form)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    submit_in(TRADE_STEPS, p, ctx, user, trade, form, multipart).await
}

/// A form of `book` sent: read, checked, carried out; refused, the page again.
pub async fn submit_in(
    book: Book,
    p: Shared,
    ctx: PageContext,
    user: PageUser,
    trade: TradeId,
    form: String,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let info = &user.info;
    let Some(step) = book.steps.iter().find(|s| s.id == form) else {
        return Err(PageError::not_found());
    };
    let multipart = multipart.map_err(|e| PageError::refused_body(e.status(), "bad_upload"))?;
    let sent = read(multipart)
        .await
        .map_err(|code| PageError::new(Class::Invalid, code))?;
    if !csrf_ok(info, sent.text.get("csrf").map_or("", |s| s.as_str())) {
        return Err(PageError::csrf());
    }
    let again =
        |field: Option<&'static str>, code: &str, status: StatusCode, article: Option<&str>| {
            let message = ctx.t.s(&format!("error.{code}")).to_owned();
            // A refusal by a rule names its article, whatever the catalogue's sentence says.
            let message = match article {
                Some(a) if !message.contains(a) => format!("{message}（{a}）"),
                _ => message,
            };
            let attempt = Attempt {
                step: step.id,
                sent: &sent,
                field,
                message,
                status,
            };
            show(&p, &ctx, info, &trade, book, (None, vec![]), Some(attempt))
        };
    // A form open to some roles only (a deposit's) refuses the others before reading it.
    if let Gate::Roles(roles) = step.gate
        && !roles.contains(&info.actor.role)
    {
        return again(None, "access.wrong_role", StatusCode::FORBIDDEN, None).await;
    }
    let built = match build(step, &sent) {
        Ok(b) => b,
        Err(Wrong { field, code }) => {
            return again(Some(field), code, StatusCode::UNPROCESSABLE_ENTITY, None).await;
        }
    };
    let actor = match (step.post, info.actor.role) {
        (Some(post), domain::Role::CenterStaff) => match p.acting_actor(info, post).await {
            Ok(a) => a,
            Err(e) => {
                return again(None, e.code(), status(e.class()), e.article()).await;
            }
        },
        _ => info.actor.clone(),
    };
    let result = carry_out(&p, &trade, built, &actor, &user.meta()).await;
    match result {
        Ok(more) => Ok(redirect::to(&format!(
            "{}?done={}{more}",
            (book.path)(&trade),
            step.id
        ))),
        Err(e) => {
            tracing::info!(trade = %trade, step = step.id, code = e.code(), "step refused");
            let code = e.code();
            again(field_of(code), code, status(e.class()), e.article()).await
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_route_table_lists_every_form() {
        let ids: Vec<&str> = super::STEPS.iter().map(|s| s.id).collect();
        assert_eq!(ids, super::ACTIONS);
    }
}
