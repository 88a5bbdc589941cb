//! Who holds the opening key's shares, and how many open it. The default names three
//! custodians from three sides (the center's witness post, a supervisor, the tenderer or its
//! agency) and needs two of them: no single side can open a bid early, and one absentee does
//! not block the opening. A center set up with `sunbid init` chooses the sides, k, the suite,
//! the window and the size limit (its opening-key policy, also on `/admin`); a store without
//! a center (the demo, tests) uses the platform's [`OpeningPolicy`].
//!
//! Each share is sealed to the custodian's custody key (the X25519 key their browser made and
//! keeps, so they open it in one click) or, if they have none, to their first sign-in key
//! (Ed25519 or SM2, opened with the key typed or with the offline tool).

use domain::accounts::PublicKey;
use domain::center::{CustodianSide, OpeningTerms};
use domain::trade::sealed::{Custodian, OpeningKey};
use domain::{Role, TradeState};

use crate::error::AppError;
use crate::platform::Platform;

/// The platform's rule for a round's opening key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningPolicy {
    /// k: shares needed to open (default 2).
    pub threshold: u8,
    /// The decryption window after the deadline, in minutes (default 60; practice is 30-60,
    /// rules.md §2 [S]).
    pub window_minutes: u32,
    /// The suite bids are sealed with (default HPKE X25519 + AES-256-GCM, which browsers
    /// can seal with WebCrypto; `sm2-sm4` for the national suite).
    pub suite: seal::Suite,
    /// The largest sealed bid accepted, in bytes (default 64 MiB).
    pub max_bid_bytes: u64,
}

impl Default for OpeningPolicy {
    fn default() -> Self {
        OpeningPolicy {
            threshold: 2,
            window_minutes: 60,
            suite: seal::Suite::HpkeX25519Aes256Gcm,
            max_bid_bytes: 64 * 1024 * 1024,
        }
    }
}

/// The key a custodian's share is sealed to: the custody key if bound, else the first
/// sign-in key.
fn share_key(doc: &crate::accounts::CredentialDoc) -> Result<Option<seal::CustodianKey>, AppError> {
    if let Some(key) = &doc.custody_key {
        let bytes = hex::decode(key.hex()).map_err(|e| AppError::Invalid(e.to_string()))?;
        let bytes = bytes
            .try_into()
            .map_err(|_| AppError::Invalid("an X25519 key has 32 bytes".into()))?;
        return Ok(Some(seal::CustodianKey::X25519(bytes)));
    }
    doc.keys.first().map(custodian_key).transpose()
}

impl OpeningPolicy {
    /// The center's opening-key policy as the round's key uses it.
    fn of_center(terms: &OpeningTerms) -> OpeningPolicy {
        OpeningPolicy {
            threshold: terms.threshold,
            window_minutes: terms.window_minutes,
            suite: seal::Suite::ALL
                .into_iter()
                .find(|s| s.name() == terms.suite)
                .unwrap_or(seal::Suite::HpkeX25519Aes256Gcm),
            max_bid_bytes: u64::from(terms.max_bid_mib) * 1024 * 1024,
        }
    }
}

fn custodian_key(key: &PublicKey) -> Result<seal::CustodianKey, AppError> {
    let bytes = hex::decode(key.hex()).map_err(|e| AppError::Invalid(e.to_string()))?;
    Ok(match key.algorithm() {
        domain::accounts::KeyAlgorithm::Ed25519 => seal::CustodianKey::Ed25519(
            bytes
                .try_into()
                .map_err(|_| AppError::Invalid("an Ed25519 key has 32 bytes".into()))?,
        ),
        domain::accounts::KeyAlgorithm::Sm2 => seal::CustodianKey::Sm2(bytes),
    })
}

impl Platform {
    /// The first person (by id) among `candidates` with a custody key or an active
    /// sign-in key.
    async fn first_with_key(
        &self,
        candidates: impl IntoIterator<Item = String>,
    ) -> Result<Option<(String, seal::CustodianKey)>, AppError> {
        for id in candidates {
            let person = match self.person(&id).await {
                Ok(p) if p.disabled.is_none() => p,
                _ => continue,
            };
            if let Some(doc) = self.credential(&person.id).await?
                && let Some(key) = share_key(&doc)?
            {
                return Ok(Some((person.id, key)));
            }
        }
        Ok(None)
    }

