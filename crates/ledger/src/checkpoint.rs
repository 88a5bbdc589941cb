//! The C2SP tlog-checkpoint note text: origin, tree size and root hash, one per line, then
//! optionally our one extension line, `sunbid-chain <number> <previous size> <previous root>`,
//! which numbers the platform's checkpoints and ties each to the one before (so a deleted
//! checkpoint leaves a gap `verify` sees; witnesses ignore extension lines).
//!
//! We parse strictly (no other extension lines, no leading zeros, canonical base64), so
//! `parse_body(c.body()) == c` and there is exactly one body per checkpoint: a signature over
//! one text can never be re-read as a different tree head.
#![forbid(unsafe_code)]

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use crate::hash::Hash;

/// The prefix of the chain extension line.
pub const CHAIN_LINE: &str = "sunbid-chain";

/// A tree head: the log named `origin` had `size` leaves with root `root`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// Where this checkpoint sits among the log's checkpoints (absent in checkpoints signed
    /// before numbering).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Chain>,
}

/// The checkpoint's number (1 for the first the log signed) and the tree head of the one
/// before it (size 0 and the empty root for the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    pub number: u64,
    pub prev_size: u64,
    pub prev_root: Hash,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("checkpoint body must end with a newline")]
    MissingFinalNewline,
    #[error("checkpoint body has {0} lines, expected exactly 3 (origin, size, root)")]
    WrongLineCount(usize),
    #[error("checkpoint origin is empty")]
    EmptyOrigin,
    #[error("checkpoint origin {0:?} contains a control character")]
    BadOrigin(String),
    #[error("checkpoint tree size {0:?} is not a decimal number without leading zeros")]
    BadSize(String),
    #[error("checkpoint root {0:?} is not the canonical base64 of 32 bytes")]
    BadRoot(String),
    #[error(
        "checkpoint extension line {0:?} is not `{CHAIN_LINE} <number> <previous size> <previous root>`"
    )]
    BadChain(String),
}

impl Checkpoint {
    /// The note text: `"<origin>\n<size>\n<base64 root>\n"`, then the chain line if any.
    pub fn body(&self) -> String {
        let mut body = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root.0)
        );
        if let Some(c) = &self.chain {
            body.push_str(&format!(
                "{CHAIN_LINE} {} {} {}\n",
                c.number,
                c.prev_size,
                STANDARD.encode(c.prev_root.0)
            ));
        }
        body
    }

    /// Checks that [`Checkpoint::body`] would be a well-formed checkpoint text, i.e. that the
    /// origin is non-empty and has no newline or other control character.
    pub fn validate(&self) -> Result<(), CheckpointError> {
        check_origin(&self.origin)
    }

    /// Parses a checkpoint text (the note text, without signatures).
    pub fn parse_body(body: &str) -> Result<Checkpoint, CheckpointError> {
        let content = body
            .strip_suffix('\n')
            .ok_or(CheckpointError::MissingFinalNewline)?;
        let lines: Vec<&str> = content.split('\n').collect();
        let (origin, size, root, chain) = match lines[..] {
            [origin, size, root] => (origin, size, root, None),
            [origin, size, root, chain] => (origin, size, root, Some(chain)),
            _ => return Err(CheckpointError::WrongLineCount(lines.len())),
        };
        check_origin(origin)?;
        let size = parse_size(size)?;
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root: parse_root(root)?,
            chain: chain.map(|line| parse_chain(line, size)).transpose()?,
        })
    }
}

fn check_origin(origin: &str) -> Result<(), CheckpointError> {
    if origin.is_empty() {
        return Err(CheckpointError::EmptyOrigin);
    }
    if origin.chars().any(char::is_control) {
        return Err(CheckpointError::BadOrigin(origin.to_owned()));
    }
    Ok(())
}

/// ASCII decimal, no sign, no leading zeros except "0" itself (tlog-checkpoint, line 2).
fn parse_size(s: &str) -> Result<u64, CheckpointError> {
    let bad = || CheckpointError::BadSize(s.to_owned());
    let digits_only = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || (s.len() > 1 && s.starts_with('0')) {
        return Err(bad());
    }
    s.parse().map_err(|_| bad())
}

/// `sunbid-chain <number ≥ 1> <previous size ≤ size> <previous root>`, nothing else.
fn parse_chain(line: &str, size: u64) -> Result<Chain, CheckpointError> {
    let bad = || CheckpointError::BadChain(line.to_owned());
    let fields: Vec<&str> = line.split(' ').collect();
    let [CHAIN_LINE, number, prev_size, prev_root] = fields[..] else {
        return Err(bad());
    };
    let chain = Chain {
        number: parse_size(number).map_err(|_| bad())?,
        prev_size: parse_size(prev_size).map_err(|_| bad())?,
        prev_root: parse_root(prev_root).map_err(|_| bad())?,
    };
    if chain.number == 0 || chain.prev_size > size {
        return Err(bad());
    }
    Ok(chain)
}

