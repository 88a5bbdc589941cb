//! `/experts/account`: staff open an imported expert's account from the pool page (the
//! expert's sign-in name; the one-time link goes to the phone the pool holds, through the
//! outbox). The account is linked to the pool entry, which keeps the one copy of the data.
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use domain::{Class, Role};

use super::experts::{Outcome, pool_page, refusal};
use super::session::csrf_ok;
use super::{PageContext, PageError, PageResult, Tr};
use crate::Shared;
use crate::api_session::Peer;
use crate::extract::PageUser;

#[derive(serde::Deserialize)]
pub struct AccountForm {
    csrf: String,
    expert: String,
    person: String,
}

pub async fn open(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    Peer(ip): Peer,
    form: Result<axum::Form<AccountForm>, FormRejection>,
) -> PageResult {
    let info = &user.info;
    // The answer is the pool page: only for those who may see the pool.
    if !matches!(info.actor.role, Role::CenterStaff | Role::Supervisor) {
        return Err(PageError::new(Class::Forbidden, "expert.wrong_role"));
    }
    let t = Tr { lang: ctx.t.lang };
    let outcome = match form {
        Err(_) => refusal(&t, Class::Invalid, "bad_form"),
        Ok(axum::Form(f)) if !csrf_ok(info, &f.csrf) => refusal(&t, Class::Forbidden, "auth.csrf"),
        Ok(axum::Form(f)) => {
            let meta = crate::api_session::meta(ip);
            let (expert, person) = (f.expert.trim(), f.person.trim());
            match app::registration::activate_expert(&p, expert, person, &info.actor, &meta).await {
                Ok(_) => Outcome {
                    notice: Some(t.s("ui.experts.account_opened").to_owned()),
                    ..Outcome::default()
                },
                Err(e) if e.class() == Class::Fault => return Err(e.into()),
                Err(e) => refusal(&t, e.class(), e.code()),
            }
        }
    };
    pool_page(&p, t, "/experts".into(), info, String::new(), outcome).await
}
