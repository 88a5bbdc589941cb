//! The trade's hooks in the pipeline: loaded with its sealed streams; the permission matrix
//! (role, relation, phase) before the trade's own rules; what only the platform may fill in;
//! sealed events each to a small stream of their own; the rooms it books in the same
//! transaction.
use std::collections::BTreeMap;

use domain::access::authorize_command;
use domain::{
    Actor, Context, RoomCommand, RoomId, RoomState, TradeCommand, TradeEvent, TradeId, TradeState,
};
use store::{AppendBatch, ProjectionWrite};

use super::relation;
use crate::error::AppError;
use crate::pipeline::{Call, Current, Decided, Stored};
use crate::platform::Platform;
use crate::projection::{room_row, room_stream, sealed_prefix, trade_row, trade_stream};
use crate::stream::Meta;

impl Stored for TradeState {
    type Key = TradeId;
    /// Whether the trade is hidden from the caller (then it was loaded as a missing one).
    type Extra = bool;
    const NAME: &'static str = "trade";

    fn stream(trade: &TradeId) -> String {
        trade_stream(trade)
    }

    async fn load(
        p: &Platform,
        trade: &TradeId,
        actor: &Actor,
    ) -> Result<Current<TradeState>, AppError> {
        let full = p.trade_for_write(trade, actor).await?;
        Ok(Current {
            state: full.state,
            version: full.version,
            others: full.sealed,
            extra: full.hidden,
        })
    }

    /// One place decides who may act: the permission matrix first (role, relation, phase),
    /// then the aggregate's own rules (deadlines, which bidder, result order).
    async fn authorise(
        p: &Platform,
        trade: &TradeId,
        current: &Current<TradeState>,
        command: &TradeCommand,
        actor: &Actor,
    ) -> Result<(), AppError> {
        // Only its registration may name a trade that does not exist yet (a hidden trade is
        // loaded as a missing one, so it answers the same).
        if current.version == 0 && !matches!(command, TradeCommand::Register { .. }) {
            return Err(AppError::not_found(format!("trade {trade}")));
        }
        let relation = relation(p, trade, actor, &current.state).await?;
        authorize_command(actor.role, command, &current.state, relation)
            .map_err(|d| AppError::refused(&d))?;
        if current.extra {
            crate::sight::refuse_hidden_register(command)?;
        }
        // An objection to the candidates pauses the award until it is answered (条例 第54条),
        // on every route that decides one.
        if matches!(command, TradeCommand::DecideAward { .. }) {
            crate::challenges::objections_answered(p, trade).await?;
        }
        // Only the center's rooms, of the right kind and size (a clash is the room's own
        // stream's refusal, met when the booking is appended).
        if let TradeCommand::BookVenue(booking) = command {
            crate::center::check_booking(p, &current.state, booking).await?;
        }
        Ok(())
    }

    async fn prepare(
        p: &Platform,
        trade: &TradeId,
        current: &Current<TradeState>,
        command: TradeCommand,
        call: Call<'_>,
    ) -> Result<(TradeCommand, Vec<Vec<u8>>), AppError> {
        prepare(p, trade, &current.state, command, call.actor, call.meta).await
    }

    /// Sealed events each to a small stream of their own (a bid's stream holds its
    /// submission and withdrawal), everything else to the trade's.
    fn route(trade: &TradeId, event: &TradeEvent) -> String {
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

    fn rows(trade: &TradeId, state: &TradeState) -> Vec<ProjectionWrite> {
        vec![trade_row(trade.as_str(), state)]
    }

    /// Rooms follow the trade: the trade command was authorised, so the platform carries out
    /// its bookings; the records still name the person who acted.
    async fn follow(
        p: &Platform,
        trade: &TradeId,
        decided: &Decided<TradeState>,
        ctx: &Context<'_>,
        meta: &Meta,
    ) -> Result<AppendBatch, AppError> {
        let commands = domain::venue::room_commands(trade, &decided.current.state, &decided.events);
        let mut per_room: BTreeMap<RoomId, Vec<RoomCommand>> = BTreeMap::new();
        for command in commands {
            let room = match &command {
                RoomCommand::Book { room, .. } | RoomCommand::Release { room, .. } => room.clone(),
            };
            per_room.entry(room).or_default().push(command);
        }
        let platform = Actor::platform();
        let room_ctx = Context {
            now: ctx.now,
            actor: &platform,
            calendar: ctx.calendar,
        };
        // The trade's expected version is not the room's.
        let meta = Meta {
            ip: meta.ip.clone(),
            expected_version: None,
        };
        let mut batch = AppendBatch::default();
        for (room, commands) in per_room {
            let plan = move |_: &Current<RoomState>| Ok(commands.clone());
            let call = Call::new(ctx.actor, &meta);
            p.stage(&room, &room_ctx, call, &plan, &mut batch).await?;
        }
        // Every holder of the documents is told of an amendment, in the same transaction.
        if decided
            .events
            .iter()
            .any(|e| matches!(e, TradeEvent::DocumentsAmended { .. }))
        {
            super::notices::stage_amendment_notice(p, trade, &decided.state, &meta, &mut batch)
                .await?;
        }
        Ok(batch)
    }
}

/// A booked room (the venue), as the trade's bookings change it.
impl Stored for RoomState {
    type Key = RoomId;
    type Extra = ();
    const NAME: &'static str = "room";

