//! The `--venue` and `--trust` arguments of `sunbid init`, parsed.
use anyhow::{Context as _, bail};
use domain::RoomId;
use domain::accounts::{KeyAlgorithm, PublicKey};
use domain::center::{SignerKind, TrustedSigner, Venue};
use domain::venue::RoomPurpose;

/// `ID:opening|evaluation:SEATS:NAME`.
pub(super) fn venue(spec: &str) -> anyhow::Result<Venue> {
    let parts: Vec<&str> = spec.splitn(4, ':').collect();
    let [room, purpose, seats, name] = parts.as_slice() else {
        bail!("--venue {spec:?}: expected ID:opening|evaluation:SEATS:NAME");
    };
    let purpose = match *purpose {
        "opening" => RoomPurpose::Opening,
        "evaluation" => RoomPurpose::Evaluation,
        other => bail!("--venue {spec:?}: {other:?} is not opening or evaluation"),
    };
    Ok(Venue {
        room: RoomId::parse(room)?,
        name: (*name).to_owned(),
        purpose,
        capacity: seats.parse().context("--venue: seats")?,
    })
}

/// `bank|guarantee_issuer:ed25519|sm2:HEX:NAME`.
pub(super) fn signer(spec: &str) -> anyhow::Result<TrustedSigner> {
    let parts: Vec<&str> = spec.splitn(4, ':').collect();
    let [kind, algorithm, hex, name] = parts.as_slice() else {
        bail!("--trust {spec:?}: expected bank|guarantee_issuer:ed25519|sm2:HEX:NAME");
    };
    let kind = match *kind {
        "bank" => SignerKind::Bank,
        "guarantee_issuer" => SignerKind::GuaranteeIssuer,
        other => bail!("--trust {spec:?}: {other:?} is not bank or guarantee_issuer"),
    };
    let algorithm = match *algorithm {
        "ed25519" => KeyAlgorithm::Ed25519,
        "sm2" => KeyAlgorithm::Sm2,
        other => bail!("--trust {spec:?}: {other:?} is not ed25519 or sm2"),
    };
    Ok(TrustedSigner {
        name: (*name).to_owned(),
        kind,
        key: PublicKey::parse(algorithm, hex)?,
    })
}
