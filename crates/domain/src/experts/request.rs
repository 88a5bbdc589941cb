//! A draw request (抽取申请) for one trade: the committee, the quotas per specialty, the region
//! rule, the evaluation window and the parties avoidance is checked against.

use legal_time::{Date, beijing_date};
use serde::{Deserialize, Serialize};

use crate::experts::codec::Encoder;
use crate::experts::error::RequestError;
use crate::experts::pool::{SpecialtyCode, TimeRange};
use crate::methods::{BusinessLine, Method, rules_for};
use crate::values::{Money, RegionCode, TradeId, UnifiedSocialCreditCode};

/// The default age limit: 不满70周岁 (财库〔2016〕198号 第6条 [M]); configurable per request.
pub const DEFAULT_AGE_LIMIT: u32 = 70;
/// The avoidance look-back: 参加采购活动前3年内 (政府采购法实施条例 第9条 [T]).
pub const LOOKBACK_YEARS: u32 = 3;
const LOOKBACK_ARTICLE: &str = "政府采购法实施条例 第9条";

/// How many experts of one specialty to draw. A specialty matches experts whose code equals
/// it or lies below it in the tree ([`SpecialtyCode::serves`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Quota {
    pub specialty: SpecialtyCode,
    pub count: u32,
}

/// Where the experts may come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegionRule {
    /// Anywhere in the pool.
    Any,
    /// Only from inside the trade's region.
    InsideTradeRegion,
    /// Off-site evaluation (远程异地评标): only from outside the trade's region.
    OutsideTradeRegion,
    /// Only from the named regions.
    FromRegions { regions: Vec<RegionCode> },
}

impl RegionRule {
    pub fn code(&self) -> u8 {
        match self {
            RegionRule::Any => 0,
            RegionRule::InsideTradeRegion => 1,
            RegionRule::OutsideTradeRegion => 2,
            RegionRule::FromRegions { .. } => 3,
        }
    }
}

/// The area a GB/T 2260 code stands for, as the prefix every code inside it shares: a
/// province `330000` → `33`, a city `330100` → `3301`, a county `330106` → itself.
pub fn region_prefix(region: &RegionCode) -> &str {
    let s = region.as_str();
    if s.ends_with("0000") {
        &s[..2]
    } else if s.ends_with("00") {
        &s[..4]
    } else {
        s
    }
}

/// `region` lies inside the area of `area`.
pub fn region_within(region: &RegionCode, area: &RegionCode) -> bool {
    region.as_str().starts_with(region_prefix(area))
}

/// The legal representative or head (法定代表人/负责人) of a party, for declared relatives
/// named as persons.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Principal {
    pub org: UnifiedSocialCreditCode,
    pub name: String,
}

fn default_age_limit() -> Option<u32> {
    Some(DEFAULT_AGE_LIMIT)
}

fn default_lookback() -> u32 {
    LOOKBACK_YEARS
}

/// One trade's request for experts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DrawRequest {
    pub trade: TradeId,
    pub line: BusinessLine,
    pub method: Method,
    /// The estimate (construction) or budget (procurement).
    pub budget: Money,
    /// 技术复杂 or 社会影响较大: a procurement committee of 7 or more (财政部令第87号 第47条).
    #[serde(default)]
    pub complex: bool,
    pub committee_size: u32,
    /// Members the tenderer (purchaser) sends itself; the rest are drawn experts.
    pub tenderer_representatives: u32,
    pub quotas: Vec<Quota>,
    pub trade_region: RegionCode,
    pub region_rule: RegionRule,
    /// The evaluation's time and length.
    pub evaluation: TimeRange,
    pub tenderer: UnifiedSocialCreditCode,
    #[serde(default)]
    pub agency: Option<UnifiedSocialCreditCode>,
    /// The bidders known at the draw (construction draws before the opening may know none).
    #[serde(default)]
    pub bidders: Vec<UnifiedSocialCreditCode>,
    #[serde(default)]
    pub principals: Vec<Principal>,
    /// The supervising (行政监督) and competent (主管) departments of the project.
    #[serde(default)]
    pub supervising_orgs: Vec<UnifiedSocialCreditCode>,
    /// Experts of this age (周岁) or older are not drawn; `None`: no limit.
    #[serde(default = "default_age_limit")]
    pub age_limit: Option<u32>,
    #[serde(default = "default_lookback")]
    pub lookback_years: u32,
}

