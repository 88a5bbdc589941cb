//! How an organisation decides and evolves: who may take each command (the matrix, then the
//! organisation's own rules) and what the file looks like after each event. The steps are
//! described in `organisation.rs`.

use legal_time::{BEIJING, Date, OffsetDateTime};

use crate::access::{Action, Relation, authorize};
use crate::accounts::error::AccountError;
use crate::accounts::ids::display_name;
use crate::accounts::org_file::{MAX_QUALIFICATIONS, OrgFile, Pending, Review, Unapproved};
use crate::accounts::organisation::{
    OrgCommand, OrgEvent, OrgKind, OrgState, Organisation, no_change,
};
use crate::aggregate::{Aggregate, Context, Role};
use crate::values::{RegionCode, UnifiedSocialCreditCode};

/// Reasons a return may give, and how long each may be.
const MAX_REASONS: usize = 20;

impl Aggregate for OrgState {
    type Command = OrgCommand;
    type Event = OrgEvent;
    type Error = AccountError;

    fn decide(
        &self,
        command: &OrgCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<OrgEvent>, AccountError> {
        use OrgCommand::*;
        let event = match command {
            Register {
                code,
                name,
                kind,
                region,
            } => {
                authorize(ctx.actor.role, Action::ManageAccounts, None, Relation::None)?;
                if ctx.actor.role == Role::Platform {
                    return Err(AccountError::NotSelfService {
                        kind: kind.as_str(),
                    });
                }
                let (code, name, kind, region, at) =
                    self.new_org(code, name, *kind, region, ctx)?;
                OrgEvent::Registered {
                    code,
                    name,
                    kind,
                    region,
                    at,
                }
            }
            Apply {
                code,
                name,
                kind,
                region,
            } => {
                authorize(ctx.actor.role, Action::ManageOwnOrg, None, Relation::None)?;
                if !kind.self_service() {
                    return Err(AccountError::NotSelfService {
                        kind: kind.as_str(),
                    });
                }
                let (code, name, kind, region, at) =
                    self.new_org(code, name, *kind, region, ctx)?;
                OrgEvent::Applied {
                    code,
                    name,
                    kind,
                    region,
                    at,
                }
            }
            UpdateDetails { .. }
            | AddQualification { .. }
            | RemoveQualification { .. }
            | Submit
            | DiscardChanges => {
                let org = self.registered()?;
                own_people(org, ctx)?;
                decide_file(org, command, ctx)?
            }
            Approve | Return { .. } => {
                authorize(
                    ctx.actor.role,
                    Action::ReviewRegistration,
                    None,
                    Relation::None,
                )?;
                decide_review(self.registered()?, command, ctx)?
            }
            Rename { .. } | Deactivate { .. } | Reactivate => {
                authorize(ctx.actor.role, Action::ManageAccounts, None, Relation::None)?;
                decide_staff(self.registered()?, command, ctx.now)?
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &OrgEvent) {
        use OrgEvent::*;
        match event {
            Registered {
                code,
                name,
                kind,
                region,
                at,
            }
            | Applied {
                code,
                name,
                kind,
                region,
                at,
            } => {
                let file = OrgFile::named(name.clone());
                let applied = matches!(event, Applied { .. });
                self.org = Some(Organisation {
                    code: code.clone(),
                    kind: *kind,
                    region: region.clone(),
                    active: true,
                    registered_at: *at,
                    approved: (!applied).then(|| file.clone()),
                    approval: None,
                    pending: applied.then(|| draft(file)),
                });
            }
            _ => {
                if let Some(org) = &mut self.org {
                    evolve_org(org, event);
                }
            }
        }
    }
}

type NewOrg = (
    UnifiedSocialCreditCode,
    String,
    OrgKind,
    RegionCode,
    OffsetDateTime,
);

impl OrgState {
    /// A code is registered once, whoever asks and under whatever kind.
    fn new_org(
        &self,
        code: &UnifiedSocialCreditCode,
        name: &str,
        kind: OrgKind,
        region: &RegionCode,
        ctx: &Context<'_>,
    ) -> Result<NewOrg, AccountError> {
        if let Some(org) = &self.org {
            return Err(AccountError::OrgExists {
                code: org.code.to_string(),
            });
        }
        let name = display_name("organisation name", name, 200)?;
        Ok((code.clone(), name, kind, region.clone(), ctx.now))
    }
}

/// The people of the organisation itself (in its kind's role), or the platform.
fn own_people(org: &Organisation, ctx: &Context<'_>) -> Result<(), AccountError> {
    let a = ctx.actor;
    let own = a.role == org.kind.role()
        && a.org
            .as_deref()
            .is_some_and(|o| o.eq_ignore_ascii_case(org.code.as_str()));
    let relation = if own {
        Relation::Oneself
    } else {
        Relation::None
    };
    authorize(a.role, Action::ManageOwnOrg, None, relation)?;
    if !org.active {
        return Err(AccountError::OrgInactive {
            org: org.code.to_string(),
        });
    }
    Ok(())
}

fn today(now: OffsetDateTime) -> Date {
    now.to_offset(BEIJING).date()
}

/// The file may change unless it waits for review.
fn editable(org: &Organisation) -> Result<&OrgFile, AccountError> {
    if let Some(p) = &org.pending
        && p.status == Unapproved::Submitted
    {
        return Err(AccountError::UnderReview {
            org: org.code.to_string(),
        });
    }
    org.working().ok_or(AccountError::NotRegistered {
        what: "organisation",
    })
}

fn decide_file(
    org: &Organisation,
    command: &OrgCommand,
    ctx: &Context<'_>,
) -> Result<OrgEvent, AccountError> {
    let at = ctx.now;
    let file = editable(org)?;
    Ok(match command {
        OrgCommand::UpdateDetails { name, details } => {
            let name = display_name("organisation name", name, 200)?;
            let details = details.checked()?;
            if file.name == name && file.details.as_ref() == Some(&details) {
                return Err(no_change(org, "described so"));
            }
            OrgEvent::DetailsUpdated { name, details, at }
        }
        OrgCommand::AddQualification { qualification } => {
            let q = qualification.checked()?;
            if file.qualification(&q.number).is_some() {
                return Err(AccountError::QualificationExists { number: q.number });
            }
            if file.qualifications.len() >= MAX_QUALIFICATIONS {
                return Err(AccountError::invalid(
                    "qualifications",
                    format!("at most {MAX_QUALIFICATIONS}"),
                ));
            }
            if q.expired_on(today(at)) {
                return Err(AccountError::QualificationExpired {
                    number: q.number,
                    kind: q.kind,
                    valid_until: q.valid_until,
                });
            }
            OrgEvent::QualificationAdded {
                qualification: q,
                at,
            }
        }
        OrgCommand::RemoveQualification { number } => {
            if file.qualification(number).is_none() {
                return Err(AccountError::QualificationUnknown {
                    number: number.clone(),
                });
            }
            OrgEvent::QualificationRemoved {
                number: number.clone(),
                at,
            }
        }
        OrgCommand::Submit => {
            let Some(pending) = &org.pending else {
                return Err(AccountError::NothingPending {
                    org: org.code.to_string(),
                });
            };
            if org.approved.as_ref() == Some(&pending.file) {
                return Err(AccountError::NothingPending {
                    org: org.code.to_string(),
                });
            }
            pending.file.check_complete(today(at))?;
            OrgEvent::Submitted { at }
        }
        OrgCommand::DiscardChanges => {
            if org.approved.is_none() || org.pending.is_none() {
                return Err(AccountError::NothingPending {
                    org: org.code.to_string(),
                });
            }
            OrgEvent::ChangesDiscarded { at }
        }
        _ => unreachable!("decide routes only file commands here"),
    })
}

fn decide_review(
    org: &Organisation,
    command: &OrgCommand,
    ctx: &Context<'_>,
) -> Result<OrgEvent, AccountError> {
    let pending = org
        .pending
        .as_ref()
        .filter(|p| p.status == Unapproved::Submitted)
        .ok_or(AccountError::NotSubmitted {
            org: org.code.to_string(),
        })?;
    let (by, on_behalf_of, at) = (
        ctx.actor.id.clone(),
        ctx.actor.on_behalf_of.clone(),
        ctx.now,
    );
    Ok(match command {
        OrgCommand::Approve => {
            // a qualification may have lapsed while the file waited
            pending.file.check_complete(today(at))?;
            OrgEvent::Approved {
                by,
                on_behalf_of,
                at,
            }
        }
        OrgCommand::Return { reasons } => OrgEvent::Returned {
            reasons: checked_reasons(reasons)?,
            by,
            on_behalf_of,
            at,
        },
        _ => unreachable!("decide routes only review commands here"),
    })
}

fn checked_reasons(reasons: &[String]) -> Result<Vec<String>, AccountError> {
    let given: Vec<&String> = reasons.iter().filter(|r| !r.trim().is_empty()).collect();
    if given.is_empty() {
        return Err(AccountError::ReasonsRequired);
    }
    if given.len() > MAX_REASONS {
        return Err(AccountError::invalid(
            "reasons",
            format!("at most {MAX_REASONS}"),
        ));
    }
    given
        .into_iter()
        .map(|r| Ok(display_name("reason", r, 500)?))
        .collect()
}

fn decide_staff(
    org: &Organisation,
    command: &OrgCommand,
    at: OffsetDateTime,
) -> Result<OrgEvent, AccountError> {
    Ok(match command {
        OrgCommand::Rename { name } => {
            let name = display_name("organisation name", name, 200)?;
            if name == org.name() {
                return Err(no_change(org, "named so"));
            }
            OrgEvent::Renamed { name, at }
        }
        OrgCommand::Deactivate { reason } => {
            if !org.active {
                return Err(no_change(org, "deactivated"));
            }
            let reason = display_name("reason", reason, 500)?;
            OrgEvent::Deactivated { reason, at }
        }
        OrgCommand::Reactivate => {
            if org.active {
                return Err(no_change(org, "active"));
            }
            OrgEvent::Reactivated { at }
        }
        _ => unreachable!("decide routes only staff commands here"),
    })
}

fn draft(file: OrgFile) -> Pending {
    Pending {
        file,
        status: Unapproved::Draft,
        submitted_at: None,
        returned: None,
    }
}

/// The pending file, opened as a copy of the one in force when a change starts.
fn pending_mut(org: &mut Organisation) -> &mut Pending {
    let in_force = org.approved.clone();
    org.pending
        .get_or_insert_with(|| draft(in_force.unwrap_or_else(|| OrgFile::named(String::new()))))
}

fn evolve_org(org: &mut Organisation, event: &OrgEvent) {
    use OrgEvent::*;
    match event {
        Registered { .. } | Applied { .. } => {}
        DetailsUpdated { name, details, .. } => {
            let file = &mut pending_mut(org).file;
            file.name = name.clone();
            file.details = Some(details.clone());
        }
        QualificationAdded { qualification, .. } => {
            pending_mut(org)
                .file
                .qualifications
                .push(qualification.clone());
        }
        QualificationRemoved { number, .. } => {
            pending_mut(org)
                .file
                .qualifications
                .retain(|q| &q.number != number);
        }
        Submitted { at } => {
            let p = pending_mut(org);
            p.status = Unapproved::Submitted;
            p.submitted_at = Some(*at);
        }
        ChangesDiscarded { .. } => org.pending = None,
        Approved {
            by,
            on_behalf_of,
            at,
        } => {
            if let Some(p) = org.pending.take() {
                org.approved = Some(p.file);
            }
            org.approval = Some(review(by, on_behalf_of, *at, &[]));
        }
        Returned {
            reasons,
            by,
            on_behalf_of,
            at,
        } => {
            let p = pending_mut(org);
            p.status = Unapproved::Returned;
            p.returned = Some(review(by, on_behalf_of, *at, reasons));
        }
        Renamed { name, .. } => {
            // a change in the business register: the file in force and any change to it
            for file in org
                .approved
                .iter_mut()
                .chain(org.pending.iter_mut().map(|p| &mut p.file))
            {
                file.name = name.clone();
            }
        }
        Deactivated { .. } => org.active = false,
        Reactivated { .. } => org.active = true,
    }
}

fn review(
    by: &str,
    on_behalf_of: &Option<String>,
    at: OffsetDateTime,
    reasons: &[String],
) -> Review {
    Review {
        by: by.to_owned(),
        on_behalf_of: on_behalf_of.clone(),
        at,
        reasons: reasons.to_vec(),
    }
}
