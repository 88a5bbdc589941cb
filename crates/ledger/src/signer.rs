//! Ed25519 note keys: [`NoteSigner`] signs checkpoints (and other note texts), and
//! [`NoteVerifier`] checks them, in the key formats of golang.org/x/mod/sumdb/note so keys
//! and notes interoperate with the Go tooling (verifier key `<name>+<hex id>+<base64>`).
#![forbid(unsafe_code)]

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::checkpoint::Checkpoint;
use crate::note::{
    ALG_ED25519, NoteError, check_key_name, check_signable_text, key_id, parse_note, signature_line,
};

/// Prefix of the Go sumdb/note private key string.
const SIGNER_KEY_PREFIX: &str = "PRIVATE+KEY+";

/// A named Ed25519 signing key. `Debug` does not print the secret.
#[derive(Clone)]
pub struct NoteSigner {
    name: String,
    key: SigningKey,
    key_id: u32,
}

impl fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoteSigner({}+{:08x})", self.name, self.key_id)
    }
}

impl NoteSigner {
    /// A new key from 32 bytes of operating-system randomness.
    pub fn generate(name: &str) -> Result<NoteSigner, NoteError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| NoteError::Randomness(e.to_string()))?;
        NoteSigner::from_secret_bytes(name, seed)
    }

    /// The key whose RFC 8032 secret (seed) is `secret`.
    pub fn from_secret_bytes(name: &str, secret: [u8; 32]) -> Result<NoteSigner, NoteError> {
        check_key_name(name)?;
        let key = SigningKey::from_bytes(&secret);
        let key_id = key_id(name, ALG_ED25519, key.verifying_key().as_bytes());
        Ok(NoteSigner {
            name: name.to_owned(),
            key,
            key_id,
        })
    }

    /// Parses a Go sumdb/note signer key: `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>`.
    pub fn from_signer_key(s: &str) -> Result<NoteSigner, NoteError> {
        let rest = s.strip_prefix(SIGNER_KEY_PREFIX).ok_or_else(|| {
            NoteError::MalformedKey("signer key must start with PRIVATE+KEY+".into())
        })?;
        let (name, stated, secret) = split_key(rest)?;
        let signer = NoteSigner::from_secret_bytes(name, secret)?;
        if signer.key_id != stated {
            return Err(NoteError::KeyIdMismatch {
                stated,
                computed: signer.key_id,
            });
        }
        Ok(signer)
    }

    /// The Go sumdb/note signer key string (contains the secret: store it like one).
    pub fn signer_key(&self) -> String {
        format!(
            "{SIGNER_KEY_PREFIX}{}",
            encode_key(&self.name, self.key_id, self.key.as_bytes())
        )
    }

    /// The 32-byte secret (seed), for storing the key.
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The public verifier key string `<name>+<hex8 key id>+<base64(0x01 || public key)>`.
    pub fn verifier_key(&self) -> String {
        encode_key(&self.name, self.key_id, self.key.verifying_key().as_bytes())
    }

    /// The verifier for this key.
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key: self.key.verifying_key(),
            key_id: self.key_id,
        }
    }

    /// Signs a checkpoint: its body, a blank line, and one signature line by this key.
    /// Refuses a checkpoint whose origin would not make a well-formed body.
    pub fn sign(&self, checkpoint: &Checkpoint) -> Result<String, NoteError> {
        checkpoint.validate()?;
        self.sign_text(&checkpoint.body())
    }

    /// Signs any note text (it must end in a newline and contain no control characters).
    pub fn sign_text(&self, text: &str) -> Result<String, NoteError> {
        check_signable_text(text)?;
        let signature = self.key.sign(text.as_bytes());
        Ok(format!(
            "{text}\n{}",
            signature_line(&self.name, self.key_id, &signature.to_bytes())
        ))
    }
}

/// A named Ed25519 public key that checks notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    key: VerifyingKey,
    key_id: u32,
}

