//! The workbench: one page whose sections follow the signed-in person's role — staff queues
//! (acceptance, venue) with A/B posts, the agency's project registration and its trades, the
//! bidder's open tenders, the supervisor's view of every trade. Every form posts back here and
//! every command goes through the app, where the access matrix and the trade rules decide.
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::IntoResponse;
use domain::trade::{Phase, TradeCommand, TradeSummary, VenueBooking};
use domain::{Actor, BusinessLine, Class, Method, Role, TradeId};

use super::redirect;
use super::session::{PageSession, csrf_ok};
use super::{PageContext, PageError, PageResult, Tr, render, when};
use crate::Shared;
use crate::api_session::Peer;

pub struct Opt {
    pub value: &'static str,
    pub label: String,
}

pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
}

pub struct Act {
    pub name: &'static str,
    pub action: String,
    pub label: String,
    pub fields: Vec<Field>,
    pub upload: bool,
}

pub struct Item {
    pub id: String,
    pub title: String,
    pub green: bool,
    pub status: String,
    pub due: String,
    pub actions: Vec<Act>,
    pub links: Vec<(String, String)>,
}

pub struct QueueView {
    pub id: &'static str,
    pub title: String,
    pub items: Vec<Item>,
}

pub struct PostView {
    pub id: String,
    pub label: String,
    pub primary: String,
    pub backup: String,
    pub primary_away: bool,
    pub mine: bool,
    pub i_am_away: bool,
}

#[derive(Template)]
#[template(path = "work.html")]
pub struct WorkPage {
    pub t: Tr,
    pub back: String,
    pub who: String,
    pub csrf: String,
    pub notice: Option<String>,
    pub posts: Vec<PostView>,
    pub show_register: bool,
    pub default_tenderer: String,
    pub lines: Vec<Opt>,
    pub methods: Vec<Opt>,
    pub queues: Vec<QueueView>,
    /// Pages for the caller's role (the expert pool, the expert's own file).
    pub links: Vec<(String, String)>,
}

#[derive(serde::Deserialize, Default)]
pub struct Flash {
    done: Option<String>,
    seq: Option<u64>,
}

fn item(t: &Tr, s: &TradeSummary) -> Item {
    Item {
        id: s.id.as_ref().map(|i| i.to_string()).unwrap_or_default(),
        title: s.title.clone(),
        green: s.green_channel,
        status: t.s(&format!("phase.{}", s.phase.as_str())).to_owned(),
        due: s
            .accept_by
            .map(|d| format!("{} {d}", t.s("ui.work.due")))
            .unwrap_or_default(),
        actions: vec![],
        links: vec![],
    }
}

fn field(t: &Tr, name: &'static str, key: &str, kind: &'static str, value: String) -> Field {
    Field {
        name,
        label: t.s(key).to_owned(),
        kind,
        value,
        required: true,
    }
}

fn act(t: &Tr, id: &str, name: &'static str, key: &str, fields: Vec<Field>) -> Act {
    Act {
        name,
        action: format!("/work/trades/{id}/{name}"),
        label: t.s(key).to_owned(),
        upload: name == "documents",
        fields,
    }
}

/// `2026-11-30T09:30` in a datetime-local field, read as Beijing time.
fn local_input(at: legal_time::OffsetDateTime) -> String {
    let b = at.to_offset(legal_time::BEIJING);
    format!("{}T{:02}:{:02}", b.date(), b.hour(), b.minute())
}