impl DrawRequest {
    /// Experts to draw: the committee less the tenderer's representatives.
    pub fn experts(&self) -> u32 {
        self.committee_size
            .saturating_sub(self.tenderer_representatives)
    }

    /// The Beijing date of the evaluation's start: the day ages and look-backs are taken on.
    pub fn evaluation_date(&self) -> Date {
        beijing_date(self.evaluation.from)
    }

    /// The first day of the look-back: the evaluation date `lookback_years` earlier (29
    /// February → 28 February).
    pub fn lookback_from(&self) -> Date {
        let d = self.evaluation_date();
        let year = d.year() - self.lookback_years as i32;
        d.replace_year(year)
            .or_else(|_| d.replace_day(28).and_then(|d| d.replace_year(year)))
            .unwrap_or(Date::MIN)
    }

    /// The quotas in draw order: by specialty code, bytewise.
    pub fn sorted_quotas(&self) -> Vec<Quota> {
        let mut q = self.quotas.clone();
        q.sort_by(|a, b| a.specialty.as_str().cmp(b.specialty.as_str()));
        q
    }

    /// Off-site evaluation (异地评审): the experts come from outside the trade's region.
    pub fn off_site(&self) -> bool {
        match &self.region_rule {
            RegionRule::OutsideTradeRegion => true,
            RegionRule::FromRegions { regions } => regions.iter().all(|r| {
                !region_within(&self.trade_region, r) && !region_within(r, &self.trade_region)
            }),
            RegionRule::Any | RegionRule::InsideTradeRegion => false,
        }
    }

    /// Every rule a request must meet, each error naming its article.
    pub fn validate(&self) -> Result<(), RequestError> {
        self.validate_committee()?;
        self.validate_quotas()?;
        if self.evaluation.to <= self.evaluation.from {
            return Err(RequestError::EvaluationWindow);
        }
        if let RegionRule::FromRegions { regions } = &self.region_rule
            && (regions.is_empty() || has_duplicates(regions))
        {
            return Err(RequestError::RegionList);
        }
        if self.lookback_years < LOOKBACK_YEARS {
            return Err(RequestError::LookbackTooShort {
                years: self.lookback_years,
                minimum: LOOKBACK_YEARS,
                article: LOOKBACK_ARTICLE,
            });
        }
        if let Some(limit) = self.age_limit
            && !(18..=120).contains(&limit)
        {
            return Err(RequestError::AgeLimit { limit });
        }
        if has_duplicates(&self.bidders) {
            return Err(RequestError::Duplicate { field: "bidders" });
        }
        if has_duplicates(&self.supervising_orgs) {
            return Err(RequestError::Duplicate {
                field: "supervising_orgs",
            });
        }
        for p in &self.principals {
            if p.name.trim().is_empty() || !self.is_party(&p.org) {
                return Err(RequestError::Principal { org: p.org.clone() });
            }
        }
        Ok(())
    }

    fn validate_committee(&self) -> Result<(), RequestError> {
        let rules = rules_for(self.line, self.method)?;
        let (mut minimum, mut article) = rules.committee_minimum(self.budget);
        // 技术复杂 / 社会影响较大 raises a tender committee only (87号令 第47条).
        let tender = matches!(
            self.method,
            Method::OpenTendering | Method::InvitedTendering
        );
        if self.complex
            && tender
            && let Some(large) = rules.committee.large
            && large.min_size > minimum
        {
            (minimum, article) = (large.min_size, large.article);
        }
        let size = self.committee_size;
        if size < minimum {
            return Err(RequestError::CommitteeTooSmall {
                size,
                minimum,
                article,
            });
        }
        if rules.committee.odd && size.is_multiple_of(2) {
            return Err(RequestError::CommitteeNotOdd {
                size,
                article: rules.committee.article,
            });
        }
        // experts ≥ 2/3 of the members, as an integer test: 3·experts ≥ 2·members
        let experts = self.experts();
        if self.tenderer_representatives > size || 3 * u64::from(experts) < 2 * u64::from(size) {
            return Err(RequestError::TooFewExpertMembers {
                experts,
                size,
                article: match self.line {
                    BusinessLine::Construction => {
                        "招标投标法 第37条; 评标委员会和评标方法暂行规定 第9条"
                    }
                    BusinessLine::Procurement => rules.committee.article,
                },
            });
        }
        Ok(())
    }

