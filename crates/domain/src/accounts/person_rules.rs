//! How the Person aggregate decides (who may is in `person.rs`'s module docs).

use legal_time::{Duration, OffsetDateTime};

use crate::access::{Action, Relation, authorize};
use crate::accounts::credentials::{
    CertificateInfo, CustodyKey, KeyAlgorithm, MAX_LINK_DAYS, PasswordHash,
};
use crate::accounts::error::AccountError;
use crate::accounts::ids::display_name;
use crate::accounts::membership::check_org_shape;
use crate::accounts::person::{
    Person, PersonCommand, PersonEvent, PersonState, parse_key, runs_center,
};
use crate::aggregate::{Aggregate, Context, Role};
use crate::values::{Sha256Hex, UnifiedSocialCreditCode};

/// The matrix action that manages the accounts of people in `role`.
fn manage_action(role: Role) -> Action {
    if runs_center(role) {
        Action::ManageStaff
    } else {
        Action::ManageAccounts
    }
}

fn manage(ctx: &Context<'_>, role: Role) -> Result<(), AccountError> {
    Ok(authorize(
        ctx.actor.role,
        manage_action(role),
        None,
        Relation::None,
    )?)
}

/// Whoever manages the account of a person of `role` in `org` (see [`manage`]), or, for
/// the people of an organisation, a colleague (same organisation, same role).
fn manage_or_colleague(
    ctx: &Context<'_>,
    role: Role,
    org: Option<&UnifiedSocialCreditCode>,
) -> Result<(), AccountError> {
    let staff = manage(ctx, role);
    if staff.is_ok() || runs_center(role) {
        return staff;
    }
    let a = ctx.actor;
    let colleague = a.role == role
        && org.is_some_and(|o| {
            a.org
                .as_deref()
                .is_some_and(|mine| mine.eq_ignore_ascii_case(o.as_str()))
        });
    let relation = if colleague {
        Relation::Oneself
    } else {
        Relation::None
    };
    Ok(authorize(a.role, Action::ManageOwnOrg, None, relation)?)
}

/// An optional name: empty is none.
fn optional_name(
    field: &'static str,
    s: Option<&str>,
    max: usize,
) -> Result<Option<String>, AccountError> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => Ok(Some(display_name(field, t, max)?)),
    }
}

impl PersonState {
    /// The person acting on their own account, or the platform (see the module docs).
    fn own_account(&self, p: &Person, ctx: &Context<'_>) -> Result<(), AccountError> {
        let relation = if ctx.actor.id == p.id.as_str() {
            Relation::Oneself
        } else {
            Relation::None
        };
        Ok(authorize(
            ctx.actor.role,
            Action::ManageOwnAccount,
            None,
            relation,
        )?)
    }

    /// Who may bind a key: the person (or the platform); the administrator, for the people
    /// who run or watch the center, only while nobody signs in to the account yet.
    fn may_bind_key(&self, p: &Person, ctx: &Context<'_>) -> Result<(), AccountError> {
        self.own_account(p, ctx).or_else(|own| {
            if !runs_center(p.role) {
                return Err(own);
            }
            manage(ctx, p.role).map_err(|_| own)?;
            if p.in_use() {
                return Err(AccountError::AccountInUse {
                    person: p.id.to_string(),
                });
            }
            Ok(())
        })
    }

    fn enabled(p: &Person) -> Result<(), AccountError> {
        match p.disabled {
            Some(_) => Err(AccountError::Disabled {
                person: p.id.to_string(),
            }),
            None => Ok(()),
        }
    }

