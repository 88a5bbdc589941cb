//! Builders for the expert-draw tests: one eligible expert, one valid request, parties.
#![allow(dead_code)]

pub mod chacha_ref;

use std::sync::OnceLock;

use domain::experts::bench::synthetic_org;
use domain::experts::*;
use domain::methods::{BusinessLine, Method};
use domain::{Money, RegionCode, TradeId, UnifiedSocialCreditCode};
use legal_time::{Calendar, Date, OffsetDateTime};
use time::macros::{date, datetime};

pub fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

pub fn org(n: u32) -> UnifiedSocialCreditCode {
    synthetic_org(n)
}
pub fn tenderer() -> UnifiedSocialCreditCode {
    org(1)
}
pub fn agency() -> UnifiedSocialCreditCode {
    org(2)
}
pub fn supervisor_org() -> UnifiedSocialCreditCode {
    org(3)
}
pub fn bidder(n: u32) -> UnifiedSocialCreditCode {
    org(100 + n)
}

pub fn spec(s: &str) -> SpecialtyCode {
    SpecialtyCode::parse(s).unwrap()
}
pub fn region(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}
pub fn id(s: &str) -> ExpertId {
    ExpertId::parse(s).unwrap()
}

/// The evaluation of [`request`]: Monday 2026-10-12, 09:00–17:00 Beijing time.
pub const EVAL_FROM: OffsetDateTime = datetime!(2026-10-12 09:00 +8);
pub const EVAL_TO: OffsetDateTime = datetime!(2026-10-12 17:00 +8);
pub const EVAL_DAY: Date = date!(2026 - 10 - 12);

/// An expert that is eligible for [`request`]: specialty `A01.01`, Hangzhou (330106), 50
/// years old, no ties, good credit.
pub fn expert(name: &str) -> Expert {
    Expert {
        id: id(name),
        name: format!("专家 {name}"),
        specialties: vec![spec("A01.01")],
        region: region("330106"),
        employers: vec![],
        title: Title::Senior,
        birth_date: date!(1976 - 05 - 20),
        relations: vec![],
        leave: vec![],
        bookings: vec![],
        conduct: vec![],
        credit: ExpertCredit::Good,
        active: true,
    }
}

pub fn with_spec(mut e: Expert, codes: &[&str]) -> Expert {
    e.specialties = codes.iter().map(|c| spec(c)).collect();
    e
}

/// `n` eligible experts `{prefix}-000`.. of the given specialty.
pub fn experts(prefix: &str, n: usize, code: &str) -> Vec<Expert> {
    (0..n)
        .map(|i| with_spec(expert(&format!("{prefix}-{i:03}")), &[code]))
        .collect()
}

/// A procurement open tender of 500万 (committee of 5: 1 representative + 4 experts, all of
/// `A01`), Hangzhou (330100), evaluated on 2026-10-12, two bidders.
pub fn request() -> DrawRequest {
    DrawRequest {
        trade: TradeId::parse("T-2026-0042").unwrap(),
        line: BusinessLine::Procurement,
        method: Method::OpenTendering,
        budget: Money::from_wan(500),
        complex: false,
        committee_size: 5,
        tenderer_representatives: 1,
        quotas: vec![Quota {
            specialty: spec("A01"),
            count: 4,
        }],
        trade_region: region("330100"),
        region_rule: RegionRule::Any,
        evaluation: TimeRange {
            from: EVAL_FROM,
            to: EVAL_TO,
        },
        tenderer: tenderer(),
        agency: Some(agency()),
        bidders: vec![bidder(1), bidder(2)],
        principals: vec![],
        supervising_orgs: vec![supervisor_org()],
        age_limit: Some(DEFAULT_AGE_LIMIT),
        lookback_years: LOOKBACK_YEARS,
    }
}

pub fn quotas(q: &[(&str, u32)]) -> Vec<Quota> {
    q.iter()
        .map(|(c, n)| Quota {
            specialty: spec(c),
            count: *n,
        })
        .collect()
}

pub fn seed(n: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&n.to_be_bytes());
    s[31] = 0x5e;
    s
}

pub const BEACON: [u8; 32] = [0xbe; 32];

/// The reasons' codes for one expert judged alone against `req`.
pub fn reasons(e: &Expert, req: &DrawRequest) -> Vec<&'static str> {
    let judged = eligible(std::slice::from_ref(e), req).unwrap();
    judged
        .excluded
        .first()
        .map(|x| x.reasons.iter().map(|r| r.reason.code()).collect())
        .unwrap_or_default()
}

/// The one exclusion of `e` against `req`, with articles.
pub fn exclusion(e: &Expert, req: &DrawRequest) -> Option<Exclusion> {
    eligible(std::slice::from_ref(e), req)
        .unwrap()
        .excluded
        .into_iter()
        .next()
}

pub fn employment(
    org: UnifiedSocialCreditCode,
    role: EmploymentRole,
    from: Date,
    to: Option<Date>,
) -> Employment {
    Employment {
        org,
        role,
        from,
        to,
    }
}

pub fn to_hex(b: &[u8]) -> String {
    domain::experts::codec::to_hex(b)
}

/// A whole published draw of `pool` for `req` (committed at leaf 10, beacon checkpoint 11).
pub fn publish(pool: &[Expert], req: &DrawRequest, seed: &[u8; 32]) -> PublishedDraw {
    assemble(pool.iter().map(Expert::redacted).collect(), req, seed)
}

/// The same, as the platform publishes it: the pool pseudonymised under `salt`
/// (`sunbid-draw/2`); with who each pseudonym is.
pub fn publish_pseudonymous(
    pool: &[Expert],
    req: &DrawRequest,
    seed: &[u8; 32],
    salt: &[u8; 32],
) -> (
    PseudonymousDraw,
    std::collections::BTreeMap<ExpertId, ExpertId>,
) {
    let (public, roster) = pseudonymise(pool, req, salt).unwrap();
    (assemble(public, req, seed), roster)
}

/// A draw of `pool` (either kind of entry) judged, committed and drawn, as published.
fn assemble<P: Judged>(pool: Vec<P>, req: &DrawRequest, seed: &[u8; 32]) -> PublishedDraw<P> {
    let judged = P::judge(&pool, req).unwrap();
    let c = commit(&judged, seed).unwrap();
    PublishedDraw {
        format: P::FORMAT.map(str::to_owned),
        request: req.clone(),
        result: draw(&judged, req, seed, &BEACON).unwrap(),
        pool,
        seed: to_hex(seed),
        seed_sha256: c.seed_sha256,
        commitment: c.commitment,
        commitment_leaf: 10,
        beacon: to_hex(&BEACON),
        beacon_tree_size: 11,
    }
}
