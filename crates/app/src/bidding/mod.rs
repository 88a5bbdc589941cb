//! Sealed bids (issue #4): the opening key of a round, sealed labels, submission with a
//! receipt, and the remote opening. Nothing persisted before the opening ties a bidder to a
//! trade: envelopes are ciphertext, labels are sealed to the opening key, and the log records
//! no actor for sealed events. See docs/SEALING.md for the formats and trust assumptions.

mod custodians;
mod desk;
mod keys;
mod labels;
mod opening;
mod receipt;
mod submit;
mod view;

pub use custodians::OpeningPolicy;
pub use desk::{
    BidDesk, Custodian, ObjectionRow, OpeningRoom, OpeningYou, RecordRow, announced_state,
    bid_desk, opening_room, title,
};
pub use keys::{BidKey, bid_handle, bid_token_hash};
pub(crate) use labels::{open_json as unsealed_json, seal_json as sealed_json};
pub(crate) use opening::PendingShares;
pub use opening::{ShareOutcome, submit_share};
pub use receipt::{CheckedReceipt, check_receipt, check_receipt_still_held};
pub use submit::{
    BidReceipt, BidSubmission, BidUpload, caller_org, may_upload, submit_bid, withdraw_bid,
};
pub use view::{
    CustodianStatus, ObjectionView, OpeningKeyView, OpeningRecordView, OpeningView, bid_limit,
    opening_key, opening_record, opening_view,
};

/// The sealed label of whoever asked a question on the documents.
pub(crate) fn seal_question_label(
    trade: &domain::TradeId,
    key: &domain::trade::sealed::OpeningKey,
    bidder: &domain::UnifiedSocialCreditCode,
    actor: &domain::Actor,
    ip: Option<&str>,
) -> Result<domain::trade::sealed::SealedLabel, crate::AppError> {
    labels::seal_label(trade, key, "question", bidder, actor, ip)
}

/// The sealed label of an obtaining of the documents.
pub(crate) fn seal_obtain_label(
    trade: &domain::TradeId,
    key: &domain::trade::sealed::OpeningKey,
    bidder: &domain::UnifiedSocialCreditCode,
    actor: &domain::Actor,
    ip: Option<&str>,
) -> Result<domain::trade::sealed::SealedLabel, crate::AppError> {
    labels::seal_label(trade, key, "obtain", bidder, actor, ip)
}

/// Fresh randomness from the operating system, for keys, tokens and HPKE.
pub(crate) fn os_rng() -> impl seal::rand_core::CryptoRng {
    seal::os_rng()
}

/// The public half of a round's opening key, as the `seal` crate takes it.
pub fn opening_public_key(
    key: &domain::trade::sealed::OpeningKey,
) -> Result<seal::OpeningPublicKey, crate::AppError> {
    labels::public_key(key)
}

/// A custodian's encrypted share from its base64 form in the opening key.
pub fn decode_share(encrypted: &str) -> Result<Vec<u8>, crate::AppError> {
    custodians::base64_decode(encrypted)
}

/// A share as the share route takes it (base64).
pub fn encode_share(share: &[u8]) -> String {
    custodians::base64_encode(share)
}