impl NoteVerifier {
    /// Parses a verifier key `<name>+<hex8 key id>+<base64(0x01 || public key)>`; the key id
    /// must be the one the name and key give.
    pub fn new(verifier_key: &str) -> Result<NoteVerifier, NoteError> {
        let (name, stated, public) = split_key(verifier_key)?;
        check_key_name(name)?;
        let key = VerifyingKey::from_bytes(&public)
            .map_err(|_| NoteError::MalformedKey("not an Ed25519 public key".into()))?;
        let computed = key_id(name, ALG_ED25519, &public);
        if computed != stated {
            return Err(NoteError::KeyIdMismatch { stated, computed });
        }
        Ok(NoteVerifier {
            name: name.to_owned(),
            key,
            key_id: computed,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The verifier key string this verifier was parsed from (in canonical form).
    pub fn verifier_key(&self) -> String {
        encode_key(&self.name, self.key_id, self.key.as_bytes())
    }

    /// The key's fingerprint, for comparing it with the one a trading center publishes:
    /// SHA-256 of the key's line as served (`GET /api/log/key`, `sunbid log key`: the key
    /// and a newline), so `sha256sum` of the fetched file shows the same hex.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(format!("{}\n", self.verifier_key())))
    }

    /// Checks a signed note and returns its text. Signatures by other keys are ignored (other
    /// keys may cosign); every signature by this key (same name and id) must verify, and
    /// there must be at least one.
    pub fn verify_text<'a>(&self, note: &'a str) -> Result<&'a str, NoteError> {
        let parsed = parse_note(note)?;
        let mut found = false;
        for sig in parsed
            .signatures
            .iter()
            .filter(|s| s.name == self.name && s.key_id == self.key_id)
        {
            let bad = || NoteError::BadSignature {
                name: self.name.clone(),
                key_id: self.key_id,
            };
            let signature = Signature::from_slice(&sig.signature).map_err(|_| bad())?;
            // Strict: no malleable or small-order signature components.
            self.key
                .verify_strict(parsed.text.as_bytes(), &signature)
                .map_err(|_| bad())?;
            found = true;
        }
        if !found {
            return Err(NoteError::NoSignatureByKey {
                name: self.name.clone(),
                key_id: self.key_id,
            });
        }
        Ok(parsed.text)
    }

    /// Checks a signed checkpoint and returns the checkpoint it vouches for.
    pub fn verify(&self, note: &str) -> Result<Checkpoint, NoteError> {
        let text = self.verify_text(note)?;
        Ok(Checkpoint::parse_body(text)?)
    }
}

fn encode_key(name: &str, key_id: u32, key: &[u8; 32]) -> String {
    let mut typed = Vec::with_capacity(33);
    typed.push(ALG_ED25519);
    typed.extend_from_slice(key);
    format!("{name}+{key_id:08x}+{}", STANDARD.encode(typed))
}

/// Splits `<name>+<hex8>+<base64(0x01 || 32 bytes)>`. The base64 part may itself contain '+',
/// so only the first two '+' separate fields.
fn split_key(s: &str) -> Result<(&str, u32, [u8; 32]), NoteError> {
    let malformed = |why: &str| NoteError::MalformedKey(why.to_owned());
    let (name, rest) = s
        .split_once('+')
        .ok_or_else(|| malformed("expected name+id+key"))?;
    let (id_hex, key_b64) = rest
        .split_once('+')
        .ok_or_else(|| malformed("expected name+id+key"))?;
    if id_hex.len() != 8 || !id_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(malformed("key id must be 8 hex digits"));
    }
    let stated =
        u32::from_str_radix(id_hex, 16).map_err(|_| malformed("key id must be 8 hex digits"))?;
    let typed = STANDARD
        .decode(key_b64)
        .map_err(|_| malformed("key is not valid base64"))?;
    match typed.split_first() {
        Some((&ALG_ED25519, key)) => {
            let key =
                <[u8; 32]>::try_from(key).map_err(|_| malformed("Ed25519 key must be 32 bytes"))?;
            Ok((name, stated, key))
        }
        Some((&alg, _)) => Err(NoteError::UnsupportedAlgorithm(alg)),
        None => Err(malformed("empty key")),
    }
}
