//! Business lines, methods and the table of rules per method (rules.md). The differences
//! between methods are DATA here, not code branches: `decide` reads [`MethodRules`].
//!
//! Source labels as in rules.md: [T] checked against the text, [S] secondary source, [M] from
//! general knowledge (a provisional default), [D] derived. Values marked [M]/[S] are defaults to
//! be confirmed; they live only in this table.

use serde::{Deserialize, Serialize};

use legal_time::{Calendar, CalendarError, Date, Period, RestDayExtension, last_day};

use crate::values::Money;

/// 政府采购 or 工程建设项目招标投标.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BusinessLine {
    Procurement,
    Construction,
}

impl BusinessLine {
    pub const ALL: [BusinessLine; 2] = [BusinessLine::Procurement, BusinessLine::Construction];

    pub fn as_str(self) -> &'static str {
        match self {
            BusinessLine::Procurement => "procurement",
            BusinessLine::Construction => "construction",
        }
    }
}

/// 招标/采购方式 (glossary names).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    OpenTendering,
    InvitedTendering,
    CompetitiveNegotiation,
    CompetitiveConsultation,
    RequestForQuotation,
    SingleSource,
}

impl Method {
    pub const ALL: [Method; 6] = [
        Method::OpenTendering,
        Method::InvitedTendering,
        Method::CompetitiveNegotiation,
        Method::CompetitiveConsultation,
        Method::RequestForQuotation,
        Method::SingleSource,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::OpenTendering => "open_tendering",
            Method::InvitedTendering => "invited_tendering",
            Method::CompetitiveNegotiation => "competitive_negotiation",
            Method::CompetitiveConsultation => "competitive_consultation",
            Method::RequestForQuotation => "request_for_quotation",
            Method::SingleSource => "single_source",
        }
    }
}

/// A period rule with the article it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cited<T> {
    pub value: T,
    pub article: &'static str,
}

const fn cited<T>(value: T, article: &'static str) -> Cited<T> {
    Cited { value, article }
}

/// Who may bid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Participation {
    /// Anyone, after a public announcement; no invitation list.
    Open,
    /// Only the suppliers named at registration, at least `min_invited` of them.
    InvitedOnly { min_invited: u32 },
    /// Either open (empty list) or only the invited suppliers (then at least `min_invited`).
    OpenOrInvited { min_invited: u32 },
    /// Exactly one named supplier.
    SingleSupplier,
}

/// What node 6 publishes, and so the order of publicity and award decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResultKind {
    /// 中标候选人公示 (construction): the candidates are publicised first, the tenderer decides
    /// the award after the publicity has ended.
    CandidatesPublicity,
    /// 中标（成交）结果公告 (procurement): the purchaser decides first, then the result is
    /// announced; the confirmation waits for the announcement period to end.
    ResultAnnouncement,
}

/// The committee (评标委员会 / 评审小组) size rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CommitteeRule {
    pub min_size: u32,
    pub odd: bool,
    /// A larger minimum when the estimate (budget) is at or above a threshold (以上 includes it).
    pub large: Option<LargeCommittee>,
    pub article: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LargeCommittee {
    pub budget_at_least: Money,
    pub min_size: u32,
    pub article: &'static str,
}

