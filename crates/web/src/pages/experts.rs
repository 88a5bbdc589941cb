//! The expert pool's pages: staff and supervisors see the pool and staff import a CSV or XLSX
//! file (`/experts`; a refused file shows every bad row by line and column and changes
//! nothing); an expert keeps its own declarations (`/experts/me`: employment history,
//! relations, leave, in the pool file's syntax). Plain forms.
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, Query, State};
use domain::{Class, Role};

use super::redirect;
use super::session::csrf_ok;
use super::{PageContext, PageError, PageResult, Tr, render};
use crate::Shared;
use crate::api_session::Peer;
use crate::extract::PageUser;

pub struct Row {
    pub id: String,
    pub name: String,
    pub region: String,
    pub specialties: String,
    pub credit: String,
    pub active: bool,
    pub conduct: usize,
    pub ratings: usize,
    pub account: String,
}

pub struct BadRow {
    pub line: usize,
    pub column: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "experts.html")]
pub struct PoolPage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    pub can_import: bool,
    pub total: usize,
    pub q: String,
    pub rows: Vec<Row>,
    pub notice: Option<String>,
    pub bad: Vec<BadRow>,
}

#[derive(serde::Deserialize, Default)]
pub struct Filter {
    q: Option<String>,
}

const SHOWN: usize = 200;

/// What a form on the pool page did: a notice, or why not (the bad rows and the class of the
/// refusal, which sets the page's status).
#[derive(Default)]
pub(super) struct Outcome {
    pub(super) notice: Option<String>,
    pub(super) bad: Vec<BadRow>,
    pub(super) refused: Option<Class>,
}

/// The refusal `code` as one row of the pool page, in the reader's language.
pub(super) fn refusal(t: &Tr, class: Class, code: &str) -> Outcome {
    Outcome {
        notice: None,
        bad: vec![BadRow {
            line: 0,
            column: String::new(),
            message: t
                .lang
                .get(&format!("error.{code}"))
                .unwrap_or_else(|| t.s("error.invalid_request"))
                .to_owned(),
        }],
        refused: Some(class),
    }
}

pub(super) async fn pool_page(
    p: &Shared,
    t: Tr,
    back: String,
    info: &app::SessionInfo,
    q: String,
    outcome: Outcome,
) -> PageResult {
    let all = app::queries::expert_summaries(p, &info.actor).await?;
    let total = all.len();
    let needle = q.trim().to_lowercase();
    let rows = all
        .into_iter()
        .filter(|e| {
            needle.is_empty()
                || e.id.to_lowercase().contains(&needle)
                || e.name.contains(needle.as_str())
                || e.specialties
                    .iter()
                    .any(|s| s.to_lowercase().starts_with(&needle))
        })
        .take(SHOWN)
        .map(|e| Row {
            credit: t
                .s(&format!("ui.experts.credit.{}", serde_plain(&e.credit)))
                .to_owned(),
            id: e.id,
            name: e.name,
            region: e.region,
            specialties: e.specialties.join("；"),
            active: e.active,
            conduct: e.conduct,
            ratings: e.ratings,
            account: e.person.unwrap_or_default(),
        })
        .collect();
    let mut page = render(&PoolPage {
        back,
        csrf: info.csrf.clone(),
        can_import: info.actor.role == Role::CenterStaff,
        total,
        q,
        rows,
        notice: outcome.notice,
        bad: outcome.bad,
        t,
    });
    if let Some(class) = outcome.refused {
        *page.status_mut() = crate::error::status(class);
    }
    Ok(page)
}

fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    filter: Result<Query<Filter>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let info = &user.info;
    if !matches!(info.actor.role, Role::CenterStaff | Role::Supervisor) {
        return Err(PageError::new(Class::Forbidden, "expert.wrong_role"));
    }
    let q = filter.ok().and_then(|Query(f)| f.q).unwrap_or_default();
    let t = Tr { lang: ctx.t.lang };
    pool_page(&p, t, ctx.back, info, q, Outcome::default()).await
}

