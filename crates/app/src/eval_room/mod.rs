//! Remote evaluation rooms (issue #5): each trade's room is its own stream,
//! `eval_room:<trade>` ([`domain::eval_room`]; `room:` streams are the venue's), run
//! through the pipeline with the trade it belongs to. Entering needs a
//! signature by one of the person's registered sign-in keys over a fresh challenge naming the
//! room, so a stolen password session alone cannot enter. Reads are filtered here: the
//! committee, the witnesses and supervisors see everything, a bidder only the clarification
//! requests addressed to it, anyone else the same "not found" as for a trade that does not
//! exist.

use domain::eval_room::{
    EvalRoomCommand, EvalRoomError, EvalRoomState, KeyProof, Member, join_message,
};
use domain::experts::TimeRange;
use domain::{Actor, Role, TradeId, UnifiedSocialCreditCode};
use time::OffsetDateTime;

use crate::auth::Challenge;
use crate::error::AppError;
use crate::key_proof::key_proof;
use crate::pipeline::{Current, Plan, just};
use crate::platform::Platform;
use crate::stream::Meta;
use crate::trades::Outcome;

mod view;

pub use view::{AttendanceView, ClarificationView, RoomEntry, RoomView, room_view};

pub const EVAL_ROOM_PREFIX: &str = "eval_room:";

pub fn eval_room_stream(trade: &TradeId) -> String {
    format!("{EVAL_ROOM_PREFIX}{trade}")
}

fn refused(e: EvalRoomError) -> AppError {
    AppError::refused(&e)
}

/// Only staff (or the platform) open and close rooms; said before anything about the trade.
fn staff_only(actor: &Actor, action: &'static str) -> Result<(), AppError> {
    match actor.role {
        Role::CenterStaff | Role::Platform => Ok(()),
        role => Err(refused(EvalRoomError::WrongRole { action, role })),
    }
}

// A trade's room, loaded with the trade it belongs to.
crate::trades::stored_with_trade!(EvalRoomState, "eval_room", eval_room_stream);

async fn run(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
    plan: impl Plan<EvalRoomState>,
) -> Result<Outcome, AppError> {
    let done = platform.run(trade, actor, meta, plan).await?;
    Ok(Outcome::of(trade, &done))
}

/// Opens the room for the trade's drawn committee; the caller (if center staff) and the
/// witness post's A and B witness.
pub async fn open(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    staff_only(actor, "open_room")?;
    platform.trade_to_write(trade, actor).await?;
    let members = platform
        .committee_persons(trade)
        .await?
        .into_iter()
        .map(|(person, kind, seat)| Member { person, kind, seat })
        .collect();
    let mut witnesses = Vec::new();
    if actor.role == Role::CenterStaff {
        witnesses.push(actor.id.clone());
    }
    if let Ok(post) = platform.post("witness").await {
        witnesses.extend(post.primary.into_iter().chain(post.backup));
    }
    witnesses.dedup();
    let mut seen = std::collections::BTreeSet::new();
    witnesses.retain(|w| seen.insert(w.clone()));
    open_with(platform, trade, members, witnesses, actor, meta).await
}

/// Opens the room with the given committee and witnesses, for the trade's booked
/// evaluation slot.
pub async fn open_with(
    platform: &Platform,
    trade: &TradeId,
    members: Vec<Member>,
    witnesses: Vec<String>,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    staff_only(actor, "open_room")?;
    let plan = |room: &Current<EvalRoomState>| {
        let venue = room
            .extra
            .round
            .venue
            .as_ref()
            .ok_or_else(|| refused(EvalRoomError::NoEvaluationSlot))?;
        Ok(vec![EvalRoomCommand::Open {
            trade: trade.clone(),
            members: members.clone(),
            witnesses: witnesses.clone(),
            scheduled: TimeRange {
                from: venue.evaluation_from,
                to: venue.evaluation_to,
            },
        }])
    };
    run(platform, trade, actor, meta, plan).await
}

/// A single-use challenge to sign for [`join`]; its message names the room
/// ([`join_message`]). Limited per address like sign-in challenges (`ip`).
pub async fn challenge(
    platform: &Platform,
    trade: &TradeId,
    ip: Option<String>,
) -> Result<Challenge, AppError> {
    let now = platform.clock.now();
    let (nonce_hex, expires_at) = platform.auth.challenges.issue(ip.as_deref(), now)?;
    Ok(Challenge {
        message: join_message(&platform.origin, trade, &nonce_hex),
        nonce_hex,
        expires_at,
    })
}

/// Enter the room with a signature (hex) over a room challenge, by one of the caller's
/// active keys of `algorithm` (`ed25519` or `sm2`). The nonce is spent whatever the
/// outcome; the proof goes into the log.
pub async fn join(
    platform: &Platform,
    trade: &TradeId,
    nonce_hex: &str,
    algorithm: &str,
    signature_hex: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    // A missing trade is said before the nonce is spent.
    platform.trade_to_write(trade, actor).await?;
    let nonce = nonce_hex.trim().to_ascii_lowercase();
    if !platform.auth.challenges.take(&nonce, platform.clock.now()) {
        return Err(refused(EvalRoomError::BadChallenge));
    }
    let message = join_message(&platform.origin, trade, &nonce);
    let proof = key_proof(platform, actor, algorithm, &message, signature_hex).await?;
    let Some((key, signature)) = proof else {
        tracing::info!(trade.id = %trade, person.id = %actor.id, "room join: key proof refused");
        return Err(refused(EvalRoomError::BadKeyProof));
    };
    let via = KeyProof {
        key,
        nonce,
        signature,
    };
    run(
        platform,
        trade,
        actor,
        meta,
        just(EvalRoomCommand::Join { via }),
    )
    .await
}

pub async fn leave(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    run(platform, trade, actor, meta, just(EvalRoomCommand::Leave)).await
}

pub async fn close(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    staff_only(actor, "close_room")?;
    run(platform, trade, actor, meta, just(EvalRoomCommand::Close)).await
}

/// A discussion post (members), or a witness's or supervisor's note.
pub async fn post(
    platform: &Platform,
    trade: &TradeId,
    text: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let command = EvalRoomCommand::Post { text: text.into() };
    run(platform, trade, actor, meta, just(command)).await
}

/// A member asks a bidder whose bid was opened to clarify it by `due`.
pub async fn request_clarification(
    platform: &Platform,
    trade: &TradeId,
    bidder: UnifiedSocialCreditCode,
    question: &str,
    due: OffsetDateTime,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let plan = |room: &Current<EvalRoomState>| {
        let round = &room.extra.round;
        let mut bidders: Vec<UnifiedSocialCreditCode> = round.opened_bidders.clone();
        bidders.extend(round.opened_line_bidders().cloned());
        Ok(vec![EvalRoomCommand::RequestClarification {
            bidder: bidder.clone(),
            question: question.into(),
            due,
            bidders,
        }])
    };
    run(platform, trade, actor, meta, plan).await
}

/// The bidder (any person of its organisation) answers request `number`.
pub async fn answer_clarification(
    platform: &Platform,
    trade: &TradeId,
    number: u32,
    text: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let command = EvalRoomCommand::AnswerClarification {
        request: number,
        text: text.into(),
    };
    run(platform, trade, actor, meta, just(command)).await
}
