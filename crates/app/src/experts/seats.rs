//! The committee's seats after the draw: answers (a decline's reason sealed), redraws for
//! declines, the committee recorded on the trade, and the reveal when the evaluation starts.

use domain::experts::{
    DrawCommand, DrawPhase, DrawRequest, DrawState, ExpertCommand, ExpertFile, ExpertId, Seat,
};
use domain::{Actor, TradeCommand, TradeId};

use super::draws::{DrawView, draw_refused, list_scope, refused, staff_only};
use super::judged::{Roster, judge};
use crate::error::AppError;
use crate::pipeline::just;
use crate::platform::Platform;
use crate::stream::Meta;

/// The signed-in expert confirms or declines (with a reason) its seat on `trade`.
pub async fn answer_invitation(
    platform: &Platform,
    trade: &TradeId,
    accept: bool,
    reason: Option<String>,
    actor: &Actor,
    meta: &Meta,
) -> Result<u64, AppError> {
    // Only experts are invited (staff answer a seat on an expert's word: `answer_seat`).
    if actor.role != domain::Role::Expert {
        return Err(refused(domain::experts::DrawStateError::WrongRole {
            action: "answer_invitation",
            role: actor.role,
        }));
    }
    let seat = super::invitations(platform, actor)
        .await?
        .into_iter()
        .find(|i| i.trade == trade.as_str() && i.status == Seat::Pending)
        .map(|i| i.seat)
        .ok_or_else(|| AppError::not_found("invitation"))?;
    crate::experts::answer_seat(platform, trade, seat, accept, reason, actor, meta).await
}

/// Records the answer for `seat` (the expert itself, or staff on the expert's word by
/// phone). A decline needs a reason; it is sealed (it may name the expert). Returns the
/// answer's log position.
pub async fn answer_seat(
    platform: &Platform,
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
            Some(platform.vault_label(&format!("draw-reason:{trade}:{seat}"), r)?)
        }
        _ => None,
    };
    let cmd = DrawCommand::Answer {
        seat,
        accept,
        reason: sealed,
    };
    let done = platform
        .run::<DrawState>(trade, actor, meta, just(cmd))
        .await?;
    Ok(done.first_seq)
}

/// Replaces the experts who declined, the same way (docs/DRAW.md §5.3).
pub async fn redraw(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<DrawView, AppError> {
    staff_only(actor, "redraw")?;
    platform.trade_state(trade).await?;
    let r = platform.draw_record(trade).await?;
    if r.secret.is_none() {
        return Err(AppError::not_found("draw"));
    }
    let secret = platform.draw_secret(trade, &r)?;
    let previous = platform
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
    let pool = platform.draw_pool(trade, &secret).await?;
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
        sealed_list: platform.vault_label(&list_scope(trade), &next)?,
    };
    platform
        .run::<DrawState>(trade, actor, meta, just(cmd))
        .await?;
    let seats: Vec<(u32, ExpertId)> = next
        .committee()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| r.state.seats.get(*i) == Some(&Seat::Declined))
        .filter_map(|(i, p)| Some((i as u32, roster.expert(&p.expert)?)))
        .collect();
    invite(platform, trade, &secret.request, &seats).await?;
    platform.draw_view(trade, actor).await
}

/// Every seat confirmed: the trade records node 4 with the list's digest.
pub async fn record_committee(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<crate::Outcome, AppError> {
    staff_only(actor, "record_committee")?;
    platform.trade_state(trade).await?;
    let r = platform.draw_record(trade).await?;
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
    crate::trades::execute(platform, trade, cmd, actor, meta).await
}

/// Once the evaluation has started: the names come out, and the members are booked.
pub async fn reveal_draw(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<(), AppError> {
    staff_only(actor, "reveal_draw")?;
    platform.trade_state(trade).await?;
    let r = platform.draw_record(trade).await?;
    if r.state.phase == Some(DrawPhase::Revealed) {
        return Ok(());
    }
    let result = platform
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
    platform
        .run::<DrawState>(trade, actor, &Meta::default(), just(cmd))
        .await?;
    let book = ExpertCommand::Book {
        trade: trade.clone(),
        range: evaluation,
    };
    let roster = platform.roster(trade, &r).await?;
    let members: Vec<ExpertId> = result
        .committee()
        .into_iter()
        .filter_map(|pick| roster.expert(&pick.expert))
        .collect();
    let bookings = members.iter().map(|m| (m, book.clone())).collect();
    platform
        .run_all::<ExpertFile>(bookings, &Actor::platform(), &Meta::default())
        .await?;
    tracing::info!(trade.id = %trade, "expert list revealed");
    Ok(())
}

/// The evaluation starts: the list is revealed and the remote evaluation room opened
/// with the committee (each step skipped if done already).
pub async fn start_evaluation(
    platform: &Platform,
    trade: &TradeId,
    actor: &Actor,
    meta: &Meta,
) -> Result<(), AppError> {
    crate::experts::reveal_draw(platform, trade, actor).await?;
    match crate::eval_room::open(platform, trade, actor, meta).await {
        Ok(_) => Ok(()),
        Err(e) if e.code() == "eval_room.already_opened" => Ok(()),
        Err(e) => Err(e),
    }
}

/// Queues an invitation message for each new pick that has a phone.
pub(crate) async fn invite(
    platform: &Platform,
    trade: &TradeId,
    request: &DrawRequest,
    picks: &[(u32, ExpertId)],
) -> Result<(), AppError> {
    let files = platform.expert_files().await?;
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
        platform
            .queue_message(trade, *seat, "draw.invitation", phone, text)
            .await?;
    }
    if platform.gateway.is_some() {
        super::deliver_messages(platform).await?;
    }
    Ok(())
}
