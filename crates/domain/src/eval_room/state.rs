//! The room as an aggregate. Every guard says who first (so a stranger learns nothing of the
//! room, not even whether it is open), then the room's phase, then the rule itself.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::{Actor, Aggregate, Context, Role};
use crate::eval_room::command::{
    EARLY_OPEN, EvalRoomCommand, Member, check_open, check_proof, text,
};
use crate::eval_room::command::{MAX_CLARIFICATION_CHARS, MAX_POST_CHARS};
use crate::eval_room::error::EvalRoomError;
use crate::eval_room::event::{Attendee, EvalRoomEvent};
use crate::experts::TimeRange;
use crate::values::{TradeId, UnifiedSocialCreditCode};

/// One stay in the room: who, in what capacity, from when to when (`None`: still there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub person: String,
    pub attendee: Attendee,
    pub joined_at: OffsetDateTime,
    pub left_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clarification {
    pub number: u32,
    pub by: String,
    pub bidder: UnifiedSocialCreditCode,
    pub question: String,
    pub due: OffsetDateTime,
    pub asked_at: OffsetDateTime,
    pub answer: Option<(String, OffsetDateTime)>,
}

/// What a caller may read of the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Members, witnesses, supervisors, the platform: everything.
    All,
    /// A bidder with requests addressed to it: those requests and their answers only.
    Bidder(UnifiedSocialCreditCode),
    /// Nothing, not even that the room exists.
    None,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvalRoomState {
    pub trade: Option<TradeId>,
    pub members: Vec<Member>,
    pub witnesses: Vec<String>,
    pub scheduled: Option<TimeRange>,
    pub opened_at: Option<OffsetDateTime>,
    pub closed_at: Option<OffsetDateTime>,
    pub attendance: Vec<Attendance>,
    pub posts: u32,
    pub clarifications: Vec<Clarification>,
}

impl EvalRoomState {
    /// The capacity `actor` may enter in: a seat, a witness, or (any) supervisor.
    pub fn entitled(&self, actor: &Actor) -> Option<Attendee> {
        if self.members.iter().any(|m| m.person == actor.id) {
            Some(Attendee::Member)
        } else if self.witnesses.contains(&actor.id) {
            Some(Attendee::Witness)
        } else if actor.role == Role::Supervisor {
            Some(Attendee::Supervisor)
        } else {
            None
        }
    }

    /// Whether `person` is in the room now.
    pub fn present(&self, person: &str) -> bool {
        self.attendance
            .iter()
            .rev()
            .find(|a| a.person == person)
            .is_some_and(|a| a.left_at.is_none())
    }

    /// The member `person` if they are in the open room now: who may discuss, ask for
    /// clarifications and, with issue #6, score.
    pub fn present_member(&self, person: &str) -> Option<&Member> {
        let open = self.opened_at.is_some() && self.closed_at.is_none();
        let member = self.members.iter().find(|m| m.person == person)?;
        (open && self.present(person)).then_some(member)
    }

    pub fn visibility(&self, actor: &Actor) -> Visibility {
        if self.opened_at.is_none() {
            return Visibility::None;
        }
        if actor.role == Role::Platform || self.entitled(actor).is_some() {
            return Visibility::All;
        }
        let org = actor.org.as_deref().unwrap_or("");
        match self
            .clarifications
            .iter()
            .find(|c| actor.role == Role::Bidder && c.bidder.as_str().eq_ignore_ascii_case(org))
        {
            Some(c) => Visibility::Bidder(c.bidder.clone()),
            None => Visibility::None,
        }
    }

    /// Who, then the room's phase.
    fn inside(&self, action: &'static str, ctx: &Context<'_>) -> Result<Attendee, EvalRoomError> {
        let attendee = self
            .entitled(ctx.actor)
            .ok_or(EvalRoomError::NotEntitled { action })?;
        self.open()?;
        Ok(attendee)
    }

    fn open(&self) -> Result<(), EvalRoomError> {
        if self.opened_at.is_none() {
            return Err(EvalRoomError::NotOpened);
        }
        if self.closed_at.is_some() {
            return Err(EvalRoomError::Closed);
        }
        Ok(())
    }

    fn staff(action: &'static str, ctx: &Context<'_>) -> Result<(), EvalRoomError> {
        match ctx.actor.role {
            Role::CenterStaff | Role::Platform => Ok(()),
            role => Err(EvalRoomError::WrongRole { action, role }),
        }
    }

    fn here(&self, action: &'static str, ctx: &Context<'_>) -> Result<(), EvalRoomError> {
        if self.present(&ctx.actor.id) {
            Ok(())
        } else {
            Err(EvalRoomError::NotPresent { action })
        }
    }
}

impl EvalRoomState {
    /// A bidder answers a request addressed to its organisation, in time, once.
    fn answer(
        &self,
        request: u32,
        body: &str,
        action: &'static str,
        ctx: &Context<'_>,
    ) -> Result<EvalRoomEvent, EvalRoomError> {
        let at = ctx.now;
        if ctx.actor.role != Role::Bidder {
            return Err(EvalRoomError::WrongRole {
                action,
                role: ctx.actor.role,
            });
        }
        // Another bidder's request is as unknown as a missing one.
        let org = ctx.actor.org.as_deref().unwrap_or("");
        let c = self
            .clarifications
            .iter()
            .find(|c| c.number == request && c.bidder.as_str().eq_ignore_ascii_case(org))
            .ok_or(EvalRoomError::UnknownRequest { number: request })?;
        self.open()?;
        if c.answer.is_some() {
            return Err(EvalRoomError::AlreadyAnswered { number: c.number });
        }
        if at > c.due {
            return Err(EvalRoomError::PastDue {
                number: c.number,
                due: c.due,
            });
        }
        Ok(EvalRoomEvent::ClarificationAnswered {
            number: c.number,
            bidder: c.bidder.clone(),
            text: text("text", body, MAX_CLARIFICATION_CHARS)?,
            at,
        })
    }
}

