//! Ordering of the staff work queues (acceptance, venue booking, publication...).
//!
//! Green-channel (绿色通道) trades go first: the center promises priority handling to key
//! projects (major or urgent public projects, disaster relief...), so every queue a staff
//! member works through puts them ahead of ordinary trades. Within each group the queue is
//! first come, first served (by request or registration time), which is the fair order for
//! everyone else; the trade id breaks exact ties so the order is deterministic.

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::serde_time;
use crate::values::TradeId;

/// One waiting piece of work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub trade: TradeId,
    pub green_channel: bool,
    #[serde(with = "serde_time::instant")]
    pub requested_at: OffsetDateTime,
}

/// Anything that can stand in a work queue.
pub trait Queued {
    fn green_channel(&self) -> bool;
    fn requested_at(&self) -> OffsetDateTime;
    fn trade(&self) -> &TradeId;
}

impl Queued for WorkItem {
    fn green_channel(&self) -> bool {
        self.green_channel
    }
    fn requested_at(&self) -> OffsetDateTime {
        self.requested_at
    }
    fn trade(&self) -> &TradeId {
        &self.trade
    }
}

/// Sorts a queue in place: green channel first, then by time, then by trade id.
pub fn order<T: Queued>(items: &mut [T]) {
    items.sort_by(|a, b| {
        b.green_channel()
            .cmp(&a.green_channel())
            .then(a.requested_at().cmp(&b.requested_at()))
            .then_with(|| a.trade().cmp(b.trade()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn item(id: &str, green: bool, at: OffsetDateTime) -> WorkItem {
        WorkItem {
            trade: TradeId::parse(id).unwrap(),
            green_channel: green,
            requested_at: at,
        }
    }

    #[test]
    fn green_channel_first_then_by_time() {
        let mut q = vec![
            item("a", false, datetime!(2026-03-02 09:00 +8)),
            item("b", true, datetime!(2026-03-02 11:00 +8)),
            item("c", false, datetime!(2026-03-01 09:00 +8)),
            item("d", true, datetime!(2026-03-02 10:00 +8)),
            item("e", false, datetime!(2026-03-01 09:00 +8)),
        ];
        order(&mut q);
        let ids: Vec<_> = q.iter().map(|i| i.trade.as_str()).collect();
        assert_eq!(ids, ["d", "b", "c", "e", "a"]);
    }
}
