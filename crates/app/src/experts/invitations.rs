//! After the draw: invitations (the expert sees its own seat only), answers, redraws for
//! declines, the committee recorded on the trade, and the reveal when the evaluation starts.

use domain::experts::{ExpertId, Seat, TimeRange};
use domain::{Actor, TradeId};
use serde::Serialize;

use super::draws::{DrawRecord, DrawView, SeatView};
use super::judged::Roster;
use crate::error::AppError;
use crate::platform::Platform;

/// A seat offered to the signed-in expert.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Invitation {
    pub trade: String,
    pub title: String,
    pub seat: u32,
    pub specialty: String,
    pub evaluation: TimeRange,
    pub place: String,
    pub status: Seat,
    pub revealed: bool,
}

/// A member of a revealed committee.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub seat: u32,
    pub expert: ExpertId,
    pub name: String,
    pub specialty: String,
    pub person: Option<String>,
}

impl Platform {
    /// Who each pseudonym of `trade`'s draw is, among the pool's experts.
    pub(crate) async fn roster(&self, trade: &TradeId, r: &DrawRecord) -> Result<Roster, AppError> {
        let salt = self.draw_secret(trade, r)?.salt()?;
        Ok(Roster::new(salt, self.expert_files().await?.files.keys()))
    }

    /// The revealed committee; empty before the reveal.
    pub(crate) async fn committee(&self, trade: &TradeId) -> Result<Vec<Member>, AppError> {
        let r = self.draw_record(trade).await?;
        let Some(result) = &r.state.revealed else {
            return Ok(Vec::new());
        };
        let files = self.expert_files().await?;
        let roster = Roster::new(self.draw_secret(trade, &r)?.salt()?, files.files.keys());
        Ok(result
            .committee()
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let expert = roster.expert(&p.expert).unwrap_or_else(|| p.expert.clone());
                let file = files.files.get(&expert).map(|(f, _)| f);
                Member {
                    seat: i as u32,
                    expert,
                    name: file
                        .and_then(|f| f.expert.as_ref())
                        .map(|e| e.name.clone())
                        .unwrap_or_default(),
                    specialty: p.specialty.as_str().to_owned(),
                    person: file.and_then(|f| f.person.clone()),
                }
            })
            .collect())
    }

    /// The draw of `trade` as `actor` may see it: names only after the reveal, and then only
    /// for staff, supervisors, the trade's parties and the committee.
    pub(crate) async fn draw_view(
        &self,
        trade: &TradeId,
        actor: &Actor,
    ) -> Result<DrawView, AppError> {
        let r = self.draw_record(trade).await?;
        let trade_state = self.public_trade(trade).await?.state;
        let s = &r.state;
        let committee = self.committee(trade).await?;
        // Names are confidential until the result (招标投标法 第37条; 财政部令第87号 第69条):
        // the domain says who knows them before.
        let member = committee
            .iter()
            .any(|m| m.person.as_deref() == Some(actor.id.as_str()));
        let sees_names = !committee.is_empty()
            && domain::access::sees_committee_names(actor.role, member, &trade_state);
        // Seat specialties come from the list; the list is the platform's until the reveal,
        // but which quota a seat fills is in the request's quotas (no name).
        let specialties: Vec<String> = match (&s.revealed, &r.list) {
            (Some(res), _) => res
                .committee()
                .iter()
                .map(|p| p.specialty.as_str().to_owned())
                .collect(),
            (None, Some(_)) => self
                .draw_list(trade, &r)?
                .map(|res| {
                    res.committee()
                        .iter()
                        .map(|p| p.specialty.as_str().to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let seats = s
            .seats
            .iter()
            .enumerate()
            .map(|(i, st)| {
                let m = committee.get(i).filter(|_| sees_names);
                SeatView {
                    seat: i as u32,
                    specialty: specialties.get(i).cloned().unwrap_or_default(),
                    status: *st,
                    expert: m.map(|m| m.expert.as_str().to_owned()),
                    name: m.map(|m| m.name.clone()),
                }
            })
            .collect();
        Ok(DrawView {
            trade: trade.to_string(),
            phase: s.phase,
            committee_size: s.summary.as_ref().map(|x| x.committee_size),
            experts: s.summary.as_ref().map(|x| x.experts),
            evaluation: s.summary.as_ref().map(|x| x.evaluation),
            off_site: s.summary.as_ref().map(|x| x.off_site),
            pool_size: s.commitment.as_ref().map(|c| c.pool_size),
            eligible: s.commitment.as_ref().map(|c| c.eligible),
            commitment: s.commitment.as_ref().map(|c| c.commitment.to_string()),
            seed_sha256: s.commitment.as_ref().map(|c| c.seed_sha256.to_string()),
            commitment_leaf: r.commitment_leaf,
            beacon: r.beacon.as_ref().map(|b| b.0.clone()),
            beacon_tree_size: r.beacon.as_ref().map(|b| b.1),
            list_digest: s.list_digest.as_ref().map(|d| d.to_string()),
            round: s.round,
            seats,
            recorded: trade_state.round.draw.is_some(),
        })
    }
}

impl Platform {
    /// The revealed committee as the evaluation room needs it: (person, kind, seat) for every
    /// member with a sign-in account. Refused before the reveal.
    pub(crate) async fn committee_persons(
        &self,
        trade: &TradeId,
    ) -> Result<Vec<(String, domain::eval_room::MemberKind, u32)>, AppError> {
        let committee = self.committee(trade).await?;
        if committee.is_empty() {
            return Err(AppError::rule(
                "draw.still_sealed",
                "the committee is known once the list is revealed at the evaluation's start",
            ));
        }
        Ok(committee
            .into_iter()
            .filter_map(|m| {
                m.person
                    .map(|p| (p, domain::eval_room::MemberKind::Expert, m.seat))
            })
            .collect())
    }
}
