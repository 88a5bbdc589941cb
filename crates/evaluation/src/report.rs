//! The result of an evaluation: every bid with its numbers and their derivations, the ranking,
//! the candidates, the issues that need action, the dissents and the periods.

use serde::Serialize;
use time::Date;

use crate::periods::{Deadline, Verdict};
use crate::rank::Ranked;
use crate::rules::Rule;
use crate::trace::{Derivation, Issue};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Report {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade: Option<String>,
    pub method: &'static str,
    pub line: &'static str,
    /// The announcement date: it selects the rule versions.
    #[serde(with = "crate::serde_date")]
    pub rule_date: Date,
    pub status: Status,
    /// Which version of each date-dependent rule applies.
    pub rules_in_force: Vec<Derivation>,
    /// Values shared by all bids (averages, base prices, trigger lines, counts).
    pub common: Vec<Derivation>,
    pub bids: Vec<BidReport>,
    pub ranking: Vec<Ranked>,
    /// At most 3, in order (candidacy excludes same-brand runners-up and invalid bids).
    pub candidates: Vec<String>,
    pub issues: Vec<Issue>,
    pub dissents: Vec<DissentRecord>,
    pub periods: Vec<Deadline>,
    pub challenges: Vec<ChallengeVerdict>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schema(as = ReportStatus)]
pub enum Status {
    /// Nothing blocks the report.
    Complete,
    /// Issues must be resolved before the report can be signed.
    Blocked { blocking: usize },
    /// The procedure fails (废标 / all bids rejected).
    Failed { rule: Rule, reason: String },
}

/// Where a bid stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BidStatus {
    Valid,
    /// Waiting for the bidder's confirmation or written explanation.
    Pending {
        reason: String,
        rule: Rule,
    },
    /// Not evaluated although not invalid (a same-brand bid that was not the lowest).
    NotEvaluated {
        reason: String,
        rule: Rule,
    },
    Invalid {
        reason: String,
        rule: Option<Rule>,
    },
}

impl BidStatus {
    /// Still evaluated (valid, or provisionally while pending).
    pub fn in_play(&self) -> bool {
        matches!(self, BidStatus::Valid | BidStatus::Pending { .. })
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BidReport {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bidder: Option<String>,
    pub status: BidStatus,
    /// Yuan, as read at the opening.
    pub offered: String,
    /// Yuan, after 87号令 第59条.
    pub corrected: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation_price: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_score: Option<String>,
    /// Exact total score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// The published total: the exact one rounded once, at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_rounded: Option<String>,
    /// May be a candidate (false for a same-brand runner-up).
    pub eligible: bool,
    pub derivations: Vec<Derivation>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DissentRecord {
    pub member: String,
    /// The written reason; empty means the member is deemed to agree.
    pub reason: String,
    pub deemed_to_agree: bool,
    pub rule: Rule,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChallengeVerdict {
    pub by: String,
    #[serde(flatten)]
    pub verdict: Verdict,
}
