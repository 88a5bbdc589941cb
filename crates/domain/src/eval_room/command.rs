//! What may be asked of an evaluation room, and the limits on it (checked in `state`).

use std::collections::BTreeSet;

use legal_time::{Duration, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::accounts::{PersonId, PublicKey};
use crate::eval_room::error::EvalRoomError;
use crate::experts::TimeRange;
use crate::serde_time;
use crate::values::{TradeId, UnifiedSocialCreditCode};

/// A post (discussion, question, note) is at most this many characters.
pub const MAX_POST_CHARS: usize = 2000;
/// A clarification request or answer is at most this many characters.
pub const MAX_CLARIFICATION_CHARS: usize = 4000;
/// How long before the evaluation slot the room may open [D]: the members see each other's
/// names inside, and the list stays sealed until the evaluation starts (issue #5).
pub const EARLY_OPEN: Duration = Duration::minutes(30);

/// Why a person sits on the committee (评标委员会: experts and the tenderer's representative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    Expert,
    TendererRepresentative,
}

/// One seat of the committee, by person id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub person: String,
    pub kind: MemberKind,
    pub seat: u32,
}

/// Evidence that whoever joins holds their sign-in key: a signature (hex) over
/// [`join_message`] for a single-use server `nonce`, and the registered key it verifies
/// with. The app checks the signature; the log keeps the proof, so anyone with the
/// platform's origin can check it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyProof {
    pub key: PublicKey,
    pub nonce: String,
    pub signature: String,
}

/// The bytes a person signs to join the room of `trade`: the purpose, the platform and the
/// trade are named, so the signature is no use for signing in nor for another room.
pub fn join_message(origin: &str, trade: &TradeId, nonce_hex: &str) -> String {
    format!("sunbid room join\n{origin}\n{trade}\n{nonce_hex}\n")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EvalRoomCommand {
    /// Staff or the platform open the room for the committee, once.
    Open {
        trade: TradeId,
        members: Vec<Member>,
        /// Center staff who witness the evaluation (现场见证), by person id.
        witnesses: Vec<String>,
        scheduled: TimeRange,
    },
    /// A member, witness or supervisor enters, proving they hold their key.
    Join {
        via: KeyProof,
    },
    Leave,
    /// Members discuss; witnesses and supervisors leave notes, recorded as such.
    Post {
        text: String,
    },
    /// A member asks a bidder to clarify its bid (澄清). `bidders`: the trade's opened bids'
    /// bidders, from the app (the room's stream does not know them).
    RequestClarification {
        bidder: UnifiedSocialCreditCode,
        question: String,
        #[serde(with = "serde_time::instant")]
        due: OffsetDateTime,
        bidders: Vec<UnifiedSocialCreditCode>,
    },
    /// The bidder answers, once, before the due time.
    AnswerClarification {
        request: u32,
        text: String,
    },
    /// Staff or the platform close the room: from then on, only reads.
    Close,
}

impl EvalRoomCommand {
    /// The action's name, for errors and logs.
    pub fn action(&self) -> &'static str {
        match self {
            EvalRoomCommand::Open { .. } => "open_room",
            EvalRoomCommand::Join { .. } => "join_room",
            EvalRoomCommand::Leave => "leave_room",
            EvalRoomCommand::Post { .. } => "post_in_room",
            EvalRoomCommand::RequestClarification { .. } => "request_clarification",
            EvalRoomCommand::AnswerClarification { .. } => "answer_clarification",
            EvalRoomCommand::Close => "close_room",
        }
    }
}

/// Trimmed, not empty, not longer than `max` characters.
pub(crate) fn text(field: &'static str, s: &str, max: usize) -> Result<String, EvalRoomError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(EvalRoomError::Invalid {
            field,
            reason: "write something".into(),
        });
    }
    if s.chars().count() > max {
        return Err(EvalRoomError::TooLong { field, max });
    }
    Ok(s.to_owned())
}

pub(crate) fn check_open(
    members: &[Member],
    witnesses: &[String],
    scheduled: &TimeRange,
) -> Result<(), EvalRoomError> {
    let invalid = |field, reason: &str| EvalRoomError::Invalid {
        field,
        reason: reason.into(),
    };
    if members.is_empty() {
        return Err(invalid("members", "a committee has members"));
    }
    let mut people = BTreeSet::new();
    let mut seats = BTreeSet::new();
    for person in members.iter().map(|m| &m.person).chain(witnesses) {
        PersonId::parse(person).map_err(|e| invalid("members", &e.reason))?;
        if !people.insert(person) {
            return Err(invalid("members", &format!("{person} is named twice")));
        }
    }
    if !members.iter().all(|m| seats.insert(m.seat)) {
        return Err(invalid("members", "two members on one seat"));
    }
    if scheduled.to <= scheduled.from {
        return Err(invalid(
            "scheduled",
            "the evaluation must end after it starts",
        ));
    }
    Ok(())
}

pub(crate) fn check_proof(proof: &KeyProof) -> Result<(), EvalRoomError> {
    let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(&proof.nonce, 64) || !hex(&proof.signature, 128) {
        return Err(EvalRoomError::Invalid {
            field: "via",
            reason: "a 32-byte nonce and a 64-byte signature, in hex".into(),
        });
    }
    Ok(())
}
