//! Loading an aggregate from its stream and turning decided events into log records.
use domain::{Actor, Aggregate, DomainEvent};
use ledger::EventRecord;
use store::StoredEvent;

use crate::error::AppError;

/// An aggregate folded from its stream, with the version it was read at.
pub struct Loaded<A> {
    pub state: A,
    pub version: u64,
}

pub fn decode<E: DomainEvent>(stored: &StoredEvent) -> Result<E, AppError> {
    let event: E = serde_json::from_value(stored.record.payload.clone()).map_err(|e| {
        AppError::Corrupt(format!(
            "event seq {} ({}): {e}",
            stored.seq, stored.record.kind
        ))
    })?;
    if event.kind() != stored.record.kind {
        return Err(AppError::Corrupt(format!(
            "event seq {}: kind column {} but payload is {}",
            stored.seq,
            stored.record.kind,
            event.kind()
        )));
    }
    Ok(event)
}

pub fn fold<A: Aggregate>(events: &[StoredEvent]) -> Result<Loaded<A>, AppError> {
    let mut state = A::default();
    for stored in events {
        state.evolve(&decode::<A::Event>(stored)?);
    }
    Ok(Loaded {
        state,
        version: events.last().map_or(0, |e| e.record.version),
    })
}

/// Request metadata that goes into every record: the caller's network address.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub ip: Option<String>,
    /// The version the caller last saw; when given, a newer stream is a conflict.
    pub expected_version: Option<u64>,
}

pub fn records<E: DomainEvent>(
    stream: &str,
    base_version: u64,
    events: &[E],
    actor: &Actor,
    at_us: i64,
    meta: &Meta,
) -> Result<Vec<EventRecord>, AppError> {
    events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            let payload =
                serde_json::to_value(event).map_err(|e| AppError::Invalid(e.to_string()))?;
            let hidden = event.hides_actor();
            Ok(EventRecord {
                stream: stream.to_owned(),
                version: base_version + 1 + i as u64,
                kind: event.kind().to_owned(),
                payload,
                actor: if hidden {
                    domain::aggregate::SEALED_ACTOR.to_owned()
                } else {
                    actor.id.clone()
                },
                role: actor.role.as_str().to_owned(),
                on_behalf_of: if hidden {
                    None
                } else {
                    actor.on_behalf_of.clone()
                },
                at_us,
                ip: if hidden { None } else { meta.ip.clone() },
            })
        })
        .collect()
}
