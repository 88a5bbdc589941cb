//! The conformance suite every storage backend must pass. Each test is a `pub async fn`
//! taking a fresh, empty store; a backend runs them all with one line:
//!
//! ```ignore
//! async fn with_store<F: FnOnce(MyStore) -> Fut, Fut: Future<Output = ()>>(test: F) { ... }
//! store_tests::conformance_tests!(with_store);
//! ```
//!
//! which expands to one `#[tokio::test]` per suite test (the using crate needs `tokio`), so a
//! test added here runs on every backend without touching them.
#![forbid(unsafe_code)]

mod append;
mod checkpoints;
mod concurrent;
pub mod fixtures;
mod projections;
mod sessions;
mod tamper;
mod tree;

pub use append::{
    append_and_read_back, invalid_records_leave_nothing, load_prefix_in_seq_order,
    multi_stream_batch_is_atomic, multi_stream_batch_takes_consecutive_seqs,
    stale_version_conflicts_and_leaves_nothing, versions_and_gapless_global_seq,
};
pub use checkpoints::{checkpoint_numbers_are_stored_once, checkpoints_save_list_latest_at};
pub use concurrent::{concurrent_appends_lose_nothing, concurrent_appends_through};
pub use projections::{
    projections_in_failed_batch_are_not_written, projections_upsert_delete_list,
};
pub use sessions::{
    sessions_create_get_expire, sessions_delete_one_person_and_expired,
    sessions_touch_slides_expiry,
};
pub use tamper::corrupt_rows_are_named;
pub use tree::{empty_store, tree_head_matches_ledger};

/// Expands to one `#[tokio::test]` per suite test, each calling `$with_store(test)`, where
/// `$with_store` builds a fresh store, hands it to the test and cleans up after it.
#[macro_export]
macro_rules! conformance_tests {
    ($with_store:path) => {
        $crate::conformance_tests!(@each $with_store;
            empty_store,
            append_and_read_back,
            versions_and_gapless_global_seq,
            stale_version_conflicts_and_leaves_nothing,
            multi_stream_batch_is_atomic,
            multi_stream_batch_takes_consecutive_seqs,
            load_prefix_in_seq_order,
            invalid_records_leave_nothing,
            tree_head_matches_ledger,
            projections_upsert_delete_list,
            projections_in_failed_batch_are_not_written,
            checkpoints_save_list_latest_at,
            checkpoint_numbers_are_stored_once,
            concurrent_appends_lose_nothing,
            sessions_create_get_expire,
            sessions_touch_slides_expiry,
            sessions_delete_one_person_and_expired,
        );
    };
    (@each $with_store:path; $($name:ident),+ $(,)?) => {
        $(
            // Several worker threads, so that the concurrency test really races.
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() {
                $with_store($crate::$name).await;
            }
        )+
    };
}
