//! The people who run or watch the center (staff, supervisors, administrators): the
//! administrator registers them, disables and re-enables them, sends one-time sign-in links
//! through the outbox and binds their first key, e.g. from a CA certificate. An
//! administrator's account and the center's roster change in one transaction, so the last
//! administrator cannot go, even when two disable each other at once.

use domain::accounts::{LinkPurpose, PersonCommand, PersonState, runs_center};
use domain::center::{CenterCommand, CenterState};
use domain::outbox::{Message, MessageCommand};
use domain::{Actor, PersonId, Role, Sha256Hex};
use sha2::{Digest, Sha256};
use store::AppendBatch;
use time::{Duration, OffsetDateTime};

use crate::accounts::{AccountOutcome, parse_person};
use crate::error::AppError;
use crate::pipeline::{Call, Current, Plan, Stored, just};
use crate::platform::Platform;
use crate::stream::Meta;

/// A one-time sign-in link, as issued: the token exists only here (the log keeps its hash).
#[derive(Debug, Clone)]
pub struct FirstSignIn {
    pub person: PersonId,
    pub token: String,
    pub expires_at: OffsetDateTime,
}

impl FirstSignIn {
    /// The link's path on the server (`/link/<person>/<token>`).
    pub fn path(&self) -> String {
        format!("/link/{}/{}", self.person, self.token)
    }
}

/// What the vault keeps of a person's contact.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Contact {
    pub to: String,
}

pub(crate) fn contact_scope(person: &PersonId) -> String {
    format!("contact:{person}")
}

fn new_token() -> Result<(String, Sha256Hex), AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Invalid(format!("no randomness: {e}")))?;
    let token = hex::encode(bytes);
    Ok((token.clone(), token_hash(&token)?))
}

/// The outbox message that carries the link whose token hashes to `token_sha256`.
pub(crate) fn link_message_id(token_sha256: &Sha256Hex) -> String {
    format!("link-{}", &token_sha256.as_str()[..32])
}

fn token_hash(token: &str) -> Result<Sha256Hex, AppError> {
    Sha256Hex::parse(&hex::encode(Sha256::digest(token.as_bytes())))
        .map_err(|e| AppError::Invalid(e.to_string()))
}

impl Platform {
    /// Decides `plan` on `key` into `batch` (one transaction for several aggregates).
    pub(crate) async fn stage_into<A: Stored>(
        &self,
        key: &A::Key,
        actor: &Actor,
        meta: &Meta,
        plan: impl Plan<A>,
        batch: &mut AppendBatch,
    ) -> Result<A, AppError> {
        let ctx = self.context(actor);
        let (decided, _) = self
            .stage(key, &ctx, Call::new(actor, meta), &plan, batch)
            .await?;
        Ok(decided.state)
    }

    /// How long links live, from the center's settings (defaults before `sunbid init`).
    async fn link_lifetime(&self, purpose: LinkPurpose) -> Result<Duration, AppError> {
        let settings = crate::center::center(self)
            .await?
            .map(|c| c.settings)
            .unwrap_or_default();
        Ok(match purpose {
            LinkPurpose::FirstSignIn => Duration::hours(settings.first_sign_in_link_hours.into()),
            LinkPurpose::PasswordReset => Duration::minutes(settings.reset_link_minutes.into()),
        })
    }

    /// A link command for `purpose`, with its token.
    async fn link(
        &self,
        person: &PersonId,
        purpose: LinkPurpose,
    ) -> Result<(FirstSignIn, PersonCommand), AppError> {
        let (token, token_sha256) = new_token()?;
        let expires_at = self.clock.now() + self.link_lifetime(purpose).await?;
        let command = PersonCommand::IssueLink {
            purpose,
            token_sha256,
            expires_at,
        };
        let link = FirstSignIn {
            person: person.clone(),
            token,
            expires_at,
        };
        Ok((link, command))
    }

    /// Queues `link` to the person `name`'s contact in `batch`, as a message to them.
    async fn queue_link(
        &self,
        to: String,
        name: &str,
        link: &FirstSignIn,
        purpose: LinkPurpose,
        meta: &Meta,
        batch: &mut AppendBatch,
    ) -> Result<(), AppError> {
        // Named after the link's hash (which the person's stream already shows), so the
        // administrator's page finds the message of a person's pending link.
        let id = token_hash(&link.token).map_or_else(
            |_| uuid::Uuid::now_v7().to_string(),
            |h| link_message_id(&h),
        );
        let center = crate::center::center(self)
            .await?
            .map_or_else(|| "Sunbid".to_owned(), |c| c.profile.name);
        let text = self.link_texts.text(&super::links::LinkFor {
            center: &center,
            name,
            link,
            purpose,
            lang: None,
        });
        let sealed = self.vault_label(
            &format!("message:{id}"),
            &crate::experts::SealedMessage {
                to,
                text,
                more: vec![],
            },
        )?;
        let queue = MessageCommand::Queue {
            channel: "sms".into(),
            purpose: purpose.as_str().into(),
            trade: None,
            seat: None,
            sealed,
        };
        self.stage_into::<Message>(id.as_str(), &Actor::platform(), meta, just(queue), batch)
            .await?;
        Ok(())
    }
}

