//! Remote evaluation rooms (issue #5): each trade's room is its own stream,
//! `eval_room:<trade>` ([`domain::eval_room`]; `room:` streams are the venue's). Entering needs a
//! signature by one of the person's registered sign-in keys over a fresh challenge naming the
//! room, so a stolen password session alone cannot enter. Reads are filtered here: the
//! committee, the witnesses and supervisors see everything, a bidder only the clarification
//! requests addressed to it, anyone else the same "not found" as for a trade that does not
//! exist.

use domain::accounts::KeyAlgorithm;
use domain::eval_room::{
    EvalRoomCommand, EvalRoomError, EvalRoomState, KeyProof, Member, join_message,
};
use domain::experts::TimeRange;
use domain::{Actor, Aggregate, Context, DomainEvent, Role, TradeId, UnifiedSocialCreditCode};
use store::{AppendBatch, StreamAppend};
use time::OffsetDateTime;

use crate::auth::Challenge;
use crate::auth::signature::verifies;
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::{Meta, fold, records};
use crate::trades::Outcome;

mod view;

pub use view::{AttendanceView, ClarificationView, RoomEntry, RoomView};

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

impl Platform {
    async fn execute_room(
        &self,
        trade: &TradeId,
        command: EvalRoomCommand,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        let stream = eval_room_stream(trade);
        let loaded = fold::<EvalRoomState>(&self.store.load_stream(&stream).await?)?;
        if let Some(expected) = meta.expected_version
            && expected != loaded.version
        {
            return Err(AppError::Conflict {
                stream,
                expected,
                actual: loaded.version,
            });
        }
        let now = self.clock.now();
        let ctx = Context {
            now,
            actor,
            calendar: &self.calendar,
        };
        let action = command.action();
        let events = loaded.state.decide(&command, &ctx).map_err(|e| {
            tracing::info!(trade.id = %trade, room.action = action, error.code = e.code(), "room command refused");
            refused(e)
        })?;
        let at_us = (now.unix_timestamp_nanos() / 1_000) as i64;
        let mut batch = AppendBatch::default();
        batch.streams.push(StreamAppend {
            events: records(&stream, loaded.version, &events, actor, at_us, meta)?,
            stream,
            expected_version: loaded.version,
        });
        let appended = self.commit(batch).await?;
        let version = loaded.version + events.len() as u64;
        tracing::info!(trade.id = %trade, room.action = action, version, "room command accepted");
        Ok(Outcome {
            trade: trade.to_string(),
            version,
            first_seq: appended.first_seq,
            events: events.iter().map(|e| e.kind().to_owned()).collect(),
            log_size: appended.head.size,
            log_root: appended.head.root.to_hex(),
        })
    }

    /// Opens the room for the trade's drawn committee; the caller (if center staff) and the
    /// witness post's A and B witness.
    pub async fn open_room(
        &self,
        trade: &TradeId,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        staff_only(actor, "open_room")?;
        self.trade_state(trade).await?;
        let members = self
            .committee_persons(trade)
            .await?
            .into_iter()
            .map(|(person, kind, seat)| Member { person, kind, seat })
            .collect();
        let mut witnesses = Vec::new();
        if actor.role == Role::CenterStaff {
            witnesses.push(actor.id.clone());
        }
        if let Ok(post) = self.post("witness").await {
            witnesses.extend(post.primary.into_iter().chain(post.backup));
        }
        witnesses.dedup();
        let mut seen = std::collections::BTreeSet::new();
        witnesses.retain(|w| seen.insert(w.clone()));
        self.open_room_with(trade, members, witnesses, actor, meta)
            .await
    }

    /// Opens the room with the given committee and witnesses, for the trade's booked
    /// evaluation slot.
    pub async fn open_room_with(
        &self,
        trade: &TradeId,
        members: Vec<Member>,
        witnesses: Vec<String>,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        staff_only(actor, "open_room")?;
        let state = self.trade_state(trade).await?;
        let venue = state
            .round
            .venue
            .as_ref()
            .ok_or_else(|| refused(EvalRoomError::NoEvaluationSlot))?;
        let scheduled = TimeRange {
            from: venue.evaluation_from,
            to: venue.evaluation_to,
        };
        let command = EvalRoomCommand::Open {
            trade: trade.clone(),
            members,
            witnesses,
            scheduled,
        };
        self.execute_room(trade, command, actor, meta).await
    }

