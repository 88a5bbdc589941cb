//! Enterprise registration (企业信息登记, 一次登记、全平台通用; issue 13) as use cases through the
//! one pipeline: an organisation signs up (its file and its first person in one
//! transaction), its people complete the file (details, qualifications with their scanned
//! files, stored like every file a command names) and submit it, the `registration` post
//! approves it or returns it with reasons, and a change to an approved file is reviewed
//! again while the approved file stays in force. The people of an organisation not approved
//! yet sign in and work on the file; every trade write refuses them
//! (`access.org_not_approved`, asked where a write loads its trade).
//!
//! People are invited and experts activated in `people.rs`.

mod people;

pub use crate::center::{redeem_link, redeem_link_with_keys};
pub use people::{Invitation, activate_expert, invite};

use domain::accounts::{
    AccountError, OrgCommand, OrgDetails, OrgKind, OrgState, Organisation, PersonCommand,
    PersonState, Qualification, Unapproved, check_org,
};
use domain::{Actor, BlobRef, PersonId, RegionCode, Role, UnifiedSocialCreditCode};
use legal_time::{BEIJING, Date, OffsetDateTime};
use serde::Serialize;
use store::AppendBatch;

use crate::accounts::{AccountOutcome, hash_password, parse_person, refused};
use crate::error::AppError;
use crate::pipeline::{Call, Current, just};
use crate::platform::Platform;
use crate::stream::Meta;

/// Working days the registration post has to review a submitted file (the desk's due date).
pub const REVIEW_WORKING_DAYS: u32 = 3;

/// What a sign-up gives: the organisation, and its first person with a password.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    pub region: String,
    pub person: String,
    pub person_name: String,
    pub password: String,
}

fn invalid(e: domain::ValueError) -> AppError {
    refused(AccountError::Value(e))
}

pub(crate) fn parse_code(code: &str) -> Result<UnifiedSocialCreditCode, AppError> {
    UnifiedSocialCreditCode::parse(code).map_err(invalid)
}

/// An organisation signs up: its draft file (`org.applied`) and its first person with a
/// password, in one transaction (a taken code or sign-in name leaves nothing behind).
pub async fn sign_up(
    platform: &Platform,
    form: SignUp,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let code = parse_code(&form.code)?;
    let region = RegionCode::parse(&form.region).map_err(invalid)?;
    let person = parse_person(&form.person)?;
    crate::accounts::check_policy(&person, &form.password)?;
    let apply = OrgCommand::Apply {
        code: code.clone(),
        name: form.name,
        kind: form.kind,
        region,
    };
    let actor = Actor::platform();
    let ctx = platform.context(&actor);
    let mut batch = AppendBatch::default();
    let call = Call::new(&actor, meta);
    let (org, _) = platform
        .stage::<OrgState>(&code, &ctx, call, &just(apply), &mut batch)
        .await?;
    let role = form.kind.role();
    check_org(role, &org.state).map_err(refused)?;
    let hash = hash_password(form.password).await?;
    let register = PersonCommand::Register {
        id: person.clone(),
        name: form.person_name,
        role,
        org: Some(code),
        title: None,
    };
    let plan = move |_: &Current<PersonState>| {
        Ok(vec![
            register.clone(),
            PersonCommand::SetPassword { hash: hash.clone() },
        ])
    };
    let (done, version) = platform
        .stage::<PersonState>(&person, &ctx, call, &plan, &mut batch)
        .await?;
    let appended = platform.commit(batch).await?;
    tracing::info!(org = %form.code, person = %person, "organisation signed up");
    Ok(AccountOutcome {
        stream: crate::accounts::org_stream(&form.code),
        version,
        first_seq: appended.first_seq,
        events: done
            .events
            .iter()
            .map(|e| domain::DomainEvent::kind(e).to_owned())
            .collect(),
        log_size: appended.head.size,
    })
}

/// A change to the organisation's file by its people (or staff): details, a qualification
/// removed, submit, discard.
pub async fn change_file(
    platform: &Platform,
    code: &str,
    command: OrgCommand,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let code = parse_code(code)?;
    if matches!(
        command,
        OrgCommand::Register { .. }
            | OrgCommand::Apply { .. }
            | OrgCommand::AddQualification { .. }
    ) {
        return Err(AppError::Invalid(
            "sign up, or add a qualification with its files".into(),
        ));
    }
    let done = platform
        .run::<OrgState>(&code, actor, meta, just(command))
        .await?;
    Ok(done.into())
}

