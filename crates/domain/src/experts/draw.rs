//! The commitment, the draw and the redraws (docs/DRAW.md §4–§6). Pure and deterministic:
//! the same eligibility, request, seed and beacon always give the same committee.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::experts::codec::{Encoder, from_hex, sha256};
use crate::experts::eligibility::{Candidate, Eligibility, hash_hex};
use crate::experts::error::DrawError;
use crate::experts::pool::{ExpertId, SpecialtyCode};
use crate::experts::request::DrawRequest;
use crate::experts::select::{ChaChaWords, pick};
use crate::methods::BusinessLine;
use crate::values::Sha256Hex;

/// The seed is exactly this long (a fresh secret per draw, from the OS's CSPRNG).
pub const SEED_LEN: usize = 32;

/// What the log records before the beacon exists: the commitment and the seed's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    pub commitment: Sha256Hex,
    pub seed_sha256: Sha256Hex,
    /// Experts considered and experts eligible (counts only: the list stays sealed).
    pub pool_size: u32,
    pub eligible: u32,
}

/// One drawn expert and the quota it fills.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Pick {
    pub specialty: SpecialtyCode,
    pub expert: ExpertId,
}

/// Round 0 is the draw; round r ≥ 1 replaces the experts that declined (`declined`, sorted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DrawRound {
    pub round: u32,
    pub declined: Vec<ExpertId>,
    pub picks: Vec<Pick>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DrawResult {
    pub commitment: Sha256Hex,
    /// SHA-256(seed ‖ beacon): the ChaCha20 key.
    pub randomness: Sha256Hex,
    pub rounds: Vec<DrawRound>,
}

impl DrawResult {
    /// Everyone ever drawn, declined or not.
    pub fn drawn(&self) -> BTreeSet<&ExpertId> {
        self.rounds
            .iter()
            .flat_map(|r| r.picks.iter().map(|p| &p.expert))
            .collect()
    }

    /// The committee now, by seat: seats 0.. are the picks of round 0 in order; a redraw
    /// fills the seats of the experts who declined, quota by quota in code order, the lowest
    /// free seat of the quota first, with that quota's picks in order.
    pub fn committee(&self) -> Vec<&Pick> {
        let Some(first) = self.rounds.first() else {
            return Vec::new();
        };
        let mut seats: Vec<&Pick> = first.picks.iter().collect();
        for round in &self.rounds[1..] {
            let mut free: Vec<usize> = (0..seats.len())
                .filter(|&i| round.declined.contains(&seats[i].expert))
                .collect();
            for p in &round.picks {
                if let Some(pos) = free.iter().position(|&i| seats[i].specialty == p.specialty) {
                    seats[free.remove(pos)] = p;
                }
            }
        }
        seats
    }

    /// SHA-256 of the result's canonical encoding (docs/DRAW.md §6): what the log records
    /// of the sealed list, and what the trade's node 4 records as `experts_commitment`.
    pub fn digest(&self) -> Sha256Hex {
        let mut e = Encoder::tagged("sunbid.draw.v1.result");
        e.raw(&hex32(&self.commitment))
            .raw(&hex32(&self.randomness))
            .list(&self.rounds, |e, r| {
                e.u32(r.round)
                    .list(&r.declined, |e, d| {
                        e.str(d.as_str());
                    })
                    .list(&r.picks, |e, p| {
                        e.str(p.specialty.as_str()).str(p.expert.as_str());
                    });
            });
        hash_hex(&e.sha256())
    }
}

fn seed_bytes(seed: &[u8]) -> Result<&[u8; SEED_LEN], DrawError> {
    seed.try_into()
        .map_err(|_| DrawError::BadSeed { len: seed.len() })
}

