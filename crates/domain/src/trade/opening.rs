//! The remote opening (不见面开标, issue #4): custodians hand in their shares of the opening key,
//! the platform unseals every bid at once and records the opening record (开标记录); bidders
//! confirm it or object on the spot (条例 第44条; 电子招标投标办法 第29-32条, 第39条).

use std::collections::{BTreeMap, BTreeSet};

use legal_time::Duration;

use crate::accounts::PersonId;
use crate::aggregate::{Context, Role};
use crate::trade::bids::opening_key;
use crate::trade::command::ObtainedBy;
use crate::trade::entry::non_empty;
use crate::trade::error::TradeError;
use crate::trade::event::{FailureReason, TradeEvent};
use crate::trade::guard::Guard;
use crate::trade::sealed::{
    DECRYPTION_FAILURE_ARTICLE, Fault, OpeningLine, OpeningStatus, UnsealResult, Unsealed,
};
use crate::trade::state::{Opening, Phase, TradeState};
use crate::values::{Sha256Hex, UnifiedSocialCreditCode};

/// The custodians may be center staff, supervisors, the tenderer or its agency: the opening
/// key names them, so the role matters less than being on the list.
const CUSTODIAN_ROLES: [Role; 4] = [
    Role::CenterStaff,
    Role::Supervisor,
    Role::Tenderer,
    Role::Agency,
];

fn started<'s>(state: &'s TradeState, g: &Guard<'_>) -> Result<&'s Opening, TradeError> {
    state
        .round
        .opening
        .as_ref()
        .ok_or(TradeError::OpeningNotStarted { action: g.action })
}

pub(crate) fn submit_share(
    state: &TradeState,
    commitment: &Sha256Hex,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "submit_share");
    g.roles(&CUSTODIAN_ROLES)?.phase(&[Phase::ExpertsDrawn])?;
    let opening = started(state, &g)?;
    let key = opening_key(state, g.action)?;
    let person = PersonId::parse(&ctx.actor.id).map_err(TradeError::from)?;
    let custodian = key
        .custodian(&person)
        .ok_or_else(|| TradeError::NotCustodian {
            person: person.to_string(),
        })?;
    if opening.shares.contains(&person) {
        return Err(TradeError::ShareAlreadySubmitted {
            person: person.to_string(),
        });
    }
    if &custodian.commitment != commitment {
        return Err(TradeError::WrongShare {
            person: person.to_string(),
        });
    }
    Ok(vec![TradeEvent::ShareSubmitted {
        custodian: person,
        at: ctx.now,
    }])
}

/// Records what unsealing gave. Several bids of one bidder (submitted without replacing each
/// other) count once: the latest (第27条 lets a bidder change its bid until the deadline). Fewer
/// distinct bidders than the method's minimum: the round fails as if too few bids had come.
pub(crate) fn record_unsealing(
    state: &TradeState,
    results: &[UnsealResult],
    obtainers: &[ObtainedBy],
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "record_unsealing");
    g.roles(&[Role::Platform])?.phase(&[Phase::ExpertsDrawn])?;
    let opening = started(state, &g)?;
    let key = opening_key(state, g.action)?;
    let (have, need) = (opening.shares.len() as u32, u32::from(key.threshold));
    if have < need {
        return Err(TradeError::SharesMissing { have, need });
    }
    let by_handle: BTreeMap<_, _> = results.iter().map(|r| (&r.handle, r)).collect();
    if by_handle.len() != results.len()
        || by_handle.len() != state.round.bids.len()
        || state.round.bids.keys().any(|h| !by_handle.contains_key(h))
    {
        return Err(TradeError::UnsealingMismatch {
            reason: format!(
                "{} results for {} current bids",
                results.len(),
                state.round.bids.len()
            ),
        });
    }
    // The latest submission of each bidder counts.
    let mut latest: BTreeMap<&UnifiedSocialCreditCode, (&Sha256Hex, _)> = BTreeMap::new();
    for (handle, bid) in &state.round.bids {
        if let Some(bidder) = &by_handle[handle].bidder {
            let e = latest.entry(bidder).or_insert((handle, bid.at));
            if bid.at > e.1 || (bid.at == e.1 && handle > e.0) {
                *e = (handle, bid.at);
            }
        }
    }
    let obtained: BTreeSet<_> = obtainers.iter().map(|o| &o.bidder).collect();
    let mut lines: Vec<OpeningLine> = state
        .round
        .bids
        .iter()
        .map(|(handle, bid)| {
            let r = by_handle[handle];
            let status = match (&r.bidder, &r.outcome) {
                (Some(b), _) if latest[b].0 != handle => OpeningStatus::Superseded {
                    by: latest[b].0.clone(),
                },
                (
                    Some(b),
                    Unsealed::Opened {
                        price,
                        period_days,
                        deposit_account,
                        plaintext,
                    },
                ) => OpeningStatus::Opened {
                    price: *price,
                    period_days: *period_days,
                    deposit_account: deposit_account.clone(),
                    plaintext: plaintext.clone(),
                    obtained_documents: obtained.contains(b),
                },
                (_, Unsealed::Failed { fault, reason }) => failed(*fault, reason),
                // A package opened but its label did not: the platform's fault.
                (None, Unsealed::Opened { .. }) => {
                    failed(Fault::NotBidder, "the sealed label could not be opened")
                }
            };
            OpeningLine {
                handle: handle.clone(),
                bidder: r.bidder.clone(),
                status,
                submitted_at: bid.at,
            }
        })
        .collect();
    lines.sort_by_key(|l| l.submitted_at);
    let round = state.round.number;
    let mut events = vec![TradeEvent::BidsUnsealed {
        lines: lines.clone(),
        obtainers: obtainers.to_vec(),
        at: ctx.now,
    }];
    let rules = state.rules().expect("registered");
    let distinct = latest.len() as u32;
    if distinct < rules.min_bidders.value {
        events.push(TradeEvent::TradeFailed {
            reason: FailureReason::TooFewBids {
                bids: distinct,
                minimum: rules.min_bidders.value,
                article: rules.min_bidders.article.to_owned(),
            },
            round,
            at: ctx.now,
        });
        return Ok(events);
    }
    let bidders = lines
        .iter()
        .filter(|l| matches!(l.status, OpeningStatus::Opened { .. }))
        .filter_map(|l| l.bidder.clone())
        .collect();
    events.push(TradeEvent::BidsOpened {
        bidders,
        round,
        at: ctx.now,
    });
    Ok(events)
}

