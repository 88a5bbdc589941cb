//! A sign-in key taken from a CA certificate (X.509, DER or PEM), as CAs issue them on USB
//! keys: the subject public key must be Ed25519 (RFC 8410) or SM2 (an EC key on the SM2
//! curve, GB/T 35276). The domain checks the dates against its clock; whether the CA is one
//! the center trusts is the administrator's judgement when binding (no chain here).

use base64::Engine;
use domain::accounts::{CertificateInfo, KeyAlgorithm, PersonCommand, PublicKey};
use time::OffsetDateTime;
use x509_cert::Certificate;
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{Decode, oid::db::rfc5912};
use x509_cert::spki::SubjectPublicKeyInfoOwned;

const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const SM2_CURVE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");

use crate::error::AppError;

fn bad(reason: impl std::fmt::Display) -> AppError {
    AppError::rule(
        "account.bad_certificate",
        format!("not a usable certificate: {reason}"),
    )
}

/// DER as given, or the first PEM block labelled `label` decoded (`None`: no such block).
fn pem_block(input: &[u8], label: &str) -> Result<Option<Vec<u8>>, AppError> {
    let Ok(text) = std::str::from_utf8(input) else {
        return Ok(None);
    };
    let begin = format!("-----BEGIN {label}-----");
    let Some(start) = text.find(&begin) else {
        return Ok(None);
    };
    let body = &text[start + begin.len()..];
    let end = body
        .find(&format!("-----END {label}-----"))
        .ok_or_else(|| bad("a PEM block without its end line"))?;
    let b64: String = body[..end].split_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map(Some)
        .map_err(bad)
}

/// DER as given, or the first PEM `CERTIFICATE` block decoded.
fn der_bytes(input: &[u8]) -> Result<Vec<u8>, AppError> {
    Ok(pem_block(input, "CERTIFICATE")?.unwrap_or_else(|| input.to_vec()))
}

/// The algorithm and the key's bytes (hex) of a subject public key: Ed25519 or SM2 only.
fn spki_key(spki: &SubjectPublicKeyInfoOwned) -> Result<(KeyAlgorithm, String), AppError> {
    let key = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| bad("the public key is not a whole number of bytes"))?;
    let algorithm = if spki.algorithm.oid == ED25519 {
        KeyAlgorithm::Ed25519
    } else if spki.algorithm.oid == rfc5912::ID_EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        if curve != Some(SM2_CURVE) {
            return Err(bad("an EC key not on the SM2 curve"));
        }
        KeyAlgorithm::Sm2
    } else {
        return Err(bad(format!(
            "a key of algorithm {}: only Ed25519 and SM2 sign in",
            spki.algorithm.oid
        )));
    };
    Ok((algorithm, hex::encode(key)))
}

/// The key of a PEM `PUBLIC KEY` file (SubjectPublicKeyInfo, as `openssl pkey -pubout`
/// writes it) or of a certificate (DER or PEM): what an administrator uploads for a bank's
/// or a guarantee issuer's key, or for a person's key without a certificate.
pub fn public_key_file(input: &[u8]) -> Result<PublicKey, AppError> {
    let (algorithm, hex) = match pem_block(input, "PUBLIC KEY")? {
        Some(der) => spki_key(&SubjectPublicKeyInfoOwned::from_der(&der).map_err(bad)?)?,
        None => {
            let cert = Certificate::from_der(&der_bytes(input)?).map_err(bad)?;
            spki_key(cert.tbs_certificate().subject_public_key_info())?
        }
    };
    PublicKey::parse(algorithm, &hex).map_err(bad)
}

/// Whether `input` is a bare PEM public key rather than a certificate.
pub(crate) fn is_bare_key(input: &[u8]) -> bool {
    std::str::from_utf8(input).is_ok_and(|t| t.contains("-----BEGIN PUBLIC KEY-----"))
}

fn instant(t: &x509_cert::time::Time) -> Result<OffsetDateTime, AppError> {
    let secs = t.to_unix_duration().as_secs();
    OffsetDateTime::from_unix_timestamp(secs as i64).map_err(bad)
}

/// The `AddCertificate` command for the key `certificate` carries.
pub(crate) fn add_certificate(certificate: &[u8]) -> Result<PersonCommand, AppError> {
    let der = der_bytes(certificate)?;
    let cert = Certificate::from_der(&der).map_err(bad)?;
    let tbs = cert.tbs_certificate();
    let (algorithm, public_key_hex) = spki_key(tbs.subject_public_key_info())?;
    let validity = tbs.validity();
    Ok(PersonCommand::AddCertificate {
        algorithm,
        public_key_hex,
        certificate: CertificateInfo {
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
            serial_hex: hex::encode(tbs.serial_number().as_bytes()),
            not_before: instant(&validity.not_before)?,
            not_after: instant(&validity.not_after)?,
        },
    })
}