    fn stream(room: &RoomId) -> String {
        room_stream(room)
    }

    fn rows(room: &RoomId, state: &RoomState) -> Vec<ProjectionWrite> {
        vec![room_row(room.as_str(), state)]
    }
}

/// Fills in what only the platform may make: a round's opening key when the announcement
/// is published, the sealed label of who asked or obtained the documents. Whatever a caller
/// sent in those fields is replaced.
async fn prepare(
    p: &Platform,
    trade: &TradeId,
    state: &TradeState,
    command: TradeCommand,
    actor: &Actor,
    meta: &Meta,
) -> Result<(TradeCommand, Vec<Vec<u8>>), AppError> {
    let ip = meta.ip.as_deref();
    let key = state.round.opening_key.as_ref();
    Ok(match command {
        TradeCommand::PublishAnnouncement {
            bid_deadline,
            sealing,
            ..
        } => {
            // The documents' evaluation configuration must be lawful before they go public.
            crate::scoring::check_documents(state, p.clock().now())?;
            let key = p.make_opening_key(trade, state, sealing.as_ref()).await?;
            let notice = announcement(p, state, bid_deadline, &key).await?;
            let (notice, files) = match notice {
                Some((blob, text)) => (Some(blob), vec![text]),
                None => (None, Vec::new()),
            };
            let command = TradeCommand::PublishAnnouncement {
                bid_deadline,
                opening_key: Some(key),
                notice,
                sealing,
            };
            (command, files)
        }
        TradeCommand::AskQuestion { bidder, text, .. } => {
            let label = key
                .map(|key| crate::bidding::seal_question_label(trade, key, &bidder, actor, ip))
                .transpose()?;
            let command = TradeCommand::AskQuestion {
                bidder,
                text,
                label,
            };
            (command, Vec::new())
        }
        TradeCommand::ObtainDocuments { bidder, .. } => {
            let label = key
                .map(|key| crate::bidding::seal_obtain_label(trade, key, &bidder, actor, ip))
                .transpose()?;
            let holder = Some(super::notices::seal_holder(p, trade, actor)?);
            let command = TradeCommand::ObtainDocuments {
                bidder,
                label,
                holder,
            };
            (command, Vec::new())
        }
        other => (other, Vec::new()),
    })
}

/// The announcement's text (the platform renders it from the registration), stored as a
/// file the event names. None before the trade is registered.
async fn announcement(
    p: &Platform,
    state: &TradeState,
    bid_deadline: time::OffsetDateTime,
    key: &domain::trade::sealed::OpeningKey,
) -> Result<Option<(domain::BlobRef, Vec<u8>)>, AppError> {
    let Some(reg) = state.registration.as_ref() else {
        return Ok(None);
    };
    let tenderer = org_name(p, reg.tenderer.as_str()).await;
    let agency = match &reg.agency {
        Some(a) => Some(org_name(p, a.as_str()).await),
        None => None,
    };
    let text = crate::announcement::render(state, &tenderer, agency.as_deref(), bid_deadline, key)
        .into_bytes();
    let notice = domain::BlobRef::new(
        &crate::blobs::sha256_hex(&text),
        text.len() as u64,
        "announcement.txt",
    )
    .map_err(|e| AppError::Invalid(e.to_string()))?;
    Ok(Some((notice, text)))
}

/// An organisation's name, or its code if it is not registered.
async fn org_name(p: &Platform, code: &str) -> String {
    p.org(code)
        .await
        .map(|o| o.name)
        .unwrap_or_else(|_| code.to_owned())
}
