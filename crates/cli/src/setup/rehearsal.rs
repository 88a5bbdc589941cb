//! The rehearsal clock of `sunbid serve --clock-offset-file`: the wall clock plus a number of
//! seconds read from a file, re-read whenever the file changes. A rehearsal or a browser test
//! moves the server's legal time (20 days of bidding, seven working days of publicity) by
//! writing that file; never used by a center in service (docs/OPERATIONS.md).
use std::path::PathBuf;
use std::sync::Mutex;

use legal_time::{Clock, SystemClock};
use time::{Duration, OffsetDateTime};

/// Wall clock + the offset in the file (whole seconds, may be negative; a missing or empty
/// file means 0). A file that does not hold a number keeps the last good offset, logged.
#[derive(Debug)]
pub struct OffsetFileClock {
    path: PathBuf,
    offset: Mutex<i64>,
}

impl OffsetFileClock {
    pub fn new(path: PathBuf) -> Self {
        let clock = Self {
            path,
            offset: Mutex::new(0),
        };
        let offset = clock.offset();
        tracing::warn!(file = %clock.path.display(), offset_seconds = offset,
            "rehearsal clock: server time is the wall clock plus the offset in this file");
        clock
    }

    /// The current offset in seconds. The file is tiny and read at every call: a change is
    /// seen at once, even one within the file system's timestamp granularity.
    pub fn offset(&self) -> i64 {
        let mut offset = self.offset.lock().unwrap_or_else(|e| e.into_inner());
        let text = std::fs::read_to_string(&self.path).unwrap_or_default();
        let read = match text.trim() {
            "" => Some(0),
            t => t.parse::<i64>().ok(),
        };
        match read {
            Some(secs) if secs != *offset => {
                tracing::info!(offset_seconds = secs, "rehearsal clock moved");
                *offset = secs;
            }
            Some(_) => {}
            None => tracing::warn!(content = text.trim(), "rehearsal clock: not a number, kept"),
        }
        *offset
    }
}

impl Clock for OffsetFileClock {
    fn now(&self) -> OffsetDateTime {
        SystemClock.now() + Duration::seconds(self.offset())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: OffsetDateTime, b: OffsetDateTime) -> bool {
        (a - b).abs() < Duration::seconds(5)
    }

    #[test]
    fn the_clock_follows_the_file_as_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("offset");
        let clock = OffsetFileClock::new(path.clone());
        // No file yet: the wall clock.
        assert!(close(clock.now(), SystemClock.now()));
        std::fs::write(&path, "86400\n").unwrap();
        assert!(close(clock.now(), SystemClock.now() + Duration::days(1)));
        std::fs::write(&path, "1814400\n").unwrap();
        assert!(close(clock.now(), SystemClock.now() + Duration::days(21)));
        // Garbage keeps the last good offset.
        std::fs::write(&path, "soon").unwrap();
        assert_eq!(clock.offset(), 1_814_400);
        std::fs::write(&path, "-3600").unwrap();
        assert!(close(clock.now(), SystemClock.now() - Duration::hours(1)));
    }
}
