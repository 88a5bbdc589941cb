//! One error type for the whole crate, each variant with a stable machine code.
//!
//! The codes (`seal.not_sealed`, ...) are what the web layer maps to localized messages and what
//! the audit log records, so they must never change meaning; add new ones instead.

use thiserror::Error;

/// Everything that can go wrong while sealing, checking, opening or splitting.
///
/// Display strings are for logs and developers; users see the message the caller chooses for
/// [`SealError::code`].
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SealError {
    /// The bytes do not start with the envelope magic: an unencrypted file (PDF, zip, ...).
    /// 第26条: such a bid is refused with a message.
    #[error("not a sealed envelope (no SBSEAL magic): unencrypted files are refused")]
    NotSealed,
    /// The magic is right but the version is one this build does not know.
    #[error("envelope version {0} is not supported")]
    UnsupportedVersion(u8),
    /// A version this build reads (to open what was stored before) but no longer accepts at
    /// upload: version 1 does not state the ciphertext's length.
    #[error("envelope version {0} is outdated: seal the bid again with the current tool")]
    OutdatedVersion(u8),
    /// The ciphertext is shorter than the header declares: the file was cut off.
    #[error(
        "envelope is cut off: the header declares {declared} bytes of ciphertext, the file has {actual}"
    )]
    Truncated {
        /// Ciphertext length the header states.
        declared: u64,
        /// Ciphertext bytes present.
        actual: u64,
    },
    /// Bytes follow the ciphertext the header declares: something was appended.
    #[error(
        "envelope has bytes appended: the header declares {declared} bytes of ciphertext, the file has {actual}"
    )]
    TrailingData {
        /// Ciphertext length the header states.
        declared: u64,
        /// Ciphertext bytes present.
        actual: u64,
    },
    /// The envelope's suite is not of the opening key's family (X25519 or SM2).
    #[error("envelope uses suite {found}, the opening key is for {expected}")]
    WrongSuite {
        /// The opening key's suite.
        expected: &'static str,
        /// The suite in the header.
        found: &'static str,
    },
    /// The suite byte names no known suite.
    #[error("unknown suite id {0}")]
    UnknownSuite(u8),
    /// The suite name string is not one of the known suites.
    #[error("unknown suite name {0:?}")]
    UnknownSuiteName(String),
    /// The magic is right but a field is truncated, too long, or inconsistent.
    #[error("malformed envelope: {0}")]
    Malformed(&'static str),
    /// A share envelope where a bid was expected, or the other way round.
    #[error("envelope is a {found}, expected a {expected}")]
    WrongKind {
        /// What the caller wanted.
        expected: &'static str,
        /// What the header says.
        found: &'static str,
    },
    /// The envelope was sealed for another trade.
    #[error("envelope is addressed to trade {found:?}, not {expected:?}")]
    WrongTrade {
        /// The trade the caller is handling.
        expected: String,
        /// The trade in the header.
        found: String,
    },
    /// The envelope was sealed to another key (or another suite) than the one offered.
    #[error("envelope is sealed to key {found}, not {expected}")]
    WrongKey {
        /// Key id (hex) of the key the caller holds or published.
        expected: String,
        /// Key id (hex) in the header.
        found: String,
    },
    /// Authentication failed: the ciphertext or the header was changed, or the key is wrong in a
    /// way the key id could not reveal.
    #[error("decryption failed: the envelope was altered or the key does not fit")]
    DecryptFailed,
    /// A public or secret key is not a valid point / scalar for its suite.
    #[error("invalid key: {0}")]
    BadKey(&'static str),
    /// Threshold parameters outside 1 ≤ k ≤ n ≤ 255.
    #[error("invalid threshold k={k} n={n}: need 1 <= k <= n <= 255")]
    BadThreshold {
        /// Shares needed.
        k: usize,
        /// Shares made.
        n: usize,
    },
    /// `combine` was called with no shares at all.
    #[error("no shares given")]
    NoShares,
    /// Two shares carry the same index (the same custodian twice).
    #[error("share index {0} given twice")]
    DuplicateShare(u8),
    /// Share bytes are the wrong length or use index 0.
    #[error("malformed share: {0}")]
    BadShare(&'static str),
    /// The recombined key's public half is not the opening public key: fewer than k shares, or
    /// at least one wrong share. Check each share against its published commitment to find it.
    #[error("shares do not recombine to the opening key (fewer than k, or a wrong share)")]
    SharesMismatch,
    /// The bid package JSON is not valid.
    #[error("invalid bid package: {0}")]
    Package(#[from] PackageError),
    /// A primitive failed for a reason that is not the caller's input (should not happen).
    #[error("cryptographic failure: {0}")]
    Crypto(&'static str),
}

impl SealError {
    /// Stable machine-readable code, e.g. `seal.not_sealed`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotSealed => "seal.not_sealed",
            Self::UnsupportedVersion(_) => "seal.unsupported_version",
            Self::OutdatedVersion(_) => "seal.outdated_version",
            Self::Truncated { .. } => "seal.truncated",
            Self::TrailingData { .. } => "seal.trailing_data",
            Self::WrongSuite { .. } => "seal.wrong_suite",
            Self::UnknownSuite(_) | Self::UnknownSuiteName(_) => "seal.unknown_suite",
            Self::Malformed(_) => "seal.malformed",
            Self::WrongKind { .. } => "seal.wrong_kind",
            Self::WrongTrade { .. } => "seal.wrong_trade",
            Self::WrongKey { .. } => "seal.wrong_key",
            Self::DecryptFailed => "seal.decrypt_failed",
            Self::BadKey(_) => "seal.bad_key",
            Self::BadThreshold { .. } => "seal.bad_threshold",
            Self::NoShares => "seal.no_shares",
            Self::DuplicateShare(_) => "seal.duplicate_share",
            Self::BadShare(_) => "seal.bad_share",
            Self::SharesMismatch => "seal.shares_mismatch",
            Self::Package(p) => p.code(),
            Self::Crypto(_) => "seal.crypto_failure",
        }
    }
}

/// Why a bid package was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackageError {
    /// Not JSON, or JSON of the wrong shape (missing or unknown fields, bad base64).
    #[error("malformed package JSON: {0}")]
    Malformed(String),
    /// The `format` field is not `sunbid-bid/1`.
    #[error("unknown package format {0:?}")]
    WrongFormat(String),
    /// No files: a bid must carry at least one document.
    #[error("a bid package needs at least one file")]
    NoFiles,
    /// Negative price.
    #[error("price must not be negative")]
    NegativePrice,
    /// A file's declared SHA-256 does not match its content.
    #[error("file {0:?}: sha256 does not match its content")]
    HashMismatch(String),
    /// A file name is empty, contains a path separator or a control character, or repeats
    /// within the same lot.
    #[error("file name {0:?} is empty, contains a path separator or control character, or repeats")]
    BadFileName(String),
    /// The trade or bidder field is empty.
    #[error("field {0} must not be empty")]
    EmptyField(&'static str),
}

impl PackageError {
    /// Stable machine-readable code, e.g. `seal.package_hash_mismatch`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "seal.package_malformed",
            Self::WrongFormat(_) => "seal.package_wrong_format",
            Self::NoFiles => "seal.package_no_files",
            Self::NegativePrice => "seal.package_negative_price",
            Self::HashMismatch(_) => "seal.package_hash_mismatch",
            Self::BadFileName(_) => "seal.package_bad_file_name",
            Self::EmptyField(_) => "seal.package_empty_field",
        }
    }
}
