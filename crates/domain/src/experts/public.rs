//! The pseudonymous pool (docs/DRAW.md §7.2, format `sunbid-draw/2`): what a draw publishes
//! of each expert so that anyone can re-check it without learning who the experts are.
//!
//! Each expert appears under a pseudonym of this draw only, with the two facts that public
//! rules judge (its specialties and its region) in the clear, the outcome of every rule
//! judged on private facts (activity, credit, ties, relations, conduct, age, leave, bookings)
//! as one flag, and a salted hash of its whole record. The commitment binds all of it before
//! the randomness exists, so the outcomes cannot be tailored to the draw; whoever holds the
//! private records and the draw's salt (the supervisor, a court) checks them with
//! [`pseudonymise`]. Birth dates, employers, relations, conduct and credit standing are never
//! published; names only once the law allows (招标投标法 第37条; 财政部令第87号 第69条).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::experts::codec::{Encoder, to_hex};
use crate::experts::eligibility::{Eligibility, eligible, hash_hex, judge_pool, region_allowed};
use crate::experts::error::DrawError;
use crate::experts::pool::{Expert, ExpertId, SpecialtyCode};
use crate::experts::reasons::ExclusionReason;
use crate::experts::request::DrawRequest;
use crate::values::{RegionCode, Sha256Hex};

/// The `format` of a published draw with a pseudonymous pool.
pub const PSEUDONYMOUS_FORMAT: &str = "sunbid-draw/2";

/// The draw's salt: 32 secret random bytes, kept with the seed.
pub const SALT_LEN: usize = 32;

/// One expert of the pool as a `sunbid-draw/2` publication shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicExpert {
    /// The pseudonym: `p` and the first 16 hex digits of SHA-256(str("sunbid.draw.v2.pseudonym")
    /// ‖ raw(salt) ‖ str(id)).
    pub id: ExpertId,
    pub specialties: Vec<SpecialtyCode>,
    pub region: RegionCode,
    /// Passes every rule of §9 but the specialty and the region.
    pub clear: bool,
    /// SHA-256(str("sunbid.draw.v2.sealed") ‖ raw(salt) ‖ raw(attributes hash of §3.2)).
    pub sealed: Sha256Hex,
}

impl PublicExpert {
    /// The entry's hash in the commitment (§7.2), in place of §3.2's attributes hash.
    pub fn entry_hash(&self) -> [u8; 32] {
        let mut e = Encoder::tagged("sunbid.draw.v2.entry");
        e.str(self.id.as_str())
            .set(&self.specialties, |e, s| {
                e.str(s.as_str());
            })
            .str(self.region.as_str())
            .u8(u8::from(self.clear))
            .raw(&crate::experts::draw::hex32(&self.sealed));
        e.sha256()
    }
}

/// An expert's pseudonym in the draw salted with `salt`.
pub fn pseudonym(salt: &[u8; SALT_LEN], id: &ExpertId) -> ExpertId {
    let mut e = Encoder::tagged("sunbid.draw.v2.pseudonym");
    e.raw(salt).str(id.as_str());
    ExpertId::parse(&format!("p{}", &to_hex(&e.sha256())[..16])).expect("a valid id")
}

/// Whether a reason is judged on private facts (all but the specialty and the region).
fn private(reason: &ExclusionReason) -> bool {
    !matches!(
        reason,
        ExclusionReason::NoMatchingSpecialty | ExclusionReason::OutsideRegionRule { .. }
    )
}

/// The pool as a `sunbid-draw/2` publication shows it, sorted by pseudonym, and each
/// pseudonym's expert. Judges the private rules on the full records ([`eligible`]).
pub fn pseudonymise(
    pool: &[Expert],
    request: &DrawRequest,
    salt: &[u8; SALT_LEN],
) -> Result<(Vec<PublicExpert>, BTreeMap<ExpertId, ExpertId>), DrawError> {
    let judged = eligible(pool, request)?;
    let mut out = Vec::with_capacity(pool.len());
    let mut roster = BTreeMap::new();
    for expert in pool {
        let clear = judged
            .exclusion(&expert.id)
            .is_none_or(|x| !x.reasons.iter().any(|r| private(&r.reason)));
        let mut e = Encoder::tagged("sunbid.draw.v2.sealed");
        e.raw(salt).raw(&expert.attributes_hash());
        let id = pseudonym(salt, &expert.id);
        if roster.insert(id.clone(), expert.id.clone()).is_some() {
            return Err(DrawError::DuplicateExpert { expert: id });
        }
        out.push(PublicExpert {
            id,
            specialties: expert.specialties.clone(),
            region: expert.region.clone(),
            clear,
            sealed: hash_hex(&e.sha256()),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((out, roster))
}

/// Eligibility from a pseudonymous pool (§7.2): eligible if clear, serving a quota and
/// inside the region rule. The same [`Eligibility`] the draw and the commitment take, with
/// each entry's hash from [`PublicExpert::entry_hash`].
pub fn eligible_published(
    pool: &[PublicExpert],
    request: &DrawRequest,
) -> Result<Eligibility, DrawError> {
    request.validate()?;
    let quotas: Vec<SpecialtyCode> = request
        .sorted_quotas()
        .into_iter()
        .map(|q| q.specialty)
        .collect();
    judge_pool(
        pool,
        |e| &e.id,
        request,
        |expert| {
            let serves: Vec<SpecialtyCode> = quotas
                .iter()
                .filter(|q| expert.specialties.iter().any(|s| s.serves(q)))
                .cloned()
                .collect();
            let mut reasons = Vec::new();
            if !expert.clear {
                reasons.push(ExclusionReason::Withheld);
            }
            if serves.is_empty() {
                reasons.push(ExclusionReason::NoMatchingSpecialty);
            }
            if !region_allowed(&expert.region, request) {
                reasons.push(ExclusionReason::OutsideRegionRule {
                    region: expert.region.clone(),
                });
            }
            (serves, reasons, expert.entry_hash())
        },
    )
}
