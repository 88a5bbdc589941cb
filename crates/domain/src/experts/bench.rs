//! A synthetic pool and request for benchmarks and tests ([`synthetic_pool`],
//! [`synthetic_request`]), and [`run`], which times eligibility, the commitment, a draw and
//! its re-check (for `sunbid bench`). Only [`run`] reads a clock; nothing here does I/O.

use std::fmt;
use std::time::{Duration, Instant};

use legal_time::OffsetDateTime;
use time::macros::{date, datetime};

use crate::experts::draw::{commit, draw};
use crate::experts::eligibility::eligible;
use crate::experts::pool::{
    ConductKind, ConductRecord, DateRange, Employment, EmploymentRole, Expert, ExpertCredit,
    ExpertId, Relation, RelationKind, RelationTarget, SpecialtyCode, TimeRange, Title,
};
use crate::experts::request::{DrawRequest, Quota, RegionRule};
use crate::experts::select::ChaChaWords;
use crate::experts::verify::{PublishedDraw, verify_draw};
use crate::methods::{BusinessLine, Method};
use crate::values::{Money, RegionCode, TradeId, UnifiedSocialCreditCode};

/// The `n`-th made-up organisation (a valid code).
pub fn synthetic_org(n: u32) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::complete(&format!("91320100M{:07}", n % 10_000_000))
        .expect("valid code")
}

const SPECIALTIES: [&str; 8] = [
    "A01.01",
    "A01.02",
    "A02.01",
    "A02.02.01",
    "B01",
    "B02.01",
    "C01",
    "C02",
];
const REGIONS: [&str; 6] = ["330100", "330106", "330200", "320100", "310000", "440300"];
const EVALUATION_FROM: OffsetDateTime = datetime!(2026-10-12 09:00 +8);
const EVALUATION_TO: OffsetDateTime = datetime!(2026-10-12 17:00 +8);

/// `n` experts with varied specialties, regions, employers, relations, conduct, leave and
/// bookings, made deterministically from `seed` (for [`synthetic_request`], a little over
/// half are excluded, most for serving no quota).
pub fn synthetic_pool(n: usize, seed: u8) -> Vec<Expert> {
    let mut w = ChaChaWords::new([seed; 32], 0);
    let mut r = move |m: u32| w.next().expect("endless") % m;
    (0..n)
        .map(|i| {
            let specialties = (0..=r(2))
                .map(|_| SpecialtyCode::parse(SPECIALTIES[r(8) as usize]).expect("valid"))
                .collect();
            let employers = (0..r(3))
                .map(|_| Employment {
                    org: synthetic_org(r(400)),
                    role: [EmploymentRole::Employee, EmploymentRole::Director][r(2) as usize],
                    from: date!(2015 - 01 - 01),
                    to: [None, Some(date!(2022 - 06 - 30))][r(2) as usize],
                })
                .collect();
            let relations = match r(20) {
                0 => vec![Relation {
                    kind: RelationKind::Shareholding,
                    target: RelationTarget::Org(synthetic_org(r(400))),
                }],
                _ => vec![],
            };
            let conduct = match r(50) {
                0 => vec![ConductRecord {
                    date: date!(2025 - 03 - 01),
                    kind: ConductKind::BadRecord,
                    until: None,
                    note: String::new(),
                }],
                _ => vec![],
            };
            let leave = match r(40) {
                0 => vec![DateRange {
                    from: date!(2026 - 10 - 10),
                    to: date!(2026 - 10 - 16),
                }],
                _ => vec![],
            };
            let bookings = match r(40) {
                0 => vec![TimeRange {
                    from: datetime!(2026-10-12 14:00 +8),
                    to: datetime!(2026-10-12 18:00 +8),
                }],
                _ => vec![],
            };
            Expert {
                id: ExpertId::parse(&format!("E{i:06}")).expect("valid"),
                name: format!("专家{i}"),
                specialties,
                region: RegionCode::parse(REGIONS[r(6) as usize]).expect("valid"),
                employers,
                title: Title::Senior,
                birth_date: date!(1956 - 01 - 01) + time::Duration::days(i64::from(r(12_000))),
                relations,
                leave,
                bookings,
                conduct,
                credit: [ExpertCredit::Good, ExpertCredit::Watch][r(2) as usize],
                active: r(100) != 0,
            }
        })
        .collect()
}

