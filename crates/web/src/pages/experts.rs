//! The expert pool's pages: staff and supervisors see the pool and staff import a CSV or XLSX
//! file (`/experts`; a refused file shows every bad row by line and column and changes
//! nothing); an expert keeps its own declarations (`/experts/me`: employment history,
//! relations, leave, in the pool file's syntax). Plain forms.
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::Role;

use super::redirect;
use super::session::{PageSession, csrf_ok};
use super::{PageContext, Tr, error_page, render};
use crate::Shared;
use crate::api_session::Peer;

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

async fn pool_page(
    p: &Shared,
    t: Tr,
    back: String,
    info: &app::SessionInfo,
    q: String,
    notice: Option<String>,
    bad: Vec<BadRow>,
) -> Response {
    let all = p.expert_summaries().await.unwrap_or_default();
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
    render(&PoolPage {
        back,
        csrf: info.csrf.clone(),
        can_import: info.actor.role == Role::CenterStaff,
        total,
        q,
        rows,
        notice,
        bad,
        t,
    })
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
    session: PageSession,
    filter: Result<Query<Filter>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some((_, info)) = session.0 else {
        return redirect::sign_in(&ctx.back);
    };
    if !matches!(info.actor.role, Role::CenterStaff | Role::Supervisor) {
        return error_page(ctx, StatusCode::FORBIDDEN, "expert.wrong_role");
    }
    let q = filter.ok().and_then(|Query(f)| f.q).unwrap_or_default();
    let t = Tr { lang: ctx.t.lang };
    pool_page(&p, t, ctx.back, &info, q, None, Vec::new()).await
}

/// The import form's upload (multipart: `csrf`, `file`), under the pool files' size limit.
pub async fn import(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    Peer(ip): Peer,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some((_, info)) = session.0 else {
        return redirect::to("/signin");
    };
    if info.actor.role != Role::CenterStaff {
        return error_page(ctx, StatusCode::FORBIDDEN, "expert.wrong_role");
    }
    let t = Tr { lang: ctx.t.lang };
    let fail = |code: &str| -> (Option<String>, Vec<BadRow>) {
        (
            None,
            vec![BadRow {
                line: 0,
                column: String::new(),
                message: t
                    .lang
                    .get(&format!("error.{code}"))
                    .unwrap_or(code)
                    .to_owned(),
            }],
        )
    };
    let (mut csrf, mut file) = (String::new(), None);
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(part)) = multipart.next_field().await {
            match part.name() {
                Some("csrf") => csrf = part.text().await.unwrap_or_default(),
                Some("file") => file = part.bytes().await.ok(),
                _ => {}
            }
        }
    }
    let (notice, bad) = if !csrf_ok(&info, &csrf) {
        fail("auth.csrf")
    } else if let Some(bytes) = file.filter(|b| !b.is_empty()) {
        let source = domain::Sha256Hex::parse(&app::sha256_hex(&bytes)).ok();
        let limits = expert_import::Limits {
            max_bytes: crate::MAX_IMPORT_BYTES,
            ..expert_import::Limits::default()
        };
        match expert_import::parse(&bytes, &limits) {
            Err(errors) => {
                let rows = errors
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
                (None, rows)
            }
            Ok(rows) => {
                let rows = rows
                    .into_iter()
                    .map(|r| app::experts::PoolRow {
                        expert: r.expert,
                        phone: r.phone,
                        person: r.person,
                    })
                    .collect();
                let meta = crate::api_session::meta(ip);
                match app::experts::import(&p, rows, source, &info.actor, &meta).await {
                    Ok(r) => (
                        Some(
                            t.s("ui.experts.imported")
                                .replace("{created}", &r.created.to_string())
                                .replace("{updated}", &r.updated.to_string())
                                .replace("{unchanged}", &r.unchanged.to_string()),
                        ),
                        Vec::new(),
                    ),
                    Err(e) => fail(e.code()),
                }
            }
        }
    } else {
        fail("import.empty")
    };
    pool_page(&p, t, "/experts".into(), &info, String::new(), notice, bad).await
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
    pub error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct Flash {
    done: Option<String>,
    error: Option<String>,
}

pub async fn me(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    flash: Result<Query<Flash>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some((_, info)) = session.0 else {
        return redirect::sign_in(&ctx.back);
    };
    let file = match p.my_expert_file(&info.actor).await {
        Ok(f) => f,
        Err(e) => return error_page(ctx, StatusCode::NOT_FOUND, e.code()),
    };
    let Some(e) = file.expert.as_ref() else {
        return error_page(ctx, StatusCode::NOT_FOUND, "expert.unknown");
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
    render(&MePage {
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
        error: flash.error.map(|c| {
            t.lang
                .get(&format!("error.{c}"))
                .unwrap_or_else(|| t.s("error.invalid_request"))
                .to_owned()
        }),
        t,
    })
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
    session: PageSession,
    Peer(ip): Peer,
    form: Result<axum::Form<DeclareForm>, FormRejection>,
) -> Response {
    let Some((_, info)) = session.0 else {
        return redirect::to("/signin");
    };
    let back = |q: String| redirect::to(&format!("/experts/me?{q}"));
    let Ok(axum::Form(f)) = form else {
        return back("error=invalid_request".into());
    };
    if !csrf_ok(&info, &f.csrf) {
        return back("error=auth.csrf".into());
    }
    let parsed = (|| {
        Ok::<_, (&'static str, String)>((
            expert_import::cell::employers(&f.employers)?,
            expert_import::cell::relations(&f.relations)?,
            expert_import::cell::leave(&f.leave)?,
        ))
    })();
    let (employers, relations, leave) = match parsed {
        Ok(x) => x,
        Err((code, _)) => return back(format!("error={code}")),
    };
    match app::experts::declare(
        &p,
        employers,
        relations,
        leave,
        &info.actor,
        &crate::api_session::meta(ip),
    )
    .await
    {
        Ok(()) => back("done=declared".into()),
        Err(e) => back(format!("error={}", e.code())),
    }
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
    session: PageSession,
    Peer(ip): Peer,
    form: Result<axum::Form<ConductForm>, FormRejection>,
) -> Response {
    let Some((_, info)) = session.0 else {
        return redirect::to("/signin");
    };
    let t = Tr { lang: ctx.t.lang };
    let message = |code: &str| {
        vec![BadRow {
            line: 0,
            column: String::new(),
            message: t
                .lang
                .get(&format!("error.{code}"))
                .unwrap_or_else(|| t.s("error.invalid_request"))
                .to_owned(),
        }]
    };
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
    let (notice, bad) = match parsed {
        None => (None, message("expert.invalid")),
        Some((csrf, _, _)) if !csrf_ok(&info, &csrf) => (None, message("auth.csrf")),
        Some((_, id, record)) => {
            match app::experts::record_conduct(
                &p,
                &id,
                record,
                None,
                &info.actor,
                &crate::api_session::meta(ip),
            )
            .await
            {
                Ok(()) => (
                    Some(t.s("ui.experts.conduct_recorded").to_owned()),
                    Vec::new(),
                ),
                Err(e) => (None, message(e.code())),
            }
        }
    };
    pool_page(&p, t, "/experts".into(), &info, String::new(), notice, bad).await
}