/// A qualification (资质) as entered, with its scanned files (name, bytes).
#[derive(Debug, Clone)]
pub struct QualificationForm {
    pub kind: String,
    pub grade: String,
    pub number: String,
    pub issuer: String,
    pub valid_from: Date,
    pub valid_until: Date,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Adds a qualification with its files: the files are stored through the pipeline with the
/// command that names them (none is left behind when it is refused, e.g. expired).
pub async fn add_qualification(
    platform: &Platform,
    code: &str,
    form: QualificationForm,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let code = parse_code(code)?;
    let mut files = Vec::with_capacity(form.files.len());
    for (name, bytes) in &form.files {
        let sha = crate::blobs::sha256_hex(bytes);
        files.push(BlobRef::new(&sha, bytes.len() as u64, name.clone()).map_err(invalid)?);
    }
    let command = OrgCommand::AddQualification {
        qualification: Qualification {
            kind: form.kind,
            grade: form.grade,
            number: form.number,
            issuer: form.issuer,
            valid_from: form.valid_from,
            valid_until: form.valid_until,
            files,
        },
    };
    let bytes: Vec<&[u8]> = form.files.iter().map(|(_, b)| b.as_slice()).collect();
    let call = Call {
        files: &bytes,
        ..Call::new(actor, meta)
    };
    let done = platform
        .run_call::<OrgState>(&code, call, just(command))
        .await?;
    Ok(done.into())
}

/// What the registration post decides on a submitted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Return { reasons: Vec<String> },
}

/// The registration post approves a submitted file, or returns it with reasons. `actor`
/// acts for the `registration` post (`Platform::acting_actor`).
pub async fn review(
    platform: &Platform,
    code: &str,
    decision: Decision,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let code = parse_code(code)?;
    let command = match decision {
        Decision::Approve => OrgCommand::Approve,
        Decision::Return { reasons } => OrgCommand::Return { reasons },
    };
    let done = platform
        .run::<OrgState>(&code, actor, meta, just(command))
        .await?;
    tracing::info!(org = %code, events = ?done.kinds(), "registration reviewed");
    Ok(done.into())
}

/// One file waiting on the review desk.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewItem {
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    /// A first registration, or a change to an approved one (then the approved file stays
    /// in force meanwhile).
    pub change: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    /// [`REVIEW_WORKING_DAYS`] working days after the submission.
    pub due: Date,
    pub overdue: bool,
}

fn today(now: OffsetDateTime) -> Date {
    now.to_offset(BEIJING).date()
}

/// The review desk: the files submitted and not decided yet, the oldest first. Staff only.
pub async fn review_queue(platform: &Platform, actor: &Actor) -> Result<Vec<ReviewItem>, AppError> {
    if !matches!(actor.role, Role::CenterStaff | Role::Supervisor) {
        return Err(refused(AccountError::from(domain::Denied::WrongRole {
            role: actor.role,
            action: domain::Action::ReviewRegistration,
        })));
    }
    let now = platform.clock.now();
    let mut items = Vec::new();
    for view in platform.orgs().await? {
        let code = parse_code(&view.code)?;
        let state = platform.read::<OrgState>(&code).await?.state;
        let Some(org) = state.org else { continue };
        let Some(pending) = org
            .pending
            .as_ref()
            .filter(|p| p.status == Unapproved::Submitted)
        else {
            continue;
        };
        let Some(submitted_at) = pending.submitted_at else {
            continue;
        };
        let due = platform
            .calendar
            .add_working_days(today(submitted_at), REVIEW_WORKING_DAYS)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        items.push(ReviewItem {
            code: view.code,
            name: pending.file.name.clone(),
            kind: org.kind,
            change: org.approved.is_some(),
            submitted_at,
            due,
            overdue: today(now) > due,
        });
    }
    items.sort_by_key(|i| i.submitted_at);
    Ok(items)
}

/// An organisation's file as its people and staff see it (nobody else: contacts are in it).
pub async fn org_file(
    platform: &Platform,
    code: &str,
    actor: &Actor,
) -> Result<Organisation, AppError> {
    let code = parse_code(code)?;
    let own = actor
        .org
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case(code.as_str()));
    if !own && !matches!(actor.role, Role::CenterStaff | Role::Supervisor) {
        return Err(AppError::not_found(format!("organisation {code}")));
    }
    platform
        .read::<OrgState>(&code)
        .await?
        .state
        .org
        .ok_or_else(|| AppError::not_found(format!("organisation {code}")))
}

/// The people of an organisation (for its `/org` page and staff).
pub async fn org_people(
    platform: &Platform,
    code: &str,
    actor: &Actor,
) -> Result<Vec<crate::accounts::PersonView>, AppError> {
    let org = org_file(platform, code, actor).await?;
    Ok(platform
        .people()
        .await?
        .into_iter()
        .filter(|p| p.org.as_deref() == Some(org.code.as_str()))
        .collect())
}

/// Parses a person id, for callers outside the crate.
pub fn person_id(id: &str) -> Result<PersonId, AppError> {
    parse_person(id)
}

/// The details form, parsed: the legal representative, the contact, the address.
pub fn details(
    legal_representative: &str,
    contact_name: &str,
    phone: &str,
    email: &str,
    address: &str,
) -> Result<OrgDetails, AppError> {
    let email = match email.trim() {
        "" => None,
        e => Some(domain::accounts::Email::parse(e).map_err(invalid)?),
    };
    Ok(OrgDetails {
        legal_representative: legal_representative.to_owned(),
        contact: domain::accounts::Contact {
            name: contact_name.to_owned(),
            phone: domain::accounts::Phone::parse(phone).map_err(invalid)?,
            email,
        },
        address: Some(address.to_owned()).filter(|a| !a.trim().is_empty()),
    })
}
