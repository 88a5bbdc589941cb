//! Checking a bid receipt without an account and without the platform: the record hashes to
//! the proven leaf, the leaf is in the tree the signed checkpoint states, and the record is
//! the submission of exactly the receipt's ciphertext (and of the envelope file, if given),
//! its size and time. One format and one check for the CLI (`sunbid receipt verify`) and the
//! public check page (`/verify`).

use domain::TradeEvent;
use ledger::NoteVerifier;

use super::BidReceipt;

/// What a checked receipt proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedReceipt {
    pub trade: String,
    pub handle: String,
    pub envelope_sha256: String,
    pub received_at: String,
    pub leaf_index: u64,
    pub tree_size: u64,
}

/// Checks `receipt` against the checkpoint key `verifier_key` (signed-note verifier format;
/// pin the platform's published key rather than trusting the one inside the receipt) and,
/// optionally, the sealed file the bidder kept.
pub fn check_receipt(
    receipt: &BidReceipt,
    verifier_key: &str,
    envelope: Option<&[u8]>,
) -> Result<CheckedReceipt, String> {
    let verifier = NoteVerifier::new(verifier_key).map_err(|e| format!("verifier key: {e}"))?;
    let data = receipt
        .record
        .canonical_bytes()
        .map_err(|e| format!("record: {e}"))?;
    receipt
        .inclusion
        .check_leaf_data(&data, &verifier)
        .map_err(|e| format!("proof: {e}"))?;
    if receipt.record.kind != "trade.bid_submitted" {
        return Err(format!(
            "the record is a {}, not a bid submission",
            receipt.record.kind
        ));
    }
    let event: TradeEvent = serde_json::from_value(receipt.record.payload.clone())
        .map_err(|e| format!("record payload: {e}"))?;
    let TradeEvent::BidSubmitted { bid, .. } = event else {
        return Err("the record is not a bid submission".into());
    };
    if bid.envelope.sha256.as_str() != receipt.envelope_sha256 {
        return Err("the record names another ciphertext than the receipt".into());
    }
    if bid.handle.as_str() != receipt.handle {
        return Err("the record names another bid handle than the receipt".into());
    }
    // Every field the receipt states is bound to the record the proof covers.
    if bid.envelope.size != receipt.envelope_size {
        return Err("the record names another ciphertext size than the receipt".into());
    }
    let received = time::OffsetDateTime::parse(
        &receipt.received_at,
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|e| format!("received_at: {e}"))?;
    if received != bid.at {
        return Err("the record names another time of receipt than the receipt".into());
    }
    // A bid's events live in its own sealed stream of the trade (docs/SEALING.md).
    let trade = domain::TradeId::parse(&receipt.trade).map_err(|e| format!("trade: {e}"))?;
    let own_stream = format!(
        "{}bid-{}",
        crate::projection::sealed_prefix(&trade),
        receipt.handle
    );
    if receipt.record.stream != own_stream {
        return Err("the record belongs to another trade or bid than the receipt".into());
    }
    if let Some(bytes) = envelope
        && crate::blobs::sha256_hex(bytes) != receipt.envelope_sha256
    {
        return Err("the sealed file does not match the receipt's hash".into());
    }
    Ok(CheckedReceipt {
        trade: receipt.trade.clone(),
        handle: receipt.handle.clone(),
        envelope_sha256: receipt.envelope_sha256.clone(),
        received_at: receipt.received_at.clone(),
        leaf_index: receipt.inclusion.leaf_index,
        tree_size: receipt.inclusion.tree_size,
    })
}

/// Checks that the log a server shows now still holds `receipt`: `current` is the server's
/// latest signed checkpoint (`GET /api/log/checkpoint`) and `proof` the consistency proof from
/// the receipt's tree size to it (`GET /api/log/proof/consistency?from=..&to=..`). Refuses a
/// log shorter than the receipt's checkpoint (rolled back) or one whose tree no longer
/// extends it (rewritten), either of which means the server no longer holds the bid as it
/// was receipted. Returns the server's current checkpoint.
pub fn check_receipt_still_held(
    receipt: &BidReceipt,
    verifier_key: &str,
    current: &str,
    proof: &[ledger::Hash],
) -> Result<ledger::Checkpoint, String> {
    let verifier = NoteVerifier::new(verifier_key).map_err(|e| format!("verifier key: {e}"))?;
    let held = verifier
        .verify(&receipt.inclusion.checkpoint)
        .map_err(|e| format!("the receipt's checkpoint: {e}"))?;
    let now = verifier
        .verify(current)
        .map_err(|e| format!("the server's checkpoint: {e}"))?;
    if now.origin != held.origin {
        return Err(format!(
            "the server's log is {}, the receipt's {}",
            now.origin, held.origin
        ));
    }
    if now.size < held.size {
        return Err(format!(
            "the server's log has {} entries, fewer than the {} of the receipt's checkpoint: it was rolled back and no longer holds the bid",
            now.size, held.size
        ));
    }
    ledger::verify_consistency(held.size, now.size, &held.root, &now.root, proof).map_err(|e| {
        format!(
            "the server's log does not extend the receipt's checkpoint (size {}): entries were changed or removed, the bid is not held as receipted ({e})",
            held.size
        )
    })?;
    Ok(now)
}
