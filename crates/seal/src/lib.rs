//! Sealed bids for Sunbid.
//!
//! Bids are encrypted on the bidder's side, before they leave it, to a per-trade *opening key*.
//! The opening key's private half is split k-of-n (Shamir) among custodians at the moment it is
//! generated and never stored, so nobody — the platform operator included — can read a bid
//! before k custodians bring their shares to the opening (电子招标投标办法 第26/27条).
//!
//! * [`Suite`]: `hpke-x25519-chacha20poly1305` (CLI default), `hpke-x25519-aes256gcm`
//!   (browsers, see `crates/web/static/seal.js`), `sm2-sm4` (national algorithms).
//! * [`seal`] / [`Envelope::parse`] / [`check_bid_upload`] / [`open`] / [`open_all`]: the
//!   envelope, whose byte layout is documented in [`envelope`] and `docs/SEALING.md`.
//! * [`OpeningKeyPair`], [`split`], [`share_commitment`], [`combine`]: the key lifecycle.
//! * [`seal_share`], [`open_share_x25519`], [`open_share_ed25519`], [`open_share_sm2`]: shares
//!   sealed to custodians' own keys (an X25519 opening key their browser keeps, or their
//!   sign-in key).
//! * [`BidPackage`]: the JSON plaintext inside a bid envelope.
//!
//! The crate is pure: no async, no storage, no network. Randomness comes from the caller
//! (`rand_core` 0.10 [`CryptoRng`](rand_core::CryptoRng)); [`os_rng`] is the operating system's.
//!
//! # The whole lifecycle
//!
//! ```
//! use seal::*;
//!
//! let mut rng = os_rng();
//! let trade = "GC-2026-0042";
//! let custodian_seeds = [[1u8; 32], [2u8; 32], [3u8; 32]];
//! let custodians: Vec<CustodianKey> = custodian_seeds
//!     .iter()
//!     .map(|s| CustodianKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(s).verifying_key().to_bytes()))
//!     .collect();
//!
//! // Bid period opens: generate, split 2-of-3, seal each share to its custodian. Publish the
//! // public key, its id and the share commitments; store the sealed shares; keep no secret.
//! let (public, secret) = OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng).into_parts();
//! let shares = split(&secret, 2, 3, &mut rng)?;
//! drop(secret);
//! let commitments: Vec<[u8; 32]> = shares.iter().map(share_commitment).collect();
//! let sealed_shares = custodians
//!     .iter()
//!     .zip(&shares)
//!     .map(|(c, s)| seal_share(c, trade, s, &mut rng))
//!     .collect::<Result<Vec<_>, _>>()?;
//! drop(shares);
//!
//! // A bidder seals a package; the server checks the upload without being able to read it.
//! let package = BidPackage {
//!     trade: trade.into(),
//!     bidder: "91350100M000100Y43".into(),
//!     price_fen: 10_000_000,
//!     period_days: 90,
//!     deposit_account: None,
//!     files: vec![BidFile::new("投标函.pdf", None, b"%PDF-1.7 ...".to_vec())],
//! };
//! let envelope = seal(&public, trade, &package.to_bytes()?, &mut rng)?;
//! check_bid_upload(&envelope, trade, &public)?;
//!
//! // Opening: two custodians open their shares, each checked against its commitment.
//! let mut brought = Vec::new();
//! for i in [0, 2] {
//!     let (for_trade, share) = open_share_ed25519(&custodian_seeds[i], &sealed_shares[i])?;
//!     assert!(for_trade == trade && verify_share(&share, &commitments[i]));
//!     brought.push(share);
//! }
//! let opening_key = combine(&brought, &public)?;
//! let opened = open_all(&opening_key, &[envelope.as_slice()]);
//! assert_eq!(BidPackage::from_bytes(opened[0].as_ref().unwrap())?, package);
//! # Ok::<(), SealError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod custodian;
pub mod envelope;
mod error;
pub mod header;
pub mod keys;
pub mod package;
mod parallel;
pub mod shamir;
mod suite;

pub use custodian::{
    CustodianKey, ed25519_seed_to_x25519, open_share_ed25519, open_share_sm2, open_share_x25519,
    seal_share, x25519_public_key,
};
pub use envelope::{EnvelopeKind, open, seal};
pub use error::{PackageError, SealError};
pub use header::{Envelope, EnvelopeHeader, check_addressed_to, check_bid_upload};
pub use keys::{OpeningKeyPair, OpeningPublicKey, OpeningSecretKey};
pub use package::{BidFile, BidPackage, PACKAGE_FORMAT};
pub use parallel::{BenchFigures, bench_unseal, open_all};
pub use rand_core;
pub use shamir::{SHARE_LEN, Share, combine, share_commitment, split, verify_share};
pub use suite::Suite;

/// The operating system's CSPRNG (getrandom), as a `rand_core` 0.10 `CryptoRng`.
///
/// # Panics
/// Using it panics if the OS refuses randomness, which on the supported platforms only happens
/// when the system is broken; sealing must not go on with bad randomness anyway.
pub fn os_rng() -> impl rand_core::CryptoRng {
    rand_core::UnwrapErr(getrandom::SysRng)
}
