//! A pool file imported as one event on the `experts-pool` stream: every row that changes an
//! expert's file, all or nothing. One event per file keeps a 10,000-expert import a single
//! log leaf (the per-expert streams hold what happens to each expert afterwards); the file's
//! hash names the upload it came from. [`ExpertFile`] folds both.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregate, Context, DomainEvent, Role};
use crate::experts::file::ExpertFile;
use crate::experts::pool::Expert;
use crate::serde_time;
use crate::values::Sha256Hex;

/// One row: the expert, a phone for notifications, the sign-in account (`None` keeps the
/// file's link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolRowData {
    pub expert: Expert,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PoolCommand {
    Import {
        rows: Vec<PoolRowData>,
        /// SHA-256 of the uploaded file.
        #[serde(default)]
        source: Option<Sha256Hex>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PoolEvent {
    Imported {
        rows: Vec<PoolRowData>,
        source: Option<Sha256Hex>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for PoolEvent {
    fn kind(&self) -> &'static str {
        match self {
            PoolEvent::Imported { .. } => "pool.imported",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoolImportError {
    #[error("import_experts: not allowed for role {role}", role = .role.as_str())]
    WrongRole { role: Role },
    #[error("the file holds no expert")]
    Empty,
    #[error("expert {id} appears twice in the file")]
    Duplicate { id: String },
}

crate::refusals!(PoolImportError {
    WrongRole { .. } => "expert.wrong_role", Forbidden;
    Empty => "expert.empty_import", Rule;
    Duplicate { .. } => "expert.duplicate", Rule;
});

/// The import stream's own state: how many files so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoolImports {
    pub imports: u32,
}

/// Who may import the pool: center staff (and the platform).
pub fn may_import(role: Role) -> bool {
    matches!(role, Role::CenterStaff | Role::Platform)
}

/// No `PoolCommand` names a file.
impl crate::NamesFiles for PoolCommand {}

impl Aggregate for PoolImports {
    type Command = PoolCommand;
    type Event = PoolEvent;
    type Error = PoolImportError;

    fn decide(
        &self,
        cmd: &PoolCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<PoolEvent>, PoolImportError> {
        let PoolCommand::Import { rows, source } = cmd;
        if !may_import(ctx.actor.role) {
            return Err(PoolImportError::WrongRole {
                role: ctx.actor.role,
            });
        }
        if rows.is_empty() {
            return Err(PoolImportError::Empty);
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some(dup) = rows.iter().find(|r| !seen.insert(&r.expert.id)) {
            return Err(PoolImportError::Duplicate {
                id: dup.expert.id.as_str().to_owned(),
            });
        }
        // Bookings and conduct are the platform's own records, never a file's.
        let rows = rows
            .iter()
            .map(|r| PoolRowData {
                expert: Expert {
                    bookings: Vec::new(),
                    conduct: Vec::new(),
                    ..r.expert.clone()
                },
                ..r.clone()
            })
            .collect();
        Ok(vec![PoolEvent::Imported {
            rows,
            source: source.clone(),
            at: ctx.now,
        }])
    }

    fn evolve(&mut self, _: &PoolEvent) {
        self.imports += 1;
    }
}

impl ExpertFile {
    /// A file's row replaces what the pool holds of the expert and keeps the platform's own
    /// records (bookings, conduct, ratings) and, without an account, the account link.
    pub fn apply_import(&mut self, row: &PoolRowData) {
        let (bookings, conduct) = self
            .expert
            .take()
            .map(|e| (e.bookings, e.conduct))
            .unwrap_or_default();
        self.expert = Some(Expert {
            bookings,
            conduct,
            ..row.expert.clone()
        });
        self.phone = row.phone.clone();
        if row.person.is_some() {
            self.person = row.person.clone();
        }
    }
}
