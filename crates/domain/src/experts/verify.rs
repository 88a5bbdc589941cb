//! Re-checking a draw from what is published once the list may be revealed (docs/DRAW.md §7):
//! anyone recomputes eligibility from the published pool, the commitment, the randomness and
//! every round, offline, and gets the first difference. The pool is either the redacted
//! records (`sunbid-draw/1`) or pseudonymous entries (`sunbid-draw/2`, what the platform
//! publishes: [`crate::experts::public`]).

use serde::{Deserialize, Serialize};

use crate::experts::codec::{from_hex, sha256, to_hex};
use crate::experts::draw::{DrawResult, DrawRound, commitment_hash, draw, hex32, randomness};
use crate::experts::eligibility::{Eligibility, eligible};
use crate::experts::error::{DrawError, VerifyError};
use crate::experts::pool::Expert;
use crate::experts::public::{PSEUDONYMOUS_FORMAT, PublicExpert, eligible_published};
use crate::experts::request::DrawRequest;
use crate::values::Sha256Hex;

/// A pool entry a re-check judges: a redacted record, or a pseudonymous entry.
pub trait Judged: Sized {
    /// The `format` of a publication of such entries (`None`: the first format).
    const FORMAT: Option<&'static str>;
    fn judge(pool: &[Self], request: &DrawRequest) -> Result<Eligibility, DrawError>;
}

impl Judged for Expert {
    const FORMAT: Option<&'static str> = None;
    fn judge(pool: &[Self], request: &DrawRequest) -> Result<Eligibility, DrawError> {
        eligible(pool, request)
    }
}

impl Judged for PublicExpert {
    const FORMAT: Option<&'static str> = Some(PSEUDONYMOUS_FORMAT);
    fn judge(pool: &[Self], request: &DrawRequest) -> Result<Eligibility, DrawError> {
        eligible_published(pool, request)
    }
}

/// Everything a re-check needs. `seed_sha256`, `commitment` and `commitment_leaf` are what
/// the log recorded before the draw; `beacon` is the root hash of the checkpoint of size
/// `beacon_tree_size` (checking that root against the signed checkpoint is the log's
/// verifier's part, `sunbid verify`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(serialize = "P: Serialize", deserialize = "P: Deserialize<'de>"))]
pub struct PublishedDraw<P = Expert> {
    /// `sunbid-draw/2` for a pseudonymous pool; absent for redacted records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub request: DrawRequest,
    /// The pool as judged: redacted records ([`Expert::redacted`]) or pseudonymous entries.
    pub pool: Vec<P>,
    /// The revealed seed, hex.
    pub seed: String,
    pub seed_sha256: Sha256Hex,
    pub commitment: Sha256Hex,
    /// Index of the log leaf holding the commitment.
    pub commitment_leaf: u64,
    /// The beacon, hex.
    pub beacon: String,
    pub beacon_tree_size: u64,
    pub result: DrawResult,
}

/// A published draw with a pseudonymous pool (what the platform publishes).
pub type PseudonymousDraw = PublishedDraw<PublicExpert>;

/// Recomputes the draw from `published` and compares; `Ok` only if every step matches.
pub fn verify_draw<P: Judged>(published: &PublishedDraw<P>) -> Result<(), VerifyError> {
    let p = published;
    if p.format.as_deref() != P::FORMAT {
        return Err(malformed(
            "format",
            format!("{:?} for entries of format {:?}", p.format, P::FORMAT),
        ));
    }
    p.request.validate()?;
    let seed = hex_field("seed", &p.seed)?;
    let beacon = hex_field("beacon", &p.beacon)?;
    if seed.len() != 32 {
        return Err(malformed("seed", format!("{} bytes, not 32", seed.len())));
    }
    let seed_sha256 = sha256(&seed);
    if seed_sha256 != hex32(&p.seed_sha256) {
        return Err(VerifyError::SeedMismatch {
            computed: to_hex(&seed_sha256),
            committed: p.seed_sha256.to_string(),
        });
    }
    let eligibility =
        P::judge(&p.pool, &p.request).map_err(|e| malformed("pool", e.to_string()))?;
    let computed = commitment_hash(&eligibility, &seed_sha256);
    if computed != hex32(&p.commitment) {
        return Err(VerifyError::CommitmentMismatch {
            computed: to_hex(&computed),
            committed: p.commitment.to_string(),
        });
    }
    if p.beacon_tree_size <= p.commitment_leaf {
        return Err(VerifyError::BeaconNotLater {
            tree_size: p.beacon_tree_size,
            commitment_leaf: p.commitment_leaf,
        });
    }
    let key = randomness(&seed, &beacon).map_err(|e| malformed("seed", e.to_string()))?;
    if key != hex32(&p.result.randomness) {
        return Err(VerifyError::RandomnessMismatch {
            published: p.result.randomness.to_string(),
            computed: to_hex(&key),
        });
    }
    if p.result.commitment != p.commitment {
        return Err(mismatch(0, "the result names another commitment".into()));
    }
    let Some(first) = p.result.rounds.first() else {
        return Err(mismatch(0, "no round published".into()));
    };
    let redo = |e: DrawError, round: u32| VerifyError::Redraw { round, error: e };
    let mut mine = draw(&eligibility, &p.request, &seed, &beacon).map_err(|e| redo(e, 0))?;
    compare(first, &mine.rounds[0], 0)?;
    for (i, published_round) in p.result.rounds.iter().enumerate().skip(1) {
        let round = i as u32;
        mine = crate::experts::draw::redraw(
            &eligibility,
            &p.request,
            &seed,
            &beacon,
            &mine,
            &published_round.declined,
        )
        .map_err(|e| redo(e, round))?;
        compare(published_round, &mine.rounds[i], round)?;
    }
    Ok(())
}

fn compare(published: &DrawRound, recomputed: &DrawRound, round: u32) -> Result<(), VerifyError> {
    if published.round != round {
        return Err(mismatch(
            round,
            format!("numbered {}, expected {round}", published.round),
        ));
    }
    if published.declined != recomputed.declined {
        return Err(mismatch(
            round,
            "the declined list is not sorted or has a duplicate".into(),
        ));
    }
    if published.picks.len() != recomputed.picks.len() {
        return Err(mismatch(
            round,
            format!(
                "{} picks published, {} recomputed",
                published.picks.len(),
                recomputed.picks.len()
            ),
        ));
    }
    for (i, (a, b)) in published.picks.iter().zip(&recomputed.picks).enumerate() {
        if a != b {
            return Err(mismatch(
                round,
                format!(
                    "pick {}: published {} for {}, recomputed {} for {}",
                    i + 1,
                    a.expert,
                    a.specialty,
                    b.expert,
                    b.specialty
                ),
            ));
        }
    }
    Ok(())
}

fn hex_field(field: &'static str, s: &str) -> Result<Vec<u8>, VerifyError> {
    from_hex(s).ok_or_else(|| malformed(field, "not hex".into()))
}

fn malformed(field: &'static str, reason: String) -> VerifyError {
    VerifyError::Malformed { field, reason }
}

fn mismatch(round: u32, reason: String) -> VerifyError {
    VerifyError::ResultMismatch { round, reason }
}
