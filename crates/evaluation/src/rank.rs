//! Ranking and ties (rules.md §3.7): the method's own order (score descending then price
//! ascending, or price ascending), then the documents' tie rule (a criterion's score), then a
//! recorded random draw: tied bids in ascending order of SHA-256(seed ‖ "|" ‖ bid id), which
//! anyone can recompute from the published seed.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::num::Ratio;
use crate::rules;
use crate::trace::Derivation;

/// One ordering key: higher first or lower first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Desc(Ratio),
    Asc(Ratio),
}

impl Key {
    fn cmp(&self, o: &Key) -> Ordering {
        match (self, o) {
            (Key::Desc(a), Key::Desc(b)) => b.cmp(a),
            (Key::Asc(a), Key::Asc(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// A bid to rank: its keys and its criterion scores (for a criterion tie rule).
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub keys: Vec<Key>,
    pub criteria: BTreeMap<String, Ratio>,
}

/// A tie rule after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tie {
    Criterion(String),
    Draw,
}

/// A bid's place. Bids still tied after every rule share a position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Ranked {
    pub position: u32,
    pub bid: String,
    /// The tie rule that settled this bid's place, if one was needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tie_broken_by: Option<String>,
    /// Bids still tied with this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tied_with: Vec<String>,
}

/// The ranking, the draw records and the groups left tied.
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    pub ranked: Vec<Ranked>,
    pub draws: Vec<Derivation>,
    pub unresolved: Vec<Vec<String>>,
}

fn cmp_keys(a: &[Key], b: &[Key]) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| x.cmp(y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// The draw order of tied bids: SHA-256(seed ‖ "|" ‖ id), ascending.
pub fn draw_hash(seed: &[u8], bid: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(seed);
    h.update(b"|");
    h.update(bid.as_bytes());
    h.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Rank `entries`; `seed` is the recorded draw seed (bytes), if any.
pub fn rank(mut entries: Vec<Entry>, ties: &[Tie], seed: Option<&[u8]>) -> Ranking {
    entries.sort_by(|a, b| cmp_keys(&a.keys, &b.keys).then_with(|| a.id.cmp(&b.id)));
    let mut out = Ranking::default();
    let mut i = 0;
    while i < entries.len() {
        let j = (i..entries.len())
            .find(|&j| cmp_keys(&entries[i].keys, &entries[j].keys).is_ne())
            .unwrap_or(entries.len());
        let group: Vec<&Entry> = entries[i..j].iter().collect();
        settle(group, ties, seed, &mut out, None);
        i = j;
    }
    out
}

/// Order one tied group by the remaining tie rules, appending to `out`.
fn settle(
    group: Vec<&Entry>,
    ties: &[Tie],
    seed: Option<&[u8]>,
    out: &mut Ranking,
    by: Option<String>,
) {
    let next_pos = |out: &Ranking| out.ranked.len() as u32 + 1;
    if group.len() == 1 {
        let pos = next_pos(out);
        out.ranked.push(Ranked {
            position: pos,
            bid: group[0].id.clone(),
            tie_broken_by: by,
            tied_with: vec![],
        });
        return;
    }
    match ties.split_first() {
        Some((Tie::Draw, _)) if seed.is_some() => {
            let seed = seed.unwrap_or_default();
            let mut drawn: Vec<(&Entry, [u8; 32])> =
                group.iter().map(|e| (*e, draw_hash(seed, &e.id))).collect();
            drawn.sort_by_key(|x| x.1);
            let mut d = Derivation::new(
                "tie broken by random draw",
                rules::TIE_DRAW,
                "ascending SHA-256(seed ‖ \"|\" ‖ bid id)",
            )
            .text(
                drawn
                    .iter()
                    .map(|x| x.0.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" > "),
            )
            .input("seed", hex(seed));
            for (e, h) in &drawn {
                d = d.input(format!("SHA-256 for {}", e.id), hex(h));
            }
            out.draws.push(d);
            for (e, _) in drawn {
                settle(vec![e], &[], None, out, Some("random draw".into()));
            }
        }
        Some((Tie::Criterion(c), rest)) => {
            let score = |e: &Entry| e.criteria.get(c).copied().unwrap_or(Ratio::ZERO);
            let mut g = group;
            g.sort_by_key(|e| std::cmp::Reverse(score(e)));
            let mut i = 0;
            while i < g.len() {
                let j = (i..g.len())
                    .find(|&j| score(g[j]) != score(g[i]))
                    .unwrap_or(g.len());
                let label = Some(format!("criterion {c}"));
                settle(g[i..j].to_vec(), rest, seed, out, label);
                i = j;
            }
        }
        _ => {
            let pos = next_pos(out);
            let ids: Vec<String> = group.iter().map(|e| e.id.clone()).collect();
            for e in &group {
                let others = ids.iter().filter(|x| **x != e.id).cloned().collect();
                out.ranked.push(Ranked {
                    position: pos,
                    bid: e.id.clone(),
                    tie_broken_by: None,
                    tied_with: others,
                });
            }
            out.unresolved.push(ids);
        }
    }
}

/// Who is next when candidates fall away (rank 1 gives up, cannot perform, …): the first
/// candidate in order not in `fallen` (条例 第55条; 87号令 第68条).
pub fn next_candidate<'a>(candidates: &'a [String], fallen: &[&str]) -> Option<&'a String> {
    candidates.iter().find(|c| !fallen.contains(&c.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: &str, score: i64, price: i64, tech: i64) -> Entry {
        Entry {
            id: id.into(),
            keys: vec![Key::Desc(Ratio::int(score)), Key::Asc(Ratio::int(price))],
            criteria: [("tech".to_owned(), Ratio::int(tech))].into(),
        }
    }

    #[test]
    fn score_then_price_then_criterion_then_draw() {
        let entries = vec![
            e("a", 90, 100, 5),
            e("b", 90, 95, 1),
            e("c", 95, 120, 0),
            e("d", 90, 100, 7),
            e("x", 90, 100, 7),
        ];
        let seed = b"0123456789abcdef";
        let r = rank(
            entries,
            &[Tie::Criterion("tech".into()), Tie::Draw],
            Some(seed),
        );
        let order: Vec<&str> = r.ranked.iter().map(|x| x.bid.as_str()).collect();
        let (first, second) = if draw_hash(seed, "d") < draw_hash(seed, "x") {
            ("d", "x")
        } else {
            ("x", "d")
        };
        assert_eq!(order, ["c", "b", first, second, "a"]);
        assert_eq!(r.ranked[2].tie_broken_by.as_deref(), Some("random draw"));
        assert_eq!(r.ranked[4].tie_broken_by.as_deref(), Some("criterion tech"));
        assert!(r.unresolved.is_empty());
        assert_eq!(r.draws.len(), 1);
    }

    #[test]
    fn without_seed_a_tie_stays_and_shares_the_position() {
        let r = rank(
            vec![e("a", 90, 100, 0), e("b", 90, 100, 0), e("c", 80, 1, 0)],
            &[Tie::Draw],
            None,
        );
        assert_eq!(r.ranked[0].position, 1);
        assert_eq!(r.ranked[1].position, 1);
        assert_eq!(r.ranked[2].position, 3);
        assert_eq!(r.unresolved, vec![vec!["a".to_owned(), "b".to_owned()]]);
    }

    #[test]
    fn next_candidate_skips_the_fallen() {
        let c = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(next_candidate(&c, &["a"]).map(String::as_str), Some("b"));
        assert_eq!(next_candidate(&c, &["a", "b", "c"]), None);
    }
}
