//! Reading a room: what each caller may see of it.

use domain::eval_room::EvalRoomCommand;
use domain::eval_room::{Attendee, EvalRoomEvent, EvalRoomState, Member, Visibility};
use domain::experts::TimeRange;
use domain::{Actor, Aggregate, Context, Role, TradeId, UnifiedSocialCreditCode};
use serde::Serialize;
use time::OffsetDateTime;

use super::eval_room_stream;
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::{decode, fold};

/// One event of the room as its readers see it (as a trade's log entry).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoomEntry {
    pub seq: u64,
    pub version: u64,
    pub kind: String,
    pub actor: String,
    pub role: String,
    pub at_us: i64,
    pub leaf_hash: String,
    pub event: EvalRoomEvent,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendanceView {
    pub person: String,
    pub attendee: Attendee,
    #[serde(with = "time::serde::rfc3339")]
    pub joined_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub left_at: Option<OffsetDateTime>,
}

/// A clarification request and its answer. `asked_by` is left out for the bidder: the
/// committee asks, not one expert. `seq`s name the log entries (for inclusion proofs).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClarificationView {
    pub number: u32,
    pub asked_by: Option<String>,
    pub bidder: String,
    pub question: String,
    #[serde(with = "time::serde::rfc3339")]
    pub due: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub asked_at: OffsetDateTime,
    pub answer: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub answered_at: Option<OffsetDateTime>,
    pub request_seq: u64,
    pub answer_seq: Option<u64>,
    /// The caller may answer it now (its bidder, before it is due, the room open).
    pub may_answer: bool,
}

/// What the caller may do in the room now, as the room's own rules decide it (each command
/// the page's forms send, asked of the room without appending anything).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct RoomMay {
    /// Enter (with a signature over a challenge): entitled, the room open, not inside.
    pub join: bool,
    pub leave: bool,
    pub post: bool,
    /// Ask a bidder to clarify (a member inside).
    pub ask: bool,
    /// Close the room (center staff, while it is open).
    pub close: bool,
}

/// The room as one caller may read it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoomView {
    pub trade: String,
    pub version: u64,
    /// `all` (committee, witnesses, supervisors) or `bidder` (its own clarifications).
    pub scope: &'static str,
    pub closed: bool,
    pub scheduled: Option<TimeRange>,
    pub members: Vec<Member>,
    pub witnesses: Vec<String>,
    pub attendance: Vec<AttendanceView>,
    /// Who is in the room now.
    pub present: Vec<String>,
    pub clarifications: Vec<ClarificationView>,
    pub entries: Vec<RoomEntry>,
    /// The caller's capacity in the room, if any, and whether they are inside.
    pub you: Option<Attendee>,
    pub you_present: bool,
    pub may: RoomMay,
    /// The trade's opened bidders a member may ask (empty for everyone else).
    pub bidders: Vec<String>,
}

impl Platform {
    pub(crate) async fn room_state(
        &self,
        trade: &TradeId,
    ) -> Result<(Vec<store::StoredEvent>, EvalRoomState), AppError> {
        let stored = self.store.load_stream(&eval_room_stream(trade)).await?;
        let state = fold::<EvalRoomState>(&stored)?.state;
        Ok((stored, state))
    }
}

/// Whether the room would take `command` from the caller now.
fn may(state: &EvalRoomState, ctx: &Context<'_>, command: EvalRoomCommand) -> bool {
    state.decide(&command, ctx).is_ok()
}

fn room_may(
    state: &EvalRoomState,
    ctx: &Context<'_>,
    bidders: &[UnifiedSocialCreditCode],
) -> RoomMay {
    let open = state.opened_at.is_some() && state.closed_at.is_none();
    let ask = bidders.first().is_some_and(|bidder| {
        may(
            state,
            ctx,
            EvalRoomCommand::RequestClarification {
                bidder: bidder.clone(),
                question: "…".into(),
                due: ctx.now + time::Duration::hours(1),
                bidders: bidders.to_vec(),
            },
        )
    });
    RoomMay {
        join: open && state.entitled(ctx.actor).is_some() && !state.present(&ctx.actor.id),
        leave: may(state, ctx, EvalRoomCommand::Leave),
        post: may(state, ctx, EvalRoomCommand::Post { text: "…".into() }),
        ask,
        close: may(state, ctx, EvalRoomCommand::Close),
    }
}

