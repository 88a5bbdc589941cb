//! The workbench's forms: trade commands by name, the tender documents (up and down), and
//! the project registration. Each goes through the app; the redirect says what happened, an
//! error page why not.
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::IntoResponse;
use domain::trade::{TradeCommand, VenueBooking};
use domain::{Actor, BusinessLine, Class, Method, Role, TradeId};

use super::super::common::beijing;
use super::super::session::{Csrf, action_form, csrf_ok};
use super::super::{PageContext, PageError, PageResult, render};
use super::book::{Retry, wrong_field};
use super::done;
use crate::Shared;
use crate::extract::{PageTrade, PageUser};

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

impl Csrf for ActionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The workbench's trade actions, `/work/trades/{id}/{what}`.
pub const ACTIONS: &[&str] = &["accept", "book", "publish", "obtain", "ask", "answer"];

pub async fn trade_action(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Path(What { what }): Path<What>,
    form: Result<axum::Form<ActionForm>, FormRejection>,
) -> PageResult {
    let form = action_form(&user, &what, ACTIONS, form)?;
    let (command, post) = command(&what, &form, user.actor())?;
    let actor = match post {
        Some(post) => staff_actor(&p, &user, post).await?,
        None => user.actor().clone(),
    };
    match app::trades::execute(&p, &trade, command, &actor, &user.meta()).await {
        Ok(o) => done(&o.events, o.first_seq),
        // A refused booking: the workbench again, the rooms as picked and why not.
        Err(e @ app::AppError::Refused { .. }) if what == "book" => {
            let rooms = app::center::bookable_rooms(&p).await?;
            let mut message = ctx.t.s(&format!("error.{}", e.code())).to_owned();
            if let Some(article) = e.article() {
                message = format!("{message}（{article}）");
            }
            tracing::info!(trade = %trade, code = e.code(), "booking refused");
            let retry = Retry {
                trade: trade.to_string(),
                field: Some(wrong_field(e.code(), &rooms, &form.fields)),
                sent: form.fields,
                code: e.code(),
                message,
            };
            let page = super::work_page(&p, ctx, &user, None, Some(&retry)).await?;
            Ok((crate::error::status(e.class()), render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The command a workbench form names, and the staff post it acts through; or why not.
fn command(
    what: &str,
    form: &ActionForm,
    actor: &Actor,
) -> Result<(TradeCommand, Option<&'static str>), PageError> {
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
                return Err(PageError::bad_form());
            };
            let (Some(opening_at), Some(evaluation_from), Some(evaluation_to)) = (
                beijing(&get("opening_at")),
                beijing(&get("evaluation_from")),
                beijing(&get("evaluation_to")),
            ) else {
                return Err(PageError::bad_form());
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
                return Err(PageError::bad_form());
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
            let org = app::bidding::caller_org(actor)?;
            (
                TradeCommand::ObtainDocuments {
                    bidder: org,
                    label: None,
                    holder: None,
                },
                None,
            )
        }
        "ask" => {
            let org = app::bidding::caller_org(actor)?;
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
                return Err(PageError::bad_form());
            };
            (
                TradeCommand::AnswerQuestion {
                    number,
                    answer: get("answer"),
                },
                None,
            )
        }
        _ => return Err(PageError::not_found()),
    })
}

/// Tender documents come as a multipart upload (size-limited by the router), stored in the
/// blob folder by hash and recorded by the command.
pub async fn upload_documents(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let refused = |status| PageError::refused_body(status, "bad_upload");
    let mut multipart = multipart.map_err(|e| refused(e.status()))?;
    let (mut csrf, mut file) = (String::new(), None);
    loop {
        let Some(part) = multipart
            .next_field()
            .await
            .map_err(|e| refused(e.status()))?
        else {
            break;
        };
        match part.name() {
            Some("csrf") => csrf = part.text().await.map_err(|e| refused(e.status()))?,
            Some("file") => {
                let name = part.file_name().unwrap_or("tender-documents").to_owned();
                let bytes = part.bytes().await.map_err(|e| refused(e.status()))?;
                if bytes.is_empty() {
                    return Err(PageError::new(Class::Invalid, "bad_upload"));
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    if !csrf_ok(&user.info, &csrf) {
        return Err(PageError::csrf());
    }
    let Some((name, bytes)) = file else {
        return Err(PageError::new(Class::Invalid, "bad_upload"));
    };
    let o = app::trades::upload_tender_documents(
        &p,
        &trade,
        &name,
        &bytes,
        None,
        user.actor(),
        &user.meta(),
    )
    .await?;
    done(&o.events, o.first_seq)
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
}

pub async fn register(
    State(p): State<Shared>,
    user: PageUser,
    form: Result<axum::Form<RegisterForm>, FormRejection>,
) -> PageResult {
    let axum::Form(f) = form.map_err(|e| PageError::refused_body(e.status(), "bad_form"))?;
    let info = &user.info;
    if !csrf_ok(info, &f.csrf) {
        return Err(PageError::csrf());
    }
    if f.title.trim().is_empty() {
        return Err(PageError::bad_form());
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
        return Err(PageError::bad_form());
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
        // The green channel is asked for on the trade's steps page and granted by staff.
        green_channel: false,
        invited_bidders: vec![],
    };
    let o = app::trades::execute(&p, &trade, command, &info.actor, &user.meta()).await?;
    done(&o.events, o.first_seq)
}

/// Download the tender documents (a bidder after obtaining them; parties and staff).
pub async fn download_documents(
    State(p): State<Shared>,
    user: PageUser,
    PageTrade(trade): PageTrade,
) -> PageResult {
    let (name, bytes) = app::queries::tender_documents(&p, &trade, user.actor()).await?;
    Ok(crate::pages::common::download(&name, bytes))
}
