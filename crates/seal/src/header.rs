//! The envelope header: writing it, parsing it, and the upload-time check of a bid (everything
//! about an envelope that can be checked without the opening key).
//!
//! Version 2 (written since issue 12) ends the header with the ciphertext's length, so a file
//! cut short, cut in half or with bytes appended is refused at upload instead of being
//! receipted and failing at the opening. Version 1 (no length) still parses and opens, so bids
//! and shares stored before stay readable; uploads must be version 2.

use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem};

use crate::envelope::{EnvelopeKind, MAGIC, MAX_TRADE_LEN, TAG_LEN, VERSION};
use crate::keys::HpkePrivate;
use crate::{OpeningPublicKey, SealError, Suite};

/// The first version, without the ciphertext length: parsed and opened, refused at upload.
pub const VERSION_1: u8 = 1;

/// The parsed, well-formed header of an envelope. Parsing proves shape only; only the key
/// holder can prove authenticity (by opening).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeHeader {
    /// Format version (1 or [`VERSION`]).
    pub version: u8,
    /// Bid or share.
    pub kind: EnvelopeKind,
    /// The suite used.
    pub suite: Suite,
    /// Raw key id of the recipient public key.
    pub key_id: [u8; 32],
    /// The trade the envelope is addressed to.
    pub trade: String,
    /// HPKE `enc`, or the SM2 ciphertext of the SM4 key.
    pub encapsulated: Vec<u8>,
    /// Explicit nonce (empty for HPKE).
    pub nonce: Vec<u8>,
    /// Length of the header in bytes (= length of the associated data).
    pub header_len: usize,
    /// Length of the ciphertext including its tag.
    pub ciphertext_len: usize,
}

impl EnvelopeHeader {
    /// The key id as lowercase hex, comparable with [`OpeningPublicKey::key_id`].
    pub fn key_id_hex(&self) -> String {
        hex::encode(self.key_id)
    }

    /// Length of the plaintext that opening will yield.
    pub fn plaintext_len(&self) -> usize {
        self.ciphertext_len - TAG_LEN
    }
}

/// Namespace for envelope parsing.
#[derive(Debug)]
pub struct Envelope;

impl Envelope {
    /// Checks that `bytes` is a well-formed envelope and returns its header: magic, version,
    /// known kind and suite, field lengths consistent with the suite, an SM2 `C1` on the
    /// curve, a tag's worth of ciphertext and, from version 2, exactly as many ciphertext
    /// bytes as the header declares. Anything without the magic is [`SealError::NotSealed`]
    /// (第26条: unencrypted bids are refused).
    pub fn parse(bytes: &[u8]) -> Result<EnvelopeHeader, SealError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(SealError::NotSealed);
        }
        let mut r = Reader {
            bytes,
            pos: MAGIC.len(),
        };
        let version = r.u8()?;
        if version != VERSION && version != VERSION_1 {
            return Err(SealError::UnsupportedVersion(version));
        }
        let kind = EnvelopeKind::from_byte(r.u8()?)?;
        let suite = Suite::from_id(r.u8()?)?;
        let key_id: [u8; 32] = r.take(32)?.try_into().expect("took 32 bytes");
        let trade = read_trade(&mut r)?;
        let enc_len = usize::from(r.u16()?);
        if enc_len != suite.encapsulated_len() {
            return Err(SealError::Malformed(
                "encapsulated key length does not fit the suite",
            ));
        }
        let encapsulated = r.take(enc_len)?.to_vec();
        if suite == Suite::Sm2Sm4 && sm2::PublicKey::from_sec1_bytes(&encapsulated[..65]).is_err() {
            // The writer always emits an uncompressed C1 on the curve: anything else was not
            // written by us and can never be decrypted.
            return Err(SealError::Malformed("SM2 C1 is not a point on the curve"));
        }
        let nonce_len = usize::from(r.u8()?);
        if nonce_len != suite.nonce_len() {
            return Err(SealError::Malformed("nonce length does not fit the suite"));
        }
        let nonce = r.take(nonce_len)?.to_vec();
        let declared = if version == VERSION {
            Some(r.u64()?)
        } else {
            None
        };
        let header_len = r.pos;
        let ciphertext_len = bytes.len() - header_len;
        check_length(declared, ciphertext_len)?;
        Ok(EnvelopeHeader {
            version,
            kind,
            suite,
            key_id,
            trade,
            encapsulated,
            nonce,
            header_len,
            ciphertext_len,
        })
    }
}

fn read_trade(r: &mut Reader<'_>) -> Result<String, SealError> {
    let trade_len = usize::from(r.u16()?);
    if trade_len == 0 || trade_len > MAX_TRADE_LEN {
        return Err(SealError::Malformed("trade id length out of range"));
    }
    Ok(std::str::from_utf8(r.take(trade_len)?)
        .map_err(|_| SealError::Malformed("trade id is not UTF-8"))?
        .to_owned())
}

