//! The people of an organisation and the experts of the pool get their accounts the way
//! the center's own people do (`center::staff::stage_with_link`, the one kind of one-time
//! sign-in link: `PersonCommand::IssueLink`, only the token's SHA-256 in the log), the text
//! going through the outbox to a phone kept sealed in the vault. The person, the link and
//! the message are appended in one transaction; whoever holds the token sets a password with
//! it once (`center::redeem_link`), then binds keys from their own account. An expert's
//! account is linked to its pool entry (`expert.account_linked`): the pool keeps the one copy
//! of the expert's data.

use domain::accounts::{OrgState, PersonCommand, Phone, check_org};
use domain::experts::{ExpertCommand, ExpertFile, ExpertId};
use domain::{Actor, PersonId, Role};
use store::AppendBatch;

use super::{invalid, parse_code};
use crate::accounts::{AccountOutcome, parse_person, refused};
use crate::center::staff::{outcome, stage_with_link};
use crate::error::AppError;
use crate::pipeline::{Call, Stored, just};
use crate::platform::Platform;
use crate::stream::Meta;

/// A colleague to invite: the sign-in name, the name, what they are to the organisation
/// (职务) and the mobile number the link goes to.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub person: String,
    pub name: String,
    pub title: String,
    pub phone: String,
}

/// Appends `batch`; `outcome` hands the texts to the gateway if there is one.
async fn commit(
    platform: &Platform,
    person: &PersonId,
    batch: AppendBatch,
) -> Result<AccountOutcome, AppError> {
    outcome(platform, person, batch).await
}

/// The people of an organisation (or staff) invite a colleague: registered with the
/// organisation's role and what they are to it, reached by a one-time link.
pub async fn invite(
    platform: &Platform,
    code: &str,
    invitation: Invitation,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let code = parse_code(code)?;
    let person = parse_person(&invitation.person)?;
    let phone = Phone::parse(&invitation.phone).map_err(invalid)?;
    let org = platform.read::<OrgState>(&code).await?.state;
    let Some(o) = org.org.as_ref() else {
        return Err(AppError::not_found(format!("organisation {code}")));
    };
    let role = o.kind.role();
    check_org(role, &org).map_err(refused)?;
    let register = PersonCommand::Register {
        id: person.clone(),
        name: invitation.name,
        role,
        org: Some(code),
        title: Some(invitation.title),
    };
    let mut batch = AppendBatch::default();
    let to = phone.as_str().to_owned();
    stage_with_link(platform, &person, register, to, actor, meta, &mut batch).await?;
    commit(platform, &person, batch).await
}

/// Center staff open an expert's account: a person of role expert named as the pool entry,
/// linked to it (`expert.account_linked`, decided by the platform, recorded as the staff
/// member's act), and a link to the phone the pool holds.
pub async fn activate_expert(
    platform: &Platform,
    expert: &str,
    person: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let expert = ExpertId::parse(expert).map_err(invalid)?;
    let person = parse_person(person)?;
    // The pool's import and the expert's own stream, as the pipeline loads them.
    let file = <ExpertFile as Stored>::load(platform, &expert, actor)
        .await?
        .state;
    let (Some(entry), Some(phone)) = (file.expert.as_ref(), file.phone.as_deref()) else {
        return Err(AppError::not_found(format!("expert {expert} with a phone")));
    };
    let phone = Phone::parse(phone).map_err(invalid)?;
    let register = PersonCommand::Register {
        id: person.clone(),
        name: entry.name.clone(),
        role: Role::Expert,
        org: None,
        title: None,
    };
    let mut batch = AppendBatch::default();
    let platform_actor = Actor::platform();
    let ctx = platform.context(&platform_actor);
    let link = ExpertCommand::LinkAccount {
        person: person.to_string(),
    };
    let call = Call::new(actor, meta);
    platform
        .stage::<ExpertFile>(&expert, &ctx, call, &just(link), &mut batch)
        .await?;
    let to = phone.as_str().to_owned();
    stage_with_link(platform, &person, register, to, actor, meta, &mut batch).await?;
    commit(platform, &person, batch).await
}
