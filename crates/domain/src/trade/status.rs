//! The status words the public knows from trading portals (正在接收投标, 已开标, 评标中, 公示中,
//! 已结束 …), derived from a trade's phase in one place so the portal, the trade page and the
//! opening room never disagree. Internal phase names are not shown to the public.

use legal_time::OffsetDateTime;

use crate::trade::state::Phase;
use crate::trade::summary::TradeSummary;

/// A trade's public status. `as_str` is the catalogue key suffix (`status.<key>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicStatus {
    /// Before the announcement (not listed publicly).
    Preparing,
    /// Announced and the bid deadline not passed: 正在接收投标.
    ReceivingBids,
    /// Deadline passed, the opening not concluded: 待开标.
    AwaitingOpening,
    /// The opening record is read and signed: 已开标.
    Opened,
    /// The committee's report is recorded but not yet published: 评标中 (the outcome stays
    /// confidential until the publicity, so the public still sees the evaluation stage).
    Evaluating,
    /// Candidates or results in their publicity period: 公示中.
    Publicity,
    /// The award is decided: 已定标.
    Awarded,
    /// Confirmed, or the entry rejected: 已结束.
    Ended,
    /// The tender failed (流标).
    Failed,
    /// Cancelled (终止).
    Terminated,
    /// Suspended (暂停).
    Suspended,
}

impl PublicStatus {
    pub fn as_str(self) -> &'static str {
        use PublicStatus::*;
        match self {
            Preparing => "preparing",
            ReceivingBids => "receiving_bids",
            AwaitingOpening => "awaiting_opening",
            Opened => "opened",
            Evaluating => "evaluating",
            Publicity => "publicity",
            Awarded => "awarded",
            Ended => "ended",
            Failed => "failed",
            Terminated => "terminated",
            Suspended => "suspended",
        }
    }

    /// The status of a trade in `phase` whose bids close at `deadline`, at `now`.
    pub fn of(phase: Phase, deadline: Option<OffsetDateTime>, now: OffsetDateTime) -> Self {
        use Phase::*;
        match phase {
            Unregistered | Registered | Accepted | VenueBooked | DocumentsReady => {
                PublicStatus::Preparing
            }
            Announced | ExpertsDrawn => match deadline {
                Some(d) if now >= d => PublicStatus::AwaitingOpening,
                _ => PublicStatus::ReceivingBids,
            },
            Opened => PublicStatus::Opened,
            Evaluated => PublicStatus::Evaluating,
            Publicized => PublicStatus::Publicity,
            Awarded => PublicStatus::Awarded,
            Confirmed | Rejected => PublicStatus::Ended,
            Failed => PublicStatus::Failed,
            Cancelled => PublicStatus::Terminated,
            Suspended => PublicStatus::Suspended,
        }
    }
}

impl TradeSummary {
    /// This trade's public status at `now`.
    pub fn public_status(&self, now: OffsetDateTime) -> PublicStatus {
        PublicStatus::of(self.phase, self.bid_deadline, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_deadline_turns_receiving_into_awaiting_opening() {
        let deadline = datetime!(2026-10-25 09:30 +8);
        let before = datetime!(2026-10-25 09:29 +8);
        assert_eq!(
            PublicStatus::of(Phase::Announced, Some(deadline), before),
            PublicStatus::ReceivingBids
        );
        assert_eq!(
            PublicStatus::of(Phase::ExpertsDrawn, Some(deadline), deadline),
            PublicStatus::AwaitingOpening
        );
    }

    #[test]
    fn later_phases_read_as_the_words_portals_use() {
        let now = datetime!(2026-10-25 09:30 +8);
        let cases = [
            (Phase::Opened, "opened"),
            (Phase::Evaluated, "evaluating"),
            (Phase::Publicized, "publicity"),
            (Phase::Confirmed, "ended"),
            (Phase::Failed, "failed"),
            (Phase::DocumentsReady, "preparing"),
        ];
        for (phase, key) in cases {
            assert_eq!(PublicStatus::of(phase, None, now).as_str(), key);
        }
    }
}
