//! A person's contact (a mobile number) for the platform's notices, kept sealed in the vault:
//! set by the person (or its organisation's manager, or staff); the log records only that it
//! was set.
use domain::Actor;
use domain::accounts::{AccountError, PersonCommand, Phone};

use crate::accounts::{AccountOutcome, execute_person, parse_person, refused};
use crate::center::staff::{Contact, contact_scope};
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;

/// Sets where `person`'s notices go (amendments of documents it obtained, sign-in links).
pub async fn set_contact(
    platform: &Platform,
    person: &str,
    phone: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<AccountOutcome, AppError> {
    let id = parse_person(person)?;
    let phone = Phone::parse(phone).map_err(|e| refused(AccountError::Value(e)))?;
    let to = phone.as_str().to_owned();
    let sealed = platform.vault_label(&contact_scope(&id), &Contact { to })?;
    execute_person(
        platform,
        person,
        PersonCommand::SetContact { sealed },
        actor,
        meta,
    )
    .await
}
