//! The bid key: a secret the bidder holds (its client makes it, or the platform gives it once
//! in the receipt). The log keeps only values derived one way from it: the bid's handle and
//! the token hash that modifying or withdrawing needs. A retried upload with the same key
//! lands on the same handle, so it never makes a second bid.

use domain::TradeId;
use domain::trade::sealed::BidHandle;
use domain::values::Sha256Hex;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// A bid key: 22 to 128 characters of `A-Z a-z 0-9 - _` (base64url or hex of ≥ 16 random
/// bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct BidKey(String);

impl std::fmt::Debug for BidKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BidKey(..)")
    }
}

impl BidKey {
    pub fn parse(s: &str) -> Result<BidKey, AppError> {
        let ok = (22..=128).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
        if ok {
            Ok(BidKey(s.to_owned()))
        } else {
            Err(AppError::rule(
                "bid.bad_key",
                "the bid key must be 22-128 characters of A-Z a-z 0-9 - _",
            ))
        }
    }

    /// 32 random bytes, hex.
    pub fn random() -> BidKey {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system gives randomness");
        BidKey(hex::encode(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn digest(parts: &[&str]) -> Sha256Hex {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(b"\n");
    }
    Sha256Hex::parse(&hex::encode(h.finalize())).expect("a digest is 64 hex characters")
}

/// The bid's public handle in `trade`, round `round`.
pub fn bid_handle(trade: &TradeId, round: u32, key: &BidKey) -> BidHandle {
    digest(&[
        "sunbid/bid-handle/v1",
        trade.as_str(),
        &round.to_string(),
        key.as_str(),
    ])
}

/// What the log keeps to check a later modification or withdrawal.
pub fn bid_token_hash(key: &BidKey) -> Sha256Hex {
    digest(&["sunbid/bid-token/v1", key.as_str()])
}