    fn register(
        &self,
        command: &PersonCommand,
        ctx: &Context<'_>,
    ) -> Result<PersonEvent, AccountError> {
        let PersonCommand::Register {
            id,
            name,
            role,
            org,
            title,
        } = command
        else {
            unreachable!("called for Register only")
        };
        manage_or_colleague(ctx, *role, org.as_ref())?;
        check_org_shape(*role, org.as_ref())?;
        // Sign-up registers an organisation's first person; an expert's activation its
        // account; `sunbid init` the first administrator, which the center's roster allows
        // only while it has none.
        let platform_may = matches!(
            role,
            Role::Bidder
                | Role::Agency
                | Role::Tenderer
                | Role::Bank
                | Role::Expert
                | Role::Administrator
        );
        if ctx.actor.role == Role::Platform && !platform_may {
            return Err(AccountError::NotSelfService {
                kind: role.as_str(),
            });
        }
        if let Some(p) = &self.person {
            return Err(AccountError::AlreadyRegistered {
                what: "person",
                id: p.id.to_string(),
            });
        }
        Ok(PersonEvent::Registered {
            id: id.clone(),
            name: display_name("person name", name, 100)?,
            role: *role,
            org: org.clone(),
            title: optional_name("title", title.as_deref(), 50)?,
            at: ctx.now,
        })
    }

    fn add_key(
        &self,
        p: &Person,
        algorithm: KeyAlgorithm,
        hex: &str,
        certificate: Option<&CertificateInfo>,
        ctx: &Context<'_>,
    ) -> Result<PersonEvent, AccountError> {
        self.may_bind_key(p, ctx)?;
        Self::enabled(p)?;
        let key = parse_key(algorithm, hex)?;
        if let Some(c) = certificate {
            c.check()?;
            if !c.valid_at(ctx.now) {
                return Err(AccountError::CertificateNotValid {
                    not_before: c.not_before,
                    not_after: c.not_after,
                });
            }
        }
        if p.keys.contains(&key) {
            return Err(AccountError::KeyExists {
                key: key.to_string(),
            });
        }
        if p.revoked.contains(&key) {
            return Err(AccountError::KeyRevoked {
                key: key.to_string(),
            });
        }
        Ok(PersonEvent::KeyAdded {
            key,
            certificate: certificate.cloned(),
            at: ctx.now,
        })
    }

    fn issue_link(
        p: &Person,
        expires_at: OffsetDateTime,
        ctx: &Context<'_>,
    ) -> Result<(), AccountError> {
        manage_or_colleague(ctx, p.role, p.org.as_ref())?;
        Self::enabled(p)?;
        if expires_at <= ctx.now || expires_at > ctx.now + Duration::days(MAX_LINK_DAYS) {
            return Err(AccountError::invalid(
                "expires_at",
                format!("a link lives more than a moment and at most {MAX_LINK_DAYS} days"),
            ));
        }
        Ok(())
    }

    fn redeem_link(
        &self,
        p: &Person,
        token: &Sha256Hex,
        hash: &str,
        browser_key: Option<&str>,
        custody_key: Option<&str>,
        ctx: &Context<'_>,
    ) -> Result<Vec<PersonEvent>, AccountError> {
        // Only the platform, on the link's page: nobody else holds the token's proof.
        authorize(
            ctx.actor.role,
            Action::ManageOwnAccount,
            None,
            Relation::None,
        )?;
        Self::enabled(p)?;
        let link = p
            .link
            .as_ref()
            .filter(|l| &l.token_sha256 == token)
            .ok_or(AccountError::LinkUnknown)?;
        if ctx.now >= link.expires_at {
            return Err(AccountError::LinkExpired {
                expired_at: link.expires_at,
            });
        }
        let hash = PasswordHash::parse(hash).map_err(AccountError::BadPasswordHash)?;
        let mut events = vec![
            PersonEvent::LinkRedeemed {
                purpose: link.purpose,
                at: ctx.now,
            },
            PersonEvent::PasswordSet { hash, at: ctx.now },
        ];
        if let Some(hex) = browser_key {
            let key = parse_key(KeyAlgorithm::Ed25519, hex)?;
            if p.keys.contains(&key) || p.revoked.contains(&key) {
                return Err(AccountError::KeyExists {
                    key: key.to_string(),
                });
            }
            events.push(PersonEvent::KeyAdded {
                key,
                certificate: None,
                at: ctx.now,
            });
        }
        if let Some(hex) = custody_key {
            events.push(Self::custody_key(p, hex, ctx)?);
        }
        Ok(events)
    }

