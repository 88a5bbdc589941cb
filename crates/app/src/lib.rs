//! Use cases over the ports: execute commands (the domain decides, the store appends events and
//! projections atomically), publish checkpoints and proofs, verify everything.
#![forbid(unsafe_code)]

mod blobs;
pub mod demo;
mod error;
mod keys;
mod log;
mod platform;
pub mod projection;
mod queries;
mod stream;
mod trades;
mod verify;

pub use blobs::{BlobError, BlobStore, sha256_hex};
pub use error::AppError;
pub use keys::{KeyError, load_or_create_signer};
pub use platform::Platform;
pub use queries::{PublicFilter, Queue, TimelineEntry};
pub use stream::{Loaded, Meta};
pub use trades::Outcome;
pub use verify::{EXEMPT, Mismatch, VerifyError, VerifyReport};