    /// The custodians of a trade, one per side of `sides`: the witness post (A, then B), a
    /// supervisor, the tenderer's people then the agency's; each with its key.
    async fn custodians_for(
        &self,
        state: &TradeState,
        sides: &[CustodianSide],
    ) -> Result<Vec<(String, seal::CustodianKey)>, AppError> {
        let reg = state
            .registration
            .as_ref()
            .ok_or_else(|| AppError::Invalid("the trade is not registered".into()))?;
        let people = self.people().await?;
        let of = |pred: &dyn Fn(&crate::accounts::PersonView) -> bool| -> Vec<String> {
            let mut ids: Vec<String> = people
                .iter()
                .filter(|p| pred(p))
                .map(|p| p.id.clone())
                .collect();
            ids.sort();
            ids
        };
        let witness = match self.post("witness").await {
            Ok(post) => post.primary.into_iter().chain(post.backup).collect(),
            Err(_) => of(&|p| p.role == Role::CenterStaff),
        };
        let supervisors = of(&|p| p.role == Role::Supervisor);
        let tenderer = reg.tenderer.as_str().to_owned();
        let party = of(&|p| p.role == Role::Tenderer && p.org.as_deref() == Some(&tenderer));
        let agency = reg.agency.as_ref().map(|a| a.as_str().to_owned());
        let agents = of(&|p| p.role == Role::Agency && p.org.is_some() && p.org == agency);
        let mut found = Vec::new();
        for (side, group) in [
            (CustodianSide::Witness, witness),
            (CustodianSide::Supervisor, supervisors),
            (
                CustodianSide::Party,
                party.into_iter().chain(agents).collect(),
            ),
        ] {
            if !sides.contains(&side) {
                continue;
            }
            if let Some(c) = self.first_with_key(group).await? {
                found.push(c);
            }
        }
        Ok(found)
    }

    /// Makes a round's opening key: generated here, split k of n at once, each share sealed
    /// to its custodian's key. The private key lives only in this function's memory (zeroed
    /// on drop) and is never stored.
    pub(crate) async fn make_opening_key(
        &self,
        trade: &domain::TradeId,
        state: &TradeState,
        terms: Option<&domain::trade::sealed::SealingTerms>,
    ) -> Result<OpeningKey, AppError> {
        let center = crate::center::center(self).await?.map(|c| c.policy);
        let policy = &match center.as_ref() {
            Some(terms) if !self.opening_policy_pinned => OpeningPolicy::of_center(terms),
            _ => self.opening_policy.clone(),
        };
        let sides = center.map_or(CustodianSide::ALL.to_vec(), |t| t.custodians);
        // The documents may require the national suite, or a size limit.
        let suite = match terms.and_then(|t| t.suite.as_deref()) {
            Some(name) => seal::Suite::ALL
                .into_iter()
                .find(|s| s.name() == name)
                .ok_or_else(|| {
                    AppError::rule(
                        "seal.unknown_suite",
                        format!(
                            "unknown suite {name}: use one of {}",
                            seal::Suite::ALL.map(|s| s.name()).join(", ")
                        ),
                    )
                })?,
            None => policy.suite,
        };
        let max_bid_bytes = terms
            .and_then(|t| t.max_bid_mib)
            .map_or(policy.max_bid_bytes, |mib| u64::from(mib) * 1024 * 1024);
        let custodians = self.custodians_for(state, &sides).await?;
        if custodians.len() < usize::from(policy.threshold) {
            return Err(AppError::rule(
                "trade.opening_key_invalid",
                format!(
                    "{} custodians with a key found, {} needed (the witness post, a supervisor, the tenderer or agency): each makes a custody key on their workbench first",
                    custodians.len(),
                    policy.threshold
                ),
            ));
        }
        let mut rng = super::os_rng();
        let pair = seal::OpeningKeyPair::generate(suite, &mut rng);
        let shares = seal::split(
            pair.secret(),
            usize::from(policy.threshold),
            custodians.len(),
            &mut rng,
        )
        .map_err(|e| AppError::Invalid(e.to_string()))?;
        let mut sealed = Vec::new();
        for ((person, key), share) in custodians.iter().zip(&shares) {
            let encrypted = seal::seal_share(key, trade.as_str(), share, &mut rng)
                .map_err(|e| AppError::Invalid(e.to_string()))?;
            sealed.push(Custodian {
                person: domain::PersonId::parse(person)
                    .map_err(|e| AppError::Invalid(e.to_string()))?,
                encrypted_share: base64_encode(&encrypted),
                commitment: domain::Sha256Hex::parse(&hex::encode(seal::share_commitment(share)))
                    .expect("64 hex characters"),
            });
        }
        let public = pair.public();
        Ok(OpeningKey {
            suite: suite.name().to_owned(),
            public_key: hex::encode(public.as_bytes()),
            key_id: domain::Sha256Hex::parse(&public.key_id()).expect("64 hex characters"),
            threshold: policy.threshold,
            custodians: sealed,
            window_minutes: policy.window_minutes,
            max_bid_bytes,
        })
    }
}

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(crate) fn base64_decode(s: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| AppError::Invalid(format!("base64: {e}")))
}