    /// Binds a custody key; the same key twice is no change.
    fn custody_key(p: &Person, hex: &str, ctx: &Context<'_>) -> Result<PersonEvent, AccountError> {
        Self::enabled(p)?;
        let key = CustodyKey::parse(hex).map_err(AccountError::BadPublicKey)?;
        if p.custody_key.as_ref() == Some(&key) {
            return Err(AccountError::KeyExists {
                key: format!("x25519:{}", key.hex()),
            });
        }
        Ok(PersonEvent::CustodyKeyBound { key, at: ctx.now })
    }
}

/// No `PersonCommand` names a file.
impl crate::NamesFiles for PersonCommand {}

impl Aggregate for PersonState {
    type Command = PersonCommand;
    type Event = PersonEvent;
    type Error = AccountError;

    fn decide(
        &self,
        command: &PersonCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<PersonEvent>, AccountError> {
        let at = ctx.now;
        if let PersonCommand::Register { .. } = command {
            return Ok(vec![self.register(command, ctx)?]);
        }
        let p = self.registered()?;
        let event = match command {
            PersonCommand::Register { .. } => unreachable!("handled above"),
            PersonCommand::SetPassword { hash } => {
                self.own_account(p, ctx)?;
                Self::enabled(p)?;
                let hash = PasswordHash::parse(hash).map_err(AccountError::BadPasswordHash)?;
                PersonEvent::PasswordSet { hash, at }
            }
            PersonCommand::AddKey {
                algorithm,
                public_key_hex,
            } => self.add_key(p, *algorithm, public_key_hex, None, ctx)?,
            PersonCommand::AddCertificate {
                algorithm,
                public_key_hex,
                certificate,
            } => self.add_key(p, *algorithm, public_key_hex, Some(certificate), ctx)?,
            PersonCommand::RevokeKey {
                algorithm,
                public_key_hex,
            } => {
                self.own_account(p, ctx)
                    .or_else(|own| manage(ctx, p.role).map_err(|_| own))?;
                let key = parse_key(*algorithm, public_key_hex)?;
                if !p.keys.contains(&key) {
                    return Err(AccountError::KeyUnknown {
                        key: key.to_string(),
                    });
                }
                PersonEvent::KeyRevoked { key, at }
            }
            PersonCommand::Disable { reason } => {
                manage(ctx, p.role)?;
                if p.disabled.is_some() {
                    return Err(no_change(p, "disabled"));
                }
                let reason = display_name("reason", reason, 500)?;
                PersonEvent::Disabled { reason, at }
            }
            PersonCommand::Enable => {
                manage(ctx, p.role)?;
                if p.disabled.is_none() {
                    return Err(no_change(p, "enabled"));
                }
                PersonEvent::Enabled { at }
            }
            PersonCommand::SetContact { sealed } => {
                self.own_account(p, ctx).or_else(|own| {
                    manage_or_colleague(ctx, p.role, p.org.as_ref()).map_err(|_| own)
                })?;
                PersonEvent::ContactSet {
                    sealed: sealed.clone(),
                    at,
                }
            }
            PersonCommand::IssueLink {
                purpose,
                token_sha256,
                expires_at,
            } => {
                Self::issue_link(p, *expires_at, ctx)?;
                PersonEvent::LinkIssued {
                    purpose: *purpose,
                    token_sha256: token_sha256.clone(),
                    expires_at: *expires_at,
                    at,
                }
            }
            PersonCommand::BindCustodyKey { public_key_hex } => {
                // Only the person (or the platform): whoever binds it receives the shares.
                self.own_account(p, ctx)?;
                Self::custody_key(p, public_key_hex, ctx)?
            }
            PersonCommand::RedeemLink {
                token_sha256,
                hash,
                browser_key,
                custody_key,
            } => {
                let (browser, custody) = (browser_key.as_deref(), custody_key.as_deref());
                return self.redeem_link(p, token_sha256, hash, browser, custody, ctx);
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &PersonEvent) {
        self.evolve_person(event);
    }
}

fn no_change(p: &Person, state: &'static str) -> AccountError {
    AccountError::NoChange {
        what: format!("person {}", p.id),
        state,
    }
}
