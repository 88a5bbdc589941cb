//! The workbench's forms: trade commands by name, the tender documents (up and down), and
//! the project registration. Each goes through the app; the redirect says what happened.
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::trade::{TradeCommand, VenueBooking};
use domain::{Actor, BusinessLine, Method, Role, TradeId};

use super::super::common::beijing;
use super::super::session::csrf_ok;
use crate::Shared;
use crate::extract::{PageTrade, PageUser};

/// After a command: back to the workbench with what happened (or why not).
fn done(result: Result<app::Outcome, app::AppError>) -> Response {
    match result {
        Ok(o) if o.events.is_empty() => Redirect::to("/work?done=none").into_response(),
        Ok(o) => Redirect::to(&format!(
            "/work?done={}&seq={}",
            o.events.first().cloned().unwrap_or_default(),
            o.first_seq
        ))
        .into_response(),
        Err(e) => failed(e.code()),
    }
}

fn failed(code: &str) -> Response {
    Redirect::to(&format!("/work?error={code}")).into_response()
}

/// A form or upload the extractor refused: too large, or not what the page sends.
fn refused(status: axum::http::StatusCode, otherwise: &str) -> Response {
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        failed("payload_too_large")
    } else {
        failed(otherwise)
    }
}

/// The actor for a staff action: through the post, so a backup acts for an away primary.
async fn staff_actor(p: &Shared, user: &PageUser, post: &str) -> Result<Actor, app::AppError> {
    if user.actor().role == Role::CenterStaff {
        p.acting_actor(&user.info, post).await
    } else {
        Ok(user.actor().clone())
    }
}

/// The `{what}` of the address.
#[derive(serde::Deserialize)]
pub struct What {
    what: String,
}

#[derive(serde::Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

pub async fn trade_action(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Path(What { what }): Path<What>,
    form: Result<axum::Form<ActionForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(axum::Form(form)) => form,
        Err(e) => return refused(e.status(), "bad_form"),
    };
    if !csrf_ok(&user.info, &form.csrf) {
        return failed("auth.csrf");
    }
    match command(&what, &form, user.actor()) {
        Ok((command, post)) => {
            let actor = match post {
                Some(post) => match staff_actor(&p, &user, post).await {
                    Ok(a) => a,
                    Err(e) => return failed(e.code()),
                },
                None => user.actor().clone(),
            };
            done(p.execute(&trade, command, &actor, &user.meta()).await)
        }
        Err(code) => failed(code),
    }
}

/// The command a workbench form names, and the staff post it acts through; or the error
/// code of a form that does not parse.
fn command(
    what: &str,
    form: &ActionForm,
    actor: &Actor,
) -> Result<(TradeCommand, Option<&'static str>), &'static str> {
    let get = |k: &str| form.fields.get(k).cloned().unwrap_or_default();
    Ok(match what {
        "accept" => (
            TradeCommand::Accept {
                deferred: vec![],
                pledge: None,
            },
            Some("acceptance"),
        ),
        "book" => {
            let (Ok(opening_room), Ok(evaluation_room)) = (
                domain::RoomId::parse(&get("opening_room")),
                domain::RoomId::parse(&get("evaluation_room")),
            ) else {
                return Err("bad_form");
            };
            let (Some(opening_at), Some(evaluation_from), Some(evaluation_to)) = (
                beijing(&get("opening_at")),
                beijing(&get("evaluation_from")),
                beijing(&get("evaluation_to")),
            ) else {
                return Err("bad_form");
            };
            (
                TradeCommand::BookVenue(VenueBooking {
                    opening_room,
                    opening_at,
                    evaluation_room,
                    evaluation_from,
                    evaluation_to,
                }),
                Some("venue"),
            )
        }
        "publish" => {
            let Some(bid_deadline) = beijing(&get("deadline")) else {
                return Err("bad_form");
            };
            (
                TradeCommand::PublishAnnouncement {
                    bid_deadline,
                    opening_key: None,
                    notice: None,
                    sealing: None,
                },
                None,
            )
        }
        "obtain" => {
            let Some(org) = own_org(actor) else {
                return Err("access.not_party");
            };
            (
                TradeCommand::ObtainDocuments {
                    bidder: org,
                    label: None,
                },
                None,
            )
        }
        "ask" => {
            let Some(org) = own_org(actor) else {
                return Err("access.not_party");
            };
            (
                TradeCommand::AskQuestion {
                    bidder: org,
                    text: get("text"),
                    label: None,
                },
                None,
            )
        }
        "answer" => {
            let Ok(number) = get("number").trim().parse::<u32>() else {
                return Err("bad_form");
            };
            (
                TradeCommand::AnswerQuestion {
                    number,
                    answer: get("answer"),
                },
                None,
            )
        }
        _ => return Err("not_found"),
    })
}

/// Tender documents come as a multipart upload (size-limited by the router), stored in the
/// blob folder by hash and recorded by the command.
pub async fn upload_documents(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => return refused(e.status(), "bad_upload"),
    };
    let (mut csrf, mut file) = (String::new(), None);
    loop {
        let part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(e) => return refused(e.status(), "bad_upload"),
        };
        match part.name() {
            Some("csrf") => match part.text().await {
                Ok(text) => csrf = text,
                Err(e) => return refused(e.status(), "bad_upload"),
            },
            Some("file") => {
                let name = part.file_name().unwrap_or("tender-documents").to_owned();
                match part.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => file = Some((name, bytes)),
                    Ok(_) => return failed("bad_upload"),
                    Err(e) => return refused(e.status(), "bad_upload"),
                }
            }
            _ => {}
        }
    }
    if !csrf_ok(&user.info, &csrf) {
        return failed("auth.csrf");
    }
    let Some((name, bytes)) = file else {
        return failed("bad_upload");
    };
    let blob = match app::demo::put_file(&p, &name, &bytes) {
        Ok(b) => b,
        Err(e) => return failed(e.code()),
    };
    let command = TradeCommand::UploadTenderDocuments { file: blob };
    done(p.execute(&trade, command, user.actor(), &user.meta()).await)
}

