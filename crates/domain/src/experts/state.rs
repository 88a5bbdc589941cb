//! The draw of one trade as an aggregate (its own stream, `draw:<trade>`): Requested →
//! Committed → Drawn → (answers per seat; declines → Redrawn) → Revealed once the evaluation
//! starts. The log never holds a drawn name, the randomness or the parties before then: the
//! list is sealed (opaque [`SealedLabel`]) and bound by its digest ([`DrawResult::digest`]);
//! seats are numbers; the app keeps the seed and maps seats to experts. Pure: the app runs
//! [`crate::experts::eligible`], [`crate::experts::commit`] and [`crate::experts::draw()`]
//! and hands in their outputs.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregate, Context, Role};
use crate::experts::draw::{Commitment, DrawResult};
use crate::experts::error::DrawError;
use crate::experts::events::{
    DrawCommand, DrawEvent, DrawPhase, DrawStateError, RequestSummary, Seat,
};
use crate::experts::request::DrawRequest;
use crate::experts::timing::check_draw_time_for;
use crate::trade::sealed::SealedLabel;
use crate::values::Sha256Hex;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawState {
    pub phase: Option<DrawPhase>,
    pub summary: Option<RequestSummary>,
    pub commitment: Option<Commitment>,
    pub list_digest: Option<Sha256Hex>,
    pub seats: Vec<Seat>,
    pub round: u32,
    pub revealed: Option<DrawResult>,
}

impl DrawState {
    /// Whether `role` may request this trade's draw now (staff, before any request).
    pub fn may_request(&self, role: Role) -> bool {
        STAFF.contains(&role) && self.phase.is_none()
    }

    /// Whether `role` runs the draw's steps (redraw, committee, reveal): staff. Each step's
    /// own phase rule still decides when.
    pub fn runs_steps(role: Role) -> bool {
        STAFF.contains(&role)
    }

    /// Every seat confirmed.
    pub fn confirmed(&self) -> bool {
        !self.seats.is_empty() && self.seats.iter().all(|s| *s == Seat::Confirmed)
    }

    fn guard(
        &self,
        action: &'static str,
        ctx: &Context<'_>,
        roles: &[Role],
        phases: &[Option<DrawPhase>],
    ) -> Result<(), DrawStateError> {
        if !roles.contains(&ctx.actor.role) {
            return Err(DrawStateError::WrongRole {
                action,
                role: ctx.actor.role,
            });
        }
        if !phases.contains(&self.phase) {
            return Err(DrawStateError::WrongPhase {
                action,
                phase: self.phase,
            });
        }
        Ok(())
    }

    fn check_time(&self, ctx: &Context<'_>) -> Result<(), DrawStateError> {
        let s = self.summary.as_ref().expect("requested");
        check_draw_time_for(
            s.line,
            s.method,
            s.evaluation.from,
            s.off_site,
            ctx.now,
            ctx.calendar,
        )?;
        Ok(())
    }
}

const STAFF: [Role; 2] = [Role::CenterStaff, Role::Platform];
const ANSWERING: [Role; 3] = [Role::Expert, Role::CenterStaff, Role::Platform];
const OPEN: [Option<DrawPhase>; 4] = [
    Some(DrawPhase::Requested),
    Some(DrawPhase::Committed),
    Some(DrawPhase::Drawn),
    None,
];

impl DrawState {
    /// The seats whose experts declined.
    fn declined(&self) -> Vec<u32> {
        (0..self.seats.len() as u32)
            .filter(|&i| self.seats[i as usize] == Seat::Declined)
            .collect()
    }

    /// A redraw replaces the declined seats, before the evaluation starts.
    fn redrawn(
        &self,
        list_digest: &Sha256Hex,
        sealed_list: &SealedLabel,
        at: OffsetDateTime,
    ) -> Result<DrawEvent, DrawStateError> {
        let seats = self.declined();
        if seats.is_empty() {
            return Err(DrawStateError::NothingDeclined);
        }
        let evaluation_from = self.summary.as_ref().expect("requested").evaluation.from;
        if at >= evaluation_from {
            return Err(DrawError::TooLate { evaluation_from }.into());
        }
        Ok(DrawEvent::Redrawn {
            round: self.round + 1,
            seats,
            list_digest: list_digest.clone(),
            sealed_list: sealed_list.clone(),
            at,
        })
    }

    /// The list comes out once the evaluation starts, every seat confirmed, and it is the
    /// list that was committed and drawn.
    fn revealed(
        &self,
        result: &DrawResult,
        at: OffsetDateTime,
    ) -> Result<DrawEvent, DrawStateError> {
        let from = self.summary.as_ref().expect("requested").evaluation.from;
        if at < from {
            return Err(DrawStateError::StillSealed { from });
        }
        let declined = self.declined();
        if !declined.is_empty() {
            return Err(DrawStateError::SeatsDeclined { seats: declined });
        }
        let expected = self.summary.as_ref().expect("requested").experts as usize;
        if Some(&result.digest()) != self.list_digest.as_ref()
            || result.committee().len() != expected
            || Some(&result.commitment) != self.commitment.as_ref().map(|c| &c.commitment)
        {
            return Err(DrawStateError::ListMismatch);
        }
        Ok(DrawEvent::Revealed {
            result: result.clone(),
            at,
        })
    }
}

/// No `DrawCommand` names a file.
impl crate::NamesFiles for DrawCommand {}

