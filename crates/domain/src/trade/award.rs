//! Node 6 (award decision and publicity) and node 7 (transaction confirmation).
//!
//! The order of publicity and decision is data ([`ResultKind`]): construction publicises the
//! candidates and decides after the publicity (条例 第54条, 第55条); procurement decides and
//! then announces the result (87号令 第68条, 第69条).

use legal_time::{beijing_date, earliest_end_date, end_of_beijing_day};

use crate::aggregate::{Context, Role};
use crate::methods::ResultKind;
use crate::trade::entry::non_empty;
use crate::trade::error::TradeError;
use crate::trade::event::TradeEvent;
use crate::trade::guard::Guard;
use crate::trade::state::{Phase, TradeState};
use crate::values::UnifiedSocialCreditCode;

pub(crate) fn publish_result(
    state: &TradeState,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "publish_result");
    g.party()?;
    let rules = state.rules().expect("registered");
    let evaluation = state.round.evaluation.as_ref();
    let (since, winner) = match rules.result {
        ResultKind::CandidatesPublicity => {
            g.phase(&[Phase::Evaluated])?;
            (evaluation.expect("evaluated").at, None)
        }
        ResultKind::ResultAnnouncement => {
            g.phase(&[Phase::Awarded])?;
            let award = state.round.award.as_ref().expect("awarded");
            (award.at, Some(award.winner.clone()))
        }
    };
    let today = beijing_date(ctx.now);
    // "within" (条例 第54条: 3 日): a last day off moves on; the publicity length below is a
    // minimum and does not.
    let due = rules.within_last_day(
        ctx.calendar,
        beijing_date(since),
        rules.publish_within.value,
    )?;
    if today > due {
        return Err(TradeError::PublicationLate {
            due,
            article: rules.publish_within.article,
        });
    }
    let last_day = earliest_end_date(ctx.calendar, today, rules.publicity_lasts.value)?;
    let until = end_of_beijing_day(last_day)?;
    Ok(vec![TradeEvent::ResultPublished {
        kind: rules.result,
        candidates: evaluation.map(|e| e.ranked.clone()).unwrap_or_default(),
        winner,
        until,
        at: ctx.now,
    }])
}

pub(crate) fn decide_award(
    state: &TradeState,
    winner: &UnifiedSocialCreditCode,
    reason: &Option<String>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "decide_award");
    g.tenderer()?;
    let rules = state.rules().expect("registered");
    match rules.result {
        ResultKind::CandidatesPublicity => {
            g.phase(&[Phase::Publicized])?;
            let (_, until) = state.round.publicity.expect("publicized");
            if ctx.now < until {
                return Err(TradeError::PublicityNotEnded {
                    until,
                    article: rules.publicity_lasts.article,
                });
            }
        }
        ResultKind::ResultAnnouncement => g.phase(&[Phase::Evaluated]).map(|_| ())?,
    }
    let evaluation = state.round.evaluation.as_ref().expect("evaluated");
    let rank = 1 + evaluation
        .ranked
        .iter()
        .position(|c| c == winner)
        .ok_or_else(|| TradeError::NotACandidate {
            winner: winner.clone(),
        })?;
    let reason = reason
        .as_deref()
        .map(|r| non_empty("reason", r))
        .transpose()?;
    if rank > 1 {
        if let Some(limit) = rules.decide_within {
            let ended =
                rules.within_last_day(ctx.calendar, beijing_date(evaluation.at), limit.value)?;
            if beijing_date(ctx.now) > ended {
                return Err(TradeError::AwardDeemedRankOne {
                    ended,
                    article: limit.article,
                });
            }
        }
        if reason.is_none() {
            return Err(TradeError::WinnerNotFirst {
                rank,
                article: rules.winner_rule_article,
            });
        }
    }
    Ok(vec![TradeEvent::AwardDecided {
        winner: winner.clone(),
        rank: rank as u32,
        reason,
        result: rules.result,
        at: ctx.now,
    }])
}

pub(crate) fn issue_confirmation(
    state: &TradeState,
    certificate_no: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "issue_confirmation");
    g.roles(&[Role::CenterStaff])?;
    g.reg()?;
    let rules = state.rules().expect("registered");
    let last = Phase::flow(rules.result)[10];
    g.phase(&[last])?;
    if let Some((_, until)) = state.round.publicity
        && ctx.now < until
    {
        return Err(TradeError::PublicityNotEnded {
            until,
            article: rules.publicity_lasts.article,
        });
    }
    let outstanding = state.outstanding_deferred();
    if !outstanding.is_empty() {
        return Err(TradeError::DeferredDocumentsOutstanding { names: outstanding });
    }
    let certificate_no = non_empty("certificate_no", certificate_no)?;
    let winner = state.round.award.as_ref().expect("awarded").winner.clone();
    Ok(vec![TradeEvent::ConfirmationIssued {
        certificate_no,
        winner,
        at: ctx.now,
    }])
}
