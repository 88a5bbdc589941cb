//! The expert pool and draws as people read them: an expert's invitations and own file,
//! the pool's summaries for staff, the messages sent about a trade.
use domain::experts::{CreditPolicy, DrawPhase, Expert, ExpertFile, Rating, Seat};
use domain::outbox::Status;
use domain::{Actor, Role, TradeId};
use serde::Serialize;

use super::{ExpertSummary, Invitation, MessageView};
use crate::error::AppError;
use crate::platform::Platform;

/// The seats offered to the signed-in expert, across trades.
pub async fn invitations(p: &Platform, actor: &Actor) -> Result<Vec<Invitation>, AppError> {
    if actor.role != Role::Expert {
        return Ok(Vec::new());
    }
    let Some((me, _)) = p.file_of_person(&actor.id).await? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for trade in p.draw_trades().await? {
        let r = p.draw_record(&trade).await?;
        if !matches!(
            r.state.phase,
            Some(DrawPhase::Drawn) | Some(DrawPhase::Revealed)
        ) {
            continue;
        }
        let Some(list) = p.draw_list(&trade, &r)? else {
            continue;
        };
        let secret = p.draw_secret(&trade, &r)?;
        // The list names the expert by its pseudonym in this draw.
        let me_here = super::judged::Roster::new(secret.salt()?, []).pseudonym(&me);
        let title = p
            .public_trade(&trade)
            .await?
            .state
            .registration
            .map(|g| g.title)
            .unwrap_or_default();
        for (seat, pick) in list.committee().into_iter().enumerate() {
            if pick.expert == me_here {
                out.push(Invitation {
                    trade: trade.to_string(),
                    title: title.clone(),
                    seat: seat as u32,
                    specialty: pick.specialty.as_str().to_owned(),
                    evaluation: secret.request.evaluation,
                    place: secret.place.clone(),
                    status: r.state.seats.get(seat).copied().unwrap_or(Seat::Pending),
                    revealed: r.state.phase == Some(DrawPhase::Revealed),
                });
            }
        }
    }
    Ok(out)
}

pub async fn expert_summaries(p: &Platform, actor: &Actor) -> Result<Vec<ExpertSummary>, AppError> {
    if !matches!(actor.role, Role::CenterStaff | Role::Supervisor) {
        return Err(AppError::refusal(
            domain::Refusal::forbidden("expert.wrong_role"),
            "the expert pool is for center staff and supervisors",
        ));
    }
    let today = legal_time::beijing_date(p.clock.now());
    let policy = CreditPolicy::default();
    Ok(p.expert_files()
        .await?
        .files
        .values()
        .filter_map(|(f, _)| {
            let e = f.effective(today, &policy)?;
            Some(ExpertSummary {
                id: e.id.as_str().to_owned(),
                name: e.name.clone(),
                region: e.region.as_str().to_owned(),
                specialties: e
                    .specialties
                    .iter()
                    .map(|s| s.as_str().to_owned())
                    .collect(),
                credit: e.credit,
                active: e.active,
                conduct: e.conduct.len(),
                ratings: f.ratings.len(),
                person: f.person.clone(),
            })
        })
        .collect())
}

/// What the API shows an expert of its own file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OwnFile {
    pub expert: Option<Expert>,
    pub phone: Option<String>,
    pub ratings: Vec<Rating>,
}

impl From<ExpertFile> for OwnFile {
    fn from(f: ExpertFile) -> OwnFile {
        OwnFile {
            expert: f.expert,
            phone: f.phone,
            ratings: f.ratings,
        }
    }
}

/// The signed-in expert's own file (profile and declarations).
pub async fn my_expert_file(p: &Platform, actor: &Actor) -> Result<ExpertFile, AppError> {
    if actor.role != Role::Expert {
        return Err(AppError::not_found("expert file"));
    }
    p.file_of_person(&actor.id)
        .await?
        .map(|(_, f)| f)
        .ok_or_else(|| AppError::not_found("expert file"))
}

/// Who may read a draw's messages and their delivery: center staff and supervisors.
fn sees_messages(role: Role) -> bool {
    matches!(role, Role::CenterStaff | Role::Supervisor)
}

/// The messages of `trade`, for center staff and supervisors (`draw.wrong_role` for others).
pub async fn trade_messages(
    p: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<Vec<MessageView>, AppError> {
    if !sees_messages(actor.role) {
        return Err(AppError::refusal(
            domain::Refusal::forbidden("draw.wrong_role"),
            "the messages of a draw are for center staff and supervisors",
        ));
    }
    Ok(p.messages()
        .await?
        .into_iter()
        .filter_map(|(id, m)| {
            let (channel, purpose, t, seat, _, _) = m.queued.clone()?;
            (t.as_ref() == Some(trade)).then(|| MessageView {
                id,
                channel,
                purpose,
                trade: trade.to_string(),
                seat: seat.unwrap_or_default(),
                status: m.status.unwrap_or(Status::Queued),
                attempts: m.attempts,
                detail: m.last_detail.clone(),
            })
        })
        .collect())
}

/// What the reader may do on the draw page.
#[derive(Debug, Clone, Default)]
pub struct DrawYou {
    /// Request the draw (staff, before any request).
    pub request: bool,
    /// Run the steps after it: redraw, committee, reveal (staff; each step's rule decides when).
    pub steps: bool,
    /// Rate a member once the list is revealed (the tenderer, the agency, a fellow member;
    /// the rating itself checks who and when).
    pub rate: bool,
}

/// The draw page: the draw as the reader may see it, the messages for those who may read
/// them, the evaluation slot to default the request form to, and what the reader may do.
#[derive(Debug, Clone)]
pub struct DrawDesk {
    pub title: String,
    pub view: super::DrawView,
    pub messages: Vec<MessageView>,
    /// The booked evaluation slot, or a guess after the deadline.
    pub slot: (time::OffsetDateTime, time::OffsetDateTime),
    pub you: DrawYou,
}

pub async fn draw_desk(p: &Platform, trade: &TradeId, actor: &Actor) -> Result<DrawDesk, AppError> {
    let state = crate::bidding::announced_state(p, trade).await?;
    let view = p.draw_view(trade, actor).await?;
    let messages = if sees_messages(actor.role) {
        trade_messages(p, trade, actor).await?
    } else {
        Vec::new()
    };
    let slot = match &state.round.venue {
        Some(v) => (v.evaluation_from, v.evaluation_to),
        None => {
            let day = state.round.bid_deadline.unwrap_or_else(|| p.clock.now());
            (
                day + time::Duration::hours(1),
                day + time::Duration::hours(5),
            )
        }
    };
    let draw = p.draw_record(trade).await?.state;
    let revealed = view.phase == Some(DrawPhase::Revealed);
    Ok(DrawDesk {
        title: crate::bidding::title(&state),
        you: DrawYou {
            request: draw.may_request(actor.role),
            steps: domain::experts::DrawState::runs_steps(actor.role),
            rate: revealed && matches!(actor.role, Role::Tenderer | Role::Agency | Role::Expert),
        },
        view,
        messages,
        slot,
    })
}