impl Aggregate for DrawState {
    type Command = DrawCommand;
    type Event = DrawEvent;
    type Error = DrawStateError;

    fn decide(
        &self,
        command: &DrawCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<DrawEvent>, DrawStateError> {
        let at = ctx.now;
        use DrawPhase::*;
        let event = match command {
            DrawCommand::Request { request } => {
                self.guard("request_draw", ctx, &STAFF, &[None])?;
                request.validate()?;
                DrawEvent::Requested {
                    summary: summary(request),
                    at,
                }
            }
            DrawCommand::Commit { commitment, secret } => {
                self.guard("commit_draw", ctx, &STAFF, &[Some(Requested)])?;
                self.check_time(ctx)?;
                if commitment.eligible == 0 {
                    return Err(DrawStateError::Invalid {
                        field: "commitment",
                        reason: "no eligible expert".into(),
                    });
                }
                DrawEvent::Committed {
                    commitment: commitment.clone(),
                    secret: secret.clone(),
                    at,
                }
            }
            DrawCommand::Draw {
                beacon,
                beacon_tree_size,
                commitment_leaf,
                list_digest,
                sealed_list,
            } => {
                self.guard("draw", ctx, &STAFF, &[Some(Committed)])?;
                self.check_time(ctx)?;
                if beacon_tree_size <= commitment_leaf {
                    return Err(DrawStateError::BeaconNotLater {
                        tree_size: *beacon_tree_size,
                        commitment_leaf: *commitment_leaf,
                    });
                }
                if crate::experts::codec::from_hex(beacon).is_none_or(|b| b.is_empty()) {
                    return Err(DrawStateError::Invalid {
                        field: "beacon",
                        reason: "hex bytes".into(),
                    });
                }
                DrawEvent::Drawn {
                    beacon: beacon.to_ascii_lowercase(),
                    beacon_tree_size: *beacon_tree_size,
                    commitment_leaf: *commitment_leaf,
                    list_digest: list_digest.clone(),
                    sealed_list: sealed_list.clone(),
                    at,
                }
            }
            DrawCommand::Answer {
                seat,
                accept,
                reason,
            } => {
                self.guard("answer_draw", ctx, &ANSWERING, &[Some(Drawn)])?;
                match self.seats.get(*seat as usize) {
                    None => return Err(DrawStateError::UnknownSeat { seat: *seat }),
                    Some(Seat::Pending) => {}
                    Some(_) => return Err(DrawStateError::SeatAnswered { seat: *seat }),
                }
                DrawEvent::Answered {
                    seat: *seat,
                    accept: *accept,
                    reason: if *accept { None } else { reason.clone() },
                    at,
                }
            }
            DrawCommand::Redraw {
                list_digest,
                sealed_list,
            } => {
                self.guard("redraw", ctx, &STAFF, &[Some(Drawn)])?;
                self.redrawn(list_digest, sealed_list, at)?
            }
            DrawCommand::Reveal { result } => {
                self.guard("reveal_draw", ctx, &STAFF, &[Some(Drawn)])?;
                self.revealed(result, at)?
            }
            DrawCommand::Cancel { reason } => {
                self.guard("cancel_draw", ctx, &STAFF, &OPEN)?;
                if reason.trim().is_empty() {
                    return Err(DrawStateError::Invalid {
                        field: "reason",
                        reason: "give a reason".into(),
                    });
                }
                DrawEvent::Cancelled {
                    reason: reason.clone(),
                    at,
                }
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &DrawEvent) {
        match event {
            DrawEvent::Requested { summary, .. } => {
                self.summary = Some(summary.clone());
                self.phase = Some(DrawPhase::Requested);
            }
            DrawEvent::Committed { commitment, .. } => {
                self.commitment = Some(commitment.clone());
                self.phase = Some(DrawPhase::Committed);
            }
            DrawEvent::Drawn { list_digest, .. } => {
                let n = self.summary.as_ref().map_or(0, |s| s.experts);
                self.seats = vec![Seat::Pending; n as usize];
                self.list_digest = Some(list_digest.clone());
                self.phase = Some(DrawPhase::Drawn);
            }
            DrawEvent::Answered { seat, accept, .. } => {
                if let Some(s) = self.seats.get_mut(*seat as usize) {
                    *s = if *accept {
                        Seat::Confirmed
                    } else {
                        Seat::Declined
                    };
                }
            }
            DrawEvent::Redrawn {
                round,
                seats,
                list_digest,
                ..
            } => {
                for &i in seats {
                    if let Some(s) = self.seats.get_mut(i as usize) {
                        *s = Seat::Pending;
                    }
                }
                self.round = *round;
                self.list_digest = Some(list_digest.clone());
            }
            DrawEvent::Revealed { result, .. } => {
                self.revealed = Some(result.clone());
                self.phase = Some(DrawPhase::Revealed);
            }
            DrawEvent::Cancelled { .. } => self.phase = Some(DrawPhase::Cancelled),
        }
    }
}

fn summary(request: &DrawRequest) -> RequestSummary {
    RequestSummary {
        request_digest: crate::experts::eligibility::hash_hex(&request.digest()),
        line: request.line,
        method: request.method,
        committee_size: request.committee_size,
        experts: request.experts(),
        evaluation: request.evaluation,
        off_site: request.off_site(),
    }
}