/// The rules of one line × method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MethodRules {
    pub line: BusinessLine,
    pub method: Method,
    /// Documents issued (announcement published) → bid (response) deadline, at least. A
    /// minimum: never extended over rest days. For single source there is no such national
    /// rule: the cell holds the 条例 第38条 publicity of the single-source intent (see
    /// [`SINGLE_SOURCE_PUBLICITY`]), a provisional stand-in.
    pub min_bid_period: Cited<Period>,
    /// An amendment that may affect bids must come at least this long before the deadline,
    /// otherwise the deadline is postponed. `None`: no such rule for the method.
    pub amendment_notice: Option<Cited<Period>>,
    pub participation: Cited<Participation>,
    /// Fewer bids than this at the deadline: no opening, re-tender.
    pub min_bidders: Cited<u32>,
    pub committee: CommitteeRule,
    /// The draw may start no earlier than this before the evaluation day. `None`: no rule.
    pub draw_not_before_evaluation: Option<Cited<Period>>,
    /// Most ranked candidates in the evaluation report.
    pub max_candidates: Cited<u32>,
    /// The committee rejected every bid: the round fails (废标) and starts again.
    pub reject_all_article: &'static str,
    pub result: ResultKind,
    /// Publication deadline, counted from the report (candidates publicity) or from the award
    /// decision (result announcement). A "within" limit: see `within_extension`.
    pub publish_within: Cited<Period>,
    /// Minimum length of the publicity / announcement period.
    pub publicity_lasts: Cited<Period>,
    /// Time the purchaser has to decide after the report; after it rank 1 is deemed the winner.
    /// A "within" limit: see `within_extension`.
    pub decide_within: Option<Cited<Period>>,
    /// How a "within N 日" limit whose last day is a rest day is extended (see
    /// [`WITHIN_EXTENSION`]). Working-day limits always end on a working day.
    pub within_extension: Cited<RestDayExtension>,
    /// The winner is rank 1 unless a recorded reason allows rank 2 or 3.
    pub winner_rule_article: &'static str,
    /// The opening happens at the bid deadline, in the booked room.
    pub opening_at_deadline_article: &'static str,
}

/// A line × method that the law does not provide.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{method} is not a method of {line} (construction tendering knows open and invited tendering only: 招标投标法 第10条)", method = .method.as_str(), line = .line.as_str())]
pub struct MethodError {
    pub line: BusinessLine,
    pub method: Method,
}

/// The configurable default for "within N 日" limits (民法典 第203条; 87号令 第85条): a last
/// day that is a State Council day off moves to the next day that is not one. rules.md §5.7
/// leaves open whether an ordinary weekend is a "法定休假日" that extends a calendar-day
/// deadline; [`RestDayExtension::AnyRestDay`] is that reading. Minimum lengths ("不得少于
/// 20日") are never extended (rules.md §0 point 4) and do not use this setting.
pub const WITHIN_EXTENSION: RestDayExtension = RestDayExtension::StatutoryHolidays;

/// 政府采购法实施条例 第38条 [T]: the intent to buy from a single source is publicised for
/// ≥ 5 个工作日, for "only one supplier" at or above the open-tender threshold. No national
/// rule gives a single-source response period; the table uses this publicity as the minimum
/// period for every single-source trade, a provisional default.
pub const SINGLE_SOURCE_PUBLICITY: Cited<Period> = cited(
    Period::working_days(5),
    "政府采购法实施条例 第38条（单一来源公示，暂作最短期限）",
);

/// Construction committee: ≥ 5, odd, experts ≥ 2/3 (法 第37条 [T]; 12号令 第9条 [T]).
const CONSTRUCTION_COMMITTEE: CommitteeRule = CommitteeRule {
    min_size: 5,
    odd: true,
    large: None,
    article: "招标投标法 第37条",
};

const fn construction(method: Method, participation: Cited<Participation>) -> MethodRules {
    MethodRules {
        line: BusinessLine::Construction,
        method,
        min_bid_period: cited(Period::days(20), "招标投标法 第24条"), // [T]
        amendment_notice: Some(cited(Period::days(15), "招标投标法 第23条; 条例 第21条")), // [T]
        participation,
        min_bidders: cited(3, "招标投标法 第28条; 条例 第44条"), // [T]
        committee: CONSTRUCTION_COMMITTEE,
        draw_not_before_evaluation: None, // no national rule (rules.md §1.4)
        max_candidates: cited(3, "条例 第53条"), // [T]
        reject_all_article: "招标投标法 第42条", // [T]
        result: ResultKind::CandidatesPublicity,
        publish_within: cited(Period::days(3), "条例 第54条"), // [T] within 3 日 of the report
        publicity_lasts: cited(Period::days(3), "条例 第54条"), // [T] ≥ 3 日
        decide_within: None,                                   // no national limit
        within_extension: cited(WITHIN_EXTENSION, "民法典 第203条"), // [T]
        winner_rule_article: "条例 第55条",                    // [T]
        opening_at_deadline_article: "招标投标法 第34条",      // [T]
    }
}

