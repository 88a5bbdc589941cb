//! Why a draw request, a draw or a re-check failed. Every error names its rule; `code()` is
//! the stable machine code (`draw.*`) that the API maps to messages in zh-CN and en.

use legal_time::{CalendarError, Date, OffsetDateTime};

use crate::experts::pool::{ExpertId, SpecialtyCode};
use crate::methods::MethodError;
use crate::trade::error::{show_date, show_time};
use crate::values::UnifiedSocialCreditCode;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error(transparent)]
    Method(#[from] MethodError),
    #[error("a committee of {size} is too small: at least {minimum} ({article})")]
    CommitteeTooSmall {
        size: u32,
        minimum: u32,
        article: &'static str,
    },
    #[error("a committee of {size} must have an odd number of members ({article})")]
    CommitteeNotOdd { size: u32, article: &'static str },
    #[error(
        "{experts} experts in a committee of {size}: experts must be at least two thirds of the members ({article})"
    )]
    TooFewExpertMembers {
        experts: u32,
        size: u32,
        article: &'static str,
    },
    #[error("the request names no specialty quota")]
    NoQuotas,
    #[error("the quota for {specialty} is zero")]
    EmptyQuota { specialty: SpecialtyCode },
    #[error("the quotas add up to {sum}, the committee needs {experts} experts")]
    QuotaSum { sum: u64, experts: u32 },
    #[error("{field}: the same entry twice")]
    Duplicate { field: &'static str },
    #[error("the evaluation must end after it starts")]
    EvaluationWindow,
    #[error("the region rule names no region, or one twice")]
    RegionList,
    #[error("a look-back of {years} years is shorter than the {minimum} the law asks ({article})")]
    LookbackTooShort {
        years: u32,
        minimum: u32,
        article: &'static str,
    },
    #[error("age limit {limit}: use 18 to 120")]
    AgeLimit { limit: u32 },
    #[error("principal of {org}: give a name, for the tenderer, the agency or a bidder")]
    Principal { org: UnifiedSocialCreditCode },
}

crate::refusals!(RequestError {
    Method(_) => "draw.invalid_method", Rule;
    CommitteeTooSmall { article, .. } => "draw.committee_too_small", Rule, *article;
    CommitteeNotOdd { article, .. } => "draw.committee_not_odd", Rule, *article;
    TooFewExpertMembers { article, .. } => "draw.too_few_expert_members", Rule, *article;
    NoQuotas => "draw.no_quotas", Rule;
    EmptyQuota { .. } => "draw.empty_quota", Rule;
    QuotaSum { .. } => "draw.quota_sum", Rule;
    Duplicate { .. } => "draw.duplicate", Rule;
    EvaluationWindow => "draw.evaluation_window", Rule;
    RegionList => "draw.region_list", Rule;
    LookbackTooShort { article, .. } => "draw.lookback_too_short", Rule, *article;
    AgeLimit { .. } => "draw.age_limit", Rule;
    Principal { .. } => "draw.principal", Rule;
});

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error(
        "specialty {specialty}: {needed} to draw but only {available} of {eligible} eligible experts are sure to be left once the quotas before it are drawn; nothing was drawn: widen the pool, the region or the quotas ({article})"
    )]
    TooFewEligible {
        specialty: SpecialtyCode,
        needed: u32,
        eligible: u32,
        available: u32,
        article: &'static str,
    },
    #[error("the draw may start no earlier than {} ({article})", show_date(.earliest))]
    TooEarly {
        earliest: Date,
        article: &'static str,
    },
    #[error("the evaluation started at {}: too late to draw", show_time(.evaluation_from))]
    TooLate { evaluation_from: OffsetDateTime },
    #[error("the seed must be 32 bytes, not {len}")]
    BadSeed { len: usize },
    #[error("the eligibility was computed for another request or pool: compute it again")]
    StaleEligibility,
    #[error("expert {expert} is in the pool twice")]
    DuplicateExpert { expert: ExpertId },
    #[error("no expert declined: nothing to redraw")]
    NothingDeclined,
    #[error("{expert} is not a member of the committee drawn so far")]
    NotAMember { expert: ExpertId },
    #[error("calendar: {0}")]
    Calendar(#[from] CalendarError),
}

crate::refusals!(DrawError {
    TooFewEligible { article, .. } => "draw.too_few_eligible", Rule, *article;
    TooEarly { article, .. } => "draw.too_early", Rule, *article;
    TooLate { .. } => "draw.too_late", Rule;
    BadSeed { .. } => "draw.bad_seed", Rule;
    StaleEligibility => "draw.stale_eligibility", Rule;
    DuplicateExpert { .. } => "draw.duplicate_expert", Rule;
    NothingDeclined => "draw.nothing_declined", Rule;
    NotAMember { .. } => "draw.not_a_member", Rule;
    Calendar(CalendarError::UnknownYear(_)) => "draw.calendar_unknown_year", Rule;
    Calendar(_) => "draw.calendar", Rule;
} wraps {
    Request(e) => e;
});

/// Why a published draw does not re-check. The first difference found is reported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the published request is not valid: {0}")]
    Request(#[from] RequestError),
    #[error("{field}: {reason}")]
    Malformed { field: &'static str, reason: String },
    #[error("SHA-256 of the revealed seed is {computed}, the log committed to {committed}")]
    SeedMismatch { computed: String, committed: String },
    #[error(
        "the commitment recomputed from the published pool, request and seed is {computed}, the log holds {committed}: the pool or the request differs from what was committed"
    )]
    CommitmentMismatch { computed: String, committed: String },
    #[error(
        "the beacon is the root of a checkpoint of size {tree_size}, which does not include the commitment (leaf {commitment_leaf}): it was known at commit time"
    )]
    BeaconNotLater {
        tree_size: u64,
        commitment_leaf: u64,
    },
    #[error("the published randomness {published} is not SHA-256(seed ‖ beacon) = {computed}")]
    RandomnessMismatch { published: String, computed: String },
    #[error("round {round}: {reason}")]
    ResultMismatch { round: u32, reason: String },
    #[error("round {round} cannot be recomputed: {error}")]
    Redraw { round: u32, error: DrawError },
}

// A re-check that fails is the published draw's fault, told to whoever checks it.
crate::refusals!(VerifyError {
    Request(_) => "draw.verify.request", Rule;
    Malformed { .. } => "draw.verify.malformed", Rule;
    SeedMismatch { .. } => "draw.verify.seed_mismatch", Rule;
    CommitmentMismatch { .. } => "draw.verify.commitment_mismatch", Rule;
    BeaconNotLater { .. } => "draw.verify.beacon_not_later", Rule;
    RandomnessMismatch { .. } => "draw.verify.randomness_mismatch", Rule;
    ResultMismatch { .. } => "draw.verify.result_mismatch", Rule;
    Redraw { .. } => "draw.verify.redraw", Rule;
});
