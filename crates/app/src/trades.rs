//! Executing trade commands: load the trade (and the rooms it books), decide, append the
//! events of every stream touched and their projections in one transaction.
use std::collections::BTreeMap;

use domain::access::{Relation, authorize_command, relation_to_trade};
use domain::{
    Actor, Aggregate, Context, DomainEvent, Role, RoomCommand, RoomId, RoomState, TradeCommand,
    TradeEvent, TradeId, TradeState,
};
use serde::Serialize;
use store::{AppendBatch, StreamAppend, TreeHead};

use crate::error::AppError;
use crate::platform::Platform;
use crate::projection::{room_row, room_stream, sealed_prefix, trade_row, trade_stream};
use crate::stream::{Loaded, Meta, fold, records};

/// What an accepted command returns: the trade's new version and where its events sit in the log.
/// An accepted no-op (no events) returns the unchanged version, `first_seq` = the log size and
/// the current head.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub trade: String,
    pub version: u64,
    pub first_seq: u64,
    pub events: Vec<String>,
    pub log_size: u64,
    pub log_root: String,
}

fn refused_trade(e: domain::TradeError) -> AppError {
    AppError::refused(&e)
}

fn refused_access(d: domain::Denied) -> AppError {
    AppError::refused(&d)
}

/// How the caller relates to the trade, for the permission matrix. The trade's state shows
/// the tenderer, the agency and bidders with a bid ([`relation_to_trade`]); an expert sits on
/// the committee if the trade's draw revealed it among the members ([`Platform::committee`]).
/// A draw recorded on the trade without the platform's draw (an outside draw system, or the
/// demo's plans) cannot be checked: there an expert is taken at its word, as before the
/// platform drew; the matrix still limits experts to the evaluation records.
pub(crate) async fn relation(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    state: &TradeState,
) -> Result<Relation, AppError> {
    if actor.role != Role::Expert || state.round.draw.is_none() {
        return Ok(relation_to_trade(actor, state));
    }
    let draw = platform.draw_record(trade).await?;
    if draw.state.phase.is_none() {
        return Ok(Relation::Committee);
    }
    let member = platform
        .committee(trade)
        .await?
        .iter()
        .any(|m| m.person.as_deref() == Some(actor.id.as_str()));
    Ok(if member {
        Relation::Committee
    } else {
        Relation::None
    })
}

fn refused_room(e: domain::RoomError) -> AppError {
    AppError::refused(&e)
}

/// The stream an event of `trade` goes to: sealed events each to a small stream of their own
/// (a bid's stream holds its submission and withdrawal), everything else to the trade's.
fn stream_for(trade: &TradeId, event: &TradeEvent) -> String {
    let sealed = |id: String| format!("{}{id}", sealed_prefix(trade));
    match event {
        TradeEvent::BidSubmitted { bid, .. } => sealed(format!("bid-{}", bid.handle)),
        TradeEvent::BidWithdrawn { handle, .. } => sealed(format!("bid-{handle}")),
        TradeEvent::DocumentsObtained { .. } => {
            let mut id = [0u8; 12];
            getrandom::fill(&mut id).expect("the operating system gives randomness");
            sealed(format!("obtain-{}", hex::encode(id)))
        }
        _ => trade_stream(trade),
    }
}

/// A trade loaded from its own stream and its sealed streams, in log order.
#[derive(Default)]
pub(crate) struct LoadedTrade {
    pub state: TradeState,
    /// The trade stream's version (what callers see and may expect).
    pub version: u64,
    /// The version of each sealed stream.
    pub sealed: BTreeMap<String, u64>,
}

impl Platform {
    /// Every stored event of a trade (its stream and its sealed streams), in log order.
    pub(crate) async fn trade_events(
        &self,
        trade: &TradeId,
    ) -> Result<Vec<store::StoredEvent>, AppError> {
        let mut events = self.store.load_stream(&trade_stream(trade)).await?;
        events.extend(self.store.load_prefix(&sealed_prefix(trade)).await?);
        events.sort_by_key(|e| e.seq);
        Ok(events)
    }

    pub(crate) async fn load_trade_full(&self, trade: &TradeId) -> Result<LoadedTrade, AppError> {
        let events = self.trade_events(trade).await?;
        let own = trade_stream(trade);
        let mut version = 0;
        let mut sealed = BTreeMap::new();
        for e in &events {
            if e.record.stream == own {
                version = e.record.version;
            } else {
                sealed.insert(e.record.stream.clone(), e.record.version);
            }
        }
        let state = fold::<TradeState>(&events)?.state;
        Ok(LoadedTrade {
            state,
            version,
            sealed,
        })
    }

    pub async fn load_trade(&self, trade: &TradeId) -> Result<Loaded<TradeState>, AppError> {
        let full = self.load_trade_full(trade).await?;
        Ok(Loaded {
            state: full.state,
            version: full.version,
        })
    }

