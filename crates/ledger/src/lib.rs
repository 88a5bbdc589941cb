//! The verifiable log: event envelope and its canonical encoding, the RFC 6962 / RFC 9162
//! Merkle tree over leaf hashes, signed checkpoints (C2SP signed-note / tlog-checkpoint) and
//! inclusion / consistency proofs. Pure: no I/O, no async.
#![forbid(unsafe_code)]

mod bundle;
mod canonical;
mod chain;
mod checkpoint;
mod frontier;
mod hash;
pub mod merkle;
mod note;
mod record;
mod signer;

pub use bundle::{BundleError, ConsistencyBundle, InclusionBundle};
pub use canonical::{CanonicalError, canonical_json};
pub use chain::{ChainError, check_chain};
pub use checkpoint::{CHAIN_LINE, Chain, Checkpoint, CheckpointError};
pub use frontier::{Frontier, FrontierError};
pub use hash::{Hash, HashParseError};
pub use merkle::{
    ProofError, consistency_proof, empty_root, inclusion_proof, leaf_hash, node_hash, root,
    verify_consistency, verify_inclusion,
};
pub use note::{ALG_ED25519, NoteError, key_id, parse_note_unverified};
pub use record::EventRecord;
pub use signer::{NoteSigner, NoteVerifier};
