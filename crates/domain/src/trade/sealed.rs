//! What the log keeps of sealed bids (issue #4): before the opening it holds ciphertext,
//! hashes and opaque sealed labels, never a bidder's name (招标投标法 第22条; 电子招标投标办法
//! 第21条, 第27条). The app seals and unseals (crate `seal`); this module only names the
//! pieces and checks that they fit together.

use serde::{Deserialize, Serialize};

use crate::accounts::PersonId;
use crate::serde_time;
use crate::values::{BlobRef, Money, Sha256Hex, UnifiedSocialCreditCode, ValueError};
use legal_time::OffsetDateTime;

/// Bytes sealed to the trade's opening key (base64, standard alphabet): a bid's label (who
/// submitted it, from where) or who obtained the documents. Opaque to the domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SealedLabel(String);

crate::values::string_schema!(
    SealedLabel,
    "^([A-Za-z0-9+/=]{4})+$",
    "bytes sealed to the trade's opening key, base64"
);

impl SealedLabel {
    pub fn parse(s: &str) -> Result<SealedLabel, ValueError> {
        let ok = !s.is_empty()
            && s.len() <= 64 * 1024
            && s.len().is_multiple_of(4)
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
        if ok {
            Ok(SealedLabel(s.to_owned()))
        } else {
            Err(ValueError::new("sealed label", "base64, at most 64 KiB"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SealedLabel {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        SealedLabel::parse(&s)
    }
}

impl From<SealedLabel> for String {
    fn from(v: SealedLabel) -> String {
        v.0
    }
}

/// A bid's public handle: random, given in the receipt; says nothing about the bidder.
pub type BidHandle = Sha256Hex;

/// One custodian of the opening key and its encrypted share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Custodian {
    pub person: PersonId,
    /// The share sealed to the custodian's own public key (base64).
    pub encrypted_share: String,
    /// SHA-256 of the share: a wrong share is refused when it is handed in.
    pub commitment: Sha256Hex,
}

/// The opening key of one round: its public half and the k-of-n split of its private half.
/// The private key itself is never stored (docs/SEALING.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpeningKey {
    pub suite: String,
    /// The public key, hex.
    pub public_key: String,
    /// SHA-256 of the public key bytes: envelopes name it.
    pub key_id: Sha256Hex,
    /// k: how many shares open the bids.
    pub threshold: u8,
    pub custodians: Vec<Custodian>,
    /// How long the custodians have to hand in their shares after the deadline, in minutes
    /// (the decryption window, often 30-60 minutes in practice, rules.md §2 [S]).
    pub window_minutes: u32,
    /// The largest sealed bid this round accepts, in bytes (0: the platform's default).
    #[serde(default)]
    pub max_bid_bytes: u64,
}

/// What a trade's documents may require of sealing: the national suite (`sm2-sm4`) instead
/// of the platform's default, a size limit for bids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SealingTerms {
    pub suite: Option<String>,
    pub max_bid_mib: Option<u32>,
}

impl OpeningKey {
    pub fn custodian(&self, person: &PersonId) -> Option<&Custodian> {
        self.custodians.iter().find(|c| &c.person == person)
    }
}

/// A sealed bid as the log knows it before the opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SealedBid {
    pub handle: BidHandle,
    pub envelope: BlobRef,
    pub label: SealedLabel,
    /// SHA-256 of the secret token given to the bidder in its receipt: modifying or
    /// withdrawing the bid needs the token, so the log need not know the bidder.
    pub token_hash: Sha256Hex,
    #[serde(with = "serde_time::instant")]
    pub at: OffsetDateTime,
}

/// Who is at fault when a bid cannot be opened (电子招标投标办法 第31条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// The bidder's fault: the bid counts as revoked (视为撤销).
    Bidder,
    /// Not the bidder's fault: the bid counts as withdrawn (视为撤回), the deposit is refunded.
    NotBidder,
}

/// What the app found when it unsealed one bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Unsealed {
    Opened {
        price: Money,
        period_days: u32,
        deposit_account: Option<String>,
        /// The decrypted package, stored once the opening is over.
        plaintext: BlobRef,
    },
    Failed {
        fault: Fault,
        reason: String,
    },
}

/// One bid's unsealing: the bidder comes from the sealed label (None if the label itself
/// could not be opened, which is never the bidder's fault).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnsealResult {
    pub handle: BidHandle,
    pub bidder: Option<UnifiedSocialCreditCode>,
    pub outcome: Unsealed,
}

/// One line of the opening record (开标记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpeningLine {
    pub handle: BidHandle,
    pub bidder: Option<UnifiedSocialCreditCode>,
    pub status: OpeningStatus,
    #[serde(with = "serde_time::instant")]
    pub submitted_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpeningStatus {
    Opened {
        price: Money,
        period_days: u32,
        deposit_account: Option<String>,
        plaintext: BlobRef,
        /// Whether the bidder obtained the documents this round (from the unsealed labels).
        obtained_documents: bool,
    },
    /// Bidder's fault (电子招标投标办法 第31条): 视为撤销.
    Revoked { reason: String, article: String },
    /// Not the bidder's fault (第31条): 视为撤回.
    Withdrawn { reason: String, article: String },
    /// The same bidder submitted again later without replacing this bid: the later counts.
    Superseded { by: BidHandle },
}

/// Article for decryption failures.
pub const DECRYPTION_FAILURE_ARTICLE: &str = "电子招标投标办法 第31条";