    /// Run one command against a trade, as `actor`.
    pub async fn execute(
        &self,
        trade: &TradeId,
        command: TradeCommand,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        self.execute_with_files(trade, command, actor, meta, &[])
            .await
    }

    /// [`Platform::execute`], storing `files` in the blob folder only once the command was
    /// authorised and decided, just before its events are appended: a refused upload leaves
    /// no file behind.
    pub(crate) async fn execute_with_files(
        &self,
        trade: &TradeId,
        command: TradeCommand,
        actor: &Actor,
        meta: &Meta,
        files: &[&[u8]],
    ) -> Result<Outcome, AppError> {
        if let TradeCommand::Register { trade: named, .. } = &command
            && named != trade
        {
            return Err(AppError::Invalid(format!(
                "the command registers {named}, not {trade}"
            )));
        }
        let stream = trade_stream(trade);
        if matches!(command, TradeCommand::OpenBids) {
            self.settle_bids(trade).await;
        }
        let loaded = Self::as_seen_by(self.load_trade_full(trade).await?, actor, &command)?;
        // Only its registration may name a trade that does not exist yet (a hidden trade is
        // seen as a missing one, so it answers the same).
        if loaded.version == 0 && !matches!(command, TradeCommand::Register { .. }) {
            return Err(AppError::not_found(format!("trade {trade}")));
        }
        if let Some(expected) = meta.expected_version
            && expected != loaded.version
        {
            return Err(AppError::Conflict {
                stream,
                expected,
                actual: loaded.version,
            });
        }
        // One reading of the clock decides and timestamps the command.
        let now = self.clock.now();
        let ctx = Context {
            now,
            actor,
            calendar: &self.calendar,
        };
        // One place decides who may act: the permission matrix first (role, relation, phase),
        // then the aggregate's own rules (deadlines, which bidder, result order).
        authorize_command(
            actor.role,
            &command,
            &loaded.state,
            relation(self, trade, actor, &loaded.state).await?,
        )
        .map_err(refused_access)?;
        // An objection to the candidates pauses the award until it is answered (条例 第54条),
        // on every route that decides one.
        if matches!(command, TradeCommand::DecideAward { .. }) {
            self.objections_answered(trade).await?;
        }
        let (command, made) = self
            .prepare(trade, &loaded.state, command, actor, meta)
            .await?;
        crate::blobs::ensure_named_files(
            &self.blobs,
            &command,
            files.iter().copied().chain(made.iter().map(Vec::as_slice)),
        )
        .await?;
        let events = loaded.state.decide(&command, &ctx).map_err(refused_trade)?;
        if events.is_empty() {
            // An accepted no-op (a deposit notice sent twice, say): nothing is appended.
            let head = self.store.tree_head().await?;
            tracing::info!(trade.id = %trade, command = command.action(), version = loaded.version, "command accepted, nothing to append");
            return Ok(outcome(trade, loaded.version, head.size, &events, head));
        }
        // Files are written (and fsynced) off the async workers.
        for file in files.iter().copied().chain(made.iter().map(Vec::as_slice)) {
            let (blobs, bytes) = (self.blobs.clone(), file.to_vec());
            tokio::task::spawn_blocking(move || blobs.put(&bytes))
                .await
                .map_err(|e| AppError::Internal(format!("blob writer: {e}")))??;
        }
        let mut state = loaded.state.clone();
        for event in &events {
            state.evolve(event);
        }
        let at_us = (now.unix_timestamp_nanos() / 1_000) as i64;
        let mut batch = AppendBatch::default();
        // Group the events by stream, keeping their order.
        let mut groups: Vec<(String, Vec<TradeEvent>)> = Vec::new();
        for event in &events {
            let name = stream_for(trade, event);
            match groups.iter_mut().find(|(n, _)| n == &name) {
                Some((_, list)) => list.push(event.clone()),
                None => groups.push((name, vec![event.clone()])),
            }
        }
        let mut version = loaded.version;
        for (name, list) in groups {
            let expected = if name == stream {
                version = loaded.version + list.len() as u64;
                loaded.version
            } else {
                loaded.sealed.get(&name).copied().unwrap_or(0)
            };
            batch.streams.push(StreamAppend {
                events: records(&name, expected, &list, actor, at_us, meta)?,
                stream: name,
                expected_version: expected,
            });
        }
        batch.projections.push(trade_row(trade.as_str(), &state));
        let room_commands = domain::venue::room_commands(trade, &loaded.state, &events);
        self.add_room_appends(&mut batch, room_commands, &ctx, at_us, meta)
            .await?;
        let appended = self.commit(batch).await?;
        tracing::info!(trade.id = %trade, command = command.action(), version, "command accepted");
        Ok(outcome(
            trade,
            version,
            appended.first_seq,
            &events,
            appended.head,
        ))
    }

