//! Sealed labels: who submitted a bid or obtained the documents, and from where, sealed to
//! the round's opening key so that the log can hold it without anyone reading it before the
//! opening (电子招标投标办法 第21条; the audit trail of 第49条 is complete after it).

use domain::trade::sealed::{OpeningKey, SealedLabel};
use domain::{Actor, TradeId, UnifiedSocialCreditCode};
use serde::{Deserialize, Serialize};

use super::custodians::{base64_decode, base64_encode};
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Label {
    /// "bid" or "obtain".
    pub kind: String,
    pub org: UnifiedSocialCreditCode,
    pub person: String,
    pub on_behalf_of: Option<String>,
    pub ip: Option<String>,
}

/// Labels are sealed like bids but for a separate "trade" name, so a label can never pass
/// for a bid envelope of the trade or the other way round.
fn label_scope(trade: &TradeId) -> String {
    format!("{}#label", trade.as_str())
}

pub(crate) fn public_key(key: &OpeningKey) -> Result<seal::OpeningPublicKey, AppError> {
    let suite = seal::Suite::ALL
        .into_iter()
        .find(|s| s.name() == key.suite)
        .ok_or_else(|| AppError::Invalid(format!("unknown suite {}", key.suite)))?;
    let bytes = hex::decode(&key.public_key).map_err(|e| AppError::Invalid(e.to_string()))?;
    seal::OpeningPublicKey::from_bytes(suite, &bytes).map_err(|e| AppError::Invalid(e.to_string()))
}

pub(crate) fn seal_label(
    trade: &TradeId,
    key: &OpeningKey,
    kind: &str,
    org: &UnifiedSocialCreditCode,
    actor: &Actor,
    ip: Option<&str>,
) -> Result<SealedLabel, AppError> {
    let label = Label {
        kind: kind.to_owned(),
        org: org.clone(),
        person: actor.id.clone(),
        on_behalf_of: actor.on_behalf_of.clone(),
        ip: ip.map(str::to_owned),
    };
    let json = serde_json::to_vec(&label).map_err(|e| AppError::Invalid(e.to_string()))?;
    let sealed = seal::seal(
        &public_key(key)?,
        &label_scope(trade),
        &json,
        &mut super::os_rng(),
    )
    .map_err(|e| AppError::Invalid(e.to_string()))?;
    SealedLabel::parse(&base64_encode(&sealed)).map_err(|e| AppError::Invalid(e.to_string()))
}

/// Opens a label with the recombined key; `None` if it does not open or parse (never the
/// bidder's fault: the platform made it).
pub(crate) fn open_label(
    trade: &TradeId,
    secret: &seal::OpeningSecretKey,
    label: &SealedLabel,
) -> Option<Label> {
    let bytes = base64_decode(label.as_str()).ok()?;
    let header = seal::Envelope::parse(&bytes).ok()?;
    if header.trade != label_scope(trade) {
        return None;
    }
    let plain = seal::open(secret, &bytes).ok()?;
    serde_json::from_slice(&plain).ok()
}

/// Any JSON value sealed to the round's opening key, like a label (deposit records).
pub(crate) fn seal_json<T: Serialize>(
    trade: &TradeId,
    key: &OpeningKey,
    value: &T,
) -> Result<SealedLabel, AppError> {
    let json = serde_json::to_vec(value).map_err(|e| AppError::Invalid(e.to_string()))?;
    let sealed = seal::seal(
        &public_key(key)?,
        &label_scope(trade),
        &json,
        &mut super::os_rng(),
    )
    .map_err(|e| AppError::Invalid(e.to_string()))?;
    SealedLabel::parse(&base64_encode(&sealed)).map_err(|e| AppError::Invalid(e.to_string()))
}

/// Opens a value sealed with [`seal_json`]; `None` if it does not open or parse.
pub(crate) fn open_json<T: serde::de::DeserializeOwned>(
    trade: &TradeId,
    secret: &seal::OpeningSecretKey,
    label: &SealedLabel,
) -> Option<T> {
    let bytes = base64_decode(label.as_str()).ok()?;
    let header = seal::Envelope::parse(&bytes).ok()?;
    if header.trade != label_scope(trade) {
        return None;
    }
    serde_json::from_slice(&seal::open(secret, &bytes).ok()?).ok()
}
