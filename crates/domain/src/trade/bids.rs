//! Node 4 (expert draw) and node 5 (bids, opening, evaluation records).

use std::collections::BTreeSet;

use legal_time::{Calendar, Date, Duration, OffsetDateTime, PeriodUnit, beijing_date};

use crate::aggregate::{Context, Role};
use crate::methods::MethodRules;
use crate::trade::entry::non_empty;
use crate::trade::error::TradeError;
use crate::trade::event::{FailureReason, TradeEvent};
use crate::trade::guard::Guard;
use crate::trade::obtain::check_may_take_part;
use crate::trade::sealed::{BidHandle, OpeningKey, SealedBid, SealedLabel};
use crate::trade::state::{Phase, TradeState};
use crate::values::{BlobRef, Sha256Hex, UnifiedSocialCreditCode};

pub(crate) const BIDDING: [Phase; 2] = [Phase::Announced, Phase::ExpertsDrawn];

pub(crate) fn record_draw(
    state: &TradeState,
    committee_size: u32,
    commitment: &Sha256Hex,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "record_expert_draw");
    g.roles(&[Role::CenterStaff])?.phase(&[Phase::Announced])?;
    let rules = state.rules().expect("registered");
    let deadline = state.round.bid_deadline.expect("announced");
    // The committee list is fixed before the opening (12号令 第8条).
    if ctx.now >= deadline {
        return Err(TradeError::Late {
            action: g.action,
            deadline,
        });
    }
    let (minimum, article) = rules.committee_minimum(g.reg()?.estimate);
    if committee_size < minimum {
        return Err(TradeError::CommitteeTooSmall {
            size: committee_size,
            minimum,
            article,
        });
    }
    if rules.committee.odd && committee_size.is_multiple_of(2) {
        return Err(TradeError::CommitteeNotOdd {
            size: committee_size,
            article: rules.committee.article,
        });
    }
    let evaluation_from = state.round.venue.as_ref().expect("venue").evaluation_from;
    if let Some((earliest, article)) = earliest_draw(rules, evaluation_from, ctx.calendar)?
        && beijing_date(ctx.now) < earliest
    {
        return Err(TradeError::DrawTooEarly { earliest, article });
    }
    Ok(vec![TradeEvent::ExpertsDrawn {
        committee_size,
        experts_commitment: commitment.clone(),
        at: ctx.now,
    }])
}

/// The first day the draw may take place for an evaluation starting at `evaluation_from`,
/// with the article, if the method has a draw window (198号 第14条).
pub(crate) fn earliest_draw(
    rules: &MethodRules,
    evaluation_from: OffsetDateTime,
    cal: &Calendar,
) -> Result<Option<(Date, &'static str)>, TradeError> {
    let Some(window) = rules.draw_not_before_evaluation else {
        return Ok(None);
    };
    let evaluation_day = beijing_date(evaluation_from);
    let earliest = match window.value.unit {
        PeriodUnit::WorkingDays => cal.sub_working_days(evaluation_day, window.value.count)?,
        PeriodUnit::Days => evaluation_day - Duration::days(window.value.count.into()),
    };
    Ok(Some((earliest, window.article)))
}

/// A sealed bid: the caller's organisation is checked (role, invitation, not a party) and
/// then left out of the event; only the sealed label names it (电子招标投标办法 第21条, 第27条).
pub(crate) fn submit_bid(
    state: &TradeState,
    cmd: &SealedSubmission<'_>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "submit_bid");
    g.roles(&[Role::Bidder])?
        .org_is(Some(cmd.bidder))?
        .phase(&BIDDING)?;
    in_time(state, &g)?;
    check_may_take_part(state, &g, cmd.bidder)?;
    let key = opening_key(state, g.action)?;
    if cmd.key_id != &key.key_id {
        return Err(TradeError::WrongOpeningKey {
            expected: key.key_id.to_string(),
            found: cmd.key_id.to_string(),
        });
    }
    if state.round.used_handles.contains(cmd.handle) {
        return Err(TradeError::BidHandleUsed);
    }
    let replaces = match cmd.replaces {
        Some((old, token_hash)) => {
            check_token(state, old, token_hash)?;
            Some(old.clone())
        }
        None => None,
    };
    Ok(vec![TradeEvent::BidSubmitted {
        bid: SealedBid {
            handle: cmd.handle.clone(),
            envelope: cmd.envelope.clone(),
            label: cmd.label.clone(),
            token_hash: cmd.token_hash.clone(),
            at: ctx.now,
        },
        replaces,
    }])
}

/// The parts of [`crate::TradeCommand::SubmitBid`].
pub(crate) struct SealedSubmission<'a> {
    pub bidder: &'a UnifiedSocialCreditCode,
    pub handle: &'a BidHandle,
    pub envelope: &'a BlobRef,
    pub key_id: &'a Sha256Hex,
    pub label: &'a SealedLabel,
    pub token_hash: &'a Sha256Hex,
    pub replaces: Option<(&'a BidHandle, &'a Sha256Hex)>,
}

pub(crate) fn opening_key<'s>(
    state: &'s TradeState,
    action: &'static str,
) -> Result<&'s OpeningKey, TradeError> {
    state
        .round
        .opening_key
        .as_ref()
        .ok_or(TradeError::NoOpeningKey {
            action,
            article: "电子招标投标办法 第26条",
        })
}

