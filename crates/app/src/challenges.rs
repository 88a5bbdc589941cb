//! Publicity, objections and challenges, complaints and the notice of award (issue #6): each
//! trade's book is its own stream, `challenge:<trade>` ([`evaluation::challenge`]), so the
//! trade's commands and access matrix stay as they are. The trade's facts (line, parties,
//! publication, winner) are read from its state and handed in with every command; the
//! windows are computed on the platform's working-day calendar and recorded in the events.
//!
//! Who sees what ([`Platform::publicity`]): the public sees the candidates or the result once
//! published, the periods, every filing's text, reply, complaint and handling, but not who
//! filed; the filer sees its own filings in full; the tenderer, the agency, center staff and
//! supervisors see who filed. The notice of award is readable by the winner, the tenderer,
//! the agency, staff and supervisors; the other bidders see that the result was notified.
//!
//! A supervisor's `suspend` suspends the trade through the trade's own `Suspend` command
//! (checked first, so a refused handling suspends nothing), then records the handling.
//!
//! Construction objections pause the procedure until answered (条例 第54条):
//! every `DecideAward` on the trade is refused with `challenge.objection_pending` meanwhile
//! (the trade's pipeline hook asks [`objections_answered`]).

use domain::{Actor, ResultKind, TradeCommand, TradeId, TradeState, UnifiedSocialCreditCode};
use evaluation::challenge::{Act, ChallengeBook, ChallengeCommand, ChallengeError, TradeFacts};
pub use evaluation::challenge::{FilingKind, Handling, Regime, Subject};
use legal_time::beijing_date;

use crate::error::AppError;
use crate::pipeline::{Call, Current, Plan};
use crate::platform::Platform;
use crate::stream::Meta;
use crate::trades::Outcome;

mod filings_view;
mod notice;
mod periods_view;
mod view;

pub use filings_view::{ComplaintView, FilingView, ReplyView};
use notice::notice_html;
pub use periods_view::PeriodView;
pub use view::{Abilities, NoticeView, PublicityView, award_notice, publicity};

pub const CHALLENGE_PREFIX: &str = "challenge:";

pub fn challenge_stream(trade: &TradeId) -> String {
    format!("{CHALLENGE_PREFIX}{trade}")
}

fn refused(e: ChallengeError) -> AppError {
    AppError::refused(&e)
}

/// The facts of the trade that the book's rules need.
pub fn facts(trade: &TradeId, state: &TradeState) -> Result<TradeFacts, AppError> {
    let reg = state
        .registration
        .as_ref()
        .ok_or_else(|| AppError::not_found(format!("trade {trade}")))?;
    let regime = match state.rules().map(|r| r.result) {
        Some(ResultKind::CandidatesPublicity) => Regime::Construction,
        _ => Regime::Procurement,
    };
    let (published, until) = match state.round.publicity {
        Some((at, until)) => (
            Some(beijing_date(at)),
            Some(beijing_date(until - time::Duration::seconds(1))),
        ),
        None => (None, None),
    };
    let mut bidders: Vec<UnifiedSocialCreditCode> = state.round.opened_bidders.clone();
    for b in state.round.record_bidders() {
        if !bidders.contains(b) {
            bidders.push(b.clone());
        }
    }
    Ok(TradeFacts {
        trade: trade.clone(),
        regime,
        tenderer: reg.tenderer.clone(),
        agency: reg.agency.clone(),
        bidders,
        published,
        publicity_until: match regime {
            Regime::Construction => until,
            Regime::Procurement => None,
        },
        winner: state.round.award.as_ref().map(|a| a.winner.clone()),
    })
}

// A trade's book of filings, loaded with the trade whose facts its rules need.
crate::trades::stored_with_trade!(ChallengeBook, "challenge", challenge_stream);

/// The plan of `act` with the trade's facts.
fn plan(trade: &TradeId, act: Act) -> impl Plan<ChallengeBook> {
    move |current: &Current<ChallengeBook>| {
        Ok(vec![ChallengeCommand {
            facts: facts(trade, &current.extra)?,
            act: act.clone(),
        }])
    }
}

async fn run(
    platform: &Platform,
    trade: &TradeId,
    act: Act,
    call: Call<'_>,
) -> Result<Outcome, AppError> {
    let done = platform.run_call(trade, call, plan(trade, act)).await?;
    Ok(Outcome::of(trade, &done))
}

