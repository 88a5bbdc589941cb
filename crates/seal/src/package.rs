//! The bid package: the plaintext inside a bid envelope.
//!
//! JSON, so that a custodian who recovered a bid with other tools can read it with anything:
//!
//! ```json
//! {"format":"sunbid-bid/1","trade":"T-2026-001","bidder":"91110000600037341X",
//!  "price_fen":123456789,"period_days":90,"deposit_account":"6222...",
//!  "files":[{"name":"技术标.pdf","lot":"1","sha256":"<hex>","content_b64":"<base64>"}]}
//! ```
//!
//! Kept independent of the other crates: the bidder's USCC is a plain string here and the
//! caller validates it (and checks trade/bidder against the upload context).

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{PackageError, SealError};

/// The `format` value of this version.
pub const PACKAGE_FORMAT: &str = "sunbid-bid/1";

/// One document of a bid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BidFile {
    /// File name as the bidder named it (no path).
    pub name: String,
    /// The lot (标段/包) the file belongs to, if the trade has lots (第26条: lot-wise sealing).
    pub lot: Option<String>,
    /// SHA-256 of `content`.
    pub sha256: [u8; 32],
    /// The file bytes.
    pub content: Vec<u8>,
}

impl BidFile {
    /// A file with its hash computed.
    pub fn new(name: impl Into<String>, lot: Option<String>, content: Vec<u8>) -> Self {
        let sha256 = Sha256::digest(&content).into();
        Self {
            name: name.into(),
            lot,
            sha256,
            content,
        }
    }
}

