//! The pool: every expert's file, imported by staff in one all-or-nothing batch, declared by
//! the expert itself, with conduct records and mutual ratings.

use std::collections::BTreeMap;

use domain::experts::{
    ConductRecord, CreditPolicy, DateRange, Employment, Expert, ExpertCommand, ExpertFile,
    ExpertId, PoolCommand, PoolEvent, PoolImports, PoolRowData, Rater, Relation,
};
use domain::{Actor, Aggregate, Role, TradeId};
use serde::Serialize;

use super::{EXPERT_PREFIX, POOL_STREAM};
use crate::error::AppError;
use crate::pipeline::just;
use crate::platform::Platform;
use crate::stream::{Meta, decode};

/// One row to import: the expert, a phone for notifications and the sign-in account.
#[derive(Debug, Clone)]
pub struct PoolRow {
    pub expert: Expert,
    pub phone: Option<String>,
    pub person: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// What staff see of an expert in the pool list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExpertSummary {
    pub id: String,
    pub name: String,
    pub region: String,
    pub specialties: Vec<String>,
    pub credit: domain::experts::ExpertCredit,
    pub active: bool,
    pub conduct: usize,
    pub ratings: usize,
    pub person: Option<String>,
}

pub(crate) struct Files {
    pub files: BTreeMap<ExpertId, (ExpertFile, u64)>,
}

impl Platform {
    /// Every expert file, folded, with its stream version.
    pub(crate) async fn expert_files(&self) -> Result<Files, AppError> {
        let mut files: BTreeMap<ExpertId, (ExpertFile, u64)> = BTreeMap::new();
        let mut stored = self.store.load_stream(POOL_STREAM).await?;
        stored.extend(self.store.load_prefix(EXPERT_PREFIX).await?);
        stored.sort_by_key(|e| e.seq);
        for stored in stored {
            if stored.record.stream == POOL_STREAM {
                let PoolEvent::Imported { rows, .. } = decode(&stored)?;
                for row in &rows {
                    files
                        .entry(row.expert.id.clone())
                        .or_default()
                        .0
                        .apply_import(row);
                }
                continue;
            }
            let id = stored
                .record
                .stream
                .strip_prefix(EXPERT_PREFIX)
                .and_then(|s| ExpertId::parse(s).ok())
                .ok_or_else(|| AppError::Corrupt(format!("stream {}", stored.record.stream)))?;
            let entry = files.entry(id).or_default();
            entry.0.evolve(&decode(&stored)?);
            entry.1 = stored.record.version;
        }
        Ok(Files { files })
    }

    /// The pool as a draw today judges it (credit from conduct and ratings).
    pub(crate) async fn effective_pool(&self) -> Result<Vec<Expert>, AppError> {
        let today = legal_time::beijing_date(self.clock.now());
        let policy = CreditPolicy::default();
        Ok(self
            .expert_files()
            .await?
            .files
            .values()
            .filter_map(|(f, _)| f.effective(today, &policy))
            .collect())
    }

    /// The file of the expert `person` signs in as.
    pub(crate) async fn file_of_person(
        &self,
        person: &str,
    ) -> Result<Option<(ExpertId, ExpertFile)>, AppError> {
        Ok(self
            .expert_files()
            .await?
            .files
            .into_iter()
            .find(|(_, (f, _))| f.person.as_deref() == Some(person))
            .map(|(id, (f, _))| (id, f)))
    }
}

