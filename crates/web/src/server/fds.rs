//! File descriptors: every connection is one, and so is every file the store and the blob
//! folder open. Running out turns a bid upload into a failed write, so the server raises its
//! soft limit to the hard one at start and caps connections well below what is left.
//!
//! The budget: [`RESERVED_FDS`] for the database pools, the listener, the runtime and logs;
//! then two per connection, since a request may hold one file open (a blob being written or
//! read, or the blob folder being synced) besides its socket. With the cap at
//! `(limit - RESERVED_FDS) / 2`, even every connection writing a blob at once stays within the
//! limit.

/// Descriptors kept for everything that is not a connection.
pub const RESERVED_FDS: u64 = 128;

/// The soft limit on open files after trying to raise it to the hard limit (`None` where the
/// platform has no such limit or it is unlimited).
pub fn raise_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        if limit.current != limit.maximum {
            let raised = rustix::process::Rlimit {
                current: limit.maximum,
                maximum: limit.maximum,
            };
            match setrlimit(Resource::Nofile, raised) {
                Ok(()) => tracing::info!(
                    from = ?limit.current,
                    to = ?limit.maximum,
                    "raised the open-file limit"
                ),
                Err(e) => tracing::warn!(error = %e, "could not raise the open-file limit"),
            }
        }
        getrlimit(Resource::Nofile).current
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The connection cap: `wanted`, lowered to what `fd_limit` allows (at least 1).
pub fn connection_cap(wanted: usize, fd_limit: Option<u64>) -> usize {
    match fd_limit {
        Some(limit) => {
            let budget = limit.saturating_sub(RESERVED_FDS) / 2;
            wanted
                .min(usize::try_from(budget).unwrap_or(usize::MAX))
                .max(1)
        }
        None => wanted.max(1),
    }
}

/// Whether an accept error means the process (or system) is out of descriptors.
pub fn out_of_descriptors(e: &std::io::Error) -> bool {
    // EMFILE (24) and ENFILE (23) on Linux and the BSDs; ENOBUFS/ENOMEM are resource
    // shortages of the same kind.
    matches!(e.raw_os_error(), Some(23 | 24 | 12 | 105))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_the_reserve_and_one_file_per_connection() {
        assert_eq!(connection_cap(10_000, Some(1024)), 448);
        assert_eq!(connection_cap(10_000, Some(20_000)), 9_936);
        assert_eq!(connection_cap(500, Some(20_000)), 500);
        assert_eq!(connection_cap(10_000, None), 10_000);
        assert_eq!(connection_cap(10_000, Some(64)), 1);
    }
}
