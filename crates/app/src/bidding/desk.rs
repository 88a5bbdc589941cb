//! The bid page and the opening room as one reader sees them: the facts, names resolved, and
//! what the reader may do now. "May" is the trade's own answer ([`domain::trade::may`]: the
//! access matrix and the trade's rules) to the command the form would send, so a page
//! offers a form exactly where the command would be accepted.
use domain::trade::sealed::OpeningLine;
use domain::trade::{Phase, Refusal, TradeError, may};
use domain::{Actor, Context, TradeCommand, TradeId, TradeState, UnifiedSocialCreditCode};
use time::OffsetDateTime;

use super::view::opening_record;
use crate::error::AppError;
use crate::platform::Platform;

/// An announced trade's state; "not found" before the announcement (the portal shows a
/// trade from then on) and for a trade that does not exist.
pub async fn announced_state(p: &Platform, trade: &TradeId) -> Result<TradeState, AppError> {
    let state = p.trade_state(trade).await?;
    if state.round.announced_at.is_none() {
        return Err(AppError::not_found(format!("trade {trade}")));
    }
    Ok(state)
}

/// A person's display name, or the id when the person is unknown.
async fn person_name(p: &Platform, id: &str) -> String {
    p.person(id)
        .await
        .map(|v| v.name)
        .unwrap_or_else(|_| id.to_owned())
}

/// An organisation's display name, or its code when unknown.
pub(crate) async fn org_name(p: &Platform, code: &str) -> String {
    p.org(code)
        .await
        .map(|o| o.name)
        .unwrap_or_else(|_| code.to_owned())
}

/// The caller's organisation as a code, when it acts for one.
fn own_org(actor: &Actor) -> Option<UnifiedSocialCreditCode> {
    actor
        .org
        .as_deref()
        .and_then(|o| UnifiedSocialCreditCode::parse(o).ok())
}

/// A custodian of the round's opening key.
#[derive(Debug, Clone)]
pub struct Custodian {
    pub person: String,
    pub name: String,
    pub submitted: bool,
    /// The reader is this custodian.
    pub me: bool,
}

async fn custodians(p: &Platform, state: &TradeState, actor: &Actor) -> Vec<Custodian> {
    let Some(key) = state.round.opening_key.as_ref() else {
        return Vec::new();
    };
    let opening = state.round.opening.as_ref();
    let mut out = Vec::new();
    for c in &key.custodians {
        let person = c.person.to_string();
        out.push(Custodian {
            name: person_name(p, &person).await,
            submitted: opening.is_some_and(|o| o.shares.contains(&c.person)),
            me: actor.id == person,
            person,
        });
    }
    out
}

/// The bid page: the round's key and whether the reader may bid now.
#[derive(Debug, Clone)]
pub struct BidDesk {
    pub trade: TradeId,
    pub title: String,
    pub phase: Phase,
    pub deadline: Option<OffsetDateTime>,
    /// Bids are received now (a bidding phase, the deadline second not over).
    pub receiving: bool,
    pub key: Option<super::OpeningKeyView>,
    pub custodians: Vec<Custodian>,
    /// The reader may submit a bid now: a bidder acting for an organisation, as the matrix
    /// allows, while bids are received.
    pub may_bid: bool,
}

pub async fn bid_desk(p: &Platform, trade: &TradeId, actor: &Actor) -> Result<BidDesk, AppError> {
    let state = announced_state(p, trade).await?;
    let now = p.clock.now();
    let receiving = state.bidding_open(now);
    let allowed = domain::access::authorize_on(
        actor.role,
        domain::Action::SubmitBid,
        &state,
        domain::Relation::None,
    );
    let key = match state.round.opening_key {
        Some(_) => Some(super::opening_key(p, trade).await?),
        None => None,
    };
    Ok(BidDesk {
        trade: trade.clone(),
        title: title(&state),
        phase: state.phase,
        deadline: state.round.bid_deadline,
        receiving,
        key,
        custodians: custodians(p, &state, actor).await,
        may_bid: receiving && allowed.is_ok() && own_org(actor).is_some(),
    })
}

/// The registered title of a trade.
pub fn title(state: &TradeState) -> String {
    state
        .registration
        .as_ref()
        .map(|r| r.title.clone())
        .unwrap_or_default()
}

/// One line of the opening record, names resolved.
#[derive(Debug, Clone)]
pub struct RecordRow {
    pub line: OpeningLine,
    /// The bidder's organisation name (`None`: the label could not be opened).
    pub bidder_name: Option<String>,
    /// The reader's own bid.
    pub mine: bool,
}

/// An objection to the opening, names resolved.
#[derive(Debug, Clone)]
pub struct ObjectionRow {
    pub number: u32,
    pub bidder_name: String,
    pub text: String,
    pub answer: Option<String>,
}

/// What the reader may do in the opening room now, as the trade decides it.
#[derive(Debug, Clone, Default)]
pub struct OpeningYou {
    /// Start the opening (center staff, the deadline second over, not started).
    pub may_open: bool,
    /// Would start it, but the deadline second is not over yet.
    pub may_open_after_deadline: bool,
    /// Hand in a key share (a custodian who has not).
    pub may_share: bool,
    /// Confirm the opening record (a bidder named in it who has not).
    pub may_confirm: bool,
    /// The reader's organisation confirmed the record.
    pub confirmed: bool,
    /// Object to the opening (a bidder named in the record).
    pub may_object: bool,
    /// Answer an open objection (the tenderer or its agency).
    pub may_answer: bool,
}

