//! After the draw: invitations (the expert sees its own seat only), answers, redraws for
//! declines, the committee recorded on the trade, and the reveal when the evaluation starts.

use domain::experts::{
    DrawCommand, DrawPhase, DrawRequest, DrawState, ExpertCommand, ExpertId, Seat, TimeRange,
};
use domain::{Actor, Role, TradeCommand, TradeId};
use serde::Serialize;

use super::draw_stream;
use super::draws::{DrawRecord, DrawView, SeatView, draw_refused, list_scope, refused, staff_only};
use super::judged::{Roster, judge};
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;

/// A seat offered to the signed-in expert.
#[derive(Debug, Clone, Serialize)]
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
    /// Queues an invitation message for each new pick that has a phone.
    pub(crate) async fn invite(
        &self,
        trade: &TradeId,
        request: &DrawRequest,
        picks: &[(u32, ExpertId)],
    ) -> Result<(), AppError> {
        let files = self.expert_files().await?;
        let from = request.evaluation.from.to_offset(legal_time::BEIJING);
        for (seat, id) in picks {
            let Some(phone) = files.files.get(id).and_then(|(f, _)| f.phone.clone()) else {
                continue;
            };
            let text = format!(
                "【Sunbid】您被抽取为 {trade} 的评标专家，评标时间 {}-{:02}-{:02} {:02}:{:02}。请登录平台确认或说明理由拒绝；名单保密，请勿外传。",
                from.year(),
                u8::from(from.month()),
                from.day(),
                from.hour(),
                from.minute()
            );
            self.queue_message(trade, *seat, "draw.invitation", phone, text)
                .await?;
        }
        if self.gateway.is_some() {
            self.deliver_messages().await?;
        }
        Ok(())
    }

    /// The seats offered to the signed-in expert, across trades.
    pub async fn invitations(&self, actor: &Actor) -> Result<Vec<Invitation>, AppError> {
        if actor.role != Role::Expert {
            return Ok(Vec::new());
        }
        let Some((me, _)) = self.file_of_person(&actor.id).await? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for trade in self.draw_trades().await? {
            let r = self.draw_record(&trade).await?;
            if !matches!(
                r.state.phase,
                Some(DrawPhase::Drawn) | Some(DrawPhase::Revealed)
            ) {
                continue;
            }
            let Some(list) = self.draw_list(&trade, &r)? else {
                continue;
            };
            let secret = self.draw_secret(&trade, &r)?;
            // The list names the expert by its pseudonym in this draw.
            let me_here = Roster::new(secret.salt()?, []).pseudonym(&me);
            let title = self
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

    /// The signed-in expert confirms or declines (with a reason) its seat on `trade`.
    pub async fn answer_invitation(
        &self,
        trade: &TradeId,
        accept: bool,
        reason: Option<String>,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<u64, AppError> {
        // Only experts are invited (staff answer a seat on an expert's word: `answer_seat`).
        if actor.role != Role::Expert {
            return Err(refused(domain::experts::DrawStateError::WrongRole {
                action: "answer_invitation",
                role: actor.role,
            }));
        }
        let seat = self
            .invitations(actor)
            .await?
            .into_iter()
            .find(|i| i.trade == trade.as_str() && i.status == Seat::Pending)
            .map(|i| i.seat)
            .ok_or_else(|| AppError::not_found("invitation"))?;
        self.answer_seat(trade, seat, accept, reason, actor, meta)
            .await
    }

    /// Records the answer for `seat` (the expert itself, or staff on the expert's word by
    /// phone). A decline needs a reason; it is sealed (it may name the expert). Returns the
    /// answer's log position.
    pub async fn answer_seat(
        &self,
        trade: &TradeId,
        seat: u32,
        accept: bool,
        reason: Option<String>,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<u64, AppError> {
        let reason = reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        if !accept && reason.is_none() {
            return Err(AppError::rule(
                "draw.decline_reason",
                "a decline needs a reason",
            ));
        }
        if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
            return Err(AppError::rule(
                "draw.reason_too_long",
                "the reason is at most 500 characters",
            ));
        }
        let sealed = match &reason {
            Some(r) if !accept => {
                Some(self.vault_label(&format!("draw-reason:{trade}:{seat}"), r)?)
            }
            _ => None,
        };
        let cmd = DrawCommand::Answer {
            seat,
            accept,
            reason: sealed,
        };
        let (_, appended) = self
            .execute_on::<DrawState>(&draw_stream(trade), &[cmd], actor, meta, refused)
            .await?;
        Ok(appended.first_seq)
    }

    /// Replaces the experts who declined, the same way (docs/DRAW.md §5.3).
    pub async fn redraw(
        &self,
        trade: &TradeId,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<DrawView, AppError> {
        staff_only(actor, "redraw")?;
        self.trade_state(trade).await?;
        let r = self.draw_record(trade).await?;
        if r.secret.is_none() {
            return Err(AppError::not_found("draw"));
        }
        let secret = self.draw_secret(trade, &r)?;
        let previous = self
            .draw_list(trade, &r)?
            .ok_or_else(|| AppError::not_found("draw"))?;
        let committee = previous.committee();
        let declined: Vec<ExpertId> = r
            .state
            .seats
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == Seat::Declined)
            .filter_map(|(i, _)| committee.get(i).map(|p| p.expert.clone()))
            .collect();
        let pool = self.draw_pool(trade, &secret).await?;
        let salt = secret.salt()?;
        let eligibility = judge(&pool, &secret.request, salt.as_ref())?.eligibility;
        let roster = Roster::new(salt, pool.iter().map(|e| &e.id));
        let seed = hex::decode(&secret.seed).map_err(|e| AppError::Corrupt(e.to_string()))?;
        let (beacon, _) = r
            .beacon
            .clone()
            .ok_or_else(|| AppError::Corrupt("no beacon".into()))?;
        let beacon = hex::decode(beacon).map_err(|e| AppError::Corrupt(e.to_string()))?;
        let next = domain::experts::redraw(
            &eligibility,
            &secret.request,
            &seed,
            &beacon,
            &previous,
            &declined,
        )
        .map_err(draw_refused)?;
        let cmd = DrawCommand::Redraw {
            list_digest: next.digest(),
            sealed_list: self.vault_label(&list_scope(trade), &next)?,
        };
        self.execute_on::<DrawState>(&draw_stream(trade), &[cmd], actor, meta, refused)
            .await?;
        let seats: Vec<(u32, ExpertId)> = next
            .committee()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| r.state.seats.get(*i) == Some(&Seat::Declined))
            .filter_map(|(i, p)| Some((i as u32, roster.expert(&p.expert)?)))
            .collect();
        self.invite(trade, &secret.request, &seats).await?;
        self.draw_view(trade, actor).await
    }

    /// Every seat confirmed: the trade records node 4 with the list's digest.
    pub async fn record_committee(
        &self,
        trade: &TradeId,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<crate::Outcome, AppError> {
        staff_only(actor, "record_committee")?;
        self.trade_state(trade).await?;
        let r = self.draw_record(trade).await?;
        let (Some(summary), Some(digest)) = (&r.state.summary, &r.state.list_digest) else {
            return Err(AppError::not_found("draw"));
        };
        if !r.state.confirmed() {
            return Err(AppError::rule(
                "draw.not_confirmed",
                "every drawn expert must confirm before the committee is recorded",
            ));
        }
        let cmd = TradeCommand::RecordExpertDraw {
            committee_size: summary.committee_size,
            experts_commitment: digest.clone(),
        };
        self.execute(trade, cmd, actor, meta).await
    }

    /// Once the evaluation has started: the names come out, and the members are booked.
    pub async fn reveal_draw(&self, trade: &TradeId, actor: &Actor) -> Result<(), AppError> {
        staff_only(actor, "reveal_draw")?;
        self.trade_state(trade).await?;
        let r = self.draw_record(trade).await?;
        if r.state.phase == Some(DrawPhase::Revealed) {
            return Ok(());
        }
        let result = self
            .draw_list(trade, &r)?
            .ok_or_else(|| AppError::not_found("draw"))?;
        let evaluation = r
            .state
            .summary
            .as_ref()
            .map(|s| s.evaluation)
            .ok_or_else(|| AppError::not_found("draw"))?;
        let cmd = DrawCommand::Reveal {
            result: result.clone(),
        };
        self.execute_on::<DrawState>(
            &draw_stream(trade),
            &[cmd],
            actor,
            &Meta::default(),
            refused,
        )
        .await?;
        let roster = self.roster(trade, &r).await?;
        let bookings = result
            .committee()
            .into_iter()
            .filter_map(|pick| {
                let book = ExpertCommand::Book {
                    trade: trade.clone(),
                    range: evaluation,
                };
                Some((roster.expert(&pick.expert)?, book))
            })
            .collect();
        self.execute_experts(bookings, &Actor::platform(), &Meta::default())
            .await?;
        tracing::info!(trade.id = %trade, "expert list revealed");
        Ok(())
    }

    /// Who each pseudonym of `trade`'s draw is, among the pool's experts.
    async fn roster(&self, trade: &TradeId, r: &DrawRecord) -> Result<Roster, AppError> {
        let salt = self.draw_secret(trade, r)?.salt()?;
        Ok(Roster::new(salt, self.expert_files().await?.files.keys()))
    }

    /// The revealed committee; empty before the reveal.
    pub async fn committee(&self, trade: &TradeId) -> Result<Vec<Member>, AppError> {
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
    pub async fn draw_view(&self, trade: &TradeId, actor: &Actor) -> Result<DrawView, AppError> {
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

impl Platform {
    /// The evaluation starts: the list is revealed and the remote evaluation room opened
    /// with the committee (each step skipped if done already).
    pub async fn start_evaluation(
        &self,
        trade: &TradeId,
        actor: &Actor,
        meta: &Meta,
    ) -> Result<(), AppError> {
        self.reveal_draw(trade, actor).await?;
        match self.open_room(trade, actor, meta).await {
            Ok(_) => Ok(()),
            Err(e) if e.code() == "eval_room.already_opened" => Ok(()),
            Err(e) => Err(e),
        }
    }
}
