//! Who may be drawn for a request (回避 and availability), and why each other expert may not.
//! Every reason carries its article; [M]/[D] mark provisional readings as in rules.md.

use std::collections::BTreeSet;

use legal_time::{Date, Duration, beijing_date};
use serde::{Deserialize, Serialize};

use crate::experts::codec::to_hex;
use crate::experts::error::DrawError;
use crate::experts::pool::{
    ConductKind, Expert, ExpertCredit, ExpertId, RelationKind, RelationTarget, SpecialtyCode,
};
use crate::experts::reasons::{ExclusionReason, PartyRole};
use crate::experts::request::{DrawRequest, RegionRule, region_within};
use crate::methods::BusinessLine;
use crate::values::{RegionCode, Sha256Hex, UnifiedSocialCreditCode};

/// A reason with its article, as shown and stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitedReason {
    pub reason: ExclusionReason,
    pub article: String,
}

/// One expert not drawn, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub expert: ExpertId,
    pub reasons: Vec<CitedReason>,
}

impl Exclusion {
    pub fn codes(&self) -> Vec<&'static str> {
        self.reasons.iter().map(|r| r.reason.code()).collect()
    }
}

/// One eligible expert and the quotas (specialties of the request) it can fill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: ExpertId,
    pub quotas: Vec<SpecialtyCode>,
}

/// One expert of the pool as the commitment sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolEntry {
    pub id: ExpertId,
    pub attributes_hash: Sha256Hex,
    pub eligible: bool,
}

/// The outcome of [`eligible`]: every expert of the pool, sorted by id, eligible or excluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    /// SHA-256 of the request's canonical encoding.
    pub request_digest: Sha256Hex,
    pub pool: Vec<PoolEntry>,
    pub eligible: Vec<Candidate>,
    pub excluded: Vec<Exclusion>,
}

impl Eligibility {
    pub fn is_eligible(&self, id: &ExpertId) -> bool {
        self.eligible.binary_search_by(|c| c.id.cmp(id)).is_ok()
    }

    pub fn exclusion(&self, id: &ExpertId) -> Option<&Exclusion> {
        self.excluded.iter().find(|e| &e.expert == id)
    }
}

/// Splits the pool into the experts that may be drawn for `request` and those that may not,
/// with every reason. The request is validated first; an id twice in the pool is an error.
pub fn eligible(pool: &[Expert], request: &DrawRequest) -> Result<Eligibility, DrawError> {
    request.validate()?;
    let facts = Facts::new(request);
    judge_pool(
        pool,
        |e| &e.id,
        request,
        |expert| {
            let (quotas, reasons) = assess(expert, request, &facts);
            (quotas, reasons, expert.attributes_hash())
        },
    )
}

/// One expert judged: the quotas it serves, why it may not be drawn, its hash in the
/// commitment.
pub(crate) type Judgement = (Vec<SpecialtyCode>, Vec<ExclusionReason>, [u8; 32]);

/// Judges every entry of a pool, sorted by id (an id twice is an error), into an
/// [`Eligibility`]: the records ([`eligible`]) or a pseudonymous pool
/// ([`crate::experts::public::eligible_published`]).
pub(crate) fn judge_pool<T>(
    pool: &[T],
    id: impl Fn(&T) -> &ExpertId,
    request: &DrawRequest,
    judge: impl Fn(&T) -> Judgement,
) -> Result<Eligibility, DrawError> {
    let mut sorted: Vec<&T> = pool.iter().collect();
    sorted.sort_by(|a, b| id(a).cmp(id(b)));
    if let Some(w) = sorted.windows(2).find(|w| id(w[0]) == id(w[1])) {
        return Err(DrawError::DuplicateExpert {
            expert: id(w[0]).clone(),
        });
    }
    let mut out = Eligibility {
        request_digest: hash_hex(&request.digest()),
        pool: Vec::with_capacity(sorted.len()),
        eligible: Vec::new(),
        excluded: Vec::new(),
    };
    for entry in sorted {
        let (quotas, reasons, hash) = judge(entry);
        let expert = id(entry).clone();
        out.pool.push(PoolEntry {
            id: expert.clone(),
            attributes_hash: hash_hex(&hash),
            eligible: reasons.is_empty(),
        });
        if reasons.is_empty() {
            out.eligible.push(Candidate { id: expert, quotas });
        } else {
            out.excluded.push(Exclusion {
                expert,
                reasons: reasons
                    .into_iter()
                    .map(|reason| CitedReason {
                        article: reason.article(request.line).to_owned(),
                        reason,
                    })
                    .collect(),
            });
        }
    }
    Ok(out)
}

pub(crate) fn hash_hex(h: &[u8; 32]) -> Sha256Hex {
    Sha256Hex::parse(&to_hex(h)).expect("64 hex characters")
}

/// The dates eligibility is judged on, computed once per request.
struct Facts {
    day: Date,
    lookback_from: Date,
    last_day: Date,
    quotas: Vec<SpecialtyCode>,
    supervising: BTreeSet<UnifiedSocialCreditCode>,
}

impl Facts {
    fn new(request: &DrawRequest) -> Facts {
        Facts {
            day: request.evaluation_date(),
            lookback_from: request.lookback_from(),
            last_day: beijing_date(request.evaluation.to - Duration::nanoseconds(1)),
            quotas: request
                .sorted_quotas()
                .into_iter()
                .map(|q| q.specialty)
                .collect(),
            supervising: request.supervising_orgs.iter().cloned().collect(),
        }
    }
}

