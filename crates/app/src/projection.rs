//! Projections: the rows pages and the API read, derived from aggregate state only. The command
//! path and `verify`'s replay call the same functions, so a stored row can be re-derived.
use std::collections::BTreeMap;

use domain::accounts::{OrgEvent, OrgState, PersonEvent, PersonState, PostEvent, PostState};
use domain::{Aggregate, RoomId, RoomState, TradeId, TradeState};
use serde_json::json;
use store::{ProjectionRow, ProjectionWrite, StoredEvent};

use crate::accounts::{ORG_PREFIX, PERSON_PREFIX, POST_PREFIX, org_rows, person_rows, post_rows};
use crate::error::AppError;
use crate::stream::decode;

pub const TRADE_PREFIX: &str = "trade:";
pub const ROOM_PREFIX: &str = "room:";
/// A trade's sealed events (bids, withdrawals, obtainings) live in small streams of their
/// own, `sealed:<trade>/<id>`, so that no stream version counts them (a count of bids before
/// the opening is as secret as the names: 招标投标法 第22条).
pub const SEALED_PREFIX: &str = "sealed:";

/// All sealed streams of a trade start with this.
pub fn sealed_prefix(id: &TradeId) -> String {
    format!("{SEALED_PREFIX}{id}/")
}

pub fn trade_stream(id: &TradeId) -> String {
    format!("{TRADE_PREFIX}{id}")
}

pub fn room_stream(id: &RoomId) -> String {
    format!("{ROOM_PREFIX}{id}")
}

pub fn trade_row(key: &str, state: &TradeState) -> ProjectionWrite {
    let doc = serde_json::to_value(state.summary()).expect("a summary serialises");
    ProjectionWrite {
        kind: "trade".into(),
        key: key.into(),
        doc: Some(doc),
    }
}

pub fn room_row(key: &str, state: &RoomState) -> ProjectionWrite {
    let doc = json!({ "room": key, "bookings": state.bookings });
    ProjectionWrite {
        kind: "room".into(),
        key: key.into(),
        doc: Some(doc),
    }
}

/// Replays events in log order into every aggregate, then yields the projection rows.
#[derive(Default)]
pub struct Replay {
    trades: BTreeMap<String, TradeState>,
    rooms: BTreeMap<String, RoomState>,
    orgs: BTreeMap<String, OrgState>,
    people: BTreeMap<String, PersonState>,
    posts: BTreeMap<String, PostState>,
    deposits: BTreeMap<String, domain::deposit::DepositBook>,
}

impl Replay {
    /// Apply one stored event; returns the files it names.
    pub fn apply(&mut self, stored: &StoredEvent) -> Result<Vec<String>, AppError> {
        use domain::DomainEvent;
        let stream = stored.record.stream.as_str();
        if let Some(key) = stream.strip_prefix(TRADE_PREFIX) {
            let event = decode::<domain::TradeEvent>(stored)?;
            self.trades
                .entry(key.to_owned())
                .or_default()
                .evolve(&event);
            Ok(event.blob_hashes())
        } else if let Some(rest) = stream.strip_prefix(SEALED_PREFIX) {
            let key = rest.split('/').next().unwrap_or(rest);
            let event = decode::<domain::TradeEvent>(stored)?;
            self.trades
                .entry(key.to_owned())
                .or_default()
                .evolve(&event);
            Ok(event.blob_hashes())
        } else if let Some(key) = stream.strip_prefix(ROOM_PREFIX) {
            let event = decode::<domain::RoomEvent>(stored)?;
            self.rooms.entry(key.to_owned()).or_default().evolve(&event);
            Ok(event.blob_hashes())
        } else if let Some(key) = stream.strip_prefix(ORG_PREFIX) {
            let event = decode::<OrgEvent>(stored)?;
            self.orgs.entry(key.to_owned()).or_default().evolve(&event);
            Ok(vec![])
        } else if let Some(key) = stream.strip_prefix(PERSON_PREFIX) {
            let event = decode::<PersonEvent>(stored)?;
            self.people
                .entry(key.to_owned())
                .or_default()
                .evolve(&event);
            Ok(vec![])
        } else if let Some(rest) = stream.strip_prefix(crate::deposits::DEPOSIT_PREFIX) {
            // `deposit:<trade>` and its sealed streams `deposit:<trade>/<id>`: one book.
            let key = rest.split('/').next().unwrap_or(rest);
            let event = decode::<domain::deposit::DepositEvent>(stored)?;
            self.deposits
                .entry(key.to_owned())
                .or_default()
                .evolve(&event);
            Ok(vec![])
        } else if let Some(key) = stream.strip_prefix(POST_PREFIX) {
            let event = decode::<PostEvent>(stored)?;
            self.posts.entry(key.to_owned()).or_default().evolve(&event);
            Ok(vec![])
        } else if stream == domain::center::CENTER_STREAM {
            decode::<domain::center::CenterEvent>(stored)?;
            Ok(vec![])
        } else if stream == crate::experts::POOL_STREAM {
            decode::<domain::experts::PoolEvent>(stored)?;
            Ok(vec![])
        } else if stream.starts_with(crate::experts::EXPERT_PREFIX) {
            decode::<domain::experts::ExpertEvent>(stored)?;
            Ok(vec![])
        } else if stream.starts_with(crate::experts::DRAW_PREFIX) {
            decode::<domain::experts::DrawEvent>(stored)?;
            Ok(vec![])
        } else if stream.starts_with(crate::experts::OUTBOX_PREFIX) {
            decode::<domain::outbox::MessageEvent>(stored)?;
            Ok(vec![])
        } else if stream.starts_with(crate::eval_room::EVAL_ROOM_PREFIX) {
            decode::<domain::eval_room::EvalRoomEvent>(stored)?;
            Ok(vec![])
        } else if stream.starts_with(crate::challenges::CHALLENGE_PREFIX) {
            // The notice of award is a file: verify checks the blob folder against it.
            Ok(decode::<evaluation::challenge::ChallengeEvent>(stored)?.blob_hashes())
        } else if stream.starts_with(crate::scoring::SCORING_PREFIX) {
            decode::<domain::scoring::ScoringEvent>(stored)?;
            Ok(vec![])
        } else {
            Err(AppError::Corrupt(format!(
                "event seq {}: unknown stream {stream}",
                stored.seq
            )))
        }
    }

    /// All rows in (kind, key) order.
    pub fn into_rows(self) -> Result<Vec<ProjectionRow>, AppError> {
        let rooms = self.rooms.iter().map(|(k, s)| room_row(k, s));
        let trades = self.trades.iter().map(|(k, s)| trade_row(k, s));
        let orgs = self.orgs.iter().flat_map(|(k, s)| org_rows(k, s));
        let people = self.people.iter().flat_map(|(k, s)| person_rows(k, s));
        let posts = self.posts.iter().flat_map(|(k, s)| post_rows(k, s));
        let mut rows: Vec<ProjectionRow> = rooms
            .chain(trades)
            .chain(orgs)
            .chain(people)
            .chain(posts)
            .map(|w| ProjectionRow {
                kind: w.kind,
                key: w.key,
                doc: w.doc.unwrap_or_default(),
            })
            .collect();
        rows.sort_by(|a, b| (&a.kind, &a.key).cmp(&(&b.kind, &b.key)));
        Ok(rows)
    }
}
