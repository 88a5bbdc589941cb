//! Obtaining the tender documents (获取招标文件), issue #3: a bidder finds a tender and obtains
//! its documents on the platform, free and with no registration step (电子招标投标办法 第9条,
//! 第20条: no 投标报名 precondition, free access). Who obtained them is confidential until the
//! opening (第21条): the event carries only a label sealed to the opening key.
//!
//! Whether a bid needs the documents obtained first is data per line × method
//! ([`OBTAIN_TABLE`]). Since who obtained is sealed, it cannot be checked when a bid arrives:
//! the opening record reports it per bidder (`obtained_documents`) for the committee. No
//! article of rules.md requires it: it is platform practice [D] for tenders.

use crate::aggregate::{Context, Role};
use crate::methods::{BusinessLine, Cited, Method};
use crate::trade::bids::{BIDDING, in_time, opening_key};
use crate::trade::error::TradeError;
use crate::trade::event::TradeEvent;
use crate::trade::guard::Guard;
use crate::trade::sealed::SealedLabel;
use crate::trade::state::TradeState;
use crate::values::UnifiedSocialCreditCode;

/// One line × method: must a bidder obtain the documents before it may bid?
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ObtainRule {
    pub line: BusinessLine,
    pub method: Method,
    pub required_before_bid: Cited<bool>,
}

const REQUIRED: Cited<bool> = Cited {
    value: true,
    article: "platform practice [D], cf. 电子招标投标办法 第21条, 第22条",
};
const NOT_REQUIRED: Cited<bool> = Cited {
    value: false,
    article: "platform default [D]: not required for this method",
};

const fn row(line: BusinessLine, method: Method, required: Cited<bool>) -> ObtainRule {
    ObtainRule {
        line,
        method,
        required_before_bid: required,
    }
}

/// The whole table, one row per valid line × method (as [`crate::methods::METHOD_TABLE`]).
/// Tendering methods require the documents obtained before a bid; the others do not.
pub static OBTAIN_TABLE: [ObtainRule; 8] = {
    use BusinessLine::*;
    use Method::*;
    [
        row(Construction, OpenTendering, REQUIRED),
        row(Construction, InvitedTendering, REQUIRED),
        row(Procurement, OpenTendering, REQUIRED),
        row(Procurement, InvitedTendering, REQUIRED),
        row(Procurement, CompetitiveNegotiation, NOT_REQUIRED),
        row(Procurement, CompetitiveConsultation, NOT_REQUIRED),
        row(Procurement, RequestForQuotation, NOT_REQUIRED),
        row(Procurement, SingleSource, NOT_REQUIRED),
    ]
};

/// The rule of `line` × `method`; a combination missing from the table requires nothing
/// (registration already refuses combinations the law does not provide).
pub fn obtain_rule(line: BusinessLine, method: Method) -> Cited<bool> {
    OBTAIN_TABLE
        .iter()
        .find(|r| r.line == line && r.method == method)
        .map_or(NOT_REQUIRED, |r| r.required_before_bid)
}

/// Bidder role, its own organisation, while bidding is open and before the deadline second
/// has passed; never the tenderer or the agency; for invited methods only the invitees. Who
/// obtained is sealed to the round's opening key (`label`, made by the app): each obtaining
/// is one event, and the opening reveals who, and when they first did.
pub(crate) fn obtain_documents(
    state: &TradeState,
    bidder: &UnifiedSocialCreditCode,
    label: Option<&SealedLabel>,
    holder: Option<&SealedLabel>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "obtain_documents");
    g.roles(&[Role::Bidder])?
        .org_is(Some(bidder))?
        .phase(&BIDDING)?;
    in_time(state, &g)?;
    check_may_take_part(state, &g, bidder)?;
    opening_key(state, g.action)?;
    let label = label.ok_or_else(|| TradeError::invalid("label", "sealed by the platform"))?;
    Ok(vec![TradeEvent::DocumentsObtained {
        label: label.clone(),
        round: state.round.number,
        holder: holder.cloned(),
        at: ctx.now,
    }])
}

/// Not a party of the trade, and invited where the method invites (shared with bids).
pub(crate) fn check_may_take_part(
    state: &TradeState,
    g: &Guard<'_>,
    bidder: &UnifiedSocialCreditCode,
) -> Result<(), TradeError> {
    let reg = g.reg()?;
    if bidder == &reg.tenderer || Some(bidder) == reg.agency.as_ref() {
        return Err(TradeError::BidderIsParty {
            bidder: bidder.clone(),
        });
    }
    if !reg.invited_bidders.is_empty() && !reg.invited_bidders.contains(bidder) {
        let article = state.rules().expect("registered").participation.article;
        return Err(TradeError::NotInvited {
            bidder: bidder.clone(),
            article,
        });
    }
    Ok(())
}

/// A bidder asks about the documents while bidding is open; who asks is sealed.
pub(crate) fn ask_question(
    state: &TradeState,
    bidder: &UnifiedSocialCreditCode,
    text: &str,
    label: Option<&SealedLabel>,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "ask_question");
    g.roles(&[Role::Bidder])?
        .org_is(Some(bidder))?
        .phase(&BIDDING)?;
    in_time(state, &g)?;
    check_may_take_part(state, &g, bidder)?;
    let text = crate::trade::entry::non_empty("text", text)?;
    if text.chars().count() > 2000 {
        return Err(TradeError::invalid("text", "at most 2000 characters"));
    }
    let label = label.ok_or_else(|| TradeError::invalid("label", "sealed by the platform"))?;
    Ok(vec![TradeEvent::QuestionAsked {
        number: state.round.questions.len() as u32 + 1,
        text,
        label: label.clone(),
        at: ctx.now,
    }])
}

/// The tenderer or agency answers; the answer is published to all with the question. A
/// change to the documents themselves is an amendment (with its notice period), not an answer.
pub(crate) fn answer_question(
    state: &TradeState,
    number: u32,
    answer: &str,
    ctx: &Context<'_>,
) -> Result<Vec<TradeEvent>, TradeError> {
    let g = Guard::new(state, ctx, "answer_question");
    g.party()?.phase(&BIDDING)?;
    let question = state
        .round
        .questions
        .iter()
        .find(|q| q.number == number)
        .ok_or(TradeError::UnknownQuestion { number })?;
    if question.answer.is_some() {
        return Err(TradeError::QuestionAnswered { number });
    }
    Ok(vec![TradeEvent::QuestionAnswered {
        number,
        question: question.text.clone(),
        answer: crate::trade::entry::non_empty("answer", answer)?,
        at: ctx.now,
    }])
}