/// The commitment over the pool as judged for the request and over SHA-256(seed)
/// (docs/DRAW.md §4):
/// `SHA-256(str("sunbid.draw.v1.commitment") ‖ request digest ‖ list(pool: str(id) ‖
/// attributes hash ‖ u8(eligible)) ‖ SHA-256(seed))`, the pool sorted by id.
pub fn commitment_hash(eligibility: &Eligibility, seed_sha256: &[u8; 32]) -> [u8; 32] {
    let mut e = Encoder::tagged("sunbid.draw.v1.commitment");
    e.raw(&hex32(&eligibility.request_digest))
        .list(&eligibility.pool, |e, p| {
            e.str(p.id.as_str())
                .raw(&hex32(&p.attributes_hash))
                .u8(u8::from(p.eligible));
        })
        .raw(seed_sha256);
    e.sha256()
}

pub(crate) fn hex32(h: &Sha256Hex) -> [u8; 32] {
    from_hex(h.as_str())
        .and_then(|v| v.try_into().ok())
        .expect("Sha256Hex holds 64 hex characters")
}

/// Commits to the judged pool and the seed, before the beacon is known.
pub fn commit(eligibility: &Eligibility, seed: &[u8]) -> Result<Commitment, DrawError> {
    let seed_sha256 = sha256(seed_bytes(seed)?);
    Ok(Commitment {
        commitment: hash_hex(&commitment_hash(eligibility, &seed_sha256)),
        seed_sha256: hash_hex(&seed_sha256),
        pool_size: eligibility.pool.len() as u32,
        eligible: eligibility.eligible.len() as u32,
    })
}

/// SHA-256(seed ‖ beacon): the key of the ChaCha20 stream.
pub fn randomness(seed: &[u8], beacon: &[u8]) -> Result<[u8; 32], DrawError> {
    let mut input = seed_bytes(seed)?.to_vec();
    input.extend_from_slice(beacon);
    Ok(sha256(&input))
}

fn check_fresh(eligibility: &Eligibility, request: &DrawRequest) -> Result<(), DrawError> {
    request.validate()?;
    if hex32(&eligibility.request_digest) != request.digest() {
        return Err(DrawError::StaleEligibility);
    }
    Ok(())
}

/// Draws the committee's experts: the quotas in code order, each from the eligible experts
/// serving it that are not drawn yet, sorted by id, with stream 0. Either every quota is
/// filled or nothing is drawn: a quota that could run short whatever the randomness is
/// refused before any is used ([`DrawError::TooFewEligible`]).
pub fn draw(
    eligibility: &Eligibility,
    request: &DrawRequest,
    seed: &[u8],
    beacon: &[u8],
) -> Result<DrawResult, DrawError> {
    check_fresh(eligibility, request)?;
    let key = randomness(seed, beacon)?;
    let needs: Vec<(SpecialtyCode, u32)> = request
        .sorted_quotas()
        .into_iter()
        .map(|q| (q.specialty, q.count))
        .collect();
    let picks = run_round(eligibility, request.line, &needs, &BTreeSet::new(), key, 0)?;
    let seed_sha256 = sha256(seed);
    Ok(DrawResult {
        commitment: hash_hex(&commitment_hash(eligibility, &seed_sha256)),
        randomness: hash_hex(&key),
        rounds: vec![DrawRound {
            round: 0,
            declined: Vec::new(),
            picks,
        }],
    })
}

