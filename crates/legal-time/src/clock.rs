//! The clock port. Domain code never reads the system time directly; it asks a [`Clock`],
//! so tests can pin time ([`SettableClock`]) and demos can run a trade's weeks in minutes
//! ([`AcceleratedClock`]).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use time::{Duration, OffsetDateTime, PrimitiveDateTime};

use crate::BEIJING;

/// Source of the current instant (rules.md §5.4: one trusted clock on the server).
pub trait Clock: Send + Sync {
    /// The current instant. Compare instants, never wall-clock fields: the offset of the
    /// returned value is a presentation detail.
    fn now(&self) -> OffsetDateTime;

    /// How many seconds of this clock pass in one real second while it runs (1 for a real
    /// clock; a demo's factor), so a page counting down in real time can keep pace with it.
    fn rate(&self) -> u32 {
        1
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> OffsetDateTime {
        (**self).now()
    }

    fn rate(&self) -> u32 {
        (**self).rate()
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> OffsetDateTime {
        (**self).now()
    }

    fn rate(&self) -> u32 {
        (**self).rate()
    }
}

impl<C: Clock + ?Sized> Clock for Box<C> {
    fn now(&self) -> OffsetDateTime {
        (**self).now()
    }

    fn rate(&self) -> u32 {
        (**self).rate()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded data are plain values that are always consistent, so a poisoned lock is safe.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The real clock: the operating system's current time, expressed at [`BEIJING`] offset.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc().to_offset(BEIJING)
    }
}

/// A clock that stands still until told otherwise. Clones share the same time.
#[derive(Debug, Clone)]
pub struct SettableClock {
    at: Arc<Mutex<OffsetDateTime>>,
}

impl SettableClock {
    /// A clock showing `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self {
            at: Arc::new(Mutex::new(at)),
        }
    }

    /// Set the time (may go backwards; this is a test tool).
    pub fn set(&self, at: OffsetDateTime) {
        *lock(&self.at) = at;
    }

    /// Move the time by `by` (negative moves back).
    ///
    /// # Panics
    /// If the result leaves the range of [`OffsetDateTime`].
    pub fn advance(&self, by: Duration) {
        let mut at = lock(&self.at);
        *at = at
            .checked_add(by)
            .expect("SettableClock::advance: time out of range");
    }
}

impl Clock for SettableClock {
    fn now(&self) -> OffsetDateTime {
        *lock(&self.at)
    }
}

#[derive(Debug)]
struct Anchor {
    virtual_at: OffsetDateTime,
    real_at: Instant,
}

/// A demo clock: virtual time = anchor + `factor` × real time elapsed since the anchor
/// (measured with the monotonic [`Instant`]). [`AcceleratedClock::jump_to`] skips forward.
/// The clock never runs backwards. Clones share the same time.
#[derive(Debug, Clone)]
pub struct AcceleratedClock {
    anchor: Arc<Mutex<Anchor>>,
    factor: u32,
}

impl AcceleratedClock {
    /// Starts at `start` and runs `factor` times faster than real time
    /// (`factor` 1 = real speed, 0 = frozen; e.g. 10_080 runs a week per minute).
    pub fn new(start: OffsetDateTime, factor: u32) -> Self {
        Self {
            anchor: Arc::new(Mutex::new(Anchor {
                virtual_at: start,
                real_at: Instant::now(),
            })),
            factor,
        }
    }

    /// The speed-up factor.
    pub fn factor(&self) -> u32 {
        self.factor
    }

    fn virtual_now(&self, anchor: &Anchor, real_now: Instant) -> OffsetDateTime {
        let elapsed = real_now.saturating_duration_since(anchor.real_at);
        let scaled = elapsed
            .checked_mul(self.factor)
            .and_then(|d| Duration::try_from(d).ok())
            .unwrap_or(Duration::MAX);
        anchor
            .virtual_at
            .checked_add(scaled)
            .unwrap_or_else(|| PrimitiveDateTime::MAX.assume_utc())
    }

