//! A trade's draw, end to end for staff: request → commit (pool snapshot and seed sealed in
//! the vault) → a checkpoint that includes the commitment → the draw with that checkpoint's
//! root as the beacon → the list sealed, the drawn experts invited. Nothing is appended
//! before the pool is known to suffice whatever the randomness (docs/DRAW.md §5).

use std::collections::BTreeMap;

use domain::experts::{
    DrawCommand, DrawEvent, DrawPhase, DrawRequest, DrawResult, DrawState, Eligibility, Expert,
    ExpertId, Principal, Quota, RegionRule, SALT_LEN, Seat, TimeRange,
};
use domain::trade::sealed::SealedLabel;
use domain::{Actor, TradeId, UnifiedSocialCreditCode};
use serde::{Deserialize, Serialize};

use super::draw_stream;
use super::judged::{Roster, judge};
use crate::error::AppError;
use crate::pipeline::{Call, just};
use crate::platform::Platform;
use crate::stream::{Meta, decode};

pub(crate) fn refused(e: domain::experts::DrawStateError) -> AppError {
    AppError::refused(&e)
}

pub(crate) fn draw_refused(e: domain::experts::DrawError) -> AppError {
    AppError::refused(&e)
}

/// Center staff run the draw; said before anything about the trade or its draw.
pub(crate) fn staff_only(actor: &Actor, action: &'static str) -> Result<(), AppError> {
    match actor.role {
        domain::Role::CenterStaff | domain::Role::Platform => Ok(()),
        role => Err(refused(domain::experts::DrawStateError::WrongRole {
            action,
            role,
        })),
    }
}

fn any_region() -> RegionRule {
    RegionRule::Any
}

/// What staff fill in to request a draw; the rest comes from the trade.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DrawInput {
    pub committee_size: u32,
    #[serde(default)]
    pub tenderer_representatives: u32,
    pub quotas: Vec<Quota>,
    #[serde(default = "any_region")]
    pub region_rule: RegionRule,
    pub evaluation: TimeRange,
    /// Where the evaluation sits (an evaluation room, or "remote").
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub complex: bool,
    #[serde(default)]
    pub supervising_orgs: Vec<UnifiedSocialCreditCode>,
    #[serde(default)]
    pub principals: Vec<Principal>,
}

/// What the vault keeps of a draw until the reveal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DrawSecret {
    pub request: DrawRequest,
    pub seed: String,
    /// The sealed pool snapshot (redacted experts as judged) in the blob folder.
    pub pool_blob: String,
    pub place: String,
    /// The salt of the draw's pseudonyms, hex (docs/DRAW.md §7.2); absent in a draw of the
    /// first format, judged on the records themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

/// A draw as its stream holds it, with the sealed parts and the log positions.
#[derive(Debug, Clone, Default)]
pub(crate) struct DrawRecord {
    pub state: DrawState,
    pub version: u64,
    pub secret: Option<SealedLabel>,
    pub list: Option<SealedLabel>,
    pub commitment_leaf: Option<u64>,
    pub beacon: Option<(String, u64)>,
    pub requested_at: Option<time::OffsetDateTime>,
}

/// One seat as anyone allowed to see the draw sees it; the expert only after the reveal.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeatView {
    pub seat: u32,
    pub specialty: String,
    pub status: Seat,
    pub expert: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DrawView {
    pub trade: String,
    pub phase: Option<DrawPhase>,
    pub committee_size: Option<u32>,
    pub experts: Option<u32>,
    pub evaluation: Option<TimeRange>,
    pub off_site: Option<bool>,
    pub pool_size: Option<u32>,
    pub eligible: Option<u32>,
    pub commitment: Option<String>,
    pub seed_sha256: Option<String>,
    pub commitment_leaf: Option<u64>,
    pub beacon: Option<String>,
    pub beacon_tree_size: Option<u64>,
    pub list_digest: Option<String>,
    pub round: u32,
    pub seats: Vec<SeatView>,
    /// The committee is recorded on the trade (node 4).
    pub recorded: bool,
}

fn secret_scope(trade: &TradeId) -> String {
    format!("draw-secret:{trade}")
}

pub(crate) fn list_scope(trade: &TradeId) -> String {
    format!("draw-list:{trade}")
}

pub(crate) fn pool_scope(trade: &TradeId) -> String {
    format!("draw-pool:{trade}")
}

impl Platform {
    pub(crate) async fn draw_record(&self, trade: &TradeId) -> Result<DrawRecord, AppError> {
        let mut r = DrawRecord::default();
        for stored in self.store.load_stream(&draw_stream(trade)).await? {
            let event: DrawEvent = decode(&stored)?;
            match &event {
                DrawEvent::Requested { at, .. } => r.requested_at = Some(*at),
                DrawEvent::Committed { secret, .. } => {
                    r.secret = secret.clone();
                    r.commitment_leaf = Some(stored.seq);
                }
                DrawEvent::Drawn {
                    sealed_list,
                    beacon,
                    beacon_tree_size,
                    ..
                } => {
                    r.list = Some(sealed_list.clone());
                    r.beacon = Some((beacon.clone(), *beacon_tree_size));
                }
                DrawEvent::Redrawn { sealed_list, .. } => r.list = Some(sealed_list.clone()),
                _ => {}
            }
            domain::Aggregate::evolve(&mut r.state, &event);
            r.version = stored.record.version;
        }
        Ok(r)
    }