/// The result announcement period of the non-tender methods: 1 个工作日 as for tenders
/// (87号令 第69条 [T]), applied by analogy [M].
const NON_TENDER_PUBLICITY: Cited<Period> = cited(
    Period::working_days(1),
    "财政部令第87号 第69条 (by analogy) [M]",
);

/// 87号令 第85条 governs the tender periods only; the other methods' limits follow the general
/// rule of 民法典 第203条, with the same default.
const NON_TENDER_WITHIN: Cited<RestDayExtension> = cited(WITHIN_EXTENSION, "民法典 第203条");

/// Procurement open/invited: committee ≥ 5 odd, ≥ 7 at budget ≥ 1000万 (87号令 第47条 [T]).
const GP_TENDER_COMMITTEE: CommitteeRule = CommitteeRule {
    min_size: 5,
    odd: true,
    large: Some(LargeCommittee {
        budget_at_least: Money::from_wan(1000),
        min_size: 7,
        article: "财政部令第87号 第47条",
    }),
    article: "财政部令第87号 第47条",
};

/// Negotiation, consultation, quotation groups: ≥ 3, odd (法 第38条 [T], 第40条 [M]; 214号 [M]).
const fn gp_group(article: &'static str) -> CommitteeRule {
    CommitteeRule {
        min_size: 3,
        odd: true,
        large: None,
        article,
    }
}

/// 公开招标数额标准: set per budget level and region; 200万 is the central goods and
/// services figure (rules.md §3.2 [M]), the default until a center configures its own.
pub const OPEN_TENDER_THRESHOLD: Money = Money::from_wan(200);

/// Negotiation and quotation groups: ≥ 3, odd, and ≥ 5 for a purchase at or above the
/// open-tender threshold (财政部令第74号 第7条 [M]).
const fn gp_group_74(article: &'static str) -> CommitteeRule {
    CommitteeRule {
        large: Some(LargeCommittee {
            budget_at_least: OPEN_TENDER_THRESHOLD,
            min_size: 5,
            article: "财政部令第74号 第7条",
        }),
        ..gp_group(article)
    }
}

/// Government procurement by public tender: the base every procurement method changes.
const fn procurement_tender(method: Method) -> MethodRules {
    MethodRules {
        line: BusinessLine::Procurement,
        method,
        min_bid_period: cited(Period::days(20), "政府采购法 第35条"), // [T]
        amendment_notice: Some(cited(
            Period::days(15),
            "政府采购法实施条例 第31条; 财政部令第87号 第27条",
        )), // [T]
        participation: cited(Participation::Open, "财政部令第87号 第16条"),
        min_bidders: cited(3, "政府采购法 第36条; 财政部令第87号 第41条"), // [T]
        committee: GP_TENDER_COMMITTEE,
        // [M] 财库〔2016〕198号 第14条: draw no earlier than 2 个工作日 before the evaluation.
        draw_not_before_evaluation: Some(cited(
            Period::working_days(2),
            "财库〔2016〕198号 第14条",
        )),
        // [T] 第68条: a ranked list; 87号令 sets no number, so 3 is a default.
        max_candidates: cited(
            3,
            "财政部令第87号 第68条 (no number in the text: 3 is a default [M])",
        ),
        // [T] fewer than 3 responsive bids: 废标, then re-tender or another method.
        reject_all_article: "政府采购法 第36条; 财政部令第87号 第43条",
        result: ResultKind::ResultAnnouncement,
        // [T] result announcement within 2 个工作日 of the decision; period 1 个工作日.
        publish_within: cited(
            Period::working_days(2),
            "政府采购法实施条例 第43条; 财政部令第87号 第69条",
        ),
        publicity_lasts: cited(Period::working_days(1), "财政部令第87号 第69条"),
        decide_within: Some(cited(Period::working_days(5), "财政部令第87号 第68条")), // [T]
        within_extension: cited(WITHIN_EXTENSION, "财政部令第87号 第85条"),           // [T]
        winner_rule_article: "财政部令第87号 第68条",
        opening_at_deadline_article: "财政部令第87号 第39条", // [T]
    }
}