/// The opening room: custodians and shares, the record (when the reader may see it) with
/// confirmations and objections, and what the reader may do.
#[derive(Debug, Clone)]
pub struct OpeningRoom {
    pub trade: TradeId,
    pub title: String,
    pub phase: Phase,
    /// The public status (正在接收投标, 待开标, 已开标 …) for the room's phase line.
    pub status: domain::PublicStatus,
    pub deadline: Option<OffsetDateTime>,
    /// A bidding phase (bids taken, or waiting for the opening).
    pub bidding: bool,
    /// The deadline second is over.
    pub deadline_over: bool,
    pub started: bool,
    /// The bids were unsealed.
    pub unsealed: bool,
    pub bids: u32,
    pub threshold: u32,
    pub held: u32,
    pub custodians: Vec<Custodian>,
    /// The record, or the code of why the reader may not see it (sealed, not a participant);
    /// an empty record before the unsealing.
    pub record: Result<Vec<RecordRow>, &'static str>,
    pub confirmed: Vec<String>,
    pub objections: Vec<ObjectionRow>,
    pub you: OpeningYou,
}

pub async fn opening_room(
    p: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<OpeningRoom, AppError> {
    let state = announced_state(p, trade).await?;
    let now = p.clock.now();
    let round = &state.round;
    let threshold = round
        .opening_key
        .as_ref()
        .map_or(0, |k| u32::from(k.threshold));
    let org = own_org(actor);
    let mine = |b: Option<&UnifiedSocialCreditCode>| b.is_some() && b == org.as_ref();
    let record = match opening_record(p, trade, actor).await {
        Ok(view) => {
            let mut rows = Vec::new();
            for line in view.lines {
                rows.push(RecordRow {
                    bidder_name: match &line.bidder {
                        Some(b) => Some(org_name(p, b.as_str()).await),
                        None => None,
                    },
                    mine: mine(line.bidder.as_ref()),
                    line,
                });
            }
            Ok(rows)
        }
        Err(e) => Err(e.code()),
    };
    let (mut confirmed, mut objections) = (Vec::new(), Vec::new());
    if record.as_ref().is_ok_and(|r| !r.is_empty()) {
        for b in &round.confirmed_by {
            confirmed.push(org_name(p, b.as_str()).await);
        }
        for o in &round.objections {
            objections.push(ObjectionRow {
                number: o.number,
                bidder_name: org_name(p, o.bidder.as_str()).await,
                text: o.text.clone(),
                answer: o.answer.as_ref().map(|(a, _)| a.clone()),
            });
        }
    }
    let relation = crate::trades::relation(p, trade, actor, &state).await?;
    let ctx = Context {
        now,
        actor,
        calendar: &p.calendar,
    };
    let you = opening_you(&state, &ctx, relation, org.as_ref());
    Ok(OpeningRoom {
        trade: trade.clone(),
        title: title(&state),
        phase: state.phase,
        status: domain::PublicStatus::of(state.phase, round.bid_deadline, now),
        deadline: round.bid_deadline,
        bidding: state.in_bidding_phase(),
        deadline_over: state.bid_deadline_over(now),
        started: round.opening.is_some(),
        unsealed: !round.opening_record.is_empty() || round.opened_at.is_some(),
        bids: round.opening.as_ref().map_or(0, |o| o.bids),
        threshold,
        held: round.opening.as_ref().map_or(0, |o| o.shares.len() as u32),
        custodians: custodians(p, &state, actor).await,
        record,
        confirmed,
        objections,
        you,
    })
}

/// Each form of the room, asked of the trade with the command it would send (placeholder
/// text where the reader types it: only whether the command could be accepted matters).
fn opening_you(
    state: &TradeState,
    ctx: &Context<'_>,
    relation: domain::Relation,
    org: Option<&UnifiedSocialCreditCode>,
) -> OpeningYou {
    let ok = |command: TradeCommand| may(state, &command, ctx, relation);
    let open = ok(TradeCommand::OpenBids);
    let round = &state.round;
    let share = round
        .opening_key
        .as_ref()
        .and_then(|k| {
            k.custodians
                .iter()
                .find(|c| c.person.as_str() == ctx.actor.id)
        })
        .is_some_and(|c| {
            ok(TradeCommand::SubmitShare {
                commitment: c.commitment.clone(),
            })
            .is_ok()
        });
    let as_bidder = |f: fn(UnifiedSocialCreditCode) -> TradeCommand| {
        org.is_some_and(|o| ok(f(o.clone())).is_ok())
    };
    let open_objection = round.objections.iter().find(|o| o.answer.is_none());
    OpeningYou {
        may_open_after_deadline: matches!(open, Err(Refusal::Rule(TradeError::TooEarly { .. }))),
        may_open: open.is_ok(),
        may_share: share,
        may_confirm: as_bidder(|bidder| TradeCommand::ConfirmOpeningRecord { bidder }),
        confirmed: org.is_some_and(|o| round.confirmed_by.contains(o)),
        may_object: as_bidder(|bidder| TradeCommand::RaiseOpeningObjection {
            bidder,
            text: "…".into(),
        }),
        may_answer: open_objection.is_some_and(|o| {
            ok(TradeCommand::AnswerOpeningObjection {
                number: o.number,
                answer: "…".into(),
            })
            .is_ok()
        }),
    }
}