    pub(crate) fn draw_secret(
        &self,
        trade: &TradeId,
        r: &DrawRecord,
    ) -> Result<DrawSecret, AppError> {
        let label = r
            .secret
            .as_ref()
            .ok_or_else(|| AppError::Corrupt(format!("draw {trade}: no sealed secret")))?;
        self.vault_read(&secret_scope(trade), label)
    }

    pub(crate) fn draw_list(
        &self,
        trade: &TradeId,
        r: &DrawRecord,
    ) -> Result<Option<DrawResult>, AppError> {
        match (&r.state.revealed, &r.list) {
            (Some(result), _) => Ok(Some(result.clone())),
            (None, Some(label)) => Ok(Some(self.vault_read(&list_scope(trade), label)?)),
            (None, None) => Ok(None),
        }
    }

    pub(crate) async fn draw_pool(
        &self,
        trade: &TradeId,
        secret: &DrawSecret,
    ) -> Result<Vec<Expert>, AppError> {
        let sealed = self.blobs.get(&secret.pool_blob)?;
        let json = self.vault_open(&pool_scope(trade), &sealed)?;
        serde_json::from_slice(&json).map_err(|e| AppError::Corrupt(e.to_string()))
    }

    /// Every draw stream's trade.
    pub(crate) async fn draw_trades(&self) -> Result<Vec<TradeId>, AppError> {
        let mut out = std::collections::BTreeSet::new();
        for stored in self.store.load_prefix(super::DRAW_PREFIX).await? {
            let name = &stored.record.stream[super::DRAW_PREFIX.len()..];
            if let Ok(t) = TradeId::parse(name) {
                out.insert(t);
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Experts held by drawn lists not revealed yet (pending or confirmed seats): booked for
    /// those evaluations as far as a new draw is concerned.
    async fn held_by_open_draws(&self) -> Result<BTreeMap<ExpertId, Vec<TimeRange>>, AppError> {
        let mut held: BTreeMap<ExpertId, Vec<TimeRange>> = BTreeMap::new();
        let files = self.expert_files().await?;
        for trade in self.draw_trades().await? {
            let r = self.draw_record(&trade).await?;
            if r.state.phase != Some(DrawPhase::Drawn) {
                continue;
            }
            let (Some(list), Some(summary)) = (self.draw_list(&trade, &r)?, &r.state.summary)
            else {
                continue;
            };
            let roster = Roster::new(self.draw_secret(&trade, &r)?.salt()?, files.files.keys());
            for (seat, pick) in list.committee().into_iter().enumerate() {
                if r.state.seats.get(seat) != Some(&Seat::Declined)
                    && let Some(expert) = roster.expert(&pick.expert)
                {
                    held.entry(expert).or_default().push(summary.evaluation);
                }
            }
        }
        Ok(held)
    }

    fn build_request(
        &self,
        trade: &TradeId,
        state: &domain::TradeState,
        input: &DrawInput,
    ) -> Result<DrawRequest, AppError> {
        let reg = state
            .registration
            .as_ref()
            .ok_or_else(|| AppError::not_found("trade"))?;
        Ok(DrawRequest {
            trade: trade.clone(),
            line: reg.line,
            method: reg.method,
            budget: reg.estimate,
            complex: input.complex,
            committee_size: input.committee_size,
            tenderer_representatives: input.tenderer_representatives,
            quotas: input.quotas.clone(),
            trade_region: reg.region.clone(),
            region_rule: input.region_rule.clone(),
            evaluation: input.evaluation,
            tenderer: reg.tenderer.clone(),
            agency: reg.agency.clone(),
            // Before the opening nobody knows the bidders (they are sealed); after it, the
            // opening record names them.
            bidders: state.round.opened_bidders.clone(),
            principals: input.principals.clone(),
            supervising_orgs: input.supervising_orgs.clone(),
            age_limit: Some(domain::experts::DEFAULT_AGE_LIMIT),
            lookback_years: domain::experts::LOOKBACK_YEARS,
        })
    }
}

/// Requests, commits and draws in one go (resuming a draw left committed).
pub async fn draw(
    platform: &Platform,
    trade: &TradeId,
    input: &DrawInput,
    actor: &Actor,
    meta: &Meta,
) -> Result<DrawView, AppError> {
    staff_only(actor, "draw_experts")?;
    let state = platform.trade_state(trade).await?;
    if state.phase != domain::trade::Phase::Announced {
        return Err(AppError::rule(
            "draw.trade_phase",
            format!(
                "experts are drawn once the announcement is published and before the committee is recorded (the trade is {:?})",
                state.phase
            ),
        ));
    }
    let record = platform.draw_record(trade).await?;
    let (request, seed, eligibility, roster) = match record.state.phase {
        Some(DrawPhase::Cancelled) => {
            return Err(AppError::rule(
                "draw.cancelled",
                "this trade's draw was cancelled",
            ));
        }
        None => commit_draw(platform, trade, &state, input, actor, meta).await?,
        Some(DrawPhase::Committed) => {
            let secret = platform.draw_secret(trade, &record)?;
            let pool = platform.draw_pool(trade, &secret).await?;
            let salt = secret.salt()?;
            let eligibility = judge(&pool, &secret.request, salt.as_ref())?.eligibility;
            let seed = hex::decode(&secret.seed).map_err(|e| AppError::Corrupt(e.to_string()))?;
            let roster = Roster::new(salt, pool.iter().map(|e| &e.id));
            (secret.request, seed, eligibility, roster)
        }
        Some(phase) => {
            return Err(AppError::rule(
                "draw.wrong_phase",
                format!("the draw is already {phase:?}"),
            ));
        }
    };
    let record = platform.draw_record(trade).await?;
    let leaf = record
        .commitment_leaf
        .ok_or_else(|| AppError::Corrupt("no commitment leaf".into()))?;
    // The beacon: the root of a signed checkpoint that includes the commitment.
    let checkpoint = platform.checkpoint().await?;
    debug_assert!(checkpoint.size > leaf);
    let beacon = checkpoint.root.0;
    let result =
        domain::experts::draw(&eligibility, &request, &seed, &beacon).map_err(draw_refused)?;
    let command = DrawCommand::Draw {
        beacon: hex::encode(beacon),
        beacon_tree_size: checkpoint.size,
        commitment_leaf: leaf,
        list_digest: result.digest(),
        sealed_list: platform.vault_label(&list_scope(trade), &result)?,
    };
    platform
        .run::<DrawState>(trade, actor, &Meta::default(), just(command))
        .await?;
    tracing::info!(trade.id = %trade, experts = request.experts(), "experts drawn");
    let picks: Vec<(u32, ExpertId)> = result
        .committee()
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i as u32, roster.expert(&p.expert)?)))
        .collect();
    super::seats::invite(platform, trade, &request, &picks).await?;
    platform.draw_view(trade, actor).await
}