/// No `EvalRoomCommand` names a file.
impl crate::NamesFiles for EvalRoomCommand {}

impl Aggregate for EvalRoomState {
    type Command = EvalRoomCommand;
    type Event = EvalRoomEvent;
    type Error = EvalRoomError;

    fn decide(
        &self,
        command: &EvalRoomCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<EvalRoomEvent>, EvalRoomError> {
        let (at, action, person) = (ctx.now, command.action(), ctx.actor.id.clone());
        let event = match command {
            EvalRoomCommand::Open {
                trade,
                members,
                witnesses,
                scheduled,
            } => {
                Self::staff(action, ctx)?;
                if self.opened_at.is_some() {
                    return Err(EvalRoomError::AlreadyOpened);
                }
                check_open(members, witnesses, scheduled)?;
                let opens_at = scheduled.from - EARLY_OPEN;
                if at < opens_at {
                    return Err(EvalRoomError::TooEarly { opens_at });
                }
                EvalRoomEvent::Opened {
                    trade: trade.clone(),
                    members: members.clone(),
                    witnesses: witnesses.clone(),
                    scheduled: *scheduled,
                    at,
                }
            }
            EvalRoomCommand::Join { via } => {
                let attendee = self.inside(action, ctx)?;
                if self.present(&person) {
                    return Err(EvalRoomError::AlreadyPresent);
                }
                check_proof(via)?;
                EvalRoomEvent::Joined {
                    person,
                    attendee,
                    via: via.clone(),
                    at,
                }
            }
            EvalRoomCommand::Leave => {
                self.inside(action, ctx)?;
                self.here(action, ctx)?;
                EvalRoomEvent::Left { person, at }
            }
            EvalRoomCommand::Post { text: body } => {
                let attendee = self.inside(action, ctx)?;
                self.here(action, ctx)?;
                EvalRoomEvent::Posted {
                    number: self.posts + 1,
                    person,
                    kind: attendee.into(),
                    text: text("text", body, MAX_POST_CHARS)?,
                    at,
                }
            }
            EvalRoomCommand::RequestClarification {
                bidder,
                question,
                due,
                bidders,
            } => {
                if self.inside(action, ctx)? != Attendee::Member {
                    return Err(EvalRoomError::MembersOnly { action });
                }
                self.here(action, ctx)?;
                let question = text("question", question, MAX_CLARIFICATION_CHARS)?;
                if !bidders.contains(bidder) {
                    return Err(EvalRoomError::NotABidder {
                        bidder: bidder.clone(),
                    });
                }
                if *due <= at {
                    return Err(EvalRoomError::DueNotAhead);
                }
                EvalRoomEvent::ClarificationRequested {
                    number: self.clarifications.len() as u32 + 1,
                    by: person,
                    bidder: bidder.clone(),
                    question,
                    due: *due,
                    at,
                }
            }
            EvalRoomCommand::AnswerClarification {
                request,
                text: body,
            } => self.answer(*request, body, action, ctx)?,
            EvalRoomCommand::Close => {
                Self::staff(action, ctx)?;
                self.open()?;
                EvalRoomEvent::Closed { at }
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &EvalRoomEvent) {
        match event {
            EvalRoomEvent::Opened {
                trade,
                members,
                witnesses,
                scheduled,
                at,
            } => {
                self.trade = Some(trade.clone());
                self.members = members.clone();
                self.witnesses = witnesses.clone();
                self.scheduled = Some(*scheduled);
                self.opened_at = Some(*at);
            }
            EvalRoomEvent::Joined {
                person,
                attendee,
                at,
                ..
            } => self.attendance.push(Attendance {
                person: person.clone(),
                attendee: *attendee,
                joined_at: *at,
                left_at: None,
            }),
            EvalRoomEvent::Left { person, at } => {
                if let Some(a) = self
                    .attendance
                    .iter_mut()
                    .rev()
                    .find(|a| &a.person == person)
                {
                    a.left_at = Some(*at);
                }
            }
            EvalRoomEvent::Posted { number, .. } => self.posts = *number,
            EvalRoomEvent::ClarificationRequested {
                number,
                by,
                bidder,
                question,
                due,
                at,
            } => self.clarifications.push(Clarification {
                number: *number,
                by: by.clone(),
                bidder: bidder.clone(),
                question: question.clone(),
                due: *due,
                asked_at: *at,
                answer: None,
            }),
            EvalRoomEvent::ClarificationAnswered {
                number, text, at, ..
            } => {
                if let Some(c) = self.clarifications.iter_mut().find(|c| c.number == *number) {
                    c.answer = Some((text.clone(), *at));
                }
            }
            EvalRoomEvent::Closed { at } => {
                // Attendance ends with the room.
                for a in self.attendance.iter_mut().filter(|a| a.left_at.is_none()) {
                    a.left_at = Some(*at);
                }
                self.closed_at = Some(*at);
            }
        }
    }
}