/// `sunbid init`: the center's commands and its first administrator (registered, on the
/// roster, with a first sign-in link) in one transaction.
pub(super) async fn first_administrator(
    platform: &Platform,
    mut commands: Vec<CenterCommand>,
    id: PersonId,
    name: String,
    actor: &Actor,
    meta: &Meta,
) -> Result<FirstSignIn, AppError> {
    let mut batch = AppendBatch::default();
    commands.push(CenterCommand::AddAdministrator { person: id.clone() });
    platform
        .stage_into::<CenterState>(
            &(),
            actor,
            meta,
            move |_: &Current<CenterState>| Ok(commands.clone()),
            &mut batch,
        )
        .await?;
    let (link, issue) = platform.link(&id, LinkPurpose::FirstSignIn).await?;
    let register = PersonCommand::Register {
        id: id.clone(),
        name,
        role: Role::Administrator,
        org: None,
        title: None,
    };
    let plan = move |_: &Current<PersonState>| Ok(vec![register.clone(), issue.clone()]);
    platform
        .stage_into::<PersonState>(&id, actor, meta, plan, &mut batch)
        .await?;
    platform.commit(batch).await?;
    tracing::info!(person.id = %id, "center established with its first administrator");
    Ok(link)
}

/// Registers a person who runs or watches the center (`role`: staff, supervisor or
/// administrator) with the contact their first sign-in link goes to (through the outbox,
/// so the administrator never holds it). An administrator joins the roster at once.
pub async fn register_staff(
    platform: &Platform,
    id: &str,
    name: &str,
    role: Role,
    contact: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let id = parse_person(id)?;
    if !runs_center(role) {
        return Err(AppError::Invalid(format!(
            "{} is not a role of the center's own people",
            role.as_str()
        )));
    }
    let to = checked_contact(contact)?;
    let register = PersonCommand::Register {
        id: id.clone(),
        name: name.to_owned(),
        role,
        org: None,
        title: None,
    };
    let mut batch = AppendBatch::default();
    stage_with_link(platform, &id, register, to, actor, meta, &mut batch).await?;
    if role == Role::Administrator {
        let add = CenterCommand::AddAdministrator { person: id.clone() };
        platform
            .stage_into::<CenterState>(&(), actor, meta, just(add), &mut batch)
            .await?;
    }
    outcome(platform, &id, batch).await
}

/// Stages into `batch`: `first` on the person `id` (its registration), the contact `to`
/// sealed, a first sign-in link, and the text carrying the link through the outbox. The
/// one way an account gets its first sign-in link (center staff, an organisation's
/// invited people, activated experts).
pub(crate) async fn stage_with_link(
    platform: &Platform,
    id: &PersonId,
    first: PersonCommand,
    to: String,
    actor: &Actor,
    meta: &Meta,
    batch: &mut AppendBatch,
) -> Result<(), AppError> {
    let sealed = platform.vault_label(&contact_scope(id), &Contact { to: to.clone() })?;
    let (link, issue) = platform.link(id, LinkPurpose::FirstSignIn).await?;
    let name = match &first {
        PersonCommand::Register { name, .. } => name.clone(),
        _ => id.to_string(),
    };
    let set_contact = PersonCommand::SetContact { sealed };
    let plan =
        move |_: &Current<PersonState>| Ok(vec![first.clone(), set_contact.clone(), issue.clone()]);
    platform
        .stage_into::<PersonState>(id, actor, meta, plan, batch)
        .await?;
    platform
        .queue_link(to, &name, &link, LinkPurpose::FirstSignIn, meta, batch)
        .await
}

/// Commits `batch`, hands any text it queued (a one-time link) to the gateway at once if
/// there is one (not at the next minute's retry: the person is waiting for it), and says
/// where the person's stream stands.
pub(crate) async fn outcome(
    platform: &Platform,
    id: &PersonId,
    batch: AppendBatch,
) -> Result<AccountOutcome, AppError> {
    let stream = crate::accounts::person_stream(id);
    let events = batch
        .streams
        .iter()
        .flat_map(|s| s.events.iter().map(|e| e.kind.clone()))
        .collect();
    let appended = platform.commit(batch).await?;
    if platform.gateway.is_some() {
        crate::experts::deliver_messages(platform).await?;
    }
    let version = platform.read::<PersonState>(id).await?.version;
    Ok(AccountOutcome {
        stream,
        version,
        first_seq: appended.first_seq,
        events,
        log_size: appended.head.size,
    })
}

