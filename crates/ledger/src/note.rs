//! The C2SP signed-note wire format (c2sp.org/signed-note): a text ending in a newline, a
//! blank line, then signature lines `— <key name> <base64(4-byte key id || signature)>`.
//!
//! This file only knows the format: splitting a note into text and signature lines, key
//! names and key ids. Keys and the Ed25519 arithmetic are in `signer.rs`.
#![forbid(unsafe_code)]

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::checkpoint::{Checkpoint, CheckpointError};

/// Signature type byte for Ed25519 in key ids and verifier keys (signed-note "Signature types").
pub const ALG_ED25519: u8 = 0x01;

/// The signature line prefix: EM DASH (U+2014) and a space.
pub(crate) const SIG_PREFIX: &str = "\u{2014} ";

/// More signatures than any honest note carries (the spec asks to accept at least 16); the
/// bound keeps a hostile note from making us decode thousands of lines.
const MAX_SIGNATURES: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("invalid key name {0:?}: must be non-empty, without spaces, '+' or control characters")]
    InvalidKeyName(String),
    #[error("malformed key: {0}")]
    MalformedKey(String),
    #[error("unsupported signature algorithm 0x{0:02x} (only Ed25519, 0x01, is supported)")]
    UnsupportedAlgorithm(u8),
    #[error("key id {stated:08x} does not match the key, which has id {computed:08x}")]
    KeyIdMismatch { stated: u32, computed: u32 },
    #[error("no randomness for key generation: {0}")]
    Randomness(String),
    #[error("text cannot be signed: {0}")]
    NotSignable(String),
    #[error("malformed note: {0}")]
    MalformedNote(String),
    #[error("note has no signature by key {name} ({key_id:08x})")]
    NoSignatureByKey { name: String, key_id: u32 },
    #[error("signature by key {name} ({key_id:08x}) does not verify")]
    BadSignature { name: String, key_id: u32 },
    #[error("malformed checkpoint in note: {0}")]
    MalformedBody(#[from] CheckpointError),
}

/// One signature line, decoded but not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignatureLine<'a> {
    pub name: &'a str,
    pub key_id: u32,
    pub signature: Vec<u8>,
}

/// A note split into its text (including the final newline) and its signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedNote<'a> {
    pub text: &'a str,
    pub signatures: Vec<SignatureLine<'a>>,
}

/// Key names: non-empty, no Unicode space, no '+' (it separates the parts of a key string),
/// and no control characters (notes may not contain them).
pub(crate) fn check_key_name(name: &str) -> Result<(), NoteError> {
    let bad = |c: char| c.is_whitespace() || c == '+' || c.is_control();
    if name.is_empty() || name.chars().any(bad) {
        return Err(NoteError::InvalidKeyName(name.to_owned()));
    }
    Ok(())
}

/// Key id = first 4 bytes, big-endian, of SHA-256(name || 0x0A || type || public key).
pub fn key_id(name: &str, alg: u8, public_key: &[u8]) -> u32 {
    let digest = Sha256::new()
        .chain_update(name.as_bytes())
        .chain_update([b'\n', alg])
        .chain_update(public_key)
        .finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Notes are UTF-8 (guaranteed by `&str`) without ASCII control characters except newline.
fn check_note_chars(s: &str) -> Result<(), String> {
    match s.chars().find(|&c| c < ' ' && c != '\n') {
        Some(c) => Err(format!("control character U+{:04X}", c as u32)),
        None => Ok(()),
    }
}

/// Checks a text before signing: non-empty, ends in a newline, no control characters.
pub(crate) fn check_signable_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::NotSignable(
            "text must end with a newline".into(),
        ));
    }
    check_note_chars(text).map_err(NoteError::NotSignable)
}

/// Formats one signature line.
pub(crate) fn signature_line(name: &str, key_id: u32, signature: &[u8]) -> String {
    let mut blob = Vec::with_capacity(4 + signature.len());
    blob.extend_from_slice(&key_id.to_be_bytes());
    blob.extend_from_slice(signature);
    format!("{SIG_PREFIX}{name} {}\n", STANDARD.encode(blob))
}