/// A procurement open tender of 1200万 with 7 members (1 purchaser representative, 6
/// experts: 4 of `A01`, 2 of `B02`), evaluated on 2026-10-12, with five bidders among the
/// synthetic organisations.
pub fn synthetic_request() -> DrawRequest {
    let spec = |s: &str| SpecialtyCode::parse(s).expect("valid");
    DrawRequest {
        trade: TradeId::parse("T-BENCH-1").expect("valid"),
        line: BusinessLine::Procurement,
        method: Method::OpenTendering,
        budget: Money::from_wan(1200),
        complex: false,
        committee_size: 7,
        tenderer_representatives: 1,
        quotas: vec![
            Quota {
                specialty: spec("A01"),
                count: 4,
            },
            Quota {
                specialty: spec("B02"),
                count: 2,
            },
        ],
        trade_region: RegionCode::parse("330100").expect("valid"),
        region_rule: RegionRule::Any,
        evaluation: TimeRange {
            from: EVALUATION_FROM,
            to: EVALUATION_TO,
        },
        tenderer: synthetic_org(1),
        agency: Some(synthetic_org(2)),
        bidders: (10..15).map(synthetic_org).collect(),
        principals: Vec::new(),
        supervising_orgs: vec![synthetic_org(3)],
        age_limit: Some(70),
        lookback_years: 3,
    }
}

/// What [`run`] measured.
#[derive(Debug, Clone)]
pub struct BenchFigures {
    pub experts: usize,
    pub eligible: usize,
    pub build: Duration,
    pub eligibility: Duration,
    pub commit: Duration,
    pub draw: Duration,
    pub verify: Duration,
}

impl fmt::Display for BenchFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "expert draw: {} experts ({} eligible): build {:.1} ms, eligibility {:.1} ms, commit {:.1} ms, draw {:.1} ms, re-check {:.1} ms",
            self.experts,
            self.eligible,
            ms(self.build),
            ms(self.eligibility),
            ms(self.commit),
            ms(self.draw),
            ms(self.verify)
        )
    }
}

/// Builds `n` experts and times eligibility, the commitment, a draw and its re-check.
pub fn run(n: usize) -> BenchFigures {
    let t = Instant::now();
    let pool = synthetic_pool(n, 7);
    let build = t.elapsed();
    let request = synthetic_request();
    let seed = [42u8; 32];
    let beacon = [9u8; 32];
    let t = Instant::now();
    let judged = eligible(&pool, &request).expect("valid request");
    let eligibility = t.elapsed();
    let t = Instant::now();
    let commitment = commit(&judged, &seed).expect("32-byte seed");
    let commit_time = t.elapsed();
    let t = Instant::now();
    let result = draw(&judged, &request, &seed, &beacon).expect("enough experts");
    let draw_time = t.elapsed();
    let published = PublishedDraw {
        format: None,
        request,
        pool: pool.iter().map(Expert::redacted).collect(),
        seed: crate::experts::codec::to_hex(&seed),
        seed_sha256: commitment.seed_sha256,
        commitment: commitment.commitment,
        commitment_leaf: 1,
        beacon: crate::experts::codec::to_hex(&beacon),
        beacon_tree_size: 2,
        result,
    };
    let t = Instant::now();
    verify_draw(&published).expect("the draw re-checks");
    let verify = t.elapsed();
    BenchFigures {
        experts: n,
        eligible: judged.eligible.len(),
        build,
        eligibility,
        commit: commit_time,
        draw: draw_time,
        verify,
    }
}