/// Standard base64 with padding, and it must re-encode to the same text: otherwise two
/// different texts would carry one root.
fn parse_root(s: &str) -> Result<Hash, CheckpointError> {
    let bad = || CheckpointError::BadRoot(s.to_owned());
    let bytes = STANDARD.decode(s).map_err(|_| bad())?;
    let hash = Hash::from_slice(&bytes).ok_or_else(bad)?;
    if STANDARD.encode(hash.0) != s {
        return Err(bad());
    }
    Ok(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Checkpoint {
        Checkpoint {
            origin: "sunbid.example/log".into(),
            size: 42,
            root: Hash([7; 32]),
            chain: None,
        }
    }

    fn chained() -> Checkpoint {
        Checkpoint {
            chain: Some(Chain {
                number: 3,
                prev_size: 40,
                prev_root: Hash([6; 32]),
            }),
            ..sample()
        }
    }

    #[test]
    fn chain_line_round_trips_and_is_strict() {
        let c = chained();
        let body = c.body();
        assert!(body.ends_with(&format!(
            "\n{CHAIN_LINE} 3 40 {}\n",
            STANDARD.encode([6u8; 32])
        )));
        assert_eq!(Checkpoint::parse_body(&body), Ok(c));
        let root = STANDARD.encode([1u8; 32]);
        for line in [
            format!("{CHAIN_LINE} 0 40 {root}"),  // numbers start at 1
            format!("{CHAIN_LINE} 03 40 {root}"), // leading zero
            format!("{CHAIN_LINE} 3 43 {root}"),  // previous larger than this one
            format!("{CHAIN_LINE} 3 40"),
            format!("{CHAIN_LINE} 3 40 {root} x"),
            format!("other-ext 3 40 {root}"),
            format!("{CHAIN_LINE}  3 40 {root}"),
        ] {
            let body = format!("o\n42\n{root}\n{line}\n");
            assert_eq!(
                Checkpoint::parse_body(&body),
                Err(CheckpointError::BadChain(line.clone())),
                "{line}"
            );
        }
    }

    #[test]
    fn body_layout() {
        let c = Checkpoint {
            origin: "o".into(),
            size: 0,
            root: Hash([0; 32]),
            chain: None,
        };
        assert_eq!(
            c.body(),
            "o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
        );
    }

    #[test]
    fn round_trip() {
        let c = sample();
        assert_eq!(Checkpoint::parse_body(&c.body()), Ok(c));
    }

    #[test]
    fn spec_example_body_parses() {
        // The example checkpoint text of c2sp.org/tlog-checkpoint.
        let body =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        let c = Checkpoint::parse_body(body).unwrap();
        assert_eq!(c.origin, "example.com/behind-the-sofa");
        assert_eq!(c.size, 20852163);
        assert_eq!(c.body(), body);
    }

    #[test]
    fn malformed_bodies() {
        let root = STANDARD.encode([1u8; 32]);
        let cases: Vec<(String, CheckpointError)> = vec![
            (
                format!("o\n1\n{root}"),
                CheckpointError::MissingFinalNewline,
            ),
            (
                format!("o\n1\n{root}\next\nmore\n"),
                CheckpointError::WrongLineCount(5),
            ),
            (
                format!("o\n1\n{root}\next\n"),
                CheckpointError::BadChain("ext".into()),
            ),
            ("o\n1\n".into(), CheckpointError::WrongLineCount(2)),
            (format!("\n1\n{root}\n"), CheckpointError::EmptyOrigin),
            (
                format!("o\t\n1\n{root}\n"),
                CheckpointError::BadOrigin("o\t".into()),
            ),
            (
                format!("o\n01\n{root}\n"),
                CheckpointError::BadSize("01".into()),
            ),
            (
                format!("o\n+1\n{root}\n"),
                CheckpointError::BadSize("+1".into()),
            ),
            (
                format!("o\n\n{root}\n"),
                CheckpointError::BadSize(String::new()),
            ),
            (
                format!("o\n18446744073709551616\n{root}\n"),
                CheckpointError::BadSize("18446744073709551616".into()),
            ),
            (
                "o\n1\nAAAA\n".into(),
                CheckpointError::BadRoot("AAAA".into()),
            ),
            (
                format!("o\n1\n{}\n", root.trim_end_matches('=')),
                CheckpointError::BadRoot(root.trim_end_matches('=').into()),
            ),
        ];
        for (body, want) in cases {
            assert_eq!(Checkpoint::parse_body(&body), Err(want), "{body:?}");
        }
    }

    #[test]
    fn non_canonical_base64_root_is_refused() {
        // Same 32 bytes except the unused low bits of the last base64 digit.
        let canonical = STANDARD.encode([0u8; 32]); // ends in "A="
        let sloppy = format!("{}B=", &canonical[..canonical.len() - 2]);
        assert!(Checkpoint::parse_body(&format!("o\n1\n{sloppy}\n")).is_err());
        assert!(Checkpoint::parse_body(&format!("o\n1\n{canonical}\n")).is_ok());
    }

    #[test]
    fn validate_origin() {
        assert_eq!(sample().validate(), Ok(()));
        let mut c = sample();
        c.origin = "a\nb".into();
        assert!(matches!(c.validate(), Err(CheckpointError::BadOrigin(_))));
        c.origin.clear();
        assert_eq!(c.validate(), Err(CheckpointError::EmptyOrigin));
    }
}