/// Splits a note at its last blank line and decodes the signature lines.
pub(crate) fn parse_note(note: &str) -> Result<ParsedNote<'_>, NoteError> {
    let malformed = |why: &str| NoteError::MalformedNote(why.to_owned());
    check_note_chars(note).map_err(NoteError::MalformedNote)?;
    // The text keeps its final newline; the blank line after it belongs to neither part.
    let split = note
        .rfind("\n\n")
        .ok_or_else(|| malformed("no blank line before signatures"))?;
    let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
    let sigs = sigs
        .strip_suffix('\n')
        .ok_or_else(|| malformed("missing signature lines or final newline"))?;
    let mut signatures = Vec::new();
    for line in sigs.split('\n') {
        if signatures.len() == MAX_SIGNATURES {
            return Err(malformed("too many signatures"));
        }
        signatures.push(parse_signature_line(line)?);
    }
    Ok(ParsedNote { text, signatures })
}

fn parse_signature_line(line: &str) -> Result<SignatureLine<'_>, NoteError> {
    let malformed = |why: &str| NoteError::MalformedNote(format!("{why}: {line:?}"));
    let rest = line
        .strip_prefix(SIG_PREFIX)
        .ok_or_else(|| malformed("signature line does not start with an em dash and a space"))?;
    let (name, b64) = rest
        .split_once(' ')
        .ok_or_else(|| malformed("signature line has no space between key name and signature"))?;
    check_key_name(name).map_err(|_| malformed("invalid key name in signature line"))?;
    let blob = STANDARD
        .decode(b64)
        .map_err(|_| malformed("signature is not valid base64"))?;
    let Some((id, signature)) = blob.split_first_chunk::<4>() else {
        return Err(malformed("signature shorter than its 4-byte key id"));
    };
    if signature.is_empty() {
        return Err(malformed("signature is empty"));
    }
    Ok(SignatureLine {
        name,
        key_id: u32::from_be_bytes(*id),
        signature: signature.to_vec(),
    })
}

/// Reads the checkpoint out of a signed note WITHOUT checking any signature: for display or
/// routing only (e.g. to pick the verifier key by origin). Never trust the result as is.
pub fn parse_note_unverified(note: &str) -> Result<Checkpoint, NoteError> {
    let parsed = parse_note(note)?;
    Ok(Checkpoint::parse_body(parsed.text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_NOTE: &str = "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";

    #[test]
    fn spec_example_splits_at_the_last_blank_line() {
        // The example of c2sp.org/signed-note: its text itself contains a blank line.
        let n = parse_note(SPEC_NOTE).unwrap();
        assert_eq!(
            n.text,
            "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n"
        );
        assert_eq!(n.signatures.len(), 1);
        assert_eq!(n.signatures[0].name, "quasimodo.example/salvatore");
        assert_eq!(n.signatures[0].key_id, 0x367ba04b);
        assert_eq!(n.signatures[0].signature.len(), 64);
    }

    #[test]
    fn key_names() {
        assert!(check_key_name("sunbid.example/log").is_ok());
        for bad in ["", "a b", "a+b", "a\nb", "a\u{3000}b", "a\u{7}"] {
            assert!(check_key_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn malformed_notes() {
        let line = signature_line("k", 1, &[9; 64]);
        let good = format!("text\n\n{line}");
        assert!(parse_note(&good).is_ok());
        let cases = [
            format!("text\n{line}"),                            // no blank line
            "text\n\n".to_string(),                             // no signatures
            format!("text\n\n{}", line.trim_end()),             // no final newline
            format!("text\n\n{line}\n"),                        // blank line after the signatures
            format!("text\n\n- k {}", &line[6..]),              // hyphen, not em dash
            format!("text\r\n\n{line}"),                        // control character
            format!("text\n\n{}", signature_line("k", 1, &[])), // id but no signature
            format!("text\n\n{SIG_PREFIX}k !!!\n"),             // not base64
            format!("text\n\n{SIG_PREFIX}k\n"),                 // no signature at all
        ];
        for note in cases {
            assert!(
                matches!(parse_note(&note), Err(NoteError::MalformedNote(_))),
                "{note:?}"
            );
        }
        let many = format!("text\n\n{}", line.repeat(MAX_SIGNATURES + 1));
        assert!(parse_note(&many).is_err());
        assert!(parse_note(&format!("text\n\n{}", line.repeat(MAX_SIGNATURES))).is_ok());
    }
}