fn failed(fault: Fault, reason: &str) -> OpeningStatus {
    let (reason, article) = (reason.to_owned(), DECRYPTION_FAILURE_ARTICLE.to_owned());
    match fault {
        Fault::Bidder => OpeningStatus::Revoked { reason, article },
        Fault::NotBidder => OpeningStatus::Withdrawn { reason, article },
    }
}

/// Center staff, once the decryption window is over with fewer than k shares: no bid can be
/// opened through no fault of the bidders, so every bid counts as withdrawn (第31条) and the
/// round fails.
pub(crate) fn abandon_opening(
    state: &TradeState,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "abandon_opening");
    g.roles(&[Role::CenterStaff, Role::Platform])?
        .phase(&[Phase::ExpertsDrawn])?;
    let reason = non_empty("reason", reason)?;
    let opening = started(state, &g)?;
    let key = opening_key(state, g.action)?;
    let (have, need) = (opening.shares.len() as u32, u32::from(key.threshold));
    if have >= need {
        return Err(TradeError::SharesComplete { have, need });
    }
    let until = opening.started_at + Duration::minutes(key.window_minutes.into());
    if ctx.now < until {
        return Err(TradeError::WindowNotOver { until });
    }
    Ok(vec![TradeEvent::TradeFailed {
        reason: FailureReason::KeyNotRecovered {
            shares: have,
            threshold: need,
            reason,
            article: DECRYPTION_FAILURE_ARTICLE.to_owned(),
        },
        round: state.round.number,
        at: ctx.now,
    }])
}

fn record_bidder(
    state: &TradeState,
    g: &Guard<'_>,
    bidder: &UnifiedSocialCreditCode,
) -> Result<(), TradeError> {
    g.roles(&[Role::Bidder])?
        .org_is(Some(bidder))?
        .phase(&[Phase::Opened])?;
    if state.round.record_bidders().any(|b| b == bidder) {
        Ok(())
    } else {
        Err(TradeError::NotInOpeningRecord {
            bidder: bidder.clone(),
        })
    }
}

pub(crate) fn confirm_record(
    state: &TradeState,
    bidder: &UnifiedSocialCreditCode,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "confirm_opening_record");
    record_bidder(state, &g, bidder)?;
    if state.round.confirmed_by.contains(bidder) {
        return Err(TradeError::AlreadyConfirmed {
            bidder: bidder.clone(),
        });
    }
    Ok(vec![TradeEvent::OpeningRecordConfirmed {
        bidder: bidder.clone(),
        at: ctx.now,
    }])
}

pub(crate) fn raise_objection(
    state: &TradeState,
    bidder: &UnifiedSocialCreditCode,
    text: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "raise_opening_objection");
    record_bidder(state, &g, bidder)?;
    Ok(vec![TradeEvent::OpeningObjectionRaised {
        number: state.round.objections.len() as u32 + 1,
        bidder: bidder.clone(),
        text: non_empty("text", text)?,
        at: ctx.now,
    }])
}

pub(crate) fn answer_objection(
    state: &TradeState,
    number: u32,
    answer: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "answer_opening_objection");
    g.party()?.phase(&[Phase::Opened])?;
    let objection = state
        .round
        .objections
        .iter()
        .find(|o| o.number == number)
        .ok_or(TradeError::UnknownObjection { number })?;
    if objection.answer.is_some() {
        return Err(TradeError::ObjectionAnswered { number });
    }
    Ok(vec![TradeEvent::OpeningObjectionAnswered {
        number,
        answer: non_empty("answer", answer)?,
        at: ctx.now,
    }])
}