/// Imports `rows` as one event (`pool.imported` on [`POOL_STREAM`]): every row's file is
/// created or replaced, or, if the file is refused, none is. Rows identical to the file
/// are left out; a file that changes nothing appends nothing.
pub async fn import(
    platform: &Platform,
    rows: Vec<PoolRow>,
    source: Option<domain::Sha256Hex>,
    actor: &Actor,
    meta: &Meta,
) -> Result<ImportReport, AppError> {
    let files = platform.expert_files().await?;
    let mut report = ImportReport::default();
    let mut changed = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for row in rows {
        if !seen.insert(row.expert.id.clone()) {
            return Err(AppError::rule(
                "expert.duplicate",
                format!("expert {} appears twice", row.expert.id.as_str()),
            ));
        }
        match files
            .files
            .get(&row.expert.id)
            .and_then(|(f, _)| f.expert.as_ref().map(|e| (f, e)))
        {
            Some((file, old)) => {
                let same = Expert {
                    bookings: old.bookings.clone(),
                    conduct: old.conduct.clone(),
                    ..row.expert.clone()
                };
                if &same == old
                    && file.phone == row.phone
                    && (row.person.is_none() || file.person == row.person)
                {
                    report.unchanged += 1;
                    continue;
                }
                report.updated += 1;
            }
            None => report.created += 1,
        }
        changed.push(PoolRowData {
            expert: row.expert,
            phone: row.phone,
            person: row.person,
        });
    }
    if !changed.is_empty() {
        let cmd = PoolCommand::Import {
            rows: changed,
            source,
        };
        platform
            .run::<PoolImports>(&(), actor, meta, just(cmd))
            .await?;
    }
    tracing::info!(
        created = report.created,
        updated = report.updated,
        unchanged = report.unchanged,
        "expert pool imported"
    );
    Ok(report)
}

/// The expert declares its employment history, relations and leave.
pub async fn declare(
    platform: &Platform,
    employers: Vec<Employment>,
    relations: Vec<Relation>,
    leave: Vec<DateRange>,
    actor: &Actor,
    meta: &Meta,
) -> Result<(), AppError> {
    let (id, _) = platform
        .file_of_person(&actor.id)
        .await?
        .ok_or_else(|| AppError::not_found("expert file"))?;
    let cmd = ExpertCommand::Declare {
        employers,
        relations,
        leave,
    };
    platform
        .run::<ExpertFile>(&id, actor, meta, just(cmd))
        .await
        .map(drop)
}

/// A reminder, warning or bad record, by staff or a supervisor.
pub async fn record_conduct(
    platform: &Platform,
    expert: &ExpertId,
    record: ConductRecord,
    trade: Option<TradeId>,
    actor: &Actor,
    meta: &Meta,
) -> Result<(), AppError> {
    let cmd = ExpertCommand::RecordConduct { record, trade };
    platform
        .run::<ExpertFile>(expert, actor, meta, just(cmd))
        .await
        .map(drop)
}

/// Mutual rating after the evaluation: the tenderer or agency of `trade`, or a fellow
/// member of its committee, rates a member (seat `seat` of the revealed committee).
pub async fn rate_member(
    platform: &Platform,
    trade: &TradeId,
    seat: u32,
    score: u8,
    note: String,
    actor: &Actor,
    meta: &Meta,
) -> Result<(), AppError> {
    let state = platform.trade_state(trade).await?;
    // After the evaluation: its slot is over, or the trade has recorded it.
    let slot_over = platform
        .draw_record(trade)
        .await?
        .state
        .summary
        .is_some_and(|s| platform.clock.now() >= s.evaluation.to);
    let recorded = matches!(
        domain::access::read_phase(&state),
        domain::trade::Phase::Evaluated
            | domain::trade::Phase::Publicized
            | domain::trade::Phase::Awarded
            | domain::trade::Phase::Confirmed
    );
    if !(slot_over || recorded) {
        return Err(AppError::rule(
            "expert.rate_after_evaluation",
            "members are rated once the evaluation is over",
        ));
    }
    let committee = platform.committee(trade).await?;
    let rater = match domain::access::relation_to_trade(actor, &state) {
        domain::Relation::Tenderer | domain::Relation::Agency => Rater::Tenderer,
        _ if actor.role == Role::Expert
            && committee
                .iter()
                .any(|m| m.person.as_deref() == Some(actor.id.as_str())) =>
        {
            Rater::Member
        }
        _ => {
            return Err(AppError::refusal(
                domain::Refusal::forbidden("expert.not_a_rater"),
                "only the tenderer, its agency and the other members rate",
            ));
        }
    };
    let member = committee
        .iter()
        .find(|m| m.seat == seat)
        .ok_or_else(|| AppError::not_found("seat"))?;
    let cmd = ExpertCommand::Rate {
        trade: trade.clone(),
        rater,
        score,
        note,
    };
    platform
        .run::<ExpertFile>(&member.expert, actor, meta, just(cmd))
        .await
        .map(drop)
}
