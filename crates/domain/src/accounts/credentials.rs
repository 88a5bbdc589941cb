//! What a person signs in with, as the domain sees it: the argon2id hash of a password
//! (computed outside; the domain never sees a password) and public keys for signing a server
//! challenge. Parsed on the way in, so a stored credential always has the right shape.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::values::ValueError;

/// A password hash as a PHC string: `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`. Only
/// argon2id is accepted (the variant RFC 9106 recommends); the cost parameters are the
/// hasher's business, so tests may use cheap ones. `Debug` hides the salt and hash so the
/// value never lands in a log line.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn parse(s: &str) -> Result<PasswordHash, ValueError> {
        let bad = |why: &str| ValueError {
            field: "password hash",
            reason: why.to_owned(),
        };
        if !s.starts_with("$argon2id$") {
            return Err(bad("not an argon2id PHC string ($argon2id$...)"));
        }
        let parts: Vec<&str> = s.split('$').collect();
        let [_, _, version, params, salt, hash] = parts.as_slice() else {
            return Err(bad("expected $argon2id$v=19$m=..,t=..,p=..$salt$hash"));
        };
        if *version != "v=19" {
            return Err(bad("only argon2 version 19 (v=19)"));
        }
        let names: Vec<&str> = params
            .split(',')
            .map(|p| match p.split_once('=') {
                Some((k, v)) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => k,
                _ => "",
            })
            .collect();
        if names != ["m", "t", "p"] {
            return Err(bad("parameters must be m=<kib>,t=<passes>,p=<lanes>"));
        }
        let b64 = |x: &str| {
            !x.is_empty()
                && x.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        };
        if !b64(salt) || !b64(hash) || s.len() > 512 {
            return Err(bad("salt and hash must be unpadded base64"));
        }
        Ok(PasswordHash(s.to_owned()))
    }

    /// The PHC string, for the password verifier (and nothing else).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params = self.0.split('$').nth(3).unwrap_or("");
        write!(f, "PasswordHash($argon2id$v=19${params}$<redacted>)")
    }
}

impl TryFrom<String> for PasswordHash {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        PasswordHash::parse(&s)
    }
}

impl From<PasswordHash> for String {
    fn from(v: PasswordHash) -> String {
        v.0
    }
}

/// The signature suites of sign-in by challenge: Ed25519 (international) and SM2 (the
/// national suite, GM/T 0003).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum KeyAlgorithm {
    Ed25519,
    Sm2,
}

impl KeyAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyAlgorithm::Ed25519 => "ed25519",
            KeyAlgorithm::Sm2 => "sm2",
        }
    }
}

/// A public key in lower-case hex: Ed25519 32 bytes; SM2 a point, uncompressed (`04`, 65
/// bytes) or compressed (`02`/`03`, 33 bytes). Whether it is a valid curve point is checked
/// where the signature is verified (the sealing crate), not here.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(try_from = "RawKey")]
pub struct PublicKey {
    algorithm: KeyAlgorithm,
    hex: String,
}

/// The JSON shape of a key before it is parsed (a key read back from the log is checked
/// again, like every value type).
#[derive(Deserialize)]
struct RawKey {
    algorithm: KeyAlgorithm,
    hex: String,
}

impl TryFrom<RawKey> for PublicKey {
    type Error = ValueError;
    fn try_from(raw: RawKey) -> Result<Self, ValueError> {
        PublicKey::parse(raw.algorithm, &raw.hex)
    }
}

impl PublicKey {
    pub fn parse(algorithm: KeyAlgorithm, hex: &str) -> Result<PublicKey, ValueError> {
        let hex = hex.trim().to_ascii_lowercase();
        let shape_ok = match algorithm {
            KeyAlgorithm::Ed25519 => hex.len() == 64,
            KeyAlgorithm::Sm2 => {
                (hex.len() == 130 && hex.starts_with("04"))
                    || (hex.len() == 66 && (hex.starts_with("02") || hex.starts_with("03")))
            }
        };
        let digits_ok = hex.bytes().all(|b| b.is_ascii_hexdigit());
        let zero = hex.bytes().skip(2).all(|b| b == b'0');
        if !shape_ok || !digits_ok || zero {
            let want = match algorithm {
                KeyAlgorithm::Ed25519 => "64 hex characters (32 bytes)",
                KeyAlgorithm::Sm2 => "130 hex characters starting 04, or 66 starting 02 or 03",
            };
            return Err(ValueError {
                field: "public key",
                reason: format!("{} key: {want}", algorithm.as_str()),
            });
        }
        Ok(PublicKey { algorithm, hex })
    }

