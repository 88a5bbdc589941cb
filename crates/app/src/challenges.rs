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
//! [`Platform::decide_award`] refuses with `challenge.objection_pending` meanwhile. The
//! generic command route (`/api/trades/{id}/commands` with `decide_award`) does not ask this
//! book yet.

use domain::access::relation_to_trade;
use domain::{
    Actor, Aggregate, Context, DomainEvent, ResultKind, TradeCommand, TradeId, TradeState,
    UnifiedSocialCreditCode,
};
use evaluation::challenge::{Act, ChallengeBook, ChallengeCommand, ChallengeError, TradeFacts};
pub use evaluation::challenge::{FilingKind, Handling, Regime, Subject};
use legal_time::beijing_date;
use store::{AppendBatch, StreamAppend};

use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::{Meta, fold, records};
use crate::trades::Outcome;

mod notice;
mod view;

use notice::notice_html;
pub use view::{
    Abilities, ComplaintView, FilingView, NoticeView, PeriodView, PublicityView, ReplyView,
};
use view::{insider, is_org};

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

impl Platform {
    async fn load_book(&self, trade: &TradeId) -> Result<(ChallengeBook, u64), AppError> {
        let loaded =
            fold::<ChallengeBook>(&self.store.load_stream(&challenge_stream(trade)).await?)?;
        Ok((loaded.state, loaded.version))
    }

    /// Decide `act` on the trade's book without appending (to check before a side effect).
    async fn decide_challenge(
        &self,
        trade: &TradeId,
        act: Act,
        actor: &Actor,
    ) -> Result<(Vec<evaluation::challenge::ChallengeEvent>, u64), AppError> {
        let state = self.trade_state(trade).await?;
        let command = ChallengeCommand {
            facts: facts(trade, &state)?,
            act,
        };
        let (book, version) = self.load_book(trade).await?;
        let ctx = Context {
            now: self.clock.now(),
            actor,
            calendar: &self.calendar,
        };
        let action = command.action();
        let events = book.decide(&command, &ctx).map_err(|e| {
            tracing::info!(trade.id = %trade, challenge.action = action, error.code = e.code(), "challenge command refused");
            refused(e)
        })?;
        Ok((events, version))
    }

    async fn execute_challenge(
        &self,
        trade: &TradeId,
        act: Act,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        crate::blobs::ensure_named_files(&self.blobs, &act, []).await?;
        let (events, version) = self.decide_challenge(trade, act, actor).await?;
        let stream = challenge_stream(trade);
        if let Some(expected) = meta.expected_version
            && expected != version
        {
            return Err(AppError::Conflict {
                stream,
                expected,
                actual: version,
            });
        }
        let now = self.clock.now();
        let at_us = (now.unix_timestamp_nanos() / 1_000) as i64;
        let mut batch = AppendBatch::default();
        batch.streams.push(StreamAppend {
            events: records(&stream, version, &events, actor, at_us, meta)?,
            stream,
            expected_version: version,
        });
        let appended = self.commit(batch).await?;
        let new_version = version + events.len() as u64;
        let kinds: Vec<String> = events.iter().map(|e| e.kind().to_owned()).collect();
        tracing::info!(trade.id = %trade, version = new_version, events = ?kinds, "challenge command accepted");
        Ok(Outcome {
            trade: trade.to_string(),
            version: new_version,
            first_seq: appended.first_seq,
            events: kinds,
            log_size: appended.head.size,
            log_root: appended.head.root.to_hex(),
        })
    }

    /// A bidder (or, in construction, another interested party) files an objection (异议)
    /// or a challenge (质疑).
    pub async fn file_challenge(
        &self,
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
        self.execute_challenge(trade, act, actor, meta).await
    }

    /// The tenderer or its agency replies to filing `number`.
    pub async fn reply_challenge(
        &self,
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
        self.execute_challenge(trade, act, actor, meta).await
    }

    /// The filer complains (投诉) to the supervisor about filing `number`.
    pub async fn complain(
        &self,
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
        self.execute_challenge(trade, act, actor, meta).await
    }

    /// The supervisor handles the complaint on filing `number`; `suspend` also suspends the
    /// trade (its own `Suspend` command, with the note as the reason).
    pub async fn handle_complaint(
        &self,
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
            self.decide_challenge(trade, act.clone(), actor).await?;
            let reason = format!("complaint on filing {number}: {}", note.trim());
            let suspend = TradeCommand::Suspend { reason };
            let trade_meta = Meta {
                ip: meta.ip.clone(),
                expected_version: None,
            };
            self.execute(trade, suspend, actor, &trade_meta).await?;
        }
        self.execute_challenge(trade, act, actor, meta).await
    }

    /// The tenderer or agency issues the notice of award: a generated HTML document stored in
    /// the blob folder, its SHA-256 in the event; the other bidders are notified of the result.
    pub async fn issue_award_notice(
        &self,
        trade: &TradeId,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        let state = self.trade_state(trade).await?;
        let f = facts(trade, &state)?;
        // Check who and when before writing the file.
        self.decide_challenge(
            trade,
            Act::IssueNotice {
                notice_sha256: "0".repeat(64),
            },
            actor,
        )
        .await?;
        let html = notice_html(trade, &state, &f, self.clock.now());
        let sha = self.blobs.put(html.as_bytes())?;
        let act = Act::IssueNotice { notice_sha256: sha };
        self.execute_challenge(trade, act, actor, meta).await
    }

    /// Refused while construction objections wait for their reply: the procedure is
    /// suspended until then (招标投标法实施条例 第54条).
    pub async fn objections_answered(&self, trade: &TradeId) -> Result<(), AppError> {
        let (book, _) = self.load_book(trade).await?;
        let numbers = book.pending_objections(self.clock.now());
        if numbers.is_empty() {
            Ok(())
        } else {
            Err(refused(ChallengeError::ObjectionPending { numbers }))
        }
    }

    /// The tenderer decides the award (the trade's own `DecideAward`: rank 1, or the next
    /// candidate with a reason when rank 1 fell away), once pending objections are answered.
    pub async fn decide_award(
        &self,
        trade: &TradeId,
        winner: UnifiedSocialCreditCode,
        reason: Option<String>,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<Outcome, AppError> {
        // `execute` checks that no objection is pending.
        let reason = reason.filter(|r| !r.trim().is_empty());
        self.execute(
            trade,
            TradeCommand::DecideAward { winner, reason },
            actor,
            meta,
        )
        .await
    }

    /// The notice of award (HTML) for those who may read it; others get "not found".
    pub async fn award_notice(&self, trade: &TradeId, actor: &Actor) -> Result<Vec<u8>, AppError> {
        let state = self.trade_state(trade).await?;
        let (book, _) = self.load_book(trade).await?;
        let missing = || AppError::not_found(format!("notice of award of {trade}"));
        let notice = book.notice.as_ref().ok_or_else(missing)?;
        let rel = relation_to_trade(actor, &state);
        if !(insider(actor, rel) || is_org(actor, &notice.winner)) {
            return Err(missing());
        }
        Ok(self.blobs.get(&notice.notice_sha256)?)
    }
}