    fn validate_quotas(&self) -> Result<(), RequestError> {
        if self.quotas.is_empty() {
            return Err(RequestError::NoQuotas);
        }
        let codes: Vec<&SpecialtyCode> = self.quotas.iter().map(|q| &q.specialty).collect();
        if has_duplicates(&codes) {
            return Err(RequestError::Duplicate { field: "quotas" });
        }
        if let Some(q) = self.quotas.iter().find(|q| q.count == 0) {
            return Err(RequestError::EmptyQuota {
                specialty: q.specialty.clone(),
            });
        }
        let sum: u64 = self.quotas.iter().map(|q| u64::from(q.count)).sum();
        if sum != u64::from(self.experts()) {
            return Err(RequestError::QuotaSum {
                sum,
                experts: self.experts(),
            });
        }
        Ok(())
    }

    /// The tenderer, the agency or a bidder.
    pub fn is_party(&self, org: &UnifiedSocialCreditCode) -> bool {
        &self.tenderer == org || self.agency.as_ref() == Some(org) || self.bidders.contains(org)
    }

    /// The canonical encoding of the request (docs/DRAW.md §3.3).
    pub fn encoding(&self) -> Encoder {
        let mut e = Encoder::tagged("sunbid.draw.v1.request");
        e.str(self.trade.as_str())
            .u8(line_code(self.line))
            .u8(method_code(self.method))
            .i64(self.budget.fen())
            .u8(u8::from(self.complex))
            .u32(self.committee_size)
            .u32(self.tenderer_representatives)
            .list(&self.sorted_quotas(), |e, q| {
                e.str(q.specialty.as_str()).u32(q.count);
            })
            .str(self.trade_region.as_str())
            .u8(self.region_rule.code());
        if let RegionRule::FromRegions { regions } = &self.region_rule {
            e.set(regions, |e, r| {
                e.str(r.as_str());
            });
        }
        e.instant(self.evaluation.from)
            .instant(self.evaluation.to)
            .str(self.tenderer.as_str())
            .opt(self.agency.as_ref(), |e, a| {
                e.str(a.as_str());
            })
            .set(&self.bidders, |e, b| {
                e.str(b.as_str());
            })
            .set(&self.principals, |e, p| {
                e.str(p.org.as_str()).str(&p.name);
            })
            .set(&self.supervising_orgs, |e, s| {
                e.str(s.as_str());
            })
            .opt(self.age_limit, |e, a| {
                e.u32(a);
            })
            .u32(self.lookback_years);
        e
    }

    /// SHA-256 of [`DrawRequest::encoding`].
    pub fn digest(&self) -> [u8; 32] {
        self.encoding().sha256()
    }
}

/// The byte of a business line in the canonical encoding.
pub fn line_code(line: BusinessLine) -> u8 {
    match line {
        BusinessLine::Procurement => 1,
        BusinessLine::Construction => 2,
    }
}

/// The byte of a method: its position in [`Method::ALL`] plus one.
pub fn method_code(method: Method) -> u8 {
    match method {
        Method::OpenTendering => 1,
        Method::InvitedTendering => 2,
        Method::CompetitiveNegotiation => 3,
        Method::CompetitiveConsultation => 4,
        Method::RequestForQuotation => 5,
        Method::SingleSource => 6,
    }
}

fn has_duplicates<T: Ord>(items: &[T]) -> bool {
    let mut sorted: Vec<&T> = items.iter().collect();
    sorted.sort();
    sorted.windows(2).any(|w| w[0] == w[1])
}