pub fn parse_local(s: &str) -> Option<legal_time::OffsetDateTime> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    time::PrimitiveDateTime::parse(s.trim(), &fmt)
        .ok()
        .map(|p| p.assume_offset(legal_time::BEIJING))
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    flash: Result<Query<Flash>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    let flash = flash.map(|Query(f)| f).unwrap_or_default();
    let t = Tr { lang: ctx.t.lang };
    let actor = info.actor.clone();
    let notice = flash.done.as_deref().map(|d| {
        if t.lang.get(&format!("event.{d}")).is_none() {
            // A replay that changed nothing (obtaining twice, say), or a hand-edited address.
            return t.s("ui.work.unchanged").to_owned();
        }
        t.s("ui.work.done")
            .replace("{what}", t.s(&format!("event.{d}")))
            .replace("{seq}", &flash.seq.unwrap_or_default().to_string())
    });
    let now = p.clock().now();
    let mut queues = Vec::new();
    let trades = p.trades().await.unwrap_or_default();
    let summaries: Vec<TradeSummary> = trades
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    match actor.role {
        Role::CenterStaff => {
            let acceptance = p.queue(app::Queue::Acceptance).await.unwrap_or_default();
            queues.push(QueueView {
                id: "acceptance",
                title: t.s("ui.work.queue.acceptance").to_owned(),
                items: acceptance
                    .iter()
                    .map(|s| {
                        let mut it = item(&t, s);
                        it.actions
                            .push(act(&t, &it.id, "accept", "ui.work.accept", vec![]));
                        it
                    })
                    .collect(),
            });
            let venue = p.queue(app::Queue::Venue).await.unwrap_or_default();
            let opening = now + time::Duration::days(21);
            queues.push(QueueView {
                id: "venue",
                title: t.s("ui.work.queue.venue").to_owned(),
                items: venue
                    .iter()
                    .map(|s| {
                        let mut it = item(&t, s);
                        let fields = vec![
                            field(
                                &t,
                                "opening_room",
                                "ui.work.opening_room",
                                "text",
                                "opening-1".into(),
                            ),
                            field(
                                &t,
                                "opening_at",
                                "ui.work.opening_at",
                                "datetime-local",
                                local_input(opening),
                            ),
                            field(
                                &t,
                                "evaluation_room",
                                "ui.work.evaluation_room",
                                "text",
                                "evaluation-1".into(),
                            ),
                            field(
                                &t,
                                "evaluation_from",
                                "ui.work.evaluation_from",
                                "datetime-local",
                                local_input(opening + time::Duration::hours(1)),
                            ),
                            field(
                                &t,
                                "evaluation_to",
                                "ui.work.evaluation_to",
                                "datetime-local",
                                local_input(opening + time::Duration::hours(7)),
                            ),
                        ];
                        it.actions
                            .push(act(&t, &it.id, "book", "ui.work.book", fields));
                        it
                    })
                    .collect(),
            });
            // Deposits owed back past their legal due date (refund alerts).
            let overdue = p.overdue_refunds().await.unwrap_or_default();
            queues.push(QueueView {
                id: "refunds-overdue",
                title: t.s("ui.work.queue.refunds_overdue").to_owned(),
                items: overdue
                    .into_iter()
                    .map(|(trade, o)| Item {
                        id: trade.clone(),
                        title: o.who.clone(),
                        green: false,
                        status: t.s("ui.work.overdue").to_owned(),
                        due: format!("{} {}", t.s("ui.work.due"), o.due),
                        actions: vec![],
                        links: vec![(format!("/trades/{trade}"), t.s("ui.work.view").to_owned())],
                    })
                    .collect(),
            });
            // Deferred documents (容缺) still to come, overdue first.
            let today = legal_time::beijing_date(now);
            let mut deferred: Vec<Item> = Vec::new();
            for s in &summaries {
                for d in s
                    .deferred_documents
                    .iter()
                    .filter(|d| d.submitted_at.is_none())
                {
                    let mut it = item(&t, s);
                    let late = if d.is_overdue(today) {
                        format!(" · {}", t.s("ui.work.overdue"))
                    } else {
                        String::new()
                    };
                    it.status = d.name.clone();
                    it.due = format!("{} {}{late}", t.s("ui.work.due"), d.due);
                    deferred.push(it);
                }
            }
            deferred.sort_by(|a, b| a.due.cmp(&b.due));
            queues.push(QueueView {
                id: "deferred",
                title: t.s("ui.work.queue.deferred").to_owned(),
                items: deferred,
            });
            // The venue calendar: every booking from now on, by time.
            let mut bookings: Vec<(legal_time::OffsetDateTime, Item)> = Vec::new();
            for room in p.store().projections("room").await.unwrap_or_default() {
                for b in room.doc["bookings"].as_array().cloned().unwrap_or_default() {
                    let from = b["from"].as_str().and_then(|v| {
                        time::OffsetDateTime::parse(
                            v,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .ok()
                    });
                    let to = b["to"].as_str().and_then(|v| {
                        time::OffsetDateTime::parse(
                            v,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .ok()
                    });
                    let (Some(from), Some(to)) = (from, to) else {
                        continue;
                    };
                    if to < now {
                        continue;
                    }
                    let purpose = b["purpose"].as_str().unwrap_or_default();
                    bookings.push((
                        from,
                        Item {
                            id: super::room_name(&t, &room.key),
                            title: b["trade"].as_str().unwrap_or_default().to_owned(),
                            green: false,
                            status: t.s(&format!("ui.work.room.{purpose}")).to_owned(),
                            due: format!("{} – {}", when(from), when(to)),
                            actions: vec![],
                            links: vec![],
                        },
                    ));
                }
            }
            bookings.sort_by_key(|(from, _)| *from);
            queues.push(QueueView {
                id: "calendar",
                title: t.s("ui.work.queue.calendar").to_owned(),
                items: bookings.into_iter().map(|(_, it)| it).collect(),
            });
        }
        Role::Agency | Role::Tenderer => {
            let org = actor.org.clone().unwrap_or_default();
            // Questions on the documents waiting for an answer (the asker is sealed).
            let mut questions = Vec::new();
            for s in summaries.iter().filter(|s| {
                s.agency.as_ref().is_some_and(|a| a.as_str() == org)
                    || s.tenderer.as_ref().is_some_and(|a| a.as_str() == org)
            }) {
                let Some(id) = s.id.as_ref() else { continue };
                let Ok(state) = p.trade_state(id).await else {
                    continue;
                };
                for q in state.round.questions.iter().filter(|q| q.answer.is_none()) {
                    let mut it = item(&t, s);
                    it.title = format!(
                        "{} · {}{}：{}",
                        s.title,
                        t.s("ui.qa.question"),
                        q.number,
                        q.text
                    );
                    it.actions.push(act(
                        &t,
                        &it.id,
                        "answer",
                        "ui.qa.answer",
                        vec![
                            Field {
                                name: "number",
                                label: t.s("ui.qa.number").to_owned(),
                                kind: "hidden",
                                value: q.number.to_string(),
                                required: true,
                            },
                            field(&t, "answer", "ui.qa.answer_text", "text", String::new()),
                        ],
                    ));
                    questions.push(it);
                }
            }
            queues.push(QueueView {
                id: "questions",
                title: t.s("ui.qa.queue").to_owned(),
                items: questions,
            });
            let mine = summaries.iter().filter(|s| {
                s.agency.as_ref().is_some_and(|a| a.as_str() == org)
                    || s.tenderer.as_ref().is_some_and(|a| a.as_str() == org)
            });
            let items = mine
                .map(|s| {
                    let mut it = item(&t, s);
                    match s.phase {
                        Phase::VenueBooked => it.actions.push(act(
                            &t,
                            &it.id,
                            "documents",
                            "ui.work.upload",
                            vec![field(&t, "file", "ui.work.file", "file", String::new())],
                        )),
                        Phase::DocumentsReady => {
                            let deadline = s
                                .venue
                                .as_ref()
                                .map(|v| local_input(v.opening_at))
                                .unwrap_or_default();
                            it.actions.push(act(
                                &t,
                                &it.id,
                                "publish",
                                "ui.work.publish",
                                vec![field(
                                    &t,
                                    "deadline",
                                    "ui.work.deadline",
                                    "datetime-local",
                                    deadline,
                                )],
                            ));
                        }
                        _ => {}
                    }
                    it.links.push((
                        format!("/trades/{}", it.id),
                        t.s("ui.trade.timeline").to_owned(),
                    ));
                    it
                })
                .collect();
            queues.push(QueueView {
                id: "mine",
                title: t.s("ui.work.queue.mine").to_owned(),
                items,
            });
        }
        Role::Bidder => {
            let open = p
                .public_trades(&app::PublicFilter {
                    status: Some("open".into()),
                    ..Default::default()
                })
                .await
                .unwrap_or_default();
            let items = open
                .iter()
                .map(|s| {
                    let mut it = item(&t, s);
                    it.due = s
                        .bid_deadline
                        .map(|d| format!("{} {}", t.s("ui.trade.deadline"), when(d)))
                        .unwrap_or_default();
                    it.actions
                        .push(act(&t, &it.id, "obtain", "ui.work.obtain", vec![]));
                    it.actions.push(act(
                        &t,
                        &it.id,
                        "ask",
                        "ui.qa.ask",
                        vec![field(
                            &t,
                            "text",
                            "ui.qa.question_text",
                            "text",
                            String::new(),
                        )],
                    ));
                    it.links.push((
                        format!("/work/trades/{}/documents", it.id),
                        t.s("ui.work.download").to_owned(),
                    ));
                    it
                })
                .collect();
            queues.push(QueueView {
                id: "tenders",
                title: t.s("ui.work.queue.tenders").to_owned(),
                items,
            });
            // My trades: a sealed bid names nobody until the opening, so the platform can list
            // only trades whose opening record names the caller; the bid page keeps the
            // receipts of bids not yet opened in this browser.
            let org = actor.org.clone().unwrap_or_default();
            let mine = summaries
                .iter()
                .filter(|s| s.opened_bidders.iter().any(|b| b.as_str() == org))
                .map(|s| {
                    let mut it = item(&t, s);
                    it.links
                        .push((format!("/trades/{}", it.id), t.s("ui.work.view").to_owned()));
                    it
                })
                .collect();
            queues.push(QueueView {
                id: "my-trades",
                title: t.s("ui.work.queue.my_trades").to_owned(),
                items: mine,
            });
        }
        _ => {
            if actor.role == Role::Expert {
                queues.push(super::draw::invitation_queue(&p, &t, &actor).await);
            }
            let items = summaries
                .iter()
                .map(|s| {
                    let mut it = item(&t, s);
                    it.links.push((
                        format!("/api/trades/{}/log", it.id),
                        t.s("ui.work.log").to_owned(),
                    ));
                    it
                })
                .collect();
            queues.push(QueueView {
                id: "all",
                title: t.s("ui.work.queue.all").to_owned(),
                items,
            });
        }
    }
    let posts = super::posts::views(&p, &info, now, t.lang).await;
    let links = match actor.role {
        Role::CenterStaff | Role::Supervisor => {
            vec![("/experts".to_owned(), t.s("ui.experts.title").to_owned())]
        }
        Role::Expert => vec![("/experts/me".to_owned(), t.s("ui.experts.me").to_owned())],
        _ => Vec::new(),
    };
    let page = WorkPage {
        links,
        who: format!(
            "{} · {}",
            p.person(info.person.as_str())
                .await
                .map(|v| v.name)
                .unwrap_or_else(|_| info.person.to_string()),
            t.s(&format!("role.{}", info.actor.role.as_str()))
        ),
        csrf: info.csrf.clone(),
        notice,
        posts,
        show_register: matches!(actor.role, Role::Agency | Role::Tenderer),
        default_tenderer: if actor.role == Role::Tenderer {
            actor.org.clone().unwrap_or_default()
        } else {
            String::new()
        },
        lines: [BusinessLine::Construction, BusinessLine::Procurement]
            .iter()
            .map(|l| Opt {
                value: l.as_str(),
                label: t.s(&format!("line.{}", l.as_str())).to_owned(),
            })
            .collect(),
        methods: [
            Method::OpenTendering,
            Method::InvitedTendering,
            Method::CompetitiveNegotiation,
            Method::CompetitiveConsultation,
            Method::RequestForQuotation,
            Method::SingleSource,
        ]
        .iter()
        .map(|m| Opt {
            value: m.as_str(),
            label: t.s(&format!("method.{}", m.as_str())).to_owned(),
        })
        .collect(),
        queues,
        t,
        back: ctx.back,
    };
    Ok(render(&page))
}

/// After a command: back to the workbench with what happened.
pub(super) fn done(events: &[String], first_seq: u64) -> PageResult {
    let to = match events.first() {
        None => "/work?done=none".to_owned(),
        Some(kind) => format!("/work?done={kind}&seq={first_seq}"),
    };
    Ok(redirect::to(&to))
}

/// The actor for a staff action: through the post, so a backup acts for an away primary.
async fn staff_actor(
    p: &Shared,
    info: &app::SessionInfo,
    post: &str,
) -> Result<Actor, app::AppError> {
    if info.actor.role == Role::CenterStaff {
        p.acting_actor(info, post).await
    } else {
        Ok(info.actor.clone())
    }
}

#[derive(serde::Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

/// The workbench's trade actions, `/work/trades/{id}/{what}`.
pub const ACTIONS: &[&str] = &["accept", "book", "publish", "obtain", "ask", "answer"];

pub async fn trade_action(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    Path((id, what)): Path<(String, String)>,
    form: Result<axum::Form<ActionForm>, FormRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    if !ACTIONS.contains(&what.as_str()) {
        return Err(PageError::not_found());
    }
    let form = match form {
        Ok(axum::Form(form)) => form,
        Err(e) => return Err(PageError::refused_body(e.status(), "bad_form")),
    };
    if !csrf_ok(&info, &form.csrf) {
        return Err(PageError::csrf());
    }
    let Ok(trade) = TradeId::parse(&id) else {
        return Err(PageError::not_found());
    };
    let get = |k: &str| form.fields.get(k).cloned().unwrap_or_default();
    let (command, post) = match what.as_str() {
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
                parse_local(&get("opening_at")),
                parse_local(&get("evaluation_from")),
                parse_local(&get("evaluation_to")),
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
            let Some(bid_deadline) = parse_local(&get("deadline")) else {
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
            let org = app::bidding::caller_org(&info.actor)?;
            (
                TradeCommand::ObtainDocuments {
                    bidder: org,
                    label: None,
                },
                None,
            )
        }
        "ask" => {
            let org = app::bidding::caller_org(&info.actor)?;
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
    };
    let actor = match post {
        Some(post) => staff_actor(&p, &info, post).await?,
        None => info.actor.clone(),
    };
    let o = app::trades::execute(
        &p,
        &trade,
        command,
        &actor,
        &app::Meta {
            ip,
            expected_version: None,
        },
    )
    .await?;
    done(&o.events, o.first_seq)
}

/// Tender documents come as a multipart upload (size-limited by the router), stored in the
/// blob folder by hash and recorded by the command.
pub async fn upload_documents(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    let trade = TradeId::parse(&id).map_err(|_| PageError::not_found())?;
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => return Err(PageError::refused_body(e.status(), "bad_upload")),
    };
    let (mut csrf, mut file) = (String::new(), None);
    loop {
        let part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(e) => return Err(PageError::refused_body(e.status(), "bad_upload")),
        };
        match part.name() {
            Some("csrf") => match part.text().await {
                Ok(text) => csrf = text,
                Err(e) => return Err(PageError::refused_body(e.status(), "bad_upload")),
            },
            Some("file") => {
                let name = part.file_name().unwrap_or("tender-documents").to_owned();
                match part.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => file = Some((name, bytes)),
                    Ok(_) => return Err(PageError::new(Class::Invalid, "bad_upload")),
                    Err(e) => return Err(PageError::refused_body(e.status(), "bad_upload")),
                }
            }
            _ => {}
        }
    }
    if !csrf_ok(&info, &csrf) {
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
        &info.actor,
        &app::Meta {
            ip,
            expected_version: None,
        },
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
    green: Option<String>,
}

pub async fn register(
    State(p): State<Shared>,
    session: PageSession,
    Peer(ip): Peer,
    form: Result<axum::Form<RegisterForm>, FormRejection>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    let f = match form {
        Ok(axum::Form(f)) => f,
        Err(e) => return Err(PageError::refused_body(e.status(), "bad_form")),
    };
    if !csrf_ok(&info, &f.csrf) {
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
        green_channel: f.green.is_some(),
        invited_bidders: vec![],
    };
    let o = app::trades::execute(
        &p,
        &trade,
        command,
        &info.actor,
        &app::Meta {
            ip,
            expected_version: None,
        },
    )
    .await?;
    done(&o.events, o.first_seq)
}

/// Download the tender documents (a bidder after obtaining them; parties and staff).
pub async fn download_documents(
    State(p): State<Shared>,
    session: PageSession,
    Path(id): Path<String>,
) -> PageResult {
    let (_, info) = session.signed_in()?;
    TradeId::parse(&id).map_err(|_| PageError::not_found())?;
    let (name, bytes) = p.tender_documents(&id, &info.actor).await?;
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
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/octet-stream".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
