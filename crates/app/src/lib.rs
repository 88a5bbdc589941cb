//! Use cases over the ports: execute commands (the domain decides, the store appends events and
//! projections atomically), publish checkpoints and proofs, verify everything.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod announcement;
mod auth;
pub mod bidding;
mod blobs;
pub mod center;
pub mod challenges;
mod checkpoints;
#[cfg(feature = "demo")]
pub mod demo;
pub mod deposits;
mod error;
pub mod eval_room;
pub mod experts;
mod key_proof;
mod key_record;
mod keys;
mod keys_x509;
mod log;
mod log_view;
mod pipeline;
mod platform;
pub mod projection;
pub mod queries;
pub mod registration;
pub mod scoring;
mod sight;
mod stream;
pub mod trades;
mod verify;
mod verify_against;

pub use accounts::{AccountOutcome, AwayMark, OrgView, PersonView, PostView};
pub use accounts::{MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS};
pub use auth::{
    CHALLENGE_BURST, CHALLENGE_EVERY_SECS, CHALLENGE_TTL_SECS, Challenge, IP_MAX_FAILURES,
    LOCKOUT_SECS, PAIR_MAX_FAILURES, SESSION_ABSOLUTE_SECS, SESSION_IDLE_SECS,
    SESSION_RECHECK_SECS, SM2_DISTID, SessionGrant, SessionInfo, WINDOW_SECS, address_group,
};
pub use blobs::{BlobError, BlobStore, sha256_hex};
pub use error::AppError;
pub use key_record::KeyRecord;
pub use keys::{KeyError, key_file_text, load_or_create_signer, load_signer, write_key_file};
pub use platform::{Notice, Platform};
pub use queries::LogEntry;
pub use queries::{PublicFilter, Queue, TimelineEntry, visible_to};
pub use sight::Sight;
pub use stream::{Loaded, Meta};
pub use trades::Outcome;
pub use verify::{EXEMPT, Mismatch, VerifyError, VerifyReport};
pub use verify_against::held_checkpoints;
