//! Why an expert may not be drawn ([`ExclusionReason`]), each reason with its stable code
//! and its article per business line. [M]/[D] mark provisional readings as in rules.md;
//! docs/DRAW.md §9 is the table.

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::experts::pool::EmploymentRole;
use crate::methods::BusinessLine;
use crate::serde_time;
use crate::values::{RegionCode, UnifiedSocialCreditCode};

/// Which party of the trade a tie is to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    Tenderer,
    Agency,
    Bidder,
}

/// Why an expert is not drawn for a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExclusionReason {
    /// Not an active member of the pool (suspended, dismissed 解聘).
    Inactive,
    CreditRestricted,
    /// Employee, director, board supervisor or controller of a party within the look-back.
    TiedToParty {
        party: PartyRole,
        org: UnifiedSocialCreditCode,
        role: EmploymentRole,
    },
    /// A declared near relative of the party's principal.
    RelativeOfPrincipal {
        party: PartyRole,
        org: UnifiedSocialCreditCode,
    },
    /// A declared shareholding or other economic interest in the party.
    EconomicInterest {
        party: PartyRole,
        org: UnifiedSocialCreditCode,
    },
    /// Another declared relation that could affect fairness.
    OtherInterest {
        party: PartyRole,
        org: UnifiedSocialCreditCode,
    },
    /// Staff of the project's supervising or competent department.
    SupervisoryStaff {
        org: UnifiedSocialCreditCode,
    },
    BadRecord {
        #[serde(with = "serde_time::date")]
        date: Date,
    },
    /// An administrative or criminal penalty for a tendering or procurement violation.
    Penalised {
        #[serde(with = "serde_time::date")]
        date: Date,
    },
    Banned {
        #[serde(with = "serde_time::date")]
        from: Date,
        #[serde(with = "serde_time::option_date")]
        until: Option<Date>,
    },
    OverAgeLimit {
        age: i32,
        limit: u32,
    },
    OnLeave {
        #[serde(with = "serde_time::date")]
        from: Date,
        #[serde(with = "serde_time::date")]
        to: Date,
    },
    AlreadyBooked {
        #[serde(with = "serde_time::instant")]
        from: OffsetDateTime,
        #[serde(with = "serde_time::instant")]
        to: OffsetDateTime,
    },
    /// None of the expert's specialties serves a quota of the request.
    NoMatchingSpecialty,
    /// The expert's region is outside what the request's region rule allows.
    OutsideRegionRule {
        region: RegionCode,
    },
    /// Excluded by a rule judged on facts a pseudonymous publication withholds (any reason
    /// above but the specialty and the region), as the commitment binds it (DRAW.md §7.2).
    Withheld,
}

