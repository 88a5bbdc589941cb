//! Node 4, the expert draw (专家随机抽取), pure part: the pool, the draw request, eligibility
//! and avoidance (回避), the draw window, and a draw anyone can re-check (design.md principle
//! 4; docs/DRAW.md describes the construction byte by byte). Legal sources: rules.md §1.4
//! (construction) and §3.4 (procurement); [M]/[D] mark provisional readings.
//!
//! The flow, for the app: [`eligible`] → [`commit`] (log the commitment, keep the seed secret)
//! → wait for the next log checkpoint → [`draw()`] with its root as the beacon → [`redraw`]
//! for declines → publish a [`PseudonymousDraw`] that [`verify_draw`] re-checks offline (the
//! app judges and draws on the [`pseudonymise`]d pool from the start, so the published pool
//! is the committed one).
//!
//! * [`pool`]: [`Expert`] and its value types ([`SpecialtyCode`] tree, employments,
//!   relations, leave, bookings, conduct, credit);
//! * [`request`]: [`DrawRequest`] and its `validate` (committee size, 2/3 experts, quotas);
//! * [`eligibility`]: [`eligible`] → [`Eligibility`], every exclusion with its article;
//! * [`reasons`]: [`ExclusionReason`], its code and its article per business line;
//! * [`timing`]: [`earliest_draw`], [`check_draw_time`] (财库〔2016〕198号 第14条 [M]);
//! * [`codec`]: the canonical encoding the hashes are taken over;
//! * [`select`]: the ChaCha20 word stream and the unbiased selection over it;
//! * [`draw`](mod@draw): [`commit`], [`draw()`], [`redraw`], [`DrawResult`];
//! * [`public`]: the pseudonymous pool a draw publishes ([`PublicExpert`], [`pseudonymise`],
//!   [`eligible_published`]);
//! * [`verify`]: [`PublishedDraw`] (either pool), [`verify_draw`];
//! * [`state`], [`events`]: [`DrawState`], the aggregate of one trade's draw (its own
//!   stream), with [`DrawCommand`], [`DrawEvent`], [`DrawStateError`];
//! * [`file`]: [`ExpertFile`], one expert's file (import, declarations, conduct, mutual
//!   ratings, bookings) and the credit standing they give;
//! * `bench` (feature `fixtures`): a synthetic pool of any size and a timed run;
//! * [`error`]: [`RequestError`], [`DrawError`], [`VerifyError`] with stable `draw.*` codes.

#[cfg(any(test, feature = "fixtures"))]
pub mod bench;
pub mod codec;
pub mod draw;
pub mod eligibility;
pub mod error;
pub mod events;
pub mod file;
pub mod pool;
pub mod pool_import;
pub mod public;
pub mod reasons;
pub mod request;
pub mod select;
pub mod state;
pub mod timing;
pub mod verify;

pub use draw::{
    Commitment, DrawResult, DrawRound, Pick, SEED_LEN, commit, draw, randomness, redraw,
};
pub use eligibility::{Candidate, CitedReason, Eligibility, Exclusion, PoolEntry, eligible};
pub use error::{DrawError, RequestError, VerifyError};
pub use events::{DrawCommand, DrawEvent, DrawPhase, DrawStateError, RequestSummary, Seat};
pub use file::{
    CreditPolicy, ExpertCommand, ExpertEvent, ExpertFile, ExpertFileError, Rater, Rating,
};
pub use pool::{
    ConductKind, ConductRecord, DateRange, Employment, EmploymentRole, Expert, ExpertCredit,
    ExpertId, Relation, RelationKind, RelationTarget, SpecialtyCode, TimeRange, Title,
};
pub use pool_import::{
    PoolCommand, PoolEvent, PoolImportError, PoolImports, PoolRowData, may_import,
};
pub use public::{
    PSEUDONYMOUS_FORMAT, PublicExpert, SALT_LEN, eligible_published, pseudonym, pseudonymise,
};
pub use reasons::{ExclusionReason, PartyRole};
pub use request::{
    DEFAULT_AGE_LIMIT, DrawRequest, LOOKBACK_YEARS, Principal, Quota, RegionRule, region_within,
};
pub use state::DrawState;
pub use timing::{check_draw_time, check_draw_time_for, earliest_draw, earliest_draw_for};
pub use verify::{Judged, PseudonymousDraw, PublishedDraw, verify_draw};
