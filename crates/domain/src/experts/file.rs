//! One expert's file in the pool (专家档案) as an aggregate on its own stream
//! (`expert:<id>`): staff import it, the expert keeps its declarations, the platform books
//! evaluations once a list is revealed, staff and supervisors record conduct, and after each
//! evaluation the tenderer or agency and the fellow members rate the expert (mutual rating).
//! [`ExpertFile::effective`] is what a draw judges: the conduct record and the ratings feed
//! the credit standing ([`CreditPolicy`], defaults marked [D] in docs/DRAW.md §12).

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregate, Context, DomainEvent, Role};
use crate::experts::pool::{
    ConductKind, ConductRecord, DateRange, Employment, Expert, ExpertCredit, Relation, TimeRange,
};
use crate::serde_time;
use crate::values::TradeId;

/// Who rates: the tenderer's side or a fellow committee member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rater {
    Tenderer,
    Member,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rating {
    pub trade: TradeId,
    pub rater: Rater,
    /// The rating person's id (ratings are recorded after the list is public).
    pub by: String,
    /// 1 (poor) ..= 5 (excellent).
    pub score: u8,
    #[serde(default)]
    pub note: String,
    #[serde(with = "serde_time::date")]
    pub date: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExpertCommand {
    /// Staff: add or replace what the pool file holds. Bookings, conduct and ratings are the
    /// platform's own records and are kept.
    Import {
        expert: Expert,
        #[serde(default)]
        phone: Option<String>,
        /// The person account the expert signs in with.
        #[serde(default)]
        person: Option<String>,
    },
    /// The expert itself: employment history, relations and leave (申报).
    Declare {
        employers: Vec<Employment>,
        relations: Vec<Relation>,
        leave: Vec<DateRange>,
    },
    RecordConduct {
        record: ConductRecord,
        #[serde(default)]
        trade: Option<TradeId>,
    },
    Rate {
        trade: TradeId,
        rater: Rater,
        score: u8,
        #[serde(default)]
        note: String,
    },
    /// Platform: the expert sits on `trade`'s committee during `range`.
    Book { trade: TradeId, range: TimeRange },
    /// Platform, on the expert's activation (a one-time link): the person account the expert
    /// signs in with, linked to this file (the account copies none of it).
    LinkAccount { person: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExpertEvent {
    Imported {
        expert: Expert,
        phone: Option<String>,
        person: Option<String>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Declared {
        employers: Vec<Employment>,
        relations: Vec<Relation>,
        leave: Vec<DateRange>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    ConductRecorded {
        record: ConductRecord,
        trade: Option<TradeId>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Rated {
        rating: Rating,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    Booked {
        trade: TradeId,
        range: TimeRange,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    AccountLinked {
        person: String,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for ExpertEvent {
    fn kind(&self) -> &'static str {
        match self {
            ExpertEvent::Imported { .. } => "expert.imported",
            ExpertEvent::Declared { .. } => "expert.declared",
            ExpertEvent::ConductRecorded { .. } => "expert.conduct_recorded",
            ExpertEvent::Rated { .. } => "expert.rated",
            ExpertEvent::Booked { .. } => "expert.booked",
            ExpertEvent::AccountLinked { .. } => "expert.account_linked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpertFileError {
    #[error("{action}: not allowed for role {role}", role = .role.as_str())]
    WrongRole { action: &'static str, role: Role },
    #[error("no such expert in the pool")]
    Unknown,
    #[error("only the expert may declare for itself")]
    NotYou,
    #[error("a rating is 1 to 5, not {score}")]
    BadScore { score: u8 },
    #[error("{by} has already rated this expert for {trade}")]
    AlreadyRated { by: String, trade: String },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("this expert already signs in as {person}")]
    AlreadyLinked { person: String },
    #[error("this expert is not active in the pool (suspended or dismissed)")]
    NotActive,
}

crate::refusals!(ExpertFileError {
    WrongRole { .. } => "expert.wrong_role", Forbidden;
    Unknown => "expert.unknown", Rule;
    NotYou => "expert.not_you", Forbidden;
    BadScore { .. } => "expert.bad_score", Rule;
    AlreadyRated { .. } => "expert.already_rated", Rule;
    Invalid { .. } => "expert.invalid", Rule;
    AlreadyLinked { .. } => "expert.already_linked", Rule;
    NotActive => "expert.not_active", Rule;
});

/// How conduct and ratings set the credit standing [D]: within `lookback_years`,
/// `restrict_warnings` warnings restrict the expert (not drawn); one warning, or at least
/// `min_ratings` ratings averaging below `watch_below`, put it on watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditPolicy {
    pub lookback_years: u32,
    pub restrict_warnings: usize,
    pub min_ratings: usize,
    /// Average score (×1) below which the expert is watched.
    pub watch_below: u8,
}

impl Default for CreditPolicy {
    fn default() -> Self {
        CreditPolicy {
            lookback_years: 3,
            restrict_warnings: 2,
            min_ratings: 3,
            watch_below: 3,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertFile {
    pub expert: Option<Expert>,
    pub phone: Option<String>,
    pub person: Option<String>,
    pub ratings: Vec<Rating>,
    /// Which trade each booking is for (parallel to `expert.bookings`).
    pub booked_trades: Vec<TradeId>,
}

impl ExpertFile {
    /// The expert as a draw on `today` judges it: credit standing from the file's credit,
    /// conduct and ratings, whichever is worst.
    pub fn effective(&self, today: Date, policy: &CreditPolicy) -> Option<Expert> {
        let mut e = self.expert.clone()?;
        let since = today
            .replace_year(today.year() - policy.lookback_years as i32)
            .unwrap_or(today);
        let warnings = e
            .conduct
            .iter()
            .filter(|c| c.kind == ConductKind::Warning && c.date >= since)
            .count();
        let recent: Vec<u32> = self
            .ratings
            .iter()
            .filter(|r| r.date >= since)
            .map(|r| u32::from(r.score))
            .collect();
        let low_ratings = recent.len() >= policy.min_ratings
            && recent.iter().sum::<u32>() < u32::from(policy.watch_below) * recent.len() as u32;
        let derived = if warnings >= policy.restrict_warnings {
            ExpertCredit::Restricted
        } else if warnings > 0 || low_ratings {
            ExpertCredit::Watch
        } else {
            ExpertCredit::Good
        };
        if derived.code() > e.credit.code() {
            e.credit = derived;
        }
        Some(e)
    }

    /// May this expert open an account: in the pool and active. The account is the one the
    /// import named (`person`), or one the expert names at activation ([`ExpertCommand::LinkAccount`]).
    pub fn check_activation(&self) -> Result<&Expert, ExpertFileError> {
        let e = self.need()?;
        if !e.active {
            return Err(ExpertFileError::NotActive);
        }
        Ok(e)
    }

    fn need(&self) -> Result<&Expert, ExpertFileError> {
        self.expert.as_ref().ok_or(ExpertFileError::Unknown)
    }
}

fn allow(action: &'static str, ctx: &Context<'_>, roles: &[Role]) -> Result<(), ExpertFileError> {
    if roles.contains(&ctx.actor.role) {
        Ok(())
    } else {
        Err(ExpertFileError::WrongRole {
            action,
            role: ctx.actor.role,
        })
    }
}

/// The checks of the commands with more than a role and an existing file to check.
impl ExpertFile {
    /// Staff import; a file never changes whose it is.
    fn may_import(&self, expert: &Expert, ctx: &Context<'_>) -> Result<(), ExpertFileError> {
        allow("import_expert", ctx, &[Role::CenterStaff, Role::Platform])?;
        if let Some(old) = &self.expert
            && old.id != expert.id
        {
            return Err(ExpertFileError::Invalid {
                field: "id",
                reason: "the file belongs to another expert".into(),
            });
        }
        Ok(())
    }

    /// Only the expert declares, with leave ranges in order.
    fn may_declare(&self, leave: &[DateRange], ctx: &Context<'_>) -> Result<(), ExpertFileError> {
        allow("declare", ctx, &[Role::Expert])?;
        self.need()?;
        if self.person.as_deref() != Some(ctx.actor.id.as_str()) {
            return Err(ExpertFileError::NotYou);
        }
        if let Some(bad) = leave.iter().find(|l| l.from > l.to) {
            return Err(ExpertFileError::Invalid {
                field: "leave",
                reason: format!("{} is after {}", bad.from, bad.to),
            });
        }
        Ok(())
    }

    /// A score of 1 to 5, never by the expert itself, once per rater and trade.
    fn may_rate(
        &self,
        trade: &TradeId,
        score: u8,
        ctx: &Context<'_>,
    ) -> Result<(), ExpertFileError> {
        allow(
            "rate_expert",
            ctx,
            &[Role::Tenderer, Role::Agency, Role::Expert],
        )?;
        self.need()?;
        if !(1..=5).contains(&score) {
            return Err(ExpertFileError::BadScore { score });
        }
        if self.person.as_deref() == Some(ctx.actor.id.as_str()) {
            return Err(ExpertFileError::NotYou);
        }
        if self
            .ratings
            .iter()
            .any(|r| &r.trade == trade && r.by == ctx.actor.id)
        {
            return Err(ExpertFileError::AlreadyRated {
                by: ctx.actor.id.clone(),
                trade: trade.to_string(),
            });
        }
        Ok(())
    }
}

/// No `ExpertCommand` names a file.
impl crate::NamesFiles for ExpertCommand {}

impl Aggregate for ExpertFile {
    type Command = ExpertCommand;
    type Event = ExpertEvent;
    type Error = ExpertFileError;

    fn decide(
        &self,
        command: &ExpertCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<ExpertEvent>, ExpertFileError> {
        let at = ctx.now;
        let event = match command {
            ExpertCommand::Import {
                expert,
                phone,
                person,
            } => {
                self.may_import(expert, ctx)?;
                ExpertEvent::Imported {
                    expert: Expert {
                        bookings: Vec::new(),
                        conduct: Vec::new(),
                        ..expert.clone()
                    },
                    phone: phone.clone(),
                    person: person.clone().or_else(|| self.person.clone()),
                    at,
                }
            }
            ExpertCommand::Declare {
                employers,
                relations,
                leave,
            } => {
                self.may_declare(leave, ctx)?;
                ExpertEvent::Declared {
                    employers: employers.clone(),
                    relations: relations.clone(),
                    leave: leave.clone(),
                    at,
                }
            }
            ExpertCommand::RecordConduct { record, trade } => {
                allow(
                    "record_conduct",
                    ctx,
                    &[Role::CenterStaff, Role::Supervisor, Role::Platform],
                )?;
                self.need()?;
                ExpertEvent::ConductRecorded {
                    record: record.clone(),
                    trade: trade.clone(),
                    at,
                }
            }
            ExpertCommand::Rate {
                trade,
                rater,
                score,
                note,
            } => {
                self.may_rate(trade, *score, ctx)?;
                ExpertEvent::Rated {
                    rating: Rating {
                        trade: trade.clone(),
                        rater: *rater,
                        by: ctx.actor.id.clone(),
                        score: *score,
                        note: note.clone(),
                        date: legal_time::beijing_date(at),
                    },
                    at,
                }
            }
            ExpertCommand::Book { trade, range } => {
                allow("book_expert", ctx, &[Role::Platform])?;
                self.need()?;
                ExpertEvent::Booked {
                    trade: trade.clone(),
                    range: *range,
                    at,
                }
            }
            ExpertCommand::LinkAccount { person } => {
                allow("link_account", ctx, &[Role::Platform])?;
                self.check_activation()?;
                if let Some(linked) = &self.person {
                    return Err(ExpertFileError::AlreadyLinked {
                        person: linked.clone(),
                    });
                }
                ExpertEvent::AccountLinked {
                    person: person.clone(),
                    at,
                }
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &ExpertEvent) {
        match event {
            ExpertEvent::Imported {
                expert,
                phone,
                person,
                ..
            } => self.apply_import(&crate::experts::pool_import::PoolRowData {
                expert: expert.clone(),
                phone: phone.clone(),
                person: person.clone(),
            }),
            ExpertEvent::Declared {
                employers,
                relations,
                leave,
                ..
            } => {
                if let Some(e) = &mut self.expert {
                    e.employers = employers.clone();
                    e.relations = relations.clone();
                    e.leave = leave.clone();
                }
            }
            ExpertEvent::ConductRecorded { record, .. } => {
                if let Some(e) = &mut self.expert {
                    e.conduct.push(record.clone());
                }
            }
            ExpertEvent::Rated { rating, .. } => self.ratings.push(rating.clone()),
            ExpertEvent::Booked { trade, range, .. } => {
                if let Some(e) = &mut self.expert {
                    e.bookings.push(*range);
                    self.booked_trades.push(trade.clone());
                }
            }
            ExpertEvent::AccountLinked { person, .. } => self.person = Some(person.clone()),
        }
    }
}