fn view(
    trade: &TradeId,
    state: &EvalRoomState,
    entries: Vec<RoomEntry>,
    bidder: Option<UnifiedSocialCreditCode>,
    ctx: &Context<'_>,
    bidders: &[UnifiedSocialCreditCode],
) -> RoomView {
    let actor = ctx.actor;
    let seq_of = |number: u32, answer: bool| {
        entries.iter().find_map(|e| match &e.event {
            EvalRoomEvent::ClarificationRequested { number: n, .. } if !answer && *n == number => {
                Some(e.seq)
            }
            EvalRoomEvent::ClarificationAnswered { number: n, .. } if answer && *n == number => {
                Some(e.seq)
            }
            _ => None,
        })
    };
    let clarifications = state
        .clarifications
        .iter()
        .filter(|c| bidder.as_ref().is_none_or(|b| *b == c.bidder))
        .map(|c| ClarificationView {
            number: c.number,
            asked_by: bidder.is_none().then(|| c.by.clone()),
            bidder: c.bidder.to_string(),
            question: c.question.clone(),
            due: c.due,
            asked_at: c.asked_at,
            answer: c.answer.as_ref().map(|a| a.0.clone()),
            answered_at: c.answer.as_ref().map(|a| a.1),
            request_seq: seq_of(c.number, false).unwrap_or_default(),
            answer_seq: seq_of(c.number, true),
            may_answer: may(
                state,
                ctx,
                EvalRoomCommand::AnswerClarification {
                    request: c.number,
                    text: "…".into(),
                },
            ),
        })
        .collect();
    let all = bidder.is_none();
    let version = entries.last().map_or(0, |e| e.version);
    RoomView {
        trade: trade.to_string(),
        version,
        scope: if all { "all" } else { "bidder" },
        closed: state.closed_at.is_some(),
        scheduled: state.scheduled.filter(|_| all),
        members: if all { state.members.clone() } else { vec![] },
        witnesses: if all { state.witnesses.clone() } else { vec![] },
        attendance: if all {
            state
                .attendance
                .iter()
                .map(|a| AttendanceView {
                    person: a.person.clone(),
                    attendee: a.attendee,
                    joined_at: a.joined_at,
                    left_at: a.left_at,
                })
                .collect()
        } else {
            vec![]
        },
        present: if all {
            state
                .attendance
                .iter()
                .filter(|a| a.left_at.is_none())
                .map(|a| a.person.clone())
                .collect()
        } else {
            vec![]
        },
        clarifications,
        entries: if all { entries } else { vec![] },
        you: state.entitled(actor),
        you_present: state.present(&actor.id),
        may: room_may(state, ctx, bidders),
        bidders: Vec::new(),
    }
}

/// The room as `actor` may read it. Without a right to it (or without a room) the answer
/// is the "not found" of a trade that does not exist; staff and supervisors, who see
/// every trade, are told there is no room.
pub async fn room_view(p: &Platform, trade: &TradeId, actor: &Actor) -> Result<RoomView, AppError> {
    let trade_state = p.trade_state(trade).await?;
    let (stored, state) = p.room_state(trade).await?;
    let bidder = match state.visibility(actor) {
        Visibility::All => None,
        Visibility::Bidder(org) => Some(org),
        Visibility::None => {
            let sees_trades = matches!(
                actor.role,
                Role::CenterStaff | Role::Supervisor | Role::Platform
            );
            return Err(AppError::not_found(if stored.is_empty() && sees_trades {
                format!("evaluation room of {trade}")
            } else {
                format!("trade {trade}")
            }));
        }
    };
    let mut entries = Vec::with_capacity(stored.len());
    for s in &stored {
        entries.push(RoomEntry {
            seq: s.seq,
            version: s.record.version,
            kind: s.record.kind.clone(),
            actor: s.record.actor.clone(),
            role: s.record.role.clone(),
            at_us: s.record.at_us,
            leaf_hash: s.leaf_hash.to_hex(),
            event: decode(s)?,
        });
    }
    let ctx = Context {
        now: p.clock.now(),
        actor,
        calendar: &p.calendar,
    };
    let bidders = &trade_state.round.opened_bidders;
    let mut view = view(trade, &state, entries, bidder, &ctx, bidders);
    if view.may.ask {
        view.bidders = bidders.iter().map(ToString::to_string).collect();
    }
    Ok(view)
}