    /// Fills in what only the platform may make: a round's opening key when the announcement
    /// is published, the sealed label of who obtained the documents. Whatever a caller sent
    /// in those fields is replaced.
    async fn prepare(
        &self,
        trade: &TradeId,
        state: &TradeState,
        command: TradeCommand,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<(TradeCommand, Vec<Vec<u8>>), AppError> {
        let mut files = Vec::new();
        let command = match command {
            TradeCommand::PublishAnnouncement {
                bid_deadline,
                sealing,
                ..
            } => {
                let key = self
                    .make_opening_key(trade, state, sealing.as_ref())
                    .await?;
                let notice = match state.registration.as_ref() {
                    Some(reg) => {
                        let tenderer = self.org_name(reg.tenderer.as_str()).await;
                        let agency = match &reg.agency {
                            Some(a) => Some(self.org_name(a.as_str()).await),
                            None => None,
                        };
                        let text = crate::announcement::render(
                            state,
                            &tenderer,
                            agency.as_deref(),
                            bid_deadline,
                            &key,
                        )
                        .into_bytes();
                        let notice = domain::BlobRef::new(
                            &crate::blobs::sha256_hex(&text),
                            text.len() as u64,
                            "announcement.txt",
                        )
                        .map_err(|e| AppError::Invalid(e.to_string()))?;
                        files.push(text);
                        Some(notice)
                    }
                    None => None,
                };
                TradeCommand::PublishAnnouncement {
                    bid_deadline,
                    opening_key: Some(key),
                    notice,
                    sealing,
                }
            }
            TradeCommand::AskQuestion { bidder, text, .. } => {
                let label = match state.round.opening_key.as_ref() {
                    Some(key) => Some(crate::bidding::seal_question_label(
                        trade,
                        key,
                        &bidder,
                        actor,
                        meta.ip.as_deref(),
                    )?),
                    None => None,
                };
                TradeCommand::AskQuestion {
                    bidder,
                    text,
                    label,
                }
            }
            TradeCommand::ObtainDocuments { bidder, .. } => {
                let label = match state.round.opening_key.as_ref() {
                    Some(key) => Some(crate::bidding::seal_obtain_label(
                        trade,
                        key,
                        &bidder,
                        actor,
                        meta.ip.as_deref(),
                    )?),
                    None => None,
                };
                TradeCommand::ObtainDocuments { bidder, label }
            }
            other => other,
        };
        Ok((command, files))
    }

    /// An organisation's name, or its code if it is not registered.
    async fn org_name(&self, code: &str) -> String {
        self.org(code)
            .await
            .map(|o| o.name)
            .unwrap_or_else(|_| code.to_owned())
    }

    async fn add_room_appends(
        &self,
        batch: &mut AppendBatch,
        commands: Vec<RoomCommand>,
        ctx: &Context<'_>,
        at_us: i64,
        meta: &Meta,
    ) -> Result<(), AppError> {
        let mut per_room: BTreeMap<RoomId, Vec<RoomCommand>> = BTreeMap::new();
        for command in commands {
            let room = match &command {
                RoomCommand::Book { room, .. } | RoomCommand::Release { room, .. } => room.clone(),
            };
            per_room.entry(room).or_default().push(command);
        }
        // Rooms follow the trade: the trade command was authorised, so the platform carries out
        // its bookings; the records still name the person who acted.
        let platform = Actor::platform();
        let room_ctx = Context {
            now: ctx.now,
            actor: &platform,
            calendar: ctx.calendar,
        };
        for (room, commands) in per_room {
            let stream = room_stream(&room);
            let loaded: Loaded<RoomState> = fold(&self.store.load_stream(&stream).await?)?;
            let mut state = loaded.state.clone();
            let mut events = Vec::new();
            for command in &commands {
                for event in state.decide(command, &room_ctx).map_err(refused_room)? {
                    state.evolve(&event);
                    events.push(event);
                }
            }
            if events.is_empty() {
                continue;
            }
            batch.streams.push(StreamAppend {
                stream: stream.clone(),
                expected_version: loaded.version,
                events: records(&stream, loaded.version, &events, ctx.actor, at_us, meta)?,
            });
            batch.projections.push(room_row(room.as_str(), &state));
        }
        Ok(())
    }
}

fn outcome(
    trade: &TradeId,
    version: u64,
    first_seq: u64,
    events: &[TradeEvent],
    head: TreeHead,
) -> Outcome {
    Outcome {
        trade: trade.to_string(),
        version,
        first_seq,
        events: events.iter().map(|e| e.kind().to_owned()).collect(),
        log_size: head.size,
        log_root: head.root.to_hex(),
    }
}
