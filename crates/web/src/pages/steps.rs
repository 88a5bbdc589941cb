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
use domain::access::{authorize_on, relation_to_trade};
use domain::trade::TradeState;
use domain::{Class, TradeId};

use super::common::Flash;
use super::session::csrf_ok;
use super::step_forms::{Built, Gate, Kind, STEPS, Sent, Step, Wrong, build, field_of, step};
use super::{PageContext, PageError, PageResult, Tr, redirect, render};
use crate::Shared;
use crate::error::status;
use crate::extract::{PageTrade, PageUser};

pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    /// `text`, `textarea`, `date`, `datetime-local`, `file`, `checkbox` or `select`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(&'static str, String, bool)>,
    pub error: Option<String>,
    /// An amount as read back: `¥12,000,000.00（壹仟贰佰万元整）`.
    pub shown: Option<String>,
}

pub struct StepView {
    pub id: &'static str,
    pub title: String,
    pub who: String,
    /// Why the signed-in person may not act now (`None`: they may).
    pub why_not: Option<String>,
    pub fields: Vec<FieldView>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "steps.html")]
pub struct StepsPage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    pub trade: String,
    pub title: String,
    pub phase: String,
    pub notice: Option<String>,
    pub steps: Vec<StepView>,
}

/// The forms' ids, as the route table lists the actions of `/work/trades/{id}/steps/{what}`.
pub const ACTIONS: &[&str] = &[
    "accept",
    "reject_entry",
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

/// A refused submission shown again: the form, what was typed, the field and the message.
struct Attempt<'a> {
    step: &'a str,
    sent: &'a Sent,
    field: Option<&'static str>,
    message: String,
    status: StatusCode,
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
    done: Result<Query<Flash>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let notice = Flash::from(done).done.map(|d| {
        let what = ctx.t.s(&format!("ui.steps.{d}.title")).to_owned();
        ctx.t.s("ui.steps.done").replace("{what}", &what)
    });
    show(&p, &ctx, &user.info, &trade, notice, None).await
}

async fn show(
    p: &Shared,
    ctx: &PageContext,
    info: &app::SessionInfo,
    trade: &TradeId,
    notice: Option<String>,
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
        trade: trade.to_string(),
        title: summary.title,
        phase: t.s(&format!("phase.{}", state.phase.as_str())).to_owned(),
        notice,
        steps: STEPS
            .iter()
            .map(|s| view(t, info, &state, s, attempt.as_ref()))
            .collect(),
    };
    Ok((status, render(&page)).into_response())
}

fn view(
    t: &Tr,
    info: &app::SessionInfo,
    state: &TradeState,
    step: &Step,
    attempt: Option<&Attempt<'_>>,
) -> StepView {
    let mine = attempt.filter(|a| a.step == step.id);
    let (why_not, roles) = gate(info, state, step.gate);
    let why_not = why_not.map(|code| t.s(&format!("error.{code}")).to_owned());
    let roles: Vec<String> = roles
        .iter()
        .map(|role| t.s(&format!("role.{}", role.as_str())).to_owned())
        .collect();
    StepView {
        id: step.id,
        title: t.s(&format!("ui.steps.{}.title", step.id)).to_owned(),
        who: t.s("ui.steps.who").replace("{roles}", &roles.join("、")),
        why_not,
        fields: step
            .fields
            .iter()
            .map(|f| {
                let typed = mine.and_then(|a| a.sent.text.get(f.name).cloned());
                let value = typed.unwrap_or_else(|| f.default.to_owned());
                FieldView {
                    name: f.name,
                    label: t.s(f.label).to_owned(),
                    kind: kind_name(f.kind),
                    options: match f.kind {
                        Kind::Pick(opts) => opts
                            .iter()
                            .map(|(v, k)| (*v, t.s(k).to_owned(), *v == value))
                            .collect(),
                        _ => vec![],
                    },
                    error: mine
                        .filter(|a| a.field == Some(f.name))
                        .map(|a| a.message.clone()),
                    shown: (f.kind == Kind::Money)
                        .then(|| super::money::parse_yuan(&value))
                        .flatten()
                        .map(|m| {
                            let capitals = super::money::capitals(m).unwrap_or_default();
                            format!("{}（{capitals}）", super::money::shown(m))
                        }),
                    value,
                }
            })
            .collect(),
        error: mine.map(|a| a.message.clone()),
    }
}

/// The code of why `info` may not act now (`None`: it may), and the roles that may.
fn gate(
    info: &app::SessionInfo,
    state: &TradeState,
    gate: Gate,
) -> (Option<&'static str>, Vec<domain::Role>) {
    let relation = relation_to_trade(&info.actor, state);
    match gate {
        Gate::Matrix(action) => (
            authorize_on(info.actor.role, action, state, relation)
                .err()
                .map(|d| d.code()),
            domain::access::rules(action)
                .iter()
                .map(|(r, _)| *r)
                .collect(),
        ),
        Gate::PartyRoles(roles) => {
            let party = matches!(
                relation,
                domain::Relation::Tenderer | domain::Relation::Agency
            );
            let why = if !roles.contains(&info.actor.role) {
                Some("access.wrong_role")
            } else if !party {
                Some("access.not_party")
            } else {
                None
            };
            (why, roles.to_vec())
        }
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Text => "text",
        Kind::Area => "textarea",
        Kind::Date => "date",
        Kind::DateTime => "datetime-local",
        Kind::File => "file",
        Kind::Check => "checkbox",
        Kind::Money => "text",
        Kind::Pick(_) => "select",
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
    let info = &user.info;
    let Some(step) = step(&form) else {
        return Err(PageError::not_found());
    };
    let multipart = multipart.map_err(|e| PageError::refused_body(e.status(), "bad_upload"))?;
    let sent = read(multipart)
        .await
        .map_err(|code| PageError::new(Class::Invalid, code))?;
    if !csrf_ok(info, sent.text.get("csrf").map_or("", |s| s.as_str())) {
        return Err(PageError::csrf());
    }
    let again = |field: Option<&'static str>, code: &str, status: StatusCode| {
        let message = ctx.t.s(&format!("error.{code}")).to_owned();
        let attempt = Attempt {
            step: step.id,
            sent: &sent,
            field,
            message,
            status,
        };
        show(&p, &ctx, info, &trade, None, Some(attempt))
    };
    let built = match build(step, &sent) {
        Ok(b) => b,
        Err(Wrong { field, code }) => {
            return again(Some(field), code, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let actor = match (step.post, info.actor.role) {
        (Some(post), domain::Role::CenterStaff) => match p.acting_actor(info, post).await {
            Ok(a) => a,
            Err(e) => {
                return again(None, e.code(), status(e.class())).await;
            }
        },
        _ => info.actor.clone(),
    };
    let meta = user.meta();
    let result = match built {
        Built::Trade { command, files } => {
            let files: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
            app::trades::execute_with_files(&p, &trade, *command, &files, &actor, &meta)
                .await
                .map(drop)
        }
        Built::DepositTerms(terms) => {
            app::deposits::set_terms(&p, &trade, terms, &actor, &meta).await
        }
    };
    match result {
        Ok(()) => Ok(redirect::to(&format!(
            "/work/trades/{trade}/steps?done={}",
            step.id
        ))),
        Err(e) => {
            tracing::info!(trade = %trade, step = step.id, code = e.code(), "step refused");
            let code = e.code();
            again(field_of(code), code, status(e.class())).await
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