/// A bidder (or, in construction, another interested party) files an objection (异议)
/// or a challenge (质疑).
pub async fn file(
    platform: &Platform,
    trade: &TradeId,
    subject: Subject,
    text: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let act = Act::File {
        subject,
        text: text.into(),
    };
    run(platform, trade, act, Call::new(actor, meta)).await
}

/// The tenderer or its agency replies to filing `number`.
pub async fn reply(
    platform: &Platform,
    trade: &TradeId,
    number: u32,
    text: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let act = Act::Reply {
        number,
        text: text.into(),
    };
    run(platform, trade, act, Call::new(actor, meta)).await
}

/// The filer complains (投诉) to the supervisor about filing `number`.
pub async fn complain(
    platform: &Platform,
    trade: &TradeId,
    number: u32,
    text: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let act = Act::Complain {
        number,
        text: text.into(),
    };
    run(platform, trade, act, Call::new(actor, meta)).await
}

/// The supervisor handles the complaint on filing `number`; `suspend` also suspends the
/// trade (its own `Suspend` command, with the note as the reason).
pub async fn handle_complaint(
    platform: &Platform,
    trade: &TradeId,
    number: u32,
    decision: Handling,
    note: &str,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let act = Act::Handle {
        number,
        decision,
        note: note.into(),
    };
    if decision == Handling::Suspend {
        // Check first: a refused handling suspends nothing.
        let ctx = platform.context(actor);
        let check = Meta::default();
        platform
            .decide(trade, &ctx, &check, &plan(trade, act.clone()))
            .await?;
        let reason = format!("complaint on filing {number}: {}", note.trim());
        let suspend = TradeCommand::Suspend { reason };
        let trade_meta = Meta {
            ip: meta.ip.clone(),
            expected_version: None,
        };
        crate::trades::execute(platform, trade, suspend, actor, &trade_meta).await?;
    }
    run(platform, trade, act, Call::new(actor, meta)).await
}

/// The tenderer or agency issues the notice of award: a generated HTML document stored in
/// the blob folder (once the notice is accepted), its SHA-256 in the event; the other
/// bidders are notified of the result.
pub async fn issue_award_notice(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    // Who and when are checked before the notice is rendered (it needs an award).
    let check = Act::IssueNotice {
        notice_sha256: "0".repeat(64),
    };
    let ctx = platform.context(actor);
    let decided = platform
        .decide(trade, &ctx, &Meta::default(), &plan(trade, check))
        .await?;
    let state = &decided.current.extra;
    let html = notice_html(trade, state, &facts(trade, state)?, ctx.now);
    let act = Act::IssueNotice {
        notice_sha256: crate::blobs::sha256_hex(html.as_bytes()),
    };
    let call = Call {
        files: &[html.as_bytes()],
        ..Call::new(actor, meta)
    };
    run(platform, trade, act, call).await
}

/// Refused while construction objections wait for their reply: the procedure is
/// suspended until then (招标投标法实施条例 第54条).
pub(crate) async fn objections_answered(
    platform: &Platform,
    trade: &TradeId,
) -> Result<(), AppError> {
    let (book, _) = platform.load_book(trade).await?;
    let numbers = book.pending_objections(platform.clock.now());
    if numbers.is_empty() {
        Ok(())
    } else {
        Err(refused(ChallengeError::ObjectionPending { numbers }))
    }
}

/// The tenderer decides the award (the trade's own `DecideAward`: rank 1, or the next
/// candidate with a reason when rank 1 fell away), once pending objections are answered.
pub async fn decide_award(
    platform: &Platform,
    trade: &TradeId,
    winner: UnifiedSocialCreditCode,
    reason: Option<String>,
    actor: &Actor,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    // The trade's pipeline checks that no objection is pending.
    let reason = reason.filter(|r| !r.trim().is_empty());
    let command = TradeCommand::DecideAward { winner, reason };
    crate::trades::execute(platform, trade, command, actor, meta).await
}

impl Platform {
    pub(crate) async fn load_book(
        &self,
        trade: &TradeId,
    ) -> Result<(ChallengeBook, u64), AppError> {
        let loaded = self.read::<ChallengeBook>(trade).await?;
        Ok((loaded.state, loaded.version))
    }
}