const fn procurement(method: Method) -> MethodRules {
    let open_or_invited = cited(
        Participation::OpenOrInvited { min_invited: 3 },
        "财政部令第74号 [M]",
    );
    let base = procurement_tender(method);
    match method {
        Method::OpenTendering => base,
        Method::InvitedTendering => MethodRules {
            // ≥ 3 suppliers drawn at random (法 第34条; 87号令 第14条 [T])
            participation: cited(
                Participation::InvitedOnly { min_invited: 3 },
                "政府采购法 第34条; 财政部令第87号 第14条",
            ),
            ..base
        },
        Method::CompetitiveNegotiation => MethodRules {
            min_bid_period: cited(Period::working_days(3), "财政部令第74号 [S]"),
            // [M] 74号令: clarification ≥ 3 个工作日 before the response deadline.
            amendment_notice: Some(cited(Period::working_days(3), "财政部令第74号 [M]")),
            participation: open_or_invited,
            min_bidders: cited(3, "政府采购法 第38条"), // [T]
            committee: gp_group_74("政府采购法 第38条"), // [T]
            draw_not_before_evaluation: None,           // 198号 第14条 excludes negotiation
            max_candidates: cited(3, "财政部令第74号 [M] (3 is a default)"),
            reject_all_article: "财政部令第74号 [M]",
            decide_within: Some(cited(Period::working_days(5), "财政部令第74号 [M]")),
            publish_within: cited(Period::working_days(2), "财政部令第74号 [S]"),
            publicity_lasts: NON_TENDER_PUBLICITY,
            within_extension: NON_TENDER_WITHIN,
            winner_rule_article: "政府采购法 第38条",
            opening_at_deadline_article: "财政部令第74号 [M] (response deadline = opening)",
            ..base
        },
        Method::CompetitiveConsultation => MethodRules {
            min_bid_period: cited(Period::days(10), "财库〔2014〕214号 [S]"),
            amendment_notice: Some(cited(Period::days(5), "财库〔2014〕214号 [S]")),
            participation: open_or_invited,
            // ≥ 3 suppliers; 2 allowed in listed cases (rules.md §3.9 [S/M]); default 3.
            min_bidders: cited(3, "财库〔2014〕214号 [S]"),
            committee: gp_group("财库〔2014〕214号 [M]"),
            draw_not_before_evaluation: None, // 198号 第14条 excludes consultation
            max_candidates: cited(3, "财库〔2014〕214号 [M] (3 is a default)"),
            reject_all_article: "财库〔2014〕214号 [M]",
            decide_within: Some(cited(Period::working_days(5), "财库〔2014〕214号 [S]")),
            publish_within: cited(Period::working_days(2), "财库〔2014〕214号 [S]"),
            publicity_lasts: NON_TENDER_PUBLICITY,
            within_extension: NON_TENDER_WITHIN,
            winner_rule_article: "财库〔2014〕214号 [S]",
            opening_at_deadline_article: "财库〔2014〕214号 [M] (response deadline = opening)",
            ..base
        },
        Method::RequestForQuotation => MethodRules {
            min_bid_period: cited(Period::working_days(3), "财政部令第74号 [S]"),
            amendment_notice: Some(cited(Period::working_days(3), "财政部令第74号 [M]")),
            participation: open_or_invited,
            min_bidders: cited(3, "政府采购法 第40条"), // [T]
            committee: gp_group_74("政府采购法 第40条 [M]"),
            draw_not_before_evaluation: None, // [M] 74号令 groups: treated like negotiation
            max_candidates: cited(3, "财政部令第74号 [M] (3 is a default)"),
            reject_all_article: "财政部令第74号 [M]",
            decide_within: Some(cited(Period::working_days(5), "财政部令第74号 [M]")),
            publish_within: cited(Period::working_days(2), "财政部令第74号 [S]"),
            publicity_lasts: NON_TENDER_PUBLICITY,
            within_extension: NON_TENDER_WITHIN,
            winner_rule_article: "政府采购法 第40条",
            opening_at_deadline_article: "财政部令第74号 [M] (response deadline = opening)",
            ..base
        },
        Method::SingleSource => MethodRules {
            min_bid_period: SINGLE_SOURCE_PUBLICITY,
            amendment_notice: None,
            participation: cited(Participation::SingleSupplier, "政府采购法 第31条"), // [T]
            min_bidders: cited(1, "政府采购法 第31条"),
            // [M] 74号令: negotiation by a group of professionals; default ≥ 3, odd.
            committee: gp_group("财政部令第74号 [M]"),
            draw_not_before_evaluation: None,
            max_candidates: cited(1, "政府采购法 第39条 [M]"),
            reject_all_article: "财政部令第74号 [M]",
            decide_within: Some(cited(Period::working_days(5), "财政部令第74号 [M]")),
            publish_within: cited(Period::working_days(2), "财政部令第74号 [S]"),
            publicity_lasts: NON_TENDER_PUBLICITY,
            within_extension: NON_TENDER_WITHIN,
            winner_rule_article: "政府采购法 第39条 [M]",
            opening_at_deadline_article: "财政部令第74号 [M] (response deadline = negotiation)",
            ..base
        },
    }
}