    /// A single-use challenge to sign for [`Platform::join_room`]; its message names the
    /// room ([`join_message`]). Limited per address like sign-in challenges (`ip`).
    pub async fn room_challenge(
        &self,
        trade: &TradeId,
        ip: Option<String>,
    ) -> Result<Challenge, AppError> {
        let now = self.clock.now();
        let (nonce_hex, expires_at) = self.auth.challenges.issue(ip.as_deref(), now)?;
        Ok(Challenge {
            message: join_message(&self.origin, trade, &nonce_hex),
            nonce_hex,
            expires_at,
        })
    }

    /// Enter the room with a signature (hex) over a room challenge, by one of the caller's
    /// active keys of `algorithm` (`ed25519` or `sm2`). The nonce is spent whatever the
    /// outcome; the proof goes into the log.
    pub async fn join_room(
        &self,
        trade: &TradeId,
        nonce_hex: &str,
        algorithm: &str,
        signature_hex: &str,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        self.trade_state(trade).await?;
        let nonce = nonce_hex.trim().to_ascii_lowercase();
        if !self.auth.challenges.take(&nonce, self.clock.now()) {
            return Err(refused(EvalRoomError::BadChallenge));
        }
        let algorithm = match algorithm.trim().to_ascii_lowercase().as_str() {
            "ed25519" => KeyAlgorithm::Ed25519,
            "sm2" => KeyAlgorithm::Sm2,
            other => {
                return Err(AppError::Invalid(format!(
                    "algorithm {other:?}: use ed25519 or sm2"
                )));
            }
        };
        let message = join_message(&self.origin, trade, &nonce);
        let signature = hex::decode(signature_hex.trim()).unwrap_or_default();
        let key = self.credential(&actor.id).await?.and_then(|c| {
            c.keys
                .into_iter()
                .filter(|k| k.algorithm() == algorithm)
                .find(|k| verifies(k, message.as_bytes(), &signature))
        });
        let Some(key) = key else {
            tracing::info!(trade.id = %trade, person.id = %actor.id, auth.method = algorithm.as_str(), "room join: key proof refused");
            return Err(refused(EvalRoomError::BadKeyProof));
        };
        let via = KeyProof {
            key,
            nonce,
            signature: hex::encode(&signature),
        };
        self.execute_room(trade, EvalRoomCommand::Join { via }, actor, meta)
            .await
    }

    pub async fn leave_room(
        &self,
        trade: &TradeId,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        self.trade_state(trade).await?;
        self.execute_room(trade, EvalRoomCommand::Leave, actor, meta)
            .await
    }

    pub async fn close_room(
        &self,
        trade: &TradeId,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        staff_only(actor, "close_room")?;
        self.trade_state(trade).await?;
        self.execute_room(trade, EvalRoomCommand::Close, actor, meta)
            .await
    }

    /// A discussion post (members), or a witness's or supervisor's note.
    pub async fn post_in_room(
        &self,
        trade: &TradeId,
        text: &str,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        self.trade_state(trade).await?;
        let command = EvalRoomCommand::Post { text: text.into() };
        self.execute_room(trade, command, actor, meta).await
    }

    /// A member asks a bidder whose bid was opened to clarify it by `due`.
    pub async fn request_clarification(
        &self,
        trade: &TradeId,
        bidder: UnifiedSocialCreditCode,
        question: &str,
        due: OffsetDateTime,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        let state = self.trade_state(trade).await?;
        let mut bidders: Vec<UnifiedSocialCreditCode> = state.round.opened_bidders.clone();
        bidders.extend(state.round.opened_line_bidders().cloned());
        let command = EvalRoomCommand::RequestClarification {
            bidder,
            question: question.into(),
            due,
            bidders,
        };
        self.execute_room(trade, command, actor, meta).await
    }

    /// The bidder (any person of its organisation) answers request `number`.
    pub async fn answer_clarification(
        &self,
        trade: &TradeId,
        number: u32,
        text: &str,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        self.trade_state(trade).await?;
        let command = EvalRoomCommand::AnswerClarification {
            request: number,
            text: text.into(),
        };
        self.execute_room(trade, command, actor, meta).await
    }
}
