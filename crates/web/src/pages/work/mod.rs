//! The workbench: one page whose sections follow the signed-in person's role — staff queues
//! (acceptance, venue) with A/B posts, the agency's project registration and its trades, the
//! bidder's open tenders, the supervisor's view of every trade. The rows and what may be
//! done to each come from the app ([`app::queries::workbench`]); this page renders them.
//! Every form posts back here ([`actions`]) and every command goes through the app.
mod actions;
mod book;
mod rows;
mod todos;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use domain::{BusinessLine, Method};

pub use actions::{ACTIONS, download_documents, register, trade_action, upload_documents};
pub use rows::QueueView;

use super::common::Flash;
use super::redirect;
use super::{PageContext, PageResult, Tr, render};
use crate::Shared;
use crate::extract::PageUser;

pub struct Opt {
    pub value: &'static str,
    pub label: String,
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
    /// A refused booking's code and reason (its form below keeps the picks).
    pub error: Option<(&'static str, String)>,
    pub posts: Vec<PostView>,
    pub show_register: bool,
    pub default_tenderer: String,
    pub lines: Vec<Opt>,
    pub methods: Vec<Opt>,
    pub queues: Vec<QueueView>,
    /// 待办事项, soonest due first, and how many of each kind.
    pub todos: Vec<todos::TodoView>,
    pub todo_counts: Vec<(String, usize)>,
    pub overdue: usize,
    /// Pages for the caller's role (the expert pool, the expert's own file).
    pub links: Vec<(String, String)>,
}

const LINES: [BusinessLine; 2] = [BusinessLine::Construction, BusinessLine::Procurement];
const METHODS: [Method; 6] = [
    Method::OpenTendering,
    Method::InvitedTendering,
    Method::CompetitiveNegotiation,
    Method::CompetitiveConsultation,
    Method::RequestForQuotation,
    Method::SingleSource,
];

/// What the redirect after a command says: the event it recorded and where, or why not.
fn notice(t: &Tr, flash: &Flash) -> Option<String> {
    let done = flash.done.as_deref()?;
    let Some(what) = t.lang.get(&format!("event.{done}")) else {
        // A replay that changed nothing (obtaining twice, say), or a hand-edited address.
        return Some(t.s("ui.work.unchanged").to_owned());
    };
    Some(
        t.s("ui.work.done")
            .replace("{what}", what)
            .replace("{seq}", &flash.seq.unwrap_or_default().to_string()),
    )
}

fn posts(t: &Tr, rows: &[app::queries::PostRow]) -> Vec<PostView> {
    rows.iter()
        .map(|post| PostView {
            id: post.post.clone(),
            label: t
                .lang
                .get(&format!("post.{}", post.post))
                .unwrap_or(&post.post)
                .to_owned(),
            primary: post.primary.clone(),
            backup: post.backup.clone(),
            primary_away: post.primary_away,
            mine: true,
            i_am_away: post.i_am_away,
        })
        .collect()
}

fn links(t: &Tr, bench: &app::queries::Workbench, role: domain::Role) -> Vec<(String, String)> {
    let mut links = Vec::new();
    if matches!(role, domain::Role::Supervisor | domain::Role::CenterStaff) {
        links.push(("/work/log".to_owned(), t.s("ui.log.link").to_owned()));
    }
    if role == domain::Role::Administrator {
        links.push(("/admin".to_owned(), t.s("ui.admin.title").to_owned()));
        links.push((
            "/admin/people".to_owned(),
            t.s("ui.admin.people_title").to_owned(),
        ));
    }
    if app::accounts::may_hold_shares(role) {
        links.push(("/work/keys".to_owned(), t.s("ui.keys.title").to_owned()));
    }
    if bench.may_see_pool {
        links.push(("/experts".to_owned(), t.s("ui.experts.title").to_owned()));
    }
    if bench.expert {
        links.push(("/experts/me".to_owned(), t.s("ui.experts.me").to_owned()));
    }
    links
}

fn options<T: Copy>(t: &Tr, all: &[T], key: &str, name: fn(T) -> &'static str) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt {
            value: name(*v),
            label: t.s(&format!("{key}.{}", name(*v))).to_owned(),
        })
        .collect()
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    flash: Result<Query<Flash>, QueryRejection>,
) -> PageResult {
    let notice = notice(&ctx.t, &Flash::from(flash));
    Ok(render(&work_page(&p, ctx, &user, notice, None).await?))
}

/// The workbench, with a refused booking's form shown again when there is one.
async fn work_page(
    p: &Shared,
    ctx: PageContext,
    user: &PageUser,
    notice: Option<String>,
    retry: Option<&book::Retry>,
) -> Result<WorkPage, super::PageError> {
    let t = Tr { lang: ctx.t.lang };
    let actor = user.actor();
    let bench = app::queries::workbench(p, actor).await?;
    let rooms = match bench.desk {
        app::queries::Desk::Staff { .. } => app::center::bookable_rooms(p).await?,
        _ => Vec::new(),
    };
    let making = book::Making {
        now: p.clock().now(),
        rooms: &rooms,
        retry,
    };
    let todos = todos::views(&t, app::queries::todos(p, actor).await?);
    Ok(WorkPage {
        todo_counts: todos::counts(&todos),
        overdue: todos.iter().filter(|d| d.overdue).count(),
        todos,
        who: format!(
            "{} · {}",
            app::queries::person(p, user.info.person.as_str())
                .await
                .map(|v| v.name)
                .unwrap_or_else(|_| user.info.person.to_string()),
            t.s(&format!("role.{}", actor.role.as_str()))
        ),
        csrf: user.info.csrf.clone(),
        notice,
        error: retry.map(|r| (r.code, r.message.clone())),
        posts: posts(&t, &bench.posts),
        show_register: bench.may_register,
        default_tenderer: match actor.role {
            domain::Role::Tenderer => actor.org.clone().unwrap_or_default(),
            _ => String::new(),
        },
        lines: options(&t, &LINES, "line", BusinessLine::as_str),
        methods: options(&t, &METHODS, "method", Method::as_str),
        links: links(&t, &bench, actor.role),
        queues: rows::queues(&t, bench.desk, &making),
        t,
        back: ctx.back,
    })
}

/// After a command: back to the workbench with what happened.
pub(super) fn done(events: &[String], first_seq: u64) -> PageResult {
    let to = match events.first() {
        None => "/work?done=none".to_owned(),
        Some(kind) => format!("/work?done={kind}&seq={first_seq}"),
    };
    Ok(redirect::to(&to))
}
