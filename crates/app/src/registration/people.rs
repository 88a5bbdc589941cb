//! The people of an organisation and the experts of the pool get their accounts by a
//! one-time sign-in link (the center's kind: `PersonCommand::IssueLink`, only the token's
//! SHA-256 in the log) sent through the outbox to a phone kept sealed in the vault. The
//! person, the link and the message are appended in one transaction; whoever holds the token
//! sets a password with it once ([`redeem_link`]), then binds keys from their own account.
//! An expert's account is linked to its pool entry (`expert.account_linked`): the pool keeps
//! the one copy of the expert's data.

use domain::accounts::{LinkPurpose, OrgState, PersonCommand, PersonState, Phone, check_org};
use domain::experts::{ExpertCommand, ExpertFile, ExpertId};
use domain::outbox::Message;
use domain::{Actor, PersonId, Role, Sha256Hex};
use legal_time::Duration;
use store::AppendBatch;

use super::{invalid, parse_code};
use crate::accounts::{AccountOutcome, check_policy, hash_password, parse_person, refused};
use crate::error::AppError;
use crate::pipeline::{Call, Current, Stored, just};
use crate::platform::Platform;
use crate::stream::Meta;

/// How long an invitation or an activation link works (a text read after a weekend).
pub const LINK_DAYS: i64 = 7;

/// A colleague to invite: the sign-in name, the name, what they are to the organisation
/// (职务) and the mobile number the link goes to.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub person: String,
    pub name: String,
    pub title: String,
    pub phone: String,
}

/// The token's SHA-256 as the person's stream keeps it.
fn token_sha256(token: &str) -> Result<Sha256Hex, AppError> {
    Sha256Hex::parse(&crate::blobs::sha256_hex(token.trim().as_bytes())).map_err(invalid)
}

/// A fresh random token (256 bits, hex).
fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Invalid(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

/// The page a link opens (the web crate serves it).
pub fn activation_path(person: &PersonId, token: &str) -> String {
    format!("/activate?person={person}&token={token}")
}

/// Registers `person` (with `first`, e.g. the registration itself), seals its phone, issues
/// a first sign-in link and queues the text carrying it, all in one transaction.
async fn with_link(
    platform: &Platform,
    person: &PersonId,
    first: Vec<PersonCommand>,
    phone: Phone,
    text: impl Fn(&str) -> String,
    actor: &Actor,
    meta: &Meta,
    batch: &mut AppendBatch,
) -> Result<(), AppError> {
    let token = new_token()?;
    let now = platform.clock.now();
    let sealed = platform.vault_label(&format!("contact:{person}"), &phone.as_str())?;
    let mut commands = first;
    commands.push(PersonCommand::SetContact { sealed });
    commands.push(PersonCommand::IssueLink {
        purpose: LinkPurpose::FirstSignIn,
        token_sha256: token_sha256(&token)?,
        expires_at: now + Duration::days(LINK_DAYS),
    });
    let ctx = platform.context(actor);
    let plan = move |_: &Current<PersonState>| Ok(commands.clone());
    platform
        .stage::<PersonState>(person, &ctx, Call::new(actor, meta), &plan, batch)
        .await?;
    let path = activation_path(person, &token);
    let to = phone.as_str().to_owned();
    let (id, command) = platform.message_command(None, 0, "account.link", to, text(&path))?;
    let platform_actor = Actor::platform();
    let ctx = platform.context(&platform_actor);
    platform
        .stage::<Message>(
            &id,
            &ctx,
            Call::new(&platform_actor, meta),
            &just(command),
            batch,
        )
        .await?;
    Ok(())
}

/// The people of an organisation (or staff) invite a colleague: registered with the
/// organisation's role, reached by a one-time link to set a password.
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
    let name = o.name().to_owned();
    let register = PersonCommand::Register {
        id: person.clone(),
        name: invitation.name,
        role,
        org: Some(code),
        title: Some(invitation.title),
    };
    let text = |path: &str| {
        format!(
            "【Sunbid】{name} 邀请您使用交易平台：请在 {LINK_DAYS} 日内打开 {path} 设置登录密码。"
        )
    };
    let mut batch = AppendBatch::default();
    with_link(
        platform,
        &person,
        vec![register],
        phone,
        text,
        actor,
        meta,
        &mut batch,
    )
    .await?;
    commit(platform, &person, batch).await
}

/// Appends `batch` and says what it did to `person`'s stream (and the rest of the batch).
async fn commit(
    platform: &Platform,
    person: &PersonId,
    batch: AppendBatch,
) -> Result<AccountOutcome, AppError> {
    let stream = crate::accounts::person_stream(person);
    let records = || batch.streams.iter().flat_map(|s| s.events.iter());
    let events = records().map(|e| e.kind.clone()).collect();
    let version = records()
        .filter(|e| e.stream == stream)
        .map(|e| e.version)
        .max()
        .unwrap_or_default();
    let appended = platform.commit(batch).await?;
    if platform.gateway.is_some() {
        crate::experts::deliver_messages(platform).await?;
    }
    Ok(AccountOutcome {
        stream,
        version,
        first_seq: appended.first_seq,
        events,
        log_size: appended.head.size,
    })
}

/// Center staff open an expert's account: a person of role expert named as the pool entry,
/// linked to it (`expert.account_linked`, decided by the platform), and a link to the
/// phone the pool holds. The pool stays the one copy of the expert's data.
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
    platform
        .stage::<ExpertFile>(
            &expert,
            &ctx,
            Call::new(actor, meta),
            &just(link),
            &mut batch,
        )
        .await?;
    let text = |path: &str| {
        format!("【Sunbid】您的评标专家账户已开通：请在 {LINK_DAYS} 日内打开 {path} 设置登录密码。")
    };
    with_link(
        platform,
        &person,
        vec![register],
        phone,
        text,
        actor,
        meta,
        &mut batch,
    )
    .await?;
    commit(platform, &person, batch).await
}

/// Whoever holds a link's token sets the password with it, once (`account.link_unknown`,
/// `account.link_expired` otherwise). The person's sessions end.
pub async fn redeem_link(
    platform: &Platform,
    person: &str,
    token: &str,
    password: String,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let person = parse_person(person)?;
    check_policy(&person, &password)?;
    let token_sha256 =
        token_sha256(token).map_err(|_| refused(domain::accounts::AccountError::LinkUnknown))?;
    let hash = hash_password(password).await?;
    let command = PersonCommand::RedeemLink { token_sha256, hash };
    let done = platform
        .run::<PersonState>(&person, &Actor::platform(), meta, just(command))
        .await?;
    platform
        .store
        .delete_person_sessions(person.as_str())
        .await?;
    tracing::info!(person = %person, "sign-in link redeemed");
    Ok(done.into())
}
