//! The banks and guarantee issuers whose signatures the center trusts: a bank's key signs
//! deposit arrival notices and bank guarantees (保函), a guarantee issuer's (an insurer, a
//! guarantee company) only guarantees.

use serde::{Deserialize, Serialize};

use crate::accounts::{PublicKey, display_name};
use crate::center::error::CenterError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerKind {
    Bank,
    GuaranteeIssuer,
}

impl SignerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SignerKind::Bank => "bank",
            SignerKind::GuaranteeIssuer => "guarantee_issuer",
        }
    }

    /// Whether its key counts for deposit arrival notices.
    pub fn signs_notices(self) -> bool {
        self == SignerKind::Bank
    }

    /// Whether its key counts for guarantees (every trusted signer's does).
    pub fn signs_guarantees(self) -> bool {
        true
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedSigner {
    pub name: String,
    pub kind: SignerKind,
    pub key: PublicKey,
}

impl TrustedSigner {
    pub(crate) fn checked(&self) -> Result<TrustedSigner, CenterError> {
        Ok(TrustedSigner {
            name: display_name("signer name", &self.name, 200)?,
            ..self.clone()
        })
    }
}