    /// Skip forward to `at`; the clock then keeps running from there at the same factor.
    /// A jump to an instant not after the current virtual time is ignored (the clock is
    /// monotonic: deadlines that have passed must stay passed).
    pub fn jump_to(&self, at: OffsetDateTime) {
        let mut anchor = lock(&self.anchor);
        let real_now = Instant::now();
        let current = self.virtual_now(&anchor, real_now);
        if at > current {
            *anchor = Anchor {
                virtual_at: at,
                real_at: real_now,
            };
        }
    }
}

impl Clock for AcceleratedClock {
    fn now(&self) -> OffsetDateTime {
        let anchor = lock(&self.anchor);
        self.virtual_now(&anchor, Instant::now())
    }

    fn rate(&self) -> u32 {
        self.factor
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn system_clock_is_beijing_and_close_to_utc_now() {
        let now = SystemClock.now();
        assert_eq!(now.offset(), BEIJING);
        let diff = OffsetDateTime::now_utc() - now;
        assert!(diff.abs() < Duration::seconds(5));
    }

    #[test]
    fn settable_clock_set_and_advance_shared_between_clones() {
        let c = SettableClock::new(datetime!(2026-02-13 09:00 +8));
        let c2 = c.clone();
        assert_eq!(c.now(), datetime!(2026-02-13 09:00 +8));
        c.advance(Duration::days(11));
        assert_eq!(c2.now(), datetime!(2026-02-24 09:00 +8));
        c2.set(datetime!(2026-01-01 00:00 UTC));
        assert_eq!(c.now(), datetime!(2026-01-01 08:00 +8));
        c.advance(Duration::seconds(-1));
        assert_eq!(c.now(), datetime!(2026-01-01 07:59:59 +8));
    }

    #[test]
    fn clock_usable_as_trait_object() {
        let c: Arc<dyn Clock> = Arc::new(SettableClock::new(datetime!(2026-03-01 00:00 +8)));
        fn takes(c: impl Clock) -> OffsetDateTime {
            c.now()
        }
        assert_eq!(takes(c.clone()), datetime!(2026-03-01 00:00 +8));
        let sys = SystemClock;
        let by_ref: &dyn Clock = &sys;
        assert_eq!(takes(by_ref).offset(), BEIJING);
        let b: Box<dyn Clock> = Box::new(SettableClock::new(datetime!(2026-03-01 00:00 +8)));
        assert_eq!(takes(b), datetime!(2026-03-01 00:00 +8));
    }

    #[test]
    fn accelerated_clock_runs_faster_and_is_monotonic() {
        let start = datetime!(2026-02-13 09:00 +8);
        let c = AcceleratedClock::new(start, 3_600); // one real second = one virtual hour
        assert_eq!(c.factor(), 3_600);
        let t0 = c.now();
        assert!(t0 >= start);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let t1 = c.now();
        // 20 ms real ≥ 72 s virtual
        assert!(t1 - start >= Duration::seconds(72), "{t1}");
        assert!(t1 - start < Duration::days(1), "{t1}");
    }

    #[test]
    fn accelerated_clock_jump_forward_only() {
        let c = AcceleratedClock::new(datetime!(2026-02-13 09:00 +8), 1);
        let c2 = c.clone();
        c.jump_to(datetime!(2026-02-24 09:00 +8));
        let t = c2.now();
        assert!(t >= datetime!(2026-02-24 09:00 +8));
        assert!(t < datetime!(2026-02-24 09:01 +8));
        c.jump_to(datetime!(2026-02-01 00:00 +8)); // backwards: ignored
        assert!(c.now() >= t);
    }

    #[test]
    fn accelerated_clock_factor_zero_is_frozen() {
        let start = datetime!(2026-02-13 09:00 +8);
        let c = AcceleratedClock::new(start, 0);
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(c.now(), start);
        c.jump_to(datetime!(2026-03-01 00:00 +8));
        assert_eq!(c.now(), datetime!(2026-03-01 00:00 +8));
    }

    #[test]
    fn accelerated_clock_huge_factor_does_not_panic() {
        let c = AcceleratedClock::new(datetime!(2026-02-13 09:00 +8), u32::MAX);
        std::thread::sleep(std::time::Duration::from_millis(2));
        let _ = c.now();
    }
}
