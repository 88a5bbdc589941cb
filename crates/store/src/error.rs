use thiserror::Error;

/// Storage errors stay storage errors; the app maps them once.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Optimistic concurrency: the stream moved on since it was read.
    #[error("stream {stream} is at version {actual}, expected {expected}")]
    Conflict {
        stream: String,
        expected: u64,
        actual: u64,
    },
    /// A checkpoint with this size exists with different content.
    #[error("a different checkpoint of size {size} is already stored")]
    CheckpointMismatch { size: u64 },
    /// Stored data that cannot be read back (a tampered or corrupt row).
    #[error("corrupt row in {table} at {key}: {detail}")]
    Corrupt {
        table: &'static str,
        key: String,
        detail: String,
    },
    #[error("storage backend: {0}")]
    Backend(String),
}