const CONSTRUCTION_OPEN: MethodRules = construction(
    Method::OpenTendering,
    cited(Participation::Open, "招标投标法 第16条 [M]"),
);
// [M] 法 第17条: invitations to ≥ 3 specific legal persons (not in rules.md; from the law's text).
const CONSTRUCTION_INVITED: MethodRules = construction(
    Method::InvitedTendering,
    cited(
        Participation::InvitedOnly { min_invited: 3 },
        "招标投标法 第17条 [M]",
    ),
);

/// The whole table, one row per valid line × method.
pub static METHOD_TABLE: [MethodRules; 8] = [
    CONSTRUCTION_OPEN,
    CONSTRUCTION_INVITED,
    procurement(Method::OpenTendering),
    procurement(Method::InvitedTendering),
    procurement(Method::CompetitiveNegotiation),
    procurement(Method::CompetitiveConsultation),
    procurement(Method::RequestForQuotation),
    procurement(Method::SingleSource),
];

/// The rules of `line` × `method`, or an error for a combination the law does not provide
/// (construction tendering knows only open and invited tendering, 招标投标法 第10条).
pub fn rules_for(line: BusinessLine, method: Method) -> Result<&'static MethodRules, MethodError> {
    METHOD_TABLE
        .iter()
        .find(|r| r.line == line && r.method == method)
        .ok_or(MethodError { line, method })
}

impl MethodRules {
    /// The last day of a "within" limit started on `start`, extended over rest days per
    /// `within_extension`. Minimum lengths use `earliest_end_date` instead.
    pub fn within_last_day(
        &self,
        cal: &Calendar,
        start: Date,
        limit: Period,
    ) -> Result<Date, CalendarError> {
        last_day(cal, start, limit, self.within_extension.value)
    }

    /// The committee minimum for this estimate, with the article that sets it.
    pub fn committee_minimum(&self, estimate: Money) -> (u32, &'static str) {
        match self.committee.large {
            Some(l) if estimate >= l.budget_at_least => {
                (l.min_size.max(self.committee.min_size), l.article)
            }
            _ => (self.committee.min_size, self.committee.article),
        }
    }
}
