//! Key proofs: a signature over a single-use challenge by one of the caller's registered
//! keys, for acts a stolen password session alone must not do (entering the evaluation
//! room, signing the evaluation report).

use domain::Actor;
use domain::accounts::{KeyAlgorithm, PublicKey};

use crate::auth::signature::verifies;
use crate::error::AppError;
use crate::platform::Platform;

/// A key algorithm by name (`ed25519` or `sm2`, any case); another name is invalid input.
pub(crate) fn key_algorithm(name: &str) -> Result<KeyAlgorithm, AppError> {
    match name.trim().to_ascii_lowercase().as_str() {
        "ed25519" => Ok(KeyAlgorithm::Ed25519),
        "sm2" => Ok(KeyAlgorithm::Sm2),
        other => Err(AppError::Invalid(format!(
            "algorithm {other:?}: use ed25519 or sm2"
        ))),
    }
}

/// The caller's active key of `algorithm` (`ed25519` or `sm2`) that verifies the signature
/// (hex) over `message`, with the signature as hex; `None` if none does. An unknown
/// algorithm is invalid input.
pub(crate) async fn key_proof(
    platform: &Platform,
    actor: &Actor,
    algorithm: &str,
    message: &str,
    signature_hex: &str,
) -> Result<Option<(PublicKey, String)>, AppError> {
    let algorithm = key_algorithm(algorithm)?;
    let signature = hex::decode(signature_hex.trim()).unwrap_or_default();
    let key = platform.credential(&actor.id).await?.and_then(|c| {
        c.keys
            .into_iter()
            .filter(|k| k.algorithm() == algorithm)
            .find(|k| verifies(k, message.as_bytes(), &signature))
    });
    Ok(key.map(|k| (k, hex::encode(&signature))))
}