impl ExclusionReason {
    /// A stable machine code, `draw.excluded.*`.
    pub fn code(&self) -> &'static str {
        use ExclusionReason::*;
        match self {
            Inactive => "draw.excluded.inactive",
            CreditRestricted => "draw.excluded.credit_restricted",
            TiedToParty { .. } => "draw.excluded.tied_to_party",
            RelativeOfPrincipal { .. } => "draw.excluded.relative_of_principal",
            EconomicInterest { .. } => "draw.excluded.economic_interest",
            OtherInterest { .. } => "draw.excluded.other_interest",
            SupervisoryStaff { .. } => "draw.excluded.supervisory_staff",
            BadRecord { .. } => "draw.excluded.bad_record",
            Penalised { .. } => "draw.excluded.penalised",
            Banned { .. } => "draw.excluded.banned",
            OverAgeLimit { .. } => "draw.excluded.over_age_limit",
            OnLeave { .. } => "draw.excluded.on_leave",
            AlreadyBooked { .. } => "draw.excluded.already_booked",
            NoMatchingSpecialty => "draw.excluded.no_matching_specialty",
            OutsideRegionRule { .. } => "draw.excluded.outside_region_rule",
            Withheld => "draw.excluded.withheld",
        }
    }

    /// The rule behind the reason, for the business line of the trade.
    pub fn article(&self, line: BusinessLine) -> &'static str {
        use BusinessLine::{Construction as C, Procurement as P};
        use ExclusionReason::*;
        use PartyRole::*;
        match (self, line) {
            (Inactive, _) => "[D] not an active pool member (suspended or dismissed, 解聘)",
            (CreditRestricted, P) => "政府采购法实施条例 第63条 [D] (credit record)",
            (CreditRestricted, C) => "招标投标法实施条例 第78条 [D] (credit record)",
            (TiedToParty { party: Bidder, .. }, P) => "政府采购法实施条例 第9条",
            (TiedToParty { party: Bidder, .. }, C) => {
                "招标投标法实施条例 第46条; 评标委员会和评标方法暂行规定 第12条 (3-year look-back as in 政府采购法实施条例 第9条 [D])"
            }
            (
                TiedToParty {
                    party: Tenderer, ..
                },
                P,
            ) => "财政部令第87号 第47条 (本单位; past ties within the look-back [D])",
            (
                TiedToParty {
                    party: Tenderer, ..
                },
                C,
            ) => {
                "招标投标法 第37条 [D] (the tenderer's own people sit only as its representatives)"
            }
            (TiedToParty { party: Agency, .. }, P) => "财政部令第87号 第47条",
            (TiedToParty { party: Agency, .. }, C) => "招标投标法实施条例 第46条 [D]",
            (RelativeOfPrincipal { party: Bidder, .. }, P) => "政府采购法实施条例 第9条(四)",
            (RelativeOfPrincipal { party: Bidder, .. }, C) => {
                "评标委员会和评标方法暂行规定 第12条(一); 招标投标法 第37条"
            }
            (EconomicInterest { party: Bidder, .. }, P) => "政府采购法实施条例 第9条(三)(五)",
            (EconomicInterest { party: Bidder, .. }, C) => {
                "评标委员会和评标方法暂行规定 第12条(三)"
            }
            (OtherInterest { party: Bidder, .. }, P) => "政府采购法实施条例 第9条(五)",
            (OtherInterest { party: Bidder, .. }, C) => "招标投标法实施条例 第46条",
            (RelativeOfPrincipal { .. } | EconomicInterest { .. } | OtherInterest { .. }, P) => {
                "政府采购法实施条例 第9条(五) [D] (a relation to the purchaser or agency)"
            }
            (RelativeOfPrincipal { .. } | EconomicInterest { .. } | OtherInterest { .. }, C) => {
                "招标投标法实施条例 第46条 [D] (a relation to the tenderer or agency)"
            }
            (SupervisoryStaff { .. }, P) => "财库〔2016〕198号 第16条 [M]",
            (SupervisoryStaff { .. }, C) => {
                "招标投标法实施条例 第46条; 评标委员会和评标方法暂行规定 第12条(二)"
            }
            (BadRecord { .. }, P) => "财库〔2016〕198号 第6条, 第29条 [M]",
            (BadRecord { .. }, C) => "评标专家和评标专家库管理办法 [M]",
            (Penalised { .. }, P) => "政府采购法实施条例 第75条; 财库〔2016〕198号 第6条 [M]",
            (Penalised { .. }, C) => "评标委员会和评标方法暂行规定 第12条(四)",
            (Banned { .. }, P) => "政府采购法实施条例 第75条",
            (Banned { .. }, C) => "招标投标法实施条例 第71条, 第72条",
            (OverAgeLimit { .. }, P) => "财库〔2016〕198号 第6条 [M] (不满70周岁)",
            (OverAgeLimit { .. }, C) => {
                "[M] no national age limit found; the procurement default (财库〔2016〕198号 第6条) is used"
            }
            (OnLeave { .. } | AlreadyBooked { .. }, _) => "[D] not available for the evaluation",
            (NoMatchingSpecialty, P) => "财政部令第87号 第48条 [D] (相应专业领域)",
            (NoMatchingSpecialty, C) => "招标投标法实施条例 第46条 (相关专业)",
            (OutsideRegionRule { .. }, _) => "[D] the request's region rule (远程异地评标)",
            (Withheld, _) => {
                "[D] a rule judged on facts not published (docs/DRAW.md §7.2): the committed outcome"
            }
        }
    }
}