/// Every field defaults to empty, so a missing one is told apart from a missing CSRF token:
/// the token is checked first, then the fields.
#[derive(serde::Deserialize)]
#[serde(default)]
#[derive(Default)]
pub struct RegisterForm {
    csrf: String,
    trade: String,
    title: String,
    line: String,
    method: String,
    region: String,
    tenderer: String,
    estimate: String,
    green: Option<String>,
}

pub async fn register(
    State(p): State<Shared>,
    user: PageUser,
    form: Result<axum::Form<RegisterForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(axum::Form(f)) => f,
        Err(e) => return refused(e.status(), "bad_form"),
    };
    let info = &user.info;
    if !csrf_ok(info, &f.csrf) {
        return failed("auth.csrf");
    }
    if f.title.trim().is_empty() {
        return failed("bad_form");
    }
    let parsed = (
        TradeId::parse(f.trade.trim()),
        serde_json::from_value::<BusinessLine>(serde_json::Value::String(f.line.clone())),
        serde_json::from_value::<Method>(serde_json::Value::String(f.method.clone())),
        domain::RegionCode::parse(f.region.trim()),
        domain::UnifiedSocialCreditCode::parse(f.tenderer.trim()),
        f.estimate.trim().parse::<domain::Money>(),
    );
    let (Ok(trade), Ok(line), Ok(method), Ok(region), Ok(tenderer), Ok(estimate)) = parsed else {
        return failed("bad_form");
    };
    let agency = if info.actor.role == Role::Agency {
        info.actor
            .org
            .as_deref()
            .and_then(|o| domain::UnifiedSocialCreditCode::parse(o).ok())
    } else {
        None
    };
    let command = TradeCommand::Register {
        trade: trade.clone(),
        title: f.title.trim().to_owned(),
        line,
        method,
        region,
        tenderer,
        agency,
        estimate,
        green_channel: f.green.is_some(),
        invited_bidders: vec![],
    };
    done(p.execute(&trade, command, &info.actor, &user.meta()).await)
}

/// Download the tender documents (a bidder after obtaining them; parties and staff).
pub async fn download_documents(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
) -> Response {
    match app::queries::tender_documents(&p, &trade, user.actor()).await {
        Ok((name, bytes)) => {
            // RFC 6266: the UTF-8 file name, percent-encoded.
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let disposition = format!("attachment; filename*=UTF-8''{encoded}");
            (
                [
                    (
                        axum::http::header::CONTENT_TYPE,
                        "application/octet-stream".to_owned(),
                    ),
                    (axum::http::header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => failed(e.code()),
    }
}

/// The caller's organisation as a code, if it acts for one.
fn own_org(actor: &domain::Actor) -> Option<domain::UnifiedSocialCreditCode> {
    actor
        .org
        .as_deref()
        .and_then(|o| domain::UnifiedSocialCreditCode::parse(o).ok())
}