/// The ciphertext must be at least a tag long and, when the header declares its length
/// (version 2), exactly that long.
fn check_length(declared: Option<u64>, actual: usize) -> Result<(), SealError> {
    let actual_u64 = actual as u64;
    match declared {
        Some(declared) if actual_u64 < declared => Err(SealError::Truncated {
            declared,
            actual: actual_u64,
        }),
        Some(declared) if actual_u64 > declared => Err(SealError::TrailingData {
            declared,
            actual: actual_u64,
        }),
        _ if actual < TAG_LEN => Err(SealError::Malformed("ciphertext shorter than the tag")),
        _ => Ok(()),
    }
}

/// Cursor over the header bytes; every read past the end is `Malformed`.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SealError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(SealError::Malformed("truncated header"))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, SealError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, SealError> {
        Ok(u16::from_be_bytes(
            self.take(2)?.try_into().expect("took 2"),
        ))
    }

    fn u64(&mut self) -> Result<u64, SealError> {
        Ok(u64::from_be_bytes(
            self.take(8)?.try_into().expect("took 8"),
        ))
    }
}

/// Checks, at upload, that a bid envelope is addressed to this trade and to its published
/// opening key (`key_id` in hex, as [`OpeningPublicKey::key_id`]). Does not decrypt: nobody can
/// before the opening (第27条).
pub fn check_addressed_to(
    header: &EnvelopeHeader,
    trade: &str,
    key_id: &str,
) -> Result<(), SealError> {
    if header.kind != EnvelopeKind::Bid {
        return Err(SealError::WrongKind {
            expected: "bid",
            found: header.kind.name(),
        });
    }
    if header.trade != trade {
        return Err(SealError::WrongTrade {
            expected: trade.to_owned(),
            found: header.trade.clone(),
        });
    }
    if !header.key_id_hex().eq_ignore_ascii_case(key_id) {
        return Err(SealError::WrongKey {
            expected: key_id.to_ascii_lowercase(),
            found: header.key_id_hex(),
        });
    }
    Ok(())
}

/// The upload-time check of a sealed bid: everything that can be checked without the opening
/// key, so that a bid which could never open gets no receipt. The envelope is well formed
/// ([`Envelope::parse`]: lengths, header, SM2 point), of the current version (one that states
/// its length, so a cut or extended file is caught), a bid for `trade`, sealed to `key` (its
/// key id) with a suite of the key's family, and an HPKE `enc` that is not a low-order point
/// (its Diffie-Hellman result would be zero: no key could open it).
pub fn check_bid_upload(
    bytes: &[u8],
    trade: &str,
    key: &OpeningPublicKey,
) -> Result<EnvelopeHeader, SealError> {
    let header = Envelope::parse(bytes)?;
    if header.version != VERSION {
        return Err(SealError::OutdatedVersion(header.version));
    }
    check_addressed_to(&header, trade, &key.key_id())?;
    if header.suite.is_hpke() != key.suite().is_hpke() {
        return Err(SealError::WrongSuite {
            expected: key.suite().name(),
            found: header.suite.name(),
        });
    }
    if header.suite.is_hpke() && is_low_order(&header.encapsulated) {
        return Err(SealError::Malformed("HPKE enc is a low-order point"));
    }
    Ok(header)
}

/// Whether an X25519 public value is of low order: Diffie-Hellman with any clamped scalar
/// (a multiple of 8) gives the all-zero output exactly for those, and HPKE refuses it.
fn is_low_order(enc: &[u8]) -> bool {
    let probe = HpkePrivate::from_bytes(&[0x5a; 32]).expect("32 bytes");
    let Ok(enc) = <X25519HkdfSha256 as Kem>::EncappedKey::from_bytes(enc) else {
        return true;
    };
    <X25519HkdfSha256 as Kem>::decap(&probe, None, &enc).is_err()
}

/// Writes the header (version [`VERSION`]) for the given fields and a ciphertext of
/// `ciphertext_len` bytes (the plaintext and the tag).
pub(crate) fn write_header(
    kind: EnvelopeKind,
    suite: Suite,
    key_id: &[u8; 32],
    trade: &str,
    encapsulated: &[u8],
    nonce: &[u8],
    ciphertext_len: usize,
) -> Vec<u8> {
    let mut h = Vec::with_capacity(
        MAGIC.len() + 3 + 32 + 2 + trade.len() + 2 + encapsulated.len() + 1 + nonce.len() + 8,
    );
    h.extend_from_slice(MAGIC);
    h.push(VERSION);
    h.push(kind.byte());
    h.push(suite.id());
    h.extend_from_slice(key_id);
    let trade_len = u16::try_from(trade.len()).expect("checked by caller");
    h.extend_from_slice(&trade_len.to_be_bytes());
    h.extend_from_slice(trade.as_bytes());
    let enc_len = u16::try_from(encapsulated.len()).expect("fixed by suite");
    h.extend_from_slice(&enc_len.to_be_bytes());
    h.extend_from_slice(encapsulated);
    h.push(u8::try_from(nonce.len()).expect("fixed by suite"));
    h.extend_from_slice(nonce);
    h.extend_from_slice(&(ciphertext_len as u64).to_be_bytes());
    h
}