/// Replaces the experts in `declined` (members of the committee so far): for each quota in
/// code order, as many as declined from it, drawn as in [`draw`] from the eligible experts
/// never drawn before, with stream r (the round's number). Returns the result with the new
/// round appended.
pub fn redraw(
    eligibility: &Eligibility,
    request: &DrawRequest,
    seed: &[u8],
    beacon: &[u8],
    previous: &DrawResult,
    declined: &[ExpertId],
) -> Result<DrawResult, DrawError> {
    check_fresh(eligibility, request)?;
    let key = randomness(seed, beacon)?;
    if hash_hex(&key) != previous.randomness
        || hash_hex(&commitment_hash(eligibility, &sha256(seed))) != previous.commitment
    {
        return Err(DrawError::StaleEligibility);
    }
    let declined: BTreeSet<&ExpertId> = declined.iter().collect();
    if declined.is_empty() {
        return Err(DrawError::NothingDeclined);
    }
    let committee = previous.committee();
    let mut needs: Vec<(SpecialtyCode, u32)> = Vec::new();
    for id in &declined {
        let Some(p) = committee.iter().find(|p| &&p.expert == id) else {
            return Err(DrawError::NotAMember {
                expert: (*id).clone(),
            });
        };
        match needs.iter_mut().find(|(s, _)| s == &p.specialty) {
            Some((_, n)) => *n += 1,
            None => needs.push((p.specialty.clone(), 1)),
        }
    }
    needs.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    let round = previous.rounds.len() as u32;
    let taken: BTreeSet<ExpertId> = previous.drawn().into_iter().cloned().collect();
    let picks = run_round(eligibility, request.line, &needs, &taken, key, round)?;
    let mut next = previous.clone();
    next.rounds.push(DrawRound {
        round,
        declined: declined.into_iter().cloned().collect(),
        picks,
    });
    Ok(next)
}

fn run_round(
    eligibility: &Eligibility,
    line: BusinessLine,
    needs: &[(SpecialtyCode, u32)],
    taken: &BTreeSet<ExpertId>,
    key: [u8; 32],
    round: u32,
) -> Result<Vec<Pick>, DrawError> {
    let lists: Vec<Vec<&Candidate>> = needs
        .iter()
        .map(|(code, _)| {
            eligibility
                .eligible
                .iter()
                .filter(|c| c.quotas.contains(code) && !taken.contains(&c.id))
                .collect()
        })
        .collect();
    check_feasible(needs, &lists, line)?;
    let mut words = ChaChaWords::new(key, round);
    let mut picked: BTreeSet<&ExpertId> = BTreeSet::new();
    let mut picks = Vec::new();
    for ((code, k), list) in needs.iter().zip(lists) {
        let mut left: Vec<&Candidate> = list
            .into_iter()
            .filter(|c| !picked.contains(&c.id))
            .collect();
        let chosen = pick(&mut words, &mut left, *k).expect("feasibility was checked");
        for c in chosen {
            picked.insert(&c.id);
            picks.push(Pick {
                specialty: code.clone(),
                expert: c.id.clone(),
            });
        }
    }
    Ok(picks)
}

/// Refuses a round whose success would depend on the randomness: for each quota, at worst
/// the quotas before it take `min(their count, their overlap with it)` each of its
/// candidates, and never more than all of the shared ones.
fn check_feasible(
    needs: &[(SpecialtyCode, u32)],
    lists: &[Vec<&Candidate>],
    line: BusinessLine,
) -> Result<(), DrawError> {
    for (i, ((code, k), list)) in needs.iter().zip(lists).enumerate() {
        let ids: BTreeSet<&ExpertId> = list.iter().map(|c| &c.id).collect();
        let mut shared: BTreeSet<&ExpertId> = BTreeSet::new();
        let mut worst: u64 = 0;
        for ((_, kp), earlier) in needs[..i].iter().zip(&lists[..i]) {
            let overlap: Vec<&ExpertId> = earlier
                .iter()
                .map(|c| &c.id)
                .filter(|id| ids.contains(id))
                .collect();
            worst += u64::from(*kp).min(overlap.len() as u64);
            shared.extend(overlap);
        }
        let eligible = list.len() as u64;
        let available = eligible - worst.min(shared.len() as u64);
        if available < u64::from(*k) {
            return Err(DrawError::TooFewEligible {
                specialty: code.clone(),
                needed: *k,
                eligible: eligible as u32,
                available: available as u32,
                article: match line {
                    BusinessLine::Construction => "招标投标法实施条例 第46条",
                    BusinessLine::Procurement => "政府采购法实施条例 第39条; 财政部令第87号 第48条",
                },
            });
        }
    }
    Ok(())
}
