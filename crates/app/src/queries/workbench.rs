//! The workbench: what waits for the signed-in person, by role, as typed rows. Each trade
//! row carries the actions the access matrix lets the caller take on it now, so the page
//! shows a form exactly where the domain would accept the command.
use domain::access::{Action, Relation, authorize, relation_to_summary};
use domain::trade::Phase;
use domain::venue::{RoomBooking, RoomPurpose};
use domain::{Actor, Role, TradeId, TradeSummary};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

use super::{OverdueRow, PublicFilter, Queue};
use crate::error::AppError;
use crate::experts::Invitation;
use crate::platform::Platform;

/// A trade and what the caller may do to it from this list.
#[derive(Debug, Clone)]
pub struct WorkRow {
    pub trade: TradeSummary,
    /// Among the actions this list offers, those the access matrix allows now.
    pub may: Vec<Action>,
}

impl WorkRow {
    pub fn id(&self) -> String {
        self.trade
            .id
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    pub fn may(&self, action: Action) -> bool {
        self.may.contains(&action)
    }
}

/// A deferred document (容缺) still to come.
#[derive(Debug, Clone)]
pub struct DeferredRow {
    pub trade: TradeSummary,
    pub document: String,
    pub due: Date,
    pub overdue: bool,
}

/// A question on the documents waiting for the party's answer (the asker is sealed).
#[derive(Debug, Clone)]
pub struct QuestionRow {
    pub row: WorkRow,
    pub number: u32,
    pub text: String,
}

/// A room booked from now on.
#[derive(Debug, Clone)]
pub struct Booking {
    pub room: String,
    pub trade: TradeId,
    pub purpose: RoomPurpose,
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
}

/// A staff post the caller holds (as A or B), and who is away now.
#[derive(Debug, Clone)]
pub struct PostRow {
    pub post: String,
    pub primary: String,
    pub backup: String,
    pub primary_away: bool,
    pub i_am_away: bool,
}

/// The workbench of one person.
#[derive(Debug, Clone)]
pub struct Workbench {
    /// The person may register a project (a tenderer or an agency: the matrix's row).
    pub may_register: bool,
    /// The person may see the expert pool (center staff, supervisors).
    pub may_see_pool: bool,
    /// The person has an expert file of its own.
    pub expert: bool,
    /// The staff posts the person holds.
    pub posts: Vec<PostRow>,
    pub desk: Desk,
}

/// What waits for the caller, by role.
#[derive(Debug, Clone)]
pub enum Desk {
    /// Center staff: the queues of nodes 1 and 2, overdue refunds, deferred documents, the
    /// venue calendar.
    Staff {
        acceptance: Vec<WorkRow>,
        venue: Vec<WorkRow>,
        overdue: Vec<OverdueRow>,
        deferred: Vec<DeferredRow>,
        calendar: Vec<Booking>,
    },
    /// A tenderer or an agency: questions to answer and its own trades.
    Party {
        questions: Vec<QuestionRow>,
        mine: Vec<WorkRow>,
    },
    /// A bidder: trades taking bids, and the trades whose opening record names it (a sealed
    /// bid names nobody before).
    Bidder {
        open: Vec<WorkRow>,
        mine: Vec<WorkRow>,
    },
    /// Supervisors, experts and others: every trade (and an expert's invitations).
    Watch {
        invitations: Option<Vec<Invitation>>,
        trades: Vec<WorkRow>,
    },
}

/// Who the caller is to a row's trade decides the actions, judged in the trade's phase.
fn row(actor: &Actor, trade: TradeSummary, offered: &[Action]) -> WorkRow {
    let relation = relation_to_summary(actor, &trade);
    let may = offered
        .iter()
        .copied()
        .filter(|a| authorize(actor.role, *a, Some(trade.phase), relation).is_ok())
        .collect();
    WorkRow { trade, may }
}

fn rows(actor: &Actor, trades: Vec<TradeSummary>, offered: &[Action]) -> Vec<WorkRow> {
    trades.into_iter().map(|t| row(actor, t, offered)).collect()
}

/// The workbench of `actor`.
pub async fn workbench(p: &Platform, actor: &Actor) -> Result<Workbench, AppError> {
    let may = |action, phase| authorize(actor.role, action, phase, Relation::None).is_ok();
    Ok(Workbench {
        may_register: may(Action::Register, Some(Phase::Unregistered)),
        may_see_pool: matches!(actor.role, Role::CenterStaff | Role::Supervisor),
        expert: actor.role == Role::Expert,
        posts: posts(p, actor, p.clock.now()).await?,
        desk: desk(p, actor).await?,
    })
}

async fn desk(p: &Platform, actor: &Actor) -> Result<Desk, AppError> {
    let all = super::summaries(p).await?;
    Ok(match actor.role {
        Role::CenterStaff => staff(p, actor, &all).await?,
        Role::Agency | Role::Tenderer => party(p, actor, all).await?,
        Role::Bidder => {
            let open = super::public_trades(
                p,
                &PublicFilter {
                    status: Some("open".into()),
                    ..Default::default()
                },
            )
            .await?;
            let org = actor.org.as_deref().unwrap_or_default();
            let mine = all
                .into_iter()
                .filter(|s| s.opened_bidders.iter().any(|b| b.as_str() == org))
                .collect();
            Desk::Bidder {
                open: rows(actor, open, &[Action::ObtainDocuments, Action::AskQuestion]),
                mine: rows(actor, mine, &[]),
            }
        }
        _ => Desk::Watch {
            invitations: match actor.role {
                Role::Expert => Some(super::invitations(p, actor).await?),
                _ => None,
            },
            trades: rows(actor, all, &[]),
        },
    })
}

async fn staff(p: &Platform, actor: &Actor, all: &[TradeSummary]) -> Result<Desk, AppError> {
    let now = p.clock.now();
    let today = legal_time::beijing_date(now);
    let mut deferred: Vec<DeferredRow> = all
        .iter()
        .flat_map(|s| {
            s.deferred_documents
                .iter()
                .filter(|d| d.submitted_at.is_none())
                .map(|d| DeferredRow {
                    trade: s.clone(),
                    document: d.name.clone(),
                    due: d.due,
                    overdue: d.is_overdue(today),
                })
        })
        .collect();
    deferred.sort_by_key(|d| d.due);
    Ok(Desk::Staff {
        acceptance: rows(
            actor,
            super::queue(p, Queue::Acceptance).await?,
            &[Action::Accept],
        ),
        venue: rows(
            actor,
            super::queue(p, Queue::Venue).await?,
            &[Action::BookVenue],
        ),
        overdue: super::overdue_refunds(p, actor).await?,
        deferred,
        calendar: calendar(p, now).await?,
    })
}

async fn party(p: &Platform, actor: &Actor, all: Vec<TradeSummary>) -> Result<Desk, AppError> {
    let org = actor.org.as_deref().unwrap_or_default();
    let mine: Vec<TradeSummary> = all
        .into_iter()
        .filter(|s| {
            s.agency.as_ref().is_some_and(|a| a.as_str() == org)
                || s.tenderer.as_ref().is_some_and(|a| a.as_str() == org)
        })
        .collect();
    let mut questions = Vec::new();
    for s in &mine {
        let Some(id) = s.id.as_ref() else { continue };
        let state = p.trade_state(id).await?;
        for q in state.round.questions.iter().filter(|q| q.answer.is_none()) {
            questions.push(QuestionRow {
                row: row(actor, s.clone(), &[Action::AnswerQuestion]),
                number: q.number,
                text: q.text.clone(),
            });
        }
    }
    Ok(Desk::Party {
        questions,
        mine: rows(
            actor,
            mine,
            &[Action::UploadTenderDocuments, Action::PublishAnnouncement],
        ),
    })
}

/// What the room projection holds.
#[derive(Deserialize)]
struct RoomDoc {
    room: String,
    bookings: Vec<RoomBooking>,
}

/// Every booking that has not ended by `now`, by start time.
pub async fn calendar(p: &Platform, now: OffsetDateTime) -> Result<Vec<Booking>, AppError> {
    let mut out = Vec::new();
    for stored in p.store.projections("room").await? {
        let doc: RoomDoc = serde_json::from_value(stored.doc)
            .map_err(|e| AppError::Corrupt(format!("projection room/{}: {e}", stored.key)))?;
        out.extend(
            doc.bookings
                .into_iter()
                .filter(|b| b.to >= now)
                .map(|b| Booking {
                    room: doc.room.clone(),
                    trade: b.trade,
                    purpose: b.purpose,
                    from: b.from,
                    to: b.to,
                }),
        );
    }
    out.sort_by_key(|b| b.from);
    Ok(out)
}

/// The posts `actor` holds as A or B; a holder is away while a mark without end, or with an
/// end still ahead, stands.
async fn posts(p: &Platform, actor: &Actor, now: OffsetDateTime) -> Result<Vec<PostRow>, AppError> {
    let me = actor.id.as_str();
    let away = |post: &crate::PostView, who: &str| {
        post.away
            .iter()
            .any(|m| m.person == who && m.until.is_none_or(|u| u > now))
    };
    Ok(p.posts()
        .await?
        .iter()
        .filter(|post| post.primary.as_deref() == Some(me) || post.backup.as_deref() == Some(me))
        .map(|post| {
            let primary = post.primary.clone().unwrap_or_default();
            PostRow {
                post: post.post.clone(),
                primary_away: away(post, &primary),
                i_am_away: away(post, me),
                primary,
                backup: post.backup.clone().unwrap_or_default(),
            }
        })
        .collect())
}