/// A new draw up to its commitment: the request, the pool judged on its pseudonyms (with a
/// fresh seed and salt), a dry draw (nothing is logged if the pool cannot suffice), the
/// secret sealed in the vault, then `Request` and `Commit` in one append (the sealed pool
/// snapshot stored once they are accepted).
async fn commit_draw(
    platform: &Platform,
    trade: &TradeId,
    state: &domain::TradeState,
    input: &DrawInput,
    actor: &Actor,
    meta: &Meta,
) -> Result<(DrawRequest, Vec<u8>, Eligibility, Roster), AppError> {
    let request = platform.build_request(trade, state, input)?;
    request.validate().map_err(|e| draw_refused(e.into()))?;
    let mut pool = platform.effective_pool().await?;
    let held = platform.held_by_open_draws().await?;
    for e in &mut pool {
        if let Some(ranges) = held.get(&e.id) {
            e.bookings.extend(ranges.iter().copied());
        }
    }
    let mut seed = [0u8; 32];
    let mut salt = [0u8; SALT_LEN];
    for bytes in [&mut seed, &mut salt] {
        getrandom::fill(bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    }
    let eligibility = judge(&pool, &request, Some(&salt))?.eligibility;
    // Whether the pool suffices never depends on the randomness: try it with a zero beacon
    // before anything is logged.
    domain::experts::draw(&eligibility, &request, &seed, &[0u8; 32]).map_err(draw_refused)?;
    let commitment = domain::experts::commit(&eligibility, &seed).map_err(draw_refused)?;
    let snapshot: Vec<Expert> = pool.iter().map(Expert::redacted).collect();
    let json = serde_json::to_vec(&snapshot).map_err(|e| AppError::Invalid(e.to_string()))?;
    let sealed_pool = platform.vault_seal(&pool_scope(trade), &json)?;
    let secret = DrawSecret {
        request: request.clone(),
        seed: hex::encode(seed),
        pool_blob: crate::blobs::sha256_hex(&sealed_pool),
        place: input.place.clone(),
        salt: Some(hex::encode(salt)),
    };
    let secret = platform.vault_label(&secret_scope(trade), &secret)?;
    let commands = [
        DrawCommand::Request {
            request: request.clone(),
        },
        DrawCommand::Commit {
            commitment,
            secret: Some(secret),
        },
    ];
    let call = Call {
        files: &[&sealed_pool],
        ..Call::new(actor, meta)
    };
    platform
        .run_call::<DrawState>(trade, call, move |_| Ok(commands.to_vec()))
        .await?;
    let roster = Roster::new(Some(salt), pool.iter().map(|e| &e.id));
    Ok((request, seed.to_vec(), eligibility, roster))
}