    pub fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }

    pub fn hex(&self) -> &str {
        &self.hex
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm.as_str(), self.hex)
    }
}

/// A custodian's *custody key*: the X25519 public key (lower-case hex, 32 bytes) of a key
/// pair their browser made with WebCrypto and keeps, unexportable. A round's opening-key
/// shares are sealed to it, so the custodian opens theirs in one click and nobody types a
/// key. It signs nothing and signs nobody in: it only receives shares. Whether the point has
/// small order is checked where shares are sealed (the sealing crate).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
pub struct CustodyKey(String);

impl CustodyKey {
    pub fn parse(hex: &str) -> Result<CustodyKey, ValueError> {
        let hex = hex.trim().to_ascii_lowercase();
        if hex.len() != 64
            || !hex.bytes().all(|b| b.is_ascii_hexdigit())
            || hex.bytes().all(|b| b == b'0')
        {
            return Err(ValueError {
                field: "custody key",
                reason: "an X25519 public key: 64 hex characters (32 bytes), not all zero"
                    .to_owned(),
            });
        }
        Ok(CustodyKey(hex))
    }

    pub fn hex(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CustodyKey {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        CustodyKey::parse(&s)
    }
}

impl From<CustodyKey> for String {
    fn from(v: CustodyKey) -> String {
        v.0
    }
}

/// What a one-time sign-in link is for: the first sign-in of a new account, or a password
/// reset. Either way its holder sets a password once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    FirstSignIn,
    PasswordReset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::FirstSignIn => "first_sign_in",
            LinkPurpose::PasswordReset => "password_reset",
        }
    }
}

/// A link issued and not used yet: only the SHA-256 of its token is kept, so neither the
/// log nor the database can sign anyone in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLink {
    pub purpose: LinkPurpose,
    pub token_sha256: crate::values::Sha256Hex,
    pub expires_at: time::OffsetDateTime,
}

/// Links live at most this long (a first sign-in after a weekend, a reset within the day;
/// the center's settings choose within it).
pub const MAX_LINK_DAYS: i64 = 30;

/// What a CA certificate said about the key bound from it (the app parses the DER; the
/// domain checks the dates and keeps the rest for the record): who it names, who issued it,
/// its serial (hex), and when it is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateInfo {
    pub subject: String,
    pub issuer: String,
    pub serial_hex: String,
    #[serde(with = "crate::serde_time::instant")]
    pub not_before: time::OffsetDateTime,
    #[serde(with = "crate::serde_time::instant")]
    pub not_after: time::OffsetDateTime,
}

impl CertificateInfo {
    /// Whether the certificate is valid at `now` (`not_before <= now <= not_after`, RFC 5280
    /// §4.1.2.5: both ends inclusive).
    pub fn valid_at(&self, now: time::OffsetDateTime) -> bool {
        self.not_before <= now && now <= self.not_after
    }

    /// The shape: names present and readable, a serial of hex digits.
    pub(crate) fn check(&self) -> Result<(), ValueError> {
        let bad = |reason: &str| ValueError {
            field: "certificate",
            reason: reason.to_owned(),
        };
        for (what, s) in [("subject", &self.subject), ("issuer", &self.issuer)] {
            if s.trim().is_empty() || s.chars().count() > 500 || s.chars().any(char::is_control) {
                return Err(bad(&format!("{what}: 1 to 500 characters")));
            }
        }
        let serial = &self.serial_hex;
        if serial.is_empty() || serial.len() > 64 || !serial.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(bad("serial: 1 to 64 hex digits"));
        }
        if self.not_after <= self.not_before {
            return Err(bad("it ends before it starts"));
        }
        Ok(())
    }
}