fn check_token(
    state: &TradeState,
    handle: &BidHandle,
    token_hash: &Sha256Hex,
) -> Result<(), TradeError> {
    match state.round.bids.get(handle) {
        None => Err(TradeError::UnknownBid),
        Some(bid) if &bid.token_hash != token_hash => Err(TradeError::BadBidToken),
        Some(_) => Ok(()),
    }
}

pub(crate) fn withdraw_bid(
    state: &TradeState,
    bidder: &UnifiedSocialCreditCode,
    handle: &BidHandle,
    token_hash: &Sha256Hex,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "withdraw_bid");
    g.roles(&[Role::Bidder])?
        .org_is(Some(bidder))?
        .phase(&BIDDING)?;
    in_time(state, &g)?;
    check_token(state, handle, token_hash)?;
    Ok(vec![TradeEvent::BidWithdrawn {
        handle: handle.clone(),
        at: ctx.now,
    }])
}

/// The deadline second is part of the period: bids are received until the deadline second
/// has passed (09:30:00.999 against 09:30:00 is in time, 09:30:01 is late) (rules.md §2 "Time
/// source": inclusive-second deadlines on the server's clock). The one place this is decided:
/// the commands, the deposits' facts and the pages ask here.
pub fn deadline_second_over(deadline: OffsetDateTime, now: OffsetDateTime) -> bool {
    now >= deadline
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        + Duration::seconds(1)
}

impl TradeState {
    /// The round's bid deadline second is over at `now` (false before a deadline is set).
    pub fn bid_deadline_over(&self, now: OffsetDateTime) -> bool {
        self.round
            .bid_deadline
            .is_some_and(|d| deadline_second_over(d, now))
    }

    /// Bids are received at `now`: the round is open for bids and its deadline second is
    /// not over.
    pub fn bidding_open(&self, now: OffsetDateTime) -> bool {
        self.in_bidding_phase() && self.round.bid_deadline.is_some() && !self.bid_deadline_over(now)
    }
}

pub(crate) fn in_time(state: &TradeState, g: &Guard<'_>) -> Result<(), TradeError> {
    let deadline = state.round.bid_deadline.expect("announced");
    if deadline_second_over(deadline, g.ctx.now) {
        Err(TradeError::Late {
            action: g.action,
            deadline,
        })
    } else {
        Ok(())
    }
}

/// Once the deadline second is over (a bid may still arrive within it). Fewer bids than the method's minimum: the round fails without an
/// opening (招标投标法 第28条); that needs no committee, so it is also decided before a draw.
pub(crate) fn open_bids(
    state: &TradeState,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "open_bids");
    g.roles(&[Role::CenterStaff, Role::Platform])?
        .phase(&BIDDING)?;
    let rules = state.rules().expect("registered");
    let deadline = state.round.bid_deadline.expect("announced");
    if !deadline_second_over(deadline, ctx.now) {
        return Err(TradeError::TooEarly {
            action: g.action,
            not_before: deadline + Duration::seconds(1),
        });
    }
    if state.round.opening.is_some() {
        return Err(TradeError::OpeningStarted { action: g.action });
    }
    let bids = state.round.bids.len() as u32;
    let round = state.round.number;
    if bids < rules.min_bidders.value {
        let reason = FailureReason::TooFewBids {
            bids,
            minimum: rules.min_bidders.value,
            article: rules.min_bidders.article.to_owned(),
        };
        return Ok(vec![TradeEvent::TradeFailed {
            reason,
            round,
            at: ctx.now,
        }]);
    }
    g.phase(&[Phase::ExpertsDrawn])?;
    opening_key(state, g.action)?;
    Ok(vec![TradeEvent::OpeningStarted {
        bids,
        round,
        at: ctx.now,
    }])
}

pub(crate) fn record_evaluation(
    state: &TradeState,
    report: &BlobRef,
    ranked: &[UnifiedSocialCreditCode],
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "record_evaluation")
        .roles(&[Role::CenterStaff, Role::Expert])?
        .phase(&[Phase::Opened])?;
    let max = state.rules().expect("registered").max_candidates;
    let distinct: BTreeSet<_> = ranked.iter().collect();
    if ranked.is_empty() || ranked.len() > max.value as usize || distinct.len() != ranked.len() {
        return Err(TradeError::CandidateCount {
            count: ranked.len(),
            max: max.value,
            article: max.article,
        });
    }
    if let Some(b) = ranked
        .iter()
        .find(|b| !state.round.opened_bidders.contains(b))
    {
        return Err(TradeError::NotABidder { bidder: b.clone() });
    }
    Ok(vec![TradeEvent::EvaluationRecorded {
        report: report.clone(),
        ranked: ranked.to_vec(),
        at: ctx.now,
    }])
}

pub(crate) fn reject_all(
    state: &TradeState,
    report: &BlobRef,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    Guard::new(state, ctx, "reject_all_bids")
        .roles(&[Role::CenterStaff, Role::Expert])?
        .phase(&[Phase::Opened])?;
    let reason = FailureReason::AllBidsRejected {
        reason: non_empty("reason", reason)?,
        report: report.clone(),
        article: state
            .rules()
            .expect("registered")
            .reject_all_article
            .to_owned(),
    };
    Ok(vec![TradeEvent::TradeFailed {
        reason,
        round: state.round.number,
        at: ctx.now,
    }])
}

impl TradeState {
    /// In a bidding phase (announced, experts drawn): bids may still be taking or, once the
    /// deadline second is over, waiting for the opening.
    pub fn in_bidding_phase(&self) -> bool {
        BIDDING.contains(&self.phase)
    }
}
