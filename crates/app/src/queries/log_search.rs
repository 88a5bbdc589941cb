//! The readable log: the entries of every trade the caller may read in full (or of one
//! trade), newest first, with people and trades by name, for the supervisor's log page.
use std::collections::HashMap;

use domain::access::{Action, Relation, authorize};
use domain::{Actor, TradeId};

use super::LogEntry;
use crate::error::AppError;
use crate::platform::Platform;

/// One log entry as people read it.
#[derive(Debug, Clone)]
pub struct LogRow {
    pub seq: u64,
    pub at_us: i64,
    pub trade: TradeId,
    pub title: String,
    pub kind: String,
    /// Who acted: the account id and the person's name (`None` for the platform, a sealed
    /// actor or an id without a person, which pages name in words).
    pub actor: String,
    pub actor_name: Option<String>,
    /// The A post holder (id and name) when the B holder acted for them.
    pub on_behalf_of: Option<(String, Option<String>)>,
}

/// The log rows `actor` may read: of `trade`, or of every trade (supervisors and staff, who
/// may read any trade's full log; anyone else is refused), newest first.
pub async fn log_rows(
    p: &Platform,
    actor: &Actor,
    trade: Option<&TradeId>,
) -> Result<Vec<LogRow>, AppError> {
    let trades: Vec<(TradeId, String)> = match trade {
        Some(id) => {
            let s = super::summary(p, id).await?;
            vec![(id.clone(), s.title)]
        }
        None => {
            authorize(actor.role, Action::ViewLogFull, None, Relation::None)
                .map_err(crate::log_view::denied)?;
            super::summaries(p)
                .await?
                .into_iter()
                .filter_map(|s| Some((s.id?, s.title)))
                .collect()
        }
    };
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    let mut out = Vec::new();
    for (id, title) in trades {
        let entries = match super::trade_log(p, &id, actor).await {
            Ok(e) => e,
            // One trade's refusal hides that trade from the whole log, not the log.
            Err(AppError::Refused { .. }) if trade.is_none() => continue,
            Err(e) => return Err(e),
        };
        for e in entries {
            let actor_name = name(p, &mut names, &e.actor).await;
            let on_behalf_of = match &e.on_behalf_of {
                Some(a) => Some((a.clone(), name(p, &mut names, a).await)),
                None => None,
            };
            out.push(row(e, &id, &title, actor_name, on_behalf_of));
        }
    }
    out.sort_by(|a, b| b.at_us.cmp(&a.at_us).then(b.seq.cmp(&a.seq)));
    Ok(out)
}

fn row(
    e: LogEntry,
    id: &TradeId,
    title: &str,
    actor_name: Option<String>,
    on_behalf_of: Option<(String, Option<String>)>,
) -> LogRow {
    LogRow {
        seq: e.seq,
        at_us: e.at_us,
        trade: id.clone(),
        title: title.to_owned(),
        kind: e.kind,
        actor: e.actor,
        actor_name,
        on_behalf_of,
    }
}

async fn name(
    p: &Platform,
    cache: &mut HashMap<String, Option<String>>,
    id: &str,
) -> Option<String> {
    if let Some(n) = cache.get(id) {
        return n.clone();
    }
    let n = p
        .person(id)
        .await
        .map(|v| v.name)
        .ok()
        .filter(|n| !n.is_empty());
    cache.insert(id.to_owned(), n.clone());
    n
}