fn party_role(request: &DrawRequest, org: &UnifiedSocialCreditCode) -> Option<PartyRole> {
    if &request.tenderer == org {
        Some(PartyRole::Tenderer)
    } else if request.agency.as_ref() == Some(org) {
        Some(PartyRole::Agency)
    } else if request.bidders.contains(org) {
        Some(PartyRole::Bidder)
    } else {
        None
    }
}

fn assess(
    expert: &Expert,
    request: &DrawRequest,
    f: &Facts,
) -> (Vec<SpecialtyCode>, Vec<ExclusionReason>) {
    use ExclusionReason::*;
    let mut reasons = Vec::new();
    if !expert.active {
        reasons.push(Inactive);
    }
    if expert.credit == ExpertCredit::Restricted {
        reasons.push(CreditRestricted);
    }
    for job in &expert.employers {
        if let Some(party) = party_role(request, &job.org)
            && job.overlaps(f.lookback_from, f.day)
        {
            reasons.push(TiedToParty {
                party,
                org: job.org.clone(),
                role: job.role,
            });
        }
        if f.supervising.contains(&job.org) && job.overlaps(f.day, f.day) {
            reasons.push(SupervisoryStaff {
                org: job.org.clone(),
            });
        }
    }
    relation_reasons(expert, request, &mut reasons);
    conduct_reasons(expert, request.line, f, &mut reasons);
    if let Some(limit) = request.age_limit {
        let age = expert.age_on(f.day);
        if age >= limit as i32 {
            reasons.push(OverAgeLimit { age, limit });
        }
    }
    if let Some(l) = expert.leave.iter().find(|l| l.overlaps(f.day, f.last_day)) {
        reasons.push(OnLeave {
            from: l.from,
            to: l.to,
        });
    }
    if let Some(b) = expert
        .bookings
        .iter()
        .find(|b| b.overlaps(&request.evaluation))
    {
        reasons.push(AlreadyBooked {
            from: b.from,
            to: b.to,
        });
    }
    let quotas: Vec<SpecialtyCode> = f
        .quotas
        .iter()
        .filter(|q| expert.specialties.iter().any(|s| s.serves(q)))
        .cloned()
        .collect();
    if quotas.is_empty() {
        reasons.push(NoMatchingSpecialty);
    }
    if !region_allowed(&expert.region, request) {
        reasons.push(OutsideRegionRule {
            region: expert.region.clone(),
        });
    }
    (quotas, reasons)
}

fn relation_reasons(expert: &Expert, request: &DrawRequest, reasons: &mut Vec<ExclusionReason>) {
    for relation in &expert.relations {
        let orgs: Vec<&UnifiedSocialCreditCode> = match &relation.target {
            RelationTarget::Org(org) => vec![org],
            RelationTarget::Person(name) => request
                .principals
                .iter()
                .filter(|p| same_name(&p.name, name))
                .map(|p| &p.org)
                .collect(),
        };
        for org in orgs {
            let Some(party) = party_role(request, org) else {
                continue;
            };
            let org = org.clone();
            reasons.push(match relation.kind {
                RelationKind::Relative => ExclusionReason::RelativeOfPrincipal { party, org },
                RelationKind::Shareholding => ExclusionReason::EconomicInterest { party, org },
                RelationKind::Other => ExclusionReason::OtherInterest { party, org },
            });
        }
    }
}

/// Names match ignoring surrounding and inner white space (`张 三` = `张三`).
fn same_name(a: &str, b: &str) -> bool {
    a.split_whitespace().collect::<String>() == b.split_whitespace().collect::<String>()
}

fn conduct_reasons(
    expert: &Expert,
    line: BusinessLine,
    f: &Facts,
    reasons: &mut Vec<ExclusionReason>,
) {
    let recent = |d: Date| d >= f.lookback_from && d <= f.day;
    for c in &expert.conduct {
        match c.kind {
            ConductKind::Reminder | ConductKind::Warning => {}
            ConductKind::BadRecord if recent(c.date) => {
                reasons.push(ExclusionReason::BadRecord { date: c.date });
            }
            // 12号令 第12条(四): ever penalised (construction); procurement: within the look-back.
            ConductKind::Penalty
                if c.date <= f.day && (line == BusinessLine::Construction || recent(c.date)) =>
            {
                reasons.push(ExclusionReason::Penalised { date: c.date });
            }
            ConductKind::Ban if c.date <= f.day && c.until.is_none_or(|u| u >= f.day) => {
                reasons.push(ExclusionReason::Banned {
                    from: c.date,
                    until: c.until,
                });
            }
            ConductKind::BadRecord | ConductKind::Penalty | ConductKind::Ban => {}
        }
    }
}

pub(crate) fn region_allowed(region: &RegionCode, request: &DrawRequest) -> bool {
    match &request.region_rule {
        RegionRule::Any => true,
        RegionRule::InsideTradeRegion => region_within(region, &request.trade_region),
        RegionRule::OutsideTradeRegion => !region_within(region, &request.trade_region),
        RegionRule::FromRegions { regions } => regions.iter().any(|r| region_within(region, r)),
    }
}