/// The import form's upload (multipart: `csrf`, `file`), under the pool files' size limit.
pub async fn import(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    Peer(ip): Peer,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let info = &user.info;
    if info.actor.role != Role::CenterStaff {
        return Err(PageError::new(Class::Forbidden, "expert.wrong_role"));
    }
    let t = Tr { lang: ctx.t.lang };
    let (csrf, file) = upload(multipart).await?;
    let outcome = if !csrf_ok(info, &csrf) {
        refusal(&t, Class::Forbidden, "auth.csrf")
    } else if let Some(bytes) = file.filter(|b| !b.is_empty()) {
        import_file(&p, &t, info, ip, bytes).await?
    } else {
        refusal(&t, Class::Invalid, "import.empty")
    };
    pool_page(&p, t, "/experts".into(), info, String::new(), outcome).await
}

/// The import form's fields: the CSRF token and the file.
async fn upload(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(String, Option<axum::body::Bytes>), PageError> {
    let refused = |status| PageError::refused_body(status, "bad_upload");
    let mut multipart = multipart.map_err(|e| refused(e.status()))?;
    let (mut csrf, mut file) = (String::new(), None);
    while let Some(part) = multipart
        .next_field()
        .await
        .map_err(|e| refused(e.status()))?
    {
        match part.name() {
            Some("csrf") => csrf = part.text().await.map_err(|e| refused(e.status()))?,
            Some("file") => file = Some(part.bytes().await.map_err(|e| refused(e.status()))?),
            _ => {}
        }
    }
    Ok((csrf, file))
}

/// Parse and import a pool file: every bad row by line and column, or what changed. A fault
/// below is no outcome but the error page.
async fn import_file(
    p: &Shared,
    t: &Tr,
    info: &app::SessionInfo,
    ip: Option<String>,
    bytes: axum::body::Bytes,
) -> Result<Outcome, PageError> {
    let source = domain::Sha256Hex::parse(&app::sha256_hex(&bytes)).ok();
    let rows = match crate::api_experts::parse_pool(bytes).await? {
        Ok(rows) => rows,
        Err(errors) => {
            let bad = errors
                .errors
                .iter()
                .map(|e| BadRow {
                    line: e.line,
                    column: e.column_ref.clone().unwrap_or_default()
                        + e.column
                            .as_deref()
                            .map(|c| format!(" {c}"))
                            .unwrap_or_default()
                            .as_str(),
                    message: crate::error::import_message(e, t.lang),
                })
                .collect();
            return Ok(Outcome {
                notice: None,
                bad,
                refused: Some(Class::Rule),
            });
        }
    };
    let meta = crate::api_session::meta(ip);
    match app::experts::import(p, rows, source, &info.actor, &meta).await {
        Ok(r) => Ok(Outcome {
            notice: Some(
                t.s("ui.experts.imported")
                    .replace("{created}", &r.created.to_string())
                    .replace("{updated}", &r.updated.to_string())
                    .replace("{unchanged}", &r.unchanged.to_string()),
            ),
            ..Outcome::default()
        }),
        Err(e) if e.class() == Class::Fault => Err(e.into()),
        Err(e) => Ok(refusal(t, e.class(), e.code())),
    }
}

#[derive(Template)]
#[template(path = "expert_me.html")]
pub struct MePage {
    pub t: Tr,
    pub back: String,
    pub csrf: String,
    pub facts: Vec<(String, String)>,
    pub employers: String,
    pub relations: String,
    pub leave: String,
    pub notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct Flash {
    done: Option<String>,
}

pub async fn me(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    flash: Result<Query<Flash>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let info = &user.info;
    let file = app::queries::my_expert_file(&p, &info.actor).await?;
    let Some(e) = file.expert.as_ref() else {
        return Err(PageError::new(Class::NotFound, "expert.unknown"));
    };
    let t = Tr { lang: ctx.t.lang };
    let flash = flash.map(|Query(f)| f).unwrap_or_default();
    let facts = vec![
        (t.s("ui.experts.id").to_owned(), e.id.as_str().to_owned()),
        (t.s("ui.experts.name").to_owned(), e.name.clone()),
        (
            t.s("ui.experts.specialties").to_owned(),
            e.specialties
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("；"),
        ),
        (
            t.s("ui.experts.region").to_owned(),
            e.region.as_str().to_owned(),
        ),
        (
            t.s("ui.experts.credit").to_owned(),
            t.s(&format!("ui.experts.credit.{}", serde_plain(&e.credit)))
                .to_owned(),
        ),
        (
            t.s("ui.experts.conduct").to_owned(),
            e.conduct.len().to_string(),
        ),
        (
            t.s("ui.experts.ratings").to_owned(),
            file.ratings.len().to_string(),
        ),
    ];
    Ok(render(&MePage {
        back: ctx.back,
        csrf: info.csrf.clone(),
        facts,
        employers: expert_import::cell::show_employers(&e.employers),
        relations: expert_import::cell::show_relations(&e.relations),
        leave: expert_import::cell::show_leave(&e.leave),
        notice: flash
            .done
            .as_deref()
            .map(|_| t.s("ui.experts.declared").to_owned()),
        t,
    }))
}

#[derive(serde::Deserialize)]
pub struct DeclareForm {
    csrf: String,
    #[serde(default)]
    employers: String,
    #[serde(default)]
    relations: String,
    #[serde(default)]
    leave: String,
}

pub async fn declare(
    State(p): State<Shared>,
    user: PageUser,
    Peer(ip): Peer,
    form: Result<axum::Form<DeclareForm>, FormRejection>,
) -> PageResult {
    let info = &user.info;
    let axum::Form(f) = form.map_err(|e| PageError::refused_body(e.status(), "bad_form"))?;
    if !csrf_ok(info, &f.csrf) {
        return Err(PageError::csrf());
    }
    let parsed = (|| {
        Ok::<_, (&'static str, String)>((
            expert_import::cell::employers(&f.employers)?,
            expert_import::cell::relations(&f.relations)?,
            expert_import::cell::leave(&f.leave)?,
        ))
    })();
    // A declaration the pool file's syntax does not read: its `import.*` code.
    let (employers, relations, leave) =
        parsed.map_err(|(code, _)| PageError::new(Class::Invalid, code))?;
    let meta = crate::api_session::meta(ip);
    app::experts::declare(&p, employers, relations, leave, &info.actor, &meta).await?;
    Ok(redirect::to("/experts/me?done=declared"))
}

#[derive(serde::Deserialize)]
pub struct ConductForm {
    csrf: String,
    expert: String,
    kind: String,
    date: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    note: String,
}

/// Staff or a supervisor record a reminder, warning, bad record, penalty or ban.
pub async fn conduct(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    Peer(ip): Peer,
    form: Result<axum::Form<ConductForm>, FormRejection>,
) -> PageResult {
    let info = &user.info;
    // The answer is the pool page: only for those who may see the pool.
    if !matches!(info.actor.role, Role::CenterStaff | Role::Supervisor) {
        return Err(PageError::new(Class::Forbidden, "expert.wrong_role"));
    }
    let t = Tr { lang: ctx.t.lang };
    let parsed = form.ok().and_then(|axum::Form(f)| {
        let date = |s: &str| {
            time::Date::parse(
                s.trim(),
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .ok()
        };
        let kind: domain::experts::ConductKind =
            serde_json::from_value(serde_json::Value::String(f.kind.clone())).ok()?;
        let record = domain::experts::ConductRecord {
            date: date(&f.date)?,
            kind,
            until: date(&f.until),
            note: f.note.trim().to_owned(),
        };
        Some((
            f.csrf,
            domain::experts::ExpertId::parse(f.expert.trim()).ok()?,
            record,
        ))
    });
    let outcome = match parsed {
        None => refusal(&t, Class::Invalid, "bad_form"),
        Some((csrf, _, _)) if !csrf_ok(info, &csrf) => refusal(&t, Class::Forbidden, "auth.csrf"),
        Some((_, id, record)) => {
            let meta = crate::api_session::meta(ip);
            match app::experts::record_conduct(&p, &id, record, None, &info.actor, &meta).await {
                Ok(()) => Outcome {
                    notice: Some(t.s("ui.experts.conduct_recorded").to_owned()),
                    ..Outcome::default()
                },
                Err(e) if e.class() == Class::Fault => return Err(e.into()),
                Err(e) => refusal(&t, e.class(), e.code()),
            }
        }
    };
    pool_page(&p, t, "/experts".into(), info, String::new(), outcome).await
}