/// A phone number or an e-mail address, as typed; checked for shape only.
fn checked_contact(contact: &str) -> Result<String, AppError> {
    let c = contact.trim();
    let phone = c.len() >= 5
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || "+- ".contains(ch));
    let email = c
        .split_once('@')
        .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
    if c.chars().count() > 200 || !(phone || email) {
        return Err(AppError::rule(
            "account.bad_contact",
            "the contact must be a phone number or an e-mail address",
        ));
    }
    Ok(c.to_owned())
}

/// Disables (`enable: false`) or re-enables a person; an administrator leaves or rejoins the
/// roster in the same transaction (the last one cannot leave). Every session of a disabled
/// person ends at once, and live streams with them (they watch the person's stream).
async fn set_enabled(
    platform: &Platform,
    id: &str,
    command: PersonCommand,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let id = parse_person(id)?;
    let person = platform.read::<PersonState>(&id).await?.state;
    let is_admin = person
        .person
        .as_ref()
        .is_some_and(|p| p.role == Role::Administrator);
    let disabling = matches!(command, PersonCommand::Disable { .. });
    let mut batch = AppendBatch::default();
    platform
        .stage_into::<PersonState>(&id, actor, meta, just(command), &mut batch)
        .await?;
    if is_admin {
        let roster = if disabling {
            CenterCommand::RemoveAdministrator { person: id.clone() }
        } else {
            CenterCommand::AddAdministrator { person: id.clone() }
        };
        platform
            .stage_into::<CenterState>(&(), actor, meta, just(roster), &mut batch)
            .await?;
    }
    let done = outcome(platform, &id, batch).await?;
    if disabling {
        platform.store.delete_person_sessions(id.as_str()).await?;
    }
    Ok(done)
}

/// Disables a person with a reason: their sessions end at once.
pub async fn disable(
    platform: &Platform,
    id: &str,
    reason: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let command = PersonCommand::Disable {
        reason: reason.to_owned(),
    };
    set_enabled(platform, id, command, actor, meta).await
}

/// Re-enables a disabled person.
pub async fn enable(
    platform: &Platform,
    id: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    set_enabled(platform, id, PersonCommand::Enable, actor, meta).await
}

/// Sends a password-reset link to the person's contact through the outbox (nobody else
/// sees it); a newer link replaces an unused one.
pub async fn send_reset_link(
    platform: &Platform,
    id: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let id = parse_person(id)?;
    let state = platform.read::<PersonState>(&id).await?.state;
    let sealed = state
        .person
        .as_ref()
        .and_then(|p| p.contact.clone())
        .ok_or_else(|| {
            AppError::rule(
                "account.no_contact",
                format!("{id} has no contact to send a link to"),
            )
        })?;
    let contact: Contact = platform.vault_read(&contact_scope(&id), &sealed)?;
    let name = state
        .person
        .as_ref()
        .map_or_else(|| id.to_string(), |p| p.name.clone());
    let (link, issue) = platform.link(&id, LinkPurpose::PasswordReset).await?;
    let mut batch = AppendBatch::default();
    platform
        .stage_into::<PersonState>(&id, actor, meta, just(issue), &mut batch)
        .await?;
    platform
        .queue_link(
            contact.to,
            &name,
            &link,
            LinkPurpose::PasswordReset,
            meta,
            &mut batch,
        )
        .await?;
    outcome(platform, &id, batch).await
}

/// The holder of a link's token sets a password (the policy applies); the link is used up
/// and every session of the person ends.
pub async fn redeem_link(
    platform: &Platform,
    person: &str,
    token: &str,
    password: &str,
    browser_key: Option<&str>,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let keys = crate::accounts::BrowserKeys {
        sign_in: browser_key,
        custody: None,
    };
    redeem_link_with_keys(platform, person, token, password, keys, meta).await
}

/// [`redeem_link`], binding in the same step the keys the link's page made in the browser: a
/// sign-in key, and a custody key if the person's role may hold shares (else it is dropped).
pub async fn redeem_link_with_keys(
    platform: &Platform,
    person: &str,
    token: &str,
    password: &str,
    keys: crate::accounts::BrowserKeys<'_>,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let id = parse_person(person)?;
    crate::accounts::check_policy(&id, password)?;
    let given = |k: Option<&str>| {
        k.map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
    };
    let mut custody_key = given(keys.custody);
    if let Some(hex) = &custody_key {
        let role = platform.person(id.as_str()).await.map(|p| p.role);
        if role.is_ok_and(crate::accounts::may_hold_shares) {
            crate::accounts::check_custody_key(hex)?;
        } else {
            custody_key = None;
        }
    }
    let hash = crate::accounts::hash_password(password.to_owned()).await?;
    let redeem = PersonCommand::RedeemLink {
        token_sha256: token_hash(token.trim())?,
        hash,
        browser_key: given(keys.sign_in),
        custody_key,
    };
    crate::accounts::execute_person(platform, person, redeem, &Actor::platform(), meta).await
}