/// What a bidder submits: who, for which trade, at what price and period, and the documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BidPackage {
    /// Trade id (must equal the envelope's trade).
    pub trade: String,
    /// The bidder's unified social credit code (18 characters; validated by the caller).
    pub bidder: String,
    /// Bid price in fen (0.01 CNY); not negative.
    pub price_fen: i64,
    /// Performance / delivery period in days.
    pub period_days: u32,
    /// Account the deposit was paid from, if any.
    pub deposit_account: Option<String>,
    /// At least one document.
    pub files: Vec<BidFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WirePackage {
    format: String,
    trade: String,
    bidder: String,
    price_fen: i64,
    period_days: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deposit_account: Option<String>,
    files: Vec<WireFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireFile {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lot: Option<String>,
    sha256: String,
    content_b64: String,
}

impl BidPackage {
    /// Checks the package: non-empty trade and bidder, price ≥ 0, at least one file, each file
    /// name plain and unique within its lot, each hash matching its content.
    pub fn validate(&self) -> Result<(), PackageError> {
        if self.trade.trim().is_empty() {
            return Err(PackageError::EmptyField("trade"));
        }
        if self.bidder.trim().is_empty() {
            return Err(PackageError::EmptyField("bidder"));
        }
        if self.price_fen < 0 {
            return Err(PackageError::NegativePrice);
        }
        if self.files.is_empty() {
            return Err(PackageError::NoFiles);
        }
        let mut names = HashSet::new();
        for f in &self.files {
            // Names become file names when the opening extracts the bid: no paths, no controls.
            let bad = f.name.trim().is_empty()
                || f.name == "."
                || f.name == ".."
                || f.name
                    .chars()
                    .any(|c| c == '/' || c == '\\' || c.is_control());
            if bad || !names.insert((f.lot.as_deref(), f.name.as_str())) {
                return Err(PackageError::BadFileName(f.name.clone()));
            }
            if <[u8; 32]>::from(Sha256::digest(&f.content)) != f.sha256 {
                return Err(PackageError::HashMismatch(f.name.clone()));
            }
        }
        Ok(())
    }

    /// Validates and serialises to JSON bytes (the envelope plaintext).
    pub fn to_bytes(&self) -> Result<Vec<u8>, SealError> {
        self.validate()?;
        let wire = WirePackage {
            format: PACKAGE_FORMAT.to_owned(),
            trade: self.trade.clone(),
            bidder: self.bidder.clone(),
            price_fen: self.price_fen,
            period_days: self.period_days,
            deposit_account: self.deposit_account.clone(),
            files: self
                .files
                .iter()
                .map(|f| WireFile {
                    name: f.name.clone(),
                    lot: f.lot.clone(),
                    sha256: hex::encode(f.sha256),
                    content_b64: B64.encode(&f.content),
                })
                .collect(),
        };
        Ok(serde_json::to_vec(&wire).expect("plain data serialises"))
    }

    /// Parses and validates JSON bytes (an opened envelope).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SealError> {
        let wire: WirePackage =
            serde_json::from_slice(bytes).map_err(|e| PackageError::Malformed(e.to_string()))?;
        if wire.format != PACKAGE_FORMAT {
            return Err(PackageError::WrongFormat(wire.format).into());
        }
        let files = wire
            .files
            .into_iter()
            .map(|f| {
                let sha256: [u8; 32] = hex::decode(&f.sha256)
                    .ok()
                    .and_then(|v| v.try_into().ok())
                    .ok_or_else(|| PackageError::HashMismatch(f.name.clone()))?;
                let content = B64
                    .decode(&f.content_b64)
                    .map_err(|e| PackageError::Malformed(format!("file {:?}: {e}", f.name)))?;
                Ok(BidFile {
                    name: f.name,
                    lot: f.lot,
                    sha256,
                    content,
                })
            })
            .collect::<Result<Vec<_>, PackageError>>()?;
        let pkg = BidPackage {
            trade: wire.trade,
            bidder: wire.bidder,
            price_fen: wire.price_fen,
            period_days: wire.period_days,
            deposit_account: wire.deposit_account,
            files,
        };
        pkg.validate()?;
        Ok(pkg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BidPackage {
        BidPackage {
            trade: "T-1".into(),
            bidder: "91110000600037341X".into(),
            price_fen: 12_345,
            period_days: 30,
            deposit_account: None,
            files: vec![
                BidFile::new("商务标.pdf", Some("1".into()), b"%PDF-1.7 ...".to_vec()),
                BidFile::new("商务标.pdf", Some("2".into()), b"other lot".to_vec()),
            ],
        }
    }

    #[test]
    fn round_trip() {
        let p = sample();
        let bytes = p.to_bytes().unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("deposit_account"));
        assert_eq!(BidPackage::from_bytes(&bytes).unwrap(), p);
    }

    #[test]
    fn refusals() {
        let mut p = sample();
        p.price_fen = -1;
        assert_eq!(
            p.to_bytes().unwrap_err().code(),
            "seal.package_negative_price"
        );
        let mut p = sample();
        p.files.clear();
        assert_eq!(p.to_bytes().unwrap_err().code(), "seal.package_no_files");
        let mut p = sample();
        p.files[0].content.push(0);
        assert_eq!(
            p.to_bytes().unwrap_err().code(),
            "seal.package_hash_mismatch"
        );
        for name in ["../x", "a/b", "a\\b", "", "..", "a\nb"] {
            let mut p = sample();
            p.files[0] = BidFile::new(name, None, vec![1]);
            assert_eq!(
                p.to_bytes().unwrap_err().code(),
                "seal.package_bad_file_name",
                "{name:?}"
            );
        }
        let mut p = sample();
        p.files[1].lot = Some("1".into());
        assert_eq!(
            p.to_bytes().unwrap_err().code(),
            "seal.package_bad_file_name"
        );
        let mut p = sample();
        p.bidder = " ".into();
        assert_eq!(p.to_bytes().unwrap_err().code(), "seal.package_empty_field");

        // Tampered JSON: hash no longer matches, unknown field, other format, not JSON.
        let json = String::from_utf8(sample().to_bytes().unwrap()).unwrap();
        let h = hex::encode(Sha256::digest(b"x"));
        let tampered = json.replacen(&hex::encode(sample().files[0].sha256), &h, 1);
        assert_eq!(
            BidPackage::from_bytes(tampered.as_bytes())
                .unwrap_err()
                .code(),
            "seal.package_hash_mismatch"
        );
        let extra = json.replacen("{", "{\"x\":1,", 1);
        assert_eq!(
            BidPackage::from_bytes(extra.as_bytes()).unwrap_err().code(),
            "seal.package_malformed"
        );
        let other = json.replacen("sunbid-bid/1", "sunbid-bid/9", 1);
        assert_eq!(
            BidPackage::from_bytes(other.as_bytes()).unwrap_err().code(),
            "seal.package_wrong_format"
        );
        assert_eq!(
            BidPackage::from_bytes(b"%PDF").unwrap_err().code(),
            "seal.package_malformed"
        );
    }
}
